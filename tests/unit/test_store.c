#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h> /* cmocka 1.1 wants the four headers above first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <unistd.h>

#include "core/date.h"
#include "core/sbuf.h"
#include "store/body_codec.h"
#include "store/dict_codec.h"
#include "store/schema_sqlite.h"
#include "store/store.h"

/* A scratch folder with one database path in it, per test. */
struct scratch {
    char dir[32];
    char db[64];
};

static int
setup(void **state)
{
    struct scratch *sc = calloc(1, sizeof(*sc));

    if (sc == NULL)
        return -1;
    snprintf(sc->dir, sizeof(sc->dir), "/tmp/dun-store-XXXXXX");
    if (mkdtemp(sc->dir) == NULL) {
        free(sc);
        return -1;
    }
    snprintf(sc->db, sizeof(sc->db), "%s/t.db", sc->dir);
    *state = sc;
    return 0;
}

static int
teardown(void **state)
{
    static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
    struct scratch *sc = *state;
    char path[80];

    for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
        snprintf(path, sizeof(path), "%s%s", sc->db, sfx[i]);
        unlink(path);
    }
    rmdir(sc->dir);
    free(sc);
    return 0;
}

static struct store *
open_ok(const char *db, const char *tenant, int create)
{
    struct dun_err err = DUN_ERR_INIT;
    struct store *st = store_open(db, tenant, create, &err);

    if (st == NULL)
        fail_msg("store_open %s %s: %s", db, tenant, err.msg);
    return st;
}

static int64_t
add_policy(struct store *st, const char *text)
{
    struct dun_err err = DUN_ERR_INIT;
    int64_t version = 0;

    if (st->ops->policy_add(st, text, "test", date_from_iso("2026-06-01"),
                            &version, &err) < 0)
        fail_msg("policy_add: %s", err.msg);
    return version;
}

/* The latest policy's text, "" if there is none. */
static const char *
latest_policy(struct store *st, struct arena *a)
{
    struct dun_err err = DUN_ERR_INIT;
    struct policy_version p;
    int rc = st->ops->policy_get(st, 0, &p, a, &err);

    assert_int_not_equal(rc, -1);
    return rc == 1 ? p.text : "";
}

static void
add_customer(struct store *st, const char *id)
{
    struct customer c = { .id = id, .name = id, .terms_days = 30,
                          .currency = "EUR" };
    struct store_stamp sp = { 0, 0 };
    struct dun_err err = DUN_ERR_INIT;

    if (st->ops->customer_insert(st, &c, &sp, &err) != 1)
        fail_msg("customer_insert %s: %s", id, err.msg);
}

/* Put a message for customer on day: its seq, or 0 if that customer, day
 * and stage has one already. */
static int64_t
add_message(struct store *st, const char *customer, const char *day)
{
    struct message m = {
        .customer_id = customer, .date = date_from_iso(day),
        .stage = "reminder", .channel = "email", .recipient = "a@b.example",
        .language = "en", .template_name = "reminder", .subject = "s",
        .body = "b", .html = "h", .inputs = "{}", .timezone = "",
    };
    struct dun_err err = DUN_ERR_INIT;
    int rc = st->ops->outbox_add(st, &m, &err);

    if (rc < 0)
        fail_msg("outbox_add: %s", err.msg);
    return rc == 1 ? m.seq : 0;
}

static int64_t
add_import(struct store *st)
{
    struct import_record imp = { .kind = "customers", .file = "c.csv",
                                .as_of = date_from_iso("2026-06-01") };
    struct dun_err err = DUN_ERR_INIT;
    int64_t id = 0;

    if (st->ops->import_begin(st, &imp, &id, &err) < 0)
        fail_msg("import_begin: %s", err.msg);
    return id;
}

static int64_t
add_run(struct store *st)
{
    struct dun_err err = DUN_ERR_INIT;
    int64_t id = 0;

    if (st->ops->run_begin(st, date_from_iso("2026-06-30"), 1, &id, &err) < 0)
        fail_msg("run_begin: %s", err.msg);
    return id;
}

static void
add_note(struct store *st, const char *customer)
{
    struct store_note n = { .on_date = date_from_iso("2026-06-30"),
                            .kind = "note", .invoice_number = "",
                            .reason = "", .text = "x" };
    struct dun_err err = DUN_ERR_INIT;

    if (st->ops->note_add(st, customer, &n, &err) < 0)
        fail_msg("note_add: %s", err.msg);
}

static int64_t
add_template_set(struct store *st, const char *source)
{
    unsigned char digest[32] = { 0 };
    struct dun_err err = DUN_ERR_INIT;
    int64_t id = 0;

    /* The digest only has to tell sets apart here. */
    memcpy(digest, source, strnlen(source, sizeof(digest)));
    if (st->ops->template_set_put(st, digest, source, strlen(source), &id,
                                  &err) < 0)
        fail_msg("template_set_put: %s", err.msg);
    return id;
}

static void
begin(struct store *st)
{
    struct dun_err err = DUN_ERR_INIT;

    if (store_begin(st, &err) < 0)
        fail_msg("begin: %s", err.msg);
}

static void
commit(struct store *st)
{
    struct dun_err err = DUN_ERR_INIT;

    if (store_commit(st, &err) < 0)
        fail_msg("commit: %s", err.msg);
}

/* The note numbers of a customer, "1,2,3", read straight from the file. */
static const char *
note_seqs(const char *db, const char *customer, char *out, size_t size)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    size_t len = 0;

    out[0] = '\0';
    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT seq FROM note WHERE "
                                           "customer_id = ?1 ORDER BY seq",
                                        -1, &q, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(q, 1, customer, -1, SQLITE_STATIC);
    while (sqlite3_step(q) == SQLITE_ROW && len + 24 < size)
        len += (size_t)snprintf(out + len, size - len, "%s%lld",
                                len ? "," : "",
                                (long long)sqlite3_column_int64(q, 0));
    sqlite3_finalize(q);
    sqlite3_close(h);
    return out;
}

/*
 * store.h, Identifiers: two handles on one file, taking turns with and
 * without transactions, get distinct numbers, and a fresh database counts
 * 1, 2, 3 as it always did.
 */
