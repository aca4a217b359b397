/*
 * outbox.c - re-rendering the outbox; see outbox.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/letters.h"
#include "app/outbox.h"
#include "store/store.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/message_state.h"
#include "core/xalloc.h"
#include "render/json.h"
#include "render/mime.h"
#include "render/template_set.h"
#include "io/textfile.h"

struct verify {
    struct app *app;
    struct store *st;
    void (*mismatch)(void *ctx, int64_t seq);
    void *ctx;
    struct outbox_check *out;
    struct letter letter;
    struct outbox_sets sets;
};

struct template_set *
outbox_set(struct app *app, struct outbox_sets *c, int64_t id,
           struct dun_err *err)
{
    struct arena a = ARENA_INIT;
    struct template_set *set = NULL;
    const void *src;
    size_t len;
    char name[48];
    int rc;

    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].id == id)
            return c->v[i].set;
    snprintf(name, sizeof(name), "template set %lld", (long long)id);
    rc = app->st->ops->template_set_get(app->st, id, &a, &src, &len, err);
    if (rc == 0)
        dun_err_set(err, DUN_E_NOTFOUND, "%s is missing", name);
    if (rc == 1 && template_set_parse(&set, name, src, len, err) == 0) {
        if (c->n == c->cap) {
            c->cap = c->cap ? c->cap * 2 : 8;
            c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
        }
        c->v[c->n].id = id;
        c->v[c->n++].set = set;
    }
    arena_release(&a);
    return set;
}

void
outbox_sets_release(struct outbox_sets *c)
{
    for (size_t i = 0; i < c->n; i++)
        template_set_free(c->v[i].set);
    free(c->v);
    memset(c, 0, sizeof(*c));
}

static int
verify_one(void *ctx, const struct message *m, struct dun_err *err)
{
    struct verify *v = ctx;
    struct template_set *set = NULL;
    int email = strcmp(m->channel, "email") == 0, same;
    struct letter *l = &v->letter;

    if (m->template_set &&
        (set = outbox_set(v->app, &v->sets, m->template_set, err)) == NULL)
        return -1;
    if (letter_rerender(set, m->language, m->template_name,
                        email ? CHANNEL_EMAIL : CHANNEL_LETTER, m->inputs,
                        strlen(m->inputs), l, err) < 0)
        return -1;
    same = strcmp(l->subject.buf, m->subject) == 0 &&
           strcmp(email ? l->text.buf : l->letter.buf, m->body) == 0 &&
           strcmp(email ? l->html.buf : "", m->html) == 0;
    v->out->checked++;
    if (!same) {
        v->out->mismatched++;
        if (v->mismatch)
            v->mismatch(v->ctx, m->seq);
    }
    return 0;
}

static int passes(const struct outbox_filter *f, int32_t as_of,
                  const struct message *m);

/* The sequence numbers of every message, oldest first: collected before
 * reading any message whole, so that no store call runs inside a scan. */
struct seqs {
    int64_t *v;
    size_t n, cap;
    const struct outbox_filter *filter; /* NULL: every message */
    int32_t as_of;
};

static int
on_seq(void *ctx, const struct message *m, struct dun_err *err)
{
    struct seqs *q = ctx;

    (void)err;
    if (q->filter && !passes(q->filter, q->as_of, m))
        return 0;
    if (q->n == q->cap) {
        q->cap = q->cap ? q->cap * 2 : 256;
        q->v = xreallocarray(q->v, q->cap, sizeof(*q->v));
    }
    q->v[q->n++] = m->seq;
    return 0;
}

