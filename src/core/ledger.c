/*
 * ledger.c - allocation of payments and credit notes to invoices.
 *
 * Pure: no I/O, no clock. See ledger.h for the rules (R1..R6) cited below.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "core/sort.h"

/* A piece of unapplied credit and where it came from (R4: oldest first). */
struct ledger_lot {
    char currency[4];
    enum ledger_source kind;
    size_t source;
    int64_t amount;
};

/* One dated event: an invoice, a credit note or a payment. */
struct event {
    int32_t date;
    int rank; /* order within a day: invoices, credit notes, payments */
    const char *key;
    size_t idx;
};

enum { EV_INVOICE, EV_CREDIT_NOTE, EV_PAYMENT };
enum { ST_UNISSUED, ST_OPEN, ST_SETTLED };

/* qsort has no context argument: sort (key, index) pairs instead. */
struct due_key {
    int32_t due, issue;
    const char *number;
    size_t idx;
};

/* Everything one computation works on. */
struct run {
    struct ledger *lg;
    struct ledger_invoice *inv;
    const struct ledger_payment *pay;
    size_t *by_due;        /* issued invoices, oldest due first */
    size_t nby_due;
    size_t first_live;     /* by_due[0..first_live) are settled for good */
    struct due_key *by_number; /* the same invoices, by number */
    size_t next_number;    /* by_number's one after the last found */
    unsigned char *state;  /* per invoice: ST_* */
    /* R6: each issued invoice's disputes as a list through disp_next,
     * SIZE_MAX ending it; both NULL when the customer has none. */
    const struct ledger_dispute *disp;
    size_t *disp_head;     /* per invoice: its first dispute */
    size_t *disp_next;     /* per dispute: the invoice's next one */
    struct dun_err *err;
};

static int
cmp_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "");
}

static int
cmp_event(const void *pa, const void *pb)
{
    const struct event *a = pa, *b = pb;

    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank < b->rank ? -1 : 1;
    return cmp_str(a->key, b->key);
}


static int
cmp_due(const void *pa, const void *pb)
{
    const struct due_key *a = pa, *b = pb;

    if (a->due != b->due)
        return a->due < b->due ? -1 : 1;
    if (a->issue != b->issue)
        return a->issue < b->issue ? -1 : 1;
    return cmp_str(a->number, b->number);
}

static void
add_alloc(struct run *r, enum ledger_source kind, size_t source, size_t inv,
          int32_t date, int64_t amount)
{
    struct ledger *lg = r->lg;

    if (lg->nallocs == lg->allocs_cap) {
        lg->allocs_cap = lg->allocs_cap ? lg->allocs_cap * 2 : 16;
        lg->allocs =
            xreallocarray(lg->allocs, lg->allocs_cap, sizeof(*lg->allocs));
    }
    lg->allocs[lg->nallocs++] = (struct ledger_alloc){
        .kind = kind, .source = source, .invoice = inv, .date = date,
        .amount = amount,
    };
}

/* Apply up to *amount to invoice i; returns what was applied. */
static int64_t
apply_to(struct run *r, size_t i, enum ledger_source kind, size_t source,
         int32_t date, int64_t *amount)
{
    struct ledger_invoice *iv = &r->inv[i];
    int64_t take;

    if (r->state[i] != ST_OPEN || *amount <= 0)
        return 0;
    take = iv->open < *amount ? iv->open : *amount;
    iv->open -= take;
    *amount -= take;
    add_alloc(r, kind, source, i, date, take);
    if (iv->open == 0) {
        r->state[i] = ST_SETTLED;
        iv->settled_date = date;
    }
    return take;
}

/* R6: whether invoice i is disputed for money dated date. */
static int
disputed_on(const struct run *r, size_t i, int32_t date)
{
    for (size_t d = r->disp_head[i]; d != SIZE_MAX; d = r->disp_next[d]) {
        const struct ledger_dispute *dp = &r->disp[d];

        if (dp->opened_on <= date &&
            (dp->resolved_on == DATE_INVALID || dp->resolved_on > date))
            return 1;
    }
    return 0;
}

