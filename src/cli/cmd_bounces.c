/*
 * cmd_bounces.c - dun bounces import PATH...: delivery status
 * notifications matched to the messages sent (app/bounces.h).
 */
#include <string.h>

#include "app/bounces.h"
#include "cli/commands.h"

static const struct out_col cols[] = {
    OUT_COL("where", "Where", OUT_TEXT),
    OUT_COL("seq", "Seq", OUT_INT),
    OUT_COL("recipient", "Recipient", OUT_TEXT),
    OUT_COL("action", "Action", OUT_TEXT),
    OUT_COL("status", "Status", OUT_TEXT),
    OUT_COL("outcome", "Outcome", OUT_TEXT),
    OUT_COL("detail", "Detail", OUT_TEXT),
};

static int
on_item(void *ctx, const struct bounce_item *it, struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_text(o, it->where);
    if (it->seq)
        out_int(o, it->seq);
    else
        out_null(o);
    out_text(o, it->recipient);
    out_text(o, it->action);
    out_text(o, it->status);
    out_text(o, it->outcome);
    out_text(o, it->detail);
    out_row_end(o);
    return 0;
}

struct run {
    const char *const *paths;
    size_t n;
    struct bounce_summary sum;
};

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    struct run *r = ctx;

    return bounces_import(&cli->app, r->paths, r->n, on_item, o, &r->sum,
                          err);
}

int
cmd_bounces(struct cli *cli, int argc, char **argv)
{
    struct run r;
    int rc;

    if (argc < 3 || strcmp(argv[1], "import") != 0)
        return cli_usage(cli_find("bounces"));
    r = (struct run){ (const char *const *)argv + 2, (size_t)argc - 2,
                      { 0 } };
    rc = cli_list(cli, "reports", "Reports", cols,
                  sizeof(cols) / sizeof(cols[0]), scan, &r);
    if (rc == EXIT_OK)
        fprintf(stderr, "%lld messages read, %lld reports: %lld bounced, "
                "%lld delayed, %lld not matched\n",
                (long long)r.sum.messages, (long long)r.sum.reports,
                (long long)r.sum.bounced, (long long)r.sum.delayed,
                (long long)r.sum.unmatched);
    return rc;
}
