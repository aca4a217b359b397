/*
 * cmd_outbox.c - dun outbox [list] | show SEQ | export DIR | verify: the
 * messages the runs rendered. export writes SEQ.eml (RFC 5322, plain text
 * and HTML) for e-mails and SEQ-letter.txt for letters; verify renders
 * each again from the data saved with it and compares the bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "app/outbox.h"
#include "cli/commands.h"
#include "core/date.h"

struct out {
    struct cli *cli;
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

static void
show(struct cli *cli, const struct store_message *m)
{
    char day[DATE_ISO_LEN + 1];

    date_iso(m->date, day);
    fprintf(cli->out, "message %lld: %s to %s (%s), %s, stage %s, "
                      "template %s, %s\n",
            (long long)m->seq, m->channel, m->recipient, m->customer_id, day,
            m->stage, m->template_name, m->language);
    if (m->send_after || m->send_before) {
        char from[DATE_UTC_LEN + 1], to[DATE_UTC_LEN + 1];

        date_utc_iso(m->send_after, from);
        date_utc_iso(m->send_before, to);
        fprintf(cli->out, "Send: from %s until %s (quiet hours in %s)\n",
                from, to, m->timezone);
    }
    fprintf(cli->out, "Subject: %s\n\n%s", m->subject, m->body);
}

static void
on_mismatch(void *ctx, int64_t seq)
{
    (void)ctx;
    fprintf(stderr, "dun: message %lld does not reproduce\n", (long long)seq);
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
        rc = outbox_list(&cli->app, on_list, &o, &err);
    } else if (strcmp(sub, "show") == 0 && argc == 3) {
        struct store_message m;
        char *end;
        long long seq = strtoll(argv[2], &end, 10);

        if (*end || seq < 1)
            return cli_usage(cli_find("outbox"));
        rc = outbox_get(&cli->app, seq, &m, &a, &err);
        if (rc == 0)
            show(cli, &m);
    } else if (strcmp(sub, "verify") == 0 && argc == 2) {
        struct outbox_check check;

        rc = outbox_verify(&cli->app, on_mismatch, NULL, &check, &err);
        if (rc == 0 && check.mismatched)
            rc = dun_err_set(&err, DUN_E_CONFLICT, "%lld of %lld messages "
                             "do not reproduce", (long long)check.mismatched,
                             (long long)check.checked);
        else if (rc == 0)
            fprintf(cli->out, "%lld messages reproduce byte for byte\n",
                    (long long)check.checked);
    } else if (strcmp(sub, "export") == 0 && argc == 3) {
        int64_t written;

        rc = outbox_export(&cli->app, argv[2], &written, &err);
        if (rc == 0)
            fprintf(cli->out, "%lld messages written to %s\n",
                    (long long)written, argv[2]);
    } else {
        return cli_usage(cli_find("outbox"));
    }
    arena_release(&a);
    return rc < 0 ? cli_fail(&err) : EXIT_OK;
}
