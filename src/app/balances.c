/*
 * balances.c - recompute cached balances from documents via the ledger.
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

int
balances_compute(struct balances_ctx *bc, struct store_docs *docs,
                 struct store_balances *out, struct dun_err *err)
{
    size_t n = 0;

    if (ledger_compute(&bc->ledger, docs->inv, docs->ninv, docs->pay,
                       docs->npay, docs->disp, docs->ndisp, END_OF_TIME,
                       err) < 0)
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
        };
        memcpy(bc->items[n].currency, li->currency, 4);
        n++;
    }
    sort_array(bc->items, n, sizeof(*bc->items), open_item_cmp);
    *out = (struct store_balances){
        .customer_id = docs->customer_id,
        .items = bc->items,
        .nitems = n,
        .credits = bc->ledger.credits,
        .ncredits = bc->ledger.ncredits,
    };
    return 0;
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