/* R2/R3/R6: the rest goes to open invoices of the currency, oldest due
 * first, undisputed ones before disputed ones. */
static void
apply_oldest_first(struct run *r, const char *currency,
                   enum ledger_source kind, size_t source, int32_t date,
                   int64_t *amount)
{
    /* Without disputes the first pass takes every open invoice. */
    int passes = r->disp_head ? 2 : 1;

    /* Settled invoices never reopen, so a settled prefix is skipped for
     * good: the scan stays linear over a customer's history. */
    while (r->first_live < r->nby_due &&
           r->state[r->by_due[r->first_live]] == ST_SETTLED)
        r->first_live++;
    for (int pass = 0; pass < passes && *amount > 0; pass++) {
        for (size_t k = r->first_live; k < r->nby_due && *amount > 0; k++) {
            size_t i = r->by_due[k];

            if (memcmp(r->inv[i].currency, currency, 4) != 0 ||
                r->state[i] != ST_OPEN)
                continue;
            if (passes == 2 && disputed_on(r, i, date) != pass)
                continue;
            apply_to(r, i, kind, source, date, amount);
        }
    }
}

static void
add_lot(struct run *r, const char *currency, enum ledger_source kind,
        size_t source, int64_t amount)
{
    struct ledger *lg = r->lg;

    if (amount <= 0)
        return;
    if (lg->nlots == lg->lots_cap) {
        lg->lots_cap = lg->lots_cap ? lg->lots_cap * 2 : 8;
        lg->lots = xreallocarray(lg->lots, lg->lots_cap, sizeof(*lg->lots));
    }
    memcpy(lg->lots[lg->nlots].currency, currency, 4);
    lg->lots[lg->nlots].kind = kind;
    lg->lots[lg->nlots].source = source;
    lg->lots[lg->nlots].amount = amount;
    lg->nlots++;
}

static int
cmp_number(const void *pa, const void *pb)
{
    const struct due_key *a = pa, *b = pb;

    return cmp_str(a->number, b->number);
}

/* The invoice (not credit note) with this number, or SIZE_MAX. Money
 * mostly comes in the order of the invoices it pays: the one after the
 * last found is asked first. */
static size_t
find_invoice(struct run *r, const char *number)
{
    struct due_key key = { .number = number };
    const struct due_key *hit;

    if (number == NULL || number[0] == '\0')
        return SIZE_MAX;
    if (r->next_number < r->nby_due &&
        cmp_str(r->by_number[r->next_number].number, number) == 0)
        return r->by_number[r->next_number++].idx;
    hit = search_array(&key, r->by_number, r->nby_due, sizeof(key), cmp_number);
    if (hit == NULL)
        return SIZE_MAX;
    r->next_number = (size_t)(hit - r->by_number) + 1;
    return hit->idx;
}

/* R6: hang each dispute on the issued invoice it names; a dispute naming
 * none (a credit note, another customer's invoice, one not issued by
 * as_of) can never matter and is left out. */
static void
link_disputes(struct run *r, size_t ninv, size_t ndisp)
{
    r->disp_head = xmalloc((ninv + 1) * sizeof(*r->disp_head));
    r->disp_next = xmalloc(ndisp * sizeof(*r->disp_next));
    for (size_t i = 0; i < ninv; i++)
        r->disp_head[i] = SIZE_MAX;
    for (size_t d = 0; d < ndisp; d++) {
        size_t i = find_invoice(r, r->disp[d].invoice_number);

        r->disp_next[d] = SIZE_MAX;
        if (i == SIZE_MAX)
            continue;
        r->disp_next[d] = r->disp_head[i];
        r->disp_head[i] = d;
    }
}

/* Money from a payment or credit note: its own invoice first, then oldest
 * first, the rest is credit (R2, R3). */
