/*
 * fnv.h - the 64-bit FNV-1a hash of bytes: what the string set, the
 * import's row groups and the store's key buckets (after a finalizer;
 * stored, so it must never change) hash with. Pure.
 */
#ifndef DUN_CORE_FNV_H
#define DUN_CORE_FNV_H

#include <stddef.h>
#include <stdint.h>

static inline uint64_t
fnv1a64(const void *bytes, size_t n)
{
    const unsigned char *p = bytes;
    uint64_t h = UINT64_C(0xcbf29ce484222325);

    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

#endif
