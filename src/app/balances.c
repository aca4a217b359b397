/*
 * balances.c - recompute cached balances from documents via the ledger,
 * and balances as of a past date the same way; see balances.h.
 */
#include <stdlib.h>
#include <string.h>

#include "app/balances.h"
#include "app/check.h"
#include "core/aging.h"
#include "core/date.h"
#include "core/xalloc.h"
#include "core/sort.h"

/* Cached balances hold every document: "as of" the end of time. */
#define END_OF_TIME INT32_MAX

void
balances_ctx_init(struct balances_ctx *bc)
{
    memset(bc, 0, sizeof(*bc));
    ledger_init(&bc->ledger);
}

void
balances_ctx_release(struct balances_ctx *bc)
{
    ledger_release(&bc->ledger);
    store_docs_release(&bc->docs);
    arena_release(&bc->arena);
    free(bc->items);
    memset(bc, 0, sizeof(*bc));
}

static int
cmp_credit(const void *pa, const void *pb)
{
    return strcmp(((const struct ledger_credit *)pa)->currency,
                  ((const struct ledger_credit *)pb)->currency);
}

int
balances_compute_as_of(struct balances_ctx *bc, struct store_docs *docs,
                       int32_t as_of, struct store_balances *out,
                       struct dun_err *err)
{
    size_t n = 0;

    if (ledger_compute(&bc->ledger, docs->inv, docs->ninv, docs->pay,
                       docs->npay, docs->disp, docs->ndisp, as_of, err) < 0)
        return dun_err_prefix(err, "customer %s", docs->customer_id);
    if (bc->items_cap < docs->ninv) {
        bc->items_cap = docs->ninv;
        bc->items = xreallocarray(bc->items, bc->items_cap,
                                  sizeof(*bc->items));
    }
    for (size_t i = 0; i < docs->ninv; i++) {
        const struct ledger_invoice *li = &docs->inv[i];

        if (li->is_credit_note || li->open <= 0)
            continue;
        bc->items[n] = (struct open_item){
            .customer_id = docs->customer_id,
            .invoice_number = li->number,
            .issue_date = li->issue_date,
            .due_date = li->due_date,
            .amount = li->open,
            .total = li->total,
        };
        memcpy(bc->items[n].currency, li->currency, 4);
        n++;
    }
    sort_array(bc->items, n, sizeof(*bc->items), open_item_cmp);
    /* The ledger lists credits as they arose; readers merge them with
     * the items by currency, kept or recomputed alike. */
    sort_array(bc->ledger.credits, bc->ledger.ncredits,
               sizeof(*bc->ledger.credits), cmp_credit);
    *out = (struct store_balances){
        .customer_id = docs->customer_id,
        .items = bc->items,
        .nitems = n,
        .credits = bc->ledger.credits,
        .ncredits = bc->ledger.ncredits,
    };
    return 0;
}

int
balances_compute(struct balances_ctx *bc, struct store_docs *docs,
                 struct store_balances *out, struct dun_err *err)
{
    return balances_compute_as_of(bc, docs, END_OF_TIME, out, err);
}

/* The one place kept balances are written. */
static int
balances_store(struct store *st, const struct store_balances *b,
               struct dun_err *err)
{
    return st->ops->balances_put(st, b, err);
}

int
balances_refresh(struct store *st, struct balances_ctx *bc,
                 const char *customer_id, struct dun_err *err)
{
    struct store_balances b;

    arena_reset(&bc->arena);
    if (st->ops->docs_load(st, customer_id, &bc->docs, &bc->arena, err) < 0 ||
        balances_compute(bc, &bc->docs, &b, err) < 0)
        return -1;
    return balances_store(st, &b, err);
}

/* balances_refresh_set's pass over everyone's documents. */
struct refresh_set_ctx {
    struct balances_ctx bc;
    struct store *st;
    const struct strset *ids;
};

static int
on_refresh_set(void *ctx, struct store_docs *docs, struct dun_err *err)
{
    struct refresh_set_ctx *r = ctx;
    struct store_balances b;

    if (!strset_has(r->ids, docs->customer_id))
        return 0;
    if (balances_compute(&r->bc, docs, &b, err) < 0)
        return -1;
    return balances_store(r->st, &b, err);
}

int
balances_refresh_set(struct store *st, const struct strset *ids,
                     struct dun_err *err)
{
    struct refresh_set_ctx r = { .st = st, .ids = ids };
    int64_t ncustomers;
    size_t pos = 0;
    const char *id;
    int rc = 0;

