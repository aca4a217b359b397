/*
 * cmd_plan.c - dun plan CUSTOMER --amount X --installments N --first D
 * [--every DAYS] [--currency C] [--invoice NUM]...: a payment plan agreed
 * on --as-of; dun plan list | show CUSTOMER | cancel CUSTOMER: the plans
 * in force on --as-of (app/plans.h).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/events.h"
#include "app/plans.h"
#include "cli/commands.h"
#include "core/date.h"

static const char *const view_words[] = {
    [PLAN_VIEW_KEPT] = "installments paid as they fall due",
    [PLAN_VIEW_COMPLETE] = "paid in full",
    [PLAN_VIEW_BROKEN] = "an installment was missed",
    [PLAN_VIEW_CANCELLED] = "cancelled: its invoices follow their ladder",
};

static const char *const step_words[] = {
    [PLAN_STEP_PAID] = "paid in full",
    [PLAN_STEP_OPEN] = "not yet due (with grace)",
    [PLAN_STEP_MISSED] = "short past its date and grace",
};

static const struct out_col plan_cols[] = {
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("made_on", "Made on", OUT_DATE),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("total", "Total", OUT_MONEY),
    OUT_COL("installments", "Installments", OUT_INT),
    OUT_COL("invoices", "Invoices", OUT_INT),
    OUT_COL("paid", "Paid", OUT_MONEY),
    OUT_COL("status", "Status", OUT_CODE),
};

static const struct out_col step_cols[] = {
    OUT_COL("seq", "#", OUT_INT),
    OUT_COL("due_date", "Due", OUT_DATE),
    OUT_COL("amount", "Amount", OUT_MONEY),
    OUT_COL("paid", "Paid", OUT_MONEY),
    OUT_COL("missing", "Missing", OUT_MONEY),
    OUT_COL("status", "Status", OUT_CODE),
};

static const struct out_col covered_cols[] = {
    OUT_COL("number", "Invoice", OUT_TEXT),
    OUT_COL("due_date", "Due", OUT_DATE),
    OUT_COL("open", "Open", OUT_MONEY),
    OUT_COL("paid", "Paid toward plan", OUT_MONEY),
};

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

static int
on_plan(void *ctx, const char *customer_id, const struct plan_view *v,
        struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_text(o, customer_id);
    out_date(o, v->made_on);
    out_text(o, v->currency);
    out_money(o, v->total, v->currency);
    out_int(o, (int64_t)v->n);
    out_int(o, (int64_t)v->ninvoices);
    out_money(o, v->paid, v->currency);
    out_code(o, plan_view_status_name(v->status), view_words[v->status]);
    out_row_end(o);
    return 0;
}

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    (void)ctx;
    return plans_list(&cli->app, on_plan, o, err);
}

static int
show(struct cli *cli, const char *customer_id)
{
    struct dun_err err = DUN_ERR_INIT;
    struct arena a = ARENA_INIT;
    struct plan_detail d;
    const struct plan_view *v = &d.v;
    const char *cur = d.v.currency;
    struct out *o;
    int rc;

    if (plans_show(&cli->app, customer_id, &d, &a, &err) < 0) {
        arena_release(&a);
        return cli_fail(&err);
    }
    o = cli_out(cli);
    out_field_text(o, "customer", "Customer", d.customer_id);
    out_field_date(o, "as_of", "As of", d.as_of);
    out_field_date(o, "made_on", "Made on", v->made_on);
    out_field_text(o, "currency", "Currency", cur);
    out_field_money(o, "total", "Total", v->total, cur);
    out_field_money(o, "paid", "Paid toward it", v->paid, cur);
    out_field_code(o, "status", "Status", plan_view_status_name(v->status),
                   view_words[v->status]);
    out_field_date(o, "broken_on", "Broken on", v->broken_on);
    out_field_date(o, "cancelled_on", "Cancelled on", v->cancelled_on);
    out_list_begin(o, "installments", "Installments", step_cols,
                   NCOLS(step_cols));
    for (size_t i = 0; i < v->n; i++) {
        const struct plan_step *s = &d.steps[i];

        out_row_begin(o);
        out_int(o, (int64_t)i + 1);
        out_date(o, s->due_date);
        out_money(o, s->amount, cur);
        out_money(o, s->paid, cur);
        out_money(o, s->missing, cur);
        out_code(o, plan_step_status_name(s->status), step_words[s->status]);
        out_row_end(o);
    }
    out_list_end(o);
    out_list_begin(o, "invoices", "Invoices", covered_cols,
                   NCOLS(covered_cols));
    for (size_t i = 0; i < v->ninvoices; i++) {
        const struct plan_covered *c = &d.invoices[i];

        out_row_begin(o);
        out_text(o, c->number);
        out_date(o, c->due_date);
        out_money(o, c->open, cur);
        out_money(o, c->paid, cur);
        out_row_end(o);
    }
    out_list_end(o);
    rc = cli_out_done(o);
    arena_release(&a);
    return rc;
}

static int
cancel(struct cli *cli, const char *customer_id)
{
    struct dun_err err = DUN_ERR_INIT;
    char made[DATE_ISO_LEN + 1];
    int32_t made_on;

    if (plans_cancel(&cli->app, customer_id, &made_on, &err) < 0)
        return cli_fail(&err);
    date_iso(made_on, made);
    fprintf(cli->out, "customer %s: payment plan of %s cancelled\n",
            customer_id, made);
    return EXIT_OK;
}


static int
make(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"amount", required_argument, NULL, 'a'},
        {"installments", required_argument, NULL, 'n'},
        {"first", required_argument, NULL, 'f'},
        {"every", required_argument, NULL, 'e'},
        {"currency", required_argument, NULL, 'c'},
        {"invoice", required_argument, NULL, 'i'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *amount = NULL, *currency = NULL;
    /* Every --invoice: at most one per argument. */
    const char **invoices = calloc((size_t)argc + 1, sizeof(*invoices));
    size_t ninvoices = 0;
    int32_t first = DATE_INVALID;
    long n = 0, every = 30;
    char *end;
    int c, rc = EXIT_USAGE;

    if (invoices == NULL) {
        fprintf(stderr, "dun: out of memory\n");
        return EXIT_FAILED;
    }
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a': amount = optarg; break;
        case 'c': currency = optarg; break;
        case 'i': invoices[ninvoices++] = optarg; break;
        case 'f':
            if (cli_date("--first", optarg, &first) < 0)
                goto out;
            break;
        case 'n':
        case 'e':
            *(c == 'n' ? &n : &every) = strtol(optarg, &end, 10);
            if (*end || !*optarg) {
                fprintf(stderr, "dun: --%s: a whole number\n",
                        c == 'n' ? "installments" : "every");
                goto out;
            }
            break;
        default:
            rc = cli_usage(cli_find("plan"));
            goto out;
        }
    }
    if (optind != argc - 1 || !n || first == DATE_INVALID) {
        rc = cli_usage(cli_find("plan"));
        goto out;
    }
    /* The bounds event_plan holds a plan to (a year apart at most, a
     * leap year's included), said here without opening a transaction. */
    if (n < 1 || n > 120 || every < 1 || every > 366) {
        fprintf(stderr, "dun: 1 to 120 installments, 1 to 366 days apart\n");
        goto out;
    }
    if (event_plan(&cli->app, argv[optind], amount, currency, (size_t)n,
                   first, (int32_t)every, invoices, ninvoices, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    fprintf(cli->out, "customer %s: payment plan of %ld installments "
                      "recorded\n", argv[optind], n);
    rc = EXIT_OK;
out:
    free(invoices);
    return rc;
}

int
cmd_plan(struct cli *cli, int argc, char **argv)
{
    /* The sub-commands take exactly these words; anything else makes a
     * plan, so a customer called "list" can still get one (with its
     * options). */
    if (argc == 2 && strcmp(argv[1], "list") == 0)
        return cli_list(cli, "plans", "Payment plans", plan_cols,
                        NCOLS(plan_cols), scan, NULL);
    if (argc == 3 && strcmp(argv[1], "show") == 0)
        return show(cli, argv[2]);
    if (argc == 3 && strcmp(argv[1], "cancel") == 0)
        return cancel(cli, argv[2]);
    return make(cli, argc, argv);
}
