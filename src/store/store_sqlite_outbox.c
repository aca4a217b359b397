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
    O_SET_FIND,
    O_SET_ADD,
    O_SET_GET,
    O_DICT_FIND,
    O_DICT_ADD,
    O_DICT_GET,
    O_ADD,
    O_LIST,
    O_GET,
    O_PENDING,
    O_UNDELIVERED,
    O_COUNT
};

_Static_assert(O_COUNT <= LITE_OUTBOX_STMTS, "raise LITE_OUTBOX_STMTS");

#define MSG_COLS                                                          \
    "seq, customer_id, date, stage, channel, recipient, language, "       \
    "template, template_set, encoding, subject, send_after, "           \
    "send_before, timezone, status, attempts, retry_at, pack_dict"

/* tenant_profile's columns, in the order of tenant_fields. */
#define TENANT_COLS                                                       \
    "name, address, email, phone, iban, bic, bank, vat_id, timezone, "    \
    "language, legal_name, legal_form, register_court, register_number, " \
    "managing_directors, registered_office, share_capital, website, "     \
    "sort_code, account_number, ach_routing, ach_account, "               \
    "checks_payable_to, remit_to, country"

/* outbox.encoding */
enum { PLAIN = 0, PACKED = 1 };

static const char *const outbox_sql[O_COUNT] = {
    [O_TENANT_GET] = "SELECT " TENANT_COLS " FROM tenant_profile WHERE "
                     "tenant_id = ?1",
    /* Every column from ?2 on, in TENANT_COLS's order. */
    [O_TENANT_PUT] = "INSERT INTO tenant_profile(tenant_id, " TENANT_COLS
                     ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
                     "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,"
                     " ?22, ?23, ?24, ?25, ?26) ON CONFLICT DO UPDATE SET "
                     "name = ?2, address = ?3, email = ?4, phone = ?5, iban = ?6, "
                     "bic = ?7, bank = ?8, vat_id = ?9, timezone = ?10, "
                     "language = ?11, legal_name = ?12, legal_form = ?13, "
                     "register_court = ?14, register_number = ?15, "
                     "managing_directors = ?16, registered_office = ?17, "
                     "share_capital = ?18, website = ?19, sort_code = ?20, "
                     "account_number = ?21, ach_routing = ?22, ach_account "
                     "= ?23, checks_payable_to = ?24, remit_to = ?25, "
                     "country = ?26",
    [O_SET_FIND] = "SELECT id FROM template_set WHERE tenant_id = ?1 AND "
                   "digest = ?2",
    [O_SET_ADD] = "INSERT INTO template_set(tenant_id, id, digest, source) "
                  "VALUES (?1, ?4, ?2, ?3)",
    [O_SET_GET] = "SELECT source FROM template_set WHERE tenant_id = ?1 "
                  "AND id = ?2",
    [O_DICT_FIND] = "SELECT id FROM pack_dict WHERE tenant_id = ?1 AND "
                    "digest = ?2",
    [O_DICT_ADD] = "INSERT INTO pack_dict(tenant_id, id, digest, content) "
                   "VALUES (?1, ?4, ?2, ?3)",
    [O_DICT_GET] = "SELECT content FROM pack_dict WHERE tenant_id = ?1 AND "
                   "id = ?2",
    /* Nothing when the message is there already; a clash of seq is an
     * error, never a message silently dropped. */
    [O_ADD] = "INSERT INTO outbox(tenant_id, seq, customer_id, date, stage, "
              "channel, recipient, language, template, template_set, "
              "encoding, subject, body, html, inputs, send_after, "
              "send_before, timezone, pack_dict) VALUES (?1, ?15, ?2, ?3, "
              "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?16, ?17, "
              "?18, ?19) ON "
              "CONFLICT (tenant_id, customer_id, date, stage, channel) DO "
              "NOTHING",
    [O_LIST] = "SELECT " MSG_COLS " FROM outbox WHERE tenant_id = ?1 ORDER "
               "BY seq",
    /* The partial index outbox_on_the_way holds exactly these; SQLite
     * uses it when the query says its WHERE in the same words. */
    [O_PENDING] = "SELECT " MSG_COLS " FROM outbox WHERE tenant_id = ?1 "
                  "AND (status = 'planned' OR status = 'sending' OR "
                  "status = 'printed') ORDER BY seq",
    /* The partial index outbox_undelivered holds exactly these. */
    [O_UNDELIVERED] = "SELECT " MSG_COLS " FROM outbox WHERE tenant_id = "
                      "?1 AND (status = 'failed' OR status = 'bounced') "
                      "ORDER BY seq",
    [O_GET] = "SELECT " MSG_COLS ", body, html, inputs FROM outbox WHERE "
              "tenant_id = ?1 AND seq = ?2",
};

