/*
 * cmd_demo.c - dun demo [--dir DIR]: runs the demo (app/demo.h) and
 * prints its summary: what was planned at which stage, what came in,
 * aging before and after, DSO, and commands to look further.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/demo.h"
#include "cli/commands.h"
#include "core/date.h"

static const struct out_col stage_cols[] = {
    OUT_COL("stage", "Stage", OUT_CODE),
    OUT_COL("actions", "Actions", OUT_INT),
};
static const struct out_col collected_cols[] = {
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("amount", "Collected", OUT_MONEY),
};
static void
aging_rows(struct out *o, const struct aging_buckets *b,
           const struct aging_totals *t, const char *when)
{
    for (size_t i = 0; i < t->n; i++) {
        const struct aging_line *l = &t->lines[i];

        out_row_begin(o);
        out_code(o, when, NULL);
        out_text(o, l->currency);
        for (size_t k = 0; k < b->n; k++)
            out_money(o, l->bucket[k], l->currency);
        out_money(o, l->net, l->currency);
        out_row_end(o);
    }
}

/* How to run dun again as this process was run: the hints must work as
 * printed, also when dun is not on PATH. */
static const char *
self(const struct cli *cli)
{
    return cli->argv0 && strchr(cli->argv0, '/') ? cli->argv0 : "dun";
}

static void
summary(struct out *o, const struct demo_result *r)
{
    /* when, currency, a column per bucket, total. The table holds a list
     * until the next item begins: the dso list below, inside this call. */
    struct out_col aging_cols[AGING_MAX_BUCKETS + 3];
    size_t ncols = 0;

    out_field_text(o, "database", "Database", r->db);
    out_field_int(o, "customers", "Customers", r->customers);
    out_field_date(o, "history_to", "History imported up to", r->from);
    out_field_int(o, "runs", "Daily runs", r->days);
    out_field_date(o, "as_of", "Last run", r->to);
    out_list_begin(o, "stages", "Planned in the runs", stage_cols,
                   sizeof(stage_cols) / sizeof(stage_cols[0]));
    for (int i = 0; i < r->nstages; i++) {
        out_row_begin(o);
        out_code(o, r->stages[i].stage, NULL);
        out_int(o, r->stages[i].actions);
        out_row_end(o);
    }
    out_list_end(o);
    out_field_int(o, "messages", "Messages in the outbox (e-mails, letters)",
                  r->messages);
    out_field_int(o, "calls", "Calls for a person", r->calls);
    out_field_int(o, "handoffs", "Hand-offs for approval", r->handoffs);
    out_list_begin(o, "collected", "Collected in the runs", collected_cols,
                   sizeof(collected_cols) / sizeof(collected_cols[0]));
    for (int i = 0; i < r->collected.n; i++) {
        out_row_begin(o);
        out_text(o, r->collected.currency[i]);
        out_money(o, r->collected.amount[i], r->collected.currency[i]);
        out_row_end(o);
    }
    out_list_end(o);
    aging_cols[ncols++] = (struct out_col)OUT_COL("when", "When", OUT_CODE);
    aging_cols[ncols++] = (struct out_col)OUT_COL("currency", "Currency",
                                                  OUT_TEXT);
    for (size_t k = 0; k < r->buckets.n; k++)
        aging_cols[ncols++] = (struct out_col)OUT_COL(
            r->buckets.label[k], r->buckets.label[k], OUT_MONEY);
    aging_cols[ncols++] = (struct out_col)OUT_COL("total", "Net total",
                                                  OUT_MONEY);
    out_list_begin(o, "aging", "Aging before and after", aging_cols, ncols);
    aging_rows(o, &r->buckets, &r->before, "before");
    aging_rows(o, &r->buckets, &r->after, "after");
    out_list_end(o);
    cli_dso_list(o, r->dso, r->ndso);
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    struct demo_result r;
    const char *dir = "demo";
    struct out *o;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'd')
            return cli_usage(cli_find("demo"));
        dir = optarg;
    }
    if (optind != argc)
        return cli_usage(cli_find("demo"));
    /* Progress for a person at a terminal; stdout keeps the summary. */
    if (isatty(STDERR_FILENO))
            fprintf(stderr, "dun demo: %d customers with a year of invoices "
                        "and payments in %s, then %d days of daily "
                        "collection runs ...\n", DEMO_CUSTOMERS, dir,
                DEMO_DAYS);
    if (demo_run(&cli->app, dir, &r, &err) < 0) {
        demo_result_release(&r);
        return cli_fail(&err);
    }
    o = cli_out(cli);
    summary(o, &r);
    rc = cli_out_done(o);
    if (rc == EXIT_OK && cli->format == OUT_TABLE)
        fprintf(cli->out, "\nLook further:\n"
                          "  %s --db %s outbox list\n"
                          "  %s --db %s queue\n"
                          "  %s --db %s timeline C0002\n",
                self(cli), r.db, self(cli), r.db, self(cli), r.db);
    demo_result_release(&r);
    return rc;
}
