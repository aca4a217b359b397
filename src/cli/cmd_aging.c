/*
 * cmd_aging.c - dun aging [--detail] [--buckets 30,60,90].
 */
#include <getopt.h>
#include <string.h>

#include "app/report.h"
#include "cli/commands.h"
#include "core/date.h"
#include "core/sbuf.h"

struct aging_out {
    struct cli *cli;
    const struct aging_buckets *b;
    int detail;
    int nlines;
};

static void
print_line(struct aging_out *o, const struct aging_line *l)
{
    FILE *out = o->cli->out;
    char buf[32];

    if (o->cli->format == FORMAT_CSV) {
        cli_csv_field(out, l->customer_id, 0);
        cli_csv_field(out, l->currency, 0);
        for (size_t k = 0; k < o->b->n; k++)
            cli_csv_field(out, cli_amount(l->bucket[k], l->currency, buf), 0);
        cli_csv_field(out, cli_amount(l->credit, l->currency, buf), 0);
        cli_csv_field(out, cli_amount(l->net, l->currency, buf), 1);
        return;
    }
    fprintf(out, "%-14s %-3s", l->customer_id, l->currency);
    for (size_t k = 0; k < o->b->n; k++)
        fprintf(out, " %14s", cli_amount(l->bucket[k], l->currency, buf));
    fprintf(out, " %14s", cli_amount(l->credit, l->currency, buf));
    fprintf(out, " %14s\n", cli_amount(l->net, l->currency, buf));
    if (o->detail)
        for (size_t i = 0; i < l->nitems; i++) {
            char due[DATE_ISO_LEN + 1];

            date_iso(l->items[i].due_date, due);
            fprintf(out, "    %-20s due %s %5d days %14s\n",
                    l->items[i].invoice_number, due,
                    (int)l->items[i].days_past_due,
                    cli_amount(l->items[i].amount, l->currency, buf));
        }
}

static void
json_line(struct aging_out *o, const struct aging_line *l, struct sbuf *sb)
{
    char buf[32];

    sbuf_addstr(sb, "{\"customer\": \"");
    sbuf_add_json_str(sb, l->customer_id, strlen(l->customer_id));
    sbuf_addf(sb, "\", \"currency\": \"%s\"", l->currency);
    for (size_t k = 0; k < o->b->n; k++)
        sbuf_addf(sb, ", \"%s\": \"%s\"", o->b->label[k],
                  cli_amount(l->bucket[k], l->currency, buf));
    sbuf_addf(sb, ", \"unapplied_credit\": \"%s\"",
              cli_amount(l->credit, l->currency, buf));
    sbuf_addf(sb, ", \"total\": \"%s\"", cli_amount(l->net, l->currency, buf));
    if (o->detail) {
        sbuf_addstr(sb, ", \"invoices\": [");
        for (size_t i = 0; i < l->nitems; i++) {
            char due[DATE_ISO_LEN + 1];

            date_iso(l->items[i].due_date, due);
            sbuf_addstr(sb, i ? ", {\"number\": \"" : "{\"number\": \"");
            sbuf_add_json_str(sb, l->items[i].invoice_number,
                              strlen(l->items[i].invoice_number));
            sbuf_addf(sb, "\", \"due_date\": \"%s\", \"days_overdue\": %d, "
                      "\"balance\": \"%s\"}", due,
                      (int)l->items[i].days_past_due,
                      cli_amount(l->items[i].amount, l->currency, buf));
        }
        sbuf_addstr(sb, "]");
    }
    sbuf_addstr(sb, "}");
}

static int
on_line(void *ctx, const struct aging_line *l, struct dun_err *err)
{
    struct aging_out *o = ctx;

    (void)err;
    if (o->cli->format == FORMAT_JSON) {
        struct sbuf sb = SBUF_INIT;

        sbuf_addstr(&sb, o->nlines ? ",\n    " : "\n    ");
        json_line(o, l, &sb);
        fputs(sb.buf, o->cli->out);
        sbuf_release(&sb);
    } else {
        print_line(o, l);
    }
    o->nlines++;
    return 0;
}

static void
print_header(struct aging_out *o)
{
    FILE *out = o->cli->out;

    if (o->cli->format == FORMAT_JSON) {
        char iso[DATE_ISO_LEN + 1];

        date_iso(o->cli->app.as_of, iso);
        fprintf(out, "{\"as_of\": \"%s\", \"rows\": [", iso);
        return;
    }
    if (o->cli->format == FORMAT_CSV) {
        fputs("customer,currency", out);
        for (size_t k = 0; k < o->b->n; k++)
            fprintf(out, ",%s", o->b->label[k]);
        fputs(",unapplied_credit,total\n", out);
        return;
    }
    fprintf(out, "%-14s %-3s", "customer", "cur");
    for (size_t k = 0; k < o->b->n; k++)
        fprintf(out, " %14s", o->b->label[k]);
    fprintf(out, " %14s %14s\n", "credit", "total");
}

int
cmd_aging(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"detail", no_argument, NULL, 'd'},
        {"buckets", required_argument, NULL, 'b'},
        {NULL, 0, NULL, 0}};
    struct aging_buckets b;
    struct aging_out o = { .cli = cli, .b = &b };
    struct aging_totals t;
    struct dun_err err = DUN_ERR_INIT;
    const char *spec = "30,60,90";
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'd')
            o.detail = 1;
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
    print_header(&o);
    if (report_aging(&cli->app, &b, on_line, &o, &t, &err) < 0)
        return cli_fail(&err);
    if (cli->format == FORMAT_JSON) {
        struct sbuf sb = SBUF_INIT;

        sbuf_addstr(&sb, "\n  ], \"totals\": [");
        for (size_t i = 0; i < t.n; i++) {
            sbuf_addstr(&sb, i ? ",\n    " : "\n    ");
            json_line(&(struct aging_out){ .b = &b }, &t.lines[i], &sb);
        }
        sbuf_addstr(&sb, "\n  ]}\n");
        fputs(sb.buf, cli->out);
        sbuf_release(&sb);
    } else {
        int detail = o.detail;

        o.detail = 0;
        for (size_t i = 0; i < t.n; i++)
            print_line(&o, &t.lines[i]);
        o.detail = detail;
    }
    aging_totals_release(&t);
    return EXIT_OK;
}
