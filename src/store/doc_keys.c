/*
 * doc_keys.c - buckets of invoice numbers and payment ids; see
 * doc_keys.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/fnv.h"
#include "core/sort.h"
#include "core/xalloc.h"
#include "store/doc_keys.h"
#include "store/varint.h"

/* The finalizer of MurmurHash3: every bit of h moves every bit out. */
static uint64_t
fmix64(uint64_t h)
{
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

/* FNV-1a, then fmix64: FNV-1a alone moves the top bits little for a
 * change in the last bytes (M's million invoice numbers: at most 187 in
 * a bucket without it, 90 with it). Buckets are stored by it: it must
 * never change. */
static uint64_t
hash_bytes(const char *key, size_t n)
{
    return fmix64(fnv1a64(key, n));
}

/* Never stored, so free to be fast: eight bytes at a step (an import
 * hashes every number, id and text of every pack it writes). */
uint64_t
doc_key_hash(const char *key)
{
    size_t n = strlen(key);
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ n, w;

    for (; n >= 8; key += 8, n -= 8) {
        memcpy(&w, key, 8);
        h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
        h ^= h >> 29;
    }
    w = 0;
    memcpy(&w, key, n);
    return fmix64(h ^ w);
}

uint32_t
doc_key_bucket_index(const char *key)
{
    size_t n = strlen(key);

    return (uint32_t)(hash_bytes(key, n > 2 ? n - 2 : n) >>
                      (64 - DOC_KEY_BUCKET_BITS));
}

static uint32_t
add_text(struct doc_key_bucket *b, const char *s, size_t n)
{
    uint32_t at = (uint32_t)b->text.len;

    sbuf_add(&b->text, s, n);
    sbuf_addch(&b->text, '\0'); /* s need not end in one */
    return at;
}

/* The customer's text: the entry before's when it is the same customer
 * (numbers in sequence are mostly one customer's), else a copy. A
 * quarter of a bucket's bytes in memory, and of a cache's evictions. */
static uint32_t
customer_text(struct doc_key_bucket *b, const char *customer, size_t clen)
{
    if (b->n > 0) {
        uint32_t at = b->e[b->n - 1].customer;
        const char *last = b->text.buf + at;

        if (strncmp(last, customer, clen) == 0 && last[clen] == '\0')
            return at;
    }
    return add_text(b, customer, clen);
}

/* An entry whose customer's text is at offset customer. */
static void
add_entry_at(struct doc_key_bucket *b, const char *key, size_t klen,
             uint64_t hash, uint32_t customer)
{
    struct doc_key_entry *e;

    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->e = xreallocarray(b->e, b->cap, sizeof(*b->e));
    }
    e = &b->e[b->n++];
    e->hash = (uint32_t)hash;
    e->key = add_text(b, key, klen);
    e->customer = customer;
}

static void
add_entry(struct doc_key_bucket *b, const char *key, size_t klen,
          uint64_t hash, const char *customer, size_t clen)
{
    add_entry_at(b, key, klen, hash, customer_text(b, customer, clen));
}

/*
 * Version 2 (the bytes 0 and 2, which no version 1 value starts with: a
 * key is never empty) writes a varint count, then the entries in key
 * order: each key by the prefix it shares with the one before
 * (varint_put_key), each customer as a varint v: v odd, the customer at
 * index v >> 1 of those written out so far; v even, v >> 1 bytes of a
 * customer written out. Keys in a bucket share all but their last bytes, and a hundred
 * numbers in sequence are mostly one customer's: a fifth of version 1.
 */
/* How many customers written out the encoder looks back at. */
#define CUSTOMER_LOOKBACK 16

static int
decode_v1(struct doc_key_bucket *b, const char *p, const char *end)
{
    while (p < end) {
        const char *key = p, *kz = memchr(p, '\0', (size_t)(end - p)), *cz;

        if (kz == NULL || kz == key ||
            (cz = memchr(kz + 1, '\0', (size_t)(end - kz - 1))) == NULL ||
            cz == kz + 1)
            return -1;
        add_entry(b, key, (size_t)(kz - key), doc_key_hash(key), kz + 1,
                  (size_t)(cz - kz - 1));
        p = cz + 1;
    }
    return 0;
}

/* Bytes of a string written out: none NUL, at least one. */
static const unsigned char *
get_literal(struct varint_reader *r, uint64_t n)
{
    if (r->bad || n == 0 || n > (uint64_t)(r->end - r->p) ||
        memchr(r->p, '\0', (size_t)n) != NULL) {
        r->bad = 1;
        return NULL;
    }
    return varint_get_bytes(r, (size_t)n);
}