static void
test_two_handles_taking_turns_get_distinct_numbers(void **state)
{
    struct scratch *sc = *state;
    struct store *h1 = open_ok(sc->db, "default", 1);
    struct store *h2 = open_ok(sc->db, "default", 0);
    char seqs[64];

    add_customer(h1, "C1");
    add_customer(h1, "C2");
    /* Each statement its own transaction. */
    assert_int_equal(add_policy(h1, "a"), 1);
    assert_int_equal(add_policy(h2, "b"), 2);
    assert_int_equal(add_policy(h1, "c"), 3);
    assert_int_equal(add_import(h2), 1);
    assert_int_equal(add_import(h1), 2);
    assert_int_equal(add_run(h1), 1);
    assert_int_equal(add_run(h2), 2);
    assert_int_equal(add_template_set(h2, "set one"), 1);
    assert_int_equal(add_template_set(h1, "set two"), 2);
    assert_int_equal(add_template_set(h1, "set one"), 1); /* kept once */
    add_note(h1, "C1");
    add_note(h2, "C1");
    add_note(h2, "C2");
    assert_string_equal(note_seqs(sc->db, "C1", seqs, sizeof(seqs)), "1,2");
    assert_string_equal(note_seqs(sc->db, "C2", seqs, sizeof(seqs)), "1");

    /* Turns of whole transactions: within one, numbers count on in
     * memory and reach the table at commit. */
    assert_int_equal(add_message(h1, "C1", "2026-06-01"), 1);
    begin(h2);
    assert_int_equal(add_message(h2, "C1", "2026-06-02"), 2);
    assert_int_equal(add_message(h2, "C2", "2026-06-02"), 3);
    assert_int_equal(add_message(h2, "C2", "2026-06-03"), 4);
    assert_int_equal(add_run(h2), 3);
    commit(h2);
    begin(h1);
    assert_int_equal(add_message(h1, "C1", "2026-06-03"), 5);
    assert_int_equal(add_import(h1), 3);
    commit(h1);
    assert_int_equal(add_message(h2, "C1", "2026-06-04"), 6);
    begin(h1);
    assert_int_equal(add_message(h1, "C2", "2026-06-04"), 7);
    add_note(h1, "C1");
    commit(h1);
    assert_string_equal(note_seqs(sc->db, "C1", seqs, sizeof(seqs)),
                        "1,2,3");
    assert_int_equal(add_message(h2, "C2", "2026-06-05"), 8);
    assert_int_equal(add_policy(h2, "d"), 4);
    assert_int_equal(add_import(h2), 4);
    assert_int_equal(add_run(h1), 4);
    store_close(h1);
    store_close(h2);
}

/* A number taken by an insert that did not happen, or by a transaction
 * rolled back, is taken again: no gaps. */
static void
test_numbers_not_used_are_given_back(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);

    add_customer(st, "C1");
    assert_int_equal(add_message(st, "C1", "2026-06-01"), 1);
    assert_int_equal(add_message(st, "C1", "2026-06-01"), 0); /* exists */
    assert_int_equal(add_message(st, "C1", "2026-06-02"), 2);
    begin(st);
    assert_int_equal(add_message(st, "C1", "2026-06-02"), 0);
    assert_int_equal(add_message(st, "C1", "2026-06-03"), 3);
    assert_int_equal(add_message(st, "C1", "2026-06-03"), 0);
    assert_int_equal(add_message(st, "C1", "2026-06-04"), 4);
    assert_int_equal(add_policy(st, "a"), 1);
    store_rollback(st);
    begin(st);
    assert_int_equal(add_message(st, "C1", "2026-06-05"), 3);
    assert_int_equal(add_policy(st, "b"), 1);
    commit(st);
    assert_int_equal(add_message(st, "C1", "2026-06-06"), 4);
    store_close(st);
}

/* Make a database as schema version `version` left it (its first
 * migrations, as SQLite's default connection runs them: foreign keys
 * off), then run rows in it (they set user_version). */
static void
make_version(const char *db, size_t version, const char *rows)
{
    sqlite3 *h = NULL;

    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    for (size_t v = 0; v < version; v++)
        assert_int_equal(sqlite3_exec(h, schema_sqlite_migrations[v], NULL,
                                      NULL, NULL),
                         SQLITE_OK);
    if (sqlite3_exec(h, rows, NULL, NULL, NULL) != SQLITE_OK)
        fail_msg("version %zu rows: %s", version, sqlite3_errmsg(h));
    sqlite3_close(h);
}

/* Make a database as schema version 8 left it, with numbered rows. */
static void
make_version_8(const char *db)
{
    static const char *const rows =
        "INSERT INTO policy_version VALUES (1, 1, 20260601, 'f', 'a'),"
        "  (1, 2, 20260601, 'f', 'b'), (1, 3, 20260601, 'f', 'c');"
        "INSERT INTO import_batch(tenant_id, import_id, kind, file, as_of)"
        "  VALUES (1, 1, 'customers', 'c.csv', 20260601),"
        "  (1, 2, 'customers', 'c.csv', 20260601);"
        "INSERT INTO run(tenant_id, run_id, as_of, policy_version)"
        "  VALUES (1, 1, 20260601, 1), (1, 2, 20260602, 1),"
        "  (1, 7, 20260603, 1);"
        "INSERT INTO customer(tenant_id, id, name, terms_days, currency)"
        "  VALUES (1, 'C1', 'C1', 30, 'EUR'), (1, 'C2', 'C2', 30, 'EUR');"
        "INSERT INTO note(tenant_id, customer_id, seq, on_date, kind)"
        "  VALUES (1, 'C1', 1, 20260601, 'note'),"
        "  (1, 'C1', 2, 20260601, 'note');"
        "INSERT INTO outbox(tenant_id, seq, customer_id, date, stage,"
        "  channel, recipient, language, template, encoding, subject, body,"
        "  html, inputs) VALUES (1, 5, 'C1', 20260601, 'r', 'email', 'a',"
        "  'en', 'r', 0, 's', x'62', x'68', '{}');"
        "PRAGMA user_version = 8;";

    make_version(db, 8, rows);
}

/* The migration to counters starts each where its rows are. */
static void
test_existing_databases_keep_their_numbering(void **state)
{
    struct scratch *sc = *state;
    struct store *st;
    char seqs[64];

    make_version_8(sc->db);
    st = open_ok(sc->db, "default", 0);
    assert_int_equal(add_policy(st, "d"), 4);
    assert_int_equal(add_import(st), 3);
    assert_int_equal(add_run(st), 8);
    assert_int_equal(add_message(st, "C2", "2026-06-02"), 6);
    assert_int_equal(add_template_set(st, "set"), 1);
    add_note(st, "C1");
    add_note(st, "C2");
    assert_string_equal(note_seqs(sc->db, "C1", seqs, sizeof(seqs)),
                        "1,2,3");
    assert_string_equal(note_seqs(sc->db, "C2", seqs, sizeof(seqs)), "1");
    store_close(st);
}

/* Make a database as schema version 16 left it: messages planned (1),
 * sent (2) and failed (3), an event and evidence of the sent one, and if
 * dangling, evidence of a message 9 that is not there. */
