/*
 * arena.c - bump allocator. Pure: no I/O.
 */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "core/arena.h"
#include "core/xalloc.h"

#define ARENA_BLOCK 65536

struct arena_block {
    struct arena_block *next;
    size_t size;
    alignas(max_align_t) unsigned char data[];
};

static size_t
align_up(size_t n)
{
    size_t a = alignof(max_align_t);

    return (n + a - 1) & ~(a - 1);
}

void *
arena_alloc(struct arena *a, size_t size)
{
    struct arena_block *b;
    size_t need = align_up(size ? size : 1);

    if (a->head && a->head->size - a->used >= need) {
        void *p = a->head->data + a->used;
        a->used += need;
        return p;
    }
    b = xmalloc(sizeof(*b) + (need > ARENA_BLOCK ? need : ARENA_BLOCK));
    b->size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
    b->next = a->head;
    a->head = b;
    a->used = need;
    return b->data;
}

char *
arena_strndup(struct arena *a, const char *s, size_t len)
{
    char *d = arena_alloc(a, len + 1);

    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

void
arena_reset(struct arena *a)
{
    struct arena_block *b;

    if (a->head == NULL)
        return;
    /* Keep the oldest block (the last in the list): it is the usual size. */
    while (a->head->next) {
        b = a->head;
        a->head = b->next;
        free(b);
    }
    a->used = 0;
}

void
arena_release(struct arena *a)
{
    while (a->head) {
        struct arena_block *b = a->head;
        a->head = b->next;
        free(b);
    }
    a->used = 0;
}
