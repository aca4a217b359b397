/*
 * store_sqlite_collect.c - the SQLite side of the collection cycle's
 * state: customer flags, disputes, promises, notes, runs and contacts,
 * and the one scan the run reads them all through.
 *
 * The scan merges customer-ordered cursors, one per table, so that a run
 * over 50,000 customers reads each table once instead of querying it
 * 50,000 times, and holds one customer's rows at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/dunning.h"
#include "core/policy.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "store/balance_codec.h"
#include "store/contact_items.h"
#include "store/sqlite_util.h"
#include "store/store_sqlite_collect.h"

enum collect_stmt {
    C_STATE_GET,
    C_STATE_PUT,
    C_DISPUTE_OPEN,
    C_DISPUTE_RESOLVE,
    C_PROMISE_ADD,
    C_NOTE_ADD,
    C_RUN_BEGIN,
    C_RUN_END,
    C_CONTACT_ADD,
    C_SCAN_BALANCE,
    C_SCAN_STATE,
    C_SCAN_DISPUTE,
    C_SCAN_PROMISE,
    C_SCAN_CONTACT,
    C_EVENTS,
    C_PLAN_CLEAR,
    C_PLAN_ADD,
    C_SCAN_PLAN,
    C_SCAN_CUSTOMER,
    C_SCAN_KIND,
    C_SCAN_RECORD,
    C_RUN_LATEST,
    C_APPROVALS,
    C_CALLS_DONE,
    C_TASKS,
    C_PLAN_INV_CLEAR,
    C_PLAN_INV_ADD,
    C_PLAN_UNCANCEL,
    C_PLAN_ROWS,
    C_PLAN_INVOICES,
    C_PLAN_CANCEL,
    C_PLANS_SCAN,
    C_COUNT
};

_Static_assert(C_COUNT <= LITE_COLLECT_STMTS, "raise LITE_COLLECT_STMTS");

/* The C_SCAN_* cursors are merged on customer_id with strcmp
 * (cursor_at), so each orders it COLLATE BINARY, byte order, never a
 * locale's (store.h); the rest of each key follows the primary key, so
 * that rows of one customer come in one defined order at no cost. */

/* Ties on a day keep the order things happen in: notes, disputes,
 * promises, then the contact the run planned (ord, a rank of this query
 * only). The kind is enum store_event_kind, bound as ?3..?9 (see
 * lite_events_scan). */
#define EVENT_COLS(kind, date, ref, reason, text, until, amount, cur, ord) \
    "SELECT " date ", " kind ", " ref ", " reason ", " text ", " until    \
    ", " amount ", " cur ", " ord

