/*
 * store_sqlite_keys.c - buckets of document keys in SQLite; see
 * store_sqlite_keys.h.
 */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "store/store_sqlite_keys.h"

/* Past this the cache writes what changed and starts again: an import
 * of M holds about 60 MB of buckets, L ten times more. */
#define KEY_CACHE_BUDGET ((size_t)96 << 20)

struct sql_key_cache {
    struct doc_key_bucket *b[DOC_KEY_KINDS][DOC_KEY_BUCKETS];
    size_t bytes;
    struct sbuf value; /* a bucket encoded */
};

enum { K_GET, K_PUT };

static const char *const key_sql[LITE_KEY_STMTS] = {
    [K_GET] = "SELECT value FROM doc_key WHERE tenant_id = ?1 AND kind = ?2 "
              "AND bucket = ?3",
    [K_PUT] = "INSERT INTO doc_key(tenant_id, kind, bucket, value) VALUES "
              "(?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET value = "
              "excluded.value",
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

    if (s->keys == NULL)
        s->keys = xcalloc(1, sizeof(*s->keys));
    if ((b = s->keys->b[kind][i]) != NULL)
        return b;
    b = xcalloc(1, sizeof(*b));
    if (read_bucket(s, kind, i, b, err) < 0) {
        doc_key_bucket_release(b);
        free(b);
        return NULL;
    }
    s->keys->b[kind][i] = b;
    s->keys->bytes += doc_key_bucket_size(b);
    return b;
}

static int
in_transaction(struct store_sqlite *s)
{
    return !sqlite3_get_autocommit(s->db);
}

