/*
 * cmd_statement.c - dun statement CUSTOMER [--pdf FILE]: the account in
 * date order (app/statement.h), each document with what it did to the
 * balance of its currency and, for payments and credit notes, where the
 * money went; with --pdf the same as a letter to send the customer
 * (app/statement_pdf.h).
 */
#include <getopt.h>

#include "app/statement.h"
#include "app/statement_pdf.h"
#include "cli/commands.h"
#include "core/date.h"

static const struct out_col applied_cols[] = {
    OUT_COL("invoice", "Applied to", OUT_TEXT),
    OUT_COL("amount", "Amount", OUT_MONEY),
};
static const struct out_col line_cols[] = {
    OUT_COL("date", "Date", OUT_DATE),
    OUT_COL("kind", "Kind", OUT_CODE),
    OUT_COL("ref", "Ref", OUT_TEXT),
    OUT_COL("due_date", "Due", OUT_DATE),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("amount", "Amount", OUT_MONEY),
    OUT_COL("balance", "Balance", OUT_MONEY),
    OUT_COL("open", "Open", OUT_MONEY),
    OUT_COL_LIST("applied", "Applied", applied_cols),
};
static const struct out_col balance_cols[] = {
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("balance", "Balance", OUT_MONEY),
};

static const char *const kind_names[] = {
    [STATEMENT_INVOICE] = "invoice",
    [STATEMENT_CREDIT_NOTE] = "credit_note",
    [STATEMENT_PAYMENT] = "payment",
};

static int
statement_to_pdf(struct cli *cli, const char *customer, const char *path)
{
    struct dun_err err = DUN_ERR_INIT;
    int pages = 0;

    if (statement_pdf_write(&cli->app, customer, path, &pages, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "%s: %d page%s\n", path, pages, pages == 1 ? "" : "s");
    return EXIT_OK;
}

int
cmd_statement(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"pdf", required_argument, NULL, 'p'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *pdf = NULL;
    struct statement s;
    struct out *o;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'p')
            return cli_usage(cli_find("statement"));
        pdf = optarg;
    }
    if (optind != argc - 1)
        return cli_usage(cli_find("statement"));
    if (pdf)
        return statement_to_pdf(cli, argv[optind], pdf);
    if (statement_build(&cli->app, argv[optind], &s, &err) < 0) {
        statement_release(&s);
        return cli_fail(&err);
    }
    o = cli_out(cli);
    out_field_text(o, "customer", "Customer", s.customer.id);
    out_field_text(o, "name", "Name", s.customer.name);
    out_field_date(o, "as_of", "As of", s.as_of);
    out_list_begin(o, "lines", "Statement of account", line_cols,
                   sizeof(line_cols) / sizeof(line_cols[0]));
    for (size_t k = 0; k < s.nlines; k++) {
        const struct statement_line *l = &s.lines[k];

        out_row_begin(o);
        out_date(o, l->date);
        out_code(o, kind_names[l->kind], NULL);
        out_text(o, l->ref);
        out_date(o, l->due_date);
        out_text(o, l->currency);
        out_money(o, l->amount, l->currency);
        out_money(o, l->balance, l->currency);
        if (l->kind == STATEMENT_INVOICE)
            out_money(o, l->open, l->currency);
        else
            out_null(o);
        out_sublist_begin(o);
        for (size_t a = 0; a < l->napplied; a++) {
            out_row_begin(o);
            out_text(o, l->applied[a].invoice_number);
            out_money(o, l->applied[a].amount, l->currency);
            out_row_end(o);
        }
        out_list_end(o);
        out_row_end(o);
    }
    out_list_end(o);
    out_list_begin(o, "balances", "Balances", balance_cols,
                   sizeof(balance_cols) / sizeof(balance_cols[0]));
    for (size_t i = 0; i < s.nbalances; i++) {
        out_row_begin(o);
        out_text(o, s.balances[i].currency);
        out_money(o, s.balances[i].balance, s.balances[i].currency);
        out_row_end(o);
    }
    out_list_end(o);
    rc = cli_out_done(o);
    statement_release(&s);
    return rc;
}
