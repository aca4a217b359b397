/*
 * plans.c - payment plans as they stand on a day; see plans.h.
 *
 * Every figure comes from the customer's ledger recomputed as of the
 * day (docs/ledger.md), so that a plan's progress replays like every
 * other read that takes --as-of.
 */
#include <stdlib.h>
#include <string.h>

#include "app/plans.h"
#include "app/policies.h"
#include "core/date.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/sort.h"
#include "core/xalloc.h"
#include "store/store.h"

static const char *const view_status_names[] = {
    [PLAN_VIEW_KEPT] = "kept",
    [PLAN_VIEW_COMPLETE] = "complete",
    [PLAN_VIEW_BROKEN] = "broken",
    [PLAN_VIEW_CANCELLED] = "cancelled",
};

static const char *const step_status_names[] = {
    [PLAN_STEP_PAID] = "paid",
    [PLAN_STEP_OPEN] = "open",
    [PLAN_STEP_MISSED] = "missed",
};

const char *
plan_view_status_name(enum plan_view_status s)
{
    return view_status_names[s];
}

const char *
plan_step_status_name(enum plan_step_status s)
{
    return step_status_names[s];
}

static int
cmp_str(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* A customer's ledger as of a day: documents, disputes, allocations. */
struct books {
    struct store_docs docs;
    struct ledger lg;
    struct arena arena; /* the documents' strings */
};

static int
books_load(struct store *st, const char *customer_id, int32_t as_of,
           struct books *b, struct dun_err *err)
{
    memset(b, 0, sizeof(*b));
    ledger_init(&b->lg);
    if (st->ops->docs_load(st, customer_id, &b->docs, &b->arena, err) < 0)
        return -1;
    return ledger_compute(&b->lg, b->docs.inv, b->docs.ninv, b->docs.pay,
                          b->docs.npay, b->docs.disp, b->docs.ndisp, as_of,
                          err);
}

static void
books_release(struct books *b)
{
    ledger_release(&b->lg);
    store_docs_release(&b->docs);
    arena_release(&b->arena);
}

/* Whether a dispute on the invoice is open on day on (ledger.h R6). */
static int
disputed_on(const struct store_docs *d, const char *number, int32_t on)
{
    for (size_t i = 0; i < d->ndisp; i++) {
        const struct ledger_dispute *x = &d->disp[i];

        if (strcmp(x->invoice_number, number) == 0 && x->opened_on <= on &&
            (x->resolved_on == DATE_INVALID || x->resolved_on > on))
            return 1;
    }
    return 0;
}

/* The customer's invoice (not credit note) numbered number, or NULL. */
static const struct ledger_invoice *
find_invoice(const struct store_docs *d, const char *number)
{
    for (size_t i = 0; i < d->ninv; i++)
        if (strcmp(d->inv[i].number, number) == 0)
            return &d->inv[i];
    return NULL;
}

/* Why the named invoice cannot be in a plan in currency agreed on day
 * on, with start[] what each invoice of d owed as the day began; 0 if it
 * can. */
static int
check_named(struct store *st, const char *customer_id, const char *currency,
            int32_t on, const struct store_docs *d, const int64_t *start,
            const char *number, struct arena *a, struct dun_err *err)
{
    const struct ledger_invoice *li = find_invoice(d, number);
    char day[DATE_ISO_LEN + 1];

    if (li == NULL) {
        struct invoice inv;
        int rc = st->ops->invoice_get(st, number, &inv, NULL, a, err);

        if (rc < 0)
            return -1;
        if (rc == 0)
            return dun_err_set(err, DUN_E_NOTFOUND, "no invoice '%s'",
                               number);
        return dun_err_set(err, DUN_E_INPUT, "invoice '%s' is customer "
                           "%s's, not %s's", number, inv.customer_id,
                           customer_id);
    }
    date_iso(on, day);
    if (li->is_credit_note)
        return dun_err_set(err, DUN_E_INPUT, "'%s' is a credit note, not "
                           "an invoice", number);
    if (strcmp(li->currency, currency) != 0)
        return dun_err_set(err, DUN_E_INPUT, "invoice '%s' is in %s, the "
                           "plan in %s (--currency)", number, li->currency,
                           currency);
    if (start[li - d->inv] <= 0)
        return dun_err_set(err, DUN_E_INPUT, "invoice '%s' has nothing "
                           "open on %s", number, day);
    /* A plan is an agreement to pay: what the customer disputes is
     * settled first. */
    if (disputed_on(d, number, on))
        return dun_err_set(err, DUN_E_INPUT, "invoice '%s' is disputed: "
                           "resolve the dispute before a plan covers it",
                           number);
    return 0;
}

int
plan_cover_choose(struct store *st, const char *customer_id,
                  const char *currency, int32_t on,
                  const char *const *named, size_t nnamed,
                  const char ***invoices, size_t *n, int64_t *open,
                  struct arena *a, struct dun_err *err)
{
    struct books b;
    const char **v = NULL;
    unsigned char *all = NULL;
    int64_t *start = NULL, today;
    size_t k = 0, m = 0;
    int64_t sum = 0;
    int rc = -1;

    if (books_load(st, customer_id, on, &b, err) < 0)
        goto out;
    /* What each invoice owed as the day began: money dated that day
     * counts toward the plan (core/plan.h P1), so it must not also
     * shrink what the plan is for, whichever was recorded first. */
    all = xmalloc(b.docs.ninv + 1);
    memset(all, 1, b.docs.ninv + 1);
    start = xcalloc(b.docs.ninv + 1, sizeof(*start));
    if (plan_paid(&b.lg, b.docs.inv, b.docs.pay, all, on, on, &today, start,
                  err) < 0)
        goto out;
    for (size_t i = 0; i < b.docs.ninv; i++)
        start[i] += b.docs.inv[i].open; /* <= its total: no overflow */
    v = arena_alloc(a, (b.docs.ninv + nnamed + 1) * sizeof(*v));
    if (nnamed) {
        for (size_t i = 0; i < nnamed; i++) {
            if (check_named(st, customer_id, currency, on, &b.docs, start,
                            named[i], a, err) < 0)
                goto out;
            v[k++] = named[i];
        }
    } else {
        for (size_t i = 0; i < b.docs.ninv; i++) {
            const struct ledger_invoice *li = &b.docs.inv[i];

            if (!li->is_credit_note && start[i] > 0 && li->due_date < on &&
                strcmp(li->currency, currency) == 0 &&
                !disputed_on(&b.docs, li->number, on))
                v[k++] = li->number;
        }
        if (k == 0) {
            char day[DATE_ISO_LEN + 1];

            date_iso(on, day);
            dun_err_set(err, DUN_E_INPUT, "customer %s has no invoice in %s "
                        "overdue on %s for a plan to cover: name them "
                        "with --invoice", customer_id, currency, day);
            goto out;
        }
    }
    sort_array(v, k, sizeof(*v), cmp_str);
    for (size_t i = 0; i < k; i++) {
        if (m && strcmp(v[m - 1], v[i]) == 0)
            continue; /* named twice */
        if (money_add(sum, start[find_invoice(&b.docs, v[i]) - b.docs.inv],
                      &sum) < 0) {
            dun_err_set(err, DUN_E_INPUT, "customer %s: what is open in %s "
                        "adds up beyond what an amount can hold",
                        customer_id, currency);
            goto out;
        }
        v[m++] = arena_strndup(a, v[i], strlen(v[i]));
    }
    *invoices = v;
    *n = m;
    *open = sum;
    rc = 0;
out:
    free(all);
    free(start);
    books_release(&b);
    return rc;
}

/* Which of the documents the plan covers, into covered[] (one flag per
 * b->docs.inv): the named invoices, or for a plan made before they were
 * recorded, those of its currency due before it was made (whether they
 * were still open then is settled by the caller, which knows what was
 * paid since). */
static void
mark_covered(const struct store_plan *p, const struct books *b,
             unsigned char *covered)
{
    for (size_t i = 0; i < b->docs.ninv; i++) {
        const struct ledger_invoice *li = &b->docs.inv[i];

        covered[i] = 0;
        if (li->is_credit_note || strcmp(li->currency, p->currency) != 0)
            continue;
        if (p->ninvoices)
            covered[i] = search_array(&li->number, p->invoices,
                                      p->ninvoices, sizeof(*p->invoices),
                                      cmp_str) != NULL;
        else
            covered[i] = li->due_date < p->made_on;
    }
}

/*
 * Build the view of plan p of customer_id as of as_of into *v and, when
 * d is not NULL, the detail of its invoices and installments (all in a).
 */
static int
view_build(struct store *st, const char *customer_id,
           const struct store_plan *p, int32_t as_of, int32_t grace,
           struct plan_view *v, struct plan_detail *d, struct arena *a,
           struct dun_err *err)
{
    struct books b;
    struct plan_progress pg;
    unsigned char *covered = NULL;
    int64_t *paid_by = NULL;
    const char **names;
    size_t nnames = 0;
    int settled = 1;
    int rc = -1;

    memset(v, 0, sizeof(*v));
    if (books_load(st, customer_id, as_of, &b, err) < 0)
        goto out;
    covered = xcalloc(b.docs.ninv + 1, sizeof(*covered));
    paid_by = xcalloc(b.docs.ninv + 1, sizeof(*paid_by));
    mark_covered(p, &b, covered);
    if (plan_paid(&b.lg, b.docs.inv, b.docs.pay, covered, p->made_on, as_of,
                  &v->paid, paid_by, err) < 0)
        goto out;
    for (size_t i = 0; i < b.docs.ninv; i++) {
        /* A plan made before its invoices were recorded covers those
         * still open when it was made: open now, or paid toward since. */
        if (p->ninvoices == 0 && covered[i])
            covered[i] = b.docs.inv[i].open > 0 || paid_by[i] > 0;
        if (covered[i] && b.docs.inv[i].open > 0)
            settled = 0;
    }
    if (plan_progress(p->inst, p->n, v->paid, settled, as_of, grace, &pg,
                      err) < 0)
        goto out;
    for (size_t i = 0; i < p->n; i++)
        v->total += p->inst[i].amount; /* plan_progress checked the sum */

    if (p->ninvoices) {
        names = arena_alloc(a, (p->ninvoices + 1) * sizeof(*names));
        for (size_t i = 0; i < p->ninvoices; i++)
            names[nnames++] = arena_strndup(a, p->invoices[i],
                                            strlen(p->invoices[i]));
    } else {
        names = arena_alloc(a, (b.docs.ninv + 1) * sizeof(*names));
        for (size_t i = 0; i < b.docs.ninv; i++)
            if (covered[i])
                names[nnames++] = arena_strndup(
                    a, b.docs.inv[i].number, strlen(b.docs.inv[i].number));
        sort_array(names, nnames, sizeof(*names), cmp_str);
    }
    v->made_on = p->made_on;
    memcpy(v->currency, p->currency, 4);
    v->inst = p->inst;
    v->n = p->n;
    v->invoices = names;
    v->ninvoices = nnames;
    v->status = (enum plan_view_status)pg.status;
    v->missed = pg.missed;
    v->missed_short = pg.missed_short;
    v->broken_on = pg.broken_on;
    v->cancelled_on = DATE_INVALID;
    /* A cancellation recorded after the day had not happened yet. */
    if (p->cancelled_on != DATE_INVALID && p->cancelled_on <= as_of) {
        v->cancelled_on = p->cancelled_on;
        v->status = PLAN_VIEW_CANCELLED;
        v->missed = 0;
        v->missed_short = 0;
        v->broken_on = DATE_INVALID;
    }

    if (d) {
        struct plan_covered *inv = arena_alloc(a, (nnames + 1) *
                                                      sizeof(*inv));
        struct plan_step *steps = arena_alloc(a, (p->n + 1) *
                                                     sizeof(*steps));

        for (size_t i = 0; i < nnames; i++)
            inv[i] = (struct plan_covered){ names[i], DATE_INVALID, 0, 0 };
        for (size_t i = 0; i < b.docs.ninv; i++) {
            const char *const *at;

            if (!covered[i])
                continue;
            at = search_array(&b.docs.inv[i].number, names, nnames,
                              sizeof(*names), cmp_str);
            if (at == NULL)
                continue;
            inv[at - names].due_date = b.docs.inv[i].due_date;
            inv[at - names].open = b.docs.inv[i].open;
            inv[at - names].paid = paid_by[i];
        }
        for (size_t i = 0; i < p->n; i++) {
            struct plan_step *s = &steps[i];

            s->due_date = p->inst[i].due_date;
            s->amount = p->inst[i].amount;
            s->paid = plan_paid_toward(p->inst, p->n, i, v->paid);
            s->missing = s->amount - s->paid;
            s->status = s->missing == 0 ? PLAN_STEP_PAID
                        : as_of > date_add_days(s->due_date, grace)
                            ? PLAN_STEP_MISSED
                            : PLAN_STEP_OPEN;
        }
        d->customer_id = arena_strndup(a, customer_id, strlen(customer_id));
        d->as_of = as_of;
        d->v = *v;
        d->invoices = inv;
        d->steps = steps;
    }
    rc = 0;
out:
    free(covered);
    free(paid_by);
    books_release(&b);
    return rc;
}

int
plan_view_get(struct store *st, const char *customer_id, int32_t as_of,
              int32_t grace, struct plan_view *out, struct arena *a,
              struct dun_err *err)
{
    struct store_plan p;
    int rc = st->ops->plan_get(st, customer_id, as_of, &p, a, err);

    if (rc <= 0)
        return rc;
    return view_build(st, customer_id, &p, as_of, grace, out, NULL, a, err)
                   < 0
               ? -1
               : 1;
}

static int
grace_in_force(struct app *app, int32_t *grace, struct dun_err *err)
{
    struct policy p;
    int64_t version;

    if (policy_in_force(app, &p, &version, err) < 0)
        return -1;
    *grace = p.promise_grace_days;
    return 0;
}

struct list_ctx {
    struct store *st;
    int32_t as_of, grace;
    plans_list_cb *cb;
    void *ctx;
    struct arena arena;
};

static int
on_plan(void *ctx, const char *customer_id, const struct store_plan *p,
        struct dun_err *err)
{
    struct list_ctx *l = ctx;
    struct plan_view v;

    arena_reset(&l->arena);
    if (view_build(l->st, customer_id, p, l->as_of, l->grace, &v, NULL,
                   &l->arena, err) < 0)
        return -1;
    return l->cb(l->ctx, customer_id, &v, err);
}

int
plans_list(struct app *app, plans_list_cb *cb, void *ctx,
           struct dun_err *err)
{
    struct list_ctx l = { app->st, app->as_of, 0, cb, ctx, ARENA_INIT };
    int rc;

    if (grace_in_force(app, &l.grace, err) < 0)
        return -1;
    rc = app->st->ops->plans_scan(app->st, app->as_of, on_plan, &l, err);
    arena_release(&l.arena);
    return rc;
}

/* The customer's plan in force on app->as_of into *p: 0, or -1 with
 * DUN_E_NOTFOUND. */
static int
need_plan(struct app *app, const char *customer_id, struct store_plan *p,
          struct arena *a, struct dun_err *err)
{
    struct store *st = app->st;
    struct customer c;
    char day[DATE_ISO_LEN + 1];
    int rc = st->ops->customer_get(st, customer_id, &c, NULL, a, err);

    if (rc == 0)
        return dun_err_set(err, DUN_E_NOTFOUND, "no customer '%s'",
                           customer_id);
    if (rc < 0 ||
        (rc = st->ops->plan_get(st, customer_id, app->as_of, p, a, err)) < 0)
        return -1;
    if (rc == 0) {
        date_iso(app->as_of, day);
        return dun_err_set(err, DUN_E_NOTFOUND, "customer %s has no "
                           "payment plan made on or before %s", customer_id,
                           day);
    }
    return 0;
}

int
plans_show(struct app *app, const char *customer_id,
           struct plan_detail *out, struct arena *a, struct dun_err *err)
{
    struct store_plan p;
    struct plan_view v;
    int32_t grace;

    if (grace_in_force(app, &grace, err) < 0 ||
        need_plan(app, customer_id, &p, a, err) < 0)
        return -1;
    return view_build(app->st, customer_id, &p, app->as_of, grace, &v, out,
                      a, err);
}

int
plans_cancel(struct app *app, const char *customer_id, int32_t *made_on,
             struct dun_err *err)
{
    struct store *st = app->st;
    struct arena a = ARENA_INIT;
    struct store_plan p;
    char made[DATE_ISO_LEN + 1], when[DATE_ISO_LEN + 1];
    int rc;

    if (store_begin(st, err) < 0)
        return -1;
    rc = need_plan(app, customer_id, &p, &a, err);
    if (rc == 0 && p.cancelled_on != DATE_INVALID) {
        date_iso(p.made_on, made);
        date_iso(p.cancelled_on, when);
        rc = dun_err_set(err, DUN_E_CONFLICT, "customer %s's payment plan "
                         "of %s was cancelled on %s", customer_id, made,
                         when);
    }
    if (rc == 0) {
        rc = st->ops->plan_cancel(st, customer_id, p.made_on, app->as_of,
                                  err);
        /* need_plan saw no cancellation in this transaction. */
        if (rc == 0)
            rc = dun_err_set(err, DUN_E_INTERNAL, "store: plan of %s "
                             "cancelled twice", customer_id);
    }
    if (rc >= 0 && store_commit(st, err) < 0)
        rc = -1;
    if (rc < 0)
        store_rollback(st);
    else
        *made_on = p.made_on;
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}
