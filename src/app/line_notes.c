/*
 * line_notes.c - messages kept by line; see line_notes.h.
 *
 * room is small (the hundred messages an import lists): a scan for the
 * latest line kept is cheaper than a heap, and messages are rare.
 */
#include <stdlib.h>

#include "app/line_notes.h"
#include "core/sort.h"
#include "core/xalloc.h"

void
line_notes_add(struct line_notes *ln, int64_t line, const char *msg)
{
    size_t last = 0;

    if (ln->room == 0)
        return;
    if (ln->n < ln->room) {
        if (ln->v == NULL)
            ln->v = xreallocarray(NULL, ln->room, sizeof(*ln->v));
        ln->v[ln->n++] = (struct line_note){ line, ln->seq++, xstrdup(msg) };
        return;
    }
    for (size_t i = 1; i < ln->n; i++)
        if (ln->v[i].line > ln->v[last].line)
            last = i;
    if (line < ln->v[last].line) {
        free(ln->v[last].msg);
        ln->v[last] = (struct line_note){ line, ln->seq++, xstrdup(msg) };
    }
}

static int
cmp_line(const void *a, const void *b)
{
    const struct line_note *x = a, *y = b;

    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    return (x->seq > y->seq) - (x->seq < y->seq);
}

void
line_notes_flush(struct line_notes *ln, struct sbuf *out)
{
    sort_array(ln->v, ln->n, sizeof(*ln->v), cmp_line);
    for (size_t i = 0; i < ln->n; i++) {
        sbuf_addstr(out, ln->v[i].msg);
        free(ln->v[i].msg);
    }
    free(ln->v);
    *ln = (struct line_notes){ 0 };
}
