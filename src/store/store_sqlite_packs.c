/*
 * store_sqlite_packs.c - documents in packs, one per customer, in
 * SQLite; see store_sqlite_packs.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "core/xalloc.h"
#include "store/cache_budget.h"
#include "store/doc_keys.h"
#include "store/store_sqlite_packs.h"

/* Past its budget the cache writes and forgets the packs used longest
 * ago, down to half its budget: an import of M changes about 150 MB of
 * packs, L ten times more. A file that comes customer by customer works
 * on one at a time, and keeps to the least budget; one in another order
 * (a bank's payments, by date) makes it grow to the most
 * (store/cache_budget.h), which keeps an import of L under 300 MB. */
#define PACK_CACHE_LEAST ((size_t)8 << 20)
#define PACK_CACHE_MOST ((size_t)128 << 20)
/* Bits that tell forgotten customers apart (128 KB). */
#define PACK_CACHE_SLOTS ((size_t)1 << 20)

struct sql_pack_cache {
    struct doc_pack **slot; /* open addressing on the customer's hash */
    size_t cap, n;
    uint64_t tick;
    struct doc_pack *last;  /* files come a customer at a time */
    size_t bytes;
    /* When to evict: the budget, or twice what stayed after the last
     * eviction if more (a customer whose pack alone is past half the
     * budget would otherwise have every write evict). */
    size_t limit;
    struct cache_budget budget;
    struct sbuf value;      /* a pack encoded */
    /* The tenant had no pack when the cache began (a first import): a
     * customer's is then only in the store if this cache wrote it
     * (forgot it), and no other is looked for, a query each. */
    int none_stored;
};

enum { P_GET, P_PUT, P_DELETE, P_SCAN, P_ANY };

static const char *const pack_sql[LITE_PACK_STMTS] = {
    [P_GET] = "SELECT value FROM doc_pack WHERE tenant_id = ?1 AND "
              "customer_id = ?2",
    [P_PUT] = "INSERT INTO doc_pack(tenant_id, customer_id, value) VALUES "
              "(?1, ?2, ?3) ON CONFLICT DO UPDATE SET value = "
              "excluded.value",
    [P_DELETE] = "DELETE FROM doc_pack WHERE tenant_id = ?1 AND "
                 "customer_id = ?2",
    [P_SCAN] = "SELECT customer_id, value FROM doc_pack WHERE tenant_id = "
               "?1 ORDER BY customer_id COLLATE BINARY",
    [P_ANY] = "SELECT 1 FROM doc_pack WHERE tenant_id = ?1 LIMIT 1",
};

static sqlite3_stmt *
pack_stmt(struct store_sqlite *s, int id, struct dun_err *err)
{
    return sql_prepare(s, &s->pack_stmt[id], pack_sql[id], err);
}

/* Read customer_id's pack into p (doc_pack_init'ed): none is empty. */
static int
read_pack(struct store_sqlite *s, struct doc_pack *p, struct dun_err *err)
{
    sqlite3_stmt *q = pack_stmt(s, P_GET, err);
    int rc;

    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, p->customer_id);
    if ((rc = sql_row(s, q, err, "read documents")) <= 0)
        return rc;
    rc = doc_pack_decode(p, sqlite3_column_blob(q, 0),
                         (size_t)sqlite3_column_bytes(q, 0), err);
    sqlite3_reset(q);
    return rc;
}

static int
write_pack(struct store_sqlite *s, struct doc_pack *p, struct sbuf *value,
           struct dun_err *err)
{
    sqlite3_stmt *q;

    if (p->ninv == 0 && p->npay == 0) {
        if ((q = pack_stmt(s, P_DELETE, err)) == NULL)
            return -1;
        sql_bind_text(q, 2, p->customer_id);
    } else {
        if ((q = pack_stmt(s, P_PUT, err)) == NULL)
            return -1;
        doc_pack_encode(p, value);
        sql_bind_text(q, 2, p->customer_id);
        sqlite3_bind_blob(q, 3, value->buf, (int)value->len, SQLITE_STATIC);
    }
    if (sql_exec(s, q, err, "write documents") < 0)
        return -1;
    p->dirty = 0;
    return 0;
}

