/*
 * store_sqlite_docs.c - the SQLite backend's operations on documents:
 * invoices, credit notes and payments, kept a pack per customer
 * (store_sqlite_packs.c) and found by number or id through the buckets
 * of keys (store_sqlite_keys.c). The orders store.h promises are made
 * here in C, byte order as the tables' keys had it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/sort.h"
#include "core/xalloc.h"
#include "store/balance_codec.h"
#include "store/store_sqlite_docs.h"
#include "store/store_sqlite_keys.h"
#include "store/store_sqlite_packs.h"

enum {
    D_CUST_CURRENCY,
    D_BAL_GET,
    D_BAL_OPEN_IDS,
    D_CUST_IDS,
    D_DISP,
    D_DISP_ANY,
    D_DISP_ALL,
    D_COUNT
};

static const char *const docs_sql[D_COUNT] = {
    [D_CUST_CURRENCY] = "SELECT currency FROM customer WHERE tenant_id = ?1 "
                        "AND id = ?2",
    [D_BAL_GET] = "SELECT value FROM balance WHERE tenant_id = ?1 AND "
                  "customer_id = ?2",
    [D_BAL_OPEN_IDS] = "SELECT customer_id FROM balance WHERE tenant_id = "
                       "?1 AND open_items > 0 ORDER BY customer_id COLLATE "
                       "BINARY",
    [D_CUST_IDS] = "SELECT id FROM customer WHERE tenant_id = ?1 "
                   "ORDER BY id COLLATE BINARY",
    /* Disputes in their primary key's order, so that a replay reads
     * them in one defined order. */
    [D_DISP] = "SELECT invoice_number, opened_on, resolved_on FROM "
               "dispute WHERE tenant_id = ?1 AND customer_id = ?2 "
               "ORDER BY invoice_number COLLATE BINARY, opened_on",
    [D_DISP_ANY] = "SELECT 1 FROM dispute WHERE tenant_id = ?1 LIMIT 1",
    [D_DISP_ALL] = "SELECT invoice_number, opened_on, resolved_on, "
                   "customer_id FROM dispute WHERE tenant_id = ?1 "
                   "ORDER BY customer_id COLLATE BINARY, "
                   "invoice_number COLLATE BINARY, opened_on",
};
_Static_assert(D_COUNT <= LITE_DOCS_STMTS, "raise LITE_DOCS_STMTS");

static sqlite3_stmt *
dstmt(struct store_sqlite *s, int id, struct dun_err *err)
{
    return sql_prepare(s, &s->docs_stmt[id], docs_sql[id], err);
}

static const char *
dup(struct arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

/* The customer's own currency into cur ("" if no such customer). */
static int
customer_currency(struct store_sqlite *s, const char *id, char *cur,
                  struct dun_err *err)
{
    sqlite3_stmt *q = dstmt(s, D_CUST_CURRENCY, err);
    int rc;

    cur[0] = '\0';
    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, id);
    if ((rc = sql_row(s, q, err, "read customer")) != 1)
        return rc;
    sql_col_currency(q, 0, cur);
    sqlite3_reset(q);
    return 0;
}

int
lite_customer_uses_currency(struct store *st, const char *id,
                            const char *currency, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p;
    char own[4];
    int rc = 0;

    if (customer_currency(s, id, own, err) < 0)
        return -1;
    if (strcmp(own, currency) == 0)
        return 1;
    if ((p = sql_pack(s, id, &tmp, err)) == NULL)
        return -1;
    for (size_t i = 0; i < p->ninv && !rc; i++)
        rc = strcmp(p->inv[i].d.currency, currency) == 0;
    sql_pack_done(s, p);
    return rc;
}

int
lite_customer_currencies(struct store *st, const char *id, int64_t *n,
                         struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p;
    char seen[16][4];
    size_t k = 0;

    if (customer_currency(s, id, seen[0], err) < 0)
        return -1;
    k = seen[0][0] != '\0';
    if ((p = sql_pack(s, id, &tmp, err)) == NULL)
        return -1;
    for (size_t i = 0; i < p->ninv; i++) {
        size_t j = 0;

        while (j < k && strcmp(seen[j], p->inv[i].d.currency) != 0)
            j++;
        if (j == k && k < sizeof(seen) / sizeof(seen[0]))
            memcpy(seen[k++], p->inv[i].d.currency, 4);
    }
    sql_pack_done(s, p);
    *n = (int64_t)k;
    return 0;
}

