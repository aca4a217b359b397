/*
 * store_sqlite.c - the embedded SQLite backend of store.h.
 *
 * WAL journal, foreign keys on, every statement prepared once and bound:
 * no SQL text is ever built from values. Schema changes come from the
 * numbered migrations in schema_sqlite.c, tracked by PRAGMA user_version.
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/date.h"
#include "core/xalloc.h"
#include "store/balance_codec.h"
#include "store/sqlite_util.h"
#include "store/store_sqlite_collect.h"
#include "store/store_sqlite_outbox.h"
#include "store/store_sqlite_send.h"
#include "store/store_sqlite_keys.h"
#include "store/store_sqlite_packs.h"
#include "store/store_sqlite_docs.h"
#include "store/store_sqlite_templates.h"
#include "store/schema_sqlite.h"
#include "store/store_sqlite.h"
#include "core/sort.h"

enum stmt_id {
    S_BEGIN,
    S_COMMIT,
    S_ROLLBACK,
    S_IMPORT_INSERT,
    S_IMPORT_END,
    S_CUST_INSERT,
    S_CUST_GET,
    S_CUST_UPDATE,
    S_CUST_SCAN,
    S_CUST_TERMS,
    S_CUST_COUNT,
    S_BAL_DELETE,
    S_BAL_CLEAR,
    S_BAL_PUT,
    S_BAL_SCAN,
    S_LAST_GET,
    S_LAST_RAISE,
    S_POLICY_ADD,
    S_POLICY_LATEST,
    S_POLICY_GET,
    S_POLICY_SCAN,
    S_COUNT
};

#define CUST_COLS SQL_CUSTOMER_COLS

_Static_assert(S_COUNT <= LITE_STMTS, "raise LITE_STMTS");

/* Text keys are ordered COLLATE BINARY, written out although it is
 * SQLite's default: byte order (memcmp), which is what strcmp gives on
 * our NUL-free UTF-8 and what store.h promises (store_sqlite_docs.c sorts
 * documents with strcmp to the same order); a locale's collation would
 * break it. */

static const char *const stmt_sql[S_COUNT] = {
    [S_POLICY_ADD] = "INSERT INTO policy_version(tenant_id, version, "
                     "loaded_on, source, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_POLICY_LATEST] = "SELECT version, loaded_on, source, text FROM "
                        "policy_version WHERE tenant_id = ?1 "
                        "ORDER BY version DESC LIMIT 1",
    [S_POLICY_GET] = "SELECT version, loaded_on, source, text FROM "
                     "policy_version WHERE tenant_id = ?1 AND version = ?2",
    [S_POLICY_SCAN] = "SELECT version, loaded_on, source FROM "
                      "policy_version WHERE tenant_id = ?1 ORDER BY version",
    [S_BEGIN] = "BEGIN IMMEDIATE",
    [S_COMMIT] = "COMMIT",
    [S_ROLLBACK] = "ROLLBACK",
    [S_IMPORT_INSERT] = "INSERT INTO import_batch(tenant_id, import_id, "
                        "kind, file, as_of) VALUES (?1, ?2, ?3, ?4, ?5)",
    [S_IMPORT_END] = "UPDATE import_batch SET rows = ?3, inserted = ?4, "
                     "updated = ?5, unchanged = ?6 WHERE tenant_id = ?1 "
                     "AND import_id = ?2",
    [S_CUST_INSERT] = "INSERT INTO customer(tenant_id, " CUST_COLS
                      ", import_id, import_line) VALUES (?1, ?2, ?3, ?4, "
                      "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
                      "?18, ?16, ?17) ON CONFLICT DO NOTHING",
    [S_CUST_GET] = "SELECT " CUST_COLS ", import_id, import_line FROM "
                   "customer WHERE tenant_id = ?1 AND id = ?2",
    [S_CUST_UPDATE] = "UPDATE customer SET name = ?3, email = ?4, "
                      "phone = ?5, address = ?6, city = ?7, "
                      "postal_code = ?8, country = ?9, language = ?10, "
                      "terms_days = ?11, credit_limit = ?12, currency = ?13,"
                      " region = ?14, kind = ?15, import_id = ?16, "
                      "import_line = ?17, contact_name = ?18 "
                      "WHERE tenant_id = ?1 AND id = ?2",
    [S_CUST_COUNT] = "SELECT count(*) FROM customer WHERE tenant_id = ?1",
    [S_CUST_SCAN] = "SELECT " CUST_COLS " FROM customer WHERE tenant_id = "
                    "?1 ORDER BY id COLLATE BINARY",
    [S_CUST_TERMS] = "SELECT id, currency, terms_days FROM customer WHERE "
                     "tenant_id = ?1 ORDER BY id COLLATE BINARY",
    [S_BAL_DELETE] = "DELETE FROM balance WHERE tenant_id = ?1 AND "
                     "customer_id = ?2",
    [S_BAL_CLEAR] = "DELETE FROM balance WHERE tenant_id = ?1",
    [S_BAL_PUT] = "INSERT INTO balance(tenant_id, customer_id, open_items, "
                  "value) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET "
                  "open_items = excluded.open_items, value = excluded.value",
    [S_BAL_SCAN] = "SELECT customer_id, value FROM balance WHERE "
                   "tenant_id = ?1 ORDER BY customer_id COLLATE BINARY",
    [S_LAST_GET] = "SELECT last_event_date FROM tenant WHERE tenant_id = ?1",
    [S_LAST_RAISE] = "UPDATE tenant SET last_event_date = ?2 WHERE "
                     "tenant_id = ?1 AND (last_event_date IS NULL OR "
                     "last_event_date < ?2)",
};


