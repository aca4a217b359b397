/*
 * store_sqlite_keys.c - buckets of document keys in SQLite; see
 * store_sqlite_keys.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sort.h"
#include "core/xalloc.h"
#include "store/cache_budget.h"
#include "store/store_sqlite_keys.h"
#include "store/store_sqlite_packs.h"

/* Past its budget the cache writes and forgets the half of its buckets
 * used longest ago: an import of M holds about 80 MB of buckets, L ten
 * times more. A file in number order works on a few at a time, and keeps
 * to the least budget; one in another order makes it grow to the most
 * (store/cache_budget.h). */
#define KEY_CACHE_LEAST ((size_t)8 << 20)
#define KEY_CACHE_MOST ((size_t)48 << 20)

struct sql_key_cache {
    struct doc_key_bucket *b[DOC_KEY_KINDS][DOC_KEY_BUCKETS];
    size_t bytes, n;
    uint64_t tick;
    struct cache_budget budget; /* a slot for each bucket of each kind */
    struct sbuf value; /* a bucket encoded */
    /* The tenant had no bucket of the kind when the cache began (a first
     * import): one is then only in the store if this cache wrote it
     * (forgot it), and no other is looked for, a query each. */
    int none_stored[DOC_KEY_KINDS];
};

_Static_assert(((DOC_KEY_KINDS * DOC_KEY_BUCKETS) &
                (DOC_KEY_KINDS * DOC_KEY_BUCKETS - 1)) == 0,
               "cache_budget wants a power of two of slots");

static uint64_t
slot_of(enum doc_key_kind kind, uint32_t i)
{
    return (uint64_t)kind * DOC_KEY_BUCKETS + i;
}

enum { K_GET, K_PUT, K_ANY };

static const char *const key_sql[LITE_KEY_STMTS] = {
    [K_GET] = "SELECT value FROM doc_key WHERE tenant_id = ?1 AND kind = ?2 "
              "AND bucket = ?3",
    [K_PUT] = "INSERT INTO doc_key(tenant_id, kind, bucket, value) VALUES "
              "(?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET value = "
              "excluded.value",
    [K_ANY] = "SELECT 1 FROM doc_key WHERE tenant_id = ?1 AND kind = ?2 "
              "LIMIT 1",
};

static sqlite3_stmt *
key_stmt(struct store_sqlite *s, int id, struct dun_err *err)
{
    return sql_prepare(s, &s->key_stmt[id], key_sql[id], err);
}

/* Read bucket i of kind into the empty b. */
static int
read_bucket(struct store_sqlite *s, enum doc_key_kind kind, uint32_t i,
            struct doc_key_bucket *b, struct dun_err *err)
{
    sqlite3_stmt *q = key_stmt(s, K_GET, err);
    int rc;

    if (q == NULL)
        return -1;
    sqlite3_bind_int(q, 2, (int)kind);
    sqlite3_bind_int64(q, 3, i);
    if ((rc = sql_row(s, q, err, "read document keys")) <= 0)
        return rc;
    rc = doc_key_decode(b, sqlite3_column_blob(q, 0),
                        (size_t)sqlite3_column_bytes(q, 0));
    sqlite3_reset(q);
    if (rc < 0)
        return dun_err_set(err, DUN_E_IO, "%s: document keys, bucket %u of "
                           "kind %d: not a stored bucket (dun check)",
                           s->path, i, (int)kind);
    return 0;
}

static int
write_bucket(struct store_sqlite *s, enum doc_key_kind kind, uint32_t i,
             const struct doc_key_bucket *b, struct sbuf *value,
             struct dun_err *err)
{
    sqlite3_stmt *q = key_stmt(s, K_PUT, err);

    if (q == NULL)
        return -1;
    doc_key_encode(b, value);
    sqlite3_bind_int(q, 2, (int)kind);
    sqlite3_bind_int64(q, 3, i);
    sqlite3_bind_blob(q, 4, value->buf, (int)value->len, SQLITE_STATIC);
    return sql_exec(s, q, err, "write document keys");
}

