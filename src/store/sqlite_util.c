/*
 * sqlite_util.c - what every file of the SQLite backend shares: prepared
 * statements bound to the tenant, binding and reading values in the
 * schema's encodings, stepping with errors that name the database.
 */
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
    return dun_err_set(err, DUN_E_IO, "%s: %s: %s", s->path, what,
                       sqlite3_errmsg(s->db));
}

sqlite3_stmt *
sql_prepare(struct store_sqlite *s, sqlite3_stmt **slot, const char *sql,
            struct dun_err *err)
{
    sqlite3_stmt *q = *slot;

    if (q == NULL) {
        if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &q,
                               NULL) != SQLITE_OK) {
            sql_fail(s, err, "prepare");
            return NULL;
        }
        *slot = q;
    }
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
