/*
 * cmd_statement.c - dun statement CUSTOMER: the account in date order.
 *
 * Recomputes the customer's ledger as of --as-of and lists each document
 * with what it did: invoices raise the balance, payments and credit notes
 * lower it (naming the invoices they were applied to).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "core/date.h"
#include "core/ledger.h"
#include "core/money.h"
#include "core/xalloc.h"
#include "core/sort.h"

struct line {
    int32_t date;
    int rank; /* invoices, credit notes, payments: the ledger's order */
    const char *key;
    size_t idx;
};

static int
cmp_line(const void *pa, const void *pb)
{
    const struct line *a = pa, *b = pb;

    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if (a->rank != b->rank)
        return a->rank - b->rank;
    return strcmp(a->key, b->key);
}

/* Running balance per currency (a customer has few). */
struct running {
    char currency[4];
    int64_t balance;
};

static int64_t *
balance_of(struct running *r, size_t *n, const char *currency)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(r[i].currency, currency) == 0)
            return &r[i].balance;
    memcpy(r[*n].currency, currency, 4);
    r[*n].balance = 0;
    return &r[(*n)++].balance;
}

static void
print_applied(FILE *out, const struct ledger *lg, const struct store_docs *d,
              enum ledger_source kind, size_t source, const char *cur)
{
    char amt[32];

    for (size_t a = 0; a < lg->nallocs; a++) {
        const struct ledger_alloc *al = &lg->allocs[a];

        if (al->kind != kind || al->source != source)
            continue;
        fprintf(out, "%12s   applied %s to %s\n", "",
                cli_amount(al->amount, cur, amt), d->inv[al->invoice].number);
    }
}

int
cmd_statement(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    struct store_docs docs = {0};
    struct arena a = ARENA_INIT;
    struct ledger lg = LEDGER_INIT;
    struct customer c;
    struct line *lines = NULL;
    struct running *run = NULL;
    size_t nlines = 0, nrun = 0;
    int rc = EXIT_FAILED, found;

    if (argc != 2)
        return cli_usage(cli_find(argv[0]));
    found = cli->st->ops->customer_get(cli->st, argv[1], &c, NULL, &a, &err);
    if (found <= 0) {
        if (found == 0)
            dun_err_set(&err, DUN_E_NOTFOUND, "no customer '%s'", argv[1]);
        rc = cli_fail(&err);
        goto out;
    }
    if (cli->st->ops->docs_load(cli->st, c.id, &docs, &a, &err) < 0 ||
        ledger_compute(&lg, docs.inv, docs.ninv, docs.pay, docs.npay,
                       cli->as_of, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    lines = xcalloc(docs.ninv + docs.npay + 1, sizeof(*lines));
    run = xcalloc(docs.ninv + docs.npay + 1, sizeof(*run));
    for (size_t i = 0; i < docs.ninv; i++)
        if (docs.inv[i].issue_date <= cli->as_of)
            lines[nlines++] = (struct line){ docs.inv[i].issue_date,
                                             docs.inv[i].is_credit_note,
                                             docs.inv[i].number, i };
    for (size_t i = 0; i < docs.npay; i++)
        if (docs.pay[i].date <= cli->as_of)
            lines[nlines++] =
                (struct line){ docs.pay[i].date, 2, docs.pay[i].id, i };
    sort_array(lines, nlines, sizeof(*lines), cmp_line);

    {
        char iso[DATE_ISO_LEN + 1];

        date_iso(cli->as_of, iso);
        fprintf(cli->out, "Statement of account: %s (%s) as of %s\n\n", c.name,
                c.id, iso);
    }
    for (size_t k = 0; k < nlines; k++) {
        const struct line *l = &lines[k];
        char day[DATE_ISO_LEN + 1], due[DATE_ISO_LEN + 1];
        char amt[32], bal[32], open[32];
        const char *cur;
        int64_t *b, delta;

        date_iso(l->date, day);
        if (l->rank == 2) {
            cur = docs.pay[l->idx].currency;
            delta = -docs.pay[l->idx].amount;
        } else {
            cur = docs.inv[l->idx].currency;
            delta = l->rank ? -docs.inv[l->idx].total : docs.inv[l->idx].total;
        }
        b = balance_of(run, &nrun, cur);
        if (money_add(*b, delta, b) < 0) {
            dun_err_set(&err, DUN_E_INPUT, "balance overflows");
            rc = cli_fail(&err);
            goto out;
        }
        if (l->rank == 0) {
            date_iso(docs.inv[l->idx].due_date, due);
            fprintf(cli->out, "%s  invoice     %-16s due %s %14s %-3s  "
                    "balance %14s  open %s\n", day, l->key, due,
                    cli_amount(delta, cur, amt), cur,
                    cli_amount(*b, cur, bal),
                    cli_amount(docs.inv[l->idx].open, cur, open));
        } else {
            fprintf(cli->out, "%s  %-11s %-16s %18s %-3s  balance %14s\n",
                    day, l->rank == 1 ? "credit note" : "payment", l->key,
                    cli_amount(delta, cur, amt), cur,
                    cli_amount(*b, cur, bal));
            print_applied(cli->out, &lg, &docs,
                          l->rank == 1 ? LEDGER_FROM_CREDIT_NOTE
                                       : LEDGER_FROM_PAYMENT, l->idx, cur);
        }
    }
    fputc('\n', cli->out);
    for (size_t i = 0; i < nrun; i++) {
        char bal[32];

        fprintf(cli->out, "Balance %s: %s\n", run[i].currency,
                cli_amount(run[i].balance, run[i].currency, bal));
    }
    rc = EXIT_OK;
out:
    free(lines);
    free(run);
    ledger_release(&lg);
    store_docs_release(&docs);
    arena_release(&a);
    return rc;
}
