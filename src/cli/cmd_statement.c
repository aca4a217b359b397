/*
 * cmd_statement.c - dun statement CUSTOMER: the account in date order
 * (app/statement.h), each document with what it did to the balance.
 */
#include "app/statement.h"
#include "cli/commands.h"
#include "core/date.h"

int
cmd_statement(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    struct statement s;
    char iso[DATE_ISO_LEN + 1];

    if (argc != 2)
        return cli_usage(cli_find(argv[0]));
    if (statement_build(&cli->app, argv[1], &s, &err) < 0) {
        statement_release(&s);
        return cli_fail(&err);
    }
    date_iso(s.as_of, iso);
    fprintf(cli->out, "Statement of account: %s (%s) as of %s\n\n",
            s.customer.name, s.customer.id, iso);
    for (size_t k = 0; k < s.nlines; k++) {
        const struct statement_line *l = &s.lines[k];
        char day[DATE_ISO_LEN + 1], due[DATE_ISO_LEN + 1];
        char amt[32], bal[32], open[32];

        date_iso(l->date, day);
        cli_amount(l->amount, l->currency, amt);
        cli_amount(l->balance, l->currency, bal);
        if (l->kind == STATEMENT_INVOICE) {
            date_iso(l->due_date, due);
            fprintf(cli->out, "%s  invoice     %-16s due %s %14s %-3s  "
                    "balance %14s  open %s\n", day, l->ref, due, amt,
                    l->currency, bal, cli_amount(l->open, l->currency, open));
            continue;
        }
        fprintf(cli->out, "%s  %-11s %-16s %18s %-3s  balance %14s\n", day,
                l->kind == STATEMENT_CREDIT_NOTE ? "credit note" : "payment",
                l->ref, amt, l->currency, bal);
        for (size_t a = 0; a < l->napplied; a++)
            fprintf(cli->out, "%12s   applied %s to %s\n", "",
                    cli_amount(l->applied[a].amount, l->currency, amt),
                    l->applied[a].invoice_number);
    }
    fputc('\n', cli->out);
    for (size_t i = 0; i < s.nbalances; i++) {
        char bal[32];

        fprintf(cli->out, "Balance %s: %s\n", s.balances[i].currency,
                cli_amount(s.balances[i].balance, s.balances[i].currency,
                           bal));
    }
    statement_release(&s);
    return EXIT_OK;
}
