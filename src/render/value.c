/*
 * value.c - the value tree templates render from. Pure: no I/O.
 *
 * Maps keep insertion order (a letter's data reads in the order it was
 * built) and are scanned linearly while small, which is what templates see;
 * past MAP_LINEAR_MAX keys an open-addressing hash index takes over, so
 * that a JSON object with many keys does not make parsing quadratic. 16:
 * a letter's invoice row (16 keys) is built in every message, and a scan
 * of its keys, mostly told apart by length, costs less than building
 * and probing an index (2% fewer instructions in a full run than at 8).
 */
#include <assert.h>
#include <string.h>

#include "render/value.h"

#define MAP_LINEAR_MAX 16
#define NOT_FOUND ((size_t)-1)

static struct value *
value_new(struct arena *a, enum value_type type)
{
    struct value *v = arena_alloc(a, sizeof(*v));

    memset(v, 0, sizeof(*v));
    v->type = type;
    return v;
}

struct value *
value_null(struct arena *a)
{
    return value_new(a, VALUE_NULL);
}

struct value *
value_bool(struct arena *a, bool b)
{
    struct value *v = value_new(a, VALUE_BOOL);

    v->u.boolean = b;
    return v;
}

/* A string or number: the node and its bytes in one piece of the arena
 * (a message's data makes a few hundred). */
static struct value *
value_text(struct arena *a, enum value_type type, const char *s, size_t len)
{
    struct value *v;
    char *text;

    assert(len < SIZE_MAX - sizeof(*v) - 1);
    v = arena_alloc(a, sizeof(*v) + len + 1);
    text = (char *)(v + 1);
    if (len)
        memcpy(text, s, len);
    text[len] = '\0';
    v->type = type;
    v->u.text.ptr = text;
    v->u.text.len = len;
    return v;
}

struct value *
value_number_text(struct arena *a, const char *text, size_t len)
{
    return value_text(a, VALUE_NUMBER, text, len);
}

struct value *
value_str(struct arena *a, const char *s, size_t len)
{
    return value_text(a, VALUE_STRING, s, len);
}

struct value *
value_strz(struct arena *a, const char *s)
{
    return value_text(a, VALUE_STRING, s, strlen(s));
}

struct value *
value_list_new(struct arena *a)
{
    struct value *v = value_new(a, VALUE_LIST);

    v->u.list.arena = a;
    return v;
}

struct value *
value_map_new(struct arena *a)
{
    struct value *v = value_new(a, VALUE_MAP);

    v->u.map.arena = a;
    return v;
}

struct value *
value_map_new_cap(struct arena *a, size_t cap)
{
    struct value *v = value_map_new(a);

    if (cap > 0) {
        assert(cap <= SIZE_MAX / sizeof(*v->u.map.members));
        v->u.map.members = arena_alloc(a, cap * sizeof(*v->u.map.members));
        v->u.map.cap = cap;
    }
    return v;
}

/* A copy of old (n elements of size bytes) with room for twice as many.
 * The old array stays in the arena until it is reset: growth by doubling
 * keeps that waste below the live size. */
static void *
grow_array(struct arena *a, const void *old, size_t n, size_t *cap, size_t size)
{
    size_t newcap = *cap ? *cap * 2 : 4;
    void *p;

    assert(newcap > *cap && newcap <= SIZE_MAX / size);
    p = arena_alloc(a, newcap * size);
    if (n)
        memcpy(p, old, n * size);
    *cap = newcap;
    return p;
}

void
value_list_push(struct value *list, struct value *item)
{
    assert(list->type == VALUE_LIST && item != NULL);
    if (list->u.list.len == list->u.list.cap)
        list->u.list.items =
            grow_array(list->u.list.arena, list->u.list.items, list->u.list.len,
                       &list->u.list.cap, sizeof(*list->u.list.items));
    list->u.list.items[list->u.list.len++] = item;
}

/* FNV-1a: short keys, no adversary worth a keyed hash (JSON input is
 * size-capped by its reader). */
static uint32_t
hash_key(const char *key, size_t len)
{
    uint32_t h = 2166136261u;

    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
}

/* The last byte first: keys of a length often share their start
 * ("issue_date_fmt", "issue_date_short") and rarely their end, and a
 * byte compared here spares the call to memcmp. */
static bool
key_equal(const struct value_member *m, const char *key, size_t len)
{
    return m->keylen == len &&
           (len == 0 || (m->key[len - 1] == key[len - 1] &&
                         memcmp(m->key, key, len - 1) == 0));
}

/* Index of key's member, or NOT_FOUND. hash: key's, or 0 to compute it
 * when the map needs it (a hashed key of 0 is then computed again). */
