/*
 * leb128.h - unsigned LEB128 varints in a laid-out buffer: seven bits a
 * byte, low bits first, the top bit set on all bytes but the last. The
 * store's packed values (store/varint.h, through an sbuf) and the import's
 * spilled rows (io/row_groups.c) write and read them alike. Pure.
 */
#ifndef DUN_CORE_LEB128_H
#define DUN_CORE_LEB128_H

#include <stddef.h>
#include <stdint.h>

/* The most bytes a value takes. */
#define LEB128_MAX 10

/* How many bytes v takes: 1 to LEB128_MAX. */
static inline size_t
leb128_size(uint64_t v)
{
    size_t n = 1;

    while (v >= 0x80) {
        v >>= 7;
        n++;
    }
    return n;
}

/* Write v at p, which has room for leb128_size(v) bytes: the byte after. */
static inline unsigned char *
leb128_put(unsigned char *p, uint64_t v)
{
    while (v >= 0x80) {
        *p++ = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    *p++ = (unsigned char)v;
    return p;
}

/*
 * Read a value from *p, not past end, into *v and move *p past it: 0, or
 * -1 (*p and *v unchanged) when it runs past end or holds more than 64
 * bits (a tenth byte with more than bit 63; an eleventh).
 */
static inline int
leb128_get(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
    const unsigned char *q = *p;
    uint64_t x = 0;

    for (unsigned shift = 0; shift < 64 && q < end; shift += 7) {
        unsigned char b = *q++;

        if (shift == 63 && (b & 0x7e))
            return -1;
        x |= (uint64_t)(b & 0x7f) << shift;
        if (!(b & 0x80)) {
            *p = q;
            *v = x;
            return 0;
        }
    }
    return -1;
}

#endif
