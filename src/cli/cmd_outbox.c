/*
 * cmd_outbox.c - dun outbox [list] | show SEQ | export DIR | verify: the
 * messages the runs rendered. export writes SEQ.eml (RFC 5322, plain text
 * and HTML) for e-mails and SEQ-letter.txt for letters; verify renders
 * each again from the data saved with it and compares the bytes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/outbox.h"
#include "cli/commands.h"
#include "core/date.h"
#include "render/mime.h"

struct out {
    struct cli *cli;
    const char *dir;
    struct store_tenant tenant;
    int64_t written;
};

static int
on_list(void *ctx, const struct store_message *m, struct dun_err *err)
{
    struct out *o = ctx;
    char day[DATE_ISO_LEN + 1];

    (void)err;
    date_iso(m->date, day);
    if (o->cli->format == FORMAT_CSV) {
        fprintf(o->cli->out, "%lld,%s,", (long long)m->seq, day);
        cli_csv_field(o->cli->out, m->customer_id, 0);
        fprintf(o->cli->out, "%s,%s,%s,", m->stage, m->channel, m->language);
        cli_csv_field(o->cli->out, m->recipient, 0);
        cli_csv_field(o->cli->out, m->subject, 1);
    } else {
        fprintf(o->cli->out, "%5lld  %s  %-12s %-12s %-6s %s  %s\n",
                (long long)m->seq, day, m->customer_id, m->stage, m->channel,
                m->language, m->subject);
    }
    return 0;
}

static int
on_show(void *ctx, const struct store_message *m, struct dun_err *err)
{
    struct out *o = ctx;
    char day[DATE_ISO_LEN + 1];

    (void)err;
    date_iso(m->date, day);
    fprintf(o->cli->out, "message %lld: %s to %s (%s), %s, stage %s, "
                         "template %s, %s\n",
            (long long)m->seq, m->channel, m->recipient, m->customer_id, day,
            m->stage, m->template_name, m->language);
    if (m->send_after || m->send_before) {
        char from[DATE_UTC_LEN + 1], to[DATE_UTC_LEN + 1];

        date_utc_iso(m->send_after, from);
        date_utc_iso(m->send_before, to);
        fprintf(o->cli->out, "Send: from %s until %s (quiet hours in %s)\n",
                from, to, m->timezone);
    }
    fprintf(o->cli->out, "Subject: %s\n\n%s", m->subject, m->body);
    o->written++;
    return 0;
}

static int
write_file(const char *path, const char *data, size_t len,
           struct dun_err *err)
{
    char why[128];
    FILE *fp = fopen(path, "wb");

    if (fp == NULL || fwrite(data, 1, len, fp) != len) {
        int e = errno;

        if (fp)
            fclose(fp);
        return dun_err_set(err, DUN_E_IO, "%s: cannot write: %s", path,
                           errstr(e, why, sizeof(why)));
    }
    if (fclose(fp) != 0)
        return dun_err_set(err, DUN_E_IO, "%s: cannot write", path);
    return 0;
}

/* The full message (bodies too) of one outbox entry. */
static int
on_export_one(void *ctx, const struct store_message *m, struct dun_err *err)
{
    struct out *o = ctx;
    struct sbuf data = SBUF_INIT;
    char path[4096], id[128];
    int rc;

    if (strcmp(m->channel, "email") == 0) {
        struct mime_message mm = {
            .from_name = o->tenant.name, .from_addr = o->tenant.email,
            .to_name = "", .to_addr = m->recipient, .subject = m->subject,
            .date = m->date, .at = m->send_after, .message_id = id,
            .text = m->body,
            .html = m->html };

        snprintf(id, sizeof(id), "dun-%lld@%s", (long long)m->seq,
                 strchr(o->tenant.email, '@') ? strchr(o->tenant.email, '@')
                                                    + 1
                                              : "dun.invalid");
        mime_email(&mm, &data);
        snprintf(path, sizeof(path), "%s/%lld.eml", o->dir,
                 (long long)m->seq);
    } else {
        sbuf_addstr(&data, m->body);
        snprintf(path, sizeof(path), "%s/%lld-letter.txt", o->dir,
                 (long long)m->seq);
    }
    rc = write_file(path, data.buf, data.len, err);
    sbuf_release(&data);
    o->written += rc == 0;
    return rc;
}

static void
on_mismatch(void *ctx, int64_t seq)
{
    (void)ctx;
    fprintf(stderr, "dun: message %lld does not reproduce\n", (long long)seq);
}

static int
on_export(void *ctx, const struct store_message *m, struct dun_err *err)
{
    struct out *o = ctx;

    return o->cli->st->ops->outbox_scan(o->cli->st, m->seq, on_export_one,
                                        o, err);
}

int
cmd_outbox(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    struct out o = { .cli = cli };
    struct arena a = ARENA_INIT;
    const char *sub = argc > 1 ? argv[1] : "list";
    int rc;

    if (strcmp(sub, "list") == 0 && argc <= 2) {
        if (cli->format == FORMAT_CSV)
            fputs("seq,date,customer,stage,channel,language,recipient,"
                  "subject\n", cli->out);
        rc = cli->st->ops->outbox_scan(cli->st, 0, on_list, &o, &err);
    } else if (strcmp(sub, "show") == 0 && argc == 3) {
        char *end;
        long long seq = strtoll(argv[2], &end, 10);

        if (*end || seq < 1)
            return cli_usage(cli_find("outbox"));
        rc = cli->st->ops->outbox_scan(cli->st, seq, on_show, &o, &err);
        if (rc == 0 && o.written == 0)
            rc = dun_err_set(&err, DUN_E_NOTFOUND, "no message %lld", seq);
    } else if (strcmp(sub, "verify") == 0 && argc == 2) {
        struct outbox_check check;

        rc = outbox_verify(cli->st, on_mismatch, NULL, &check, &err);
        if (rc == 0 && check.mismatched)
            rc = dun_err_set(&err, DUN_E_CONFLICT, "%lld of %lld messages "
                             "do not reproduce", (long long)check.mismatched,
                             (long long)check.checked);
        else if (rc == 0)
            fprintf(cli->out, "%lld messages reproduce byte for byte\n",
                    (long long)check.checked);
    } else if (strcmp(sub, "export") == 0 && argc == 3) {
        o.dir = argv[2];
        if (mkdir(o.dir, 0777) < 0 && errno != EEXIST) {
            char why[128];

            dun_err_set(&err, DUN_E_IO, "%s: cannot create: %s", o.dir,
                        errstr(errno, why, sizeof(why)));
            return cli_fail(&err);
        }
        rc = cli->st->ops->tenant_get(cli->st, &o.tenant, &a, &err);
        if (rc >= 0)
            rc = cli->st->ops->outbox_scan(cli->st, 0, on_export, &o, &err);
        if (rc == 0)
            fprintf(cli->out, "%lld messages written to %s\n",
                    (long long)o.written, o.dir);
    } else {
        return cli_usage(cli_find("outbox"));
    }
    arena_release(&a);
    return rc < 0 ? cli_fail(&err) : EXIT_OK;
}