static sqlite3_stmt *
ostmt(struct store_sqlite *s, enum outbox_stmt id, struct dun_err *err)
{
    return sql_prepare(s, &s->outbox_stmt[id], outbox_sql[id], err);
}

/* The fields of t, in TENANT_COLS's order, into f (room for
 * TENANT_FIELDS). */
enum { TENANT_FIELDS = 25 };

static void
tenant_fields(struct tenant *t, const char **f[TENANT_FIELDS])
{
    const char **all[] = {
        &t->name, &t->address, &t->email, &t->phone, &t->iban, &t->bic,
        &t->bank, &t->vat_id, &t->timezone, &t->language, &t->legal_name,
        &t->legal_form, &t->register_court, &t->register_number,
        &t->managing_directors, &t->registered_office, &t->share_capital,
        &t->website, &t->sort_code, &t->account_number, &t->ach_routing,
        &t->ach_account, &t->checks_payable_to, &t->remit_to, &t->country,
    };

    _Static_assert(sizeof(all) / sizeof(all[0]) == TENANT_FIELDS,
                   "TENANT_FIELDS is tenant_profile's columns");
    memcpy(f, all, sizeof(all));
}

int
lite_tenant_get(struct store *st, struct tenant *out, struct arena *a,
                struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = ostmt(s, O_TENANT_GET, err);
    const char **f[TENANT_FIELDS];
    int rc;

    tenant_fields(out, f);
    for (size_t i = 0; i < TENANT_FIELDS; i++)
        *f[i] = "";
    if (q == NULL)
        return -1;
    if ((rc = sql_row(s, q, err, "read tenant")) != 1)
        return rc;
    for (size_t i = 0; i < TENANT_FIELDS; i++)
        *f[i] = sql_col_str(q, (int)i, a);
    sqlite3_reset(q);
    return 1;
}

int
lite_tenant_put(struct store *st, const struct tenant *t,
                struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    struct tenant copy = *t;
    const char **f[TENANT_FIELDS];
    sqlite3_stmt *q;

    if (sql_may_write(s, "tenant_put", err) < 0 ||
        (q = ostmt(s, O_TENANT_PUT, err)) == NULL)
        return -1;
    tenant_fields(&copy, f);
    /* sql_bind_text binds NULL as "". */
    for (size_t i = 0; i < TENANT_FIELDS; i++)
        sql_bind_text(q, (int)i + 2, *f[i]);
    return sql_exec(s, q, err, "write tenant");
}

/* The id of the row (table of statements find and add) holding bytes
 * with this SHA-256, adding it under the next number of counter c if it
 * is new. */
static int
put_by_digest(struct store_sqlite *s, enum outbox_stmt find,
              enum outbox_stmt add, enum sql_counter c,
              const unsigned char digest[32], const void *bytes,
              size_t len, int64_t *id, const char *what,
              struct dun_err *err)
{
    sqlite3_stmt *q;
    int rc;

