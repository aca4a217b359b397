/*
 * send.c - delivering the planned e-mails; see send.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "app/config.h"
#include "app/contents.h"
#include "app/delivery.h"
#include "app/outbox.h"
#include "app/print.h"
#include "app/send.h"
#include "app/stale.h"
#include "app/tenant.h"
#include "core/date.h"
#include "core/message_state.h"
#include "core/sbuf.h"
#include "core/xalloc.h"
#include "render/json.h"
#include "render/mime.h"
#include "render/template_set.h"
#include "send/smtp.h"
#include "store/store.h"

#define RETRY_LONGEST (4 * 3600) /* the longest wait between tries */
#define THREAD_MAX 10            /* earlier messages named in References */

struct sender {
    struct app *app;
    const struct send_opts *o;
    send_cb *cb;
    void *ctx;
    struct send_summary *sum;
    struct send_config cfg;
    struct tenant tenant;
    char password[1024];
    char token[MIME_TOKEN_MAX + 1];
    struct smtp_session *smtp;
    struct arena arena;   /* cfg, tenant */
    struct arena scratch; /* per message */
    int64_t handed;       /* messages given to the server */
    /* The template set of the last message checked (a send's messages
     * mostly share one), and which it is: stored id, or 0 and the
     * default set's language and template. */
    struct template_set *set;
    int64_t set_id;
    char set_key[96];
};

static int
tell(struct sender *s, int64_t seq, const char *customer,
     const char *recipient, const char *outcome, const char *detail,
     struct dun_err *err)
{
    struct send_item it = { seq, customer, recipient, outcome,
                            detail ? detail : "" };

    return s->cb ? s->cb(s->ctx, &it, err) : 0;
}

/* One move of a message in its own transaction, so that it is on disk
 * before the next step (the server may take the message the moment it
 * is handed over). 1 moved, 0 someone else moved it first. */
static int
move_marking(struct sender *s, const struct message *m, int to,
             int attempts, int64_t retry_at, const char *detail,
             int address_bad, struct dun_err *err)
{
    struct delivery_step step = { to, attempts, retry_at, "send", detail,
                                  address_bad };

    return delivery_move(s->app, m, &step, &s->scratch, err);
}

static int
move(struct sender *s, const struct message *m, int to, int attempts,
     int64_t retry_at, const char *detail, struct dun_err *err)
{
    return move_marking(s, m, to, attempts, retry_at, detail, 0, err);
}

/* The token that makes this database's Message-IDs its own: made once,
 * at random, and kept. */
static int
message_id_token(struct sender *s, struct dun_err *err)
{
    struct store *st = s->app->st;
    const char *v;
    unsigned char raw[8];
    int rc = st->ops->config_get(st, DELIVERY_TOKEN_KEY, &v, &s->arena,
                                 err), fd;

    if (rc < 0)
        return -1;
    if (rc == 1) {
        snprintf(s->token, sizeof(s->token), "%s", v);
        return 0;
    }
    fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, raw, sizeof(raw)) != (ssize_t)sizeof(raw)) {
        if (fd >= 0)
            close(fd);
        return dun_err_set(err, DUN_E_IO, "/dev/urandom: cannot read");
    }
    close(fd);
    for (size_t i = 0; i < sizeof(raw); i++)
        snprintf(s->token + 2 * i, 3, "%02x", raw[i]);
    if (store_begin(st, err) < 0)
        return -1;
    if (st->ops->config_put(st, DELIVERY_TOKEN_KEY, s->token, err) < 0 ||
        store_commit(st, err) < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}

/* One send at a time: a lock on a file beside the database, held until
 * the process ends (or the fd is closed). */
static int
lock_sending(struct app *app, int *fd, struct dun_err *err)
{
    char path[4200];

    snprintf(path, sizeof(path), "%s-send.lock", app->db ? app->db : "dun.db");
    *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (*fd < 0)
        return dun_err_set(err, DUN_E_IO, "%s: cannot open: %s", path,
                           strerror(errno));
    if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
        close(*fd);
        *fd = -1;
        return dun_err_set(err, DUN_E_CONFLICT, "another 'dun send' is "
                           "running on this database");
    }
    return 0;
}

