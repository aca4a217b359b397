/*
 * statement.c - a customer's account in date order; see statement.h.
 */
#include <string.h>

#include "app/statement.h"
#include "core/date.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/sort.h"
#include "store/store.h"

struct order {
    int32_t date;
    int rank; /* invoices, credit notes, payments: the ledger's order */
    const char *key;
    size_t idx;
};

static int
cmp_order(const void *pa, const void *pb)
{
    const struct order *a = pa, *b = pb;

    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank - b->rank;
    return strcmp(a->key, b->key);
}

static int64_t *
balance_of(struct statement *s, const char *currency)
{
    for (size_t i = 0; i < s->nbalances; i++)
        if (strcmp(s->balances[i].currency, currency) == 0)
            return &s->balances[i].balance;
    memcpy(s->balances[s->nbalances].currency, currency, 4);
    s->balances[s->nbalances].balance = 0;
    return &s->balances[s->nbalances++].balance;
}

/*
 * The allocations grouped by the payment or credit note they came from,
 * in the ledger's order within each: start[kind][i] .. start[kind][i+1]
 * index into at[kind]. Built once, so that a statement of 100,000
 * documents does not scan every allocation for every payment.
 */
struct by_source {
    size_t *start[2], *at[2];
};

static void
index_allocs(struct by_source *bs, const struct ledger *lg, size_t npay,
             size_t ninv, struct arena *a)
{
    size_t n[2] = { npay, ninv };

    for (int k = 0; k < 2; k++) {
        bs->start[k] = arena_alloc(a, (n[k] + 2) * sizeof(size_t));
        memset(bs->start[k], 0, (n[k] + 2) * sizeof(size_t));
    }
    for (size_t i = 0; i < lg->nallocs; i++)
        bs->start[lg->allocs[i].kind][lg->allocs[i].source + 2]++;
    for (int k = 0; k < 2; k++) {
        for (size_t i = 2; i < n[k] + 2; i++)
            bs->start[k][i] += bs->start[k][i - 1];
        bs->at[k] = arena_alloc(a, (bs->start[k][n[k] + 1] + 1) *
                                       sizeof(size_t));
    }
    /* start[k][i + 1] is the next free place of source i while placing;
     * afterwards it is where source i ends, start[k][i] where it begins. */
    for (size_t i = 0; i < lg->nallocs; i++) {
        const struct ledger_alloc *al = &lg->allocs[i];

        bs->at[al->kind][bs->start[al->kind][al->source + 1]++] = i;
    }
}

/* The allocations made from one payment or credit note. */
static void
fill_applied(struct statement *s, struct statement_line *l,
             const struct ledger *lg, const struct by_source *bs,
             const struct store_docs *d, enum ledger_source kind,
             size_t source)
{
    size_t from = bs->start[kind][source], to = bs->start[kind][source + 1];
    struct statement_applied *ap;

    if (from == to)
        return;
    ap = arena_alloc(&s->arena, (to - from) * sizeof(*ap));
    for (size_t i = from; i < to; i++) {
        const struct ledger_alloc *al = &lg->allocs[bs->at[kind][i]];

        ap[l->napplied].invoice_number = d->inv[al->invoice].number;
        ap[l->napplied++].amount = al->amount;
    }
    l->applied = ap;
}

int
statement_build(struct app *app, const char *customer_id,
                struct statement *s, struct dun_err *err)
{
    struct store *st = app->st;
    struct store_docs docs = {0};
    struct ledger lg = LEDGER_INIT;
    struct order *ord = NULL;
    struct by_source bs;
    size_t n = 0;
    int rc = -1, found;

    memset(s, 0, sizeof(*s));
    s->as_of = app->as_of;
    found = st->ops->customer_get(st, customer_id, &s->customer, NULL,
                                  &s->arena, err);
    if (found == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "no customer '%s'", customer_id);
    if (found <= 0)
        goto out;
    if (st->ops->docs_load(st, s->customer.id, &docs, &s->arena, err) < 0 ||
        ledger_compute(&lg, docs.inv, docs.ninv, docs.pay, docs.npay,
                       docs.disp, docs.ndisp, s->as_of, err) < 0)
        goto out;
    index_allocs(&bs, &lg, docs.npay, docs.ninv, &s->arena);
    ord = arena_alloc(&s->arena, (docs.ninv + docs.npay + 1) * sizeof(*ord));
    for (size_t i = 0; i < docs.ninv; i++)
        if (docs.inv[i].issue_date <= s->as_of)
            ord[n++] = (struct order){ docs.inv[i].issue_date,
                                       docs.inv[i].is_credit_note,
                                       docs.inv[i].number, i };
    for (size_t i = 0; i < docs.npay; i++)
        if (docs.pay[i].date <= s->as_of)
            ord[n++] = (struct order){ docs.pay[i].date, 2, docs.pay[i].id,
                                       i };
    sort_array(ord, n, sizeof(*ord), cmp_order);
    s->lines = arena_alloc(&s->arena, (n + 1) * sizeof(*s->lines));
    s->balances = arena_alloc(&s->arena, (n + 1) * sizeof(*s->balances));
    for (size_t k = 0; k < n; k++) {
        struct statement_line *l = &s->lines[s->nlines++];
        const char *cur;
        int64_t *b;

        memset(l, 0, sizeof(*l));
        l->date = ord[k].date;
        l->ref = ord[k].key;
        l->due_date = DATE_INVALID;
        if (ord[k].rank == 2) {
            const struct ledger_payment *p = &docs.pay[ord[k].idx];

            l->kind = STATEMENT_PAYMENT;
            cur = p->currency;
            l->amount = -p->amount;
            fill_applied(s, l, &lg, &bs, &docs, LEDGER_FROM_PAYMENT,
                         ord[k].idx);
        } else {
            const struct ledger_invoice *inv = &docs.inv[ord[k].idx];

            cur = inv->currency;
            if (ord[k].rank) {
                l->kind = STATEMENT_CREDIT_NOTE;
                l->amount = -inv->total;
                fill_applied(s, l, &lg, &bs, &docs, LEDGER_FROM_CREDIT_NOTE,
                             ord[k].idx);
            } else {
                l->kind = STATEMENT_INVOICE;
                l->amount = inv->total;
                l->due_date = inv->due_date;
                l->open = inv->open;
            }
        }
        memcpy(l->currency, cur, 4);
        b = balance_of(s, cur);
        if (money_add(*b, l->amount, b) < 0) {
            dun_err_set(err, DUN_E_INPUT, "customer %s: balance in %s "
                        "overflows", s->customer.id, cur);
            goto out;
        }
        l->balance = *b;
    }
    rc = 0;
out:
    ledger_release(&lg);
    store_docs_release(&docs);
    return rc;
}

void
statement_release(struct statement *s)
{
    arena_release(&s->arena);
    memset(s, 0, sizeof(*s));
}
