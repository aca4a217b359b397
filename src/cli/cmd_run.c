/*
 * cmd_run.c - dun run [--dry-run]: the daily collection cycle.
 *
 * JSON follows DESIGN.md section 5: one action per customer and currency
 * (a customer owing in two currencies gets one message, listed as two
 * actions with one total each), and the customers skipped with why.
 */
#include <getopt.h>
#include <string.h>

#include "app/run.h"
#include "cli/commands.h"
#include "core/date.h"
#include "core/policy.h"

struct out {
    struct cli *cli;
    int32_t as_of;
    int started;         /* the JSON head is out */
    int nactions;
    struct sbuf skipped; /* JSON objects, or table lines */
    int nskipped;
};

static void
json_channels(FILE *f, unsigned channels)
{
    static const char *const names[] = {"email", "letter", "phone"};
    int n = 0;

    fputc('[', f);
    for (int i = 0; i < 3; i++)
        if (channels & (1u << i))
            fprintf(f, "%s\"%s\"", n++ ? ", " : "", names[i]);
    fputc(']', f);
}

static void
json_str(FILE *f, const char *s)
{
    struct sbuf sb = SBUF_INIT;

    sbuf_add_json_str(&sb, s, strlen(s));
    fprintf(f, "\"%s\"", sb.buf);
    sbuf_release(&sb);
}

/* One action (one currency of one customer's message) as JSON. */
static void
json_action(struct out *o, const struct run_decision *rd,
            const struct dun_total *t)
{
    FILE *f = o->cli->out;
    char amount[32];
    int n = 0;

    fputs(o->nactions++ ? ",\n  " : "\n  ", f);
    fputs("{\"customer\": ", f);
    json_str(f, rd->customer_id);
    fputs(", \"stage\": ", f);
    json_str(f, rd->stage);
    fputs(", \"channels\": ", f);
    json_channels(f, rd->d->channels);
    fputs(", \"invoices\": [", f);
    for (size_t i = 0; i < rd->nitems; i++) {
        const struct dun_item *it = &rd->items[i];

        if (!rd->d->in_message[i] || strcmp(it->currency, t->currency))
            continue;
        fputs(n++ ? ", {\"number\": " : "{\"number\": ", f);
        json_str(f, it->number);
        fprintf(f, ", \"days_overdue\": %d, \"balance\": \"%s\", "
                   "\"currency\": \"%s\"}",
                (int)it->days_overdue,
                cli_amount(it->balance, it->currency, amount), it->currency);
    }
    fprintf(f, "], \"total_overdue\": \"%s\", \"currency\": \"%s\"}",
            cli_amount(t->overdue, t->currency, amount), t->currency);
}

static void
table_action(struct out *o, const struct run_decision *rd,
             const struct dun_total *t)
{
    char amount[32], channels[64];
    size_t n = 0;

    for (size_t i = 0; i < rd->nitems; i++)
        if (rd->d->in_message[i] && !strcmp(rd->items[i].currency,
                                            t->currency))
            n++;
    policy_channels_str(rd->d->channels, channels, sizeof(channels));
    fprintf(o->cli->out, "%-12s %-12s %-20s %3s %14s %3zu invoice%s%s\n",
            rd->customer_id, rd->stage,
            rd->d->handoff ? "hand-off" : channels, t->currency,
            cli_amount(t->overdue, t->currency, amount), n,
            n == 1 ? "" : "s",
            rd->d->needs_approval ? " (for approval)" : "");
    o->nactions++;
}

/* The JSON head goes out with the first decision, so that a run that
 * fails before it prints nothing on stdout. */
static void
start(struct out *o)
{
    char day[DATE_ISO_LEN + 1];

    if (o->started++ || o->cli->format != FORMAT_JSON)
        return;
    date_iso(o->as_of, day);
    fprintf(o->cli->out, "{\"as_of\": \"%s\", \"actions\": [", day);
}

static int
on_decision(void *ctx, const struct run_decision *rd, struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    start(o);
    if (rd->d->act) {
        for (size_t i = 0; i < rd->d->ntotals; i++) {
            if (o->cli->format == FORMAT_JSON)
                json_action(o, rd, &rd->d->totals[i]);
            else
                table_action(o, rd, &rd->d->totals[i]);
        }
    } else if (run_is_listed_skip(rd->d->reason)) {
        const char *why = dun_reason_name(rd->d->reason);

        if (o->cli->format == FORMAT_JSON) {
            sbuf_addstr(&o->skipped, o->nskipped ? ",\n  " : "\n  ");
            sbuf_addstr(&o->skipped, "{\"customer\": \"");
            sbuf_add_json_str(&o->skipped, rd->customer_id,
                              strlen(rd->customer_id));
            sbuf_addf(&o->skipped, "\", \"reason\": \"%s\"", why);
            if (rd->error) {
                sbuf_addstr(&o->skipped, ", \"error\": \"");
                sbuf_add_json_str(&o->skipped, rd->error, strlen(rd->error));
                sbuf_addch(&o->skipped, '"');
            }
            sbuf_addch(&o->skipped, '}');
        } else {
            sbuf_addf(&o->skipped, "%-12s skipped: %s%s%s\n", rd->customer_id,
                      why, rd->error ? ": " : "", rd->error ? rd->error : "");
        }
        o->nskipped++;
    }
    return 0;
}

int
cmd_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
    struct run_opts ro = { 0 };
    struct out o = { .cli = cli, .as_of = cli->app.as_of,
                     .skipped = SBUF_INIT };
    struct run_summary sum;
    struct dun_err err = DUN_ERR_INIT;
    char day[DATE_ISO_LEN + 1];
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'n')
            return cli_usage(cli_find("run"));
        ro.dry_run = 1;
    }
    if (optind != argc || cli->format == FORMAT_CSV)
        return cli_usage(cli_find("run"));
    date_iso(cli->app.as_of, day);
    rc = run_cycle(&cli->app, &ro, on_decision, &o, &sum, &err);
    if (rc == 0)
        start(&o);
    if (rc == 0 && cli->format == FORMAT_JSON)
        fprintf(cli->out, "%s], \"skipped\": [%s%s]}\n",
                o.nactions ? "\n" : "", o.skipped.buf,
                o.nskipped ? "\n" : "");
    else if (rc == 0)
        fprintf(cli->out, "%s%s as of %s, policy version %lld: %lld "
                "customers owing, %lld actions %s, %lld skipped\n",
                o.skipped.buf, ro.dry_run ? "dry run" : "run", day,
                (long long)sum.policy_version, (long long)sum.customers,
                (long long)sum.planned, ro.dry_run ? "due" : "planned",
                (long long)sum.skipped);
    sbuf_release(&o.skipped);
    if (rc < 0)
        return cli_fail(&err);
    if (sum.errors) {
        /* Everyone else was handled and recorded; the exit status says
         * the run was partial. */
        fprintf(stderr, "dun: run partial: %lld customer%s could not be "
                "handled (listed as skipped: error)\n", (long long)sum.errors,
                sum.errors == 1 ? "" : "s");
        return EXIT_FAILED;
    }
    return EXIT_OK;
}