static size_t
slot_of(const struct sql_pack_cache *c, const char *customer_id)
{
    return (size_t)doc_key_hash(customer_id) & (c->cap - 1);
}

static struct doc_pack *
cache_find(struct sql_pack_cache *c, const char *customer_id)
{
    if (c->last && strcmp(c->last->customer_id, customer_id) == 0)
        return c->last;
    if (c->cap == 0)
        return NULL;
    for (size_t i = slot_of(c, customer_id);; i = (i + 1) & (c->cap - 1)) {
        struct doc_pack *p = c->slot[i];

        if (p == NULL)
            return NULL;
        if (strcmp(p->customer_id, customer_id) == 0)
            return c->last = p;
    }
}

static void
cache_add(struct sql_pack_cache *c, struct doc_pack *p)
{
    if ((c->n + 1) * 2 > c->cap) {
        struct doc_pack **old = c->slot;
        size_t oldcap = c->cap;

        c->cap = c->cap ? c->cap * 2 : 1024;
        c->slot = xcalloc(c->cap, sizeof(*c->slot));
        for (size_t i = 0; i < oldcap; i++)
            if (old[i]) {
                size_t j = slot_of(c, old[i]->customer_id);

                while (c->slot[j])
                    j = (j + 1) & (c->cap - 1);
                c->slot[j] = old[i];
            }
        free(old);
    }
    {
        size_t j = slot_of(c, p->customer_id);

        while (c->slot[j])
            j = (j + 1) & (c->cap - 1);
        c->slot[j] = p;
    }
    c->n++;
    c->last = p;
}

struct doc_pack *
sql_pack(struct store_sqlite *s, const char *customer_id,
         struct doc_pack *tmp, struct dun_err *err)
{
    struct doc_pack *p;
    uint64_t h;

    if (!sql_in_transaction(s)) {
        doc_pack_init(tmp, customer_id);
        if (read_pack(s, tmp, err) < 0) {
            doc_pack_release(tmp);
            return NULL;
        }
        return tmp;
    }
    if (s->packs == NULL) {
        sqlite3_stmt *q = pack_stmt(s, P_ANY, err);
        int rc;

        if (q == NULL || (rc = sql_any(s, q, err, "read documents")) < 0)
            return NULL;
        s->packs = xcalloc(1, sizeof(*s->packs));
        cache_budget_init(&s->packs->budget, PACK_CACHE_LEAST,
                          PACK_CACHE_MOST, PACK_CACHE_SLOTS);
        s->packs->none_stored = rc == 0;
    }
    if ((p = cache_find(s->packs, customer_id)) != NULL) {
        p->used = ++s->packs->tick;
        return p;
    }
    h = doc_key_hash(customer_id);
    cache_budget_missed(&s->packs->budget, h);
    p = xmalloc(sizeof(*p));
    doc_pack_init(p, customer_id);
    if ((!s->packs->none_stored ||
         cache_budget_forgotten(&s->packs->budget, h)) &&
        read_pack(s, p, err) < 0) {
        doc_pack_release(p);
        free(p);
        return NULL;
    }
    p->accounted = doc_pack_size(p);
    p->used = ++s->packs->tick;
    s->packs->bytes += p->accounted;
    cache_add(s->packs, p);
    return p;
}

static int
is_cached(struct store_sqlite *s, struct doc_pack *p)
{
    /* last is a cached pack, and mostly the one asked about. */
    return s->packs && (s->packs->last == p ||
                        cache_find(s->packs, p->customer_id) == p);
}

int
sql_pack_changed(struct store_sqlite *s, struct doc_pack *p,
                 struct dun_err *err)
{
    int rc;

    if (!is_cached(s, p)) {
        rc = write_pack(s, p, &s->value, err);
        doc_pack_release(p);
        return rc;
    }
    s->packs->bytes += doc_pack_size(p) - p->accounted;
    p->accounted = doc_pack_size(p);
    return 0;
}

void
sql_pack_done(struct store_sqlite *s, struct doc_pack *p)
{
    if (p && !is_cached(s, p))
        doc_pack_release(p);
}

static int
cmp_pack(const void *a, const void *b)
{
    return strcmp((*(struct doc_pack *const *)a)->customer_id,
                  (*(struct doc_pack *const *)b)->customer_id);
}

