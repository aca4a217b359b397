/*
 * report.c - aging and DSO from cached balances or the ledger as of the
 * date (balances_fast_path decides).
 */
#include <stdlib.h>
#include <string.h>

#include "app/balances.h"
#include "app/report.h"
#include "store/store.h"
#include "core/aging.h"
#include "core/date.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "core/sort.h"

struct aging_run {
    int32_t as_of;
    const struct aging_buckets *b;
    aging_line_cb *cb;
    void *ctx;
    struct aging_totals *totals;
    struct aging_item *items;
    size_t items_cap;
    struct balances_ctx bc; /* off the fast path: the ledger as of */
};

static struct aging_line *
total_for(struct aging_totals *t, const char *currency)
{
    size_t i;

    for (i = 0; i < t->n; i++) {
        int c = strcmp(t->lines[i].currency, currency);
        if (c == 0)
            return &t->lines[i];
        if (c > 0)
            break;
    }
    t->lines = xreallocarray(t->lines, t->n + 1, sizeof(*t->lines));
    memmove(&t->lines[i + 1], &t->lines[i], (t->n - i) * sizeof(*t->lines));
    memset(&t->lines[i], 0, sizeof(*t->lines));
    t->lines[i].customer_id = "TOTAL";
    memcpy(t->lines[i].currency, currency, 4);
    t->n++;
    return &t->lines[i];
}

static int
add_to(struct aging_line *into, const struct aging_line *l, size_t nb,
       struct dun_err *err)
{
    for (size_t k = 0; k < nb; k++)
        if (money_add(into->bucket[k], l->bucket[k], &into->bucket[k]) < 0)
            goto overflow;
    if (money_add(into->credit, l->credit, &into->credit) < 0 ||
        money_add(into->net, l->net, &into->net) < 0)
        goto overflow;
    return 0;
overflow:
    return dun_err_set(err, DUN_E_INPUT, "aging total in %s overflows",
                       l->currency);
}

/* Items sorted by currency then due date; credits by currency. Emit one
 * line per currency present in either. */
static int
emit_customer(struct aging_run *r, const char *customer,
              const struct open_item *items, size_t nitems,
              const struct ledger_credit *credits, size_t ncredits,
              struct dun_err *err)
{
    size_t i = 0, c = 0;

    if (r->items_cap < nitems) {
        r->items_cap = nitems;
        r->items = xreallocarray(r->items, nitems, sizeof(*r->items));
    }
    while (i < nitems || c < ncredits) {
        struct aging_line l = { .customer_id = customer };
        const char *cur;

        if (c < ncredits &&
            (i == nitems || strcmp(credits[c].currency, items[i].currency) < 0))
            cur = credits[c].currency;
        else
            cur = items[i].currency;
        memcpy(l.currency, cur, 4);
        l.items = r->items;
        for (; i < nitems && strcmp(items[i].currency, l.currency) == 0; i++) {
            struct aging_item *it = &r->items[l.nitems++];

            it->invoice_number = items[i].invoice_number;
            it->due_date = items[i].due_date;
            it->days_past_due = r->as_of - items[i].due_date;
            it->bucket = aging_bucket_of(r->b, it->days_past_due);
            it->amount = items[i].amount;
            if (money_add(l.bucket[it->bucket], it->amount,
                          &l.bucket[it->bucket]) < 0 ||
                money_add(l.net, it->amount, &l.net) < 0)
                return dun_err_set(err, DUN_E_INPUT, "customer %s: balance "
                                   "overflows", customer);
        }
        if (c < ncredits && strcmp(credits[c].currency, l.currency) == 0) {
            l.credit = credits[c].amount;
            l.net -= l.credit;
            c++;
        }
        if (r->cb && r->cb(r->ctx, &l, err) < 0)
            return -1;
        if (add_to(total_for(r->totals, l.currency), &l, r->b->n, err) < 0)
            return -1;
    }
    return 0;
}

static int
on_cached(void *ctx, const struct store_balances *b, struct dun_err *err)
{
    return emit_customer(ctx, b->customer_id, b->items, b->nitems, b->credits,
                         b->ncredits, err);
}

