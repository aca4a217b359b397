/*
 * bounces.c - delivery status notifications matched to sent messages;
 * see bounces.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/bounces.h"
#include "app/delivery.h"
#include "app/outbox.h"
#include "core/message_state.h"
#include "io/dsn.h"
#include "io/mailsource.h"
#include "store/store.h"


struct reader {
    struct app *app;
    bounce_cb *cb;
    void *ctx;
    struct bounce_summary *sum;
    const char *token; /* NULL: nothing was ever sent */
    struct arena arena, scratch;
};

static int
tell(struct reader *r, const struct bounce_item *it, struct dun_err *err)
{
    return r->cb ? r->cb(r->ctx, it, err) : 0;
}

/* The outbox number in a Message-ID dun made, "dun.SEQ.TOKEN@DOMAIN",
 * when TOKEN is this database's; else 0. */
static int64_t
our_seq(const char *id, const char *token)
{
    const char *p = id, *dot;
    char *end;
    long long seq;
    size_t tl;

    if (token == NULL || strncmp(p, "dun.", 4) != 0)
        return 0;
    seq = strtoll(p + 4, &end, 10);
    if (end == p + 4 || *end != '.' || seq < 1)
        return 0;
    dot = end + 1;
    tl = strlen(token);
    if (strncmp(dot, token, tl) != 0 || dot[tl] != '@')
        return 0;
    return seq;
}

static int
one_recipient(struct reader *r, const char *where, const struct message *m,
              const struct dsn_recipient *rc, struct dun_err *err)
{
    struct bounce_item it = { where, m->seq, rc->final_recipient,
                              rc->action, rc->status, "", rc->diagnostic };
    int status = message_status_parse(m->status);

    if (strcmp(rc->action, "failed") != 0) {
        it.outcome = strcmp(rc->action, "delayed") == 0
                         ? "delayed: no change"
                         : "no change";
        r->sum->delayed += strcmp(rc->action, "delayed") == 0;
        return tell(r, &it, err);
    }
    if (status == MSG_BOUNCED) {
        it.outcome = "already bounced";
        return tell(r, &it, err);
    }
    if (status != MSG_SENT) {
        it.outcome = "not sent";
        return tell(r, &it, err);
    }
    {
        char detail[700];
        struct delivery_step step = {
            .to = MSG_BOUNCED, .attempts = m->attempts, .actor = "bounces",
            .detail = detail,
            .address_bad = delivery_address_refused(rc->status) };
        int moved;

        snprintf(detail, sizeof(detail), "%s %s%s%s (report: %s)",
                 rc->action, rc->status, rc->diagnostic[0] ? ": " : "",
                 rc->diagnostic, where);
        if ((moved = delivery_move(r->app, m, &step, &r->scratch, err)) < 0)
            return -1;
        it.outcome = moved ? "bounced" : "already bounced";
        r->sum->bounced += moved;
    }
    return tell(r, &it, err);
}

static int
on_message(void *ctx, const char *where, const char *msg, size_t len,
           struct dun_err *err)
{
    struct reader *r = ctx;
    struct bounce_item it = { where, 0, "", "", "", "", "" };
    struct dun_err why = DUN_ERR_INIT;
    struct dsn d;
    struct message m;
    int64_t seq;
    int matched = 0;

    arena_reset(&r->arena);
    r->sum->messages++;
    if (dsn_parse(msg, len, &d, &r->arena, &why) < 0) {
        it.outcome = "unreadable";
        it.detail = why.msg;
        return tell(r, &it, err);
    }
    if (!d.is_dsn) {
        it.outcome = "not a report";
        return tell(r, &it, err);
    }
    r->sum->reports++;
    seq = our_seq(d.original_message_id, r->token);
    if (seq == 0) {
        r->sum->unmatched++;
        it.outcome = "not ours";
        it.detail = d.original_message_id;
        return tell(r, &it, err);
    }
    it.seq = seq;
    if (outbox_get(r->app, seq, &m, &r->arena, &why) < 0) {
        r->sum->unmatched++;
        it.outcome = "no such message";
        return tell(r, &it, err);
    }
    /* The report speaks of this message's recipient, or of no one we
     * wrote to. */
    for (size_t i = 0; i < d.nrcpt; i++) {
        const struct dsn_recipient *rc = &d.rcpt[i];

        if (strcasecmp(rc->final_recipient, m.recipient) != 0 &&
            strcasecmp(rc->original_recipient, m.recipient) != 0)
            continue;
        matched = 1;
        if (one_recipient(r, where, &m, rc, err) < 0)
            return -1;
    }
    if (!matched) {
        r->sum->unmatched++;
        it.outcome = "not ours";
        it.detail = "the report names another recipient";
        return tell(r, &it, err);
    }
    return 0;
}

int
bounces_import(struct app *app, const char *const *paths, size_t n,
               bounce_cb *cb, void *ctx, struct bounce_summary *sum,
               struct dun_err *err)
{
    struct reader r = { .app = app, .cb = cb, .ctx = ctx, .sum = sum };
    struct arena a = ARENA_INIT;
    const char *token;
    int rc = 0;

    memset(sum, 0, sizeof(*sum));
    if (app->st->ops->config_get(app->st, DELIVERY_TOKEN_KEY, &token, &a,
                                 err) < 0)
        return -1;
    r.token = token;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = mail_source_scan(paths[i], on_message, &r, err);
    arena_release(&a);
    arena_release(&r.arena);
    arena_release(&r.scratch);
    return rc;
}
