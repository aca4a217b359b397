/*
 * store_sqlite_send.c - the SQLite side of the business's settings and
 * of messages on their way out: their moves, each kept with its instant.
 */
#include <string.h>

#include "store/sqlite_util.h"
#include "store/store_sqlite_send.h"

enum send_stmt {
    S_CONFIG_GET,
    S_CONFIG_PUT,
    S_CONFIG_DEL,
    S_CONFIG_SCAN,
    S_CONFIG_PUT_DATA,
    S_CONFIG_GET_DATA,
    S_MOVE,
    S_EVENT_ADD,
    S_EVENTS_CUST,
    S_EVENTS_SEQ,
    S_EVIDENCE_ADD,
    S_EVIDENCE_CUST,
    S_COUNT
};

_Static_assert(S_COUNT <= LITE_SEND_STMTS, "raise LITE_SEND_STMTS");

#define EVENT_COLS                                                        \
    "e.seq, e.n, e.at, e.status, e.actor, e.detail, o.customer_id, "     \
    "o.channel, o.stage, o.date"

static const char *const send_sql[S_COUNT] = {
    [S_CONFIG_GET] = "SELECT value FROM config WHERE tenant_id = ?1 AND "
                     "key = ?2",
    [S_CONFIG_PUT] = "INSERT INTO config(tenant_id, key, value) VALUES "
                     "(?1, ?2, ?3) ON CONFLICT DO UPDATE SET value = ?3",
    [S_CONFIG_DEL] = "DELETE FROM config WHERE tenant_id = ?1 AND key = ?2",
    [S_CONFIG_SCAN] = "SELECT key, value FROM config WHERE tenant_id = ?1 "
                      "ORDER BY key COLLATE BINARY",
    [S_CONFIG_PUT_DATA] = "INSERT INTO config(tenant_id, key, value, data) "
                          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO UPDATE "
                          "SET value = ?3, data = ?4",
    [S_CONFIG_GET_DATA] = "SELECT data FROM config WHERE tenant_id = ?1 AND "
                          "key = ?2 AND data IS NOT NULL",
    /* Only from the state the mover saw: two senders never both take a
     * message. */
    [S_MOVE] = "UPDATE outbox SET status = ?3, attempts = ?4, retry_at = "
               "?5 WHERE tenant_id = ?1 AND seq = ?2 AND status = ?6",
    [S_EVENT_ADD] = "INSERT INTO message_event(tenant_id, seq, n, at, "
                    "status, actor, detail) VALUES (?1, ?2, (SELECT "
                    "coalesce(max(n), 0) + 1 FROM message_event WHERE "
                    "tenant_id = ?1 AND seq = ?2), ?3, ?4, ?5, ?6)",
    [S_EVENTS_CUST] = "SELECT " EVENT_COLS " FROM outbox o JOIN "
                      "message_event e ON e.tenant_id = o.tenant_id AND "
                      "e.seq = o.seq WHERE o.tenant_id = ?1 AND "
                      "o.customer_id = ?2 ORDER BY e.seq, e.n",
    [S_EVIDENCE_ADD] = "INSERT INTO evidence(tenant_id, seq, n, at, actor, "
                       "kind, ref, file_name, sha256, file) VALUES (?1, ?2, "
                       "(SELECT coalesce(max(n), 0) + 1 FROM evidence WHERE "
                       "tenant_id = ?1 AND seq = ?2), ?3, ?4, ?5, ?6, ?7, "
                       "?8, ?9) RETURNING n",
    [S_EVIDENCE_CUST] = "SELECT e.seq, e.n, e.at, e.actor, e.kind, e.ref, "
                        "e.file_name, e.sha256, length(e.file), "
                        "o.customer_id, o.channel FROM outbox o JOIN "
                        "evidence e ON e.tenant_id = o.tenant_id AND e.seq "
                        "= o.seq WHERE o.tenant_id = ?1 AND o.customer_id "
                        "= ?2 ORDER BY e.seq, e.n",
    [S_EVENTS_SEQ] = "SELECT " EVENT_COLS " FROM outbox o JOIN "
                     "message_event e ON e.tenant_id = o.tenant_id AND "
                     "e.seq = o.seq WHERE o.tenant_id = ?1 AND o.seq = ?2 "
                     "ORDER BY e.n",
};

static sqlite3_stmt *
sstmt(struct store_sqlite *s, enum send_stmt id, struct dun_err *err)
{
    return sql_prepare(s, &s->send_stmt[id], send_sql[id], err);
}

int
lite_config_get(struct store *st, const char *key, const char **value,
                struct arena *a, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = sstmt(s, S_CONFIG_GET, err);
    int rc;

    *value = NULL;
    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, key);
    if ((rc = sql_row(s, q, err, "read setting")) != 1)
        return rc;
    *value = sql_col_str(q, 0, a);
    sqlite3_reset(q);
    return 1;
}

int
lite_config_put(struct store *st, const char *key, const char *value,
                struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "config_put", err) < 0 ||
        (q = sstmt(s, value ? S_CONFIG_PUT : S_CONFIG_DEL, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, key);
    if (value)
        sql_bind_text(q, 3, value);
    return sql_exec(s, q, err, "write setting");
}

