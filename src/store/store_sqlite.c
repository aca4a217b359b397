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
    S_CUST_USES,
    S_CUST_CURRENCIES,
    S_CUST_SCAN,
    S_CUST_COUNT,
    S_INV_INSERT,
    S_INV_GET,
    S_INV_UPDATE,
    S_INV_SCAN_CUST,
    S_INV_REFS,
    S_DOCS_COUNT,
    S_PAY_INSERT,
    S_PAY_GET,
    S_PAY_UPDATE,
    S_PAY_SCAN_ALL,
    S_PAY_SCAN_CUST,
    S_DOCS_INV,
    S_DOCS_PAY,
    S_DOCS_INV_ALL,
    S_DOCS_PAY_ALL,
    S_DOCS_DISP,
    S_DOCS_DISP_ALL,
    S_BAL_DELETE,
    S_BAL_CLEAR,
    S_BAL_PUT,
    S_BAL_GET,
    S_BAL_SCAN,
    S_BAL_OPEN_IDS,
    S_CUST_IDS,
    S_LAST_GET,
    S_LAST_RAISE,
    S_SALES,
    S_POLICY_ADD,
    S_POLICY_LATEST,
    S_POLICY_GET,
    S_POLICY_SCAN,
    S_COUNT
};

#define INV_COLS                                                          \
    "number, customer_id, type, applies_to, issue_date, due_date, "       \
    "currency, total, description"
#define PAY_COLS                                                          \
    "id, date, customer_id, invoice_number, amount, currency, method, "   \
    "reference"
#define CUST_COLS SQL_CUSTOMER_COLS

_Static_assert(S_COUNT <= LITE_STMTS, "raise LITE_STMTS");