/* The prepared statement id, reset and bound to the tenant as ?1. */
static sqlite3_stmt *
stmt(struct store_sqlite *s, enum stmt_id id, struct dun_err *err)
{
    return sql_prepare(s, &s->stmt[id], stmt_sql[id], err);
}

static int
lite_begin(struct store *st, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (s->scan_depth > 0)
        return dun_err_set(err, DUN_E_INTERNAL, "store: begin inside a scan");
    if ((q = stmt(s, S_BEGIN, err)) == NULL)
        return -1;
    sql_counters_forget(s);
    sql_keys_forget(s);
    sql_packs_forget(s);
    s->no_disputes = 0;
    return sql_exec(s, q, err, "begin");
}

/* Foreign keys on or off; SQLite takes the pragma only outside a
 * transaction. */
static int
foreign_keys(struct store_sqlite *s, int on, struct dun_err *err)
{
    if (sqlite3_exec(s->db, on ? "PRAGMA foreign_keys = ON"
                               : "PRAGMA foreign_keys = OFF",
                     NULL, NULL, NULL) != SQLITE_OK)
        return sql_fail(s, err, "foreign keys");
    s->checked = !on;
    return 0;
}

/* Pragmas (foreign keys, the journal) change only outside a transaction
 * and with no statement running: 0 there, else -1. */
static int
between_transactions(struct store_sqlite *s, struct dun_err *err)
{
    if (s->scan_depth > 0 || !sqlite3_get_autocommit(s->db))
        return dun_err_set(err, DUN_E_INTERNAL,
                           "store: begin inside a scan or a transaction");
    return 0;
}

static int
lite_begin_checked(struct store *st, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);

    if (between_transactions(s, err) < 0 || foreign_keys(s, 0, err) < 0)
        return -1;
    if (lite_begin(st, err) < 0) {
        foreign_keys(s, 1, NULL);
        return -1;
    }
    return 0;
}

/* The journal for a load: on, a rollback journal if this connection
 * can have the database to itself (SQLite refuses at once, SQLITE_BUSY,
 * while another connection has it open: then the WAL stays, and so does
 * the reader's view of it); off, the WAL again. A rollback journal is
 * only safe from power loss with a sync at every step (FULL); the WAL
 * is with NORMAL. Switching back may find the database busy (a reader
 * that opened it meanwhile): the data is committed all the same, the
 * file keeps its rollback journal with FULL sync, and the next open
 * asks for WAL again. */
static void
journal_direct(struct store_sqlite *s, int on)
{
    static const char *const set[2] = { "PRAGMA journal_mode = WAL",
                                        "PRAGMA journal_mode = DELETE" };
    sqlite3_stmt *q = NULL;
    int now = s->direct; /* refused: as it was */

    if (sqlite3_prepare_v2(s->db, set[on], -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW) {
        const char *mode = (const char *)sqlite3_column_text(q, 0);

        now = mode != NULL && strcmp(mode, "delete") == 0;
    }
    sqlite3_finalize(q);
    if (now != s->direct)
        sqlite3_exec(s->db, now ? "PRAGMA synchronous = FULL"
                                : "PRAGMA synchronous = NORMAL",
                     NULL, NULL, NULL);
    s->direct = now;
}

static int
lite_begin_load(struct store *st, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);

    if (between_transactions(s, err) < 0)
        return -1;
    journal_direct(s, 1);
    if (lite_begin_checked(st, err) < 0) {
        if (s->direct)
            journal_direct(s, 0);
        return -1;
    }
    return 0;
}

