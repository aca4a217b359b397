/*
 * cmd_import.c - dun import customers|invoices|payments FILE [--map M]
 * [--memory MB].
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/import.h"
#include "cli/commands.h"

/* A running row count on one terminal line, rewritten in place (the
 * line only grows). */
static void
progress(void *ctx, const char *path, int64_t rows, int64_t stored,
         int done)
{
    int *shown = ctx;

    fprintf(stderr, "\r%s: %lld rows read", path, (long long)rows);
    if (stored >= 0)
        fprintf(stderr, ", %lld stored", (long long)stored);
    fputs(done ? "\n" : "", stderr);
    *shown = !done;
}

int
cmd_import(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"map", required_argument, NULL, 'm'},
        {"memory", required_argument, NULL, 'M'}, {NULL, 0, NULL, 0}};
    struct import_opts o = { .kind = REC_CUSTOMERS };
    struct out *out;
    struct import_report rep;
    struct dun_err err = DUN_ERR_INIT;
    int c, kind, rc, shown = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        long mb;

        if (c == 'm') {
            o.mapping = optarg;
            continue;
        }
        if (c != 'M')
            return cli_usage(cli_find("import"));
        mb = strtol(optarg, &end, 10);
        if (end == optarg || *end || mb < 1 || mb > IMPORT_MEMORY_MAX_MB) {
            fprintf(stderr, "dun: --memory: 1 to %d (megabytes)\n",
                    IMPORT_MEMORY_MAX_MB);
            return EXIT_USAGE;
        }
        o.memory = (size_t)mb << 20;
    }
    if (argc - optind != 2 || (kind = format_kind(argv[optind])) < 0)
        return cli_usage(cli_find("import"));
    o.kind = (enum record_kind)kind;
    o.path = argv[optind + 1];
    if (isatty(STDERR_FILENO)) {
        o.progress = progress;
        o.progress_ctx = &shown;
    }
    import_report_init(&rep);
    rc = import_file(&cli->app, &o, &rep, &err);
    if (shown) /* failed midway: end the progress line */
        fputc('\n', stderr);
    cli_print_safe(stderr, rep.errors.buf);
    if (rep.nerrors > IMPORT_MAX_ERRORS)
        fprintf(stderr, "... and %lld more bad rows\n",
                (long long)(rep.nerrors - IMPORT_MAX_ERRORS));
    if (rc < 0) {
        import_report_release(&rep);
        return cli_fail(&err);
    }
    cli_print_safe(stderr, rep.changes.buf);
    if (rep.nchanges > IMPORT_MAX_CHANGES)
        fprintf(stderr, "... and %lld more updated rows\n",
                (long long)(rep.nchanges - IMPORT_MAX_CHANGES));
    /* Exports give an invoice one row per line: count rows, not
     * invoices, when there may be several per invoice. People get one
     * sentence; programs (csv, json) the counts as one record. */
    if (cli->format == OUT_TABLE) {
        fprintf(cli->out, "%s: %lld %s: %lld inserted, %lld updated, "
                          "%lld unchanged",
                o.path, (long long)rep.counts.rows,
                rep.grouped ? "invoice lines" : format_kind_name(o.kind),
                (long long)rep.counts.inserted, (long long)rep.counts.updated,
                (long long)rep.counts.unchanged);
        if (rep.counts.skipped)
            fprintf(cli->out, ", %lld skipped",
                    (long long)rep.counts.skipped);
        if (rep.paid_recorded)
            fprintf(cli->out, "; %lld paid amount%s recorded",
                    (long long)rep.paid_recorded,
                    rep.paid_recorded == 1 ? "" : "s");
        if (rep.reallocated)
            fprintf(cli->out, "; payments allocated again for %lld "
                    "customer%s", (long long)rep.reallocated,
                    rep.reallocated == 1 ? "" : "s");
        fputc('\n', cli->out);
        import_report_release(&rep);
        return EXIT_OK;
    }
    out = cli_out(cli);
    out_field_text(out, "file", "File", o.path);
    out_field_code(out, "kind", "Kind",
                   rep.grouped ? "invoice_lines" : format_kind_name(o.kind),
                   NULL);
    out_field_int(out, "rows", "Rows", rep.counts.rows);
    out_field_int(out, "inserted", "Inserted", rep.counts.inserted);
    out_field_int(out, "updated", "Updated", rep.counts.updated);
    out_field_int(out, "unchanged", "Unchanged", rep.counts.unchanged);
    out_field_int(out, "skipped", "Skipped", rep.counts.skipped);
    out_field_int(out, "paid_recorded", "Paid amounts recorded",
                  rep.paid_recorded);
    out_field_int(out, "reallocated", "Customers allocated again",
                  rep.reallocated);
    import_report_release(&rep);
    return cli_out_done(out);
}