/* Bucket i of kind through the cache. */
static struct doc_key_bucket *
cached_bucket(struct store_sqlite *s, enum doc_key_kind kind, uint32_t i,
              struct dun_err *err)
{
    struct doc_key_bucket *b;

    if (s->keys == NULL) {
        int none[DOC_KEY_KINDS];

        for (int k = 0; k < DOC_KEY_KINDS; k++) {
            sqlite3_stmt *q = key_stmt(s, K_ANY, err);
            int rc;

            if (q == NULL)
                return NULL;
            sqlite3_bind_int(q, 2, k);
            if ((rc = sql_any(s, q, err, "read document keys")) < 0)
                return NULL;
            none[k] = rc == 0;
        }
        s->keys = xcalloc(1, sizeof(*s->keys));
        cache_budget_init(&s->keys->budget, KEY_CACHE_LEAST, KEY_CACHE_MOST,
                          DOC_KEY_KINDS * DOC_KEY_BUCKETS);
        memcpy(s->keys->none_stored, none, sizeof(none));
    }
    if ((b = s->keys->b[kind][i]) != NULL) {
        b->used = ++s->keys->tick;
        return b;
    }
    cache_budget_missed(&s->keys->budget, slot_of(kind, i));
    b = xcalloc(1, sizeof(*b));
    if ((!s->keys->none_stored[kind] ||
         cache_budget_forgotten(&s->keys->budget, slot_of(kind, i))) &&
        read_bucket(s, kind, i, b, err) < 0) {
        doc_key_bucket_release(b);
        free(b);
        return NULL;
    }
    b->used = ++s->keys->tick;
    s->keys->b[kind][i] = b;
    s->keys->bytes += doc_key_bucket_size(b);
    s->keys->n++;
    return b;
}

int
sql_key_owner(struct store_sqlite *s, enum doc_key_kind kind,
              const char *key, const char **owner, struct dun_err *err)
{
    uint64_t h = doc_key_hash(key);
    uint32_t i = doc_key_bucket_index(key);
    struct doc_key_bucket tmp = {0}, *b = &tmp;
    const char *c;

    if (sql_in_transaction(s)) {
        if ((b = cached_bucket(s, kind, i, err)) == NULL)
            return -1;
    } else if (read_bucket(s, kind, i, b, err) < 0) {
        doc_key_bucket_release(b);
        return -1;
    }
    if ((c = doc_key_find(b, key, h)) != NULL) {
        sbuf_reset(&s->key_owner);
        sbuf_addstr(&s->key_owner, c);
        *owner = s->key_owner.buf;
    }
    doc_key_bucket_release(&tmp);
    return c != NULL;
}

/* A cached bucket, where it belongs. */
struct victim {
    uint64_t used;
    int kind;
    uint32_t i;
};

static int
cmp_used(const void *a, const void *b)
{
    uint64_t x = ((const struct victim *)a)->used,
             y = ((const struct victim *)b)->used;

    return x < y ? -1 : x > y;
}