static void
make_version_16(const char *db, int dangling)
{
    static const char *const rows =
        "INSERT INTO customer(tenant_id, id, name, terms_days, currency)"
        "  VALUES (1, 'C1', 'C1', 30, 'EUR');"
        "INSERT INTO outbox(tenant_id, seq, customer_id, date, stage,"
        "  channel, recipient, language, template, encoding, subject, body,"
        "  html, inputs, status) VALUES"
        "  (1, 1, 'C1', 20260601, 'r', 'email', 'a', 'en', 'r', 0, 's',"
        "   x'62', x'68', '{}', 'planned'),"
        "  (1, 2, 'C1', 20260602, 'r', 'email', 'a', 'en', 'r', 0, 's',"
        "   x'62', x'68', '{}', 'sent'),"
        "  (1, 3, 'C1', 20260603, 'r', 'email', 'a', 'en', 'r', 0, 's',"
        "   x'62', x'68', '{}', 'failed');"
        "INSERT INTO message_event(tenant_id, seq, n, at, status, actor)"
        "  VALUES (1, 2, 1, 1780000000, 'sent', 'smtp');"
        "INSERT INTO evidence(tenant_id, seq, n, at, actor, kind, ref)"
        "  VALUES (1, 2, 1, 1780000000, 'ann', 'receipt', 'R1');"
        "PRAGMA user_version = 16;";
    static const char *const dangling_row =
        "INSERT INTO evidence(tenant_id, seq, n, at, actor, kind, ref)"
        "  VALUES (1, 9, 1, 1780000000, 'ann', 'receipt', 'R9');";
    struct sbuf all = SBUF_INIT;

    sbuf_addstr(&all, rows);
    if (dangling)
        sbuf_addstr(&all, dangling_row);
    make_version(db, 16, all.buf);
    sbuf_release(&all);
}

/* One row of SQL's answer as an integer. */
static int64_t
sql_int(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    sqlite3_stmt *q = NULL;
    int64_t v;

    assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
    if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) != SQLITE_OK)
        fail_msg("%s: %s", sql, sqlite3_errmsg(h));
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(h);
    return v;
}

static int
collect_seq(void *ctx, const struct message *m, struct dun_err *err)
{
    char *seqs = ctx;
    size_t n = strlen(seqs);

    (void)err;
    snprintf(seqs + n, 64 - n, "%s%lld", n ? "," : "", (long long)m->seq);
    return 0;
}

/* Migration 17 copies the outbox (its status checks written anew): every
 * message keeps its status, its events and its evidence, the partial
 * indexes find the same ones, and a status outside the list is still
 * refused. */
static void
test_the_outbox_copy_keeps_messages_and_what_refers_to_them(void **state)
{
    struct scratch *sc = *state;
    struct dun_err err = DUN_ERR_INIT;
    struct store *st;
    char pending[64] = "", undelivered[64] = "";
    sqlite3 *h = NULL;

    make_version_16(sc->db, 0);
    st = open_ok(sc->db, "default", 0);
    assert_int_equal(st->ops->outbox_pending(st, collect_seq, pending, &err),
                     0);
    assert_int_equal(
        st->ops->outbox_undelivered(st, collect_seq, undelivered, &err), 0);
    store_close(st);
    assert_string_equal(pending, "1");
    assert_string_equal(undelivered, "3");
    assert_int_equal(sql_int(sc->db, "PRAGMA user_version"),
                     (int64_t)schema_sqlite_nmigrations);
    assert_int_equal(sql_int(sc->db, "SELECT count(*) FROM outbox o JOIN "
                                     "message_event e USING (tenant_id, "
                                     "seq) JOIN evidence v USING "
                                     "(tenant_id, seq) WHERE o.status = "
                                     "'sent' AND v.ref = 'R1'"),
                     1);
    assert_int_equal(sql_int(sc->db, "SELECT count(*) FROM sqlite_master "
                                     "WHERE name = 'outbox17'"),
                     0);
    assert_int_equal(sqlite3_open(sc->db, &h), SQLITE_OK);
    assert_int_not_equal(sqlite3_exec(h, "UPDATE outbox SET status = 'lost' "
                                         "WHERE seq = 1",
                                      NULL, NULL, NULL),
                         SQLITE_OK);
    assert_non_null(strstr(sqlite3_errmsg(h), "CHECK constraint failed"));
    sqlite3_close(h);
}

/* A migration that would leave a row referring to nothing is not made:
 * the open fails, naming it, and the database stays as it was. */
static void
test_a_migration_leaving_dangling_rows_changes_nothing(void **state)
{
    struct scratch *sc = *state;
    struct dun_err err = DUN_ERR_INIT;

    make_version_16(sc->db, 1);
    assert_null(store_open(sc->db, "default", 0, &err));
    assert_int_equal(err.code, DUN_E_CONFLICT);
    assert_non_null(strstr(err.msg, "version 17 would leave rows that "
                                    "refer to none"));
    assert_int_equal(sql_int(sc->db, "PRAGMA user_version"), 16);
    assert_int_equal(sql_int(sc->db, "SELECT count(*) FROM outbox"), 3);
    assert_int_equal(sql_int(sc->db, "SELECT count(*) FROM sqlite_master "
                                     "WHERE name = 'outbox17'"),
                     0);
}

/* What a scan's callback does, for the nesting tests. */
enum inner {
    INNER_SCAN_OTHER,  /* balances_scan */
    INNER_SCAN_SAME,   /* customers_scan again */
    INNER_GET,         /* customer_get */
    INNER_WRITE,       /* state_put */
    INNER_BEGIN,
    INNER_COMMIT,
};

struct nest {
    struct store *st;
    enum inner inner;
    int calls, inner_ok;
};

static int
on_any_balance(void *ctx, const struct store_balances *b,
               struct dun_err *err)
{
    (void)ctx;
    (void)b;
    (void)err;
    return 0;
}

static int
on_any_customer(void *ctx, const struct customer *c, struct dun_err *err)
{
    (void)ctx;
    (void)c;
    (void)err;
    return 0;
}

static int
on_nest_customer(void *ctx, const struct customer *c, struct dun_err *err)
{
    struct nest *n = ctx;
    struct store *st = n->st;
    struct store_customer_state cs = { 1, "", -1, "" };
    struct customer got;
    struct arena a = ARENA_INIT;
    int rc = -1;

    n->calls++;
    switch (n->inner) {
    case INNER_SCAN_OTHER:
        rc = st->ops->balances_scan(st, on_any_balance, NULL, err);
        break;
    case INNER_SCAN_SAME:
        rc = st->ops->customers_scan(st, on_any_customer, NULL, err);
        break;
    case INNER_GET:
        rc = st->ops->customer_get(st, c->id, &got, NULL, &a, err) == 1 &&
                     strcmp(got.id, c->id) == 0
                 ? 0
                 : -1;
        break;
    case INNER_WRITE:
        rc = st->ops->state_put(st, c->id, &cs, err);
        break;
    case INNER_BEGIN:
        rc = store_begin(st, err);
        break;
    case INNER_COMMIT:
        rc = store_commit(st, err);
        break;
    }
    arena_release(&a);
    n->inner_ok += rc == 0;
    return rc;
}

/* Run customers_scan with inner in its callback: the scan's result; the
 * error in *err. */
