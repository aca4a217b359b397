/*
 * cmd_outbox.c - dun outbox [list] [--status S] [--since D] | show SEQ |
 * export DIR [--status S] [--since D] | verify | mark SEQ...
 * --sent|--void|--printed|--posted --reason R: the messages the runs
 * rendered and where each is on its way (app/outbox.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/outbox.h"
#include "cli/commands.h"
#include "core/date.h"
#include "core/message_state.h"

static const struct out_col message_cols[] = {
    OUT_COL("seq", "Seq", OUT_INT),
    OUT_COL("date", "Date", OUT_DATE),
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("stage", "Stage", OUT_CODE),
    OUT_COL("channel", "Channel", OUT_CODE),
    OUT_COL("language", "Language", OUT_TEXT),
    OUT_COL("recipient", "Recipient", OUT_TEXT),
    OUT_COL("subject", "Subject", OUT_TEXT),
    OUT_COL("status", "Status", OUT_CODE),
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
    out_code(o, m->status, NULL);
    out_row_end(o);
    return 0;
}

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    const struct outbox_filter *f = ctx;

    return outbox_list(&cli->app, *f, on_list, o, err);
}

/* --status S and --since D after the sub-command, into *f; the first
 * argument left in *first. EXIT_OK, or the usage or error status. */
static int
filter_options(struct cli *cli, int argc, char **argv,
               struct outbox_filter *f, int *first)
{
    static const struct option opts[] = {
        {"status", required_argument, NULL, 's'},
        {"since", required_argument, NULL, 'd'},
        {NULL, 0, NULL, 0}};
    int c;

    *f = OUTBOX_ALL;
    optind = 2;
    (void)cli;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if ((f->status = message_status_parse(optarg)) < 0) {
                fprintf(stderr, "dun: --status: one of planned, sending, "
                        "sent, failed, bounced, void, printed, posted\n");
                return EXIT_USAGE;
            }
            break;
        case 'd':
            if (cli_date("--since", optarg, &f->since) < 0)
                return EXIT_USAGE;
            break;
        default:
            return cli_usage(cli_find("outbox"));
        }
    }
    *first = optind;
    return EXIT_OK;
}

/* mark SEQ... --sent|--void|--printed|--posted --reason R */
static int
mark(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"sent", no_argument, NULL, MSG_SENT},
        {"void", no_argument, NULL, MSG_VOID},
        {"printed", no_argument, NULL, MSG_PRINTED},
        {"posted", no_argument, NULL, MSG_POSTED},
        {"reason", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *reason = NULL;
    int64_t *seqs;
    int c, to = -1, rc;
    size_t n = 0;

    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'r')
            reason = optarg;
        else if (c >= 0 && c < MSG_NSTATUS && to < 0)
            to = c;
        else
            return cli_usage(cli_find("outbox"));
    }
    if (to < 0 || reason == NULL || optind >= argc)
        return cli_usage(cli_find("outbox"));
    seqs = calloc((size_t)(argc - optind), sizeof(*seqs));
    if (seqs == NULL)
        return cli_fail(&(struct dun_err){ DUN_E_INTERNAL, "out of memory" });
    for (int i = optind; i < argc; i++) {
        char *end;
        long long seq;

        errno = 0;
        seq = strtoll(argv[i], &end, 10);
        if (*end || seq < 1 || end == argv[i] || errno == ERANGE) {
            free(seqs);
            return cli_usage(cli_find("outbox"));
        }
        seqs[n++] = seq;
    }
    rc = outbox_mark(&cli->app, seqs, n, to, reason, &err);
    free(seqs);
    if (rc < 0)
        return cli_fail(&err);
    fprintf(cli->out, "%zu message%s marked %s\n", n, n == 1 ? "" : "s",
            message_status_name(to));
    return EXIT_OK;
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
        /* What the templates saw (docs/templates.md), as JSON text. */
        out_field_text(o, "data", "Data", m->inputs);
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

    if (argc <= 1 || strcmp(sub, "list") == 0) {
        struct outbox_filter f;
        int first;

        if (argc > 1 &&
            ((rc = filter_options(cli, argc, argv, &f, &first)) != EXIT_OK))
            return rc;
        if (argc <= 1)
            f = OUTBOX_ALL;
        else if (first != argc)
            return cli_usage(cli_find("outbox"));
        return cli_list(cli, "messages", "Outbox", message_cols,
                        sizeof(message_cols) / sizeof(message_cols[0]),
                        scan, &f);
    }
    if (strcmp(sub, "mark") == 0)
        return mark(cli, argc, argv);
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
        if (outbox_show(&cli->app, seq, &m, &a, &err) < 0) {
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
    if (strcmp(sub, "export") == 0) {
        struct outbox_filter f;
        int64_t written;
        int first;

        if ((rc = filter_options(cli, argc, argv, &f, &first)) != EXIT_OK)
            return rc;
        if (first != argc - 1)
            return cli_usage(cli_find("outbox"));
        if (outbox_export(&cli->app, argv[first], f, &written, &err) < 0)
            return cli_fail(&err);
        fprintf(cli->out, "%lld messages written to %s\n",
                (long long)written, argv[first]);
        return EXIT_OK;
    }
    return cli_usage(cli_find("outbox"));
}