/* The messages a send looks at: seqs collected first, so that nothing
 * runs inside the store's scan. */
struct pending {
    int64_t *seq;
    size_t n, cap;
};

static int
on_pending(void *ctx, const struct message *m, struct dun_err *err)
{
    struct pending *p = ctx;

    (void)err;
    if (strcmp(m->channel, "email") != 0)
        return 0;
    if (p->n == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 256;
        p->seq = xreallocarray(p->seq, p->cap, sizeof(*p->seq));
    }
    p->seq[p->n++] = m->seq;
    return 0;
}

/* Message ids of the customer's e-mails sent before seq, oldest first
 * (at most THREAD_MAX, the latest), so that the debtor sees one
 * conversation. */
struct thread {
    struct sender *s;
    int64_t before;
    char (*ids)[MIME_ID_SIZE];
    size_t n;
    const char *refs[THREAD_MAX];
};

static int
on_move(void *ctx, const struct store_message_event *e, struct dun_err *err)
{
    struct thread *t = ctx;

    if (e->seq >= t->before || strcmp(e->status, "sent") != 0 ||
        strcmp(e->channel, "email") != 0)
        return 0;
    if (t->n == THREAD_MAX) {
        memmove(t->ids, t->ids + 1, (THREAD_MAX - 1) * sizeof(*t->ids));
        t->n--;
    }
    return mime_message_id(t->ids[t->n++], MIME_ID_SIZE, e->seq,
                           t->s->token, t->s->cfg.from, err);
}

/* The wait after the attempts-th try failed for now: send.retry_after,
 * doubling, at most RETRY_LONGEST. */
static long
backoff(int first, int attempts)
{
    long wait = first;

    for (int i = 1; i < attempts && wait < RETRY_LONGEST; i++)
        wait *= 2;
    return wait < RETRY_LONGEST ? wait : RETRY_LONGEST;
}

static int
open_smtp(struct sender *s, struct dun_err *err)
{
    struct smtp_config c = {
        .url = s->cfg.smtp_url,
        .starttls = s->cfg.starttls == 2   ? SMTP_STARTTLS_REQUIRED
                    : s->cfg.starttls == 0 ? SMTP_STARTTLS_NEVER
                                           : SMTP_STARTTLS_OPTIONAL,
        .user = s->cfg.smtp_user,
        .password = s->password[0] ? s->password : NULL,
        .ca_file = s->cfg.ca_file[0] ? s->cfg.ca_file : NULL,
    };

    s->smtp = smtp_open(&c, err);
    return s->smtp ? 0 : -1;
}

/* A firm notice or a final demand goes with its letter as a PDF, the
 * same one 'dun letters' prints (app/print.h): 1 and pdf, 0 for a
 * message of another tone, -1 with why when the PDF cannot be made. */
static int
letter_attachment(struct sender *s, const struct message *m,
                  struct sbuf *pdf, struct dun_err *why)
{
    struct arena a = ARENA_INIT;
    struct value *data;
    const char *tone;
    int rc = 0;

    if (m->template_set == 0 ||
        json_parse(&a, "message data", m->inputs, strlen(m->inputs), &data,
                   why) < 0) {
        arena_release(&a);
        return 0;
    }
    tone = value_map_text(data, "tone");
    if (tone && (strcmp(tone, "firm") == 0 || strcmp(tone, "final") == 0))
        rc = print_message_pdf(s->app, m, pdf, why) < 0 ? -1 : 1;
    arena_release(&a);
    return rc;
}

