/*
 * sort.h - qsort and bsearch that accept an empty array, and a sort
 * that leaves an array in order as it is.
 *
 * The C library declares their base pointer nonnull even for zero
 * elements, so an empty (NULL) array is undefined behaviour that UBSan
 * rightly reports. Every sort and search in dun goes through these.
 */
#ifndef DUN_CORE_SORT_H
#define DUN_CORE_SORT_H

#include <stdlib.h>

/* Most arrays dun sorts come in order already (a customer's documents
 * are kept in key order, and numbers rise with dates): one pass of
 * compares finds that out, where qsort would copy and allocate. An
 * array left as it came is what a stable sort would give. */
static inline void
sort_array(void *base, size_t n, size_t size,
           int (*cmp)(const void *, const void *))
{
    const char *p = base;
    size_t i = 1;

    while (i < n && cmp(p + (i - 1) * size, p + i * size) <= 0)
        i++;
    if (i < n)
        qsort(base, n, size, cmp);
}

static inline void *
search_array(const void *key, const void *base, size_t n, size_t size,
             int (*cmp)(const void *, const void *))
{
    return n ? bsearch(key, base, n, size, cmp) : NULL;
}

#endif