int
sql_key_owner(struct store_sqlite *s, enum doc_key_kind kind,
              const char *key, const char **owner, struct dun_err *err)
{
    uint64_t h = doc_key_hash(key);
    uint32_t i = doc_key_bucket_of(h);
    struct doc_key_bucket tmp = {0}, *b = &tmp;
    const char *c;

    if (in_transaction(s)) {
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

int
sql_key_set(struct store_sqlite *s, enum doc_key_kind kind, const char *key,
            const char *customer, struct dun_err *err)
{
    uint64_t h = doc_key_hash(key);
    struct doc_key_bucket *b = cached_bucket(s, kind, doc_key_bucket_of(h),
                                             err);
    size_t before;

    if (b == NULL)
        return -1;
    before = doc_key_bucket_size(b);
    doc_key_set(b, key, h, customer);
    s->keys->bytes += doc_key_bucket_size(b) - before;
    if (!in_transaction(s) || s->keys->bytes > KEY_CACHE_BUDGET)
        return sql_keys_flush(s, err);
    return 0;
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
    free(c);
    s->keys = NULL;
}

/* The table each kind of key is the key of. */
static const char *const kind_table[DOC_KEY_KINDS] = {"invoice", "payment"};

/* What the build and the check ask of each kind's table. */
enum kind_query { Q_ALL, Q_TENANT, Q_COUNT, Q_EXISTS, Q_COUNT_QUERIES };

static const char *const kind_sql[Q_COUNT_QUERIES][DOC_KEY_KINDS] = {
    [Q_ALL] = {"SELECT tenant_id, number, customer_id FROM invoice "
               "ORDER BY tenant_id",
               "SELECT tenant_id, id, customer_id FROM payment "
               "ORDER BY tenant_id"},
    [Q_TENANT] = {"SELECT tenant_id, number, customer_id FROM invoice "
                  "WHERE tenant_id = ?1",
                  "SELECT tenant_id, id, customer_id FROM payment "
                  "WHERE tenant_id = ?1"},
    [Q_COUNT] = {"SELECT count(*) FROM invoice WHERE tenant_id = ?1",
                 "SELECT count(*) FROM payment WHERE tenant_id = ?1"},
    [Q_EXISTS] = {"SELECT 1 FROM invoice WHERE tenant_id = ?1 AND "
                  "customer_id = ?2 AND number = ?3",
                  "SELECT 1 FROM payment WHERE tenant_id = ?1 AND "
                  "customer_id = ?2 AND id = ?3"},
};

/* One of those, prepared for the store's tenant (if it asks for one). */
static sqlite3_stmt *
kind_query(struct store_sqlite *s, enum kind_query which,
           enum doc_key_kind kind, struct dun_err *err)
{
    sqlite3_stmt *q = NULL;

    if (sqlite3_prepare_v2(s->db, kind_sql[which][kind], -1, &q, NULL) !=
        SQLITE_OK) {
        sql_fail(s, err, "document keys");
        return NULL;
    }
    if (sqlite3_bind_parameter_count(q) >= 1)
        sqlite3_bind_int64(q, 1, s->base.tenant_id);
    return q;
}

/* The keys of one table, every tenant's (all) or the store's, a tenant
 * at a time. */
static int
build_kind(struct store_sqlite *s, enum doc_key_kind kind, int all,
           struct dun_err *err)
{
    int64_t tenant = s->base.tenant_id;
    sqlite3_stmt *q = kind_query(s, all ? Q_ALL : Q_TENANT, kind, err);
    int rc = 0, step = SQLITE_DONE;

    if (q == NULL)
        return -1;
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

int
sql_keys_build(struct store_sqlite *s, int all, struct dun_err *err)
{
    sqlite3_stmt *q = NULL;

    sql_keys_forget(s);
    if (!all) {
        if (sqlite3_prepare_v2(s->db, "DELETE FROM doc_key WHERE "
                               "tenant_id = ?1", -1, &q, NULL) != SQLITE_OK)
            return sql_fail(s, err, "rebuild document keys");
        sqlite3_bind_int64(q, 1, s->base.tenant_id);
        if (sqlite3_step(q) != SQLITE_DONE) {
            sqlite3_finalize(q);
            return sql_fail(s, err, "rebuild document keys");
        }
        sqlite3_finalize(q);
    }
    if (build_kind(s, DOC_KEY_INVOICE, all, err) < 0 ||
        build_kind(s, DOC_KEY_PAYMENT, all, err) < 0) {
        sql_keys_forget(s);
        return -1;
    }
    return 0;
}

/* The number of rows of kind's table of the store's tenant. */
static int
count_rows(struct store_sqlite *s, enum doc_key_kind kind, int64_t *n,
           struct dun_err *err)
{
    sqlite3_stmt *q = kind_query(s, Q_COUNT, kind, err);

    if (q == NULL)
        return -1;
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return sql_fail(s, err, "count documents");
    }
    *n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return 0;
}

/* Each entry of bucket i: in the bucket its hash names, once, and a
 * document of its customer. Counts them into *n. */
static int
verify_bucket(struct store_sqlite *s, enum doc_key_kind kind, uint32_t i,
              const struct doc_key_bucket *b, sqlite3_stmt *exists,
              int64_t *n, struct dun_err *err)
{
    for (size_t k = 0; k < b->n; k++) {
        const char *key = b->text.buf + b->e[k].key;
        const char *cust = b->text.buf + b->e[k].customer;
        uint64_t h = doc_key_hash(key);
        int rc;

        if (doc_key_bucket_of(h) != i)
            return dun_err_set(err, DUN_E_CONFLICT, "document keys: %s '%s' "
                               "is in bucket %u, its hash names %u",
                               kind_table[kind], key, i, doc_key_bucket_of(h));
        if (doc_key_find(b, key, h) != cust)
            return dun_err_set(err, DUN_E_CONFLICT, "document keys: %s '%s' "
                               "is there twice", kind_table[kind], key);
        sqlite3_reset(exists);
        sqlite3_bind_text(exists, 2, cust, -1, SQLITE_STATIC);
        sqlite3_bind_text(exists, 3, key, -1, SQLITE_STATIC);
        rc = sqlite3_step(exists);
        if (rc == SQLITE_DONE)
            return dun_err_set(err, DUN_E_CONFLICT, "document keys: %s '%s' "
                               "is said to be customer %s's, who has no such "
                               "%s", kind_table[kind], key, cust,
                               kind_table[kind]);
        if (rc != SQLITE_ROW)
            return sql_fail(s, err, "verify document keys");
        (*n)++;
    }
    return 0;
}

static int
verify_kind(struct store_sqlite *s, enum doc_key_kind kind,
            struct dun_err *err)
{
    sqlite3_stmt *scan = NULL, *exists;
    int64_t rows = 0, keys = 0;
    int rc = -1, step;

    if (count_rows(s, kind, &rows, err) < 0 ||
        (exists = kind_query(s, Q_EXISTS, kind, err)) == NULL)
        return -1;
    if (sqlite3_prepare_v2(s->db, "SELECT bucket, value FROM doc_key WHERE "
                           "tenant_id = ?1 AND kind = ?2", -1, &scan,
                           NULL) != SQLITE_OK) {
        sqlite3_finalize(exists);
        return sql_fail(s, err, "verify document keys");
    }
    sqlite3_bind_int64(scan, 1, s->base.tenant_id);
    sqlite3_bind_int(scan, 2, (int)kind);
    while ((step = sqlite3_step(scan)) == SQLITE_ROW) {
        struct doc_key_bucket b = {0};
        sqlite3_int64 i = sqlite3_column_int64(scan, 0);
        int bad = i < 0 || i >= DOC_KEY_BUCKETS ||
                  doc_key_decode(&b, sqlite3_column_blob(scan, 1),
                                 (size_t)sqlite3_column_bytes(scan, 1)) < 0;

        if (bad)
            dun_err_set(err, DUN_E_CONFLICT, "document keys: bucket %lld of "
                        "the %ss is damaged", (long long)i, kind_table[kind]);
        bad = bad || verify_bucket(s, kind, (uint32_t)i, &b, exists, &keys,
                                   err) < 0;
        doc_key_bucket_release(&b);
        if (bad)
            goto out;
    }
    if (step != SQLITE_DONE) {
        sql_fail(s, err, "verify document keys");
        goto out;
    }
    if (keys != rows) {
        dun_err_set(err, DUN_E_CONFLICT, "document keys: %lld %ss, %lld "
                    "keys of them", (long long)rows, kind_table[kind],
                    (long long)keys);
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(scan);
    sqlite3_finalize(exists);
    return rc;
}

int
sql_keys_verify(struct store_sqlite *s, struct dun_err *err)
{
    if (verify_kind(s, DOC_KEY_INVOICE, err) < 0 ||
        verify_kind(s, DOC_KEY_PAYMENT, err) < 0)
        return -1;
    return 0;
}

void
sql_keys_close(struct store_sqlite *s)
{
    sql_keys_forget(s);
    for (size_t i = 0; i < LITE_KEY_STMTS; i++)
        sqlite3_finalize(s->key_stmt[i]);
    sbuf_release(&s->key_owner);
}
