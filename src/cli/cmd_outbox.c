/*
 * cmd_outbox.c - dun outbox [list] | show SEQ | export DIR | verify: the
 * messages the runs rendered (app/outbox.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/outbox.h"
#include "cli/commands.h"
#include "core/date.h"

static const struct out_col message_cols[] = {
    OUT_COL("seq", "Seq", OUT_INT),
    OUT_COL("date", "Date", OUT_DATE),
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("stage", "Stage", OUT_CODE),
    OUT_COL("channel", "Channel", OUT_CODE),
    OUT_COL("language", "Language", OUT_TEXT),
    OUT_COL("recipient", "Recipient", OUT_TEXT),
    OUT_COL("subject", "Subject", OUT_TEXT),
};

static int
on_list(void *ctx, const struct message *m, struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_int(o, m->seq);
    out_date(o, m->date);
    out_text(o, m->customer_id);
    out_code(o, m->stage, NULL);
    out_code(o, m->channel, NULL);
    out_text(o, m->language);
    out_text(o, m->recipient);
    out_text(o, m->subject);
    out_row_end(o);
    return 0;
}

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    (void)ctx;
    return outbox_list(&cli->app, on_list, o, err);
}

/* One message: what it is, then its body as the customer reads it (the
 * table), or all of it as one record (csv, json). */
static int
show(struct cli *cli, const struct message *m)
{
    int email = m->send_after || m->send_before;
    struct out *o = cli_out(cli);
    int rc;

    out_field_int(o, "seq", "Message", m->seq);
    out_field_code(o, "channel", "Channel", m->channel, NULL);
    out_field_text(o, "recipient", "To", m->recipient);
    out_field_text(o, "customer", "Customer", m->customer_id);
    out_field_date(o, "date", "Date", m->date);
    out_field_code(o, "stage", "Stage", m->stage, NULL);
    out_field_text(o, "template", "Template", m->template_name);
    out_field_text(o, "language", "Language", m->language);
    if (email) {
        char from[DATE_UTC_LEN + 1], to[DATE_UTC_LEN + 1];

        date_utc_iso(m->send_after, from);
        date_utc_iso(m->send_before, to);
        out_field_text(o, "send_after", "Send from", from);
        out_field_text(o, "send_before", "Send until", to);
        out_field_text(o, "timezone", "Quiet hours in", m->timezone);
    }
    out_field_text(o, "subject", "Subject", m->subject);
    if (cli->format != OUT_TABLE) {
        out_field_text(o, "body", "Body", m->body);
        out_field_text(o, "html", "HTML", email ? m->html : NULL);
    }
    rc = cli_out_done(o);
    if (rc == EXIT_OK && cli->format == OUT_TABLE) {
        fputc('\n', cli->out);
        cli_print_safe(cli->out, m->body);
    }
    return rc;
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
    struct arena a = ARENA_INIT;
    const char *sub = argc > 1 ? argv[1] : "list";
    int rc;

    if (strcmp(sub, "list") == 0 && argc <= 2)
        return cli_list(cli, "messages", "Outbox", message_cols,
                        sizeof(message_cols) / sizeof(message_cols[0]),
                        scan, NULL);
    if (strcmp(sub, "show") == 0 && argc == 3) {
        struct message m;
        char *end;
        long long seq;

        /* A number past every sequence is no SEQ (strtoll would clamp
         * it to another that the error would quote). */
        errno = 0;
        seq = strtoll(argv[2], &end, 10);
        if (*end || seq < 1 || errno == ERANGE)
            return cli_usage(cli_find("outbox"));
        if (outbox_get(&cli->app, seq, &m, &a, &err) < 0) {
            arena_release(&a);
            return cli_fail(&err);
        }
        rc = show(cli, &m);
        arena_release(&a);
        return rc;
    }
    if (strcmp(sub, "verify") == 0 && argc == 2) {
        struct outbox_check check;

        if (outbox_verify(&cli->app, on_mismatch, NULL, &check, &err) < 0)
            return cli_fail(&err);
        if (check.mismatched) {
            dun_err_set(&err, DUN_E_CONFLICT, "%lld of %lld messages do not "
                        "reproduce", (long long)check.mismatched,
                        (long long)check.checked);
            return cli_fail(&err);
        }
        fprintf(cli->out, "%lld messages reproduce byte for byte\n",
                (long long)check.checked);
        return EXIT_OK;
    }
    if (strcmp(sub, "export") == 0 && argc == 3) {
        int64_t written;

        if (outbox_export(&cli->app, argv[2], &written, &err) < 0)
            return cli_fail(&err);
        fprintf(cli->out, "%lld messages written to %s\n",
                (long long)written, argv[2]);
        return EXIT_OK;
    }
    return cli_usage(cli_find("outbox"));
}
