/*
 * report.h - aging and DSO, computed from the ledger.
 */
#ifndef DUN_APP_REPORT_H
#define DUN_APP_REPORT_H

#include <stdint.h>

#include "app/app.h"
#include "core/aging.h"
#include "core/err.h"
#include "core/model.h"

struct aging_item {
    const char *invoice_number;
    int32_t due_date;
    int32_t days_past_due;
    size_t bucket;
    int64_t amount;
};

/* One customer's receivable in one currency. */
struct aging_line {
    const char *customer_id;
    char currency[4];
    int64_t bucket[AGING_MAX_BUCKETS];
    int64_t credit; /* unapplied credit (positive) */
    int64_t net;    /* sum of the buckets less the credit */
    const struct aging_item *items;
    size_t nitems;
};

typedef int aging_line_cb(void *ctx, const struct aging_line *l,
                          struct dun_err *err);

/* Totals per currency, in currency order. */
struct aging_totals {
    struct aging_line *lines; /* customer_id is "TOTAL" */
    size_t n;
};

/*
 * Call cb for every customer and currency with an open balance or credit
 * as of the app's date, customer by customer, and sum the totals. Reads
 * the cached balances when that is on or after the last recorded
 * document, else recomputes each customer's ledger as of the date
 * (balances_fast_path): the same figures either way.
 */
int report_aging(struct app *app,
                 const struct aging_buckets *b, aging_line_cb *cb, void *ctx,
                 struct aging_totals *totals, struct dun_err *err);
void aging_totals_release(struct aging_totals *t);

struct dso_result {
    char currency[4];
    int64_t receivable;  /* net open balance as of the date */
    int64_t sales;       /* sales in the period */
    int64_t countback_tenths; /* -1: more than the days looked at */
    int64_t average_tenths;   /* receivable / sales * days; -1 no sales */
};

/* DSO per currency as of as_of; period_days is the averaging period and
 * the countback looks back up to 10 times as far. Caller frees *out. */
int report_dso(struct app *app, int32_t period_days,
               struct dso_result **out, size_t *n, struct dun_err *err);

#endif