/* Hand m (whole, now in sending) to the server; the move that follows. */
static int
deliver(struct sender *s, struct message *m, struct dun_err *err)
{
    struct arena *a = &s->scratch;
    struct customer cust;
    struct thread t = { s, m->seq, NULL, 0, { 0 } };
    char id[MIME_ID_SIZE];
    struct sbuf data = SBUF_INIT, detail = SBUF_INIT, pdf = SBUF_INIT;
    struct mime_attachment att = { NULL, "application/pdf", NULL, 0 };
    char filename[128];
    int attach;
    struct smtp_result res;
    const char *rcpt[2] = { m->recipient, s->cfg.bcc };
    struct dun_err why = DUN_ERR_INIT;
    int rc = -1, to, attempts = m->attempts, bad = 0;
    int64_t retry_at = 0;
    const char *outcome;

    t.ids = xcalloc(THREAD_MAX, sizeof(*t.ids));
    if (s->app->st->ops->customer_get(s->app->st, m->customer_id, &cust, NULL,
                                      a, err) < 0 ||
        mime_message_id(id, sizeof(id), m->seq, s->token, s->cfg.from,
                        err) < 0 ||
        s->app->st->ops->message_events_scan(s->app->st, m->customer_id, 0,
                                             on_move, &t, err) < 0)
        goto out;
    for (size_t i = 0; i < t.n; i++)
        t.refs[i] = t.ids[i];
    if ((attach = letter_attachment(s, m, &pdf, &why)) < 0) {
        /* A demand must not go without the letter it announces. */
        sbuf_addf(&detail, "no PDF of the letter: %s", why.msg);
        to = MSG_FAILED;
        outcome = "failed";
        goto moved;
    }
    if (attach) {
        char iso[DATE_ISO_LEN + 1];

        date_iso(m->date, iso);
        snprintf(filename, sizeof(filename), "%s-%s-%s.pdf",
                 m->template_name, m->customer_id, iso);
        att.filename = filename;
        att.data = pdf.buf;
        att.len = pdf.len;
    }
    {
        struct mime_message mm = {
            .from_name = s->tenant.name, .from_addr = s->cfg.from,
            .to_name = cust.name, .to_addr = m->recipient,
            .subject = m->subject, .date = m->date, .at = s->app->now,
            .message_id = id, .text = m->body, .html = m->html,
            .reply_to_addr = s->cfg.reply_to[0] ? s->cfg.reply_to : NULL,
            .in_reply_to = t.n ? t.ids[t.n - 1] : NULL,
            .references = t.n ? t.refs : NULL, .n_references = t.n,
            .attachments = attach ? &att : NULL,
            .n_attachments = attach ? 1 : 0,
        };

        if (mime_email(&mm, &data, &why) < 0) {
            /* Nothing any server could take: failed, with the reason. */
            sbuf_addstr(&detail, why.msg);
            to = MSG_FAILED;
            outcome = "failed";
            goto moved;
        }
    }
    if (s->smtp == NULL && open_smtp(s, err) < 0)
        goto out;
    smtp_send(s->smtp, s->cfg.from, rcpt, s->cfg.bcc[0] ? 2 : 1, data.buf,
              data.len, &res, &why);
    s->handed++;
    sbuf_addf(&detail, "Message-ID <%s>; ", id);
    sbuf_addstr(&detail, res.code || res.text[0] ? res.text : why.msg);
    switch (res.outcome) {
    case SMTP_SENT:
        to = MSG_SENT;
        outcome = "sent";
        break;
    case SMTP_TEMPORARY:
        if (res.uncertain)
            sbuf_addstr(&detail, " (the server may have taken it)");
        if (attempts < s->cfg.max_attempts) {
            to = MSG_PLANNED;
            retry_at = s->app->now + backoff(s->cfg.retry_after, attempts);
            outcome = "retry";
        } else {
            to = MSG_FAILED;
            outcome = "failed";
        }
        break;
    case SMTP_PERMANENT:
        to = MSG_FAILED;
        outcome = "failed";
        bad = delivery_address_refused(res.text);
        break;
    default:
        /* The session, not this message: it goes back untried, and the
         * operator hears why. */
        if (move(s, m, MSG_PLANNED, attempts - 1, 0, detail.buf, err) < 0)
            goto out;
        dun_err_set(err, DUN_E_IO, "no session with the mail server: "
                    "%s", res.text[0] ? res.text : why.msg);
        goto out;
    }
moved:
    if (move_marking(s, m, to, attempts, retry_at, detail.buf, bad, err) < 0 ||
        tell(s, m->seq, m->customer_id, m->recipient, outcome, detail.buf,
             err) < 0)
        goto out;
    if (to == MSG_SENT)
        s->sum->sent++;
    else if (to == MSG_PLANNED)
        s->sum->retry++;
    else
        s->sum->failed++;
    rc = 0;
out:
    free(t.ids);
    sbuf_release(&data);
    sbuf_release(&pdf);
    sbuf_release(&detail);
    return rc;
}

