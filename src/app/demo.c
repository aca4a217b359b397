/*
 * demo.c - the demo's orchestration; see demo.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/demo.h"
#include "app/demo_data.h"
#include "app/import.h"
#include "app/policies.h"
#include "app/run.h"
#include "app/tenant.h"
#include "core/date.h"

/* What a demo leaves in its directory; nothing else may be there. */
static const char *const demo_files[] = {
    DEMO_MARKER, "dun.db", "dun.db-wal", "dun.db-shm", "dun.db-journal",
    "customers.csv", "invoices.csv", "payments.csv",
    "customers.csv.tmp", "invoices.csv.tmp", "payments.csv.tmp",
    ".arriving-customers.csv", ".arriving-invoices.csv",
    ".arriving-payments.csv",
};
#define NDEMO_FILES (sizeof(demo_files) / sizeof(demo_files[0]))

static int
is_demo_file(const char *name)
{
    for (size_t i = 0; i < NDEMO_FILES; i++)
        if (strcmp(name, demo_files[i]) == 0)
            return 1;
    return 0;
}

/* Make dir the demo's: create it, or check that an existing one holds
 * nothing but an earlier demo's files (with its marker), then mark it. */
static int
claim_dir(const char *dir, struct dun_err *err)
{
    char why[128], path[4200];
    const char *stranger = NULL;
    int marked = 0, empty = 1, fd;
    struct dirent *de;
    DIR *d;

    if (mkdir(dir, 0777) < 0 && errno != EEXIST)
        return dun_err_set(err, DUN_E_IO, "%s: cannot create: %s", dir,
                           errstr(errno, why, sizeof(why)));
    if ((d = opendir(dir)) == NULL)
        return dun_err_set(err, DUN_E_IO, "%s: cannot read: %s", dir,
                           errstr(errno, why, sizeof(why)));
    while ((de = readdir(d)) != NULL && stranger == NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        empty = 0;
        if (strcmp(de->d_name, DEMO_MARKER) == 0)
            marked = 1;
        else if (!is_demo_file(de->d_name))
            stranger = de->d_name;
    }
    if (stranger)
        dun_err_set(err, DUN_E_CONFLICT, "%s: not the demo's directory: it "
                    "holds '%s'; the demo never overwrites what it did not "
                    "make: give an empty or new one with --dir", dir,
                    stranger);
    else if (!empty && !marked)
        dun_err_set(err, DUN_E_CONFLICT, "%s: holds files the demo did not "
                    "make (it has no %s marker): give an empty or new "
                    "directory with --dir", dir, DEMO_MARKER);
    closedir(d);
    if (stranger || (!empty && !marked))
        return -1;
    snprintf(path, sizeof(path), "%s/%s", dir, DEMO_MARKER);
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (fd < 0)
        return dun_err_set(err, DUN_E_IO, "%s: cannot write: %s", path,
                           errstr(errno, why, sizeof(why)));
    close(fd);
    return 0;
}

static int
on_decision(void *ctx, const struct run_decision *rd, struct dun_err *err)
{
    struct demo_result *r = ctx;
    int i;

    (void)err;
    if (!rd->d->act)
        return 0;
    for (i = 0; i < r->nstages; i++)
        if (strcmp(r->stages[i].stage, rd->stage) == 0)
            break;
    if (i == r->nstages && r->nstages < DEMO_MAX_STAGES)
        snprintf(r->stages[r->nstages++].stage, sizeof(r->stages[0].stage),
                 "%s", rd->stage);
    if (i < DEMO_MAX_STAGES)
        r->stages[i].actions++;
    r->messages += (rd->d->channels & CHANNEL_EMAIL) != 0;
    r->messages += (rd->d->channels & CHANNEL_LETTER) != 0;
    r->calls += (rd->d->channels & CHANNEL_PHONE) != 0;
    r->handoffs += rd->d->needs_approval;
    return 0;
}

/* Import the rows of DIR/KIND.csv dated from..to (all customers when
 * date_col is NULL), as they would arrive that day. */