/* After a write: outside a transaction the pack was written; inside one
 * the cache may be over its budget. */
static int
written(struct store_sqlite *s, struct doc_pack *p, struct dun_err *err)
{
    if (sql_pack_changed(s, p, err) < 0)
        return -1;
    return sql_packs_budget(s, err);
}

/* The pack holding the document key of kind, and its index there: 1
 * found (*pp and *at set; sql_pack_done it), 0 none, -1 error. */
static int
find_doc(struct store_sqlite *s, enum doc_key_kind kind, const char *key,
         struct doc_pack *tmp, struct doc_pack **pp, long *at,
         struct dun_err *err)
{
    const char *owner;
    struct doc_pack *p;
    int rc;

    *pp = NULL;
    *at = -1;
    if ((rc = sql_key_owner(s, kind, key, &owner, err)) != 1)
        return rc;
    if ((p = sql_pack(s, owner, tmp, err)) == NULL)
        return -1;
    *at = kind == DOC_KEY_INVOICE ? doc_pack_find_invoice(p, key)
                                  : doc_pack_find_payment(p, key);
    if (*at < 0) {
        sql_pack_done(s, p);
        return dun_err_set(err, DUN_E_IO, "%s: %s '%s' is said to be "
                           "customer %s's, who has no such document (dun "
                           "check --repair)", s->path,
                           kind == DOC_KEY_INVOICE ? "invoice" : "payment",
                           key, p->customer_id);
    }
    *pp = p;
    return 1;
}

/* A document of either kind, as the insert and update ops pass it. */
struct doc_ref {
    enum doc_key_kind kind;
    const struct invoice *inv; /* DOC_KEY_INVOICE */
    const struct payment *pay; /* DOC_KEY_PAYMENT */
    const struct store_stamp *sp;
};

static const char *
ref_key(const struct doc_ref *d)
{
    return d->kind == DOC_KEY_INVOICE ? d->inv->number : d->pay->id;
}

static const char *
ref_customer(const struct doc_ref *d)
{
    return d->kind == DOC_KEY_INVOICE ? d->inv->customer_id
                                      : d->pay->customer_id;
}

static void
pack_add(struct doc_pack *p, const struct doc_ref *d)
{
    if (d->kind == DOC_KEY_INVOICE)
        doc_pack_add_invoice(p, d->inv, d->sp);
    else
        doc_pack_add_payment(p, d->pay, d->sp);
}

/* insert ops: a number or id is the tenant's once, whoever's document
 * it is. */
static int
insert_doc(struct store_sqlite *s, const struct doc_ref *d, const char *what,
           struct dun_err *err)
{
    struct doc_pack tmp, *p;
    int rc = -1;

    if (sql_may_write(s, what, err) < 0 ||
        (rc = sql_key_claim(s, d->kind, ref_key(d), ref_customer(d),
                            err)) <= 0)
        return rc < 0 ? -1 : 0;
    if ((p = sql_pack(s, ref_customer(d), &tmp, err)) == NULL)
        return -1;
    pack_add(p, d);
    if (sql_pack_changed(s, p, err) < 0 ||
        (!sql_in_transaction(s) &&
         sql_key_set(s, d->kind, ref_key(d), ref_customer(d), err) < 0) ||
        sql_packs_budget(s, err) < 0)
        return -1;
    return 1;
}

/* update ops: in place, or moved to another customer's pack (a
 * corrected export). 1 updated, 0 no such document, -1 error. */
static int
update_doc(struct store_sqlite *s, const struct doc_ref *d, const char *what,
           struct dun_err *err)
{
    struct doc_pack tmp, tmp2, *p, *to;
    long at;
    int rc;

