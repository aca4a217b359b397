/*
 * cmd_dso.c - dun dso [--days 90]: countback and average DSO.
 */
#include <getopt.h>
#include <stdlib.h>

#include "app/report.h"
#include "cli/commands.h"
#include "core/date.h"

static void
tenths(char *buf, size_t size, int64_t t)
{
    if (t < 0)
        snprintf(buf, size, "n/a");
    else
        snprintf(buf, size, "%lld.%lld", (long long)(t / 10),
                 (long long)(t % 10));
}

void
cli_dso_print(struct cli *cli, const struct dso_result *res, size_t n,
              long days)
{
    if (cli->format == FORMAT_JSON) {
        char iso[DATE_ISO_LEN + 1];

        date_iso(cli->app.as_of, iso);
        fprintf(cli->out, "{\"as_of\": \"%s\", \"days\": %ld, \"dso\": [",
                iso, days);
    } else if (cli->format == FORMAT_CSV) {
        fprintf(cli->out, "currency,receivable,sales_%ld_days,"
                          "dso_countback,dso_average\n", days);
    } else {
        fprintf(cli->out, "%-3s %16s %16s %14s %12s\n", "cur", "receivable",
                "sales", "countback", "average");
    }
    for (size_t i = 0; i < n; i++) {
        char ar[32], sales[32], cb[32], avg[32];

        cli_amount(res[i].receivable, res[i].currency, ar);
        cli_amount(res[i].sales, res[i].currency, sales);
        tenths(cb, sizeof(cb), res[i].countback_tenths);
        tenths(avg, sizeof(avg), res[i].average_tenths);
        if (cli->format == FORMAT_JSON)
            fprintf(cli->out, "%s\n  {\"currency\": \"%s\", \"receivable\": "
                    "\"%s\", \"sales\": \"%s\", \"countback\": \"%s\", "
                    "\"average\": \"%s\"}", i ? "," : "", res[i].currency, ar,
                    sales, cb, avg);
        else if (cli->format == FORMAT_CSV)
            fprintf(cli->out, "%s,%s,%s,%s,%s\n", res[i].currency, ar, sales,
                    cb, avg);
        else
            fprintf(cli->out, "%-3s %16s %16s %14s %12s\n", res[i].currency,
                    ar, sales, cb, avg);
    }
    if (cli->format == FORMAT_JSON)
        fprintf(cli->out, "\n]}\n");
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
    cli_dso_print(cli, res, n, days);
    free(res);
    return EXIT_OK;
}