static int
lite_commit(struct store *st, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (s->scan_depth > 0)
        return dun_err_set(err, DUN_E_INTERNAL, "store: commit inside a scan");
    if (sql_counters_flush(s, err) < 0 || sql_packs_flush(s, err) < 0 ||
        sql_keys_flush(s, err) < 0 ||
        (q = stmt(s, S_COMMIT, err)) == NULL)
        return -1;
    s->no_disputes = 0;
    if (sql_exec(s, q, err, "commit") < 0)
        return -1;
    if (s->direct)
        journal_direct(s, 0);
    return s->checked ? foreign_keys(s, 1, err) : 0;
}

static void
lite_rollback(struct store *st)
{
    struct store_sqlite *s = sql_store(st);

    /* No caller rolls back from a scan's callback: each returns its
     * error and rolls back after the scan (store.h, "Scans"). */
    assert(s->scan_depth == 0);
    sql_counters_forget(s);
    sql_keys_forget(s);
    sql_packs_forget(s);
    s->no_disputes = 0;
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    if (s->direct)
        journal_direct(s, 0);
    if (s->checked)
        foreign_keys(s, 1, NULL);
}

static int
lite_import_begin(struct store *st, const struct import_record *imp,
                  int64_t *import_id, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int64_t id;

    if (sql_may_write(s, "import_begin", err) < 0 ||
        sql_counter_next(s, SQL_COUNTER_IMPORT, "", &id, err) < 0 ||
        (q = stmt(s, S_IMPORT_INSERT, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, id);
    sql_bind_text(q, 3, imp->kind);
    sql_bind_text(q, 4, imp->file);
    sql_bind_date(q, 5, imp->as_of);
    if (sql_exec(s, q, err, "record import") < 0)
        return -1;
    *import_id = id;
    return 0;
}

static int
lite_import_end(struct store *st, int64_t import_id,
                const struct import_record *imp, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "import_end", err) < 0 ||
        (q = stmt(s, S_IMPORT_END, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, import_id);
    sqlite3_bind_int64(q, 3, imp->rows);
    sqlite3_bind_int64(q, 4, imp->inserted);
    sqlite3_bind_int64(q, 5, imp->updated);
    sqlite3_bind_int64(q, 6, imp->unchanged);
    return sql_exec(s, q, err, "record import");
}

static void
bind_stamp(sqlite3_stmt *q, int i, const struct store_stamp *sp)
{
    sqlite3_bind_int64(q, i, sp->import_id);
    sqlite3_bind_int64(q, i + 1, sp->line);
}

/* customer.kind holds enum customer_kind's values; each is spelt here
 * as its C constant, so that the column never depends on the enum's
 * order by accident, and a value the enum lacks (a database edited by
 * hand) reads as the default. */
static int
kind_to_db(enum customer_kind k)
{
    switch (k) {
    case CUSTOMER_SOLE_TRADER:
        return CUSTOMER_SOLE_TRADER;
    case CUSTOMER_CONSUMER:
        return CUSTOMER_CONSUMER;
    case CUSTOMER_BUSINESS:
        break;
    }
    return CUSTOMER_BUSINESS;
}

static void
bind_customer(sqlite3_stmt *q, const struct customer *c)
{
    sql_bind_text(q, 2, c->id);
    sql_bind_text(q, 3, c->name);
    sql_bind_text(q, 4, c->email);
    sql_bind_text(q, 5, c->phone);
    sql_bind_text(q, 6, c->address);
    sql_bind_text(q, 7, c->city);
    sql_bind_text(q, 8, c->postal_code);
    sql_bind_text(q, 9, c->country);
    sql_bind_text(q, 10, c->language);
    sqlite3_bind_int(q, 11, c->terms_days);
    sqlite3_bind_int64(q, 12, c->credit_limit);
    sql_bind_currency(q, 13, c->currency);
    sql_bind_text(q, 14, c->region);
    sqlite3_bind_int(q, 15, kind_to_db(c->kind));
    /* ?16 and ?17 are the stamp's (bind_stamp). */
    sql_bind_text(q, 18, c->contact_name);
}

static int
lite_customer_insert(struct store *st, const struct customer *c,
                     const struct store_stamp *sp, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "customer_insert", err) < 0 ||
        (q = stmt(s, S_CUST_INSERT, err)) == NULL)
        return -1;
    bind_customer(q, c);
    bind_stamp(q, 16, sp);
    return sql_insert(s, q, err, "insert customer");
}