    if (sql_may_write(s, what, err) < 0 ||
        (q = ostmt(s, find, err)) == NULL)
        return -1;
    sqlite3_bind_blob(q, 2, digest, 32, SQLITE_STATIC);
    if ((rc = sql_row(s, q, err, what)) < 0)
        return -1;
    if (rc == 1) {
        *id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
        return 0;
    }
    if (sql_counter_next(s, c, "", id, err) < 0 ||
        (q = ostmt(s, add, err)) == NULL)
        return -1;
    sqlite3_bind_blob(q, 2, digest, 32, SQLITE_STATIC);
    sqlite3_bind_blob(q, 3, len ? bytes : "", (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(q, 4, *id);
    return sql_exec(s, q, err, what);
}

int
lite_template_set_put(struct store *st, const unsigned char digest[32],
                      const void *source, size_t len, int64_t *id,
                      struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);

    if (put_by_digest(s, O_SET_FIND, O_SET_ADD, SQL_COUNTER_TEMPLATE,
                      digest, source, len, id, "write template set",
                      err) < 0)
        return -1;
    if (s->codec == NULL)
        s->codec = body_codec_new();
    body_codec_add(s->codec, *id, source, len);
    return 0;
}

int
lite_pack_dict_put(struct store *st, const unsigned char digest[32],
                   const void *content, size_t len, int64_t *id,
                   struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);

    if (put_by_digest(s, O_DICT_FIND, O_DICT_ADD, SQL_COUNTER_PACK_DICT,
                      digest, content, len, id, "write pack dictionary",
                      err) < 0)
        return -1;
    if (s->dicts == NULL)
        s->dicts = dict_codec_new();
    dict_codec_add(s->dicts, *id, content, len);
    return 0;
}

int
lite_template_set_get(struct store *st, int64_t id, struct arena *a,
                      const void **source, size_t *len, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q = ostmt(s, O_SET_GET, err);
    int rc;

    if (q == NULL)
        return -1;
    sqlite3_bind_int64(q, 2, id);
    if ((rc = sql_row(s, q, err, "read template set")) != 1)
        return rc;
    *len = (size_t)sqlite3_column_bytes(q, 0);
    /* A NUL follows the bytes; the blob of an empty set may be NULL. */
    *source = arena_strndup(a, *len ? sqlite3_column_blob(q, 0) : "", *len);
    sqlite3_reset(q);
    return 1;
}

/* The codec, with set id's dictionary loaded. */
static struct body_codec *
codec_for(struct store_sqlite *s, int64_t id, struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    const void *src;
    size_t len;
    int rc;

    if (s->codec == NULL)
        s->codec = body_codec_new();
    if (body_codec_has(s->codec, id))
        return s->codec;
    rc = lite_template_set_get(&s->base, id, &a, &src, &len, err);
    if (rc == 1)
        body_codec_add(s->codec, id, src, len);
    else if (rc == 0)
        dun_err_set(err, DUN_E_INTERNAL, "%s: template set %lld is missing",
                    s->path, (long long)id);
    arena_release(&a);
    return rc == 1 ? s->codec : NULL;
}

/* The run's codec, with pack dictionary id loaded. */
static struct dict_codec *
dicts_for(struct store_sqlite *s, int64_t id, struct dun_err *err)
{
    sqlite3_stmt *q;
    int rc;

    if (s->dicts == NULL)
        s->dicts = dict_codec_new();
    if (dict_codec_has(s->dicts, id))
        return s->dicts;
    if ((q = ostmt(s, O_DICT_GET, err)) == NULL)
        return NULL;
    sqlite3_bind_int64(q, 2, id);
    if ((rc = sql_row(s, q, err, "read pack dictionary")) < 0)
        return NULL;
    if (rc == 0) {
        dun_err_set(err, DUN_E_INTERNAL, "%s: pack dictionary %lld is "
                    "missing", s->path, (long long)id);
        return NULL;
    }
    dict_codec_add(s->dicts, id, sqlite3_column_blob(q, 0),
                   (size_t)sqlite3_column_bytes(q, 0));
    sqlite3_reset(q);
    return s->dicts;
}

