/*
 * cmd_dso.c - dun dso [--days 90]: countback and average DSO.
 */
#include <getopt.h>
#include <stdlib.h>

#include "app/report.h"
#include "cli/commands.h"
#include "core/date.h"

/* "62.5", or NULL (null: more days than looked at, or no sales). */
static const char *
tenths(char *buf, size_t size, int64_t t)
{
    if (t < 0)
        return NULL;
    snprintf(buf, size, "%lld.%lld", (long long)(t / 10),
             (long long)(t % 10));
    return buf;
}

static const struct out_col dso_cols[] = {
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("receivable", "Receivable", OUT_MONEY),
    OUT_COL("sales", "Sales in the period", OUT_MONEY),
    OUT_COL("countback", "DSO countback", OUT_TEXT),
    OUT_COL("average", "DSO average", OUT_TEXT),
};

void
cli_dso_list(struct out *o, const struct dso_result *res, size_t n)
{
    out_list_begin(o, "dso", "Days sales outstanding", dso_cols,
                   sizeof(dso_cols) / sizeof(dso_cols[0]));
    for (size_t i = 0; i < n; i++) {
        char cb[32], avg[32];

        out_row_begin(o);
        out_text(o, res[i].currency);
        out_money(o, res[i].receivable, res[i].currency);
        out_money(o, res[i].sales, res[i].currency);
        out_text(o, tenths(cb, sizeof(cb), res[i].countback_tenths));
        out_text(o, tenths(avg, sizeof(avg), res[i].average_tenths));
        out_row_end(o);
    }
    out_list_end(o);
}

int
cmd_dso(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"days", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    struct dso_result *res = NULL;
    size_t n = 0;
    long days = 90;
    struct out *o;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;

        if (c != 'd')
            return cli_usage(cli_find("dso"));
        days = strtol(optarg, &end, 10);
        if (*end || days < 1 || days > 3650) {
            fprintf(stderr, "dun: --days: 1 to 3650\n");
            return EXIT_USAGE;
        }
    }
    if (optind != argc)
        return cli_usage(cli_find("dso"));
    if (report_dso(&cli->app, (int32_t)days, &res, &n, &err) < 0)
        return cli_fail(&err);
    o = cli_out(cli);
    out_field_date(o, "as_of", "As of", cli->app.as_of);
    out_field_int(o, "days", "Average over days", days);
    cli_dso_list(o, res, n);
    free(res);
    return cli_out_done(o);
}