    if (sql_may_write(s, what, err) < 0 ||
        (rc = find_doc(s, d->kind, ref_key(d), &tmp, &p, &at, err)) < 0)
        return -1;
    if (rc == 0)
        return 0;
    if (strcmp(p->customer_id, ref_customer(d)) == 0) {
        if (d->kind == DOC_KEY_INVOICE)
            doc_pack_set_invoice(p, (size_t)at, d->inv, d->sp);
        else
            doc_pack_set_payment(p, (size_t)at, d->pay, d->sp);
        return written(s, p, err) < 0 ? -1 : 1;
    }
    if ((to = sql_pack(s, ref_customer(d), &tmp2, err)) == NULL) {
        sql_pack_done(s, p);
        return -1;
    }
    if (d->kind == DOC_KEY_INVOICE)
        doc_pack_remove_invoice(p, (size_t)at);
    else
        doc_pack_remove_payment(p, (size_t)at);
    pack_add(to, d);
    if (sql_pack_changed(s, p, err) < 0) {
        sql_pack_done(s, to);
        return -1;
    }
    if (sql_pack_changed(s, to, err) < 0 ||
        sql_key_set(s, d->kind, ref_key(d), ref_customer(d), err) < 0 ||
        sql_packs_budget(s, err) < 0)
        return -1;
    return 1;
}

int
lite_invoice_insert(struct store *st, const struct invoice *inv,
                    const struct store_stamp *sp, struct dun_err *err)
{
    const struct doc_ref d = { DOC_KEY_INVOICE, inv, NULL, sp };

    return insert_doc(sql_store(st), &d, "invoice_insert", err);
}

int
lite_invoice_update(struct store *st, const struct invoice *inv,
                    const struct store_stamp *sp, struct dun_err *err)
{
    const struct doc_ref d = { DOC_KEY_INVOICE, inv, NULL, sp };

    return update_doc(sql_store(st), &d, "invoice_update", err) < 0 ? -1 : 0;
}

int
lite_invoice_get(struct store *st, const char *number, struct invoice *out,
                 struct store_stamp *sp, struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p;
    const struct pack_invoice *v;
    long at;
    int rc;

    if ((rc = find_doc(s, DOC_KEY_INVOICE, number, &tmp, &p, &at, err)) != 1)
        return rc;
    v = &p->inv[at];
    *out = v->d;
    out->number = dup(a, v->d.number);
    out->customer_id = dup(a, v->d.customer_id);
    out->applies_to = dup(a, v->d.applies_to);
    out->description = dup(a, v->d.description);
    if (sp)
        *sp = v->sp;
    sql_pack_done(s, p);
    return 1;
}

int
lite_docs_count(struct store *st, const char *customer_id, int64_t *n,
                struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p = sql_pack(s, customer_id, &tmp, err);

    if (p == NULL)
        return -1;
    *n = (int64_t)(p->ninv + p->npay);
    sql_pack_done(s, p);
    return 0;
}

int
lite_invoice_refs(struct store *st, const char *customer_id,
                  struct store_invoice_ref **out, size_t *n, struct arena *a,
                  struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p = sql_pack(s, customer_id, &tmp, err);
    struct store_invoice_ref *v;

    *out = NULL;
    *n = 0;
    if (p == NULL)
        return -1;
    doc_pack_sort(p);
    v = arena_alloc(a, (p->ninv ? p->ninv : 1) * sizeof(*v));
    for (size_t i = 0; i < p->ninv; i++) {
        v[i].number = dup(a, p->inv[i].d.number);
        v[i].type = p->inv[i].d.type;
        memcpy(v[i].currency, p->inv[i].d.currency, 4);
    }
    *out = v;
    *n = p->ninv;
    sql_pack_done(s, p);
    return 0;
}

/* One customer's cached balances into b (nothing cached: none). */
static int
balance_get(struct store_sqlite *s, const char *customer_id,
            struct store_balances *b, struct arena *a, struct dun_err *err)
{
    sqlite3_stmt *q = dstmt(s, D_BAL_GET, err);
    int rc;

