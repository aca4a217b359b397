/*
 * doc_keys.c - buckets of invoice numbers and payment ids; see
 * doc_keys.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/doc_keys.h"

/* FNV-1a, then the finalizer of MurmurHash3: FNV-1a alone moves the
 * top bits little for a change in the last bytes (M's million invoice
 * numbers: at most 187 in a bucket without it, 90 with it). */
static uint64_t
hash_bytes(const char *key, size_t n)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)key[i];
        h *= UINT64_C(0x100000001b3);
    }
    h ^= h >> 33;
    h *= UINT64_C(0xff51afd7ed558ccd);
    h ^= h >> 33;
    h *= UINT64_C(0xc4ceb9fe1a85ec53);
    h ^= h >> 33;
    return h;
}

uint64_t
doc_key_hash(const char *key)
{
    return hash_bytes(key, strlen(key));
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

    sbuf_add(&b->text, s, n + 1); /* with its NUL */
    return at;
}

static void
add_entry(struct doc_key_bucket *b, const char *key, size_t klen,
          uint64_t hash, const char *customer, size_t clen)
{
    struct doc_key_entry *e;

    if (b->n == b->cap) {
        b->cap = b->cap ? b->cap * 2 : 8;
        b->e = xreallocarray(b->e, b->cap, sizeof(*b->e));
    }
    e = &b->e[b->n++];
    e->hash = (uint32_t)hash;
    e->key = add_text(b, key, klen);
    e->customer = add_text(b, customer, clen);
}

int
doc_key_decode(struct doc_key_bucket *b, const void *value, size_t len)
{
    const char *p = value, *end = p + len;

    while (p < end) {
        const char *key = p, *kz = memchr(p, '\0', (size_t)(end - p)), *cz;

        if (kz == NULL || kz == key ||
            (cz = memchr(kz + 1, '\0', (size_t)(end - kz - 1))) == NULL)
            return -1;
        add_entry(b, key, (size_t)(kz - key), doc_key_hash(key), kz + 1,
                  (size_t)(cz - kz - 1));
        p = cz + 1;
    }
    return 0;
}

void
doc_key_encode(const struct doc_key_bucket *b, struct sbuf *out)
{
    sbuf_reset(out);
    for (size_t i = 0; i < b->n; i++) {
        const char *key = b->text.buf + b->e[i].key;
        const char *cust = b->text.buf + b->e[i].customer;

        sbuf_add(out, key, strlen(key) + 1);
        sbuf_add(out, cust, strlen(cust) + 1);
    }
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