static int
scan_with(struct store *st, enum inner inner, struct nest *n,
          struct dun_err *err)
{
    *n = (struct nest){ .st = st, .inner = inner };
    dun_err_clear(err);
    return st->ops->customers_scan(st, on_nest_customer, n, err);
}

/* store.h, Scans: one scan at a time. */
static void
test_a_scan_inside_a_scan_fails(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    struct nest n;

    add_customer(st, "C1");
    add_customer(st, "C2");
    assert_int_equal(scan_with(st, INNER_SCAN_OTHER, &n, &err), -1);
    assert_int_equal(err.code, DUN_E_INTERNAL);
    assert_string_equal(err.msg, "store: balances_scan inside a scan");
    assert_int_equal(n.calls, 1);
    assert_int_equal(scan_with(st, INNER_SCAN_SAME, &n, &err), -1);
    assert_string_equal(err.msg, "store: customers_scan inside a scan");
    /* Reads are fine, and a scan after a failed one runs. */
    assert_int_equal(scan_with(st, INNER_GET, &n, &err), 0);
    assert_int_equal(n.calls, 2);
    assert_int_equal(n.inner_ok, 2);
    store_close(st);
}

/* store.h, Scans: a write inside a scan only in a transaction begun
 * before it, and no transaction begins or ends inside one. */
static void
test_writes_inside_a_scan_need_the_callers_transaction(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    struct store_customer_state cs;
    struct arena a = ARENA_INIT;
    struct nest n;

    add_customer(st, "C1");
    add_customer(st, "C2");
    assert_int_equal(scan_with(st, INNER_WRITE, &n, &err), -1);
    assert_int_equal(err.code, DUN_E_INTERNAL);
    assert_string_equal(err.msg,
                        "store: state_put inside a scan outside a "
                        "transaction");
    assert_int_equal(n.inner_ok, 0);
    assert_int_equal(scan_with(st, INNER_BEGIN, &n, &err), -1);
    assert_string_equal(err.msg, "store: begin inside a scan");

    begin(st);
    assert_int_equal(scan_with(st, INNER_COMMIT, &n, &err), -1);
    assert_string_equal(err.msg, "store: commit inside a scan");
    assert_int_equal(scan_with(st, INNER_WRITE, &n, &err), 0);
    assert_int_equal(n.inner_ok, 2);
    commit(st);
    assert_int_equal(st->ops->state_get(st, "C2", &cs, &a, &err), 1);
    assert_int_equal(cs.flags, 1);
    arena_release(&a);
    store_close(st);
}

/* Write an invoice of customer: 1 written, -1 refused by the store. */
static int
try_invoice(struct store *st, const char *number, const char *customer)
{
    struct invoice inv = { .number = number, .customer_id = customer,
                           .applies_to = "", .currency = "EUR",
                           .issue_date = date_from_iso("2026-06-01"),
                           .due_date = date_from_iso("2026-07-01"),
                           .total = 100, .description = "" };
    struct store_stamp sp = { 1, 1 };
    struct dun_err err = DUN_ERR_INIT;

    return st->ops->invoice_insert(st, &inv, &sp, &err);
}

/* store_begin_checked leaves the references to its writer (the importer
 * looks each customer up itself) and only until that transaction ends:
 * after its commit or rollback the store refuses a document of a
 * customer it does not know again. */
static void
test_checked_transactions_end_with_the_store_checking_again(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;

    add_customer(st, "C1");
    assert_int_equal(try_invoice(st, "I0", "NOPE"), -1);
    assert_int_equal(store_begin_checked(st, &err), 0);
    assert_int_equal(try_invoice(st, "I1", "C1"), 1);
    assert_int_equal(try_invoice(st, "I2", "NOPE"), 1);
    store_rollback(st);
    assert_int_equal(try_invoice(st, "I2", "NOPE"), -1);
    assert_int_equal(store_begin_checked(st, &err), 0);
    assert_int_equal(try_invoice(st, "I1", "C1"), 1);
    commit(st);
    assert_int_equal(try_invoice(st, "I3", "NOPE"), -1);
    assert_int_equal(try_invoice(st, "I3", "C1"), 1);
    /* Not inside another transaction. */
    begin(st);
    assert_int_equal(store_begin_checked(st, &err), -1);
    assert_string_equal(err.msg, "store: begin inside a scan or a "
                                 "transaction");
    store_rollback(st);
    assert_int_equal(try_invoice(st, "I4", "NOPE"), -1);
    store_close(st);
}

/* 1 if the database's file path + suffix exists. */
static int
exists(const char *db, const char *suffix)
{
    char path[96];

    snprintf(path, sizeof(path), "%s%s", db, suffix);
    return access(path, F_OK) == 0;
}

/* The journal mode the file itself records, as a new connection sees it. */
static void
assert_file_in_wal(const char *db)
{
    sqlite3 *raw;
    sqlite3_stmt *q;

    assert_int_equal(sqlite3_open_v2(db, &raw, SQLITE_OPEN_READONLY, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &q,
                                        NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "wal");
    sqlite3_finalize(q);
    sqlite3_close(raw);
}

static int
has_invoice(struct store *st, const char *number)
{
    struct dun_err err = DUN_ERR_INIT;
    struct arena a = ARENA_INIT;
    struct store_stamp sp;
    struct invoice inv;
    int rc = st->ops->invoice_get(st, number, &inv, &sp, &a, &err);

    arena_release(&a);
    if (rc < 0)
        fail_msg("invoice_get %s: %s", number, err.msg);
    return rc;
}

/* store_begin_load: with the database to itself, the transaction writes
 * behind a rollback journal (no WAL file while it runs) and leaves the
 * file in WAL, committed or rolled back; beside another connection it
 * stays in WAL, where the other goes on reading what was committed. */
static void
test_a_load_writes_once_and_leaves_the_file_in_wal(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    sqlite3 *other;
    sqlite3_stmt *q;

    add_customer(st, "C1");
    assert_true(exists(sc->db, "-wal"));
    assert_int_equal(store_begin_load(st, &err), 0);
    assert_false(exists(sc->db, "-wal"));
    /* Checked as store_begin_checked's: the importer looks customers up. */
    assert_int_equal(try_invoice(st, "I1", "C1"), 1);
    assert_int_equal(try_invoice(st, "I2", "NOPE"), 1);
    store_rollback(st);
    assert_false(exists(sc->db, "-journal"));
    assert_file_in_wal(sc->db);
    assert_int_equal(has_invoice(st, "I1"), 0);
    assert_int_equal(try_invoice(st, "I2", "NOPE"), -1);

    assert_int_equal(store_begin_load(st, &err), 0);
    assert_false(exists(sc->db, "-wal"));
    assert_int_equal(try_invoice(st, "I1", "C1"), 1);
    commit(st);
    assert_false(exists(sc->db, "-journal"));
    assert_file_in_wal(sc->db);
    assert_int_equal(has_invoice(st, "I1"), 1);
    assert_int_equal(try_invoice(st, "I3", "NOPE"), -1);

    /* Another connection that has read: the load may not take the file. */
    assert_int_equal(sqlite3_open(sc->db, &other), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(other, "SELECT count(*) FROM "
                                        "doc_pack", -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 1);
    sqlite3_reset(q);
    assert_int_equal(store_begin_load(st, &err), 0);
    assert_true(exists(sc->db, "-wal"));
    add_customer(st, "C2");
    assert_int_equal(try_invoice(st, "I2", "C2"), 1);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW); /* not kept waiting */
    assert_int_equal(sqlite3_column_int(q, 0), 1);
    sqlite3_reset(q);
    commit(st);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2);
    sqlite3_finalize(q);
    sqlite3_close(other);
    assert_file_in_wal(sc->db);
    assert_int_equal(has_invoice(st, "I2"), 1);
    store_close(st);
}

