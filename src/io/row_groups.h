/*
 * row_groups.h - the rows of a file regrouped by a key (a customer id),
 * each group's rows in the order they came.
 *
 * An import stores a customer's documents together (one pack each):
 * rows that come customer by customer cost one read and one write of a
 * pack per customer, rows in date order (a bank's payments) one per
 * row. Rows are copied in as they are read and given back a group at a
 * time; groups come in the order their keys first came.
 *
 * Past a memory budget the rows held are put in order and written out
 * as a run to a temporary file (mkstemp in $TMPDIR, else /tmp: 0600,
 * unlinked at once, so nothing is left behind whatever happens); the
 * runs are merged as the rows are given back. Pure of dun's data: only
 * bytes, lines and keys.
 */
#ifndef DUN_IO_ROW_GROUPS_H
#define DUN_IO_ROW_GROUPS_H

#include <stddef.h>

#include "core/err.h"
#include "io/csv.h"

struct row_groups;

/* Rows held in memory before a run is written out, in bytes. */
#define ROW_GROUPS_BUDGET ((size_t)64 << 20)

/* An empty set of rows that holds at most budget bytes in memory. */
struct row_groups *row_groups_new(size_t budget);

/* Copy in a row: its group's key (key_len bytes), its line, its fields
 * (at most CSV_MAX_FIELDS). 0, or -1 with err if a run cannot be
 * written (the temporary file and why). */
int row_groups_add(struct row_groups *g, const char *key, size_t key_len,
                   size_t line, const struct csv_field *field,
                   size_t nfields, struct dun_err *err);

/* The next row, group by group, each group's in the order added: 1 (the
 * row's line, key and fields borrowed until the next call), 0 when all
 * were given, -1 with err if a run cannot be read back. No row may be
 * added once one was asked for. */
int row_groups_next(struct row_groups *g, size_t *line, const char **key,
                    const struct csv_field **field, size_t *nfields,
                    struct dun_err *err);

/* Runs written out so far (for tests: 0 while all fit the budget). */
size_t row_groups_runs(const struct row_groups *g);

void row_groups_free(struct row_groups *g);

#endif
