/*
 * xalloc.h - allocation that aborts on out-of-memory.
 *
 * Running out of memory is not an input error: every buffer fed by input
 * has its own cap (see sbuf.h), so an exhausted heap is a bug or a broken
 * machine, and we stop at once rather than limp on.
 */
#ifndef DUN_CORE_XALLOC_H
#define DUN_CORE_XALLOC_H

#include <stddef.h>

/* Report that size bytes could not be had, and abort. */
_Noreturn void xalloc_oom(size_t size);
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* realloc for an array of n elements of size bytes, overflow-checked. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t len);

#endif
