/*
 * line_notes.h - messages about lines of a file that arrive out of line
 * order, kept to be reported in line order.
 *
 * An import applies rows a customer at a time once they come back to a
 * customer (io/row_groups.h); what it says of them must read as if it
 * had gone down the file: the first lines' messages, by line. Only the
 * first room lines' are kept, whatever the number of messages.
 */
#ifndef DUN_APP_LINE_NOTES_H
#define DUN_APP_LINE_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include "core/sbuf.h"

struct line_notes {
    struct line_note {
        int64_t line;
        uint64_t seq; /* lines' messages keep the order they came in */
        char *msg;
    } *v;
    size_t n;
    uint64_t seq;
    size_t room; /* the most kept: set before the first add */
};

/* Keep a copy of msg, about line, if it is among the first room lines
 * seen (a later one kept so far is dropped for it). */
void line_notes_add(struct line_notes *ln, int64_t line, const char *msg);

/* Append the messages kept to out, by line, and forget them all: ln is
 * empty, with no room. */
void line_notes_flush(struct line_notes *ln, struct sbuf *out);

#endif