/* A writer kept out past the 5 s wait is told why, and what to do. */
static void
test_a_busy_database_says_another_process_writes(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    sqlite3 *other;
    char want[160];

    assert_int_equal(sqlite3_open(sc->db, &other), SQLITE_OK);
    assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
                                  NULL),
                     SQLITE_OK);
    assert_int_equal(store_begin(st, &err), -1);
    assert_int_equal(err.code, DUN_E_IO);
    snprintf(want, sizeof(want),
             "%s: begin: database is locked (another process is writing "
             "to it; try again when it ends)",
             sc->db);
    assert_string_equal(err.msg, want);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    begin(st);
    commit(st);
    store_close(st);
}

struct lookup {
    struct store *st;
    int listed, looked_up, bodies_read;
};

static int
on_one_message(void *ctx, const struct message *m, struct dun_err *err)
{
    struct lookup *lk = ctx;

    (void)err;
    lk->looked_up++;
    lk->bodies_read += m->body && strcmp(m->body, "b") == 0;
    return 0;
}

static int
on_listed_message(void *ctx, const struct message *m,
                  struct dun_err *err)
{
    struct lookup *lk = ctx;

    lk->listed++;
    assert_null(m->body);
    return lk->st->ops->outbox_scan(lk->st, m->seq, on_one_message, lk, err);
}

static int
on_message_again(void *ctx, const struct message *m,
                 struct dun_err *err)
{
    struct lookup *lk = ctx;

    lk->looked_up++;
    return lk->st->ops->outbox_scan(lk->st, m->seq, on_one_message, lk, err);
}

/* store.h, Scans: outbox_scan of one message is a lookup, allowed inside
 * the list (app/outbox.c and 'dun outbox export' read bodies so). */
static void
test_one_message_may_be_read_inside_the_outbox_list(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    struct lookup lk = { .st = st };

    add_customer(st, "C1");
    assert_int_equal(add_message(st, "C1", "2026-06-01"), 1);
    assert_int_equal(add_message(st, "C1", "2026-06-02"), 2);
    assert_int_equal(st->ops->outbox_scan(st, 0, on_listed_message, &lk,
                                          &err),
                     0);
    assert_int_equal(lk.listed, 2);
    assert_int_equal(lk.looked_up, 2);
    assert_int_equal(lk.bodies_read, 2);

    /* A lookup inside the same lookup would reset the query under it. */
    lk = (struct lookup){ .st = st };
    assert_int_equal(st->ops->outbox_scan(st, 1, on_message_again, &lk,
                                          &err),
                     -1);
    assert_int_equal(err.code, DUN_E_INTERNAL);
    assert_string_equal(err.msg, "store: a query in use by a running scan");
    assert_int_equal(lk.looked_up, 1);
    store_close(st);
}

/* What one message read back holds. */
struct read_back {
    char body[128], html[128], inputs[128];
};

static int
on_read_back(void *ctx, const struct message *m, struct dun_err *err)
{
    struct read_back *rb = ctx;

    (void)err;
    snprintf(rb->body, sizeof(rb->body), "%s", m->body);
    snprintf(rb->html, sizeof(rb->html), "%s", m->html);
    snprintf(rb->inputs, sizeof(rb->inputs), "%s", m->inputs);
    return 0;
}

/* Put a message for C1 on day with its bodies packed by the caller: dict
 * 0, with zstd against the set's source (as runs did before pack
 * dictionaries); else with LZ4 against that dictionary. */
static void
add_packed(struct store *st, const char *day, int64_t set,
           const char *source, int64_t dict, const char *dict_bytes)
{
    static const char *const parts[] = { "Dear Sample, pay INV-7.",
                                         "<p>Dear Sample, pay INV-7.</p>",
                                         "{\"number\":\"INV-7\"}" };
    struct sbuf packed[3] = { SBUF_INIT, SBUF_INIT, SBUF_INIT };
    struct body_codec *zc = body_codec_new();
    struct dict_codec *lc = dict_codec_new();
    struct dun_err err = DUN_ERR_INIT;
    struct message m = {
        .customer_id = "C1", .date = date_from_iso(day),
        .stage = "reminder", .channel = "email", .recipient = "a@b.example",
        .language = "en", .template_name = "reminder", .subject = "s",
        .template_set = set, .timezone = "",
    };
    struct store_packed sp;

    body_codec_add(zc, 1, source, strlen(source));
    if (dict)
        dict_codec_add(lc, 1, dict_bytes, strlen(dict_bytes));
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(
            dict ? dict_codec_pack(lc, 1, parts[i], strlen(parts[i]),
                                   &packed[i], &err)
                 : body_codec_pack(zc, 1, parts[i], strlen(parts[i]),
                                   &packed[i], &err),
            0);
    sp = (struct store_packed){
        .body = packed[0].buf, .body_len = packed[0].len,
        .html = packed[1].buf, .html_len = packed[1].len,
        .inputs = packed[2].buf, .inputs_len = packed[2].len,
        .dict = dict };
    assert_int_equal(st->ops->outbox_add_packed(st, &m, &sp, &err), 1);
    for (size_t i = 0; i < 3; i++)
        sbuf_release(&packed[i]);
    body_codec_free(zc);
    dict_codec_free(lc);
}

/* Messages packed either way read back as they were written, in another
 * handle that has neither the set nor the dictionary loaded. */