static int
cmp_place(const void *a, const void *b)
{
    const struct victim *x = a, *y = b;

    if (x->kind != y->kind)
        return x->kind - y->kind;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Write and forget the half of the buckets used longest ago. */
static int
evict(struct store_sqlite *s, struct dun_err *err)
{
    struct sql_key_cache *c = s->keys;
    struct victim *v = xreallocarray(NULL, c->n ? c->n : 1, sizeof(*v));
    size_t n = 0, half;
    int rc = 0;

    if (!cache_budget_evict(&c->budget, c->bytes)) {
        free(v);
        return 0;
    }
    for (int k = 0; k < DOC_KEY_KINDS; k++)
        for (uint32_t i = 0; i < DOC_KEY_BUCKETS; i++)
            if (c->b[k][i])
                v[n++] = (struct victim){ c->b[k][i]->used, k, i };
    sort_array(v, n, sizeof(*v), cmp_used);
    half = n / 2 ? n / 2 : n;
    sort_array(v, half, sizeof(*v), cmp_place); /* written in key order */
    for (size_t j = 0; j < half && rc == 0; j++) {
        struct doc_key_bucket *b = c->b[v[j].kind][v[j].i];

        if (b->dirty)
            rc = write_bucket(s, (enum doc_key_kind)v[j].kind, v[j].i, b,
                              &c->value, err);
        cache_budget_forget(&c->budget,
                            slot_of((enum doc_key_kind)v[j].kind, v[j].i));
        c->bytes -= doc_key_bucket_size(b);
        c->n--;
        doc_key_bucket_release(b);
        free(b);
        c->b[v[j].kind][v[j].i] = NULL;
    }
    free(v);
    return rc;
}

int
sql_key_set(struct store_sqlite *s, enum doc_key_kind kind, const char *key,
            const char *customer, struct dun_err *err)
{
    uint64_t h = doc_key_hash(key);
    struct doc_key_bucket *b = cached_bucket(s, kind, doc_key_bucket_index(key),
                                             err);
    size_t before;

    if (b == NULL)
        return -1;
    before = doc_key_bucket_size(b);
    doc_key_set(b, key, h, customer);
    s->keys->bytes += doc_key_bucket_size(b) - before;
    if (!sql_in_transaction(s))
        return sql_keys_flush(s, err);
    if (s->keys->bytes > s->keys->budget.budget)
        return evict(s, err);
    return 0;
}

int
sql_key_claim(struct store_sqlite *s, enum doc_key_kind kind, const char *key,
              const char *customer, struct dun_err *err)
{
    struct doc_key_bucket *b;
    size_t before;
    const char *owner;
    int rc;

    if (!sql_in_transaction(s)) {
        rc = sql_key_owner(s, kind, key, &owner, err);
        return rc < 0 ? -1 : !rc;
    }
    if ((b = cached_bucket(s, kind, doc_key_bucket_index(key), err)) == NULL)
        return -1;
    before = doc_key_bucket_size(b);
    if ((rc = doc_key_claim(b, key, doc_key_hash(key), customer)) == 0)
        return 0;
    s->keys->bytes += doc_key_bucket_size(b) - before;
    if (s->keys->bytes > s->keys->budget.budget && evict(s, err) < 0)
        return -1;
    return 1;
}

int
sql_keys_flush(struct store_sqlite *s, struct dun_err *err)
{
    struct sql_key_cache *c = s->keys;
    int rc = 0;

    if (c == NULL)
        return 0;
    /* In key order: a first load appends. */
    for (int k = 0; k < DOC_KEY_KINDS && rc == 0; k++)
        for (uint32_t i = 0; i < DOC_KEY_BUCKETS && rc == 0; i++)
            if (c->b[k][i] && c->b[k][i]->dirty)
                rc = write_bucket(s, (enum doc_key_kind)k, i, c->b[k][i],
                                  &c->value, err);
    sql_keys_forget(s);
    return rc;
}

void
sql_keys_forget(struct store_sqlite *s)
{
    struct sql_key_cache *c = s->keys;

    if (c == NULL)
        return;
    for (int k = 0; k < DOC_KEY_KINDS; k++)
        for (uint32_t i = 0; i < DOC_KEY_BUCKETS; i++)
            if (c->b[k][i]) {
                doc_key_bucket_release(c->b[k][i]);
                free(c->b[k][i]);
            }
    sbuf_release(&c->value);
    cache_budget_release(&c->budget);
    free(c);
    s->keys = NULL;
}

/* Migration 18 reads the tables of documents it then had. */
static const char *const table_sql[DOC_KEY_KINDS] = {
    "SELECT tenant_id, number, customer_id FROM invoice ORDER BY tenant_id",
    "SELECT tenant_id, id, customer_id FROM payment ORDER BY tenant_id",
};

/* The keys of one table, every tenant's, a tenant at a time. */
static int
build_kind(struct store_sqlite *s, enum doc_key_kind kind,
           struct dun_err *err)
{
    int64_t tenant = s->base.tenant_id;
    sqlite3_stmt *q = NULL;
    int rc = 0, step = SQLITE_DONE;

    if (sqlite3_prepare_v2(s->db, table_sql[kind], -1, &q, NULL) !=
        SQLITE_OK)
        return sql_fail(s, err, "build document keys");
    while (rc == 0 && (step = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t t = sqlite3_column_int64(q, 0);

        if (t != s->base.tenant_id) {
            rc = sql_keys_flush(s, err);
            s->base.tenant_id = t;
        }
        if (rc == 0)
            rc = sql_key_set(s, kind, (const char *)sqlite3_column_text(q, 1),
                             (const char *)sqlite3_column_text(q, 2), err);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = sql_fail(s, err, "build document keys");
    if (rc == 0)
        rc = sql_keys_flush(s, err);
    sqlite3_finalize(q);
    s->base.tenant_id = tenant;
    return rc;
}


/* Every document of a pack under its key (a rebuild). */
static int
on_pack_keys(void *ctx, struct doc_pack *p, struct dun_err *err)
{
    struct store_sqlite *s = ctx;

    for (size_t i = 0; i < p->ninv; i++)
        if (sql_key_set(s, DOC_KEY_INVOICE, p->inv[i].d.number,
                        p->customer_id, err) < 0)
            return -1;
    for (size_t i = 0; i < p->npay; i++)
        if (sql_key_set(s, DOC_KEY_PAYMENT, p->pay[i].d.id, p->customer_id,
                        err) < 0)
            return -1;
    return 0;
}

int
sql_keys_build(struct store_sqlite *s, int all, struct dun_err *err)
{
    sqlite3_stmt *q = NULL;
    int rc;

    sql_keys_forget(s);
    if (all) {
        if (build_kind(s, DOC_KEY_INVOICE, err) < 0 ||
            build_kind(s, DOC_KEY_PAYMENT, err) < 0) {
            sql_keys_forget(s);
            return -1;
        }
        return 0;
    }
    if (sqlite3_prepare_v2(s->db, "DELETE FROM doc_key WHERE tenant_id = ?1",
                           -1, &q, NULL) != SQLITE_OK)
        return sql_fail(s, err, "rebuild document keys");
    sqlite3_bind_int64(q, 1, s->base.tenant_id);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, "rebuild document keys");
    if (sql_packs_scan(s, on_pack_keys, s, err) < 0 ||
        sql_keys_flush(s, err) < 0) {
        sql_keys_forget(s);
        return -1;
    }
    return 0;
}

/* The verify's tally: documents seen, and the first disagreement. */
struct verify_ctx {
    struct store_sqlite *s;
    int64_t docs[DOC_KEY_KINDS];
};

static const char *const kind_name[DOC_KEY_KINDS] = {"invoice", "payment"};

static int
verify_doc(struct verify_ctx *v, enum doc_key_kind kind, const char *key,
           const char *customer, struct dun_err *err)
{
    const char *owner;
    int rc = sql_key_owner(v->s, kind, key, &owner, err);

    if (rc < 0)
        return -1;
    if (rc == 0)
        return dun_err_set(err, DUN_E_CONFLICT, "document keys: %s '%s' of "
                           "customer %s is not among them", kind_name[kind],
                           key, customer);
    if (strcmp(owner, customer) != 0)
        return dun_err_set(err, DUN_E_CONFLICT, "document keys: %s '%s' of "
                           "customer %s is said to be customer %s's",
                           kind_name[kind], key, customer, owner);
    v->docs[kind]++;
    return 0;
}

static int
on_pack_verify(void *ctx, struct doc_pack *p, struct dun_err *err)
{
    struct verify_ctx *v = ctx;

    for (size_t i = 0; i < p->ninv; i++)
        if (verify_doc(v, DOC_KEY_INVOICE, p->inv[i].d.number,
                       p->customer_id, err) < 0)
            return -1;
    for (size_t i = 0; i < p->npay; i++)
        if (verify_doc(v, DOC_KEY_PAYMENT, p->pay[i].d.id, p->customer_id,
                       err) < 0)
            return -1;
    return 0;
}

/* Every bucket of the tenant: each decodes, each key is in the bucket
 * its hash names and there once; their keys counted by kind. */
static int
verify_buckets(struct store_sqlite *s, int64_t keys[DOC_KEY_KINDS],
               struct dun_err *err)
{
    sqlite3_stmt *q = NULL;
    int rc = 0, step;

    if (sqlite3_prepare_v2(s->db, "SELECT kind, bucket, value FROM doc_key "
                           "WHERE tenant_id = ?1", -1, &q, NULL) !=
        SQLITE_OK)
        return sql_fail(s, err, "verify document keys");
    sqlite3_bind_int64(q, 1, s->base.tenant_id);
    while (rc == 0 && (step = sqlite3_step(q)) == SQLITE_ROW) {
        struct doc_key_bucket b = {0};
        int kind = sqlite3_column_int(q, 0);
        sqlite3_int64 i = sqlite3_column_int64(q, 1);

        if (kind < 0 || kind >= DOC_KEY_KINDS || i < 0 ||
            i >= DOC_KEY_BUCKETS ||
            doc_key_decode(&b, sqlite3_column_blob(q, 2),
                           (size_t)sqlite3_column_bytes(q, 2)) < 0)
            rc = dun_err_set(err, DUN_E_CONFLICT, "document keys: bucket "
                             "%lld of kind %d is damaged", (long long)i,
                             kind);
        for (size_t k = 0; rc == 0 && k < b.n; k++) {
            const char *key = b.text.buf + b.e[k].key;
            uint64_t h = doc_key_hash(key);

            if (doc_key_bucket_index(key) != (uint32_t)i)
                rc = dun_err_set(err, DUN_E_CONFLICT, "document keys: %s "
                                 "'%s' is in bucket %lld, its hash names "
                                 "%u", kind_name[kind], key, (long long)i,
                                 doc_key_bucket_index(key));
            else if (doc_key_find(&b, key, h) != b.text.buf + b.e[k].customer)
                rc = dun_err_set(err, DUN_E_CONFLICT, "document keys: %s "
                                 "'%s' is there twice", kind_name[kind],
                                 key);
            else
                keys[kind]++;
        }
        doc_key_bucket_release(&b);
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = sql_fail(s, err, "verify document keys");
    sqlite3_finalize(q);
    return rc;
}

int
sql_keys_verify(struct store_sqlite *s, struct dun_err *err)
{
    struct verify_ctx v = { .s = s };
    int64_t keys[DOC_KEY_KINDS] = {0, 0};
    int own = !sql_in_transaction(s), rc;

    /* In a transaction of its own (read only, rolled back): one snapshot,
     * and the buckets cached as each document is looked up. */
    if (own && sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return sql_fail(s, err, "verify document keys");
    rc = sql_packs_scan(s, on_pack_verify, &v, err);
    sql_keys_forget(s);
    if (rc == 0)
        rc = verify_buckets(s, keys, err);
    for (int k = 0; rc == 0 && k < DOC_KEY_KINDS; k++)
        if (keys[k] != v.docs[k])
            rc = dun_err_set(err, DUN_E_CONFLICT, "document keys: %lld %ss, "
                             "%lld keys of them", (long long)v.docs[k],
                             kind_name[k], (long long)keys[k]);
    if (own)
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

void
sql_keys_close(struct store_sqlite *s)
{
    sql_keys_forget(s);
    for (size_t i = 0; i < LITE_KEY_STMTS; i++)
        sqlite3_finalize(s->key_stmt[i]);
    sbuf_release(&s->key_owner);
}
