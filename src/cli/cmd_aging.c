/*
 * cmd_aging.c - dun aging [--detail] [--buckets 30,60,90]: open
 * receivables per customer and currency by days past due, then the totals
 * per currency. The bucket columns follow --buckets.
 */
#include <getopt.h>

#include "app/report.h"
#include "cli/commands.h"

static const struct out_col item_cols[] = {
    OUT_COL("number", "Invoice", OUT_TEXT),
    OUT_COL("due_date", "Due", OUT_DATE),
    OUT_COL("days_overdue", "Days", OUT_INT),
    OUT_COL("balance", "Open", OUT_MONEY),
};

/* customer, currency, a column per bucket, credit, total, invoices */
#define AGING_MAX_COLS (AGING_MAX_BUCKETS + 5)

struct aging_out {
    struct out *o;
    const struct aging_buckets *b;
    /* The table holds each list's columns until it is printed: one
     * array for the rows, one for the totals. */
    struct out_col cols[AGING_MAX_COLS], total_cols[AGING_MAX_COLS];
    size_t ncols, ntotal_cols;
    int detail;
};

static size_t
columns(const struct aging_buckets *b, struct out_col *cols, int detail)
{
    size_t n = 0;

    cols[n++] = (struct out_col)OUT_COL("customer", "Customer", OUT_TEXT);
    cols[n++] = (struct out_col)OUT_COL("currency", "Currency", OUT_TEXT);
    for (size_t k = 0; k < b->n; k++)
        cols[n++] = (struct out_col)OUT_COL(b->label[k], b->label[k],
                                            OUT_MONEY);
    cols[n++] = (struct out_col)OUT_COL("unapplied_credit", "Credit",
                                        OUT_MONEY);
    cols[n++] = (struct out_col)OUT_COL("total", "Total", OUT_MONEY);
    if (detail)
        cols[n++] = (struct out_col)OUT_COL_LIST("invoices", "Invoices",
                                                 item_cols);
    return n;
}

static void
row(struct aging_out *ao, const struct aging_line *l, int detail)
{
    struct out *o = ao->o;

    out_row_begin(o);
    out_text(o, l->customer_id);
    out_text(o, l->currency);
    for (size_t k = 0; k < ao->b->n; k++)
        out_money(o, l->bucket[k], l->currency);
    out_money(o, l->credit, l->currency);
    out_money(o, l->net, l->currency);
    if (detail) {
        out_sublist_begin(o);
        for (size_t i = 0; i < l->nitems; i++) {
            out_row_begin(o);
            out_text(o, l->items[i].invoice_number);
            out_date(o, l->items[i].due_date);
            out_int(o, l->items[i].days_past_due);
            out_money(o, l->items[i].amount, l->currency);
            out_row_end(o);
        }
        out_list_end(o);
    }
    out_row_end(o);
}

static int
on_line(void *ctx, const struct aging_line *l, struct dun_err *err)
{
    struct aging_out *ao = ctx;

    (void)err;
    row(ao, l, ao->detail);
    return 0;
}

int
cmd_aging(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"detail", no_argument, NULL, 'd'},
        {"buckets", required_argument, NULL, 'b'},
        {NULL, 0, NULL, 0}};
    struct aging_buckets b;
    struct aging_out ao = { .b = &b };
    struct aging_totals t;
    struct dun_err err = DUN_ERR_INIT;
    const char *spec = "30,60,90";
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            ao.detail = 1;
        else if (c == 'b')
            spec = optarg;
        else
            return cli_usage(cli_find("aging"));
    }
    if (optind != argc)
        return cli_usage(cli_find("aging"));
    if (aging_buckets_parse(spec, &b) < 0) {
        fprintf(stderr, "dun: --buckets: increasing day counts such as "
                        "30,60,90\n");
        return EXIT_USAGE;
    }
    ao.o = cli_out(cli);
    out_field_date(ao.o, "as_of", "As of", cli->app.as_of);
    ao.ncols = columns(&b, ao.cols, ao.detail);
    ao.ntotal_cols = columns(&b, ao.total_cols, 0);
    out_list_begin(ao.o, "rows", "Open receivables", ao.cols, ao.ncols);
    if (report_aging(&cli->app, &b, on_line, &ao, &t, &err) < 0) {
        out_free(ao.o);
        return cli_fail(&err);
    }
    out_list_end(ao.o);
    out_list_begin(ao.o, "totals", "Totals", ao.total_cols, ao.ntotal_cols);
    for (size_t i = 0; i < t.n; i++)
        row(&ao, &t.lines[i], 0);
    out_list_end(ao.o);
    aging_totals_release(&t);
    return cli_out_done(ao.o);
}
