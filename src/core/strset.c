/*
 * strset.c - string set. Pure: no I/O.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/fnv.h"
#include "core/strset.h"
#include "core/xalloc.h"

static size_t
find(char **slot, size_t cap, const char *s)
{
    size_t i = (size_t)fnv1a64(s, strlen(s)) & (cap - 1);

    while (slot[i] && strcmp(slot[i], s) != 0)
        i = (i + 1) & (cap - 1);
    return i;
}

static void
grow(struct strset *set)
{
    size_t cap = set->cap ? set->cap * 2 : 64;
    char **slot = xcalloc(cap, sizeof(*slot));

    for (size_t i = 0; i < set->cap; i++)
        if (set->slot[i])
            slot[find(slot, cap, set->slot[i])] = set->slot[i];
    free(set->slot);
    set->slot = slot;
    set->cap = cap;
}

int
strset_add(struct strset *set, const char *s)
{
    size_t i;

    if ((set->len + 1) * 2 > set->cap)
        grow(set);
    i = find(set->slot, set->cap, s);
    if (set->slot[i])
        return 0;
    set->slot[i] = xstrdup(s);
    set->len++;
    return 1;
}

int
strset_has(const struct strset *set, const char *s)
{
    return set->cap && set->slot[find(set->slot, set->cap, s)] != NULL;
}

const char *
strset_next(const struct strset *set, size_t *pos)
{
    while (*pos < set->cap) {
        const char *s = set->slot[(*pos)++];
        if (s)
            return s;
    }
    return NULL;
}

void
strset_release(struct strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slot[i]);
    free(set->slot);
    set->slot = NULL;
    set->cap = set->len = 0;
}