static int
import_slice(struct app *app, enum record_kind kind, const char *dir,
             const char *date_col, int32_t from, int32_t to,
             struct demo_sums *sums, struct dun_err *err)
{
    char src[4200], path[4200];
    struct import_opts o = { .kind = kind, .path = path };
    struct import_report rep;
    struct app day = *app;
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
    day.as_of = to;
    import_report_init(&rep);
    rc = import_file(&day, &o, &rep, err);
    import_report_release(&rep);
    unlink(path);
    return rc;
}

/* A fresh database every time: the demo must not pile up runs. */
static void
remove_db(const char *db)
{
    static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};

    for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
        char p[4300];

        snprintf(p, sizeof(p), "%s%s", db, sfx[i]);
        unlink(p);
    }
}

int
demo_run(struct app *app, const char *dir, struct demo_result *r,
         struct dun_err *err)
{
    /* A UK company: its letters carry its company number and registered
     * office; the sort code and account are those of its IBAN. */
    static const struct tenant tenant = {
        .name = "Harper & Lane Ltd",
        .address = "14 Mill Street\nBristol BS1 4DJ\nUnited Kingdom",
        .email = "accounts@harperlane.example", .phone = "+44 117 496 0123",
        .iban = "GB33BUKB20201555555555", .bic = "BUKBGB22",
        .bank = "Barclays Bank UK PLC", .vat_id = "GB123456789",
        .timezone = "Europe/London", .language = "en", .legal_name = "",
        .legal_form = "Ltd", .register_court = "Registrar of Companies for "
        "England and Wales", .register_number = "01234567",
        .managing_directors = "", .registered_office = "14 Mill Street, "
        "Bristol BS1 4DJ", .share_capital = "",
        .website = "www.harperlane.example", .sort_code = "20-20-15",
        .account_number = "55555555", .ach_routing = "", .ach_account = "",
        .checks_payable_to = "", .remit_to = "", .country = "GB" };
    struct demo_data_opts dopt = { .customers = DEMO_CUSTOMERS,
                                   .as_of = app->as_of, .seed = DEMO_SEED };
    struct app demo = *app;
    int rc = -1;

    memset(r, 0, sizeof(*r));
    r->customers = DEMO_CUSTOMERS;
    r->days = DEMO_DAYS;
    r->to = app->as_of;
    r->from = date_add_days(app->as_of, -DEMO_DAYS);
    snprintf(r->db, sizeof(r->db), "%s/dun.db", dir);
    if (claim_dir(dir, err) < 0)
        return -1;
    remove_db(r->db);
    if (demo_data_write(dir, &dopt, err) < 0)
        return -1;
    demo.st = NULL;
    demo.as_of = r->from;
    if (app_open(&demo, r->db, 1, err) < 0)
        return -1;
    if (policy_install_default(&demo, err) < 0 ||
        tenant_set(&demo, &tenant, err) < 0 ||
        import_slice(&demo, REC_CUSTOMERS, dir, NULL, 0, r->from, NULL,
                     err) < 0 ||
        import_slice(&demo, REC_INVOICES, dir, "issue_date", INT32_MIN / 2,
                     r->from, NULL, err) < 0 ||
        import_slice(&demo, REC_PAYMENTS, dir, "date", INT32_MIN / 2,
                     r->from, NULL, err) < 0)
        goto out;
    aging_buckets_parse("30,60,90", &r->buckets);
    if (report_aging(&demo, &r->buckets, NULL, NULL, &r->before, err) < 0)
        goto out;
    for (int32_t d = r->from + 1; d <= r->to; d++) {
        struct run_opts ro = { .dry_run = 0 };
        struct run_summary sum;

        demo.as_of = d;
        if (import_slice(&demo, REC_INVOICES, dir, "issue_date", d, d, NULL,
                         err) < 0 ||
            import_slice(&demo, REC_PAYMENTS, dir, "date", d, d,
                         &r->collected, err) < 0 ||
            run_cycle(&demo, &ro, on_decision, r, &sum, err) < 0)
            goto out;
    }
    if (report_aging(&demo, &r->buckets, NULL, NULL, &r->after, err) < 0 ||
        report_dso(&demo, 90, &r->dso, &r->ndso, err) < 0)
        goto out;
    rc = 0;
out:
    app_close(&demo);
    return rc;
}

void
demo_result_release(struct demo_result *r)
{
    aging_totals_release(&r->before);
    aging_totals_release(&r->after);
    free(r->dso);
    r->dso = NULL;
    r->ndso = 0;
}
