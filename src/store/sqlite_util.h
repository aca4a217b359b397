/*
 * sqlite_util.h - internal to the SQLite backend (store_sqlite*.c): the
 * store object and the helpers its files share. Not part of store.h.
 *
 * The helpers are named sql_*, the backend's operations lite_*, so that
 * neither reads as SQLite's own sqlite3_* API nor as a bare word.
 */
#ifndef DUN_STORE_SQLITE_UTIL_H
#define DUN_STORE_SQLITE_UTIL_H

#include <sqlite3.h>
#include <stdint.h>

#include "core/arena.h"
#include "core/err.h"
#include "core/sbuf.h"
#include "store/body_codec.h"
#include "store/dict_codec.h"
#include "store/store.h"

#define LITE_STMTS 64         /* store_sqlite.c's statements */
#define LITE_COLLECT_STMTS 40 /* store_sqlite_collect.c's */
#define LITE_OUTBOX_STMTS 16  /* store_sqlite_outbox.c's */
#define LITE_SEND_STMTS 12    /* store_sqlite_send.c's */
#define LITE_TEMPLATE_STMTS 4 /* store_sqlite_templates.c's */
#define LITE_KEY_STMTS 3      /* store_sqlite_keys.c's */
#define LITE_PACK_STMTS 5     /* store_sqlite_packs.c's */
#define LITE_DOCS_STMTS 8     /* store_sqlite_docs.c's */

/* The tenant's counters (table counter, schema migration 10). */
enum sql_counter {
    SQL_COUNTER_IMPORT,   /* import_batch.import_id */
    SQL_COUNTER_POLICY,   /* policy_version.version */
    SQL_COUNTER_RUN,      /* run.run_id */
    SQL_COUNTER_TEMPLATE, /* template_set.id */
    SQL_COUNTER_OUTBOX,   /* outbox.seq */
    SQL_COUNTER_NOTE,     /* note.seq, one counter per customer (scope) */
    SQL_COUNTER_TEMPLATE_VERSION, /* template_version.version */
    SQL_COUNTER_PACK_DICT, /* pack_dict.id */
    SQL_NCOUNTERS
};

struct store_sqlite {
    struct store base;
    sqlite3 *db;
    char *path;
    sqlite3_stmt *stmt[LITE_STMTS];
    sqlite3_stmt *collect_stmt[LITE_COLLECT_STMTS];
    sqlite3_stmt *outbox_stmt[LITE_OUTBOX_STMTS];
    sqlite3_stmt *send_stmt[LITE_SEND_STMTS];
    sqlite3_stmt *template_stmt[LITE_TEMPLATE_STMTS];
    sqlite3_stmt *key_stmt[LITE_KEY_STMTS];
    /* Buckets of document keys read or written in the open transaction
     * (store_sqlite_keys.c); NULL outside one. */
    struct sql_key_cache *keys;
    struct sbuf key_owner; /* the customer sql_key_owner found */
    sqlite3_stmt *pack_stmt[LITE_PACK_STMTS];
    sqlite3_stmt *docs_stmt[LITE_DOCS_STMTS];
    /* Documents read or changed in the open transaction, a pack per
     * customer (store_sqlite_packs.c); NULL outside one. */
    struct sql_pack_cache *packs;
    /* The tenant was seen to have no dispute in the open transaction:
     * docs_load asks no more for a customer's (a query per customer of
     * an import). Cleared when one is opened and at every transaction's
     * start and end. */
    int no_disputes;
    struct sbuf value; /* reused to encode balances */
    struct body_codec *codec; /* outbox bodies, on first use */
    struct dict_codec *dicts; /* those a run packed, on first use */
    struct sbuf packed;       /* reused to pack one body */
    sqlite3_stmt *counter_next, *counter_undo, *counter_set;
    int scan_depth; /* scans whose callbacks are running (store.h) */
    int checked;    /* foreign keys off: store_begin_checked until the end */
    /* store_begin_load got the database to itself and writes its pages
     * straight into the file (a rollback journal) until the end. */
    int direct;
    /* Tenant-wide counters taken in the open transaction: the first take
     * writes the table (stored), the others only count on (issued) until
     * sql_counters_flush writes the last at commit. live 0: not taken in
     * this transaction. */
    struct sql_counter_state {
        int64_t stored, issued;
        int live;
    } counters[SQL_NCOUNTERS];
};

struct store_sqlite *sql_store(struct store *st);

/* "PATH: what: sqlite's message" as DUN_E_IO; returns -1. */
int sql_fail(struct store_sqlite *s, struct dun_err *err, const char *what);