static const char *const collect_sql[C_COUNT] = {
    [C_STATE_GET] = "SELECT flags, segment, score, timezone FROM "
                    "customer_state WHERE tenant_id = ?1 AND customer_id = "
                    "?2",
    [C_STATE_PUT] = "INSERT INTO customer_state(tenant_id, customer_id, "
                    "flags, segment, score, timezone) VALUES (?1, ?2, ?3, "
                    "?4, ?5, ?6) ON CONFLICT DO UPDATE SET flags = "
                    "excluded.flags, segment = excluded.segment, score = "
                    "excluded.score, timezone = excluded.timezone",
    [C_DISPUTE_OPEN] = "INSERT INTO dispute(tenant_id, customer_id, "
                       "invoice_number, opened_on, reason) SELECT ?1, ?2, "
                       "?3, ?4, ?5 WHERE NOT EXISTS (SELECT 1 FROM dispute "
                       "WHERE tenant_id = ?1 AND customer_id = ?2 AND "
                       "invoice_number = ?3 AND resolved_on IS NULL)",
    [C_DISPUTE_RESOLVE] = "UPDATE dispute SET resolved_on = ?3, "
                          "resolution = ?4 WHERE tenant_id = ?1 AND "
                          "invoice_number = ?2 AND resolved_on IS NULL",
    [C_PROMISE_ADD] = "INSERT INTO promise(tenant_id, customer_id, made_on, "
                      "by_date, currency, amount) VALUES (?1, ?2, ?3, ?4, "
                      "?5, ?6) ON CONFLICT DO UPDATE SET by_date = "
                      "excluded.by_date, currency = excluded.currency, "
                      "amount = excluded.amount",
    [C_NOTE_ADD] = "INSERT INTO note(tenant_id, customer_id, seq, on_date, "
                   "kind, invoice_number, reason, text) VALUES (?1, ?2, ?8, "
                   "?3, ?4, ?5, ?6, ?7)",
    [C_RUN_BEGIN] = "INSERT INTO run(tenant_id, run_id, as_of, "
                    "policy_version) VALUES (?1, ?2, ?3, ?4)",
    [C_RUN_END] = "UPDATE run SET planned = ?3 WHERE tenant_id = ?1 AND "
                  "run_id = ?2",
    [C_CONTACT_ADD] = "INSERT INTO contact(tenant_id, customer_id, date, "
                      "stage, channels, approval, run_id, deadline, items) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON "
                      "CONFLICT DO NOTHING",
    /* A dry run records no run row, so every row is a real run. */
    [C_RUN_LATEST] = "SELECT max(as_of) FROM run WHERE tenant_id = ?1",
    [C_SCAN_BALANCE] = "SELECT customer_id, value FROM balance WHERE "
                       "tenant_id = ?1 ORDER BY customer_id COLLATE BINARY",
    [C_SCAN_STATE] = "SELECT customer_id, flags, segment, score, timezone "
                     "FROM customer_state WHERE tenant_id = ?1 "
                     "ORDER BY customer_id COLLATE BINARY",
    [C_SCAN_DISPUTE] = "SELECT customer_id, invoice_number, opened_on, "
                       "reason, resolved_on FROM dispute WHERE tenant_id = "
                       "?1 ORDER BY customer_id COLLATE BINARY, "
                       "invoice_number COLLATE BINARY, opened_on",
    [C_SCAN_PROMISE] = "SELECT customer_id, made_on, by_date, currency, "
                       "amount FROM promise WHERE tenant_id = ?1 "
                       "ORDER BY customer_id COLLATE BINARY, made_on",
    /* lost: the contact wrote messages and none of them went out or
     * may still go (void, failed, bounced): it did not reach the
     * customer. */
    [C_SCAN_CONTACT] = "SELECT customer_id, date, stage, channels, "
                       "approval, run_id, deadline, done_on, items, "
                       "EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = "
                       "c.tenant_id AND o.customer_id = c.customer_id AND "
                       "o.date = c.date AND o.stage = c.stage) AND NOT "
                       "EXISTS (SELECT 1 FROM outbox o WHERE o.tenant_id = "
                       "c.tenant_id AND o.customer_id = c.customer_id AND "
                       "o.date = c.date AND o.stage = c.stage AND o.status "
                       "NOT IN ('void', 'failed', 'bounced')) FROM contact c "
                       "WHERE tenant_id = ?1 ORDER BY customer_id COLLATE "
                       "BINARY, date, stage COLLATE BINARY",
    /* Where each customer is, its kind, and which channels can reach it:
     * one pass over the customers instead of a lookup for each. */
    [C_SCAN_KIND] = "SELECT id, email <> '', phone <> '', address <> '' "
                    "AND (city <> '' OR postal_code <> ''), country, "
                    "region, kind FROM customer WHERE tenant_id = ?1 "
                    "ORDER BY id COLLATE BINARY",
    /* The same with the whole record: a real run writes to half the
     * customers it scans, and reading it here spares each of them a
     * lookup of its own. */
    [C_SCAN_RECORD] = "SELECT id, email <> '', phone <> '', address <> '' "
                      "AND (city <> '' OR postal_code <> ''), "
                      SQL_CUSTOMER_COLS " FROM customer WHERE tenant_id = "
                      "?1 ORDER BY id COLLATE BINARY",
    /* Every customer, with its kept balance if it has one: the driver of
     * a run as of a date before later documents (a customer who has paid
     * everything since may have owed then). */
    [C_SCAN_CUSTOMER] = "SELECT c.id, b.value FROM customer c LEFT JOIN "
                        "balance b ON b.tenant_id = c.tenant_id AND "
                        "b.customer_id = c.id WHERE c.tenant_id = ?1 "
                        "ORDER BY c.id COLLATE BINARY",
    [C_EVENTS] =
        EVENT_COLS("CASE kind WHEN 'call' THEN ?4 WHEN 'change' THEN ?11 "
                   "ELSE ?3 END", "on_date",
                   "invoice_number", "reason", "text", "NULL", "0", "''",
                   "1") " FROM note WHERE tenant_id = ?1 AND "
        "customer_id = ?2 UNION ALL "
        EVENT_COLS("?5", "opened_on", "invoice_number", "''", "reason",
                   "NULL", "0", "''", "2") " FROM dispute WHERE "
        "tenant_id = ?1 AND customer_id = ?2 UNION ALL "
        EVENT_COLS("?6", "resolved_on", "invoice_number", "''",
                   "resolution", "NULL", "0", "''", "3") " FROM dispute "
        "WHERE tenant_id = ?1 AND customer_id = ?2 AND resolved_on IS NOT "
        "NULL UNION ALL "
        EVENT_COLS("?7", "made_on", "''", "''", "''", "by_date", "amount",
                   "currency", "4") " FROM promise WHERE tenant_id = ?1 "
        "AND customer_id = ?2 UNION ALL "
        EVENT_COLS("?8", "date", "stage", "''", "''", "NULL", "channels",
                   "''", "5") " FROM contact WHERE tenant_id = ?1 AND "
        "customer_id = ?2 UNION ALL "
        EVENT_COLS("?9", "made_on", "''", "''", "count(*) || ' installments'",
                   "max(due_date)", "sum(amount)", "currency", "4")
        " FROM plan_installment WHERE tenant_id = ?1 AND customer_id = ?2 "
        "GROUP BY made_on UNION ALL "
        /* ?12 DUN_APPROVAL_GIVEN, ?13 DUN_APPROVAL_REFUSED */
        EVENT_COLS("?10", "done_on", "stage", "''",
                   "CASE approval WHEN ?12 THEN 'approved' ELSE 'refused' "
                   "END", "NULL", "0", "''", "6")
        " FROM contact WHERE tenant_id = ?1 AND customer_id = ?2 AND "
        "done_on IS NOT NULL AND approval IN (?12, ?13) ORDER BY 1, 9",
    [C_PLAN_CLEAR] = "DELETE FROM plan_installment WHERE tenant_id = ?1 AND "
                     "customer_id = ?2 AND made_on = ?3",
    [C_PLAN_ADD] = "INSERT INTO plan_installment(tenant_id, customer_id, "
                   "made_on, seq, currency, due_date, amount) VALUES (?1, "
                   "?2, ?3, ?4, ?5, ?6, ?7)",
    /* ?5 DUN_APPROVAL_PENDING */
    [C_APPROVALS] = "UPDATE contact SET approval = ?3, done_on = ?4 WHERE "
                    "tenant_id = ?1 AND customer_id = ?2 AND approval = ?5 "
                    "AND date <= ?4",
    /* ?4 CHANNEL_PHONE */
    [C_CALLS_DONE] = "UPDATE contact SET done_on = ?3 WHERE tenant_id = ?1 "
                     "AND customer_id = ?2 AND channels & ?4 AND done_on IS "
                     "NULL AND date <= ?3",
    /* ?2 DUN_APPROVAL_PENDING, ?3 CHANNEL_PHONE */
    [C_TASKS] = "SELECT c.customer_id, cu.name, c.date, c.stage, "
                "c.channels, c.approval, c.run_id, b.value, cu.country, "
                "coalesce(cs.timezone, ''), coalesce((SELECT n.reason FROM "
                "note n WHERE n.tenant_id = c.tenant_id AND n.customer_id = "
                "c.customer_id AND n.reason <> '' ORDER BY n.on_date DESC, "
                "n.seq DESC LIMIT 1), ''), cu.phone, cu.region, "
                "coalesce(cs.flags, 0) FROM contact c "
                "JOIN customer cu "
                "ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id "
                "LEFT JOIN balance b ON b.tenant_id = c.tenant_id AND "
                "b.customer_id = c.customer_id LEFT JOIN customer_state cs "
                "ON cs.tenant_id = c.tenant_id AND cs.customer_id = "
                "c.customer_id WHERE c.tenant_id = ?1 AND (c.approval = ?2 "
                "OR (c.channels & ?3 AND c.done_on IS NULL))",
    [C_SCAN_PLAN] = "SELECT customer_id, made_on, currency, due_date, "
                    "amount FROM plan_installment WHERE tenant_id = ?1 "
                    "ORDER BY customer_id COLLATE BINARY, made_on, seq",
    [C_PLAN_INV_CLEAR] = "DELETE FROM plan_invoice WHERE tenant_id = ?1 AND "
                         "customer_id = ?2 AND made_on = ?3",
    [C_PLAN_INV_ADD] = "INSERT INTO plan_invoice(tenant_id, customer_id, "
                       "made_on, invoice_number) VALUES (?1, ?2, ?3, ?4) "
                       "ON CONFLICT DO NOTHING",
    [C_PLAN_UNCANCEL] = "DELETE FROM plan_cancel WHERE tenant_id = ?1 AND "
                        "customer_id = ?2 AND made_on = ?3",
    /* The installments of the latest plan made on or before ?3, with its
     * cancellation. */
    [C_PLAN_ROWS] = "SELECT i.made_on, i.currency, i.due_date, i.amount, "
                    "c.cancelled_on FROM plan_installment i LEFT JOIN "
                    "plan_cancel c ON c.tenant_id = i.tenant_id AND "
                    "c.customer_id = i.customer_id AND c.made_on = "
                    "i.made_on WHERE i.tenant_id = ?1 AND i.customer_id = "
                    "?2 AND i.made_on = (SELECT max(made_on) FROM "
                    "plan_installment WHERE tenant_id = ?1 AND customer_id "
                    "= ?2 AND made_on <= ?3) ORDER BY i.seq",
    [C_PLAN_INVOICES] = "SELECT invoice_number FROM plan_invoice WHERE "
                        "tenant_id = ?1 AND customer_id = ?2 AND made_on = "
                        "?3 ORDER BY invoice_number COLLATE BINARY",
    [C_PLAN_CANCEL] = "INSERT INTO plan_cancel(tenant_id, customer_id, "
                      "made_on, cancelled_on) VALUES (?1, ?2, ?3, ?4) ON "
                      "CONFLICT DO NOTHING",
    [C_PLANS_SCAN] = "SELECT customer_id, max(made_on) FROM "
                     "plan_installment WHERE tenant_id = ?1 AND made_on <= "
                     "?2 GROUP BY customer_id ORDER BY customer_id COLLATE "
                     "BINARY",
};