static struct template_set *
set_of(struct sender *s, const struct message *m, struct dun_err *err)
{
    char key[96];

    snprintf(key, sizeof(key), "%s/%s", m->language, m->template_name);
    if (s->set && s->set_id == m->template_set &&
        (m->template_set || strcmp(key, s->set_key) == 0))
        return s->set;
    template_set_free(s->set);
    s->set = NULL;
    if (m->template_set) {
        struct arena a = ARENA_INIT;
        const void *src;
        size_t len;
        int rc = s->app->st->ops->template_set_get(s->app->st,
                                                   m->template_set, &a, &src,
                                                   &len, err);

        if (rc == 0)
            dun_err_set(err, DUN_E_NOTFOUND, "template set %lld is missing",
                        (long long)m->template_set);
        if (rc == 1)
            template_set_parse(&s->set, "template set", src, len, err);
        arena_release(&a);
    } else {
        template_set_default(&s->set, m->language, m->template_name, err);
    }
    s->set_id = m->template_set;
    snprintf(s->set_key, sizeof(s->set_key), "%s", key);
    return s->set;
}

/* The content check again, on the message as stored (app/contents.h):
 * *why says what it lacks, or stays NULL. */
static int
check_contents(struct sender *s, const struct message *m, const char **why,
               struct dun_err *err)
{
    struct arena *a = &s->scratch;
    struct template_set *set;
    struct value *data;
    const char *tone;
    struct customer cust;
    struct sbuf missing = SBUF_INIT;
    int rc;

    *why = NULL;
    if (json_parse(a, "message data", m->inputs, strlen(m->inputs), &data,
                   err) < 0)
        return dun_err_prefix(err, "message %lld", (long long)m->seq);
    if ((tone = value_map_text(data, "tone")) == NULL)
        return 0;
    if ((set = set_of(s, m, err)) == NULL ||
        s->app->st->ops->customer_get(s->app->st, m->customer_id, &cust,
                                      NULL, a, err) < 0)
        return -1;
    rc = contents_check_message(set, m->language, m->template_name, tone,
                                cust.country, data, m->body, m->html, NULL,
                                &missing, err);
    if (rc == 1) {
        *why = arena_strndup(a, missing.buf, missing.len);
        rc = 0;
    }
    sbuf_release(&missing);
    return rc;
}

/* Keep to send.rate: the k-th message handed over not before k minutes'
 * share has passed since the first. */
static void
pace(struct sender *s, const struct timespec *start)
{
    struct timespec now, until;
    double due = (double)s->handed * 60.0 / s->cfg.rate, elapsed;

    clock_gettime(CLOCK_MONOTONIC, &now);
    elapsed = (double)(now.tv_sec - start->tv_sec) +
              (double)(now.tv_nsec - start->tv_nsec) / 1e9;
    if (due <= elapsed)
        return;
    until.tv_sec = (time_t)(due - elapsed);
    until.tv_nsec = (long)((due - elapsed - (double)until.tv_sec) * 1e9);
    while (nanosleep(&until, &until) < 0 && errno == EINTR)
        ;
}

/* One pending e-mail: resume, wait, void, or send. */
static int
one(struct sender *s, int64_t seq, const struct timespec *start,
    struct dun_err *err)
{
    struct app *app = s->app;
    struct arena *a = &s->scratch;
    struct message m;
    const char *why;
    int status;

