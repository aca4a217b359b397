/*
 * varint.h - the integers of the store's packed values (balances,
 * document packs): LEB128 varints, signed ones zigzag-encoded, read
 * through a reader that remembers a value cut short or too long. Pure.
 */
#ifndef DUN_STORE_VARINT_H
#define DUN_STORE_VARINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/leb128.h"
#include "core/sbuf.h"

void varint_put_grow(struct sbuf *out, uint64_t v);
/* v as 1 to 10 bytes. Inline when they fit (a pack of M's largest
 * customers writes a few million): else varint_put_grow. */
static inline void
varint_put(struct sbuf *out, uint64_t v)
{
    unsigned char *p;

    if (out->cap - out->len <= LEB128_MAX || out->max != 0) {
        varint_put_grow(out, v);
        return;
    }
    p = leb128_put((unsigned char *)out->buf + out->len, v);
    *p = '\0';
    out->len = (size_t)((char *)p - out->buf);
}
void varint_put_signed(struct sbuf *out, int64_t v);

struct varint_reader {
    const unsigned char *p, *end;
    int bad; /* set by any read past the end or of a malformed value */
};

uint64_t varint_get(struct varint_reader *r);
int64_t varint_get_signed(struct varint_reader *r);
/* A day number (a signed varint within int32_t). */
int32_t varint_get_day(struct varint_reader *r);
/* A day written as a signed step from base: base plus the step, which
 * must land within int32_t (else 0, bad set). */
int32_t varint_get_day_from(struct varint_reader *r, int32_t base);
/* n bytes as they are, or NULL (bad set) if fewer remain. */
const unsigned char *varint_get_bytes(struct varint_reader *r, size_t n);

/*
 * Keys written in order (invoice numbers, payment ids), each by what it
 * shares with the one before: the length of their common prefix, at
 * most VARINT_KEY_SHARED_MAX, then the rest as a length and its bytes.
 * Numbers issued in sequence share all but their last bytes. A key is
 * never empty and holds no NUL.
 */
#define VARINT_KEY_SHARED_MAX 255

/* key after prev ("" for the first); returns strlen(key). */
size_t varint_put_key(struct sbuf *out, const char *key, const char *prev);
/* The key written after one of prev_len bytes: the first *shared bytes
 * of that one, then the *n bytes returned. NULL (bad set) when the
 * prefix is longer than it or the limit, the rest is cut short or holds
 * a NUL, or the key would be empty. */
const unsigned char *varint_get_key(struct varint_reader *r, size_t prev_len,
                                    size_t *shared, size_t *n);

#endif
