/*
 * rows_ahead.h - the read-ahead behind rows_read_ahead (io/rows.h): a
 * second thread reads the file's records into batches and converts each
 * (rows_invoice, rows_payment) while the caller's thread stores the
 * ones before. Internal to io/rows.c.
 */
#ifndef DUN_IO_ROWS_AHEAD_H
#define DUN_IO_ROWS_AHEAD_H

#include "io/rows.h"

/* A row as the read-ahead converted it, with no currency of the
 * caller's: what the conversion gives for a row that names its own. */
struct rows_done {
    enum record_kind kind; /* REC_CUSTOMERS: not converted */
    int rc;
    union {
        struct invoice inv;
        struct payment pay;
    } rec;
    const struct dun_err *err; /* when rc < 0 */
};

/* A blank line is no record (many exports end with one). */
static inline int
rows_blank(const struct csv_field *field, size_t nfields)
{
    return nfields == 1 && field[0].len == 0;
}

/* Start reading ahead, from the file or from groups if not NULL: 0, or
 * -1 if no thread could be started (nothing changed: rows are read as
 * asked). */
int rows_ahead_start(struct rows *r, enum record_kind kind,
                     struct row_groups *groups);
/* rows_next when reading ahead: the next row into r (field, nfields,
 * line, done): 1, 0 at the end, -1 the file cannot be read on (err). */
int rows_ahead_next(struct rows *r, struct dun_err *err);
/* rows_keep_raw: convert no more rows from here on. */
void rows_ahead_raw(struct rows *r);
/* Stop the thread and free the batches (rows_close). */
void rows_ahead_stop(struct rows *r);

#endif