static void
test_packed_bodies_read_back_either_way(void **state)
{
    static const char source[] = "dun-templates 1\nen/reminder.text 27\n"
                                 "Dear {{name}}, pay {{nr}}.\n";
    static const char sample[] = "Dear Sample Customer, pay INV-1001.";
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    unsigned char digest[32] = { 7 };
    int64_t set = add_template_set(st, source), dict = 0, again = 0;
    struct read_back rb;

    add_customer(st, "C1");
    assert_int_equal(st->ops->pack_dict_put(st, digest, sample,
                                            strlen(sample), &dict, &err),
                     0);
    assert_int_equal(dict, 1);
    /* The same digest is the same dictionary. */
    assert_int_equal(st->ops->pack_dict_put(st, digest, sample,
                                            strlen(sample), &again, &err),
                     0);
    assert_int_equal(again, 1);
    add_packed(st, "2026-06-01", set, source, 0, NULL);
    add_packed(st, "2026-06-02", set, source, dict, sample);
    store_close(st);

    st = open_ok(sc->db, "default", 0);
    for (int64_t seq = 1; seq <= 2; seq++) {
        memset(&rb, 0, sizeof(rb));
        assert_int_equal(st->ops->outbox_scan(st, seq, on_read_back, &rb,
                                              &err),
                         0);
        assert_string_equal(rb.body, "Dear Sample, pay INV-7.");
        assert_string_equal(rb.html, "<p>Dear Sample, pay INV-7.</p>");
        assert_string_equal(rb.inputs, "{\"number\":\"INV-7\"}");
    }
    store_close(st);
}

struct order {
    char ids[64];
    size_t len;
};

static int
on_order_customer(void *ctx, const struct customer *c, struct dun_err *err)
{
    struct order *o = ctx;

    (void)err;
    o->len += (size_t)snprintf(o->ids + o->len, sizeof(o->ids) - o->len,
                               "%s%s", o->len ? " " : "", c->id);
    return 0;
}

/* store.h, Order: byte order, not a locale's: upper case before lower,
 * and UTF-8 after ASCII. */
static void
test_scans_return_text_keys_in_byte_order(void **state)
{
    static const char *const ids[] = { "b", "\xc3\xa9", "B", "a", "A10",
                                       "A9", "_" };
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    struct order o = { .len = 0 };

    for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
        add_customer(st, ids[i]);
    assert_int_equal(st->ops->customers_scan(st, on_order_customer, &o,
                                             &err),
                     0);
    assert_string_equal(o.ids, "A10 A9 B _ a b \xc3\xa9");
    store_close(st);
}

static int
on_terms(void *ctx, const struct customer *c, struct dun_err *err)
{
    struct sbuf *out = ctx;

    (void)err;
    sbuf_addf(out, "%s %s %d %s%s;", c->id, c->currency, c->terms_days,
              c->name ? c->name : "-", c->email ? c->email : "-");
    return 0;
}

/* customer_terms_scan: the importer's directory, in byte order, with the
 * currency and terms of each and nothing else of the record. */
static void
test_the_terms_scan_gives_id_currency_and_terms_only(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct dun_err err = DUN_ERR_INIT;
    struct store_stamp sp = { 0, 0 };
    struct customer c[] = {
        { .id = "b", .name = "Bee Ltd", .email = "ap@bee.example",
          .terms_days = 14, .currency = "GBP" },
        { .id = "A9", .name = "Ay", .terms_days = 60, .currency = "USD" },
        { .id = "A10", .name = "Ay Ten", .terms_days = 0,
          .currency = "EUR" },
    };
    struct sbuf out = SBUF_INIT;

    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++)
        assert_int_equal(st->ops->customer_insert(st, &c[i], &sp, &err), 1);
    assert_int_equal(st->ops->customer_terms_scan(st, on_terms, &out, &err),
                     0);
    assert_string_equal(out.buf, "A10 EUR 0 --;A9 USD 60 --;b GBP 14 --;");
    sbuf_release(&out);
    store_close(st);
}

static void
test_open_names_a_tenant_the_database_lacks(void **state)
{
    struct scratch *sc = *state;
    struct dun_err err = DUN_ERR_INIT;
    char want[128];

    store_close(open_ok(sc->db, "default", 1));
    assert_null(store_open(sc->db, "acme", 0, &err));
    assert_int_equal(err.code, DUN_E_NOTFOUND);
    snprintf(want, sizeof(want), "%s: no tenant 'acme' in the database",
             sc->db);
    assert_string_equal(err.msg, want);
}

static void
test_open_without_a_database_fails(void **state)
{
    struct scratch *sc = *state;
    struct dun_err err = DUN_ERR_INIT;

    assert_null(store_open(sc->db, "default", 0, &err));
    assert_int_equal(err.code, DUN_E_NOTFOUND);
    assert_int_not_equal(access(sc->db, F_OK), 0);
}

/* Creating adds the tenant; its rows and its numbering are its own. */
static void
test_create_adds_a_tenant_that_sees_only_its_rows(void **state)
{
    struct scratch *sc = *state;
    struct arena a = ARENA_INIT;
    struct store *def = open_ok(sc->db, "default", 1);
    struct store *acme;
    int64_t def_id = def->tenant_id;

    assert_int_equal(add_policy(def, "[default]\n"), 1);
    assert_int_equal(add_policy(def, "[default 2]\n"), 2);
    acme = open_ok(sc->db, "acme", 1);
    assert_int_not_equal(acme->tenant_id, def_id);
    assert_string_equal(latest_policy(acme, &a), "");
    assert_int_equal(add_policy(acme, "[acme]\n"), 1);
    store_close(acme);

    acme = open_ok(sc->db, "acme", 0); /* now it exists */
    assert_string_equal(latest_policy(acme, &a), "[acme]\n");
    assert_string_equal(latest_policy(def, &a), "[default 2]\n");
    store_close(acme);
    store_close(def);
    def = open_ok(sc->db, "default", 0);
    assert_int_equal(def->tenant_id, def_id);
    store_close(def);
    arena_release(&a);
}

/* What collect_scan tells of each customer, as a list of lines. */
static int
on_collected(void *ctx, const struct store_collect *c, struct dun_err *err)
{
    struct sbuf *out = ctx;
    const struct customer *r = c->customer;

    (void)err;
    sbuf_addf(out, "%s %s/%s kind %d email %d phone %d post %d",
              c->balances->customer_id, c->country, c->region, (int)c->kind,
              c->has_email, c->has_phone, c->has_post);
    if (r)
        sbuf_addf(out, " record %s|%s|%s|%s|%s|%s|%s|%s|%d|%lld|%s|%s",
                  r->id, r->name, r->email, r->address, r->postal_code,
                  r->city, r->language, r->contact_name, r->terms_days,
                  (long long)r->credit_limit, r->currency,
                  r->kind == CUSTOMER_CONSUMER ? "consumer" : "other");
    sbuf_addch(out, '\n');
    return 0;
}

