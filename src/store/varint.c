/*
 * varint.c - the store's packed integers; see varint.h.
 */
#include <string.h>

#include "store/varint.h"

void
varint_put_grow(struct sbuf *out, uint64_t v)
{
    unsigned char b[LEB128_MAX];

    sbuf_add(out, b, (size_t)(leb128_put(b, v) - b));
}

void
varint_put_signed(struct sbuf *out, int64_t v)
{
    varint_put(out, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

uint64_t
varint_get(struct varint_reader *r)
{
    uint64_t v;

    if (leb128_get(&r->p, r->end, &v) == 0)
        return v;
    r->bad = 1;
    return 0;
}

int64_t
varint_get_signed(struct varint_reader *r)
{
    uint64_t v = varint_get(r);

    return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

int32_t
varint_get_day(struct varint_reader *r)
{
    int64_t v = varint_get_signed(r);

    if (v < INT32_MIN || v > INT32_MAX)
        r->bad = 1;
    return (int32_t)v;
}

int32_t
varint_get_day_from(struct varint_reader *r, int32_t base)
{
    int64_t step = varint_get_signed(r);

    if (step > (int64_t)INT32_MAX - base ||
        step < (int64_t)INT32_MIN - base) {
        r->bad = 1;
        return 0;
    }
    return (int32_t)(base + step);
}

const unsigned char *
varint_get_bytes(struct varint_reader *r, size_t n)
{
    const unsigned char *p = r->p;

    if ((size_t)(r->end - r->p) < n) {
        r->bad = 1;
        return NULL;
    }
    r->p += n;
    return p;
}

size_t
varint_put_key(struct sbuf *out, const char *key, const char *prev)
{
    size_t shared = 0, n;

    while (shared < VARINT_KEY_SHARED_MAX && prev[shared] &&
           prev[shared] == key[shared])
        shared++;
    n = strlen(key + shared);
    varint_put(out, shared);
    varint_put(out, n);
    sbuf_add(out, key + shared, n);
    return shared + n;
}

const unsigned char *
varint_get_key(struct varint_reader *r, size_t prev_len, size_t *shared,
               size_t *n)
{
    uint64_t s = varint_get(r), len = varint_get(r);
    const unsigned char *rest;

    *shared = 0;
    *n = 0;
    if (r->bad || s > VARINT_KEY_SHARED_MAX || s > prev_len ||
        s + len == 0 || len > (uint64_t)(r->end - r->p) ||
        memchr(r->p, '\0', (size_t)len) != NULL) {
        r->bad = 1;
        return NULL;
    }
    rest = varint_get_bytes(r, (size_t)len);
    *shared = (size_t)s;
    *n = (size_t)len;
    return rest;
}
