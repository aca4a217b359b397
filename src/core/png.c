/*
 * png.c - the structure of a PNG file; see png.h.
 *
 * Pure: no I/O. Reads only the chunk framing and IHDR; image data is
 * not decompressed (the renderer's PNG reader does that).
 */
#include <string.h>

#include "core/png.h"

static const unsigned char signature[8] = { 0x89, 'P', 'N', 'G',
                                            '\r', '\n', 0x1a, '\n' };

static uint32_t
be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
           (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* CRC-32 of ISO 3309 as the PNG specification (Annex D) uses it, over
 * the chunk's type and data; a bit at a time: a logo is at most a few
 * hundred kilobytes, read once when it is set. */
static uint32_t
crc32(const unsigned char *p, size_t n)
{
    uint32_t c = 0xffffffffu;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
    }
    return c ^ 0xffffffffu;
}

static int
fail(const char **why, const char *phrase)
{
    *why = phrase;
    return -1;
}

/* The bit depths each colour type allows (PNG specification, 11.2.2). */
static int
depth_allowed(int color_type, int depth)
{
    switch (color_type) {
    case 0: /* greyscale */
        return depth == 1 || depth == 2 || depth == 4 || depth == 8 ||
               depth == 16;
    case 3: /* palette */
        return depth == 1 || depth == 2 || depth == 4 || depth == 8;
    case 2: /* truecolour */
    case 4: /* greyscale with alpha */
    case 6: /* truecolour with alpha */
        return depth == 8 || depth == 16;
    default:
        return 0;
    }
}

int
png_inspect(const void *data, size_t n, struct png_info *out,
            const char **why)
{
    const unsigned char *p = data;
    struct png_info info;
    size_t off = 8;
    int idat = 0, chunks = 0;

    if (n < 8 || memcmp(p, signature, 8) != 0)
        return fail(why, "not a PNG file (no PNG signature)");
    for (;;) {
        uint32_t len;
        const unsigned char *type;

        if (off == n)
            return fail(why, "cut short (no IEND chunk at its end)");
        len = n - off >= 12 ? be32(p + off) : 0;
        type = p + off + 4;
        if (n - off < 12 || len > 0x7fffffffu || n - off - 12 < len)
            return fail(why, "cut short (a chunk runs past its end)");
        if (be32(p + off + 8 + len) != crc32(type, 4 + (size_t)len))
            return fail(why, "damaged (a chunk's CRC does not match)");
        if (chunks++ == 0) {
            const unsigned char *h = type + 4;

            if (memcmp(type, "IHDR", 4) != 0 || len != 13)
                return fail(why, "damaged (IHDR is not its first chunk)");
            info.width = be32(h);
            info.height = be32(h + 4);
            info.bit_depth = h[8];
            info.color_type = h[9];
            if (info.width == 0 || info.height == 0 ||
                info.width > 0x7fffffffu || info.height > 0x7fffffffu)
                return fail(why, "damaged (a width or height of 0 or "
                            "past 2^31 - 1)");
            if (!depth_allowed(info.color_type, info.bit_depth) ||
                h[10] != 0 || h[11] != 0 || h[12] > 1)
                return fail(why, "damaged (IHDR's bit depth, colour type "
                            "or methods are not the specification's)");
        } else if (memcmp(type, "IHDR", 4) == 0) {
            return fail(why, "damaged (a second IHDR chunk)");
        }
        idat |= memcmp(type, "IDAT", 4) == 0;
        off += 12 + (size_t)len;
        if (memcmp(type, "IEND", 4) == 0)
            break;
    }
    if (!idat)
        return fail(why, "damaged (no image data, IDAT)");
    if (off != n)
        return fail(why, "damaged (data after its IEND chunk)");
    *out = info;
    return 0;
}
