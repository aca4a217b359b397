/*
 * cmd_send.c - dun send [--dry-run] [--limit N]: deliver the planned
 * e-mails whose hour has come (app/send.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/send.h"
#include "cli/commands.h"

static const struct out_col cols[] = {
    OUT_COL("seq", "Seq", OUT_INT),
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("recipient", "Recipient", OUT_TEXT),
    OUT_COL("outcome", "Outcome", OUT_TEXT),
    OUT_COL("detail", "Detail", OUT_TEXT),
};

static int
on_item(void *ctx, const struct send_item *it, struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_int(o, it->seq);
    out_text(o, it->customer_id);
    out_text(o, it->recipient);
    out_text(o, it->outcome);
    out_text(o, it->detail);
    out_row_end(o);
    return 0;
}

struct run {
    const struct send_opts *o;
    struct send_summary sum;
};

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    struct run *r = ctx;

    return send_messages(&cli->app, r->o, on_item, o, &r->sum, err);
}

int
cmd_send(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, 'n'},
        {"limit", required_argument, NULL, 'l'},
        {NULL, 0, NULL, 0}};
    struct send_opts so = { 0, 0 };
    struct run r = { &so, { 0 } };
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;

        switch (c) {
        case 'n':
            so.dry_run = 1;
            break;
        case 'l':
            errno = 0;
            so.limit = strtoll(optarg, &end, 10);
            if (*end || end == optarg || so.limit < 1 || errno) {
                fprintf(stderr, "dun: --limit: a whole number from 1\n");
                return EXIT_USAGE;
            }
            break;
        default:
            return cli_usage(cli_find("send"));
        }
    }
    if (optind != argc)
        return cli_usage(cli_find("send"));
    rc = cli_list(cli, "messages", "Messages", cols,
                  sizeof(cols) / sizeof(cols[0]), scan, &r);
    /* What was done, also when sending stopped midway; on standard
     * error, beside the data. */
    if (rc == EXIT_OK || r.sum.sent || r.sum.retry || r.sum.failed ||
        r.sum.voided || r.sum.resumed)
        fprintf(stderr, "%s%lld sent, %lld to retry, %lld failed, %lld void, "
                "%lld waiting for their hour%s\n",
                so.dry_run ? "dry run: " : "",
                (long long)(so.dry_run ? r.sum.would_send : r.sum.sent),
                (long long)r.sum.retry, (long long)r.sum.failed,
                (long long)r.sum.voided, (long long)r.sum.waiting,
                r.sum.resumed ? " (interrupted sends resumed)" : "");
    return rc;
}
