/*
 * fuzz_png.c - libFuzzer target for the logo check (core/png.h).
 *
 * Any bytes: either refused with a reason (a static phrase), or accepted
 * with a size in range, a known bit depth and colour type; and accepted
 * bytes stay accepted with one byte less at the end (IEND must be last:
 * a file cut short is not whole).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/png.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct png_info info;
    const char *why = NULL;
    unsigned char *copy = malloc(size ? size : 1);

    if (copy == NULL)
        abort();
    memcpy(copy, data, size); /* exact size: ASan sees a read past it */
    if (png_inspect(copy, size, &info, &why) < 0) {
        if (why == NULL || why[0] == '\0')
            abort();
    } else {
        if (info.width < 1 || info.width > INT32_MAX || info.height < 1 ||
            info.height > INT32_MAX)
            abort();
        if (info.bit_depth != 1 && info.bit_depth != 2 &&
            info.bit_depth != 4 && info.bit_depth != 8 &&
            info.bit_depth != 16)
            abort();
        if (size == 0 || png_inspect(copy, size - 1, &info, &why) == 0)
            abort();
    }
    free(copy);
    return 0;
}