    if (ids->len == 0)
        return 0;
    balances_ctx_init(&r.bc);
    /* A key lookup costs about as much as reading a few customers'
     * documents in a row: past a quarter of the customers, one ordered
     * pass is the cheaper way (an M-set import: 50,000 customers). */
    if ((rc = st->ops->customers_count(st, &ncustomers, err)) == 0) {
        if ((int64_t)ids->len * 4 >= ncustomers)
            rc = st->ops->docs_scan(st, on_refresh_set, &r, err);
        else
            while ((id = strset_next(ids, &pos)) != NULL)
                if ((rc = balances_refresh(st, &r.bc, id, err)) < 0)
                    break;
    }
    balances_ctx_release(&r.bc);
    return rc;
}

int
balances_refresh_customer(struct store *st, const char *customer_id,
                          struct dun_err *err)
{
    struct balances_ctx bc;
    int rc;

    balances_ctx_init(&bc);
    rc = balances_refresh(st, &bc, customer_id, err);
    balances_ctx_release(&bc);
    return rc;
}

int
balances_fast_path(struct store *st, int32_t as_of, int *fast,
                   struct dun_err *err)
{
    int32_t last;

    if (st->ops->last_event_get(st, &last, err) < 0)
        return -1;
    *fast = last == DATE_INVALID || as_of >= last;
    return 0;
}

int
balances_as_of(struct store *st, const char *customer_id, int32_t as_of,
               struct store_balances *out, struct arena *a,
               struct dun_err *err)
{
    struct balances_ctx bc;
    struct store_balances b;
    const char *id = arena_strndup(a, customer_id, strlen(customer_id));
    struct open_item *items;
    struct ledger_credit *credits;
    int rc = -1;

    balances_ctx_init(&bc);
    if (st->ops->docs_load(st, id, &bc.docs, a, err) < 0 ||
        balances_compute_as_of(&bc, &bc.docs, as_of, &b, err) < 0)
        goto out;
    /* The strings are in a already (docs_load); the arrays move there. */
    items = arena_alloc(a, (b.nitems + 1) * sizeof(*items));
    if (b.nitems)
        memcpy(items, b.items, b.nitems * sizeof(*items));
    credits = arena_alloc(a, (b.ncredits + 1) * sizeof(*credits));
    if (b.ncredits)
        memcpy(credits, b.credits, b.ncredits * sizeof(*credits));
    *out = (struct store_balances){
        .customer_id = id,
        .items = items,
        .nitems = b.nitems,
        .credits = credits,
        .ncredits = b.ncredits,
    };
    rc = 0;
out:
    balances_ctx_release(&bc);
    return rc;
}

static int
cmp_item_number(const void *pa, const void *pb)
{
    return strcmp(((const struct open_item *)pa)->invoice_number,
                  ((const struct open_item *)pb)->invoice_number);
}

/* balances_invoices_scan's state: the caller's callback and, off the
 * fast path, the open items of the customer at hand by number. */
struct invoices_as_of {
    struct store *st;
    int32_t as_of;
    int fast, open_only;
    store_invoice_cb *cb;
    void *ctx;
    struct arena arena;
    const char *customer_id; /* whose items are below, or NULL */
    struct open_item *by_number;
    size_t n;
};

static int
on_invoice_as_of(void *ctx, const struct invoice *inv, int64_t open,
                 struct dun_err *err)
{
    struct invoices_as_of *w = ctx;

    /* R1: not issued yet. */
    if (inv->issue_date > w->as_of)
        return 0;
    if (!w->fast) {
        struct open_item key = { .invoice_number = inv->number };
        const struct open_item *hit;

        /* A customer's invoices come together: one ledger each. */
        if (w->customer_id == NULL ||
            strcmp(w->customer_id, inv->customer_id) != 0) {
            struct store_balances b;

            arena_reset(&w->arena);
            if (balances_as_of(w->st, inv->customer_id, w->as_of, &b,
                               &w->arena, err) < 0)
                return -1;
            w->customer_id = b.customer_id;
            /* Ours to reorder: balances_as_of made them in w->arena. */
            w->by_number = (struct open_item *)b.items;
            w->n = b.nitems;
            sort_array(w->by_number, w->n, sizeof(*w->by_number),
                       cmp_item_number);
        }
        hit = search_array(&key, w->by_number, w->n, sizeof(key),
                           cmp_item_number);
        open = hit ? hit->amount : 0;
    }
    if (w->open_only && open <= 0)
        return 0;
    return w->cb(w->ctx, inv, open, err);
}