static void
apply_money(struct run *r, size_t target, const char *currency,
            enum ledger_source kind, size_t source, int32_t date,
            int64_t amount)
{
    if (target != SIZE_MAX &&
        memcmp(r->inv[target].currency, currency, 4) == 0)
        apply_to(r, target, kind, source, date, &amount);
    apply_oldest_first(r, currency, kind, source, date, &amount);
    add_lot(r, currency, kind, source, amount);
}

/* R4: a new invoice takes credit of its currency, oldest lot first. */
static void
issue_invoice(struct run *r, size_t i)
{
    struct ledger *lg = r->lg;
    struct ledger_invoice *iv = &r->inv[i];

    iv->open = iv->total;
    r->state[i] = iv->total > 0 ? ST_OPEN : ST_SETTLED;
    if (iv->total == 0)
        iv->settled_date = iv->issue_date;
    for (size_t k = 0; k < lg->nlots && r->state[i] == ST_OPEN; k++) {
        struct ledger_lot *lot = &lg->lots[k];

        if (lot->amount > 0 && memcmp(lot->currency, iv->currency, 4) == 0)
            apply_to(r, i, lot->kind, lot->source, iv->issue_date,
                     &lot->amount);
    }
}

/* Sum remaining lots per currency into lg->credits. */
static int
sum_credits(struct run *r)
{
    struct ledger *lg = r->lg;

    for (size_t k = 0; k < lg->nlots; k++) {
        struct ledger_lot *lot = &lg->lots[k];
        size_t c;

        if (lot->amount <= 0)
            continue;
        for (c = 0; c < lg->ncredits; c++)
            if (memcmp(lg->credits[c].currency, lot->currency, 4) == 0)
                break;
        if (c == lg->ncredits) {
            if (lg->ncredits == lg->credits_cap) {
                lg->credits_cap = lg->credits_cap ? lg->credits_cap * 2 : 4;
                lg->credits = xreallocarray(lg->credits, lg->credits_cap,
                                            sizeof(*lg->credits));
            }
            memcpy(lg->credits[c].currency, lot->currency, 4);
            lg->credits[c].amount = 0;
            lg->ncredits++;
        }
        if (money_add(lg->credits[c].amount, lot->amount,
                      &lg->credits[c].amount) < 0)
            return dun_err_set(r->err, DUN_E_INPUT,
                               "credit in %s overflows", lot->currency);
    }
    return 0;
}

void
ledger_init(struct ledger *lg)
{
    memset(lg, 0, sizeof(*lg));
}

void
ledger_release(struct ledger *lg)
{
    free(lg->allocs);
    free(lg->credits);
    free(lg->lots);
    free(lg->work);
    ledger_init(lg);
}

/* ev[0..mid) are the invoices' events, ev[mid..n) the payments': each
 * run is mostly in date order already (documents come in key order,
 * and numbers rise with dates), so sort each and merge them into out,
 * instead of sorting all at once. Returns the events in order (ev or
 * out). */
static struct event *
merge_events(struct event *ev, size_t mid, size_t n, struct event *out)
{
    size_t i = 0, j = mid, k = 0;

    sort_array(ev, mid, sizeof(*ev), cmp_event);
    sort_array(ev + mid, n - mid, sizeof(*ev), cmp_event);
    if (mid == 0 || mid == n || cmp_event(&ev[mid - 1], &ev[mid]) <= 0)
        return ev;
    while (i < mid && j < n)
        out[k++] = cmp_event(&ev[j], &ev[i]) < 0 ? ev[j++] : ev[i++];
    while (i < mid)
        out[k++] = ev[i++];
    while (j < n)
        out[k++] = ev[j++];
    return out;
}

/* lg's work block, of at least size bytes. */
static void *
work_space(struct ledger *lg, size_t size)
{
    if (lg->work_cap < size) {
        free(lg->work);
        lg->work_cap = size > 2 * lg->work_cap ? size : 2 * lg->work_cap;
        lg->work = xmalloc(lg->work_cap);
    }
    return lg->work;
}

