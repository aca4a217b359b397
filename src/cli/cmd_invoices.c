/*
 * cmd_invoices.c - dun invoices [--open] [--customer ID].
 */
#include <getopt.h>
#include <string.h>

#include "app/listings.h"
#include "cli/commands.h"
#include "core/date.h"
#include "core/sbuf.h"

static int
on_invoice(void *ctx, const struct invoice *inv, int64_t open,
           struct dun_err *err)
{
    struct cli *cli = ctx;
    char issue[DATE_ISO_LEN + 1], due[DATE_ISO_LEN + 1], total[32], bal[32];
    const char *type = inv->type == INVOICE_CREDIT_NOTE ? "credit_note"
                                                         : "invoice";

    (void)err;
    date_iso(inv->issue_date, issue);
    date_iso(inv->due_date, due);
    cli_amount(inv->total, inv->currency, total);
    cli_amount(open, inv->currency, bal);
    if (cli->format == FORMAT_CSV) {
        cli_csv_field(cli->out, inv->number, 0);
        cli_csv_field(cli->out, inv->customer_id, 0);
        fprintf(cli->out, "%s,%s,%s,%s,%s,%s\n", type, issue, due,
                inv->currency, total, bal);
    } else if (cli->format == FORMAT_JSON) {
        struct sbuf sb = SBUF_INIT;

        sbuf_addstr(&sb, "{\"number\": \"");
        sbuf_add_json_str(&sb, inv->number, strlen(inv->number));
        sbuf_addstr(&sb, "\", \"customer\": \"");
        sbuf_add_json_str(&sb, inv->customer_id, strlen(inv->customer_id));
        sbuf_addf(&sb, "\", \"type\": \"%s\", \"issue_date\": \"%s\", "
                  "\"due_date\": \"%s\", \"currency\": \"%s\", \"total\": "
                  "\"%s\", \"balance\": \"%s\"}\n", type, issue, due,
                  inv->currency, total, bal);
        fputs(sb.buf, cli->out);
        sbuf_release(&sb);
    } else {
        fprintf(cli->out, "%-16s %-12s %s %s %-3s %14s %14s%s\n", inv->number,
                inv->customer_id, issue, due, inv->currency, total, bal,
                inv->type == INVOICE_CREDIT_NOTE ? "  credit note" : "");
    }
    return 0;
}

int
cmd_invoices(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"open", no_argument, NULL, 'o'},
        {"customer", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *customer = NULL;
    int open_only = 0, c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'o')
            open_only = 1;
        else if (c == 'c')
            customer = optarg;
        else
            return cli_usage(cli_find("invoices"));
    }
    if (optind != argc)
        return cli_usage(cli_find("invoices"));
    if (cli->format == FORMAT_CSV)
        fputs("number,customer,type,issue_date,due_date,currency,total,"
              "balance\n", cli->out);
    if (listing_invoices(&cli->app, customer, open_only, on_invoice, cli,
                         &err) < 0)
        return cli_fail(&err);
    return EXIT_OK;
}