static int
lite_customer_update(struct store *st, const struct customer *c,
                     const struct store_stamp *sp, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "customer_update", err) < 0 ||
        (q = stmt(s, S_CUST_UPDATE, err)) == NULL)
        return -1;
    bind_customer(q, c);
    bind_stamp(q, 16, sp);
    return sql_exec(s, q, err, "update customer");
}



static void
read_stamp(sqlite3_stmt *q, int i, struct store_stamp *sp)
{
    if (sp == NULL)
        return;
    sp->import_id = sqlite3_column_int64(q, i);
    sp->line = sqlite3_column_int64(q, i + 1);
}

static int
lite_customer_get(struct store *st, const char *id, struct customer *out,
                  struct store_stamp *sp, struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_CUST_GET, err);
    int rc;

    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, id);
    if ((rc = sql_row(s, q, err, "read customer")) != 1)
        return rc;
    sql_read_customer(q, 0, out, a);
    read_stamp(q, 15, sp);
    sqlite3_reset(q);
    return 1;
}

static int
lite_customers_count(struct store *st, int64_t *n, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_CUST_COUNT, err);
    int rc;

    if (q == NULL)
        return -1;
    if ((rc = sql_row(s, q, err, "count customers")) != 1)
        return rc < 0 ? -1 : sql_fail(s, err, "count customers");
    *n = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return 0;
}

/* customers_scan, whole records or (terms) only the id, currency and
 * terms: the other columns neither read nor copied. */
static int
scan_customers(struct store *st, int terms, store_customer_cb *cb,
               void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, terms ? "customer_terms_scan" : "customers_scan",
                       0, err) < 0)
        return -1;
    if ((q = stmt(s, terms ? S_CUST_TERMS : S_CUST_SCAN, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct customer c;

        if (terms) {
            memset(&c, 0, sizeof(c));
            c.id = (const char *)sqlite3_column_text(q, 0);
            sql_col_currency(q, 1, c.currency);
            c.terms_days = sqlite3_column_int(q, 2);
        } else {
            arena_reset(&a);
            sql_read_customer(q, 0, &c, &a);
        }
        if (cb(ctx, &c, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read customers");
}

static int
lite_customers_scan(struct store *st, store_customer_cb *cb, void *ctx,
                    struct dun_err *err)
{
    return scan_customers(st, 0, cb, ctx, err);
}

static int
lite_customer_terms_scan(struct store *st, store_customer_cb *cb, void *ctx,
                         struct dun_err *err)
{
    return scan_customers(st, 1, cb, ctx, err);
}

static int
lite_balances_put(struct store *st, const struct store_balances *b,
                  struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "balances_put", err) < 0)
        return -1;
    if (b->nitems == 0 && b->ncredits == 0) {
        if ((q = stmt(s, S_BAL_DELETE, err)) == NULL)
            return -1;
        sql_bind_text(q, 2, b->customer_id);
        return sql_exec(s, q, err, "clear balance");
    }
    if ((q = stmt(s, S_BAL_PUT, err)) == NULL)
        return -1;
    sbuf_reset(&s->value);
    balance_encode(b, &s->value);
    sql_bind_text(q, 2, b->customer_id);
    sqlite3_bind_int64(q, 3, (int64_t)b->nitems);
    sqlite3_bind_blob(q, 4, s->value.buf, (int)s->value.len, SQLITE_STATIC);
    return sql_exec(s, q, err, "write balance");
}

static int
lite_balances_clear(struct store *st, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "balances_clear", err) < 0 ||
        (q = stmt(s, S_BAL_CLEAR, err)) == NULL)
        return -1;
    return sql_exec(s, q, err, "clear balances");
}