    *b = (struct store_balances){ .customer_id = customer_id };
    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    if ((rc = sql_row(s, q, err, "read balance")) != 1)
        return rc;
    rc = balance_decode(sqlite3_column_blob(q, 0),
                        (size_t)sqlite3_column_bytes(q, 0), b, a, err);
    sqlite3_reset(q);
    return rc;
}

static int
cmp_item_number(const void *pa, const void *pb)
{
    const struct open_item *a = pa, *b = pb;

    return strcmp(a->invoice_number, b->invoice_number);
}

static int
cmp_invoice_by_issue(const void *pa, const void *pb)
{
    const struct invoice *a = pa, *b = pb;

    if (a->issue_date != b->issue_date)
        return a->issue_date < b->issue_date ? -1 : 1;
    return strcmp(a->number, b->number);
}

/* Copies of a customer's invoices (strings too) in a, by issue date then
 * number: callbacks may write, and a write may empty the pack cache. */
static int
copy_invoices(struct store_sqlite *s, const char *customer_id,
              struct invoice **out, size_t *n, struct arena *a,
              struct dun_err *err)
{
    struct doc_pack tmp, *p = sql_pack(s, customer_id, &tmp, err);
    struct invoice *v;

    if (p == NULL)
        return -1;
    v = arena_alloc(a, (p->ninv ? p->ninv : 1) * sizeof(*v));
    for (size_t i = 0; i < p->ninv; i++) {
        v[i] = p->inv[i].d;
        v[i].number = dup(a, v[i].number);
        v[i].customer_id = dup(a, v[i].customer_id);
        v[i].applies_to = dup(a, v[i].applies_to);
        v[i].description = dup(a, v[i].description);
    }
    *n = p->ninv;
    sql_pack_done(s, p);
    sort_array(v, *n, sizeof(*v), cmp_invoice_by_issue);
    *out = v;
    return 0;
}

/* One customer's invoices with their cached open amounts. */
static int
scan_customer_invoices(struct store_sqlite *s, const char *customer_id,
                       int open_only, store_invoice_cb *cb, void *ctx,
                       struct arena *a, struct dun_err *err)
{
    struct store_balances b;
    struct open_item *items;
    struct invoice *v;
    size_t n;