static int
cmp_used(const void *a, const void *b)
{
    uint64_t x = (*(struct doc_pack *const *)a)->used,
             y = (*(struct doc_pack *const *)b)->used;

    return x < y ? -1 : x > y;
}

/* Write and forget the packs used longest ago, down to half the budget
 * (by bytes: the packs used last are often the largest, those a file
 * keeps adding to); the others stay, in a table made anew. */
static int
evict(struct store_sqlite *s, struct dun_err *err)
{
    struct sql_pack_cache *c = s->packs;
    struct doc_pack **all = xreallocarray(NULL, c->n, sizeof(*all));
    size_t n = 0, gone = 0, left = c->bytes;
    int rc = 0;

    if (!cache_budget_evict(&c->budget, c->bytes)) {
        free(all);
        return 0;
    }
    for (size_t i = 0; i < c->cap; i++)
        if (c->slot[i])
            all[n++] = c->slot[i];
    sort_array(all, n, sizeof(*all), cmp_used);
    while (gone < n && left > c->budget.budget / 2)
        left -= all[gone++]->accounted;
    sort_array(all, gone, sizeof(*all), cmp_pack); /* written in key order */
    memset(c->slot, 0, c->cap * sizeof(*c->slot));
    c->n = 0;
    c->last = NULL;
    for (size_t i = 0; i < n; i++) {
        if (i >= gone) {
            cache_add(c, all[i]);
            continue;
        }
        if (rc == 0 && all[i]->dirty)
            rc = write_pack(s, all[i], &c->value, err);
        cache_budget_forget(&c->budget, doc_key_hash(all[i]->customer_id));
        c->bytes -= all[i]->accounted;
        doc_pack_release(all[i]);
        free(all[i]);
    }
    free(all);
    c->limit = c->bytes * 2 > c->budget.budget ? c->bytes * 2
                                               : c->budget.budget;
    return rc;
}

int
sql_packs_budget(struct store_sqlite *s, struct dun_err *err)
{
    if (s->packs && s->packs->bytes > s->packs->budget.budget &&
        s->packs->bytes > s->packs->limit)
        return evict(s, err);
    return 0;
}

int
sql_packs_flush(struct store_sqlite *s, struct dun_err *err)
{
    struct sql_pack_cache *c = s->packs;
    struct doc_pack **dirty;
    size_t n = 0;
    int rc = 0;

    if (c == NULL)
        return 0;
    /* In key order: a first load appends. */
    dirty = xreallocarray(NULL, c->n ? c->n : 1, sizeof(*dirty));
    for (size_t i = 0; i < c->cap; i++)
        if (c->slot[i] && c->slot[i]->dirty)
            dirty[n++] = c->slot[i];
    sort_array(dirty, n, sizeof(*dirty), cmp_pack);
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = write_pack(s, dirty[i], &c->value, err);
    free(dirty);
    sql_packs_forget(s);
    return rc;
}

void
sql_packs_forget(struct store_sqlite *s)
{
    struct sql_pack_cache *c = s->packs;

    if (c == NULL)
        return;
    for (size_t i = 0; i < c->cap; i++)
        if (c->slot[i]) {
            doc_pack_release(c->slot[i]);
            free(c->slot[i]);
        }
    free(c->slot);
    sbuf_release(&c->value);
    cache_budget_release(&c->budget);
    free(c);
    s->packs = NULL;
}

int
sql_packs_scan(struct store_sqlite *s, sql_pack_cb *cb, void *ctx,
               struct dun_err *err)
{
    sqlite3_stmt *q;
    struct doc_pack p;
    int rc;

    if (sql_packs_flush(s, err) < 0 || (q = pack_stmt(s, P_SCAN, err)) == NULL)
        return -1;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        doc_pack_init(&p, (const char *)sqlite3_column_text(q, 0));
        rc = doc_pack_decode(&p, sqlite3_column_blob(q, 1),
                             (size_t)sqlite3_column_bytes(q, 1), err);
        if (rc == 0)
            rc = cb(ctx, &p, err);
        doc_pack_release(&p);
        if (rc < 0)
            break;
    }
    sqlite3_reset(q);
    if (rc == -1)
        return -1;
    return rc == SQLITE_DONE ? 0 : sql_fail(s, err, "read documents");
}

