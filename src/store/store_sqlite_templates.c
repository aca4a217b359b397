/*
 * store_sqlite_templates.c - the SQLite side of the stored template
 * versions (schema migration 14).
 */
#include <string.h>

#include "store/sqlite_util.h"
#include "store/store_sqlite_templates.h"

enum template_stmt {
    T_ADD,
    T_LATEST,
    T_GET,
    T_SCAN,
    T_COUNT
};

_Static_assert(T_COUNT <= LITE_TEMPLATE_STMTS, "raise LITE_TEMPLATE_STMTS");

#define COLS "version, loaded_on, origin, files, sha256"

static const char *const template_sql[T_COUNT] = {
    [T_ADD] = "INSERT INTO template_version(tenant_id, version, loaded_on, "
              "origin, files, sha256, source) VALUES (?1, ?2, ?3, ?4, ?5, "
              "?6, ?7)",
    [T_LATEST] = "SELECT " COLS ", source FROM template_version WHERE "
                 "tenant_id = ?1 ORDER BY version DESC LIMIT 1",
    [T_GET] = "SELECT " COLS ", source FROM template_version WHERE "
              "tenant_id = ?1 AND version = ?2",
    [T_SCAN] = "SELECT " COLS " FROM template_version WHERE tenant_id = ?1 "
               "ORDER BY version",
};

static sqlite3_stmt *
tstmt(struct store_sqlite *s, enum template_stmt id, struct dun_err *err)
{
    return sql_prepare(s, &s->template_stmt[id], template_sql[id], err);
}

int
lite_template_version_add(struct store *st,
                          const struct store_template_version *v,
                          int64_t *version, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int64_t n;

    if (sql_may_write(s, "template_version_add", err) < 0 ||
        sql_counter_next(s, SQL_COUNTER_TEMPLATE_VERSION, "", &n, err) < 0 ||
        (q = tstmt(s, T_ADD, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, n);
    sql_bind_date(q, 3, v->loaded_on);
    sql_bind_text(q, 4, v->origin);
    sqlite3_bind_int64(q, 5, v->files);
    sqlite3_bind_blob(q, 6, v->sha256, 32, SQLITE_STATIC);
    sqlite3_bind_blob(q, 7, v->len ? v->source : "", (int)v->len,
                      SQLITE_STATIC);
    if (sql_exec(s, q, err, "store templates") < 0)
        return -1;
    *version = n;
    return 0;
}

static void
read_version(sqlite3_stmt *q, struct store_template_version *v,
             struct arena *a, int with_source)
{
    const void *digest = sqlite3_column_blob(q, 4);

    v->version = sqlite3_column_int64(q, 0);
    v->loaded_on = sql_col_date(q, 1);
    v->origin = sql_col_str(q, 2, a);
    v->files = sqlite3_column_int64(q, 3);
    memset(v->sha256, 0, sizeof(v->sha256));
    if (digest && sqlite3_column_bytes(q, 4) == 32)
        memcpy(v->sha256, digest, 32);
    v->source = NULL;
    v->len = 0;
    if (with_source) {
        v->len = (size_t)sqlite3_column_bytes(q, 5);
        /* A NUL follows the bytes. */
        v->source = arena_strndup(a, v->len ? sqlite3_column_blob(q, 5)
                                            : "", v->len);
    }
}

int
lite_template_version_get(struct store *st, int64_t version,
                          struct store_template_version *out,
                          struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = tstmt(s, version ? T_GET : T_LATEST, err);
    int rc;

    if (q == NULL)
        return -1;
    if (version)
        sqlite3_bind_int64(q, 2, version);
    if ((rc = sql_row(s, q, err, "read templates")) != 1)
        return rc;
    read_version(q, out, a, 1);
    sqlite3_reset(q);
    return 1;
}

int
lite_template_versions_scan(struct store *st, store_template_version_cb *cb,
                            void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "template_versions_scan", 0, err) < 0)
        return -1;
    if ((q = tstmt(s, T_SCAN, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_template_version v;

        arena_reset(&a);
        read_version(q, &v, &a, 0);
        if (cb(ctx, &v, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read templates");
}
