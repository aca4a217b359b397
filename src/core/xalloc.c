/*
 * xalloc.c - allocation that aborts on out-of-memory.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

_Noreturn void
xalloc_oom(size_t size)
{
    fprintf(stderr, "dun: out of memory allocating %zu bytes\n", size);
    abort();
}

void *
xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);

    if (p == NULL)
        xalloc_oom(size);
    return p;
}

void *
xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);

    if (p == NULL)
        xalloc_oom(n * size);
    return p;
}

void *
xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);

    if (q == NULL)
        xalloc_oom(size);
    return q;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        xalloc_oom(SIZE_MAX);
    return xrealloc(p, n * size);
}

char *
xstrndup(const char *s, size_t len)
{
    char *d = xmalloc(len + 1);

    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

char *
xstrdup(const char *s)
{
    return xstrndup(s, strlen(s));
}