static int
lite_balances_scan(struct store *st, store_balances_cb *cb, void *ctx,
                   struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "balances_scan", 0, err) < 0)
        return -1;
    if ((q = stmt(s, S_BAL_SCAN, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_balances b = { 0 };

        arena_reset(&a);
        b.customer_id = sql_col_str(q, 0, &a);
        if (balance_decode(sqlite3_column_blob(q, 1),
                           (size_t)sqlite3_column_bytes(q, 1), &b, &a,
                           err) < 0 ||
            cb(ctx, &b, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read balances");
}

static int
lite_last_event_get(struct store *st, int32_t *day, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_LAST_GET, err);
    int rc;

    if (q == NULL)
        return -1;
    *day = DATE_INVALID;
    if ((rc = sql_row(s, q, err, "read tenant")) != 1)
        return rc < 0 ? -1 : 0;
    if (sqlite3_column_type(q, 0) != SQLITE_NULL)
        *day = sql_col_date(q, 0);
    sqlite3_reset(q);
    return 0;
}

static int
lite_last_event_raise(struct store *st, int32_t day, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "last_event_raise", err) < 0 ||
        (q = stmt(s, S_LAST_RAISE, err)) == NULL)
        return -1;
    sql_bind_date(q, 2, day);
    return sql_exec(s, q, err, "update tenant");
}

static int
lite_policy_add(struct store *st, const char *text, const char *source,
                int32_t loaded_on, int64_t *version, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int64_t v;

    if (sql_may_write(s, "policy_add", err) < 0 ||
        sql_counter_next(s, SQL_COUNTER_POLICY, "", &v, err) < 0 ||
        (q = stmt(s, S_POLICY_ADD, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, v);
    sql_bind_date(q, 3, loaded_on);
    sql_bind_text(q, 4, source);
    sql_bind_text(q, 5, text);
    if (sql_exec(s, q, err, "store policy") < 0)
        return -1;
    *version = v;
    return 0;
}

static void
read_policy(sqlite3_stmt *q, struct policy_version *p, struct arena *a,
            int with_text)
{
    p->version = sqlite3_column_int64(q, 0);
    p->loaded_on = sql_col_date(q, 1);
    p->source = sql_col_str(q, 2, a);
    p->text = with_text ? sql_col_str(q, 3, a) : NULL;
}

static int
lite_policy_get(struct store *st, int64_t version, struct policy_version *out,
                struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, version ? S_POLICY_GET : S_POLICY_LATEST, err);
    int rc;

    if (q == NULL)
        return -1;
    if (version)
        sqlite3_bind_int64(q, 2, version);
    if ((rc = sql_row(s, q, err, "read policy")) != 1)
        return rc;
    read_policy(q, out, a, 1);
    sqlite3_reset(q);
    return 1;
}

static int
lite_policies_scan(struct store *st, store_policy_cb *cb, void *ctx,
                   struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "policies_scan", 0, err) < 0)
        return -1;
    if ((q = stmt(s, S_POLICY_SCAN, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct policy_version p;

        arena_reset(&a);
        read_policy(q, &p, &a, 0);
        if (cb(ctx, &p, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read policies");
}

static void
lite_close(struct store *st)
{
    struct store_sqlite *s = sql_store(st);

    for (size_t i = 0; i < S_COUNT; i++)
        sqlite3_finalize(s->stmt[i]);
    sqlite3_finalize(s->counter_next);
    sqlite3_finalize(s->counter_undo);
    sqlite3_finalize(s->counter_set);
    for (size_t i = 0; i < LITE_COLLECT_STMTS; i++)
        sqlite3_finalize(s->collect_stmt[i]);
    for (size_t i = 0; i < LITE_OUTBOX_STMTS; i++)
        sqlite3_finalize(s->outbox_stmt[i]);
    for (size_t i = 0; i < LITE_SEND_STMTS; i++)
        sqlite3_finalize(s->send_stmt[i]);
    for (size_t i = 0; i < LITE_TEMPLATE_STMTS; i++)
        sqlite3_finalize(s->template_stmt[i]);
    sql_keys_close(s);
    sql_packs_close(s);
    for (size_t i = 0; i < LITE_DOCS_STMTS; i++)
        sqlite3_finalize(s->docs_stmt[i]);
    sqlite3_close(s->db);
    sbuf_release(&s->value);
    sbuf_release(&s->packed);
    body_codec_free(s->codec);
    dict_codec_free(s->dicts);
    free(s->path);
    free(s);
}

static int
lite_keys_verify(struct store *st, struct dun_err *err)
{
    return sql_keys_verify(sql_store(st), err);
}

static int
lite_keys_rebuild(struct store *st, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);

    if (sql_may_write(s, "keys_rebuild", err) < 0)
        return -1;
    return sql_keys_build(s, 0, err);
}

static const struct store_ops sqlite_ops = {
    .name = "sqlite",
    .close = lite_close,
    .begin = lite_begin,
    .begin_checked = lite_begin_checked,
    .begin_load = lite_begin_load,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .import_begin = lite_import_begin,
    .import_end = lite_import_end,
    .customer_insert = lite_customer_insert,
    .customer_get = lite_customer_get,
    .customer_update = lite_customer_update,
    .customer_uses_currency = lite_customer_uses_currency,
    .customer_currencies = lite_customer_currencies,
    .customers_scan = lite_customers_scan,
    .customers_count = lite_customers_count,
    .customer_terms_scan = lite_customer_terms_scan,
    .invoice_insert = lite_invoice_insert,
    .invoice_get = lite_invoice_get,
    .invoice_update = lite_invoice_update,
    .invoice_refs = lite_invoice_refs,
    .docs_count = lite_docs_count,
    .invoices_scan = lite_invoices_scan,
    .payment_insert = lite_payment_insert,
    .payment_get = lite_payment_get,
    .payment_update = lite_payment_update,
    .payments_scan = lite_payments_scan,
    .docs_load = lite_docs_load,
    .docs_scan = lite_docs_scan,
    .balances_put = lite_balances_put,
    .balances_clear = lite_balances_clear,
    .balances_scan = lite_balances_scan,
    .keys_verify = lite_keys_verify,
    .keys_rebuild = lite_keys_rebuild,
    .last_event_get = lite_last_event_get,
    .last_event_raise = lite_last_event_raise,
    .sales_scan = lite_sales_scan,
    .policy_add = lite_policy_add,
    .policy_get = lite_policy_get,
    .policies_scan = lite_policies_scan,
    .state_get = lite_state_get,
    .state_put = lite_state_put,
    .dispute_open = lite_dispute_open,
    .dispute_resolve = lite_dispute_resolve,
    .promise_add = lite_promise_add,
    .note_add = lite_note_add,
    .plan_add = lite_plan_add,
    .plan_get = lite_plan_get,
    .plans_scan = lite_plans_scan,
    .plan_cancel = lite_plan_cancel,
    .run_begin = lite_run_begin,
    .run_end = lite_run_end,
    .contact_add = lite_contact_add,
    .payments_sum = lite_payments_sum,
    .collect_scan = lite_collect_scan,
    .run_latest = lite_run_latest,
    .events_scan = lite_events_scan,
    .approvals_decide = lite_approvals_decide,
    .calls_done = lite_calls_done,
    .tasks_scan = lite_tasks_scan,
    .tenant_get = lite_tenant_get,
    .tenant_put = lite_tenant_put,
    .template_set_put = lite_template_set_put,
    .template_set_get = lite_template_set_get,
    .pack_dict_put = lite_pack_dict_put,
    .template_version_add = lite_template_version_add,
    .template_version_get = lite_template_version_get,
    .template_versions_scan = lite_template_versions_scan,
    .outbox_add = lite_outbox_add,
    .outbox_add_packed = lite_outbox_add_packed,
    .outbox_scan = lite_outbox_scan,
    .outbox_pending = lite_outbox_pending,
    .outbox_undelivered = lite_outbox_undelivered,
    .config_get = lite_config_get,
    .config_put = lite_config_put,
    .config_scan = lite_config_scan,
    .config_put_data = lite_config_put_data,
    .config_get_data = lite_config_get_data,
    .outbox_move = lite_outbox_move,
    .message_events_scan = lite_message_events_scan,
    .evidence_add = lite_evidence_add,
    .evidence_scan = lite_evidence_scan,
};

/* 1 if the database holds any table: a schema version of 0 is then not
 * a new dun database but someone else's. */
static int
has_tables(struct store_sqlite *s)
{
    sqlite3_stmt *q;
    int n = 0;

    if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master",
                           -1, &q, NULL) != SQLITE_OK)
        return 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    return n > 0;
}

/* The database's schema version into *version, refusing one that is not
 * dun's (a negative version, another program's tables) or newer than
 * this dun. Only reads. */
static int
check_schema(struct store_sqlite *s, int *version, struct dun_err *err)
{
    sqlite3_stmt *q = NULL;

    if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) !=
            SQLITE_OK ||
        sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        return sql_fail(s, err, "read schema version");
    }
    *version = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (*version < 0)
        return dun_err_set(err, DUN_E_IO, "%s: schema version %d: not a "
                           "dun database", s->path, *version);
    if (*version == 0 && has_tables(s))
        return dun_err_set(err, DUN_E_IO, "%s: a database of something "
                           "else, not dun's (left as it is)", s->path);
    if (*version > (int)schema_sqlite_nmigrations)
        return dun_err_set(err, DUN_E_IO,
                           "%s: schema version %d is newer than this dun "
                           "(%zu)",
                           s->path, *version, schema_sqlite_nmigrations);
    return 0;
}

