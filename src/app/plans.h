/*
 * plans.h - payment plans as they stand on a day: what a plan covers,
 * what was paid toward it and whether it is kept ('dun plan list|show|
 * cancel', and the run through plan_view_get).
 *
 * A plan covers named invoices of one customer in one currency: those
 * given when it was made, by default those overdue then (event_plan). A
 * plan made before the invoices were recorded (schema migration 11: no
 * rows) covers the customer's invoices in its currency due before the
 * day it was made that were still open then. What counts toward a plan,
 * when it breaks and when it is complete: core/plan.h, P1 to P4. The
 * customer's latest plan made on or before the day is the one in force;
 * a later one replaces it.
 *
 * Only reads, except plans_cancel. Not thread-safe: one store per thread.
 */
#ifndef DUN_APP_PLANS_H
#define DUN_APP_PLANS_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/plan.h"

struct store;

enum plan_view_status {
    PLAN_VIEW_KEPT,      /* nothing missed so far */
    PLAN_VIEW_COMPLETE,  /* paid in full, or its invoices are settled */
    PLAN_VIEW_BROKEN,    /* an installment is short past its grace */
    PLAN_VIEW_CANCELLED, /* cancelled on or before the day */
};

/* A plan as it stands on a day. */
struct plan_view {
    int32_t made_on;
    int32_t cancelled_on; /* DATE_INVALID if not cancelled by the day */
    char currency[4];
    const struct plan_installment *inst; /* in date order */
    size_t n;
    const char *const *invoices; /* covered, number in byte order (search
                                    them with strcmp) */
    size_t ninvoices;
    int64_t total; /* of the installments */
    int64_t paid;  /* toward its invoices since made_on, up to the day
                      (core/plan.h P1) */
    enum plan_view_status status;
    size_t missed;        /* BROKEN: index of the first installment short */
    int64_t missed_short; /* BROKEN: how much of it is missing */
    int32_t broken_on;    /* BROKEN: the day it broke, the missed
                             installment's date + grace + 1; else
                             DATE_INVALID */
};

/* "kept", "complete", "broken", "cancelled". */
const char *plan_view_status_name(enum plan_view_status s);

/*
 * The customer's latest plan made on or before as_of: 1 and *out (its
 * arrays and strings in a), 0 when there is none. grace: the policy's
 * promise_grace_days. A cancelled plan is returned too (status
 * CANCELLED): it is still the one in force, and covers nothing.
 *
 * Only reads (the store's plan_get and docs_load), so it may run inside
 * a store scan's callback (the run's collect_scan). -1 with err on a
 * store error or a sum that overflows.
 */
int plan_view_get(struct store *st, const char *customer_id, int32_t as_of,
                  int32_t grace, struct plan_view *out, struct arena *a,
                  struct dun_err *err);

/*
 * For event_plan: the invoices a plan the customer agrees on day `on` in
 * currency covers, checked, into *invoices (number in byte order, in a)
 * and *n, and what was open on them as that day began into *open (money
 * dated `on` counts toward the plan: core/plan.h P1).
 *
 * named (nnamed > 0; a number given twice counts once): each must be the
 * customer's, an invoice (not a credit note) in currency, with something
 * open as `on` began, and not disputed on `on`. nnamed 0: every such
 * invoice of the customer overdue on `on` (due before it). -1 with err
 * saying which and why: DUN_E_NOTFOUND for an unknown invoice,
 * DUN_E_INPUT otherwise. Only reads.
 */
int plan_cover_choose(struct store *st, const char *customer_id,
                      const char *currency, int32_t on,
                      const char *const *named, size_t nnamed,
                      const char ***invoices, size_t *n, int64_t *open,
                      struct arena *a, struct dun_err *err);

/* Each customer's plan in force on app->as_of, customer id in byte
 * order; the view is borrowed for the call. Uses the policy in force
 * for the grace. */
typedef int plans_list_cb(void *ctx, const char *customer_id,
                          const struct plan_view *v, struct dun_err *err);
int plans_list(struct app *app, plans_list_cb *cb, void *ctx,
               struct dun_err *err);

enum plan_step_status {
    PLAN_STEP_PAID,   /* covered in full by what counts */
    PLAN_STEP_OPEN,   /* short, but its date plus grace has not passed */
    PLAN_STEP_MISSED, /* short past its date plus grace */
};

/* "paid", "open", "missed". */
const char *plan_step_status_name(enum plan_step_status s);

/* One installment of a plan, with what was paid toward it (P2). */
struct plan_step {
    int32_t due_date;
    int64_t amount, paid, missing; /* missing = amount - paid */
    enum plan_step_status status;
};

/* One invoice a plan covers, as of the day. */
struct plan_covered {
    const char *number;
    int32_t due_date; /* DATE_INVALID: not one of the customer's now */
    int64_t open;     /* still owed on the day */
    int64_t paid;     /* what counts toward the plan from it */
};

/* What 'dun plan show' prints. */
struct plan_detail {
    const char *customer_id;
    int32_t as_of;
    struct plan_view v;
    const struct plan_covered *invoices; /* v.ninvoices, as v.invoices */
    const struct plan_step *steps;       /* v.n */
};

/* The customer's plan in force on app->as_of, in detail (in a). -1 with
 * DUN_E_NOTFOUND "no customer 'X'" or "customer X has no payment plan
 * made on or before DATE". */
int plans_show(struct app *app, const char *customer_id,
               struct plan_detail *out, struct arena *a, struct dun_err *err);

/* Cancel the customer's plan in force on app->as_of, on that day: its
 * invoices return to their ladder. *made_on: the plan's date. -1 with
 * DUN_E_NOTFOUND as plans_show, or DUN_E_CONFLICT "customer X's payment
 * plan of DATE was cancelled on DATE". */
int plans_cancel(struct app *app, const char *customer_id, int32_t *made_on,
                 struct dun_err *err);

#endif