static size_t
map_find_hashed(const struct value *map, const char *key, size_t len,
                uint32_t hash)
{
    const struct value_member *members = map->u.map.members;

    if (map->u.map.slots == NULL) {
        for (size_t i = 0; i < map->u.map.len; i++)
            if (key_equal(&members[i], key, len))
                return i;
        return NOT_FOUND;
    }
    size_t mask = map->u.map.nslots - 1;
    for (size_t s = (hash ? hash : hash_key(key, len)) & mask;;
         s = (s + 1) & mask) {
        uint32_t slot = map->u.map.slots[s];

        if (slot == 0)
            return NOT_FOUND;
        if (key_equal(&members[slot - 1], key, len))
            return slot - 1;
    }
}

static size_t
map_find(const struct value *map, const char *key, size_t len)
{
    return map_find_hashed(map, key, len, 0);
}

static void
slot_insert(struct value *map, size_t index)
{
    const struct value_member *m = &map->u.map.members[index];
    size_t mask = map->u.map.nslots - 1;
    size_t s = hash_key(m->key, m->keylen) & mask;

    while (map->u.map.slots[s] != 0)
        s = (s + 1) & mask;
    map->u.map.slots[s] = (uint32_t)(index + 1);
}

/* A fresh index at most a quarter full, so probes stay short until the
 * next rebuild at half full. */
static void
slots_rebuild(struct value *map)
{
    size_t n = 16;

    while (n < map->u.map.len * 4)
        n *= 2;
    map->u.map.slots = arena_alloc(map->u.map.arena, n * sizeof(uint32_t));
    memset(map->u.map.slots, 0, n * sizeof(uint32_t));
    map->u.map.nslots = n;
    for (size_t i = 0; i < map->u.map.len; i++)
        slot_insert(map, i);
}

/* value_map_setn, the key copied into the map's arena or (copy 0) kept
 * as the caller's pointer. */
static void
map_put(struct value *map, const char *key, size_t keylen, struct value *v,
        bool copy)
{
    struct value_member *m;
    size_t i;

    assert(map->type == VALUE_MAP && v != NULL);
    i = map_find(map, key, keylen);
    if (i != NOT_FOUND) {
        map->u.map.members[i].value = v;
        return;
    }
    assert(map->u.map.len < UINT32_MAX - 1); /* slots hold index + 1 */
    if (map->u.map.len == map->u.map.cap)
        map->u.map.members =
            grow_array(map->u.map.arena, map->u.map.members, map->u.map.len,
                       &map->u.map.cap, sizeof(*map->u.map.members));
    i = map->u.map.len++;
    m = &map->u.map.members[i];
    m->key = copy ? arena_strndup(map->u.map.arena, key, keylen) : key;
    m->keylen = keylen;
    m->value = v;
    if (map->u.map.len <= MAP_LINEAR_MAX)
        return;
    if (map->u.map.slots == NULL || map->u.map.len * 2 > map->u.map.nslots)
        slots_rebuild(map);
    else
        slot_insert(map, i);
}

struct value *
value_map_of_lits(struct arena *a, const char *const keys[],
                  const size_t lens[], struct value *const values[], size_t n)
{
    struct value *map = value_map_new_cap(a, n);

    for (size_t i = 0; i < n; i++) {
        struct value_member *m = &map->u.map.members[i];

        assert(values[i] != NULL);
        m->key = keys[i];
        m->keylen = lens[i];
        m->value = values[i];
    }
    map->u.map.len = n;
    if (n > MAP_LINEAR_MAX)
        slots_rebuild(map);
    return map;
}

void
value_map_setn(struct value *map, const char *key, size_t keylen,
               struct value *v)
{
    map_put(map, key, keylen, v, true);
}

void
value_map_setn_static(struct value *map, const char *key, size_t keylen,
                      struct value *v)
{
    map_put(map, key, keylen, v, false);
}

void
value_map_set(struct value *map, const char *key, struct value *v)
{
    value_map_setn(map, key, strlen(key), v);
}

struct value *
value_map_get(const struct value *map, const char *key, size_t keylen)
{
    size_t i;

    if (map == NULL || map->type != VALUE_MAP)
        return NULL;
    i = map_find(map, key, keylen);
    return i == NOT_FOUND ? NULL : map->u.map.members[i].value;
}

uint32_t
value_key_hash(const char *key, size_t keylen)
{
    return hash_key(key, keylen);
}

struct value *
value_map_get_hashed(const struct value *map, const char *key, size_t keylen,
                     uint32_t hash)
{
    size_t i;

    if (map == NULL || map->type != VALUE_MAP)
        return NULL;
    i = map_find_hashed(map, key, keylen, hash);
    return i == NOT_FOUND ? NULL : map->u.map.members[i].value;
}

const char *
value_map_text(const struct value *map, const char *key)
{
    const struct value *v = map && map->type == VALUE_MAP
                                ? value_map_get(map, key, strlen(key))
                                : NULL;

    return v && v->type == VALUE_STRING ? v->u.text.ptr : NULL;
}
