/*
 * strset.h - a set of strings (open addressing, FNV-1a), owning copies.
 *
 * Pure: no I/O. Used to remember which customers an import touched.
 */
#ifndef DUN_CORE_STRSET_H
#define DUN_CORE_STRSET_H

#include <stddef.h>

struct strset {
    char **slot;
    size_t cap; /* power of two, or 0 */
    size_t len;
};

#define STRSET_INIT {NULL, 0, 0}

/* Add a copy of s; 1 if it was new, 0 if already there. */
int strset_add(struct strset *set, const char *s);
int strset_has(const struct strset *set, const char *s);
/* Iterate: size_t pos = 0; while ((s = strset_next(set, &pos))) ...
 * Members come in no particular order. */
const char *strset_next(const struct strset *set, size_t *pos);
void strset_release(struct strset *set);

#endif
