/*
 * sqlite_util.c - what every file of the SQLite backend shares: prepared
 * statements bound to the tenant, binding and reading values in the
 * schema's encodings, stepping with errors that name the database.
 */
#include <assert.h>
#include <string.h>

#include "core/date.h"
#include "store/sqlite_util.h"

struct store_sqlite *
sql_store(struct store *st)
{
    return (struct store_sqlite *)st;
}

int
sql_fail(struct store_sqlite *s, struct dun_err *err, const char *what)
{
    /* Busy after the 5 s wait: another process writes (a run, or an
     * import, which may keep readers out too: store_begin_load). */
    if ((sqlite3_errcode(s->db) & 0xff) == SQLITE_BUSY)
        return dun_err_set(err, DUN_E_IO, "%s: %s: %s (another process "
                           "is writing to it; try again when it ends)",
                           s->path, what, sqlite3_errmsg(s->db));
    return dun_err_set(err, DUN_E_IO, "%s: %s: %s", s->path, what,
                       sqlite3_errmsg(s->db));
}

sqlite3_stmt *
sql_prepare(struct store_sqlite *s, sqlite3_stmt **slot, const char *sql,
            struct dun_err *err)
{
    sqlite3_stmt *q = *slot;

    /* Resetting it would end the scan that reads it. */
    if (q && sqlite3_stmt_busy(q)) {
        dun_err_set(err, DUN_E_INTERNAL,
                    "store: a query in use by a running scan");
        return NULL;
    }
    if (q == NULL) {
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q,
                               NULL) != SQLITE_OK) {
            sql_fail(s, err, "prepare");
            return NULL;
        }
        *slot = q;
    }
    /* Every op that writes checked sql_may_write first. */
    assert(s->scan_depth == 0 || sqlite3_stmt_readonly(q) ||
           !sqlite3_get_autocommit(s->db));
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (sqlite3_bind_parameter_count(q) >= 1)
        sqlite3_bind_int64(q, 1, s->base.tenant_id);
    return q;
}

void
sql_bind_text(sqlite3_stmt *q, int i, const char *v)
{
    sqlite3_bind_text(q, i, v ? v : "", -1, SQLITE_STATIC);
}

/* Dates are stored as the integer yyyymmdd. */
void
sql_bind_date(sqlite3_stmt *q, int i, int32_t day)
{
    int y, m, d;

    date_to_ymd(day, &y, &m, &d);
    sqlite3_bind_int64(q, i, (int64_t)y * 10000 + m * 100 + d);
}

void
sql_bind_currency(sqlite3_stmt *q, int i, const char *cur)
{
    sqlite3_bind_text(q, i, cur, (int)strnlen(cur, 3), SQLITE_STATIC);
}

const char *
sql_col_str(sqlite3_stmt *q, int i, struct arena *a)
{
    const unsigned char *t = sqlite3_column_text(q, i);
    int n = sqlite3_column_bytes(q, i);

    return arena_strndup(a, t ? (const char *)t : "", t ? (size_t)n : 0);
}

int32_t
sql_col_date(sqlite3_stmt *q, int i)
{
    int64_t v = sqlite3_column_int64(q, i);
    int y = (int)(v / 10000), m = (int)(v / 100 % 100), d = (int)(v % 100);

    if (sqlite3_column_type(q, i) != SQLITE_INTEGER ||
        !date_valid_ymd(y, m, d))
        return DATE_INVALID;
    return date_from_ymd(y, m, d);
}

void
sql_col_currency(sqlite3_stmt *q, int i, char *out)
{
    const unsigned char *t = sqlite3_column_text(q, i);

    memset(out, 0, 4);
    if (t)
        memcpy(out, t, strnlen((const char *)t, 3));
}

enum customer_kind
sql_customer_kind(int v)
{
    switch (v) {
    case CUSTOMER_SOLE_TRADER:
        return CUSTOMER_SOLE_TRADER;
    case CUSTOMER_CONSUMER:
        return CUSTOMER_CONSUMER;
    default:
        return CUSTOMER_BUSINESS;
    }
}

