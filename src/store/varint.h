/*
 * varint.h - the integers of the store's packed values (balances,
 * document packs): LEB128 varints, signed ones zigzag-encoded, read
 * through a reader that remembers a value cut short or too long. Pure.
 */
#ifndef DUN_STORE_VARINT_H
#define DUN_STORE_VARINT_H

#include <stddef.h>
#include <stdint.h>

#include "core/sbuf.h"

void varint_put(struct sbuf *out, uint64_t v);
void varint_put_signed(struct sbuf *out, int64_t v);

struct varint_reader {
    const unsigned char *p, *end;
    int bad; /* set by any read past the end or of a malformed value */
};

uint64_t varint_get(struct varint_reader *r);
int64_t varint_get_signed(struct varint_reader *r);
/* A day number (a signed varint within int32_t). */
int32_t varint_get_day(struct varint_reader *r);
/* n bytes as they are, or NULL (bad set) if fewer remain. */
const unsigned char *varint_get_bytes(struct varint_reader *r, size_t n);

#endif