    arena_reset(a);
    if (balance_get(s, customer_id, &b, a, err) < 0)
        return -1;
    if (open_only && b.nitems == 0)
        return 0;
    items = (struct open_item *)b.items;
    sort_array(items, b.nitems, sizeof(*items), cmp_item_number);
    if (copy_invoices(s, customer_id, &v, &n, a, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct open_item key = { .invoice_number = v[i].number }, *it;

        it = search_array(&key, items, b.nitems, sizeof(*items),
                          cmp_item_number);
        if (open_only && it == NULL)
            continue;
        if (cb(ctx, &v[i], it ? it->amount : 0, err) < 0)
            return -1;
    }
    return 0;
}

int
lite_invoices_scan(struct store *st, const char *customer_id, int open_only,
                   store_invoice_cb *cb, void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct arena a = ARENA_INIT, ids = ARENA_INIT;
    sqlite3_stmt *q;
    int rc = 0;

    if (sql_scan_enter(s, "invoices_scan", 0, err) < 0)
        return -1;
    if (customer_id) {
        rc = scan_customer_invoices(s, customer_id, open_only, cb, ctx, &a,
                                    err);
        sql_scan_leave(s);
        arena_release(&a);
        return rc;
    }
    /* Every customer in id order; only those with open items when that
     * is all that is asked for. */
    if ((q = dstmt(s, open_only ? D_BAL_OPEN_IDS : D_CUST_IDS, err)) ==
        NULL) {
        sql_scan_leave(s);
        return -1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *id = sql_col_str(q, 0, &ids);

        if (scan_customer_invoices(s, id, open_only, cb, ctx, &a, err) < 0) {
            rc = -1;
            break;
        }
        arena_reset(&ids);
    }
    sqlite3_reset(q);
    sql_scan_leave(s);
    arena_release(&a);
    arena_release(&ids);
    if (rc == -1)
        return -1;
    return rc == SQLITE_DONE ? 0 : sql_fail(s, err, "read customers");
}

int
lite_payment_insert(struct store *st, const struct payment *pay,
                    const struct store_stamp *sp, struct dun_err *err)
{
    const struct doc_ref d = { DOC_KEY_PAYMENT, NULL, pay, sp };

    return insert_doc(sql_store(st), &d, "payment_insert", err);
}

int
lite_payment_update(struct store *st, const struct payment *pay,
                    const struct store_stamp *sp, struct dun_err *err)
{
    const struct doc_ref d = { DOC_KEY_PAYMENT, NULL, pay, sp };

    return update_doc(sql_store(st), &d, "payment_update", err) < 0 ? -1 : 0;
}

static void
copy_payment(struct payment *to, const struct payment *from, struct arena *a)
{
    *to = *from;
    to->id = dup(a, from->id);
    to->customer_id = dup(a, from->customer_id);
    to->invoice_number = dup(a, from->invoice_number);
    to->method = dup(a, from->method);
    to->reference = dup(a, from->reference);
}

int
lite_payment_get(struct store *st, const char *id, struct payment *out,
                 struct store_stamp *sp, struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p;
    long at;
    int rc;

    if ((rc = find_doc(s, DOC_KEY_PAYMENT, id, &tmp, &p, &at, err)) != 1)
        return rc;
    copy_payment(out, &p->pay[at].d, a);
    if (sp)
        *sp = p->pay[at].sp;
    sql_pack_done(s, p);
    return 1;
}

static int
cmp_payment_by_date(const void *pa, const void *pb)
{
    const struct payment *a = pa, *b = pb;

    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return strcmp(a->id, b->id);
}

/* A pack's payments copied into a, by date then id: callbacks may
 * write, and a write may empty the pack cache. */
static struct payment *
copy_payments(const struct doc_pack *p, struct arena *a)
{
    struct payment *v = arena_alloc(a, (p->npay ? p->npay : 1) * sizeof(*v));

    for (size_t i = 0; i < p->npay; i++)
        copy_payment(&v[i], &p->pay[i].d, a);
    sort_array(v, p->npay, sizeof(*v), cmp_payment_by_date);
    return v;
}

static int
each_payment(const struct payment *v, size_t n, store_payment_cb *cb,
             void *ctx, struct dun_err *err)
{
    for (size_t i = 0; i < n; i++)
        if (cb(ctx, &v[i], err) < 0)
            return -1;
    return 0;
}

struct payments_scan_ctx {
    store_payment_cb *cb;
    void *ctx;
    struct arena a;
};

static int
on_pack_payments(void *ctx, struct doc_pack *p, struct dun_err *err)
{
    struct payments_scan_ctx *c = ctx;

    arena_reset(&c->a);
    return each_payment(copy_payments(p, &c->a), p->npay, c->cb, c->ctx,
                        err);
}

int
lite_payments_scan(struct store *st, const char *customer_id,
                   store_payment_cb *cb, void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct payments_scan_ctx c = { cb, ctx, ARENA_INIT };
    int rc = -1;

    if (sql_scan_enter(s, "payments_scan", 0, err) < 0)
        return -1;
    if (customer_id) {
        struct doc_pack tmp, *p = sql_pack(s, customer_id, &tmp, err);

        if (p != NULL) {
            struct payment *v = copy_payments(p, &c.a);
            size_t n = p->npay;

            sql_pack_done(s, p);
            rc = each_payment(v, n, cb, ctx, err);
        }
    } else {
        rc = sql_packs_scan(s, on_pack_payments, &c, err);
    }
    sql_scan_leave(s);
    arena_release(&c.a);
    return rc;
}

/* The disputes of one customer as they accumulate: an array in the
 * arena, doubled when full (store.h: disp lives in the caller's arena). */
struct disp_buf {
    struct ledger_dispute *d;
    size_t n, cap;
};

static void
read_doc_dispute(sqlite3_stmt *q, struct disp_buf *b, struct arena *a)
{
    struct ledger_dispute *d;

    if (b->n == b->cap) {
        struct ledger_dispute *grown;

        b->cap = b->cap ? b->cap * 2 : 4;
        grown = arena_alloc(a, b->cap * sizeof(*grown));
        if (b->n)
            memcpy(grown, b->d, b->n * sizeof(*grown));
        b->d = grown;
    }
    d = &b->d[b->n++];
    d->invoice_number = sql_col_str(q, 0, a);
    d->opened_on = sql_col_date(q, 1);
    d->resolved_on = sqlite3_column_type(q, 2) == SQLITE_NULL
                         ? DATE_INVALID
                         : sql_col_date(q, 2);
}

/* A pack's documents as the ledger reads them, strings in a, in key
 * order (the order the tables gave). */
static void
pack_docs(struct doc_pack *p, struct store_docs *docs, struct arena *a)
{
    doc_pack_sort(p);
    for (size_t i = 0; i < p->ninv; i++) {
        const struct invoice *v = &p->inv[i].d;
        struct ledger_invoice *li = store_docs_add_invoice(docs);

        li->number = dup(a, v->number);
        li->applies_to = dup(a, v->applies_to);
        li->issue_date = v->issue_date;
        li->due_date = v->due_date;
        memcpy(li->currency, v->currency, 4);
        li->total = v->total;
        li->is_credit_note = v->type == INVOICE_CREDIT_NOTE;
    }
    for (size_t i = 0; i < p->npay; i++) {
        const struct payment *v = &p->pay[i].d;
        struct ledger_payment *lp = store_docs_add_payment(docs);

        lp->id = dup(a, v->id);
        lp->invoice_number = dup(a, v->invoice_number);
        lp->date = v->date;
        memcpy(lp->currency, v->currency, 4);
        lp->amount = v->amount;
    }
}

int
lite_docs_load(struct store *st, const char *customer_id,
               struct store_docs *docs, struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p;
    struct disp_buf db = { NULL, 0, 0 };
    sqlite3_stmt *q;
    int rc;

    store_docs_reset(docs);
    docs->customer_id = customer_id;
    docs->disp = NULL;
    docs->ndisp = 0;
    if ((p = sql_pack(s, customer_id, &tmp, err)) == NULL)
        return -1;
    pack_docs(p, docs, a);
    sql_pack_done(s, p);
    if (sql_in_transaction(s)) {
        if (!s->no_disputes) {
            if ((q = dstmt(s, D_DISP_ANY, err)) == NULL ||
                (rc = sql_any(s, q, err, "read disputes")) < 0)
                return -1;
            s->no_disputes = rc == 0;
        }
        if (s->no_disputes)
            return 0;
    }
    if ((q = dstmt(s, D_DISP, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        read_doc_dispute(q, &db, a);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, "read disputes");
    docs->disp = db.d;
    docs->ndisp = db.n;
    return 0;
}

struct docs_scan_ctx {
    store_docs_cb *cb;
    void *ctx;
    sqlite3_stmt *disp; /* every dispute, by customer */
    int disp_rc;        /* its last step */
    struct store_docs docs;
    struct arena a;
};

static int
on_pack_docs(void *ctx, struct doc_pack *p, struct dun_err *err)
{
    struct docs_scan_ctx *c = ctx;
    struct disp_buf db = { NULL, 0, 0 };
    const char *cust;

    arena_reset(&c->a);
    store_docs_reset(&c->docs);
    cust = dup(&c->a, p->customer_id);
    c->docs.customer_id = cust;
    pack_docs(p, &c->docs, &c->a);
    /* Disputes follow the documents: a customer without documents gets
     * no callback, so its disputes (of invoices gone) are passed over. */
    while (c->disp_rc == SQLITE_ROW &&
           strcmp((const char *)sqlite3_column_text(c->disp, 3), cust) < 0)
        c->disp_rc = sqlite3_step(c->disp);
    while (c->disp_rc == SQLITE_ROW &&
           strcmp((const char *)sqlite3_column_text(c->disp, 3), cust) == 0) {
        read_doc_dispute(c->disp, &db, &c->a);
        c->disp_rc = sqlite3_step(c->disp);
    }
    c->docs.disp = db.d;
    c->docs.ndisp = db.n;
    return c->cb(c->ctx, &c->docs, err);
}

int
lite_docs_scan(struct store *st, store_docs_cb *cb, void *ctx,
               struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct docs_scan_ctx c = { .cb = cb, .ctx = ctx, .a = ARENA_INIT };
    int rc = -1;

    if (sql_scan_enter(s, "docs_scan", 0, err) < 0)
        return -1;
    /* Written before the disputes are read: the scan of packs writes the
     * changed ones first. */
    if (sql_packs_flush(s, err) < 0 || (c.disp = dstmt(s, D_DISP_ALL, err)) ==
                                           NULL)
        goto out;
    c.disp_rc = sqlite3_step(c.disp);
    if (sql_packs_scan(s, on_pack_docs, &c, err) < 0)
        goto out;
    if (c.disp_rc != SQLITE_DONE && c.disp_rc != SQLITE_ROW) {
        sql_fail(s, err, "read disputes");
        goto out;
    }
    rc = 0;
out:
    if (c.disp)
        sqlite3_reset(c.disp);
    sql_scan_leave(s);
    store_docs_release(&c.docs);
    arena_release(&c.a);
    return rc;
}

struct sales_ctx {
    int32_t from, to;
    struct store_day_sales *v;
    size_t n, cap;
};

static int
cmp_sales_key(const void *pa, const void *pb)
{
    const struct store_day_sales *a = pa, *b = pb;

    if (a->day != b->day)
        return a->day < b->day ? -1 : 1;
    return strcmp(a->currency, b->currency);
}

static int
on_pack_sales(void *ctx, struct doc_pack *p, struct dun_err *err)
{
    struct sales_ctx *c = ctx;

    (void)err;
    for (size_t i = 0; i < p->ninv; i++) {
        const struct invoice *v = &p->inv[i].d;

        if (v->issue_date < c->from || v->issue_date > c->to)
            continue;
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 256;
            c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
        }
        c->v[c->n].day = v->issue_date;
        memcpy(c->v[c->n].currency, v->currency, 4);
        c->v[c->n].amount =
            v->type == INVOICE_CREDIT_NOTE ? -v->total : v->total;
        c->n++;
    }
    return 0;
}

int
lite_sales_scan(struct store *st, int32_t from, int32_t to,
                store_sales_cb *cb, void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct sales_ctx c = { .from = from, .to = to };
    size_t n = 0;
    int rc;

    if (sql_scan_enter(s, "sales_scan", 0, err) < 0)
        return -1;
    rc = sql_packs_scan(s, on_pack_sales, &c, err);
    sql_scan_leave(s);
    if (rc < 0)
        goto out;
    /* Summed per day and currency, as GROUP BY did; the newest day
     * first, a day's currencies in byte order. */
    sort_array(c.v, c.n, sizeof(*c.v), cmp_sales_key);
    for (size_t i = 0; i < c.n; i++) {
        if (n > 0 && cmp_sales_key(&c.v[n - 1], &c.v[i]) == 0)
            c.v[n - 1].amount += c.v[i].amount;
        else
            c.v[n++] = c.v[i];
    }
    /* Each day from the newest; within a day, currencies ascend. */
    for (size_t end = n; end > 0 && rc == 0;) {
        size_t start = end;

        while (start > 0 && c.v[start - 1].day == c.v[end - 1].day)
            start--;
        for (size_t i = start; i < end && rc == 0; i++)
            rc = cb(ctx, &c.v[i], err);
        end = start;
    }
out:
    free(c.v);
    return rc;
}

int
lite_payments_sum(struct store *st, const char *customer_id,
                  const char *currency, int32_t from, int32_t to,
                  int64_t *sum, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct doc_pack tmp, *p = sql_pack(s, customer_id, &tmp, err);

    *sum = 0;
    if (p == NULL)
        return -1;
    for (size_t i = 0; i < p->npay; i++) {
        const struct payment *v = &p->pay[i].d;

        if (strcmp(v->currency, currency) == 0 && v->date >= from &&
            v->date <= to)
            *sum += v->amount;
    }
    sql_pack_done(s, p);
    return 0;
}