/* The statement cached in *slot (prepared from sql on first use), reset,
 * its bindings cleared and ?1 bound to the tenant. NULL on error, also
 * (DUN_E_INTERNAL) if the statement is still running: a scan's callback
 * asked for the query that feeds it (outbox_scan of one message inside
 * itself; other scans are stopped sooner by sql_scan_enter). */
sqlite3_stmt *sql_prepare(struct store_sqlite *s, sqlite3_stmt **slot,
                          const char *sql, struct dun_err *err);

void sql_bind_text(sqlite3_stmt *q, int i, const char *v);
/* Dates are stored as the integer yyyymmdd. */
void sql_bind_date(sqlite3_stmt *q, int i, int32_t day);
void sql_bind_currency(sqlite3_stmt *q, int i, const char *cur);
const char *sql_col_str(sqlite3_stmt *q, int i, struct arena *a);
int32_t sql_col_date(sqlite3_stmt *q, int i);
void sql_col_currency(sqlite3_stmt *q, int i, char *out);

/* A customer record's columns, in the order sql_read_customer reads
 * them from column i on (strings copied into a). */
#define SQL_CUSTOMER_COLS                                                 \
    "id, name, email, phone, address, city, postal_code, country, "       \
    "language, terms_days, credit_limit, currency, region, kind, "        \
    "contact_name"
void sql_read_customer(sqlite3_stmt *q, int i, struct customer *c,
                       struct arena *a);
/* The column kind as a customer_kind (anything else: a business). */
enum customer_kind sql_customer_kind(int v);

/* Step a statement that returns no rows. */
int sql_exec(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
             const char *what);
/* Step an INSERT ... ON CONFLICT DO NOTHING: 1 inserted, 0 existed. */
int sql_insert(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
               const char *what);
/* Step an INSERT ... RETURNING one integer to its end: 1 inserted and
 * *id set, 0 nothing inserted (ON CONFLICT DO NOTHING). */
int sql_insert_returning(struct store_sqlite *s, sqlite3_stmt *q,
                         struct dun_err *err, const char *what, int64_t *id);
/* Step a single-row SELECT: 1 row (caller reads, then resets), 0 none. */
int sql_row(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
            const char *what);
/* Step a SELECT for whether it gives a row at all: 1, 0, or -1 with err;
 * q is reset. */
int sql_any(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
            const char *what);

/*
 * Scan nesting (store.h, "Scans"). Every scan op runs its loop between
 * sql_scan_enter and sql_scan_leave. Entering fails (DUN_E_INTERNAL,
 * "store: customers_scan inside a scan") while another scan runs, unless
 * one_row: outbox_scan of one message, a lookup. Every op that writes
 * starts with sql_may_write, which fails inside a scan unless the caller
 * began a transaction before it; sql_prepare asserts that none forgot.
 */
int sql_scan_enter(struct store_sqlite *s, const char *what, int one_row,
                   struct dun_err *err);
void sql_scan_leave(struct store_sqlite *s);
/* The end of a scan's loop: reset q, leave the scan, and give the op's
 * result from rc, the loop's last sqlite3_step (or -1 when a callback
 * stopped it with err set): SQLITE_DONE 0, -1 as it is, else the
 * database's error as "PATH: what: message". */
int sql_scan_end(struct store_sqlite *s, sqlite3_stmt *q, int rc,
                 struct dun_err *err, const char *what);
/* Whether the connection is inside a transaction (not autocommit). */
int sql_in_transaction(struct store_sqlite *s);

int sql_may_write(struct store_sqlite *s, const char *what,
                  struct dun_err *err);

/* The next number of counter c in scope ("" but for notes) into *n: 1
 * for a counter never used, then 2, 3 ... The first take in a transaction
 * writes the counter's row, which locks it to the transaction's end (in
 * SQLite the whole database: BEGIN IMMEDIATE), so writers queue and no
 * two take the same number; later takes of a tenant-wide counter in the
 * same transaction count on in memory (a run takes one per message), and
 * sql_counters_flush writes the last one before COMMIT. A rollback
 * returns every number the transaction took. */
int sql_counter_next(struct store_sqlite *s, enum sql_counter c,
                     const char *scope, int64_t *n, struct dun_err *err);
/* Return n, just taken from c and not used after all (an insert that
 * found its row there), unless another number was taken since. */
int sql_counter_undo(struct store_sqlite *s, enum sql_counter c,
                     const char *scope, int64_t n, struct dun_err *err);
/* Write the counters taken in the open transaction (before COMMIT). */
int sql_counters_flush(struct store_sqlite *s, struct dun_err *err);
/* Forget them (the transaction ended or is new). */
void sql_counters_forget(struct store_sqlite *s);

#endif
