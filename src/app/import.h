/*
 * import.h - importing customers, invoices and payments from CSV files.
 *
 * An import is one transaction: every row is checked, every bad row is
 * reported as "FILE:LINE: field: reason", and unless all rows are good
 * nothing is written. Importing the same file again changes nothing; a
 * row whose key exists with other values updates it and is reported.
 */
#ifndef DUN_APP_IMPORT_H
#define DUN_APP_IMPORT_H

#include <stdint.h>

#include "app/app.h"
#include "core/err.h"
#include "core/model.h"
#include "core/sbuf.h"
#include "io/format.h"

#define IMPORT_MAX_ERRORS 100  /* reported one by one; the rest counted */
/* The most --memory takes, in MB (64 GB: more than a file of rows). */
#define IMPORT_MEMORY_MAX_MB 65536
#define IMPORT_MAX_CHANGES 100 /* updated rows listed one by one */

struct import_opts {
    enum record_kind kind;
    const char *path;
    const char *mapping; /* mapping file, or NULL for the canonical layout */
    /* Called every few thousand rows and once at the end (done = 1),
     * with the rows read so far. When rows come back to a customer, the
     * rest are kept and stored a customer at a time once all are read:
     * then stored counts the rows stored so far, in that stage and at
     * the end ([skip] rows are not); else it is -1. */
    void (*progress)(void *ctx, const char *path, int64_t rows,
                     int64_t stored, int done);
    void *progress_ctx;
    /* Bytes of rows kept to be stored a customer at a time (rows that
     * come back to a customer) held in memory before the rest go to a
     * temporary file; 0: ROW_GROUPS_BUDGET. */
    size_t memory;
};

struct import_report {
    struct import_record counts; /* rows, inserted, updated, unchanged */
    int grouped;           /* rows are invoice lines (group_lines) */
    int64_t paid_recorded; /* amounts paid per the export, new or changed */
    int64_t reallocated;   /* customers whose payments a change moved */
    int64_t nerrors;
    struct sbuf errors;  /* the first IMPORT_MAX_ERRORS, one a line */
    int64_t nchanges;
    struct sbuf changes; /* "FILE:LINE: KEY: updated: field, field" */
};

void import_report_init(struct import_report *rep);
void import_report_release(struct import_report *rep);

/* Import one file. -1 with err set if anything is wrong (bad rows are in
 * rep->errors); the database is then exactly as before. The import's date
 * is the app's as_of: amounts paid in a mapped export are recorded as
 * paid on it. */
int import_file(struct app *app, const struct import_opts *o,
                struct import_report *rep, struct dun_err *err);

#endif
