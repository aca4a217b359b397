/*
 * output.h - the one way a command prints its data: a document of scalar
 * fields and lists, written as an aligned table (people), CSV
 * (spreadsheets), one JSON document or JSON Lines (programs).
 *
 * The caller streams the document: fields and lists in the order they are
 * to appear, each list's rows cell by cell. docs/output.md is the user's
 * side of the rules below.
 *
 *     static const struct out_col inv_cols[] = {
 *         OUT_COL("number", "Number", OUT_TEXT),
 *         OUT_COL("balance", "Balance", OUT_MONEY),
 *     };
 *     static const struct out_col action_cols[] = {
 *         OUT_COL("customer", "Customer", OUT_TEXT),
 *         OUT_COL("stage", "Stage", OUT_CODE),
 *         OUT_COL_LIST("invoices", "Invoices", inv_cols),
 *     };
 *     struct out *o = out_new(stdout, OUT_TABLE, isatty(1) ? OUT_TTY : 0);
 *
 *     out_field_date(o, "as_of", "As of", as_of);
 *     out_list_begin(o, "actions", "Actions", action_cols, 3);
 *     for (each action) {
 *         out_row_begin(o);
 *         out_text(o, a->customer);
 *         out_code(o, a->stage, a->stage_words);
 *         out_sublist_begin(o);          (the OUT_LIST cell)
 *         for (each invoice) {
 *             out_row_begin(o);
 *             out_text(o, inv->number);
 *             out_money(o, inv->balance, inv->currency);
 *             out_row_end(o);
 *         }
 *         out_list_end(o);
 *         out_row_end(o);
 *     }
 *     out_list_end(o);
 *     if (out_finish(o, &err) < 0)
 *         ... err.code == DUN_E_IO ...
 *     out_free(o);
 *
 * Results: only out_format_parse and out_finish can fail. Every other call
 * returns nothing: a write error is remembered and reported once, by
 * out_finish (after it, nothing more is written).
 *
 * Misuse is a bug, caught by assert: a cell of the wrong type, too many or
 * too few cells in a row, a field or a list begun inside a row, lists
 * nested deeper than OUT_MAX_DEPTH, a call after out_finish.
 *
 * Memory: JSON, JSON Lines and CSV stream (one row is held at a time);
 * the table holds the rows of a top-level list, nested lists included, to
 * align their columns, up to OUT_TABLE_WINDOW rows at a time: then it
 * prints them and goes on under the same widths (a wider cell widens its
 * column from there on). Memory stays bounded by the window, not the
 * list.
 *
 * Thread-safety: one struct out is used by one thread at a time. Distinct
 * objects are independent: no global state, no setlocale, no environment
 * (ICU's character properties are read-only and thread-safe).
 */
#ifndef DUN_RENDER_OUTPUT_H
#define DUN_RENDER_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "core/sbuf.h"

enum out_format {
    OUT_TABLE, /* aligned columns; fields as "Title: value" lines */
    OUT_CSV,   /* RFC 4180 with LF line ends: the first top-level list */
    OUT_JSON,  /* one JSON object holding every field and list */
    OUT_JSONL, /* one JSON object per row of the first top-level list */
};

/* out_new flag: fp is a terminal, so CSV escapes control characters too
 * (the table always does; JSON always writes them as \u escapes). */
#define OUT_TTY 1u

/* The table aligns a top-level list's rows this many at a time. */
#define OUT_TABLE_WINDOW 1024

/* Lists nest at most this deep, the top-level list included. */
#define OUT_MAX_DEPTH 8

enum out_type {
    OUT_TEXT,  /* UTF-8 text; NULL is null */
    OUT_INT,   /* int64_t */
    OUT_MONEY, /* int64_t minor units plus an ISO 4217 currency */
    OUT_DATE,  /* int32_t day number of core/date.h; DATE_INVALID is null */
    OUT_CODE,  /* a machine code plus optional words for people; NULL null */
    OUT_BOOL,
    OUT_WORDS, /* words separated by single spaces ("email letter"): a
                  JSON array of strings, "email, letter" in a table */
    OUT_LIST, /* a nested list: only as the last column */
};