static void
test_the_collect_scan_reads_records_when_asked(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1);
    struct customer c = {
        .id = "C1", .name = "Anna Schmidt", .email = "anna@example.de",
        .phone = "", .address = "Hauptstr. 1", .city = "Berlin",
        .postal_code = "10115", .country = "DE", .region = "",
        .language = "de", .terms_days = 14, .credit_limit = 50000,
        .currency = "EUR", .kind = CUSTOMER_CONSUMER,
        .contact_name = "Anna" };
    struct store_stamp sp = { 0, 0 };
    struct dun_err err = DUN_ERR_INIT;
    struct sbuf out = SBUF_INIT;

    assert_int_equal(st->ops->customer_insert(st, &c, &sp, &err), 1);
    add_customer(st, "C2");
    assert_int_equal(st->ops->collect_scan(st, STORE_COLLECT_ALL,
                                           on_collected, &out, &err),
                     0);
    assert_string_equal(out.buf,
                        "C1 DE/ kind 2 email 1 phone 0 post 1\n"
                        "C2 / kind 0 email 0 phone 0 post 0\n");
    sbuf_reset(&out);
    assert_int_equal(st->ops->collect_scan(st, STORE_COLLECT_ALL |
                                                   STORE_COLLECT_RECORDS,
                                           on_collected, &out, &err),
                     0);
    assert_string_equal(out.buf,
                        "C1 DE/ kind 2 email 1 phone 0 post 1 record "
                        "C1|Anna Schmidt|anna@example.de|Hauptstr. 1|10115|"
                        "Berlin|de|Anna|14|50000|EUR|consumer\n"
                        "C2 / kind 0 email 0 phone 0 post 0 record "
                        "C2|C2|||||||30|0|EUR|other\n");
    sbuf_release(&out);
    store_close(st);
}

static int
put_invoice(struct store *st, const char *number, const char *customer)
{
    struct invoice inv = {
        .number = number, .customer_id = customer, .type = INVOICE_PLAIN,
        .applies_to = "", .issue_date = date_from_iso("2026-05-01"),
        .due_date = date_from_iso("2026-05-31"), .currency = "EUR",
        .total = 10000, .description = "",
    };
    struct store_stamp sp = { 1, 2 };
    struct dun_err err = DUN_ERR_INIT;
    int rc = st->ops->invoice_insert(st, &inv, &sp, &err);

    if (rc < 0)
        fail_msg("invoice_insert %s: %s", number, err.msg);
    return rc;
}

static struct payment
payment_of(const char *id, const char *customer, int64_t amount)
{
    return (struct payment){
        .id = id, .date = date_from_iso("2026-05-20"),
        .customer_id = customer, .invoice_number = "", .amount = amount,
        .currency = "EUR", .method = "", .reference = "",
    };
}

/* Whose the document called key is ("" if nobody's): invoice_get, or
 * payment_get with payment set. */
static const char *
owner_of(struct store *st, const char *key, int payment, struct arena *a)
{
    struct dun_err err = DUN_ERR_INIT;
    struct invoice inv;
    struct payment p;
    int rc = payment ? st->ops->payment_get(st, key, &p, NULL, a, &err)
                     : st->ops->invoice_get(st, key, &inv, NULL, a, &err);

    if (rc < 0)
        fail_msg("get %s: %s", key, err.msg);
    return rc == 0 ? "" : payment ? p.customer_id : inv.customer_id;
}

/* How many disputes docs_load gives C1. */
static size_t
disputes_of_c1(struct store *st, struct arena *a)
{
    struct store_docs docs = {0};
    struct dun_err err = DUN_ERR_INIT;
    size_t n;

    if (st->ops->docs_load(st, "C1", &docs, a, &err) < 0)
        fail_msg("docs_load: %s", err.msg);
    n = docs.ndisp;
    store_docs_release(&docs);
    return n;
}

static void
open_dispute(struct store *st, const char *number)
{
    struct store_dispute d = { .invoice_number = number,
                               .opened_on = date_from_iso("2026-06-02"),
                               .reason = "not delivered",
                               .resolved_on = DATE_INVALID };
    struct dun_err err = DUN_ERR_INIT;

    if (st->ops->dispute_open(st, "C1", &d, &err) != 1)
        fail_msg("dispute_open %s: %s", number, err.msg);
}

/* A transaction that found the tenant without disputes asks no more
 * (store_sqlite.h, no_disputes), yet sees one opened in it, and the next
 * one sees one another handle opened in between. */
static void
test_documents_come_with_disputes_opened_since(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1), *other;
    struct dun_err err = DUN_ERR_INIT;
    struct arena a = ARENA_INIT;

    add_customer(st, "C1");
    assert_int_equal(put_invoice(st, "INV-1", "C1"), 1);
    /* None, then one opened in the same transaction. */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(disputes_of_c1(st, &a), 0);
    open_dispute(st, "INV-1");
    assert_int_equal(disputes_of_c1(st, &a), 1);
    assert_int_equal(store_commit(st, &err), 0);
    assert_int_equal(disputes_of_c1(st, &a), 1);
    store_close(st);
    /* None, then one another handle opened between two transactions
     * (another tenant: none of its own yet). */
    st = open_ok(sc->db, "t2", 1);
    other = open_ok(sc->db, "t2", 0);
    add_customer(st, "C1");
    assert_int_equal(put_invoice(st, "INV-1", "C1"), 1);
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(disputes_of_c1(st, &a), 0);
    assert_int_equal(store_commit(st, &err), 0);
    open_dispute(other, "INV-1");
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(disputes_of_c1(st, &a), 1);
    store_rollback(st);
    store_close(other);
    store_close(st);
    arena_release(&a);
}

/* An invoice number and a payment id are the tenant's once, found
 * without their customer, in a transaction and out of one, by this
 * handle and another; a rollback forgets them. */
