/*
 * cmd_demo.c - dun demo [--dir DIR]: sample data, imported through the
 * same path as any file, then the aging report and DSO.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/demo_data.h"
#include "app/import.h"
#include "app/policies.h"
#include "cli/commands.h"
#include "core/date.h"

#define DEMO_CUSTOMERS 300
#define DEMO_SEED 20260630

static int
import_one(struct cli *cli, enum record_kind kind, const char *dir,
           struct dun_err *err)
{
    char path[4096];
    struct import_opts o = { .kind = kind, .as_of = cli->as_of,
                             .path = path };
    struct import_report rep;
    int rc;

    snprintf(path, sizeof(path), "%s/%s.csv", dir, format_kind_name(kind));
    import_report_init(&rep);
    rc = import_file(cli->st, &o, &rep, err);
    fputs(rep.errors.buf, stderr);
    if (rc == 0)
        fprintf(cli->out, "imported %s: %lld rows\n", path,
                (long long)rep.counts.rows);
    import_report_release(&rep);
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
    const char *dir = "demo";
    char db[4096], iso[DATE_ISO_LEN + 1];
    char *aging_argv[] = {"aging", NULL}, *dso_argv[] = {"dso", NULL};
    int c, rc;

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
    fprintf(cli->out, "dun demo: %d customers, a year of invoices and "
                      "payments up to %s, in %s\n\n", DEMO_CUSTOMERS, iso, dir);
    if (demo_data_write(dir, &dopt, &err) < 0)
        return cli_fail(&err);
    if ((cli->st = store_open(db, 1, &err)) == NULL)
        return cli_fail(&err);
    if (policy_install_default(cli->st, cli->as_of, &err) < 0 ||
        import_one(cli, REC_CUSTOMERS, dir, &err) < 0 ||
        import_one(cli, REC_INVOICES, dir, &err) < 0 ||
        import_one(cli, REC_PAYMENTS, dir, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    fprintf(cli->out, "\nAging as of %s (totals at the end):\n", iso);
    if ((rc = cmd_aging(cli, 1, aging_argv)) != EXIT_OK)
        goto out;
    fprintf(cli->out, "\nDays sales outstanding:\n");
    rc = cmd_dso(cli, 1, dso_argv);
    if (rc == EXIT_OK)
        fprintf(cli->out, "\nThe database is %s: try 'dun --db %s "
                          "statement C0001'.\n", db, db);
out:
    store_close(cli->st);
    cli->st = NULL;
    return rc;
}
