/*
 * cmd_invoices.c - dun invoices [--open] [--customer ID]: invoices and
 * credit notes with what is still owed on them.
 */
#include <getopt.h>

#include "app/listings.h"
#include "cli/commands.h"

static const struct out_col invoice_cols[] = {
    OUT_COL("number", "Number", OUT_TEXT),
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("type", "Type", OUT_CODE),
    OUT_COL("issue_date", "Issued", OUT_DATE),
    OUT_COL("due_date", "Due", OUT_DATE),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("total", "Total", OUT_MONEY),
    OUT_COL("balance", "Open", OUT_MONEY),
};

static int
on_invoice(void *ctx, const struct invoice *inv, int64_t open,
           struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_text(o, inv->number);
    out_text(o, inv->customer_id);
    out_code(o, inv->type == INVOICE_CREDIT_NOTE ? "credit_note" : "invoice",
             NULL);
    out_date(o, inv->issue_date);
    out_date(o, inv->due_date);
    out_text(o, inv->currency);
    out_money(o, inv->total, inv->currency);
    out_money(o, open, inv->currency);
    out_row_end(o);
    return 0;
}

struct filter {
    const char *customer; /* NULL: everyone's */
    int open_only;
};

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    const struct filter *f = ctx;

    return listing_invoices(&cli->app, f->customer, f->open_only, on_invoice,
                            o, err);
}

int
cmd_invoices(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"open", no_argument, NULL, 'o'},
        {"customer", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0}};
    struct filter f = { NULL, 0 };
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'o')
            f.open_only = 1;
        else if (c == 'c')
            f.customer = optarg;
        else
            return cli_usage(cli_find("invoices"));
    }
    if (optind != argc)
        return cli_usage(cli_find("invoices"));
    /* A customer that does not exist is refused before the list begins:
     * no half a document on standard output. */
    if (f.customer) {
        struct dun_err err = DUN_ERR_INIT;
        struct arena a = ARENA_INIT;
        struct customer_view v;
        int rc = listing_customer(&cli->app, f.customer, &v, &a, &err);

        arena_release(&a);
        if (rc < 0)
            return cli_fail(&err);
    }
    return cli_list(cli, "invoices", "Invoices", invoice_cols,
                    sizeof(invoice_cols) / sizeof(invoice_cols[0]), scan,
                    &f);
}