/* Bind text as column i: packed with the set's dictionary, or plain. */
static int
bind_body(struct store_sqlite *s, sqlite3_stmt *q, int i, int64_t set,
          const char *text, struct sbuf *scratch, struct dun_err *err)
{
    struct body_codec *c;

    text = text ? text : "";
    if (set == 0) {
        sqlite3_bind_blob(q, i, text, (int)strlen(text), SQLITE_STATIC);
        return 0;
    }
    if ((c = codec_for(s, set, err)) == NULL ||
        body_codec_pack(c, set, text, strlen(text), scratch, err) < 0)
        return -1;
    sqlite3_bind_blob(q, i, scratch->len ? scratch->buf : "",
                      (int)scratch->len, SQLITE_TRANSIENT);
    return 0;
}

/* Bind bytes packed already as column i. */
static void
bind_packed(sqlite3_stmt *q, int i, const void *p, size_t n)
{
    sqlite3_bind_blob(q, i, n ? p : "", (int)n, SQLITE_STATIC);
}

static int
outbox_add(struct store *st, struct message *m,
           const struct store_packed *packed, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    int64_t seq;
    int rc;

    if (sql_may_write(s, "outbox_add", err) < 0 ||
        sql_counter_next(s, SQL_COUNTER_OUTBOX, "", &seq, err) < 0 ||
        (q = ostmt(s, O_ADD, err)) == NULL)
        return -1;
    sql_bind_text(q, 2, m->customer_id);
    sql_bind_date(q, 3, m->date);
    sql_bind_text(q, 4, m->stage);
    sql_bind_text(q, 5, m->channel);
    sql_bind_text(q, 6, m->recipient);
    sql_bind_text(q, 7, m->language);
    sql_bind_text(q, 8, m->template_name);
    if (m->template_set)
        sqlite3_bind_int64(q, 9, m->template_set);
    if (packed && packed->dict && m->template_set)
        sqlite3_bind_int64(q, 19, packed->dict);
    sqlite3_bind_int(q, 10, m->template_set ? PACKED : PLAIN);
    sql_bind_text(q, 11, m->subject);
    if (packed && m->template_set) {
        bind_packed(q, 12, packed->body, packed->body_len);
        bind_packed(q, 13, packed->html, packed->html_len);
    } else if (packed) {
        sqlite3_reset(q);
        return dun_err_set(err, DUN_E_INTERNAL, "store: packed bodies "
                           "without a template set");
    } else if (bind_body(s, q, 12, m->template_set, m->body, &s->packed,
                         err) < 0 ||
               bind_body(s, q, 13, m->template_set, m->html, &s->packed,
                         err) < 0) {
        sqlite3_reset(q);
        return -1;
    }
    /* The data packed like the bodies when the caller packed it: a
     * BLOB, where data kept as it is is TEXT (col_inputs reads both). */
    if (packed && packed->inputs && m->template_set)
        bind_packed(q, 14, packed->inputs, packed->inputs_len);
    else
        sql_bind_text(q, 14, m->inputs);
    sqlite3_bind_int64(q, 15, seq);
    if (m->send_after || m->send_before) {
        sqlite3_bind_int64(q, 16, m->send_after);
        sqlite3_bind_int64(q, 17, m->send_before);
    }
    sql_bind_text(q, 18, m->timezone);
    if ((rc = sql_insert(s, q, err, "write outbox")) == 1)
        m->seq = seq;
    else if (rc == 0 &&
             sql_counter_undo(s, SQL_COUNTER_OUTBOX, "", seq, err) < 0)
        return -1;
    return rc;
}

int
lite_outbox_add(struct store *st, struct message *m, struct dun_err *err)
{
    return outbox_add(st, m, NULL, err);
}

int
lite_outbox_add_packed(struct store *st, struct message *m,
                       const struct store_packed *packed,
                       struct dun_err *err)
{
    return outbox_add(st, m, packed, err);
}

/* Column i as text, unpacked if it is packed: against pack dictionary
 * dict if the run named one, else against the set's source. */