/* Whether PRAGMA foreign_key_check finds a row that refers to nothing. */
static int
dangling_rows(struct store_sqlite *s)
{
    sqlite3_stmt *q = NULL;
    int rc;

    if (sqlite3_prepare_v2(s->db, "PRAGMA foreign_key_check", -1, &q,
                           NULL) != SQLITE_OK)
        return -1;
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* Bring the schema from version up to date, one migration a
 * transaction. Foreign keys are off meanwhile, as SQLite's way of
 * changing a table asks (copy it, drop it, rename the copy: the rows
 * that refer to it would otherwise stop the drop); each migration
 * commits only if every row still refers to one that is there. */
static int
migrate(struct store_sqlite *s, int version, struct dun_err *err)
{
    int rc = 0;

    if ((size_t)version >= schema_sqlite_nmigrations)
        return 0;
    if (sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL,
                     NULL) != SQLITE_OK)
        return sql_fail(s, err, "migrate schema");
    for (size_t v = (size_t)version; v < schema_sqlite_nmigrations; v++) {
        char pragma[64];
        int dangling;

        snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %zu", v + 1);
        if (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) !=
                SQLITE_OK ||
            sqlite3_exec(s->db, schema_sqlite_migrations[v], NULL, NULL,
                         NULL) != SQLITE_OK ||
            sqlite3_exec(s->db, pragma, NULL, NULL, NULL) != SQLITE_OK ||
            (dangling = dangling_rows(s)) < 0) {
            rc = sql_fail(s, err, "migrate schema");
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            break;
        }
        if ((v + 1 == schema_sqlite_doc_keys_version &&
             sql_keys_build(s, 1, err) < 0) ||
            (v + 1 == schema_sqlite_doc_pack_version &&
             sql_packs_build(s, err) < 0)) {
            rc = dun_err_prefix(err, "%s: migrating the schema to version "
                                "%zu", s->path, v + 1);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            break;
        }
        if (dangling) {
            rc = dun_err_set(err, DUN_E_CONFLICT,
                             "%s: migrating the schema to version %zu "
                             "would leave rows that refer to none "
                             "(PRAGMA foreign_key_check); nothing changed",
                             s->path, v + 1);
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
            break;
        }
        if (sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            rc = sql_fail(s, err, "migrate schema");
            break;
        }
    }
    if (sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) !=
            SQLITE_OK &&
        rc == 0)
        rc = sql_fail(s, err, "migrate schema");
    return rc;
}