/* Text keys are ordered COLLATE BINARY, written out although it is
 * SQLite's default: byte order (memcmp), which is what strcmp gives on
 * our NUL-free UTF-8 and what store.h promises. lite_docs_scan merges two
 * customer-ordered streams with strcmp and import.c binary-searches
 * invoice_refs with strcmp; a locale's collation would break both. */

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
    [S_CUST_USES] = "SELECT EXISTS (SELECT 1 FROM customer WHERE "
                    "tenant_id = ?1 AND id = ?2 AND currency = ?3) OR "
                    "EXISTS (SELECT 1 FROM invoice WHERE tenant_id = ?1 "
                    "AND customer_id = ?2 AND currency = ?3)",
    [S_CUST_CURRENCIES] = "SELECT count(*) FROM (SELECT currency FROM "
                          "customer WHERE tenant_id = ?1 AND id = ?2 UNION "
                          "SELECT currency FROM invoice WHERE tenant_id = ?1 "
                          "AND customer_id = ?2)",
    [S_CUST_COUNT] = "SELECT count(*) FROM customer WHERE tenant_id = ?1",
    [S_CUST_SCAN] = "SELECT " CUST_COLS " FROM customer WHERE tenant_id = "
                    "?1 ORDER BY id COLLATE BINARY",
    [S_INV_INSERT] = "INSERT INTO invoice(tenant_id, " INV_COLS
                     ", import_id, import_line) VALUES (?1, ?2, ?3, ?4, "
                     "?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) "
                     "ON CONFLICT DO NOTHING",
    /* Documents are found by number through their customer (doc_key). */
    [S_INV_GET] = "SELECT " INV_COLS ", import_id, import_line FROM invoice "
                  "WHERE tenant_id = ?1 AND customer_id = ?3 AND number = "
                  "?2",
    [S_INV_UPDATE] = "UPDATE invoice SET customer_id = ?3, type = ?4, "
                     "applies_to = ?5, issue_date = ?6, due_date = ?7, "
                     "currency = ?8, total = ?9, description = ?10, "
                     "import_id = ?11, import_line = ?12 "
                     "WHERE tenant_id = ?1 AND customer_id = ?13 AND "
                     "number = ?2",
    [S_DOCS_COUNT] = "SELECT (SELECT count(*) FROM invoice WHERE tenant_id = "
                     "?1 AND customer_id = ?2) + (SELECT count(*) FROM "
                     "payment WHERE tenant_id = ?1 AND customer_id = ?2)",
    [S_INV_REFS] = "SELECT number, type, currency FROM invoice WHERE "
                   "tenant_id = ?1 AND customer_id = ?2 "
                   "ORDER BY number COLLATE BINARY",
    [S_INV_SCAN_CUST] = "SELECT " INV_COLS " FROM invoice WHERE "
                        "tenant_id = ?1 AND customer_id = ?2 "
                        "ORDER BY issue_date, number COLLATE BINARY",
    [S_PAY_INSERT] = "INSERT INTO payment(tenant_id, " PAY_COLS
                     ", import_id, import_line) VALUES (?1, ?2, ?3, ?4, "
                     "?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT DO NOTHING",
    [S_PAY_GET] = "SELECT " PAY_COLS ", import_id, import_line FROM payment "
                  "WHERE tenant_id = ?1 AND customer_id = ?3 AND id = ?2",
    [S_PAY_UPDATE] = "UPDATE payment SET date = ?3, customer_id = ?4, "
                     "invoice_number = ?5, amount = ?6, currency = ?7, "
                     "method = ?8, reference = ?9, import_id = ?10, "
                     "import_line = ?11 WHERE tenant_id = ?1 AND "
                     "customer_id = ?12 AND id = ?2",
    [S_PAY_SCAN_ALL] = "SELECT " PAY_COLS " FROM payment WHERE tenant_id = "
                       "?1 ORDER BY customer_id COLLATE BINARY, date, "
                       "id COLLATE BINARY",
    [S_PAY_SCAN_CUST] = "SELECT " PAY_COLS " FROM payment WHERE "
                        "tenant_id = ?1 AND "
                        "customer_id = ?2 ORDER BY date, id COLLATE BINARY",
    [S_DOCS_INV] = "SELECT number, applies_to, issue_date, due_date, "
                   "currency, total, type FROM invoice WHERE tenant_id = ?1 "
                   "AND customer_id = ?2",
    [S_DOCS_PAY] = "SELECT id, invoice_number, date, currency, amount FROM "
                   "payment WHERE tenant_id = ?1 AND customer_id = ?2",
    [S_DOCS_INV_ALL] = "SELECT number, applies_to, issue_date, due_date, "
                       "currency, total, type, customer_id FROM invoice "
                       "WHERE tenant_id = ?1 ORDER BY customer_id COLLATE "
                       "BINARY",
    [S_DOCS_PAY_ALL] = "SELECT id, invoice_number, date, currency, amount, "
                       "customer_id FROM payment WHERE tenant_id = ?1 "
                       "ORDER BY customer_id COLLATE BINARY",
    /* Disputes in their primary key's order, so that a replay reads
     * them in one defined order. */
    [S_DOCS_DISP] = "SELECT invoice_number, opened_on, resolved_on FROM "
                    "dispute WHERE tenant_id = ?1 AND customer_id = ?2 "
                    "ORDER BY invoice_number COLLATE BINARY, opened_on",
    [S_DOCS_DISP_ALL] = "SELECT invoice_number, opened_on, resolved_on, "
                        "customer_id FROM dispute WHERE tenant_id = ?1 "
                        "ORDER BY customer_id COLLATE BINARY, "
                        "invoice_number COLLATE BINARY, opened_on",
    [S_BAL_DELETE] = "DELETE FROM balance WHERE tenant_id = ?1 AND "
                     "customer_id = ?2",
    [S_BAL_CLEAR] = "DELETE FROM balance WHERE tenant_id = ?1",
    [S_BAL_PUT] = "INSERT INTO balance(tenant_id, customer_id, open_items, "
                  "value) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE SET "
                  "open_items = excluded.open_items, value = excluded.value",
    [S_BAL_GET] = "SELECT value FROM balance WHERE tenant_id = ?1 AND "
                  "customer_id = ?2",
    [S_BAL_SCAN] = "SELECT customer_id, value FROM balance WHERE "
                   "tenant_id = ?1 ORDER BY customer_id COLLATE BINARY",
    [S_BAL_OPEN_IDS] = "SELECT customer_id FROM balance WHERE tenant_id = ?1"
                       " AND open_items > 0 ORDER BY customer_id COLLATE "
                       "BINARY",
    [S_CUST_IDS] = "SELECT id FROM customer WHERE tenant_id = ?1 "
                   "ORDER BY id COLLATE BINARY",
    [S_LAST_GET] = "SELECT last_event_date FROM tenant WHERE tenant_id = ?1",
    [S_LAST_RAISE] = "UPDATE tenant SET last_event_date = ?2 WHERE "
                     "tenant_id = ?1 AND (last_event_date IS NULL OR "
                     "last_event_date < ?2)",
    [S_SALES] = "SELECT currency, issue_date, sum(CASE type WHEN "
                "'credit_note' THEN -total ELSE total END) FROM invoice "
                "WHERE tenant_id = ?1 AND issue_date BETWEEN ?2 AND ?3 "
                "GROUP BY currency, issue_date "
                "ORDER BY issue_date DESC, currency COLLATE BINARY",
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

