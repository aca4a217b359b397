/*
 * value.h - a small tree of values (null, bool, number, string, list, map)
 * that templates render from: the data of one letter or e-mail.
 *
 * Pure: no I/O. Every node, string and key lives in a caller's arena and is
 * freed with it (arena_reset / arena_release); nothing is freed alone.
 * Builders abort on out-of-memory (arena_alloc); input-fed trees are capped
 * by their reader (see json.h).
 *
 * Fields are public so that readers (mustache.c, tests) can walk a tree;
 * change a tree only through the functions below. A tree is not
 * thread-safe while it is being built; once built, any number of threads
 * may read it.
 */
#ifndef DUN_RENDER_VALUE_H
#define DUN_RENDER_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"

enum value_type {
    VALUE_NULL,
    VALUE_BOOL,
    VALUE_NUMBER, /* kept as its source text, so output is exact */
    VALUE_STRING,
    VALUE_LIST,
    VALUE_MAP,
};

struct value;

struct value_member {
    /* NUL-terminated: a copy, or a literal (value_map_set_lit); may
     * also hold NULs, see keylen */
    const char *key;
    size_t keylen;
    struct value *value;
};

struct value {
    enum value_type type;
    union {
        bool boolean;
        /* VALUE_STRING bytes (any, NUL included) or VALUE_NUMBER text;
         * ptr is a NUL-terminated copy, len excludes that NUL. */
        struct {
            const char *ptr;
            size_t len;
        } text;
        struct {
            struct value **items;
            size_t len, cap;
            struct arena *arena; /* where the item array grows */
        } list;
        struct {
            struct value_member *members; /* in insertion order */
            size_t len, cap;
            /* Hash index into members (slot = member index + 1, 0 empty),
             * built once the map outgrows a linear scan. */
            uint32_t *slots;
            size_t nslots;
            struct arena *arena;
        } map;
    } u;
};

/* Constructors: a new node in arena a (never NULL; aborts on OOM). */
struct value *value_null(struct arena *a);
struct value *value_bool(struct arena *a, bool b);
/* A number given as its text, e.g. "1.50" or "-3": the caller vouches
 * that it is a number; renderers print it verbatim. The text is copied. */
struct value *value_number_text(struct arena *a, const char *text, size_t len);
/* A string of len bytes (copied; may contain NUL bytes). */
struct value *value_str(struct arena *a, const char *s, size_t len);
/* A string from a NUL-terminated s (copied). */
struct value *value_strz(struct arena *a, const char *s);

/* An empty list or map whose storage grows in arena a. */
struct value *value_list_new(struct arena *a);
struct value *value_map_new(struct arena *a);
/* An empty map with room for cap keys before it grows (a map built with
 * a known number of keys, many times over: a letter's invoice rows). */
struct value *value_map_new_cap(struct arena *a, size_t cap);

/* Append item to list. item is not copied: it must live as long as list
 * (same arena, or one released later). */
void value_list_push(struct value *list, struct value *item);

/* Set map[key] = v: replaces the value of an existing key in place (its
 * position is kept), else appends. The key is copied; v is not (as for
 * value_list_push). value_map_set takes a NUL-terminated key. */
void value_map_set(struct value *map, const char *key, struct value *v);
void value_map_setn(struct value *map, const char *key, size_t keylen,
                    struct value *v);
/* The same without copying the key, which must outlive the map: a string
 * literal, as value_map_set_lit takes it (building a message's data sets
 * a few hundred keys, each copied otherwise). */
void value_map_setn_static(struct value *map, const char *key, size_t keylen,
                           struct value *v);
#define value_map_set_lit(map, key, v) \
    value_map_setn_static((map), "" key "", sizeof(key) - 1, (v))
/* A map of n members in this order, built at once: keys[i] (each a
 * string literal of lens[i] bytes, all different: they are not checked)
 * holding values[i]. */
struct value *value_map_of_lits(struct arena *a, const char *const keys[],
                                const size_t lens[],
                                struct value *const values[], size_t n);

/* The value under key, or NULL if map has no such key or is not a map.
 * The result is borrowed from the tree. */
struct value *value_map_get(const struct value *map, const char *key,
                            size_t keylen);

/* The same, for a caller that looks the same key up often (a compiled
 * template's names): hash is value_key_hash(key, keylen), computed once. */
uint32_t value_key_hash(const char *key, size_t keylen);
struct value *value_map_get_hashed(const struct value *map, const char *key,
                                   size_t keylen, uint32_t hash);

/* The string under key (NUL-terminated), or NULL if map is NULL, not a
 * map, has no such key or holds something else there. */
const char *value_map_text(const struct value *map, const char *key);

#endif
