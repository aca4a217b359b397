/*
 * cmd_demo.c - dun demo [--dir DIR]: a made-up business's year of
 * invoices and payments, imported through the same path as any file up
 * to six weeks before the as-of date; then six weeks of daily collection
 * cycles, with that day's invoices and payments arriving first; then a
 * summary: what was sent at which stage, what came in, aging before and
 * after, and DSO.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/demo_data.h"
#include "app/demo_slice.h"
#include "app/import.h"
#include "app/policies.h"
#include "app/run.h"
#include "cli/commands.h"
#include "core/date.h"
#include "core/money.h"

#define DEMO_CUSTOMERS 300
#define DEMO_SEED 20260630
#define DEMO_DAYS 42

struct tally {
    char stage[16][32];
    int64_t count[16];
    int nstages;
    int64_t messages, calls, approvals, skipped;
};

static int
import_slice(struct cli *cli, enum record_kind kind, const char *dir,
             const char *date_col, int32_t from, int32_t to,
             struct demo_sums *sums, struct dun_err *err)
{
    char src[4096], path[4200];
    struct import_opts o = { .kind = kind, .as_of = to, .path = path };
    struct import_report rep;
    int64_t rows;
    int rc;

    snprintf(src, sizeof(src), "%s/%s.csv", dir, format_kind_name(kind));
    snprintf(path, sizeof(path), "%s/.arriving-%s.csv", dir,
             format_kind_name(kind));
    if (demo_slice(src, path, date_col, from, to, "amount", "currency",
                   sums, &rows, err) < 0)
        return -1;
    if (rows == 0) {
        unlink(path);
        return 0;
    }
    import_report_init(&rep);
    rc = import_file(cli->st, &o, &rep, err);
    fputs(rep.errors.buf, stderr);
    import_report_release(&rep);
    unlink(path);
    return rc;
}

static int
on_decision(void *ctx, const struct run_decision *rd, struct dun_err *err)
{
    struct tally *t = ctx;
    int i;

    (void)err;
    if (!rd->d->act) {
        t->skipped += run_is_listed_skip(rd->d->reason);
        return 0;
    }
    for (i = 0; i < t->nstages; i++)
        if (strcmp(t->stage[i], rd->stage) == 0)
            break;
    if (i == t->nstages && t->nstages < 16)
        snprintf(t->stage[t->nstages++], sizeof(t->stage[0]), "%s",
                 rd->stage);
    if (i < 16)
        t->count[i]++;
    t->messages += (rd->d->channels & CHANNEL_EMAIL) != 0;
    t->messages += (rd->d->channels & CHANNEL_LETTER) != 0;
    t->calls += (rd->d->channels & CHANNEL_PHONE) != 0;
    t->approvals += rd->d->needs_approval;
    return 0;
}

/* The TOTAL lines of the aging report as of day. */
static int
aging_totals(struct cli *cli, int32_t day, const char *label)
{
    char *buf = NULL, *line, *save;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len), *out = cli->out;
    char *aging_argv[] = {"aging", NULL};
    int32_t as_of = cli->as_of;
    enum cli_format format = cli->format;
    int rc;

    if (mem == NULL)
        return EXIT_FAILED;
    cli->out = mem;
    cli->as_of = day;
    cli->format = FORMAT_CSV;
    rc = cmd_aging(cli, 1, aging_argv);
    fclose(mem);
    cli->out = out;
    cli->as_of = as_of;
    cli->format = format;
    for (line = strtok_r(buf, "\n", &save); line && rc == EXIT_OK;
         line = strtok_r(NULL, "\n", &save)) {
        char cur[4], c0[32], c1[32], c2[32], c3[32], c4[32], cr[32], tot[32];

        if (strncmp(line, "TOTAL,", 6) != 0 ||
            sscanf(line + 6, "%3[^,],%31[^,],%31[^,],%31[^,],%31[^,],"
                   "%31[^,],%31[^,],%31s", cur, c0, c1, c2, c3, c4, cr,
                   tot) != 8)
            continue;
        fprintf(cli->out, "  %-7s %s %12s %10s %10s %10s %10s %12s\n",
                label, cur, c0, c1, c2, c3, c4, tot);
    }
    free(buf);
    return rc;
}

