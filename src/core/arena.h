/*
 * arena.h - bump allocator for one unit of work (one customer, one request).
 *
 * Pure: no I/O. Everything allocated from an arena is freed at once by
 * arena_reset or arena_release; nothing is freed alone.
 */
#ifndef DUN_CORE_ARENA_H
#define DUN_CORE_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
    struct arena_block *head; /* current block; older ones follow */
    size_t used;              /* bytes used in head */
};

#define ARENA_INIT {NULL, 0}

/* Aligned storage for size bytes (aborts on out-of-memory). */
void *arena_alloc(struct arena *a, size_t size);
/* Copy of len bytes of s plus a NUL. */
char *arena_strndup(struct arena *a, const char *s, size_t len);
/* Forget every allocation, keeping the first block for reuse. */
void arena_reset(struct arena *a);
/* Free everything; the arena is usable again. */
void arena_release(struct arena *a);

#endif