static int
lite_begin_checked(struct store *st, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);

    if (s->scan_depth > 0 || !sqlite3_get_autocommit(s->db))
        return dun_err_set(err, DUN_E_INTERNAL,
                           "store: begin inside a scan or a transaction");
    if (foreign_keys(s, 0, err) < 0)
        return -1;
    if (lite_begin(st, err) < 0) {
        foreign_keys(s, 1, NULL);
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
    if (sql_counters_flush(s, err) < 0 || sql_keys_flush(s, err) < 0 ||
        (q = stmt(s, S_COMMIT, err)) == NULL)
        return -1;
    if (sql_exec(s, q, err, "commit") < 0)
        return -1;
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
    if (!sqlite3_get_autocommit(s->db))
        sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
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
lite_customer_uses_currency(struct store *st, const char *id,
                            const char *currency, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_CUST_USES, err);
    int rc;

    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, id);
    sql_bind_currency(q, 3, currency);
    if ((rc = sql_row(s, q, err, "read currencies")) != 1)
        return rc < 0 ? -1 : 0;
    rc = sqlite3_column_int(q, 0) != 0;
    sqlite3_reset(q);
    return rc;
}

static int
lite_customer_currencies(struct store *st, const char *id, int64_t *n,
                         struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_CUST_CURRENCIES, err);
    int rc;

    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, id);
    if ((rc = sql_row(s, q, err, "count currencies")) != 1)
        return rc < 0 ? -1 : sql_fail(s, err, "count currencies");
    *n = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return 0;
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