static sqlite3_stmt *
cstmt(struct store_sqlite *s, enum collect_stmt id, struct dun_err *err)
{
    return sql_prepare(s, &s->collect_stmt[id], collect_sql[id], err);
}

int
lite_state_get(struct store *st, const char *customer_id,
               struct store_customer_state *out, struct arena *a,
               struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = cstmt(s, C_STATE_GET, err);
    int rc;

    *out = (struct store_customer_state){ 0, "", -1, "" };
    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    if ((rc = sql_row(s, q, err, "read customer state")) != 1)
        return rc;
    out->flags = (unsigned)sqlite3_column_int64(q, 0);
    out->segment = sql_col_str(q, 1, a);
    out->score = sqlite3_column_int(q, 2);
    out->timezone = sql_col_str(q, 3, a);
    sqlite3_reset(q);
    return 1;
}

int
lite_state_put(struct store *st, const char *customer_id,
               const struct store_customer_state *cs, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "state_put", err) < 0 ||
        (q = cstmt(s, C_STATE_PUT, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sqlite3_bind_int64(q, 3, cs->flags);
    sql_bind_text(q, 4, cs->segment);
    sqlite3_bind_int(q, 5, cs->score);
    sql_bind_text(q, 6, cs->timezone);
    return sql_exec(s, q, err, "write customer state");
}

int
lite_dispute_open(struct store *st, const char *customer_id,
                  const struct store_dispute *d, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "dispute_open", err) < 0 ||
        (q = cstmt(s, C_DISPUTE_OPEN, err)) == NULL)
        return -1;
    s->no_disputes = 0;
    sql_bind_text(q, 2, customer_id);
    sql_bind_text(q, 3, d->invoice_number);
    sql_bind_date(q, 4, d->opened_on);
    sql_bind_text(q, 5, d->reason);
    return sql_insert(s, q, err, "open dispute");
}