/* Set the store's tenant_id to that of the tenant called name, adding
 * the tenant first if create is set. */
static int
open_tenant(struct store_sqlite *s, const char *name, int create,
            struct dun_err *err)
{
    sqlite3_stmt *q = NULL;
    int rc;

    if (name == NULL || name[0] == '\0')
        return dun_err_set(err, DUN_E_INPUT, "%s: no tenant name given",
                           s->path);
    if (create &&
        (sqlite3_prepare_v2(s->db,
                            "INSERT INTO tenant(name) VALUES (?1) "
                            "ON CONFLICT (name) DO NOTHING",
                            -1, &q, NULL) != SQLITE_OK ||
         sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
         sqlite3_step(q) != SQLITE_DONE)) {
        sqlite3_finalize(q);
        return sql_fail(s, err, "add tenant");
    }
    sqlite3_finalize(q);
    q = NULL;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT tenant_id FROM tenant WHERE name = ?1",
                           -1, &q, NULL) != SQLITE_OK ||
        sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC) != SQLITE_OK) {
        sqlite3_finalize(q);
        return sql_fail(s, err, "read tenant");
    }
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW)
        s->base.tenant_id = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (rc == SQLITE_ROW)
        return 0;
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, "read tenant");
    return dun_err_set(err, DUN_E_NOTFOUND,
                       "%s: no tenant '%s' in the database", s->path, name);
}

