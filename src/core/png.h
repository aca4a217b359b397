/*
 * png.h - what a PNG file says of itself: that it is one, whole, and its
 * size in pixels. Enough to keep a logo that will draw, not a decoder.
 *
 * Pure: no I/O. Thread-safe: no state.
 */
#ifndef DUN_CORE_PNG_H
#define DUN_CORE_PNG_H

#include <stddef.h>
#include <stdint.h>

struct png_info {
    uint32_t width, height; /* pixels, 1 to 2^31 - 1 */
    int bit_depth, color_type;
};

/* Check p[0..n) as a PNG file (ISO/IEC 15948, the PNG specification):
 * the signature, IHDR first with a legal size, bit depth and colour
 * type, then chunks each whole with a matching CRC-32, at least one
 * IDAT, ending with IEND and nothing after it. 0 and *out filled, or -1
 * with *why a static phrase ("not a PNG file (no PNG signature)"). */
int png_inspect(const void *p, size_t n, struct png_info *out,
                const char **why);

#endif