int
lite_dispute_resolve(struct store *st, const char *invoice_number, int32_t on,
                     const char *resolution, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "dispute_resolve", err) < 0 ||
        (q = cstmt(s, C_DISPUTE_RESOLVE, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, invoice_number);
    sql_bind_date(q, 3, on);
    sql_bind_text(q, 4, resolution);
    return sql_insert(s, q, err, "resolve dispute");
}

int
lite_promise_add(struct store *st, const char *customer_id,
                 const struct store_promise *p, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "promise_add", err) < 0 ||
        (q = cstmt(s, C_PROMISE_ADD, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, p->made_on);
    sql_bind_date(q, 4, p->by_date);
    sql_bind_currency(q, 5, p->currency);
    sqlite3_bind_int64(q, 6, p->amount);
    return sql_exec(s, q, err, "record promise");
}

int
lite_plan_add(struct store *st, const char *customer_id,
              const struct store_plan *p, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "plan_add", err) < 0 ||
        (q = cstmt(s, C_PLAN_CLEAR, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, p->made_on);
    if (sql_exec(s, q, err, "record plan") < 0)
        return -1;
    for (size_t i = 0; i < p->n; i++) {
        if ((q = cstmt(s, C_PLAN_ADD, err)) == NULL)
            return -1;
        sql_bind_text(q, 2, customer_id);
        sql_bind_date(q, 3, p->made_on);
        sqlite3_bind_int64(q, 4, (int64_t)i + 1);
        sql_bind_currency(q, 5, p->currency);
        sql_bind_date(q, 6, p->inst[i].due_date);
        sqlite3_bind_int64(q, 7, p->inst[i].amount);
        if (sql_exec(s, q, err, "record plan") < 0)
            return -1;
    }
    /* The plan it replaces took its invoices and its cancellation with
     * it: the new one is live. */
    if ((q = cstmt(s, C_PLAN_INV_CLEAR, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, p->made_on);
    if (sql_exec(s, q, err, "record plan") < 0 ||
        (q = cstmt(s, C_PLAN_UNCANCEL, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, p->made_on);
    if (sql_exec(s, q, err, "record plan") < 0)
        return -1;
    for (size_t i = 0; i < p->ninvoices; i++) {
        if ((q = cstmt(s, C_PLAN_INV_ADD, err)) == NULL)
            return -1;
        sql_bind_text(q, 2, customer_id);
        sql_bind_date(q, 3, p->made_on);
        sql_bind_text(q, 4, p->invoices[i]);
        if (sql_exec(s, q, err, "record plan") < 0)
            return -1;
    }
    return 0;
}

/* The invoices of the customer's plan made on p->made_on into p. */
static int
plan_invoices(struct store_sqlite *s, const char *customer_id,
              struct store_plan *p, struct arena *a, struct dun_err *err)
{
    sqlite3_stmt *q = cstmt(s, C_PLAN_INVOICES, err);
    const char **v = NULL;
    size_t n = 0, cap = 0;
    int rc;

    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, p->made_on);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (n == cap) {
            const char **grown;

            cap = cap ? 2 * cap : 8;
            grown = arena_alloc(a, cap * sizeof(*grown));
            if (n)
                memcpy(grown, v, n * sizeof(*grown));
            v = grown;
        }
        v[n++] = sql_col_str(q, 0, a);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, "read plan");
    p->invoices = v;
    p->ninvoices = n;
    return 0;
}

/* The customer's latest plan made on or before as_of: 1, 0 if none. */
static int
plan_read(struct store_sqlite *s, const char *customer_id, int32_t as_of,
          struct store_plan *out, struct arena *a, struct dun_err *err)
{
    sqlite3_stmt *q = cstmt(s, C_PLAN_ROWS, err);
    struct plan_installment *inst = NULL;
    struct store_plan p = { .cancelled_on = DATE_INVALID };
    size_t cap = 0;
    int rc;

    if (q == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, as_of);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (p.n == cap) {
            struct plan_installment *grown;

            cap = cap ? 2 * cap : 8;
            grown = arena_alloc(a, cap * sizeof(*grown));
            if (p.n)
                memcpy(grown, inst, p.n * sizeof(*grown));
            inst = grown;
        }
        if (p.n == 0) {
            p.made_on = sql_col_date(q, 0);
            sql_col_currency(q, 1, p.currency);
            p.cancelled_on = sql_col_date(q, 4); /* NULL: DATE_INVALID */
        }
        inst[p.n++] = (struct plan_installment){ sql_col_date(q, 2),
                                                 sqlite3_column_int64(q, 3) };
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return sql_fail(s, err, "read plan");
    if (p.n == 0)
        return 0;
    p.inst = inst;
    if (plan_invoices(s, customer_id, &p, a, err) < 0)
        return -1;
    *out = p;
    return 1;
}

int
lite_plan_get(struct store *st, const char *customer_id, int32_t as_of,
              struct store_plan *out, struct arena *a, struct dun_err *err)
{
    return plan_read(sql_store(st), customer_id, as_of, out, a, err);
}

int
lite_plans_scan(struct store *st, int32_t as_of, store_plan_cb *cb,
                void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct arena a = ARENA_INIT;
    sqlite3_stmt *q;
    int rc;

    if (sql_scan_enter(s, "plans_scan", 0, err) < 0)
        return -1;
    if ((q = cstmt(s, C_PLANS_SCAN, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    sql_bind_date(q, 2, as_of);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_plan p;
        const char *id;
        int got;

        arena_reset(&a);
        id = sql_col_str(q, 0, &a);
        /* The row's own plan: the latest made on or before its date. */
        got = plan_read(s, id, sql_col_date(q, 1), &p, &a, err);
        if (got == 0)
            dun_err_set(err, DUN_E_INTERNAL, "store: plan of %s not found",
                        id);
        if (got != 1 || cb(ctx, id, &p, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read plans");
}

int
lite_plan_cancel(struct store *st, const char *customer_id, int32_t made_on,
                 int32_t on, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "plan_cancel", err) < 0 ||
        (q = cstmt(s, C_PLAN_CANCEL, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, made_on);
    sql_bind_date(q, 4, on);
    return sql_insert(s, q, err, "cancel plan");
}

int
lite_note_add(struct store *st, const char *customer_id,
              const struct store_note *n, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int64_t seq;

    if (sql_may_write(s, "note_add", err) < 0 ||
        sql_counter_next(s, SQL_COUNTER_NOTE, customer_id, &seq, err) < 0 ||
        (q = cstmt(s, C_NOTE_ADD, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sqlite3_bind_int64(q, 8, seq);
    sql_bind_date(q, 3, n->on_date);
    sql_bind_text(q, 4, n->kind);
    sql_bind_text(q, 5, n->invoice_number);
    sql_bind_text(q, 6, n->reason);
    sql_bind_text(q, 7, n->text);
    return sql_exec(s, q, err, "record note");
}

int
lite_run_begin(struct store *st, int32_t as_of, int64_t policy_version,
               int64_t *run_id, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int64_t id;

    if (sql_may_write(s, "run_begin", err) < 0 ||
        sql_counter_next(s, SQL_COUNTER_RUN, "", &id, err) < 0 ||
        (q = cstmt(s, C_RUN_BEGIN, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, id);
    sql_bind_date(q, 3, as_of);
    sqlite3_bind_int64(q, 4, policy_version);
    if (sql_exec(s, q, err, "record run") < 0)
        return -1;
    *run_id = id;
    return 0;
}

int
lite_run_end(struct store *st, int64_t run_id, int64_t planned,
             struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "run_end", err) < 0 ||
        (q = cstmt(s, C_RUN_END, err)) == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, run_id);
    sqlite3_bind_int64(q, 3, planned);
    return sql_exec(s, q, err, "record run");
}

int
lite_contact_add(struct store *st, const char *customer_id,
                 const struct store_contact *c, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct sbuf packed = SBUF_INIT;
    sqlite3_stmt *q;
    int rc;

    if (sql_may_write(s, "contact_add", err) < 0 ||
        (q = cstmt(s, C_CONTACT_ADD, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, c->date);
    sql_bind_text(q, 4, c->stage);
    sqlite3_bind_int64(q, 5, c->channels);
    sqlite3_bind_int(q, 6, c->approval);
    sqlite3_bind_int64(q, 7, c->run_id);
    if (c->deadline == DATE_INVALID)
        sqlite3_bind_null(q, 8);
    else
        sql_bind_date(q, 8, c->deadline);
    contact_items_pack(c->items, c->nitems, &packed);
    if (c->nitems == 0)
        sqlite3_bind_null(q, 9);
    else
        sqlite3_bind_blob(q, 9, packed.buf, (int)packed.len, SQLITE_STATIC);
    rc = sql_insert(s, q, err, "record contact");
    sbuf_release(&packed);
    return rc;
}

int
lite_run_latest(struct store *st, int32_t *as_of, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = cstmt(s, C_RUN_LATEST, err);
    int rc;

    if (q == NULL)
        return -1;
    if ((rc = sql_row(s, q, err, "read runs")) != 1)
        return rc < 0 ? -1 : sql_fail(s, err, "read runs");
    *as_of = sqlite3_column_type(q, 0) == SQLITE_NULL ? DATE_INVALID
                                                      : sql_col_date(q, 0);
    sqlite3_reset(q);
    return 0;
}


/* The cursors of the collect scan: the driver (balances or customers),
 * state, disputes, promises, contacts, plans, contact items. */
#define NCURSORS 7

/* A cursor over rows ordered by customer id in column 0. */
struct cursor {
    sqlite3_stmt *q;
    int rc;
};

static int
cursor_open(struct store_sqlite *s, struct cursor *c, enum collect_stmt id,
            struct dun_err *err)
{
    if ((c->q = cstmt(s, id, err)) == NULL)
        return -1;
    c->rc = sqlite3_step(c->q);
    return 0;
}

/* Skip rows of customers before id; 1 if the cursor is on id's rows. */
static int
cursor_at(struct cursor *c, const char *id)
{
    int cmp = 1;

    while (c->rc == SQLITE_ROW &&
           (cmp = strcmp((const char *)sqlite3_column_text(c->q, 0), id)) < 0)
        c->rc = sqlite3_step(c->q);
    return c->rc == SQLITE_ROW && cmp == 0;
}

struct collect_buf {
    struct store_dispute *disputes;
    size_t disputes_cap;
    struct store_promise *promises;
    size_t promises_cap;
    struct plan_installment *inst;
    size_t inst_cap;
    struct store_plan plan;
    struct store_contact *contacts;
    size_t contacts_cap;
    struct customer customer;
};

/* Make room for one more element in a growing array. */
#define ROOM(arr, n, cap)                                                  \
    do {                                                                  \
        if ((n) == (cap)) {                                               \
            (cap) = (cap) ? (cap) * 2 : 8;                                \
            (arr) = xreallocarray((arr), (cap), sizeof(*(arr)));          \
        }                                                                 \
    } while (0)

static int
collect_one(struct store_sqlite *s, struct cursor cur[NCURSORS],
            const char *id, int records, struct store_collect *c,
            struct collect_buf *buf, struct arena *a, struct dun_err *err)
{
    struct cursor *state = &cur[1], *disp = &cur[2], *prom = &cur[3],
                  *cont = &cur[4], *kind = &cur[6];

    c->state = (struct store_customer_state){ 0, "", -1, "" };
    if (cursor_at(state, id)) {
        c->state.flags = (unsigned)sqlite3_column_int64(state->q, 1);
        c->state.segment = sql_col_str(state->q, 2, a);
        c->state.score = sqlite3_column_int(state->q, 3);
        c->state.timezone = sql_col_str(state->q, 4, a);
        state->rc = sqlite3_step(state->q);
    }
    c->ndisputes = 0;
    for (; cursor_at(disp, id); disp->rc = sqlite3_step(disp->q)) {
        struct store_dispute *d;

        ROOM(buf->disputes, c->ndisputes, buf->disputes_cap);
        d = &buf->disputes[c->ndisputes++];
        d->invoice_number = sql_col_str(disp->q, 1, a);
        d->opened_on = sql_col_date(disp->q, 2);
        d->reason = sql_col_str(disp->q, 3, a);
        d->resolved_on = sqlite3_column_type(disp->q, 4) == SQLITE_NULL
                             ? DATE_INVALID
                             : sql_col_date(disp->q, 4);
    }
    c->disputes = buf->disputes;
    c->npromises = 0;
    for (; cursor_at(prom, id); prom->rc = sqlite3_step(prom->q)) {
        struct store_promise *p;

        ROOM(buf->promises, c->npromises, buf->promises_cap);
        p = &buf->promises[c->npromises++];
        p->made_on = sql_col_date(prom->q, 1);
        p->by_date = sql_col_date(prom->q, 2);
        sql_col_currency(prom->q, 3, p->currency);
        p->amount = sqlite3_column_int64(prom->q, 4);
    }
    c->promises = buf->promises;
    c->ncontacts = 0;
    for (; cursor_at(cont, id); cont->rc = sqlite3_step(cont->q)) {
        struct store_contact *k;

        ROOM(buf->contacts, c->ncontacts, buf->contacts_cap);
        k = &buf->contacts[c->ncontacts++];
        *k = (struct store_contact){ 0 };
        k->date = sql_col_date(cont->q, 1);
        k->stage = sql_col_str(cont->q, 2, a);
        k->channels = (unsigned)sqlite3_column_int64(cont->q, 3);
        k->approval = sqlite3_column_int(cont->q, 4);
        k->run_id = sqlite3_column_int64(cont->q, 5);
        k->deadline = sqlite3_column_type(cont->q, 6) == SQLITE_NULL
                          ? DATE_INVALID
                          : sql_col_date(cont->q, 6);
        k->done_on = sqlite3_column_type(cont->q, 7) == SQLITE_NULL
                         ? DATE_INVALID
                         : sql_col_date(cont->q, 7);
        k->lost = sqlite3_column_int(cont->q, 9);
        if (contact_items_unpack(sqlite3_column_blob(cont->q, 8),
                         (size_t)sqlite3_column_bytes(cont->q, 8), &k->items,
                         &k->nitems, a) < 0 && !c->damage) {
            char day[DATE_ISO_LEN + 1];
            struct dun_err why = DUN_ERR_INIT;

            date_iso(k->date, day);
            dun_err_set(&why, DUN_E_IO, "%s: contact of %s on %s: damaged "
                        "list of invoices", s->path, id, day);
            c->damage = arena_strndup(a, why.msg, strlen(why.msg));
        }
    }
    c->contacts = buf->contacts;
    c->customer = NULL;
    c->country = c->region = "";
    c->kind = CUSTOMER_BUSINESS;
    c->has_email = c->has_phone = c->has_post = 0;
    if (cursor_at(kind, id)) {
        if (records) {
            sql_read_customer(kind->q, 4, &buf->customer, a);
            c->customer = &buf->customer;
            c->country = buf->customer.country;
            c->region = buf->customer.region;
            c->kind = buf->customer.kind;
        } else {
            c->country = sql_col_str(kind->q, 4, a);
            c->region = sql_col_str(kind->q, 5, a);
            c->kind = sql_customer_kind(sqlite3_column_int(kind->q, 6));
        }
        c->has_email = sqlite3_column_int(kind->q, 1);
        c->has_phone = sqlite3_column_int(kind->q, 2);
        c->has_post = sqlite3_column_int(kind->q, 3);
        kind->rc = sqlite3_step(kind->q);
    }
    /* The latest plan: its installments are the last rows. */
    c->plan = NULL;
    for (struct cursor *pl = &cur[5]; cursor_at(pl, id);
         pl->rc = sqlite3_step(pl->q)) {
        int32_t made = sql_col_date(pl->q, 1);

        if (c->plan == NULL || made != buf->plan.made_on) {
            buf->plan.made_on = made;
            sql_col_currency(pl->q, 2, buf->plan.currency);
            buf->plan.n = 0;
            c->plan = &buf->plan;
        }
        ROOM(buf->inst, buf->plan.n, buf->inst_cap);
        buf->inst[buf->plan.n++] =
            (struct plan_installment){ sql_col_date(pl->q, 3),
                                       sqlite3_column_int64(pl->q, 4) };
        buf->plan.inst = buf->inst;
    }
    return 0;
}

int
lite_collect_scan(struct store *st, unsigned flags, store_collect_cb *cb,
                  void *ctx, struct dun_err *err)
{
    int records = (flags & STORE_COLLECT_RECORDS) != 0;
    const enum collect_stmt ids[NCURSORS] = {
        flags & STORE_COLLECT_ALL ? C_SCAN_CUSTOMER : C_SCAN_BALANCE,
        C_SCAN_STATE, C_SCAN_DISPUTE, C_SCAN_PROMISE, C_SCAN_CONTACT,
        C_SCAN_PLAN, records ? C_SCAN_RECORD : C_SCAN_KIND,
    };
    struct store_sqlite *s = sql_store(st);
    struct cursor cur[NCURSORS] = { { NULL, SQLITE_DONE } };
    struct collect_buf buf = { 0 };
    struct arena a = ARENA_INIT;
    int rc = -1;

    if (sql_scan_enter(s, "collect_scan", 0, err) < 0)
        return -1;
    for (size_t i = 0; i < NCURSORS; i++)
        if (cursor_open(s, &cur[i], ids[i], err) < 0)
            goto out;
    for (; cur[0].rc == SQLITE_ROW; cur[0].rc = sqlite3_step(cur[0].q)) {
        struct store_balances b = { 0 };
        struct store_collect c = { .balances = &b };
        struct dun_err why = DUN_ERR_INIT;

        arena_reset(&a);
        b.customer_id = sql_col_str(cur[0].q, 0, &a);
        /* Damage to one customer's rows is that customer's: the caller
         * hears of it (c.damage) and the scan goes on to the others. */
        if (sqlite3_column_type(cur[0].q, 1) != SQLITE_NULL &&
            balance_decode(sqlite3_column_blob(cur[0].q, 1),
                           (size_t)sqlite3_column_bytes(cur[0].q, 1), &b,
                           &a, &why) < 0) {
            const char *id = b.customer_id;

            b = (struct store_balances){ .customer_id = id };
            c.damage = arena_strndup(&a, why.msg, strlen(why.msg));
        }
        if (collect_one(s, cur, b.customer_id, records, &c, &buf, &a, err) < 0 ||
            cb(ctx, &c, err) < 0)
            goto out;
    }
    for (size_t i = 0; i < NCURSORS; i++)
        if (cur[i].rc != SQLITE_DONE && cur[i].rc != SQLITE_ROW) {
            sql_fail(s, err, "read collection state");
            goto out;
        }
    rc = 0;
out:
    for (size_t i = 0; i < NCURSORS; i++)
        if (cur[i].q)
            sqlite3_reset(cur[i].q);
    sql_scan_leave(s);
    free(buf.disputes);
    free(buf.promises);
    free(buf.contacts);
    free(buf.inst);
    arena_release(&a);
    return rc;
}

int
lite_events_scan(struct store *st, const char *customer_id,
                 store_event_cb *cb, void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "events_scan", 0, err) < 0)
        return -1;
    if ((q = cstmt(s, C_EVENTS, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    sql_bind_text(q, 2, customer_id);
    sqlite3_bind_int(q, 3, EVENT_NOTE);
    sqlite3_bind_int(q, 4, EVENT_CALL);
    sqlite3_bind_int(q, 5, EVENT_DISPUTE_OPENED);
    sqlite3_bind_int(q, 6, EVENT_DISPUTE_RESOLVED);
    sqlite3_bind_int(q, 7, EVENT_PROMISE);
    sqlite3_bind_int(q, 8, EVENT_CONTACT);
    sqlite3_bind_int(q, 9, EVENT_PLAN);
    sqlite3_bind_int(q, 10, EVENT_APPROVAL);
    sqlite3_bind_int(q, 11, EVENT_CHANGE);
    sqlite3_bind_int(q, 12, DUN_APPROVAL_GIVEN);
    sqlite3_bind_int(q, 13, DUN_APPROVAL_REFUSED);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_event e;

        arena_reset(&a);
        e.date = sql_col_date(q, 0);
        e.kind = (enum store_event_kind)sqlite3_column_int(q, 1);
        e.ref = sql_col_str(q, 2, &a);
        e.reason = sql_col_str(q, 3, &a);
        e.text = sql_col_str(q, 4, &a);
        e.until = sql_col_date(q, 5);
        e.amount = sqlite3_column_int64(q, 6);
        sql_col_currency(q, 7, e.currency);
        if (cb(ctx, &e, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read events");
}

int
lite_approvals_decide(struct store *st, const char *customer_id, int given,
                      int32_t on, int64_t *n, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "approvals_decide", err) < 0 ||
        (q = cstmt(s, C_APPROVALS, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sqlite3_bind_int(q, 3, given ? DUN_APPROVAL_GIVEN : DUN_APPROVAL_REFUSED);
    sql_bind_date(q, 4, on);
    sqlite3_bind_int(q, 5, DUN_APPROVAL_PENDING);
    if (sql_exec(s, q, err, "decide approval") < 0)
        return -1;
    *n = sqlite3_changes(s->db);
    return 0;
}

int
lite_calls_done(struct store *st, const char *customer_id, int32_t on,
                struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;

    if (sql_may_write(s, "calls_done", err) < 0 ||
        (q = cstmt(s, C_CALLS_DONE, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, customer_id);
    sql_bind_date(q, 3, on);
    sqlite3_bind_int(q, 4, CHANNEL_PHONE);
    return sql_exec(s, q, err, "record call");
}

int
lite_tasks_scan(struct store *st, store_task_cb *cb, void *ctx,
                struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "tasks_scan", 0, err) < 0)
        return -1;
    if ((q = cstmt(s, C_TASKS, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    sqlite3_bind_int(q, 2, DUN_APPROVAL_PENDING);
    sqlite3_bind_int(q, 3, CHANNEL_PHONE);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_balances b = { 0 };
        struct store_task t;

        arena_reset(&a);
        t.customer_id = sql_col_str(q, 0, &a);
        t.customer_name = sql_col_str(q, 1, &a);
        t.contact =
            (struct store_contact){ sql_col_date(q, 2), sql_col_str(q, 3, &a),
                                    (unsigned)sqlite3_column_int64(q, 4),
                                    sqlite3_column_int(q, 5),
                                    sqlite3_column_int64(q, 6), DATE_INVALID,
                                    NULL, 0, DATE_INVALID, 0 };
        b.customer_id = t.customer_id;
        if (sqlite3_column_type(q, 7) != SQLITE_NULL &&
            balance_decode(sqlite3_column_blob(q, 7),
                           (size_t)sqlite3_column_bytes(q, 7), &b, &a,
                           err) < 0) {
            rc = -1;
            break;
        }
        t.balances = &b;
        t.country = sql_col_str(q, 8, &a);
        t.timezone = sql_col_str(q, 9, &a);
        t.reason = sql_col_str(q, 10, &a);
        t.phone = sql_col_str(q, 11, &a);
        t.region = sql_col_str(q, 12, &a);
        t.flags = (unsigned)sqlite3_column_int64(q, 13);
        if (cb(ctx, &t, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read tasks");
}