static const char *
copy_str(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

struct message_copy {
    struct message *m;
    struct arena *a;
    int found;
};

static int
on_copy(void *ctx, const struct message *m, struct dun_err *err)
{
    struct message_copy *c = ctx;
    struct message *o = c->m;

    (void)err;
    *o = *m;
    o->customer_id = copy_str(c->a, m->customer_id);
    o->stage = copy_str(c->a, m->stage);
    o->channel = copy_str(c->a, m->channel);
    o->recipient = copy_str(c->a, m->recipient);
    o->language = copy_str(c->a, m->language);
    o->template_name = copy_str(c->a, m->template_name);
    o->subject = copy_str(c->a, m->subject);
    o->body = copy_str(c->a, m->body);
    o->html = copy_str(c->a, m->html);
    o->inputs = copy_str(c->a, m->inputs);
    o->timezone = copy_str(c->a, m->timezone);
    o->status = copy_str(c->a, m->status);
    c->found = 1;
    return 0;
}

int
outbox_get(struct app *app, int64_t seq, struct message *out,
           struct arena *a, struct dun_err *err)
{
    struct message_copy c = { out, a, 0 };

    if (seq < 1)
        return dun_err_set(err, DUN_E_NOTFOUND, "no message %lld",
                           (long long)seq);
    if (app->st->ops->outbox_scan(app->st, seq, on_copy, &c, err) < 0)
        return -1;
    if (!c.found)
        return dun_err_set(err, DUN_E_NOTFOUND, "no message %lld",
                           (long long)seq);
    return 0;
}

int
outbox_show(struct app *app, int64_t seq, struct message *out,
            struct arena *a, struct dun_err *err)
{
    struct outbox_sets sets = { 0 };
    struct template_set *set;
    struct value *data;
    struct sbuf json = SBUF_INIT;
    int rc = -1;

    if (outbox_get(app, seq, out, a, err) < 0)
        return -1;
    if (out->template_set == 0 || out->inputs == NULL)
        return 0;
    if ((set = outbox_set(app, &sets, out->template_set, err)) != NULL &&
        letter_message_data(a, set, out->language, out->inputs,
                            strlen(out->inputs), &data, err) == 0) {
        json_write(data, &json);
        out->inputs = arena_strndup(a, json.buf, json.len);
        rc = 0;
    }
    sbuf_release(&json);
    outbox_sets_release(&sets);
    return rc;
}

/* A message dated after the as-of date had not been written yet on it. */
static int
passes(const struct outbox_filter *f, int32_t as_of, const struct message *m)
{
    return m->date <= as_of &&
           (f->since == DATE_INVALID || m->date >= f->since) &&
           (f->status < 0 ||
            strcmp(m->status, message_status_name(f->status)) == 0);
}

struct list_filter {
    struct outbox_filter f;
    int32_t as_of;
    outbox_message_cb *cb;
    void *ctx;
};

static int
on_listed(void *ctx, const struct message *m, struct dun_err *err)
{
    struct list_filter *lf = ctx;

    return passes(&lf->f, lf->as_of, m) ? lf->cb(lf->ctx, m, err) : 0;
}

int
outbox_list(struct app *app, struct outbox_filter f, outbox_message_cb *cb,
            void *ctx, struct dun_err *err)
{
    struct list_filter lf = { f, app->as_of, cb, ctx };

    return app->st->ops->outbox_scan(app->st, 0, on_listed, &lf, err);
}

int
outbox_each(struct app *app, const struct outbox_filter *f,
             int (*fn)(void *ctx, const struct message *m,
                       struct dun_err *err),
             void *ctx, struct dun_err *err)
{
    struct seqs q = { NULL, 0, 0, f, app->as_of };
    struct arena a = ARENA_INIT;
    int rc = app->st->ops->outbox_scan(app->st, 0, on_seq, &q, err);

    for (size_t i = 0; rc == 0 && i < q.n; i++) {
        struct message m;

        arena_reset(&a);
        rc = outbox_get(app, q.v[i], &m, &a, err);
        if (rc == 0)
            rc = fn(ctx, &m, err);
    }
    arena_release(&a);
    free(q.v);
    return rc;
}

int
outbox_verify(struct app *app, void (*mismatch)(void *ctx, int64_t seq),
              void *ctx, struct outbox_check *out, struct dun_err *err)
{
    struct store *st = app->st;
    struct verify v = { .app = app, .st = st, .mismatch = mismatch,
                        .ctx = ctx, .out = out };
    int rc;

    memset(out, 0, sizeof(*out));
    letter_init(&v.letter);
    rc = outbox_each(app, NULL, verify_one, &v, err);
    letter_release(&v.letter);
    outbox_sets_release(&v.sets);
    return rc;
}

struct export {
    const char *dir;
    struct tenant tenant;
    int64_t written;
    int32_t as_of;
};

/* One message as a file: an e-mail as RFC 5322 (.eml), a letter as text. */
static int
export_one(void *ctx, const struct message *m, struct dun_err *err)
{
    struct export *x = ctx;
    struct sbuf data = SBUF_INIT;
    char path[4096], id[128];
    int rc;

    if (strcmp(m->channel, "email") == 0) {
        const char *at = strchr(x->tenant.email, '@');
        struct mime_message mm = {
            .from_name = x->tenant.name, .from_addr = x->tenant.email,
            .to_name = "", .to_addr = m->recipient, .subject = m->subject,
            .date = m->date, .at = m->send_after, .message_id = id,
            .text = m->body, .html = m->html };

        snprintf(id, sizeof(id), "dun-%lld@%s", (long long)m->seq,
                 at ? at + 1 : "dun.invalid");
        if (mime_email(&mm, &data, err) < 0) {
            sbuf_release(&data);
            return dun_err_prefix(err, "message %lld", (long long)m->seq);
        }
        snprintf(path, sizeof(path), "%s/%08lld.eml", x->dir,
                 (long long)m->seq);
    } else {
        sbuf_addstr(&data, m->body);
        snprintf(path, sizeof(path), "%s/%08lld-letter.txt", x->dir,
                 (long long)m->seq);
    }
    rc = textfile_write(path, data.buf, data.len, err);
    sbuf_release(&data);
    x->written += rc == 0;
    return rc;
}

int
outbox_export(struct app *app, const char *dir, struct outbox_filter f,
              int64_t *written, struct dun_err *err)
{
    struct export x = { .dir = dir, .as_of = app->as_of };
    struct arena a = ARENA_INIT;
    int rc;

    *written = 0;
    if (textfile_mkdir(dir, err) < 0)
        return -1;
    rc = app->st->ops->tenant_get(app->st, &x.tenant, &a, err);
    if (rc >= 0)
        rc = outbox_each(app, &f, export_one, &x, err);
    *written = x.written;
    arena_release(&a);
    return rc < 0 ? -1 : 0;
}

int
outbox_mark(struct app *app, const int64_t *seqs, size_t n, int to,
            const char *reason, struct dun_err *err)
{
    struct store *st = app->st;
    struct arena a = ARENA_INIT;
    int rc = -1;

    if (store_begin(st, err) < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct message m;
        int from;

        arena_reset(&a);
        if (outbox_get(app, seqs[i], &m, &a, err) < 0)
            goto out;
        from = message_status_parse(m.status);
        if (from < 0 || !message_status_may_move(m.channel, from, to)) {
            dun_err_set(err, DUN_E_INPUT, "message %lld is %s: %s that "
                        "is %s cannot become %s", (long long)m.seq, m.status,
                        strcmp(m.channel, "email") == 0 ? "an e-mail"
                                                        : "a letter",
                        m.status, message_status_name(to));
            goto out;
        }
        {
            struct store_message_move mv = {
                .seq = m.seq, .from = m.status,
                .to = message_status_name(to), .at = app->now,
                .actor = app->actor, .detail = reason,
                .attempts = m.attempts, .retry_at = 0 };

            if (st->ops->outbox_move(st, &mv, err) != 1) {
                if (err->code == DUN_E_OK)
                    dun_err_set(err, DUN_E_CONFLICT, "message %lld moved "
                                "meanwhile", (long long)m.seq);
                goto out;
            }
        }
    }
    rc = store_commit(st, err);
out:
    if (rc < 0)
        store_rollback(st);
    arena_release(&a);
    return rc;
}
