/*
 * sort.h - qsort and bsearch that accept an empty array.
 *
 * The C library declares their base pointer nonnull even for zero
 * elements, so an empty (NULL) array is undefined behaviour that UBSan
 * rightly reports. Every sort and search in dun goes through these.
 */
#ifndef DUN_CORE_SORT_H
#define DUN_CORE_SORT_H

#include <stdlib.h>

static inline void
sort_array(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

static inline void *
search_array(const void *key, const void *base, size_t n, size_t size,
             int (*cmp)(const void *, const void *))
{
    return n ? bsearch(key, base, n, size, cmp) : NULL;
}

#endif