    arena_reset(a);
    if (outbox_get(app, seq, &m, a, err) < 0)
        return -1;
    status = message_status_parse(m.status);
    if (status == MSG_SENDING) {
        /* A send died between handing it over and recording the answer:
         * it may have arrived. Sent again, with the same Message-ID. */
        if (s->o->dry_run)
            return tell(s, m.seq, m.customer_id, m.recipient, "would send",
                        "interrupted before: may be delivered twice", err);
        why = "an earlier send stopped before the server's answer was "
              "recorded: sent again with the same Message-ID";
        if (move(s, &m, MSG_PLANNED, m.attempts, 0, why, err) < 0 ||
            tell(s, m.seq, m.customer_id, m.recipient, "resumed", why,
                 err) < 0)
            return -1;
        s->sum->resumed++;
        m.status = "planned";
    } else if (status != MSG_PLANNED) {
        return 0;
    }
    if (m.date > app->as_of) {
        s->sum->waiting++; /* written for a later day */
        return 0;
    }
    if (m.send_before && app->now >= m.send_before) {
        why = "its day's sending hours passed: the next run plans afresh";
        goto void_it;
    }
    if ((m.send_after && app->now < m.send_after) ||
        (m.retry_at && app->now < m.retry_at)) {
        s->sum->waiting++;
        return 0;
    }
    if (message_stale(app, &m, app->as_of, &why, a, err) < 0)
        return -1;
    if (why)
        goto void_it;
    if (check_contents(s, &m, &why, err) < 0)
        return -1;
    if (why) {
        /* Not what a demand must be: it does not go, and says why. */
        if (s->o->dry_run)
            return tell(s, m.seq, m.customer_id, m.recipient,
                        "would refuse", why, err);
        if (move(s, &m, MSG_FAILED, m.attempts, 0, why, err) < 0 ||
            tell(s, m.seq, m.customer_id, m.recipient, "failed", why,
                 err) < 0)
            return -1;
        s->sum->failed++;
        return 0;
    }
    if (s->o->limit && s->handed + s->sum->would_send >= s->o->limit)
        return 0;
    if (s->o->dry_run) {
        s->sum->would_send++;
        return tell(s, m.seq, m.customer_id, m.recipient, "would send", "",
                    err);
    }
    pace(s, start);
    if (move(s, &m, MSG_SENDING, m.attempts + 1, 0, "", err) < 0)
        return -1;
    m.attempts++;
    m.status = "sending";
    return deliver(s, &m, err);
void_it:
    if (s->o->dry_run)
        return tell(s, m.seq, m.customer_id, m.recipient, "would void", why,
                    err);
    if (move(s, &m, MSG_VOID, m.attempts, 0, why, err) < 0 ||
        tell(s, m.seq, m.customer_id, m.recipient, "void", why, err) < 0)
        return -1;
    s->sum->voided++;
    return 0;
}

int
send_messages(struct app *app, const struct send_opts *o, send_cb *cb,
              void *ctx, struct send_summary *sum, struct dun_err *err)
{
    struct sender s = { .app = app, .o = o, .cb = cb, .ctx = ctx,
                        .sum = sum };
    struct pending p = { NULL, 0, 0 };
    struct timespec start;
    int lock = -1, rc = -1;

    memset(sum, 0, sizeof(*sum));
    if (config_send_load(app, &s.cfg, &s.arena, err) < 0 ||
        tenant_show(app, &s.tenant, &s.arena, err) < 0)
        goto out;
    if (!o->dry_run && !s.cfg.smtp_url[0]) {
        dun_err_set(err, DUN_E_INPUT, "no mail server: set one with 'dun "
                    "config set smtp.url smtp://HOST:PORT'");
        goto out;
    }
    if (!s.cfg.from[0]) {
        dun_err_set(err, DUN_E_INPUT, "no sender: set 'dun config set "
                    "mail.from ADDRESS' or 'dun tenant set --email'");
        goto out;
    }
    if (!o->dry_run &&
        (lock_sending(app, &lock, err) < 0 ||
         message_id_token(&s, err) < 0 ||
         (s.cfg.password_file[0] &&
          config_read_password(s.cfg.password_file, s.password,
                               sizeof(s.password), err) < 0)))
        goto out;
    if (app->st->ops->outbox_pending(app->st, on_pending, &p, err) < 0)
        goto out;
    clock_gettime(CLOCK_MONOTONIC, &start);
    rc = 0;
    for (size_t i = 0; i < p.n && rc == 0; i++)
        rc = one(&s, p.seq[i], &start, err);
out:
    smtp_close(s.smtp);
    template_set_free(s.set);
    /* The password lives no longer than it must. */
    explicit_bzero(s.password, sizeof(s.password));
    if (lock >= 0)
        close(lock);
    free(p.seq);
    arena_release(&s.arena);
    arena_release(&s.scratch);
    return rc;
}