int
balances_invoices_scan(struct store *st, const char *customer_id,
                       int open_only, int32_t as_of, store_invoice_cb *cb,
                       void *ctx, struct dun_err *err)
{
    struct invoices_as_of w = { .st = st, .as_of = as_of,
                                .open_only = open_only, .cb = cb,
                                .ctx = ctx };
    int rc;

    if (balances_fast_path(st, as_of, &w.fast, err) < 0)
        return -1;
    /* Off the fast path the kept open amounts are not the date's: every
     * invoice is read and filtered here. */
    rc = st->ops->invoices_scan(st, customer_id, w.fast && open_only,
                                on_invoice_as_of, &w, err);
    arena_release(&w.arena);
    return rc;
}

/* An order-independent fingerprint of a set of balances: equal sets give
 * equal digests, and a single differing cent changes the digest. */
struct digest {
    uint64_t hash;
    uint64_t count;
    int64_t sum;
};

static uint64_t
mix(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void
digest_add(struct digest *d, const char *customer, const char *key,
           const char *currency, int32_t due, int64_t amount)
{
    uint64_t h = 1469598103934665603ull;

    h = mix(h, customer, strlen(customer) + 1);
    h = mix(h, key, strlen(key) + 1);
    h = mix(h, currency, 3);
    h = mix(h, &due, sizeof(due));
    h = mix(h, &amount, sizeof(amount));
    d->hash += h;
    d->count++;
    d->sum += amount;
}

static void
digest_balances(struct digest *d, const struct store_balances *b)
{
    for (size_t i = 0; i < b->nitems; i++)
        digest_add(d, b->customer_id, b->items[i].invoice_number,
                   b->items[i].currency, b->items[i].due_date,
                   b->items[i].amount);
    for (size_t i = 0; i < b->ncredits; i++)
        digest_add(d, b->customer_id, "", b->credits[i].currency, 0,
                   -b->credits[i].amount);
}

struct verify_ctx {
    struct balances_ctx bc;
    struct digest fresh, cached;
};

static int
on_docs(void *ctx, struct store_docs *docs, struct dun_err *err)
{
    struct verify_ctx *v = ctx;
    struct store_balances b;

    if (balances_compute(&v->bc, docs, &b, err) < 0)
        return -1;
    digest_balances(&v->fresh, &b);
    return 0;
}

static int
on_cached(void *ctx, const struct store_balances *b, struct dun_err *err)
{
    struct verify_ctx *v = ctx;

    (void)err;
    digest_balances(&v->cached, b);
    return 0;
}

int
balances_verify(struct app *app, struct dun_err *err)
{
    struct store *st = app->st;
    struct verify_ctx v = {0};
    int rc = -1;

    balances_ctx_init(&v.bc);
    if (st->ops->docs_scan(st, on_docs, &v, err) < 0 ||
        st->ops->balances_scan(st, on_cached, &v, err) < 0)
        goto out;
    if (memcmp(&v.fresh, &v.cached, sizeof(v.fresh)) != 0) {
        dun_err_set(err, DUN_E_CONFLICT,
                    "cached balances disagree with the ledger: %llu items "
                    "summing %lld recomputed, %llu summing %lld cached",
                    (unsigned long long)v.fresh.count,
                    (long long)v.fresh.sum,
                    (unsigned long long)v.cached.count,
                    (long long)v.cached.sum);
        goto out;
    }
    rc = 0;
out:
    balances_ctx_release(&v.bc);
    return rc;
}

struct rebuild_ctx {
    struct balances_ctx bc;
    struct store *st;
};

static int
on_rebuild(void *ctx, struct store_docs *docs, struct dun_err *err)
{
    struct rebuild_ctx *r = ctx;
    struct store_balances b;

    if (balances_compute(&r->bc, docs, &b, err) < 0)
        return -1;
    return balances_store(r->st, &b, err);
}

int
balances_rebuild(struct app *app, struct dun_err *err)
{
    struct store *st = app->st;
    struct rebuild_ctx r = { .st = st };
    int rc = -1;

    balances_ctx_init(&r.bc);
    if (store_begin(st, err) < 0)
        goto out;
    if (st->ops->balances_clear(st, err) < 0 ||
        st->ops->docs_scan(st, on_rebuild, &r, err) < 0 ||
        store_commit(st, err) < 0) {
        store_rollback(st);
        goto out;
    }
    rc = 0;
out:
    balances_ctx_release(&r.bc);
    return rc;
}