void
sql_read_customer(sqlite3_stmt *q, int i, struct customer *c,
                  struct arena *a)
{
    c->id = sql_col_str(q, i, a);
    c->name = sql_col_str(q, i + 1, a);
    c->email = sql_col_str(q, i + 2, a);
    c->phone = sql_col_str(q, i + 3, a);
    c->address = sql_col_str(q, i + 4, a);
    c->city = sql_col_str(q, i + 5, a);
    c->postal_code = sql_col_str(q, i + 6, a);
    c->country = sql_col_str(q, i + 7, a);
    c->language = sql_col_str(q, i + 8, a);
    c->terms_days = sqlite3_column_int(q, i + 9);
    c->credit_limit = sqlite3_column_int64(q, i + 10);
    sql_col_currency(q, i + 11, c->currency);
    c->region = sql_col_str(q, i + 12, a);
    c->kind = sql_customer_kind(sqlite3_column_int(q, i + 13));
    c->contact_name = sql_col_str(q, i + 14, a);
}

/* Step a statement that returns no rows. */
int
sql_exec(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
         const char *what)
{
    int rc = sqlite3_step(q);

    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, what);
    return 0;
}

/* Step an INSERT ... ON CONFLICT DO NOTHING: 1 inserted, 0 existed. */
int
sql_insert(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
           const char *what)
{
    if (sql_exec(s, q, err, what) < 0)
        return -1;
    return sqlite3_changes(s->db) > 0;
}

/* Step a single-row SELECT: 1 row (caller reads, then resets), 0 none. */
int
sql_row(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
        const char *what)
{
    int rc = sqlite3_step(q);

    if (rc == SQLITE_ROW)
        return 1;
    sqlite3_reset(q);
    if (rc == SQLITE_DONE)
        return 0;
    return sql_fail(s, err, what);
}

int
sql_any(struct store_sqlite *s, sqlite3_stmt *q, struct dun_err *err,
        const char *what)
{
    int rc = sql_row(s, q, err, what);

    if (rc == 1)
        sqlite3_reset(q);
    return rc;
}

static const char *const counter_name[SQL_NCOUNTERS] = {
    [SQL_COUNTER_IMPORT] = "import_batch",
    [SQL_COUNTER_POLICY] = "policy_version",
    [SQL_COUNTER_RUN] = "run",
    [SQL_COUNTER_TEMPLATE] = "template_set",
    [SQL_COUNTER_TEMPLATE_VERSION] = "template_version",
    [SQL_COUNTER_OUTBOX] = "outbox",
    [SQL_COUNTER_NOTE] = "note",
    [SQL_COUNTER_PACK_DICT] = "pack_dict",
};

int
sql_scan_enter(struct store_sqlite *s, const char *what, int one_row,
               struct dun_err *err)
{
    if (s->scan_depth > 0 && !one_row)
        return dun_err_set(err, DUN_E_INTERNAL, "store: %s inside a scan",
                           what);
    s->scan_depth++;
    return 0;
}

void
sql_scan_leave(struct store_sqlite *s)
{
    assert(s->scan_depth > 0);
    s->scan_depth--;
}

int
sql_scan_end(struct store_sqlite *s, sqlite3_stmt *q, int rc,
             struct dun_err *err, const char *what)
{
    sqlite3_reset(q);
    sql_scan_leave(s);
    if (rc == -1)
        return -1;
    return rc == SQLITE_DONE ? 0 : sql_fail(s, err, what);
}

int
sql_in_transaction(struct store_sqlite *s)
{
    return !sqlite3_get_autocommit(s->db);
}

int
sql_may_write(struct store_sqlite *s, const char *what, struct dun_err *err)
{
    /* In autocommit mode the write would commit only when the scan's
     * statement ends, and in WAL mode it might not get the write lock
     * its read snapshot needs: the caller's transaction avoids both. */
    if (s->scan_depth > 0 && sqlite3_get_autocommit(s->db))
        return dun_err_set(err, DUN_E_INTERNAL,
                           "store: %s inside a scan outside a transaction",
                           what);
    return 0;
}

