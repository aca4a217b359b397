/*
 * cmd_demo.c - dun demo [--dir DIR]: runs the demo (app/demo.h) and
 * prints its summary: what was planned at which stage, what came in,
 * aging before and after, DSO, and commands to look further.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "app/demo.h"
#include "cli/commands.h"
#include "core/date.h"
#include "core/money.h"

static void
aging_totals(struct cli *cli, const struct aging_totals *t, const char *label)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct aging_line *l = &t->lines[i];
        char b[AGING_MAX_BUCKETS][32], net[32];

        for (size_t k = 0; k < 5; k++)
            cli_amount(l->bucket[k], l->currency, b[k]);
        cli_amount(l->net, l->currency, net);
        fprintf(cli->out, "  %-7s %s %12s %10s %10s %10s %10s %12s\n", label,
                l->currency, b[0], b[1], b[2], b[3], b[4], net);
    }
}

/* How to run dun again as this process was run: the hints must work as
 * printed, also when dun is not on PATH. */
static const char *
self(const struct cli *cli)
{
    return cli->argv0 && strchr(cli->argv0, '/') ? cli->argv0 : "dun";
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    struct demo_result r;
    const char *dir = "demo";
    char iso[DATE_ISO_LEN + 1], from[DATE_ISO_LEN + 1];
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'd')
            return cli_usage(cli_find("demo"));
        dir = optarg;
    }
    if (optind != argc)
        return cli_usage(cli_find("demo"));
    fprintf(cli->out, "dun demo: %d customers with a year of invoices and "
                      "payments (in %s)\n", DEMO_CUSTOMERS, dir);
    fflush(cli->out);
    if (demo_run(&cli->app, dir, &r, &err) < 0) {
        demo_result_release(&r);
        return cli_fail(&err);
    }
    date_iso(r.to, iso);
    date_iso(r.from, from);
    fprintf(cli->out, "history imported up to %s; then %d days of daily "
                      "runs to %s, each day's invoices and payments "
                      "arriving first\n\n", from, r.days, iso);
    fprintf(cli->out, "Planned in %d runs:\n", r.days);
    for (int i = 0; i < r.nstages; i++)
        fprintf(cli->out, "  %-14s %5lld actions\n", r.stages[i].stage,
                (long long)r.stages[i].actions);
    fprintf(cli->out, "  %lld messages in the outbox (e-mails and letters),"
                      " %lld calls and %lld hand-offs for a person\n",
            (long long)r.messages, (long long)r.calls,
            (long long)r.handoffs);
    fprintf(cli->out, "Collected in those %d days:", r.days);
    for (int i = 0; i < r.collected.n; i++) {
        char amount[MONEY_FMT_MAX];

        cli_amount(r.collected.amount[i], r.collected.currency[i], amount);
        fprintf(cli->out, "%s %s %s", i ? "," : "", r.collected.currency[i],
                amount);
    }
    fprintf(cli->out, "\n\nAging totals    cur      current       1-30      "
                      "31-60      61-90        91+    net total\n");
    aging_totals(cli, &r.before, "before");
    aging_totals(cli, &r.after, "after");
    fprintf(cli->out, "\nDays sales outstanding as of %s:\n", iso);
    cli_dso_print(cli, r.dso, r.ndso, 90);
    fprintf(cli->out, "\nThe database is %s. Look further:\n"
                      "  %s --db %s outbox list\n"
                      "  %s --db %s queue\n"
                      "  %s --db %s timeline C0002\n",
            r.db, self(cli), r.db, self(cli), r.db, self(cli), r.db);
    demo_result_release(&r);
    return EXIT_OK;
}