/*
 * A column of a list: key (JSON key, CSV header; ASCII such as
 * "due_date"), title (table header, "Due date") and the type of its cells.
 * For an OUT_LIST column, cols and ncols are the nested list's columns
 * (NULL and 0 otherwise); at most one OUT_LIST column, and it must be the
 * last. Declare with OUT_COL / OUT_COL_LIST (or designated initializers):
 * the arrays must stay valid until out_finish or out_free, as static
 * tables do.
 */
struct out_col {
    const char *key;
    const char *title;
    enum out_type type;
    const struct out_col *cols;
    size_t ncols;
};

#define OUT_COL(key, title, type) { (key), (title), (type), NULL, 0 }
#define OUT_COL_LIST(key, title, sub)                                          \
    { (key), (title), OUT_LIST, (sub), sizeof(sub) / sizeof((sub)[0]) }

/* "table", "csv", "json" or "jsonl" (exactly, lower case): 0 and *f set,
 * or -1 and *f untouched. */
int out_format_parse(const char *s, enum out_format *f);

/* A document written to fp in format f; flags is 0 or OUT_TTY (pass it
 * when isatty(fileno(fp))). fp is borrowed: it must stay open until
 * out_finish or out_free, which never close it. Never NULL (aborts on
 * out-of-memory). */
struct out *out_new(FILE *fp, enum out_format f, unsigned flags);

/*
 * Scalar fields, at the top level only (not inside a list). key and title
 * as for a column; both are used before the call returns. Written by the
 * table and JSON only, in the order given among the lists.
 */
void out_field_text(struct out *o, const char *key, const char *title,
                    const char *s);
void out_field_int(struct out *o, const char *key, const char *title,
                   int64_t v);
void out_field_money(struct out *o, const char *key, const char *title,
                     int64_t minor, const char *currency);
void out_field_date(struct out *o, const char *key, const char *title,
                    int32_t day);
void out_field_code(struct out *o, const char *key, const char *title,
                    const char *code, const char *words);
void out_field_bool(struct out *o, const char *key, const char *title, bool b);
void out_field_words(struct out *o, const char *key, const char *title,
                     const char *words);

/* Begin a top-level list of ncols > 0 columns (see struct out_col). Only
 * the first top-level list is written in CSV and JSON Lines; the others
 * are accepted and dropped there. A document without lists (one record,
 * such as 'dun customer show') is written in CSV as a header of its
 * fields' keys and one line of their values. */
void out_list_begin(struct out *o, const char *key, const char *title,
                    const struct out_col *cols, size_t ncols);
/* Begin the nested list of the current row's OUT_LIST cell; its columns
 * are that column's cols. */
void out_sublist_begin(struct out *o);
/* End the innermost open list, top-level or nested; for a nested one,
 * that completes its OUT_LIST cell. */
void out_list_end(struct out *o);

/* A row: out_row_begin, then exactly one cell call per column, in column
 * order, each matching the column's type (out_null fits any), then
 * out_row_end. Strings are copied or written before the call returns. */
void out_row_begin(struct out *o);
void out_text(struct out *o, const char *s); /* NULL is null */
void out_int(struct out *o, int64_t v);
/* currency: ISO 4217 code giving the decimals (an unknown code: 2). */
void out_money(struct out *o, int64_t minor, const char *currency);
void out_date(struct out *o, int32_t day); /* DATE_INVALID is null */
/* code ("grace"; NULL is null) and words for people ("inside the grace
 * period"; NULL if none). */
void out_code(struct out *o, const char *code, const char *words);
void out_bool(struct out *o, bool b);
/* words: separated by single spaces, none empty ("" is an empty list). */
void out_words(struct out *o, const char *words);
void out_null(struct out *o);
void out_row_end(struct out *o);

/*
 * End the document (every list must be ended), write what the table still
 * holds and the end of a JSON document, and flush fp. Returns 0, or -1
 * with DUN_E_IO in err if any write failed ("cannot write output: No
 * space left on device"). Call it once; then only out_free.
 */
int out_finish(struct out *o, struct dun_err *err);

/* Text meant to be read as it is, lines kept (a message body, a policy
 * file, an error list), onto sb with the table's escapes for everything a
 * terminal would obey but line feed and tab: "\x1b", "\u009b", "\xff". */
void out_escape_text(struct sbuf *sb, const char *s, size_t n);

/* Free o (NULL: no-op). Without out_finish, the document is abandoned:
 * what was written stays written, nothing more is. */
void out_free(struct out *o);

#endif