int
ledger_compute(struct ledger *lg, struct ledger_invoice *inv, size_t ninv,
               const struct ledger_payment *pay, size_t npay,
               const struct ledger_dispute *disp, size_t ndisp, int32_t as_of,
               struct dun_err *err)
{
    struct run r = { .lg = lg, .inv = inv, .pay = pay, .disp = disp,
                     .err = err };
    /* Events twice (to merge), invoices' keys and order, then their
     * states: sizes in multiples of 8 before the bytes. */
    size_t nmax = ninv + npay + 1;
    char *w = work_space(lg, 2 * nmax * sizeof(struct event) +
                                 (ninv + 1) * (sizeof(struct due_key) +
                                               sizeof(size_t) + 1));
    struct event *ev = (struct event *)w, *merged = ev + nmax;
    struct due_key *dk = (struct due_key *)(merged + nmax);
    size_t nev = 0, ninv_ev, ndk = 0;
    int rc = -1;

    lg->nallocs = 0;
    lg->ncredits = 0;
    lg->nlots = 0;
    r.by_due = (size_t *)(dk + ninv + 1);
    r.state = (unsigned char *)(r.by_due + ninv + 1);
    memset(r.state, 0, ninv + 1);

    for (size_t i = 0; i < ninv; i++) {
        inv[i].open = 0;
        inv[i].settled_date = DATE_INVALID;
        if (inv[i].issue_date > as_of) /* R1 */
            continue;
        if (inv[i].total < 0) {
            dun_err_set(err, DUN_E_INPUT, "%s: negative total",
                        inv[i].number);
            goto out;
        }
        ev[nev++] = (struct event){
            .date = inv[i].issue_date,
            .rank = inv[i].is_credit_note ? EV_CREDIT_NOTE : EV_INVOICE,
            .key = inv[i].number, .idx = i,
        };
        if (!inv[i].is_credit_note)
            dk[ndk++] = (struct due_key){ inv[i].due_date, inv[i].issue_date,
                                          inv[i].number, i };
    }
    ninv_ev = nev;
    for (size_t p = 0; p < npay; p++) {
        if (pay[p].date > as_of) /* R1 */
            continue;
        if (pay[p].amount <= 0) {
            dun_err_set(err, DUN_E_INPUT, "%s: amount not positive",
                        pay[p].id);
            goto out;
        }
        ev[nev++] = (struct event){ .date = pay[p].date, .rank = EV_PAYMENT,
                                    .key = pay[p].id, .idx = p };
    }
    ev = merge_events(ev, ninv_ev, nev, merged);
    sort_array(dk, ndk, sizeof(*dk), cmp_due);
    for (size_t k = 0; k < ndk; k++)
        r.by_due[k] = dk[k].idx;
    r.nby_due = ndk;
    /* dk is done with due order: reuse it as the number index. */
    sort_array(dk, ndk, sizeof(*dk), cmp_number);
    r.by_number = dk;
    if (ndisp > 0)
        link_disputes(&r, ninv, ndisp);

    for (size_t e = 0; e < nev; e++) {
        size_t i = ev[e].idx;

        switch (ev[e].rank) {
        case EV_INVOICE:
            issue_invoice(&r, i);
            break;
        case EV_CREDIT_NOTE:
            apply_money(&r, find_invoice(&r, inv[i].applies_to),
                        inv[i].currency, LEDGER_FROM_CREDIT_NOTE, i,
                        inv[i].issue_date, inv[i].total);
            break;
        default:
            apply_money(&r, find_invoice(&r, pay[i].invoice_number),
                        pay[i].currency, LEDGER_FROM_PAYMENT, i, pay[i].date,
                        pay[i].amount);
        }
    }
    rc = sum_credits(&r);
out:
    free(r.disp_head);
    free(r.disp_next);
    return rc;
}
