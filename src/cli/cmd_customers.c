/*
 * cmd_customers.c - dun customers: the customer list.
 */
#include "app/listings.h"
#include "cli/commands.h"

static const struct out_col customer_cols[] = {
    OUT_COL("id", "Id", OUT_TEXT),
    OUT_COL("name", "Name", OUT_TEXT),
    OUT_COL("email", "E-mail", OUT_TEXT),
    OUT_COL("country", "Country", OUT_TEXT),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("payment_terms_days", "Terms (days)", OUT_INT),
    OUT_COL("credit_limit", "Credit limit", OUT_MONEY),
};

static int
on_customer(void *ctx, const struct customer *c, struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_text(o, c->id);
    out_text(o, c->name);
    out_text(o, c->email);
    out_text(o, c->country);
    out_text(o, c->currency);
    out_int(o, c->terms_days);
    out_money(o, c->credit_limit, c->currency);
    out_row_end(o);
    return 0;
}

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    (void)ctx;
    return listing_customers(&cli->app, on_customer, o, err);
}

int
cmd_customers(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli_find(argv[0]));
    return cli_list(cli, "customers", "Customers", customer_cols,
                    sizeof(customer_cols) / sizeof(customer_cols[0]), scan,
                    NULL);
}
