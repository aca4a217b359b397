/*
 * demo.h - the demo: a made-up business's year of invoices and payments,
 * imported up to some weeks before the as-of date through the same path
 * as any file, then a daily collection cycle for each of those weeks' days
 * with that day's invoices and payments arriving first.
 *
 * The demo works in a directory of its own and never overwrites what it
 * did not make there. Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_DEMO_H
#define DUN_APP_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "app/demo_slice.h"
#include "app/report.h"
#include "core/err.h"

#define DEMO_CUSTOMERS 300
#define DEMO_SEED 20260630
#define DEMO_DAYS 42
#define DEMO_MAX_STAGES 16
/* Marks a directory as the demo's own (see demo_run). */
#define DEMO_MARKER ".dun-demo"

struct demo_stage_count {
    char stage[32];
    int64_t actions;
};

struct demo_result {
    char db[4200];       /* the database it made: DIR/dun.db */
    int customers, days;
    int32_t from, to;    /* history up to from; daily runs from+1 .. to */
    struct demo_stage_count stages[DEMO_MAX_STAGES]; /* first seen first */
    int nstages;
    int64_t messages;    /* e-mails and letters in the outbox */
    int64_t calls, handoffs;
    struct demo_sums collected; /* payments that arrived in the runs */
    struct aging_buckets buckets;      /* of the aging below */
    struct aging_totals before, after; /* TOTAL lines per currency */
    struct dso_result *dso; /* per currency, as of to */
    size_t ndso;
};

/*
 * Make the demo in dir as of app->as_of (app must not be open: the demo
 * opens its own database, DIR/dun.db, and closes it before returning).
 * dir is created if missing; an existing one must be empty or hold only
 * what an earlier demo left there (its DEMO_MARKER file, dun.db and its
 * journal files, the three CSV files): anything else is refused with
 * DUN_E_CONFLICT naming the first stranger, and nothing is touched. Fills
 * *r (release with demo_result_release, also after a failure).
 */
int demo_run(struct app *app, const char *dir, struct demo_result *r,
             struct dun_err *err);
void demo_result_release(struct demo_result *r);

#endif