/* Advance counter c in the table: the new value in *n. */
static int
counter_take(struct store_sqlite *s, enum sql_counter c, const char *scope,
             int64_t *n, struct dun_err *err)
{
    /* One statement reads and advances the counter: an UPDATE (upsert)
     * takes the row's write lock before it reads, so two writers cannot
     * both see the same value. */
    sqlite3_stmt *q = sql_prepare(
        s, &s->counter_next,
        "INSERT INTO counter(tenant_id, name, scope, issued) VALUES (?1, "
        "?2, ?3, 1) ON CONFLICT DO UPDATE SET issued = counter.issued + 1 "
        "RETURNING issued",
        err);
    int rc;

    if (q == NULL)
        return -1;
    sqlite3_bind_text(q, 2, counter_name[c], -1, SQLITE_STATIC);
    sql_bind_text(q, 3, scope);
    if ((rc = sql_insert_returning(s, q, err, "take a number", n)) != 1)
        return rc < 0 ? -1 : sql_fail(s, err, "take a number");
    return 0;
}

int
sql_counter_next(struct store_sqlite *s, enum sql_counter c,
                 const char *scope, int64_t *n, struct dun_err *err)
{
    struct sql_counter_state *k = &s->counters[c];

    /* A note's counter (one per customer, a take now and then), and any
     * take outside a transaction, write the table at once. */
    if (scope[0] != '\0' || sqlite3_get_autocommit(s->db))
        return counter_take(s, c, scope, n, err);
    if (!k->live) {
        if (counter_take(s, c, scope, &k->stored, err) < 0)
            return -1;
        k->issued = k->stored;
        k->live = 1;
    } else {
        k->issued++;
    }
    *n = k->issued;
    return 0;
}

int
sql_counter_undo(struct store_sqlite *s, enum sql_counter c,
                 const char *scope, int64_t n, struct dun_err *err)
{
    struct sql_counter_state *k = &s->counters[c];
    sqlite3_stmt *q;

    if (scope[0] == '\0' && k->live && !sqlite3_get_autocommit(s->db)) {
        if (k->issued != n)
            return 0; /* another was taken since: leave a gap */
        if (n > k->stored) {
            k->issued--;
            return 0;
        }
        k->live = 0; /* n is the number the table holds: undo it there */
    }
    q = sql_prepare(
        s, &s->counter_undo,
        "UPDATE counter SET issued = issued - 1 WHERE tenant_id = ?1 AND "
        "name = ?2 AND scope = ?3 AND issued = ?4",
        err);

    if (q == NULL)
        return -1;
    sqlite3_bind_text(q, 2, counter_name[c], -1, SQLITE_STATIC);
    sql_bind_text(q, 3, scope);
    sqlite3_bind_int64(q, 4, n);
    return sql_exec(s, q, err, "give back a number");
}

int
sql_counters_flush(struct store_sqlite *s, struct dun_err *err)
{
    /* After SQLite rolled a failed transaction back on its own, its
     * numbers are void: write nothing. */
    int gone = sqlite3_get_autocommit(s->db);

    for (size_t c = 0; c < SQL_NCOUNTERS; c++) {
        struct sql_counter_state *k = &s->counters[c];
        sqlite3_stmt *q;

        if (!k->live || gone || k->issued == k->stored)
            continue;
        q = sql_prepare(s, &s->counter_set,
                        "UPDATE counter SET issued = ?4 WHERE tenant_id = "
                        "?1 AND name = ?2 AND scope = '' AND issued = ?3",
                        err);
        if (q == NULL)
            return -1;
        sqlite3_bind_text(q, 2, counter_name[c], -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, k->stored);
        sqlite3_bind_int64(q, 4, k->issued);
        if (sql_exec(s, q, err, "write a counter") < 0)
            return -1;
        /* The row is ours since the first take: anything else is a bug. */
        if (sqlite3_changes(s->db) != 1)
            return dun_err_set(err, DUN_E_INTERNAL,
                               "%s: counter %s moved under a transaction",
                               s->path, counter_name[c]);
        k->stored = k->issued;
    }
    sql_counters_forget(s);
    return 0;
}

void
sql_counters_forget(struct store_sqlite *s)
{
    for (size_t c = 0; c < SQL_NCOUNTERS; c++)
        s->counters[c].live = 0;
}

int
sql_insert_returning(struct store_sqlite *s, sqlite3_stmt *q,
                     struct dun_err *err, const char *what, int64_t *id)
{
    int rc = sql_row(s, q, err, what);

    if (rc != 1)
        return rc;
    *id = sqlite3_column_int64(q, 0);
    /* The insert completes only when the statement runs to its end. */
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? 1 : sql_fail(s, err, what);
}