static int
lite_customers_scan(struct store *st, store_customer_cb *cb, void *ctx,
                    struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "customers_scan", 0, err) < 0)
        return -1;
    if ((q = stmt(s, S_CUST_SCAN, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct customer c;

        arena_reset(&a);
        sql_read_customer(q, 0, &c, &a);
        if (cb(ctx, &c, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read customers");
}

static void
bind_invoice(sqlite3_stmt *q, const struct invoice *inv)
{
    sql_bind_text(q, 2, inv->number);
    sql_bind_text(q, 3, inv->customer_id);
    sql_bind_text(q, 4,
                  inv->type == INVOICE_CREDIT_NOTE ? "credit_note" : "invoice");
    sql_bind_text(q, 5, inv->applies_to);
    sql_bind_date(q, 6, inv->issue_date);
    sql_bind_date(q, 7, inv->due_date);
    sql_bind_currency(q, 8, inv->currency);
    sqlite3_bind_int64(q, 9, inv->total);
    sql_bind_text(q, 10, inv->description);
}

static void
read_invoice(sqlite3_stmt *q, struct invoice *inv, struct arena *a)
{
    const unsigned char *type;

    inv->number = sql_col_str(q, 0, a);
    inv->customer_id = sql_col_str(q, 1, a);
    type = sqlite3_column_text(q, 2);
    inv->type = type && strcmp((const char *)type, "credit_note") == 0
                    ? INVOICE_CREDIT_NOTE
                    : INVOICE_PLAIN;
    inv->applies_to = sql_col_str(q, 3, a);
    inv->issue_date = sql_col_date(q, 4);
    inv->due_date = sql_col_date(q, 5);
    sql_col_currency(q, 6, inv->currency);
    inv->total = sqlite3_column_int64(q, 7);
    inv->description = sql_col_str(q, 8, a);
}

static int
lite_invoice_insert(struct store *st, const struct invoice *inv,
                    const struct store_stamp *sp, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    const char *owner;
    int rc;

    /* A number is the tenant's once, whoever's invoice it is. */
    if (sql_may_write(s, "invoice_insert", err) < 0 ||
        (rc = sql_key_owner(s, DOC_KEY_INVOICE, inv->number, &owner,
                            err)) < 0)
        return -1;
    if (rc == 1)
        return 0;
    if ((q = stmt(s, S_INV_INSERT, err)) == NULL)
        return -1;
    bind_invoice(q, inv);
    bind_stamp(q, 11, sp);
    if ((rc = sql_insert(s, q, err, "insert invoice")) != 1)
        return rc;
    return sql_key_set(s, DOC_KEY_INVOICE, inv->number, inv->customer_id,
                       err) < 0 ? -1 : 1;
}

static int
lite_invoice_update(struct store *st, const struct invoice *inv,
                    const struct store_stamp *sp, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    const char *owner;
    int rc;

    if (sql_may_write(s, "invoice_update", err) < 0 ||
        (rc = sql_key_owner(s, DOC_KEY_INVOICE, inv->number, &owner,
                            err)) < 0)
        return -1;
    if (rc == 0) /* no such invoice: nothing to update */
        return 0;
    if ((q = stmt(s, S_INV_UPDATE, err)) == NULL)
        return -1;
    bind_invoice(q, inv);
    bind_stamp(q, 11, sp);
    sql_bind_text(q, 13, owner);
    if (sql_exec(s, q, err, "update invoice") < 0)
        return -1;
    if (strcmp(owner, inv->customer_id) == 0)
        return 0;
    return sql_key_set(s, DOC_KEY_INVOICE, inv->number, inv->customer_id,
                       err);
}

static int
lite_invoice_get(struct store *st, const char *number, struct invoice *out,
                 struct store_stamp *sp, struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    const char *owner;
    int rc;

    if ((rc = sql_key_owner(s, DOC_KEY_INVOICE, number, &owner, err)) != 1)
        return rc;
    if ((q = stmt(s, S_INV_GET, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, number);
    sql_bind_text(q, 3, owner);
    if ((rc = sql_row(s, q, err, "read invoice")) != 1)
        return rc;
    read_invoice(q, out, a);
    read_stamp(q, 9, sp);
    sqlite3_reset(q);
    return 1;
}

static int
lite_docs_count(struct store *st, const char *customer_id, int64_t *n,
                struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_DOCS_COUNT, err);
    int rc;

    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    if ((rc = sql_row(s, q, err, "count documents")) != 1)
        return rc < 0 ? -1 : sql_fail(s, err, "count documents");
    *n = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return 0;
}

static int
lite_invoice_refs(struct store *st, const char *customer_id,
                  struct store_invoice_ref **out, size_t *n, struct arena *a,
                  struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_INV_REFS, err);
    struct store_invoice_ref *v = NULL;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const unsigned char *type = sqlite3_column_text(q, 1);

        if (*n == cap) {
            struct store_invoice_ref *w;

            cap = cap ? cap * 2 : 32;
            w = arena_alloc(a, cap * sizeof(*w));
            if (*n)
                memcpy(w, v, *n * sizeof(*w));
            v = w;
        }
        v[*n].number = sql_col_str(q, 0, a);
        v[*n].type = type && strcmp((const char *)type, "credit_note") == 0
                         ? INVOICE_CREDIT_NOTE
                         : INVOICE_PLAIN;
        sql_col_currency(q, 2, v[*n].currency);
        (*n)++;
    }
    sqlite3_reset(q);
    *out = v;
    return rc == SQLITE_DONE ? 0 : sql_fail(s, err, "read invoices");
}

/* One customer's cached balances into b (nothing cached: none). */
static int
balance_get(struct store_sqlite *s, const char *customer_id,
            struct store_balances *b, struct arena *a, struct dun_err *err)
{
    sqlite3_stmt *q = stmt(s, S_BAL_GET, err);
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

/* One customer's invoices with their cached open amounts. */
static int
scan_customer_invoices(struct store_sqlite *s, const char *customer_id,
                       int open_only, store_invoice_cb *cb, void *ctx,
                       struct arena *a, struct dun_err *err)
{
    struct store_balances b;
    struct open_item *items;
    sqlite3_stmt *q;
    int rc;

    arena_reset(a);
    if (balance_get(s, customer_id, &b, a, err) < 0)
        return -1;
    if (open_only && b.nitems == 0)
        return 0;
    items = (struct open_item *)b.items;
    sort_array(items, b.nitems, sizeof(*items), cmp_item_number);
    if ((q = stmt(s, S_INV_SCAN_CUST, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct open_item key = { 0 }, *it;
        struct invoice inv;

        read_invoice(q, &inv, a);
        key.invoice_number = inv.number;
        it = search_array(&key, items, b.nitems, sizeof(*items), cmp_item_number);
        if (open_only && it == NULL)
            continue;
        if (cb(ctx, &inv, it ? it->amount : 0, err) < 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_reset(q);
    if (rc == -1)
        return -1;
    return rc == SQLITE_DONE ? 0 : sql_fail(s, err, "read invoices");
}

static int
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
    if ((q = stmt(s, open_only ? S_BAL_OPEN_IDS : S_CUST_IDS, err)) == NULL) {
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

static void
bind_payment(sqlite3_stmt *q, const struct payment *p)
{
    sql_bind_text(q, 2, p->id);
    sql_bind_date(q, 3, p->date);
    sql_bind_text(q, 4, p->customer_id);
    sql_bind_text(q, 5, p->invoice_number);
    sqlite3_bind_int64(q, 6, p->amount);
    sql_bind_currency(q, 7, p->currency);
    sql_bind_text(q, 8, p->method);
    sql_bind_text(q, 9, p->reference);
}

static void
read_payment(sqlite3_stmt *q, struct payment *p, struct arena *a)
{
    p->id = sql_col_str(q, 0, a);
    p->date = sql_col_date(q, 1);
    p->customer_id = sql_col_str(q, 2, a);
    p->invoice_number = sql_col_str(q, 3, a);
    p->amount = sqlite3_column_int64(q, 4);
    sql_col_currency(q, 5, p->currency);
    p->method = sql_col_str(q, 6, a);
    p->reference = sql_col_str(q, 7, a);
}

static int
lite_payment_insert(struct store *st, const struct payment *p,
                    const struct store_stamp *sp, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    const char *owner;
    int rc;

    if (sql_may_write(s, "payment_insert", err) < 0 ||
        (rc = sql_key_owner(s, DOC_KEY_PAYMENT, p->id, &owner, err)) < 0)
        return -1;
    if (rc == 1)
        return 0;
    if ((q = stmt(s, S_PAY_INSERT, err)) == NULL)
        return -1;
    bind_payment(q, p);
    bind_stamp(q, 10, sp);
    if ((rc = sql_insert(s, q, err, "insert payment")) != 1)
        return rc;
    return sql_key_set(s, DOC_KEY_PAYMENT, p->id, p->customer_id, err) < 0
               ? -1 : 1;
}

static int
lite_payment_update(struct store *st, const struct payment *p,
                    const struct store_stamp *sp, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    const char *owner;
    int rc;

    if (sql_may_write(s, "payment_update", err) < 0 ||
        (rc = sql_key_owner(s, DOC_KEY_PAYMENT, p->id, &owner, err)) < 0)
        return -1;
    if (rc == 0) /* no such payment: nothing to update */
        return 0;
    if ((q = stmt(s, S_PAY_UPDATE, err)) == NULL)
        return -1;
    bind_payment(q, p);
    bind_stamp(q, 10, sp);
    sql_bind_text(q, 12, owner);
    if (sql_exec(s, q, err, "update payment") < 0)
        return -1;
    /* A payment may move to another customer (a corrected export). */
    if (strcmp(owner, p->customer_id) == 0)
        return 0;
    return sql_key_set(s, DOC_KEY_PAYMENT, p->id, p->customer_id, err);
}

static int
lite_payment_get(struct store *st, const char *id, struct payment *out,
                 struct store_stamp *sp, struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    const char *owner;
    int rc;

    if ((rc = sql_key_owner(s, DOC_KEY_PAYMENT, id, &owner, err)) != 1)
        return rc;
    if ((q = stmt(s, S_PAY_GET, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, id);
    sql_bind_text(q, 3, owner);
    if ((rc = sql_row(s, q, err, "read payment")) != 1)
        return rc;
    read_payment(q, out, a);
    read_stamp(q, 8, sp);
    sqlite3_reset(q);
    return 1;
}

static int
lite_payments_scan(struct store *st, const char *customer_id,
                   store_payment_cb *cb, void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "payments_scan", 0, err) < 0)
        return -1;
    q = stmt(s, customer_id ? S_PAY_SCAN_CUST : S_PAY_SCAN_ALL, err);
    if (q == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    if (customer_id)
        sql_bind_text(q, 2, customer_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct payment p;

        arena_reset(&a);
        read_payment(q, &p, &a);
        if (cb(ctx, &p, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read payments");
}

static void
read_doc_invoice(sqlite3_stmt *q, struct ledger_invoice *li, struct arena *a)
{
    const unsigned char *type = sqlite3_column_text(q, 6);

    li->number = sql_col_str(q, 0, a);
    li->applies_to = sql_col_str(q, 1, a);
    li->issue_date = sql_col_date(q, 2);
    li->due_date = sql_col_date(q, 3);
    sql_col_currency(q, 4, li->currency);
    li->total = sqlite3_column_int64(q, 5);
    li->is_credit_note =
        type && strcmp((const char *)type, "credit_note") == 0;
}

static void
read_doc_payment(sqlite3_stmt *q, struct ledger_payment *lp, struct arena *a)
{
    lp->id = sql_col_str(q, 0, a);
    lp->invoice_number = sql_col_str(q, 1, a);
    lp->date = sql_col_date(q, 2);
    sql_col_currency(q, 3, lp->currency);
    lp->amount = sqlite3_column_int64(q, 4);
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

static int
lite_docs_load(struct store *st, const char *customer_id,
               struct store_docs *docs, struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = stmt(s, S_DOCS_INV, err);
    struct disp_buf db = { NULL, 0, 0 };
    int rc;

    store_docs_reset(docs);
    docs->customer_id = customer_id;
    docs->disp = NULL;
    docs->ndisp = 0;
    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        read_doc_invoice(q, store_docs_add_invoice(docs), a);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, "read invoices");
    if ((q = stmt(s, S_DOCS_PAY, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        read_doc_payment(q, store_docs_add_payment(docs), a);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, "read payments");
    if ((q = stmt(s, S_DOCS_DISP, err)) == NULL)
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

/* A cursor over rows ordered by customer id (the last column). */
struct cursor {
    sqlite3_stmt *q;
    int rc;         /* last sqlite3_step result */
    int cust_col;
};

static const char *
cursor_customer(const struct cursor *c)
{
    if (c->rc != SQLITE_ROW)
        return NULL;
    return (const char *)sqlite3_column_text(c->q, c->cust_col);
}

/* Negative if a sorts before b; a NULL (exhausted cursor) sorts last. */
static int
cmp_customer(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b ? 0 : (a == NULL ? 1 : -1);
    return strcmp(a, b);
}

static int
lite_docs_scan(struct store *st, store_docs_cb *cb, void *ctx,
               struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct cursor ci = { NULL, SQLITE_DONE, 7 };
    struct cursor cp = { NULL, SQLITE_DONE, 5 };
    struct cursor cd = { NULL, SQLITE_DONE, 3 };
    struct store_docs docs = { 0 };
    struct disp_buf db = { NULL, 0, 0 };
    struct arena a = ARENA_INIT;
    int rc = -1;

    if (sql_scan_enter(s, "docs_scan", 0, err) < 0)
        return -1;
    if ((ci.q = stmt(s, S_DOCS_INV_ALL, err)) == NULL ||
        (cp.q = stmt(s, S_DOCS_PAY_ALL, err)) == NULL ||
        (cd.q = stmt(s, S_DOCS_DISP_ALL, err)) == NULL)
        goto out;
    ci.rc = sqlite3_step(ci.q);
    cp.rc = sqlite3_step(cp.q);
    cd.rc = sqlite3_step(cd.q);
    /* Merge the two customer-ordered document streams, one customer at a
     * time; the disputes' stream, in the same order, follows them. */
    for (;;) {
        const char *ki = cursor_customer(&ci), *kp = cursor_customer(&cp);
        const char *first = cmp_customer(ki, kp) <= 0 ? ki : kp;
        const char *cust;

        if (first == NULL)
            break;
        arena_reset(&a);
        store_docs_reset(&docs);
        db = (struct disp_buf){ NULL, 0, 0 };
        cust = arena_strndup(&a, first, strlen(first));
        docs.customer_id = cust;
        while (ci.rc == SQLITE_ROW && strcmp(cursor_customer(&ci), cust) == 0) {
            read_doc_invoice(ci.q, store_docs_add_invoice(&docs), &a);
            ci.rc = sqlite3_step(ci.q);
        }
        while (cp.rc == SQLITE_ROW && strcmp(cursor_customer(&cp), cust) == 0) {
            read_doc_payment(cp.q, store_docs_add_payment(&docs), &a);
            cp.rc = sqlite3_step(cp.q);
        }
        /* Disputes follow the documents: a customer without documents
         * gets no callback, so its disputes (of invoices gone) are
         * passed over. */
        while (cd.rc == SQLITE_ROW && strcmp(cursor_customer(&cd), cust) < 0)
            cd.rc = sqlite3_step(cd.q);
        while (cd.rc == SQLITE_ROW && strcmp(cursor_customer(&cd), cust) == 0) {
            read_doc_dispute(cd.q, &db, &a);
            cd.rc = sqlite3_step(cd.q);
        }
        docs.disp = db.d;
        docs.ndisp = db.n;
        if (cb(ctx, &docs, err) < 0)
            goto out;
    }
    /* Disputes may remain past the last customer with documents. */
    if (ci.rc != SQLITE_DONE || cp.rc != SQLITE_DONE ||
        (cd.rc != SQLITE_DONE && cd.rc != SQLITE_ROW)) {
        sql_fail(s, err, "read documents");
        goto out;
    }
    rc = 0;
out:
    if (ci.q)
        sqlite3_reset(ci.q);
    if (cp.q)
        sqlite3_reset(cp.q);
    if (cd.q)
        sqlite3_reset(cd.q);
    sql_scan_leave(s);
    store_docs_release(&docs);
    arena_release(&a);
    return rc;
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
lite_sales_scan(struct store *st, int32_t from, int32_t to, store_sales_cb *cb,
                void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int rc;

    if (sql_scan_enter(s, "sales_scan", 0, err) < 0)
        return -1;
    if ((q = stmt(s, S_SALES, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    sql_bind_date(q, 2, from);
    sql_bind_date(q, 3, to);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_day_sales ds;

        sql_col_currency(q, 0, ds.currency);
        ds.day = sql_col_date(q, 1);
        ds.amount = sqlite3_column_int64(q, 2);
        if (cb(ctx, &ds, err) < 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_reset(q);
    sql_scan_leave(s);
    if (rc == -1)
        return -1;
    return rc == SQLITE_DONE ? 0 : sql_fail(s, err, "read sales");
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
        if (v + 1 == schema_sqlite_doc_keys_version &&
            sql_keys_build(s, 1, err) < 0) {
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
