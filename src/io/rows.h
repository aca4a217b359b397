/*
 * rows.h - a CSV file read as dun records (customers, invoices, payments).
 *
 * Resolves the header against a format (canonical or mapped), then turns
 * each row into a record, checking every field. A field error is
 * DUN_E_INPUT "FILE:LINE: field: reason"; the caller decides whether to
 * go on (imports collect up to 100 such errors).
 */
#ifndef DUN_IO_ROWS_H
#define DUN_IO_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"
#include "io/csv.h"
#include "io/format.h"

/* The longest id or document number, and free text (description,
 * reference), in bytes (docs/limits.md). */
#define ROWS_KEY_MAX 100
#define ROWS_TEXT_MAX 1000

struct row_groups;
struct rows_ahead;
struct rows_done;

struct rows {
    struct csv_reader csv;
    const struct format *fmt;
    const char *path;
    int col[F_COUNT];   /* header index of each field, -1 if none */
    int skip_col[FORMAT_MAX_RULES]; /* header index of each skip rule */
    struct arena arena; /* strings of the current record */
    size_t line;        /* line of the current row */
    size_t width;       /* fields of the header row */
    /* The current row's fields: the reader's, or a read-ahead batch's. */
    const struct csv_field *field;
    size_t nfields;
    struct rows_ahead *ahead;     /* NULL: rows are read as asked */
    struct row_groups *groups;    /* rows_read_groups: read from these */
    const struct rows_done *done; /* the current row as read ahead */
};

/* Open path and read its header row. Fails on a missing required column,
 * and for the canonical layout on an unknown or repeated one. */
int rows_open(struct rows *r, const char *path, const struct format *fmt,
              struct dun_err *err);

/* Next non-blank row: 1 ready, 0 end of file, -1 error (the file cannot
 * be read on: bad quoting, I/O). */
int rows_next(struct rows *r, struct dun_err *err);

/* Text of field f in the current row (the fixed default when the row
 * has none or it is empty); "" if neither. Trimmed of spaces, borrowed
 * until the next rows_next. */
const char *rows_text(struct rows *r, enum field f, size_t *len);

/* 1 if the file has a column for field f or the mapping a default, so
 * that an empty value is one the file states; 0 if it says nothing of
 * f (an update then keeps what is stored). */
int rows_has(const struct rows *r, enum field f);

/* From here on, read rows on a second thread, some thousands ahead of
 * the caller, and convert there (rows_invoice or rows_payment, by kind)
 * each row that names its currency: the caller's currency only stands in
 * for a currency the row does not name. Every call returns exactly what
 * it would without. If no thread can be started, rows are read as
 * asked. After this, rows_close is the only way to stop reading. */
void rows_read_ahead(struct rows *r, enum record_kind kind);

/* The caller keeps the rows from here on as they are (io/row_groups.h)
 * and converts none: the read-ahead need not either. */
void rows_keep_raw(struct rows *r);

/* From here on, rows_next gives the rows of groups (io/row_groups.h),
 * kept from this file, read and converted ahead as rows_read_ahead
 * says (groups then belongs to that thread until rows_close). */
void rows_read_groups(struct rows *r, struct row_groups *groups,
                      enum record_kind kind);

/* Bytes in the file being read, or -1 when it is not a regular file (a
 * pipe: its size says nothing of the rows to come). */
int64_t rows_file_size(const struct rows *r);

/* 1 if the current row matches one of the mapping's [skip] rules. */
int rows_skipped(struct rows *r);

void rows_close(struct rows *r);

/* Convert the current row. currency is the currency amounts are in when
 * the row names none ("" if unknown). Strings live until the next row. */
/* The contact fields of the current row (e-mail, phone, address, city,
 * postal code) into c, checked as rows_customer checks them (c->name as
 * set by the caller is checked too): for customers an invoice export
 * creates. 0, or -1 with err as FILE:LINE: field: reason. */
int rows_contact(struct rows *r, struct customer *c, struct dun_err *err);
int rows_customer(struct rows *r, struct customer *c, struct dun_err *err);
int rows_invoice(struct rows *r, const char *currency, struct invoice *inv,
                 struct dun_err *err);
int rows_payment(struct rows *r, const char *currency, struct payment *p,
                 struct dun_err *err);

/* An amount field of the current row in currency: 1 parsed, 0 field
 * absent or empty, -1 invalid (err set). */
int rows_amount(struct rows *r, enum field f, const char *currency,
                int64_t *out, struct dun_err *err);

#endif
