/*
 * fuzz_input.h - what fuzz targets do alike with their input: read it
 * from a copy of exactly its size, and check that encoding what was
 * decoded is a fixed point. Header-only: each target is one program.
 */
#ifndef DUN_FUZZ_INPUT_H
#define DUN_FUZZ_INPUT_H

#include <stdlib.h>
#include <string.h>

#include "core/sbuf.h"

/* size bytes of data in a block of that size, so that ASan sees any
 * read past the input; the caller frees it. */
static inline void *
fuzz_copy(const void *data, size_t size)
{
    void *copy = malloc(size ? size : 1);

    if (copy == NULL)
        abort();
    memcpy(copy, data, size);
    return copy;
}

/* Aborts unless the two encodings are the same bytes. */
static inline void
fuzz_same_bytes(const struct sbuf *a, const struct sbuf *b)
{
    if (a->len != b->len || memcmp(a->buf, b->buf, a->len) != 0)
        abort();
}

#endif
