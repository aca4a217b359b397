/*
 * demo_slice.h - cut a canonical CSV file into the rows of some days, so
 * that the demo can let invoices and payments arrive day by day.
 */
#ifndef DUN_APP_DEMO_SLICE_H
#define DUN_APP_DEMO_SLICE_H

#include <stdint.h>

#include "core/err.h"

/* Money per currency in a slice (the payments that arrived). */
struct demo_sums {
    char currency[8][4];
    int64_t amount[8];
    int n;
};

/*
 * Copy the header of src and its rows whose date_col (header name) lies
 * in from..to (day numbers) to dst; every row when date_col is NULL. If sums is not NULL, add each row's
 * amount_col (a decimal in the row's currency_col) to it. The number of
 * rows copied in *rows.
 */
int demo_slice(const char *src, const char *dst, const char *date_col,
               int32_t from, int32_t to, const char *amount_col,
               const char *currency_col, struct demo_sums *sums,
               int64_t *rows, struct dun_err *err);

#endif