/* The past: recompute this customer's ledger as of the date. */
static int
on_docs(void *ctx, struct store_docs *docs, struct dun_err *err)
{
    struct aging_run *r = ctx;
    struct store_balances b;

    if (balances_compute_as_of(&r->bc, docs, r->as_of, &b, err) < 0)
        return -1;
    return emit_customer(r, b.customer_id, b.items, b.nitems, b.credits,
                         b.ncredits, err);
}

int
report_aging(struct app *app, const struct aging_buckets *b,
             aging_line_cb *cb, void *ctx, struct aging_totals *totals,
             struct dun_err *err)
{
    struct store *st = app->st;
    int32_t as_of = app->as_of;
    struct aging_run r = { .as_of = as_of, .b = b, .cb = cb, .ctx = ctx,
                           .totals = totals };
    int fast;
    int rc;

    memset(totals, 0, sizeof(*totals));
    balances_ctx_init(&r.bc);
    if ((rc = balances_fast_path(st, as_of, &fast, err)) == 0) {
        if (fast)
            rc = st->ops->balances_scan(st, on_cached, &r, err);
        else
            rc = st->ops->docs_scan(st, on_docs, &r, err);
    }
    free(r.items);
    balances_ctx_release(&r.bc);
    return rc;
}

void
aging_totals_release(struct aging_totals *t)
{
    free(t->lines);
    memset(t, 0, sizeof(*t));
}

struct dso_run {
    struct dso_result *res;
    struct dso_countback *cb;
    size_t n;
    int32_t as_of, period_from;
};

static int
on_sales(void *ctx, const struct store_day_sales *s, struct dun_err *err)
{
    struct dso_run *r = ctx;

    for (size_t i = 0; i < r->n; i++) {
        if (strcmp(r->res[i].currency, s->currency) != 0)
            continue;
        dso_countback_feed(&r->cb[i], s->day, s->amount);
        if (s->day >= r->period_from &&
            money_add(r->res[i].sales, s->amount, &r->res[i].sales) < 0)
            return dun_err_set(err, DUN_E_INPUT, "sales overflow");
    }
    return 0;
}

int
report_dso(struct app *app, int32_t period_days,
           struct dso_result **out, size_t *n, struct dun_err *err)
{
    struct store *st = app->st;
    int32_t as_of = app->as_of;
    struct aging_buckets b;
    struct aging_totals t;
    struct dso_run r = { .as_of = as_of };
    int32_t from = date_add_days(as_of, -(10 * period_days - 1));
    int rc = -1;

    aging_buckets_parse("30,60,90", &b);
    if (report_aging(app, &b, NULL, NULL, &t, err) < 0)
        goto out;
    r.n = t.n;
    r.res = xcalloc(t.n + 1, sizeof(*r.res));
    r.cb = xcalloc(t.n + 1, sizeof(*r.cb));
    r.period_from = date_add_days(as_of, -(period_days - 1));
    for (size_t i = 0; i < t.n; i++) {
        memcpy(r.res[i].currency, t.lines[i].currency, 4);
        r.res[i].receivable = t.lines[i].net;
        dso_countback_init(&r.cb[i], t.lines[i].net, as_of);
    }
    if (st->ops->sales_scan(st, from, as_of, on_sales, &r, err) < 0)
        goto out;
    for (size_t i = 0; i < r.n; i++) {
        struct dso_result *d = &r.res[i];

        d->countback_tenths = dso_countback_tenths(&r.cb[i]);
        d->average_tenths = -1;
        if (d->sales > 0) {
            int64_t v;
            /* receivable / sales * days, in tenths, rounded half up */
            if (money_scale(d->receivable, (int64_t)period_days * 10,
                            d->sales, &v) == 0)
                d->average_tenths = v;
        }
    }
    *out = r.res;
    *n = r.n;
    r.res = NULL;
    rc = 0;
out:
    free(r.res);
    free(r.cb);
    aging_totals_release(&t);
    return rc;
}