int
lite_config_put_data(struct store *st, const char *key, const char *value,
                     const void *data, size_t len, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (value == NULL)
        return lite_config_put(st, key, NULL, err);
    if (sql_may_write(s, "config_put_data", err) < 0 ||
        (q = sstmt(s, S_CONFIG_PUT_DATA, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, key);
    sql_bind_text(q, 3, value);
    /* A zero-length blob, not NULL: "kept, and empty". */
    sqlite3_bind_blob64(q, 4, len ? data : "", len, SQLITE_STATIC);
    return sql_exec(s, q, err, "write setting");
}

int
lite_config_get_data(struct store *st, const char *key, struct arena *a,
                     const void **data, size_t *len, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = sstmt(s, S_CONFIG_GET_DATA, err);
    int rc;

    *data = NULL;
    *len = 0;
    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, key);
    if ((rc = sql_row(s, q, err, "read setting")) != 1)
        return rc;
    *len = (size_t)sqlite3_column_bytes(q, 0);
    /* A NUL follows the bytes, as template_set_get's. */
    *data = arena_strndup(a, *len ? sqlite3_column_blob(q, 0) : "", *len);
    sqlite3_reset(q);
    return 1;
}

int
lite_config_scan(struct store *st, store_config_cb *cb, void *ctx,
                 struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "config_scan", 0, err) < 0)
        return -1;
    if ((q = sstmt(s, S_CONFIG_SCAN, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        arena_reset(&a);
        if (cb(ctx, sql_col_str(q, 0, &a), sql_col_str(q, 1, &a), err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read settings");
}

int
lite_outbox_move(struct store *st, const struct store_message_move *mv,
                 struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "outbox_move", err) < 0 ||
        (q = sstmt(s, S_MOVE, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, mv->seq);
    sql_bind_text(q, 3, mv->to);
    sqlite3_bind_int64(q, 4, mv->attempts);
    if (mv->retry_at)
        sqlite3_bind_int64(q, 5, mv->retry_at);
    else
        sqlite3_bind_null(q, 5);
    sql_bind_text(q, 6, mv->from);
    if (sql_exec(s, q, err, "move message") < 0)
        return -1;
    if (sqlite3_changes(s->db) == 0)
        return 0;
    if ((q = sstmt(s, S_EVENT_ADD, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, mv->seq);
    sqlite3_bind_int64(q, 3, mv->at);
    sql_bind_text(q, 4, mv->to);
    sql_bind_text(q, 5, mv->actor);
    sql_bind_text(q, 6, mv->detail);
    if (sql_exec(s, q, err, "record message move") < 0)
        return -1;
    return 1;
}

int
lite_message_events_scan(struct store *st, const char *customer_id,
                         int64_t seq, store_message_event_cb *cb, void *ctx,
                         struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "message_events_scan", 0, err) < 0)
        return -1;
    if ((q = sstmt(s, customer_id ? S_EVENTS_CUST : S_EVENTS_SEQ, err)) ==
        NULL) {
        sql_scan_leave(s);
        return -1;
    }
    if (customer_id)
        sql_bind_text(q, 2, customer_id);
    else
        sqlite3_bind_int64(q, 2, seq);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_message_event e;

        arena_reset(&a);
        e.seq = sqlite3_column_int64(q, 0);
        e.n = sqlite3_column_int(q, 1);
        e.at = sqlite3_column_int64(q, 2);
        e.status = sql_col_str(q, 3, &a);
        e.actor = sql_col_str(q, 4, &a);
        e.detail = sql_col_str(q, 5, &a);
        e.customer_id = sql_col_str(q, 6, &a);
        e.channel = sql_col_str(q, 7, &a);
        e.stage = sql_col_str(q, 8, &a);
        e.date = sql_col_date(q, 9);
        if (cb(ctx, &e, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read message moves");
}

int
lite_evidence_add(struct store *st, struct store_evidence *e,
                  struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int64_t n;

    if (sql_may_write(s, "evidence_add", err) < 0 ||
        (q = sstmt(s, S_EVIDENCE_ADD, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, e->seq);
    sqlite3_bind_int64(q, 3, e->at);
    sql_bind_text(q, 4, e->actor);
    sql_bind_text(q, 5, e->kind);
    sql_bind_text(q, 6, e->ref);
    sql_bind_text(q, 7, e->file_name);
    if (e->file) {
        sqlite3_bind_blob(q, 8, e->sha256, 32, SQLITE_STATIC);
        sqlite3_bind_blob64(q, 9, e->file_len ? e->file : "",
                            e->file_len, SQLITE_STATIC);
    } else {
        sqlite3_bind_null(q, 8);
        sqlite3_bind_null(q, 9);
    }
    if (sql_insert_returning(s, q, err, "add evidence", &n) != 1)
        return -1;
    e->n = (int)n;
    return 0;
}

int
lite_evidence_scan(struct store *st, const char *customer_id,
                   store_evidence_cb *cb, void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "evidence_scan", 0, err) < 0)
        return -1;
    if ((q = sstmt(s, S_EVIDENCE_CUST, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    sql_bind_text(q, 2, customer_id);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_evidence e = { 0 };

        arena_reset(&a);
        e.seq = sqlite3_column_int64(q, 0);
        e.n = sqlite3_column_int(q, 1);
        e.at = sqlite3_column_int64(q, 2);
        e.actor = sql_col_str(q, 3, &a);
        e.kind = sql_col_str(q, 4, &a);
        e.ref = sql_col_str(q, 5, &a);
        e.file_name = sql_col_str(q, 6, &a);
        if (sqlite3_column_bytes(q, 7) == 32)
            memcpy(e.sha256, sqlite3_column_blob(q, 7), 32);
        e.file_len = (size_t)sqlite3_column_int64(q, 8);
        e.customer_id = sql_col_str(q, 9, &a);
        e.channel = sql_col_str(q, 10, &a);
        if (cb(ctx, &e, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read evidence");
}