/*
 * The database file before SQLite opens it. A new one is made readable
 * by its owner only (it holds customers' personal data and bank
 * details; SQLite gives its -wal and -shm files the same mode). An empty
 * file is not a database, whatever its name: SQLite would quietly turn
 * it into one, and a wrong --db would go unnoticed.
 */
static int
prepare_file(const char *path, int create, struct dun_err *err)
{
    struct stat sb;
    char why[128];
    int fd;

    if (strcmp(path, ":memory:") == 0)
        return 0;
    if (stat(path, &sb) == 0) {
        if (S_ISREG(sb.st_mode) && sb.st_size == 0)
            return dun_err_set(err, DUN_E_INPUT, "%s: an empty file, not a "
                               "dun database", path);
        return 0;
    }
    if (errno != ENOENT || !create)
        return 0; /* SQLite says what is wrong */
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
              0600);
    if (fd < 0 && errno != EEXIST)
        return dun_err_set(err, DUN_E_IO, "%s: cannot create: %s", path,
                           errstr(errno, why, sizeof(why)));
    if (fd >= 0)
        close(fd);
    return 0;
}

static pthread_once_t sqlite_configured = PTHREAD_ONCE_INIT;

/* Process-wide, before SQLite starts: no memory statistics (dun reads
 * none, and keeping them takes a global lock at every allocation). If
 * the process used SQLite already, the call fails and nothing changes. */
static void
configure_sqlite(void)
{
    (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

struct store *
store_sqlite_open(const char *path, const char *tenant, int create,
                  struct dun_err *err)
{
    struct store_sqlite *s = xcalloc(1, sizeof(*s));
    /* NOMUTEX: a store is used by one thread at a time (store.h), so
     * SQLite's own locking of every call is cost without use; it was a
     * tenth of an import's time. */
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                (create ? SQLITE_OPEN_CREATE : 0);
    int version = 0;

    pthread_once(&sqlite_configured, configure_sqlite);
    s->base.ops = &sqlite_ops;
    s->value = (struct sbuf)SBUF_INIT;
    s->packed = (struct sbuf)SBUF_INIT;
    s->path = xstrdup(path);
    if (!create && access(path, F_OK) != 0) {
        dun_err_set(err, DUN_E_NOTFOUND,
                    "%s: no such database (create one with 'dun init')",
                    path);
        goto fail;
    }
    if (prepare_file(path, create, err) < 0)
        goto fail;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        sql_fail(s, err, "open");
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 5000);
    /* Whose the file is, before anything is written to it: another
     * program's database is left exactly as it is. */
    if (check_schema(s, &version, err) < 0)
        goto fail;
    /* WAL lets readers work during a run; NORMAL sync is durable at each
     * checkpoint and never corrupts. A page cache of 8 MiB: a bigger one
     * (64 MiB) kept a run's new pages (42 MB on M) in memory until the
     * commit wrote them all at once; with this one SQLite writes them
     * to the WAL as the run goes, while the other core renders (a full
     * run on M 2-10% faster in interleaved runs, peak memory 108 MB ->
     * 56 MB; an import as fast, in a third of the memory). Pages of
     * 16 KiB (for a new file; one that has tables keeps its size): an
     * outbox row of a few KB fits one page instead of spilling to
     * overflow pages, and a run or an import writes a third fewer pages
     * (bench/run_cycle.sh: a full run on M 1.19 s with 4 KiB pages,
     * 0.97 s with 16 KiB). */
    if (sqlite3_exec(s->db,
                     "PRAGMA page_size = 16384;"
                     "PRAGMA journal_mode = WAL;"
                     "PRAGMA synchronous = NORMAL;"
                     "PRAGMA foreign_keys = ON;"
                     "PRAGMA cache_size = -8192;"
                     "PRAGMA temp_store = MEMORY;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        sql_fail(s, err, "configure");
        goto fail;
    }
    if (migrate(s, version, err) < 0 ||
        open_tenant(s, tenant, create, err) < 0)
        goto fail;
    return &s->base;
fail:
    lite_close(&s->base);
    return NULL;
}