/* The migration's copy: every tenant's rows of one table into packs, a
 * tenant at a time. */
static int
build_table(struct store_sqlite *s, int payments, struct dun_err *err)
{
    static const char *const sql[2] = {
        "SELECT tenant_id, customer_id, number, type, applies_to, "
        "issue_date, due_date, currency, total, description, import_id, "
        "import_line FROM invoice ORDER BY tenant_id, customer_id",
        "SELECT tenant_id, customer_id, id, date, invoice_number, amount, "
        "currency, method, reference, import_id, import_line FROM payment "
        "ORDER BY tenant_id, customer_id",
    };
    int64_t tenant = s->base.tenant_id;
    sqlite3_stmt *q = NULL;
    struct arena a = ARENA_INIT;
    int rc = 0, step = SQLITE_DONE;

    if (sqlite3_prepare_v2(s->db, sql[payments], -1, &q, NULL) != SQLITE_OK)
        return sql_fail(s, err, "copy documents");
    while (rc == 0 && (step = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t t = sqlite3_column_int64(q, 0);
        const char *cust = (const char *)sqlite3_column_text(q, 1);
        struct store_stamp sp;
        struct doc_pack *p;

        if (t != s->base.tenant_id) {
            if ((rc = sql_packs_flush(s, err)) < 0)
                break;
            s->base.tenant_id = t;
        }
        if ((p = sql_pack(s, cust, NULL, err)) == NULL) {
            rc = -1;
            break;
        }
        arena_reset(&a);
        if (payments) {
            struct payment v = {
                .id = sql_col_str(q, 2, &a), .date = sql_col_date(q, 3),
                .invoice_number = sql_col_str(q, 4, &a),
                .amount = sqlite3_column_int64(q, 5),
                .method = sql_col_str(q, 7, &a),
                .reference = sql_col_str(q, 8, &a),
            };

            sql_col_currency(q, 6, v.currency);
            sp = (struct store_stamp){ sqlite3_column_int64(q, 9),
                                       sqlite3_column_int64(q, 10) };
            doc_pack_add_payment(p, &v, &sp);
        } else {
            const unsigned char *type = sqlite3_column_text(q, 3);
            struct invoice v = {
                .number = sql_col_str(q, 2, &a),
                .type = type && strcmp((const char *)type,
                                       "credit_note") == 0
                            ? INVOICE_CREDIT_NOTE : INVOICE_PLAIN,
                .applies_to = sql_col_str(q, 4, &a),
                .issue_date = sql_col_date(q, 5),
                .due_date = sql_col_date(q, 6),
                .total = sqlite3_column_int64(q, 8),
                .description = sql_col_str(q, 9, &a),
            };

            sql_col_currency(q, 7, v.currency);
            sp = (struct store_stamp){ sqlite3_column_int64(q, 10),
                                       sqlite3_column_int64(q, 11) };
            doc_pack_add_invoice(p, &v, &sp);
        }
        if ((rc = sql_pack_changed(s, p, err)) == 0)
            rc = sql_packs_budget(s, err);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = sql_fail(s, err, "copy documents");
    if (rc == 0)
        rc = sql_packs_flush(s, err);
    sqlite3_finalize(q);
    arena_release(&a);
    s->base.tenant_id = tenant;
    return rc;
}

int
sql_packs_build(struct store_sqlite *s, struct dun_err *err)
{
    sql_packs_forget(s);
    if (build_table(s, 0, err) < 0 || build_table(s, 1, err) < 0) {
        sql_packs_forget(s);
        return -1;
    }
    if (sqlite3_exec(s->db, "DROP TABLE invoice; DROP TABLE payment;", NULL,
                     NULL, NULL) != SQLITE_OK)
        return sql_fail(s, err, "copy documents");
    return 0;
}

void
sql_packs_close(struct store_sqlite *s)
{
    sql_packs_forget(s);
    for (size_t i = 0; i < LITE_PACK_STMTS; i++)
        sqlite3_finalize(s->pack_stmt[i]);
}
