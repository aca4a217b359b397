/*
 * cmd_run.c - dun run [--dry-run]: the daily collection cycle.
 *
 * The JSON follows DESIGN.md section 5: one action per customer and
 * currency (a customer owing in two currencies gets one message, listed
 * as two actions with one total each), and the customers skipped with
 * why. Actions stream as the run decides them; the skipped customers
 * follow in a second list, so they are kept until the run ends.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/run.h"
#include "cli/commands.h"
#include "core/arena.h"
#include "core/sbuf.h"
#include "core/xalloc.h"

static const struct out_col invoice_cols[] = {
    OUT_COL("number", "Invoice", OUT_TEXT),
    OUT_COL("days_overdue", "Days overdue", OUT_INT),
    OUT_COL("balance", "Open", OUT_MONEY),
    OUT_COL("currency", "Currency", OUT_TEXT),
};
static const struct out_col action_cols[] = {
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("stage", "Stage", OUT_CODE),
    OUT_COL("channels", "Channels", OUT_WORDS),
    OUT_COL("handoff", "Hand-off", OUT_BOOL),
    OUT_COL("needs_approval", "For approval", OUT_BOOL),
    OUT_COL("total_overdue", "Total overdue", OUT_MONEY),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL_LIST("invoices", "Invoices", invoice_cols),
};
static const struct out_col skip_cols[] = {
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("reason", "Reason", OUT_CODE),
    OUT_COL("error", "Error", OUT_TEXT),
};

struct skipped {
    const char *customer;
    enum dun_reason reason;
    const char *error;
};

struct run_out {
    struct cli *cli;
    int dry_run;
    struct out *o; /* NULL until begun (begin) */
    struct skipped *skipped;
    size_t nskipped, cap;
    struct arena arena; /* the skipped customers' strings */
};

/* "email letter" for the channels a decision uses. */
static const char *
channel_words(unsigned channels, char *buf, size_t size)
{
    static const char *const names[] = {"email", "letter", "phone"};
    const char *parts[6]; /* the names, a space between two, the end */
    size_t n = 0;

    for (int i = 0; i < 3; i++)
        if (channels & (1u << i)) {
            if (n)
                parts[n++] = " ";
            parts[n++] = names[i];
        }
    parts[n] = NULL;
    str_join(buf, size, parts);
    return buf;
}

/* One action: one currency of one customer's message. */
static void
action(struct out *o, const struct run_decision *rd,
       const struct dun_total *t)
{
    char channels[64];

    out_row_begin(o);
    out_text(o, rd->customer_id);
    out_code(o, rd->stage, NULL);
    out_words(o, channel_words(rd->d->channels, channels, sizeof(channels)));
    out_bool(o, rd->d->handoff);
    out_bool(o, rd->d->needs_approval);
    out_money(o, t->overdue, t->currency);
    out_text(o, t->currency);
    out_sublist_begin(o);
    for (size_t i = 0; i < rd->nitems; i++) {
        const struct dun_item *it = &rd->items[i];

        if (rd->d->in_message[i] != DUN_ROLE_STAGE ||
            strcmp(it->currency, t->currency))
            continue;
        out_row_begin(o);
        out_text(o, it->number);
        out_int(o, it->days_overdue);
        out_money(o, it->balance, it->currency);
        out_text(o, it->currency);
        out_row_end(o);
    }
    out_list_end(o);
    out_row_end(o);
}

/* The document's head, once there is something to say: a run refused
 * before its first decision (a date out of order, the business's
 * details missing) prints its error and no half a document. */
static void
begin(struct run_out *ro)
{
    if (ro->o)
        return;
    ro->o = cli_out(ro->cli);
    out_field_date(ro->o, "as_of", "As of", ro->cli->app.as_of);
    out_field_bool(ro->o, "dry_run", "Dry run", ro->dry_run);
    out_list_begin(ro->o, "actions", "Actions", action_cols,
                   sizeof(action_cols) / sizeof(action_cols[0]));
}

static int
on_decision(void *ctx, const struct run_decision *rd, struct dun_err *err)
{
    struct run_out *ro = ctx;
    struct skipped *s;

    (void)err;
    begin(ro);
    if (rd->d->act) {
        for (size_t i = 0; i < rd->d->ntotals; i++)
            action(ro->o, rd, &rd->d->totals[i]);
        return 0;
    }
    if (!run_is_listed_skip(rd->d->reason))
        return 0;
    if (ro->nskipped == ro->cap) {
        ro->cap = ro->cap ? ro->cap * 2 : 64;
        ro->skipped = xreallocarray(ro->skipped, ro->cap,
                                    sizeof(*ro->skipped));
    }
    s = &ro->skipped[ro->nskipped++];
    s->customer = arena_strndup(&ro->arena, rd->customer_id,
                                strlen(rd->customer_id));
    s->reason = rd->d->reason;
    s->error = rd->error ? arena_strndup(&ro->arena, rd->error,
                                         strlen(rd->error))
                         : NULL;
    return 0;
}

int
cmd_run(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dry-run", no_argument, NULL, 'n'}, {NULL, 0, NULL, 0}};
    struct run_opts opt = { 0 };
    struct run_out ro = { .cli = cli, .arena = ARENA_INIT };
    struct run_summary sum;
    struct dun_err err = DUN_ERR_INIT;
    int c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'n')
            return cli_usage(cli_find("run"));
        opt.dry_run = 1;
    }
    if (optind != argc)
        return cli_usage(cli_find("run"));
    ro.dry_run = opt.dry_run;
    if (run_cycle(&cli->app, &opt, on_decision, &ro, &sum, &err) < 0) {
        out_free(ro.o);
        rc = cli_fail(&err);
        goto out;
    }
    begin(&ro); /* no customer owing: the head, an empty list */
    out_list_end(ro.o);
    for (size_t i = 0; i < sum.nmissing; i++)
        fprintf(stderr, "dun: warning: a real run would refuse: messages "
                "need %s\n", sum.missing[i]);
    out_list_begin(ro.o, "skipped", "Skipped", skip_cols,
                   sizeof(skip_cols) / sizeof(skip_cols[0]));
    for (size_t i = 0; i < ro.nskipped; i++) {
        out_row_begin(ro.o);
        out_text(ro.o, ro.skipped[i].customer);
        out_code(ro.o, dun_reason_name(ro.skipped[i].reason),
                 dun_reason_words(ro.skipped[i].reason));
        out_text(ro.o, ro.skipped[i].error);
        out_row_end(ro.o);
    }
    out_list_end(ro.o);
    out_field_int(ro.o, "policy_version", "Policy version",
                  sum.policy_version);
    out_field_int(ro.o, "customers_owing", "Customers owing", sum.customers);
    out_field_int(ro.o, "planned", opt.dry_run ? "Actions due"
                                                 : "Actions planned",
                  sum.planned);
    rc = cli_out_done(ro.o);
    if (rc == EXIT_OK && sum.errors) {
        /* Everyone else was handled and recorded; the exit status says
         * the run was partial. */
        fprintf(stderr, "dun: run partial: %lld customer%s could not be "
                "handled (listed as skipped: error)\n", (long long)sum.errors,
                sum.errors == 1 ? "" : "s");
        rc = EXIT_FAILED;
    }
out:
    free(ro.skipped);
    arena_release(&ro.arena);
    return rc;
}
