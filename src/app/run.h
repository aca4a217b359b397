/*
 * run.h - the daily collection cycle: the policy in force applied to
 * every customer who owes something, as of a date.
 *
 * Each customer's decision (core/dunning.c) is handed to a callback, so
 * that the command line can print it as it comes; without dry_run each
 * action is also recorded as a planned contact, its messages rendered on
 * a second thread (app/render_worker.h) and written in the order decided. A whole run is one
 * transaction: a run that is interrupted records nothing, and the same
 * as-of date run twice plans nothing new (a contact is keyed by customer,
 * date and stage, and the minimum gap sees today's contact).
 */
#ifndef DUN_APP_RUN_H
#define DUN_APP_RUN_H

#include <stdint.h>

#include "app/app.h"
#include "core/dunning.h"
#include "core/err.h"
#include "core/model.h"

/* The run's date is the app's as_of. */
struct run_opts {
    int dry_run;
};

/* One customer's decision, borrowed for the callback. */
struct run_decision {
    const char *customer_id;
    const char *stage;          /* stage name, "pre-due", or NULL */
    const struct dun_decision *d;
    const struct dun_item *items; /* in_message marks those listed */
    size_t nitems;
    /* d->reason DUN_REASON_ERROR: why the customer was skipped ("more
     * than 8 currencies"); else NULL. */
    const char *error;
};

typedef int run_cb(void *ctx, const struct run_decision *rd,
                   struct dun_err *err);

struct run_summary {
    int64_t run_id;         /* 0 for a dry run */
    int64_t policy_version;
    int64_t customers;      /* with something open */
    int64_t planned;        /* actions */
    int64_t skipped;        /* with a reason that is not "nothing due" */
    int64_t errors;         /* skipped because their data could not be
                               handled (reason "error"): a partial run */
    /* Business details messages need and the tenant lacks (phrases of
     * tenant_missing_for_messages). A real run refuses to start without
     * them; a dry run goes on and lists them here, to be warned of. */
    const char *missing[8]; /* TENANT_MISSING_MAX of app/tenant.h */
    size_t nmissing;
};

int run_cycle(struct app *app, const struct run_opts *o, run_cb *cb,
              void *ctx, struct run_summary *sum, struct dun_err *err);

/* A decision worth listing as skipped: a reason other than nothing being
 * overdue or the next stage's day not having come. */
int run_is_listed_skip(enum dun_reason r);

#endif