static void
test_document_keys_are_the_tenants_once(void **state)
{
    struct scratch *sc = *state;
    struct store *st = open_ok(sc->db, "default", 1), *other;
    struct store_stamp sp = { 1, 3 };
    struct dun_err err = DUN_ERR_INIT;
    struct arena a = ARENA_INIT;
    struct payment p = payment_of("P1", "C1", 500);

    add_customer(st, "C1");
    add_customer(st, "C2");
    /* Outside a transaction: written at once. */
    assert_int_equal(put_invoice(st, "INV-1", "C1"), 1);
    assert_int_equal(put_invoice(st, "INV-1", "C2"), 0);
    assert_int_equal(put_invoice(st, "INV-1", "C1"), 0);
    assert_string_equal(owner_of(st, "INV-1", 0, &a), "C1");
    assert_string_equal(owner_of(st, "INV-9", 0, &a), "");
    /* In one: seen at once by this handle, by others after the commit. */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(put_invoice(st, "INV-2", "C2"), 1);
    assert_int_equal(put_invoice(st, "INV-2", "C1"), 0);
    assert_int_equal(st->ops->payment_insert(st, &p, &sp, &err), 1);
    p.amount = 700;
    assert_int_equal(st->ops->payment_insert(st, &p, &sp, &err), 0);
    assert_string_equal(owner_of(st, "INV-2", 0, &a), "C2");
    assert_string_equal(owner_of(st, "P1", 1, &a), "C1");
    assert_int_equal(store_commit(st, &err), 0);
    other = open_ok(sc->db, "default", 0);
    assert_string_equal(owner_of(other, "INV-2", 0, &a), "C2");
    assert_string_equal(owner_of(other, "P1", 1, &a), "C1");
    /* A payment moved to another customer is found there, once. */
    assert_int_equal(store_begin(st, &err), 0);
    p.customer_id = "C2";
    assert_int_equal(st->ops->payment_update(st, &p, &sp, &err), 0);
    assert_string_equal(owner_of(st, "P1", 1, &a), "C2");
    assert_int_equal(store_commit(st, &err), 0);
    assert_string_equal(owner_of(other, "P1", 1, &a), "C2");
    {
        struct payment got;
        int64_t n1 = 0, n2 = 0;

        assert_int_equal(st->ops->payment_get(st, "P1", &got, NULL, &a, &err),
                         1);
        assert_int_equal(got.amount, 700);
        /* C1 keeps INV-1 only; C2 has INV-2 and the payment. */
        assert_int_equal(st->ops->docs_count(st, "C1", &n1, &err), 0);
        assert_int_equal(st->ops->docs_count(st, "C2", &n2, &err), 0);
        assert_int_equal(n1, 1);
        assert_int_equal(n2, 2);
    }
    /* A rollback forgets the keys with the rows. */
    assert_int_equal(store_begin(st, &err), 0);
    assert_int_equal(put_invoice(st, "INV-3", "C1"), 1);
    store_rollback(st);
    assert_string_equal(owner_of(st, "INV-3", 0, &a), "");
    assert_int_equal(put_invoice(other, "INV-3", "C2"), 1);
    assert_string_equal(owner_of(st, "INV-3", 0, &a), "C2");
    /* Another tenant's numbers are its own. */
    store_close(other);
    other = open_ok(sc->db, "other", 1);
    add_customer(other, "C1");
    assert_string_equal(owner_of(other, "INV-1", 0, &a), "");
    assert_int_equal(put_invoice(other, "INV-1", "C1"), 1);
    store_close(other);
    store_close(st);
    arena_release(&a);
}

/* The migrations that made the buckets and the packs fill them from the
 * documents of every tenant, and the tables and indexes they replace are
 * gone. */
static void
test_document_keys_are_built_from_the_documents(void **state)
{
    struct scratch *sc = *state;
    static const char *const rows =
        "INSERT INTO tenant(tenant_id, name) VALUES (2, 'two');"
        "INSERT INTO customer(tenant_id, id, name, terms_days, currency)"
        "  VALUES (1, 'C1', 'A', 30, 'EUR'), (1, 'C2', 'B', 30, 'EUR'),"
        "  (2, 'C1', 'C', 30, 'EUR');"
        "INSERT INTO invoice(tenant_id, customer_id, number, type,"
        "  issue_date, due_date, currency, total) VALUES"
        "  (1, 'C1', 'INV-1', 'invoice', 20260501, 20260531, 'EUR', 100),"
        "  (1, 'C2', 'INV-2', 'invoice', 20260501, 20260531, 'EUR', 100),"
        "  (2, 'C1', 'INV-2', 'invoice', 20260501, 20260531, 'EUR', 100);"
        "INSERT INTO payment(tenant_id, customer_id, id, date, amount,"
        "  currency) VALUES (1, 'C2', 'P1', 20260510, 50, 'EUR'),"
        "  (2, 'C1', 'P1', 20260510, 60, 'EUR');"
        "PRAGMA user_version = 17;";
    struct arena a = ARENA_INIT;
    struct store *st;

    make_version(sc->db, 17, rows);
    st = open_ok(sc->db, "default", 0);
    assert_string_equal(owner_of(st, "INV-1", 0, &a), "C1");
    assert_string_equal(owner_of(st, "INV-2", 0, &a), "C2");
    assert_string_equal(owner_of(st, "P1", 1, &a), "C2");
    assert_int_equal(put_invoice(st, "INV-2", "C1"), 0);
    store_close(st);
    st = open_ok(sc->db, "two", 0);
    assert_string_equal(owner_of(st, "INV-1", 0, &a), "");
    assert_string_equal(owner_of(st, "INV-2", 0, &a), "C1");
    assert_string_equal(owner_of(st, "P1", 1, &a), "C1");
    store_close(st);
    /* The documents themselves moved into packs, every field kept; the
     * tables they were rows of are gone. */
    st = open_ok(sc->db, "default", 0);
    {
        struct dun_err err = DUN_ERR_INIT;
        struct invoice inv;
        struct payment p;
        struct store_stamp sp;

        assert_int_equal(st->ops->invoice_get(st, "INV-2", &inv, &sp, &a,
                                              &err), 1);
        assert_string_equal(inv.customer_id, "C2");
        assert_int_equal(inv.issue_date, date_from_iso("2026-05-01"));
        assert_int_equal(inv.due_date, date_from_iso("2026-05-31"));
        assert_int_equal(inv.total, 100);
        assert_string_equal(inv.currency, "EUR");
        assert_int_equal(inv.type, INVOICE_PLAIN);
        assert_int_equal(st->ops->payment_get(st, "P1", &p, &sp, &a, &err),
                         1);
        assert_int_equal(p.amount, 50);
        assert_int_equal(p.date, date_from_iso("2026-05-10"));
    }
    store_close(st);
    assert_int_equal(sql_int(sc->db, "SELECT count(*) FROM sqlite_master "
                                     "WHERE name IN ('invoice_number', "
                                     "'payment_id', 'invoice', 'payment')"),
                     0);
    assert_int_equal(sql_int(sc->db, "SELECT count(*) FROM doc_pack"), 3);
    /* The buckets as version 2 writes them (0, 2, a count, then each
     * key and its customer): INV-1 and INV-2 share one, of 19 bytes, and
     * P1 has one of 10, in the first tenant; 13 + 10 in the second. */
    assert_int_equal(sql_int(sc->db, "SELECT sum(length(value)) FROM "
                                     "doc_key"),
                     52);
    arena_release(&a);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_open_names_a_tenant_the_database_lacks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_without_a_database_fails,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_create_adds_a_tenant_that_sees_only_its_rows, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_two_handles_taking_turns_get_distinct_numbers, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_numbers_not_used_are_given_back,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_existing_databases_keep_their_numbering, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_outbox_copy_keeps_messages_and_what_refers_to_them,
            setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_migration_leaving_dangling_rows_changes_nothing, setup,
            teardown),
        cmocka_unit_test_setup_teardown(test_a_scan_inside_a_scan_fails,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_writes_inside_a_scan_need_the_callers_transaction, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_one_message_may_be_read_inside_the_outbox_list, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_scans_return_text_keys_in_byte_order, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_the_terms_scan_gives_id_currency_and_terms_only, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_the_collect_scan_reads_records_when_asked, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_packed_bodies_read_back_either_way, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_checked_transactions_end_with_the_store_checking_again,
            setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_a_load_writes_once_and_leaves_the_file_in_wal, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_a_busy_database_says_another_process_writes, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_document_keys_are_the_tenants_once, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_documents_come_with_disputes_opened_since, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_document_keys_are_built_from_the_documents, setup,
            teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