static int
decode_v2(struct doc_key_bucket *b, const unsigned char *p, size_t len)
{
    struct varint_reader r = { p, p + len, 0 };
    struct sbuf key = SBUF_INIT;
    uint32_t *cust = NULL; /* each customer written out: its text */
    size_t ncust = 0;
    uint64_t n = varint_get(&r);
    int rc = -1;

    /* Each entry takes at least 3 bytes (a key the same as the one
     * before, a customer written before): a count past that is not
     * believed before it is allocated. */
    if (r.bad || n > len / 3)
        return -1;
    cust = xreallocarray(NULL, n ? n : 1, sizeof(*cust));
    for (uint64_t i = 0; i < n; i++) {
        size_t shared, rest;
        const unsigned char *s = varint_get_key(&r, key.len, &shared, &rest);
        uint64_t v;

        if (s == NULL)
            goto out;
        key.len = shared;
        sbuf_add(&key, s, rest);
        v = varint_get(&r);
        if (r.bad)
            goto out;
        if (v & 1) {
            if ((v >> 1) >= ncust)
                goto out;
            v >>= 1;
        } else {
            if ((s = get_literal(&r, v >> 1)) == NULL)
                goto out;
            cust[ncust] = customer_text(b, (const char *)s,
                                        (size_t)(v >> 1));
            v = ncust++;
        }
        add_entry_at(b, key.buf, key.len, doc_key_hash(key.buf), cust[v]);
    }
    rc = r.p == r.end ? 0 : -1;
out:
    sbuf_release(&key);
    free(cust);
    return rc;
}

int
doc_key_decode(struct doc_key_bucket *b, const void *value, size_t len)
{
    const unsigned char *p = value;

    if (len >= 1 && p[0] == 0)
        return len >= 2 && p[1] == 2 ? decode_v2(b, p + 2, len - 2) : -1;
    return decode_v1(b, value, (const char *)value + len);
}

/* For the encoder's sort: entries by key, then as they were (a damaged
 * version 1 value may hold a key twice: the first stays first). */
struct by_key {
    const char *key, *customer;
    size_t i;
};

static int
cmp_by_key(const void *pa, const void *pb)
{
    const struct by_key *a = pa, *b = pb;
    int c = strcmp(a->key, b->key);

    return c ? c : (a->i > b->i) - (a->i < b->i);
}

void
doc_key_encode(const struct doc_key_bucket *b, struct sbuf *out)
{
    struct by_key *v = xreallocarray(NULL, b->n ? b->n : 1, sizeof(*v));
    const char *prev = "";
    const char *recent[CUSTOMER_LOOKBACK]; /* customers written out, */
    size_t at[CUSTOMER_LOOKBACK];          /* with their indexes */
    size_t nrecent = 0, ncust = 0;

    for (size_t i = 0; i < b->n; i++) {
        v[i].key = b->text.buf + b->e[i].key;
        v[i].customer = b->text.buf + b->e[i].customer;
        v[i].i = i;
    }
    sort_array(v, b->n, sizeof(*v), cmp_by_key);
    sbuf_reset(out);
    sbuf_addch(out, 0);
    sbuf_addch(out, 2);
    varint_put(out, b->n);
    for (size_t i = 0; i < b->n; i++) {
        size_t k, n;

        varint_put_key(out, v[i].key, prev);
        prev = v[i].key;
        for (k = 0; k < nrecent; k++)
            if (recent[k] == v[i].customer || /* one text, most often */
                strcmp(recent[k], v[i].customer) == 0)
                break;
        if (k < nrecent) {
            varint_put(out, (uint64_t)at[k] << 1 | 1);
            continue;
        }
        n = strlen(v[i].customer);
        varint_put(out, (uint64_t)n << 1);
        sbuf_add(out, v[i].customer, n);
        k = ncust % CUSTOMER_LOOKBACK;
        recent[k] = v[i].customer;
        at[k] = ncust++;
        if (nrecent < CUSTOMER_LOOKBACK)
            nrecent++;
    }
    free(v);
}

static struct doc_key_entry *
find(const struct doc_key_bucket *b, const char *key, uint64_t hash)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->e[i].hash == (uint32_t)hash &&
            strcmp(b->text.buf + b->e[i].key, key) == 0)
            return &b->e[i];
    return NULL;
}

const char *
doc_key_find(const struct doc_key_bucket *b, const char *key, uint64_t hash)
{
    const struct doc_key_entry *e = find(b, key, hash);

    return e ? b->text.buf + e->customer : NULL;
}

void
doc_key_set(struct doc_key_bucket *b, const char *key, uint64_t hash,
            const char *customer)
{
    struct doc_key_entry *e = find(b, key, hash);

    b->dirty = 1;
    if (e == NULL) {
        add_entry(b, key, strlen(key), hash, customer, strlen(customer));
        return;
    }
    if (strcmp(b->text.buf + e->customer, customer) != 0)
        e->customer = add_text(b, customer, strlen(customer));
}

int
doc_key_claim(struct doc_key_bucket *b, const char *key, uint64_t hash,
              const char *customer)
{
    if (find(b, key, hash) != NULL)
        return 0;
    add_entry(b, key, strlen(key), hash, customer, strlen(customer));
    b->dirty = 1;
    return 1;
}

size_t
doc_key_bucket_size(const struct doc_key_bucket *b)
{
    return sizeof(*b) + b->cap * sizeof(*b->e) + b->text.cap;
}

void
doc_key_bucket_release(struct doc_key_bucket *b)
{
    free(b->e);
    sbuf_release(&b->text);
    memset(b, 0, sizeof(*b));
}