int
cmd_demo(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"dir", required_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
    struct demo_data_opts dopt = { .customers = DEMO_CUSTOMERS,
                                   .as_of = cli->as_of, .seed = DEMO_SEED };
    struct dun_err err = DUN_ERR_INIT;
    struct demo_sums collected = { .n = 0 };
    char *dso_argv[] = {"dso", NULL};
    struct tally tally = { .nstages = 0 };
    const char *dir = "demo";
    int32_t start = date_add_days(cli->as_of, -DEMO_DAYS);
    char db[4096], iso[DATE_ISO_LEN + 1], from[DATE_ISO_LEN + 1];
    struct store_tenant tenant = {
        "Harper & Lane Ltd", "14 Mill Street\nBristol BS1 4DJ\nUnited Kingdom",
        "accounts@harperlane.example", "+44 117 496 0123",
        "GB33BUKB20201555555555", "BUKBGB22", "Barclays Bank UK PLC",
        "GB123456789", "Europe/London" };
    int c, rc = EXIT_FAILED;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'd')
            return cli_usage(cli_find("demo"));
        dir = optarg;
    }
    if (optind != argc)
        return cli_usage(cli_find("demo"));
    if (mkdir(dir, 0777) < 0 && errno != EEXIST) {
        char buf[128];
        dun_err_set(&err, DUN_E_IO, "%s: cannot create: %s", dir,
                    errstr(errno, buf, sizeof(buf)));
        return cli_fail(&err);
    }
    /* A fresh database every time: the demo must not pile up runs. */
    snprintf(db, sizeof(db), "%s/dun.db", dir);
    const char *sfx[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3; i++) {
        char p[4200];
        snprintf(p, sizeof(p), "%s%s", db, sfx[i]);
        unlink(p);
    }
    date_iso(cli->as_of, iso);
    date_iso(start, from);
    fprintf(cli->out, "dun demo: %d customers with a year of invoices and "
                      "payments (in %s)\n", DEMO_CUSTOMERS, dir);
    if (demo_data_write(dir, &dopt, &err) < 0)
        return cli_fail(&err);
    if ((cli->st = store_open(db, "default", 1, &err)) == NULL)
        return cli_fail(&err);
    if (policy_install_default(cli->st, start, &err) < 0 ||
        store_begin(cli->st, &err) < 0 ||
        cli->st->ops->tenant_put(cli->st, &tenant, &err) < 0 ||
        store_commit(cli->st, &err) < 0 ||
        import_slice(cli, REC_CUSTOMERS, dir, NULL, 0, start, NULL,
                     &err) < 0 ||
        import_slice(cli, REC_INVOICES, dir, "issue_date", INT32_MIN / 2,
                     start, NULL, &err) < 0 ||
        import_slice(cli, REC_PAYMENTS, dir, "date", INT32_MIN / 2, start,
                     NULL, &err) < 0)
        goto fail;
    fprintf(cli->out, "history imported up to %s; then %d days of daily "
                      "runs to %s, each day's invoices and payments "
                      "arriving first\n\n", from, DEMO_DAYS, iso);
    for (int32_t d = start + 1; d <= cli->as_of; d++) {
        struct run_opts ro = { .as_of = d };
        struct run_summary sum;

        if (import_slice(cli, REC_INVOICES, dir, "issue_date", d, d, NULL,
                         &err) < 0 ||
            import_slice(cli, REC_PAYMENTS, dir, "date", d, d, &collected,
                         &err) < 0 ||
            run_cycle(cli->st, &ro, on_decision, &tally, &sum, &err) < 0)
            goto fail;
    }
    fprintf(cli->out, "Planned in %d runs:\n", DEMO_DAYS);
    for (int i = 0; i < tally.nstages; i++)
        fprintf(cli->out, "  %-14s %5lld actions\n", tally.stage[i],
                (long long)tally.count[i]);
    fprintf(cli->out, "  %lld messages in the outbox (e-mails and letters),"
                      " %lld calls and %lld hand-offs for a person\n",
            (long long)tally.messages, (long long)tally.calls,
            (long long)tally.approvals);
    fprintf(cli->out, "Collected in those %d days:", DEMO_DAYS);
    for (int i = 0; i < collected.n; i++) {
        char amount[MONEY_FMT_MAX];

        money_format(collected.amount[i],
                     currency_exponent(collected.currency[i], 3), amount);
        fprintf(cli->out, "%s %s %s", i ? "," : "", collected.currency[i],
                amount);
    }
    fprintf(cli->out, "\n\nAging totals    cur      current       1-30      "
                      "31-60      61-90        91+    net total\n");
    if (aging_totals(cli, start, "before") != EXIT_OK ||
        aging_totals(cli, cli->as_of, "after") != EXIT_OK)
        goto out;
    fprintf(cli->out, "\nDays sales outstanding as of %s:\n", iso);
    if (cmd_dso(cli, 1, dso_argv) != EXIT_OK)
        goto out;
    fprintf(cli->out, "\nThe database is %s: try 'dun --db %s outbox', "
                      "'dun --db %s queue' or 'dun --db %s timeline C0002'."
                      "\n", db, db, db, db);
    rc = EXIT_OK;
    goto out;
fail:
    rc = cli_fail(&err);
out:
    store_close(cli->st);
    cli->st = NULL;
    return rc;
}
