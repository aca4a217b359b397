/*
 * store_sqlite_outbox.c - the SQLite side of the outbox and of the
 * tenant's profile (who signs the messages).
 */
#include <string.h>

#include "store/sqlite_util.h"
#include "store/store_sqlite_outbox.h"

enum outbox_stmt {
    O_TENANT_GET,
    O_TENANT_PUT,
    O_ADD,
    O_LIST,
    O_GET,
    O_COUNT
};

_Static_assert(O_COUNT <= LITE_OUTBOX_STMTS, "raise LITE_OUTBOX_STMTS");

#define MSG_COLS                                                          \
    "seq, customer_id, date, stage, channel, recipient, language, "       \
    "template"

static const char *const outbox_sql[O_COUNT] = {
    [O_TENANT_GET] = "SELECT name, address, email, phone, iban, bic, bank, "
                     "vat_id FROM tenant_profile WHERE tenant_id = ?1",
    [O_TENANT_PUT] = "INSERT INTO tenant_profile(tenant_id, name, address, "
                     "email, phone, iban, bic, bank, vat_id) VALUES (?1, "
                     "?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO "
                     "UPDATE SET name = ?2, address = ?3, email = ?4, "
                     "phone = ?5, iban = ?6, bic = ?7, bank = ?8, "
                     "vat_id = ?9",
    [O_ADD] = "INSERT INTO outbox(tenant_id, seq, customer_id, date, stage, "
              "channel, recipient, language, template, subject, body, html, "
              "inputs) SELECT ?1, coalesce(max(seq), 0) + 1, ?2, ?3, ?4, ?5, "
              "?6, ?7, ?8, ?9, ?10, ?11, ?12 FROM outbox WHERE tenant_id = "
              "?1 ON CONFLICT DO NOTHING RETURNING seq",
    [O_LIST] = "SELECT " MSG_COLS ", subject FROM outbox WHERE tenant_id = "
               "?1 ORDER BY seq",
    [O_GET] = "SELECT " MSG_COLS ", subject, body, html, inputs FROM outbox "
              "WHERE tenant_id = ?1 AND seq = ?2",
};

static sqlite3_stmt *
ostmt(struct store_sqlite *s, enum outbox_stmt id, struct dun_err *err)
{
    return lite_prepare(s, &s->outbox_stmt[id], outbox_sql[id], err);
}

int
lite_tenant_get(struct store *st, struct store_tenant *out, struct arena *a,
                struct dun_err *err)
{
    struct store_sqlite *s = lite(st);
    sqlite3_stmt *q = ostmt(s, O_TENANT_GET, err);
    const char **f[] = { &out->name, &out->address, &out->email,
                         &out->phone, &out->iban, &out->bic, &out->bank,
                         &out->vat_id };
    int rc;

    for (size_t i = 0; i < 8; i++)
        *f[i] = "";
    if (q == NULL)
        return -1;
    if ((rc = row_stmt(s, q, err, "read tenant")) != 1)
        return rc;
    for (size_t i = 0; i < 8; i++)
        *f[i] = col_str(q, (int)i, a);
    sqlite3_reset(q);
    return 1;
}

int
lite_tenant_put(struct store *st, const struct store_tenant *t,
                struct dun_err *err)
{
    struct store_sqlite *s = lite(st);
    sqlite3_stmt *q = ostmt(s, O_TENANT_PUT, err);
    const char *f[] = { t->name, t->address, t->email, t->phone, t->iban,
                        t->bic, t->bank, t->vat_id };

    if (q == NULL)
        return -1;
    for (size_t i = 0; i < 8; i++)
        bind_text(q, (int)i + 2, f[i]);
    return exec_stmt(s, q, err, "write tenant");
}

int
lite_outbox_add(struct store *st, struct store_message *m,
                struct dun_err *err)
{
    struct store_sqlite *s = lite(st);
    sqlite3_stmt *q = ostmt(s, O_ADD, err);

    if (q == NULL)
        return -1;
    bind_text(q, 2, m->customer_id);
    bind_date(q, 3, m->date);
    bind_text(q, 4, m->stage);
    bind_text(q, 5, m->channel);
    bind_text(q, 6, m->recipient);
    bind_text(q, 7, m->language);
    bind_text(q, 8, m->template_name);
    bind_text(q, 9, m->subject);
    bind_text(q, 10, m->body);
    bind_text(q, 11, m->html);
    bind_text(q, 12, m->inputs);
    return insert_returning(s, q, err, "write outbox", &m->seq);
}

int
lite_outbox_scan(struct store *st, int64_t seq, store_message_cb *cb,
                 void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = lite(st);
    sqlite3_stmt *q = ostmt(s, seq ? O_GET : O_LIST, err);
    struct arena a = ARENA_INIT;
    int rc;

    if (q == NULL)
        return -1;
    if (seq)
        sqlite3_bind_int64(q, 2, seq);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct store_message m = { 0 };

        arena_reset(&a);
        m.seq = sqlite3_column_int64(q, 0);
        m.customer_id = col_str(q, 1, &a);
        m.date = col_date(q, 2);
        m.stage = col_str(q, 3, &a);
        m.channel = col_str(q, 4, &a);
        m.recipient = col_str(q, 5, &a);
        m.language = col_str(q, 6, &a);
        m.template_name = col_str(q, 7, &a);
        m.subject = col_str(q, 8, &a);
        if (seq) {
            m.body = col_str(q, 9, &a);
            m.html = col_str(q, 10, &a);
            m.inputs = col_str(q, 11, &a);
        }
        if (cb(ctx, &m, err) < 0) {
            rc = -1;
            break;
        }
    }
    sqlite3_reset(q);
    arena_release(&a);
    if (rc == -1)
        return -1;
    return rc == SQLITE_DONE ? 0 : db_fail(s, err, "read outbox");
}