static const char *
col_body(struct store_sqlite *s, sqlite3_stmt *q, int i, int64_t set,
         int64_t dict, int encoding, struct arena *a, struct dun_err *err)
{
    const void *p = sqlite3_column_blob(q, i);
    size_t n = (size_t)sqlite3_column_bytes(q, i);
    struct body_codec *c;
    struct dict_codec *d;

    if (encoding == PLAIN)
        return arena_strndup(a, p ? p : "", n);
    if (dict) {
        if ((d = dicts_for(s, dict, err)) == NULL ||
            dict_codec_unpack(d, dict, p, n, &s->packed, err) < 0)
            return NULL;
    } else if ((c = codec_for(s, set, err)) == NULL ||
               body_codec_unpack(c, set, p, n, &s->packed, err) < 0) {
        return NULL;
    }
    return arena_strndup(a, s->packed.buf, s->packed.len);
}

/* The messages statement id selects (O_GET: seq, whole), each to cb. */
static int
scan_messages(struct store *st, enum outbox_stmt id, int64_t seq,
              store_message_cb *cb, void *ctx, struct dun_err *err)
{
    struct store_sqlite *s = sql_store(st);
    sqlite3_stmt *q;
    struct arena a = ARENA_INIT;
    int rc;

    if (sql_scan_enter(s, "outbox_scan", id == O_GET, err) < 0)
        return -1;
    if ((q = ostmt(s, id, err)) == NULL) {
        sql_scan_leave(s);
        return -1;
    }
    if (seq)
        sqlite3_bind_int64(q, 2, seq);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct message m = { 0 };
        int encoding;
        int64_t dict;

        arena_reset(&a);
        m.seq = sqlite3_column_int64(q, 0);
        m.customer_id = sql_col_str(q, 1, &a);
        m.date = sql_col_date(q, 2);
        m.stage = sql_col_str(q, 3, &a);
        m.channel = sql_col_str(q, 4, &a);
        m.recipient = sql_col_str(q, 5, &a);
        m.language = sql_col_str(q, 6, &a);
        m.template_name = sql_col_str(q, 7, &a);
        m.template_set = sqlite3_column_int64(q, 8);
        encoding = sqlite3_column_int(q, 9);
        m.subject = sql_col_str(q, 10, &a);
        m.send_after = sqlite3_column_int64(q, 11);
        m.send_before = sqlite3_column_int64(q, 12);
        m.timezone = sql_col_str(q, 13, &a);
        m.status = sql_col_str(q, 14, &a);
        m.attempts = sqlite3_column_int(q, 15);
        m.retry_at = sqlite3_column_int64(q, 16);
        dict = sqlite3_column_int64(q, 17);
        if (seq) {
            m.body = col_body(s, q, 18, m.template_set, dict, encoding, &a,
                              err);
            m.html = col_body(s, q, 19, m.template_set, dict, encoding, &a,
                              err);
            m.inputs = sqlite3_column_type(q, 20) == SQLITE_BLOB
                           ? col_body(s, q, 20, m.template_set, dict, PACKED,
                                      &a, err)
                           : sql_col_str(q, 20, &a);
            if (m.body == NULL || m.html == NULL || m.inputs == NULL) {
                rc = -1;
                break;
            }
        }
        if (cb(ctx, &m, err) < 0) {
            rc = -1;
            break;
        }
    }
    arena_release(&a);
    return sql_scan_end(s, q, rc, err, "read outbox");
}

int
lite_outbox_scan(struct store *st, int64_t seq, store_message_cb *cb,
                 void *ctx, struct dun_err *err)
{
    return scan_messages(st, seq ? O_GET : O_LIST, seq, cb, ctx, err);
}

int
lite_outbox_pending(struct store *st, store_message_cb *cb, void *ctx,
                    struct dun_err *err)
{
    return scan_messages(st, O_PENDING, 0, cb, ctx, err);
}

int
lite_outbox_undelivered(struct store *st, store_message_cb *cb, void *ctx,
                        struct dun_err *err)
{
    return scan_messages(st, O_UNDELIVERED, 0, cb, ctx, err);
}
