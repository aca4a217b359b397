/*
 * cmd_policy.c - dun policy check FILE | load FILE | show [VERSION] | list.
 *
 * check needs no database, but holds the policy against the books of
 * one that is there; the others need it. They open it here (the command
 * table opens none for 'policy', so that check works anywhere).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/policies.h"
#include "cli/commands.h"
#include "core/date.h"

static int
check(struct cli *cli, const char *path)
{
    struct sbuf text = SBUF_INIT, errors = SBUF_INIT, warnings = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct policy p;
    int rc;

    /* No database, no books to hold the policy against: the file alone. */
    if (app_open(&cli->app, cli->db, 0, &err) < 0 &&
        err.code != DUN_E_NOTFOUND)
        return cli_fail(&err);
    err = (struct dun_err)DUN_ERR_INIT;
    rc = policy_check_file(&cli->app, path, &p, &text, &errors, &warnings,
                           &err);
    if (rc < 0 && !errors.len) {
        cli_fail(&err);
    } else if (rc < 0) {
        cli_print_safe(stderr, errors.buf);
    } else {
        cli_print_safe(stderr, warnings.buf);
        printf("%s: policy is sound: %zu stage%s, %zu segment%s\n", path,
               p.nstages, p.nstages == 1 ? "" : "s", p.nsegments,
               p.nsegments == 1 ? "" : "s");
    }
    sbuf_release(&text);
    sbuf_release(&errors);
    sbuf_release(&warnings);
    return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

static int
load(struct cli *cli, const char *path)
{
    struct sbuf errors = SBUF_INIT, warnings = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    int64_t version;
    int rc = policy_load_file(&cli->app, path, &version, &errors, &warnings,
                              &err);

    cli_print_safe(stderr, warnings.buf);
    if (rc < 0) {
        cli_print_safe(stderr, errors.buf);
        if (!errors.len)
            cli_fail(&err);
        else
            fprintf(stderr, "dun: %s: not loaded\n", path);
    } else {
        fprintf(cli->out, "%s: stored as policy version %lld\n", path,
                (long long)version);
    }
    sbuf_release(&errors);
    sbuf_release(&warnings);
    return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

/* The text as the file it came from (table: ready to save and edit), or
 * the version with its text as one record (csv, json). */
static int
show(struct cli *cli, int64_t version)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct policy_version sp;
    struct out *o;
    int rc = policy_show(&cli->app, version, &sp, &a, &err);

    if (rc < 0) {
        arena_release(&a);
        return cli_fail(&err);
    }
    if (cli->format == OUT_TABLE) {
        cli_print_safe(cli->out, sp.text);
        arena_release(&a);
        return EXIT_OK;
    }
    o = cli_out(cli);
    out_field_int(o, "version", "Version", sp.version);
    out_field_date(o, "loaded_on", "Loaded on", sp.loaded_on);
    out_field_text(o, "source", "Source", sp.source);
    out_field_text(o, "text", "Text", sp.text);
    rc = cli_out_done(o);
    arena_release(&a);
    return rc;
}

static const struct out_col version_cols[] = {
    OUT_COL("version", "Version", OUT_INT),
    OUT_COL("loaded_on", "Loaded on", OUT_DATE),
    OUT_COL("source", "Source", OUT_TEXT),
};

static int
on_version(void *ctx, const struct policy_version *p, struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_int(o, p->version);
    out_date(o, p->loaded_on);
    out_text(o, p->source);
    out_row_end(o);
    return 0;
}

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    (void)ctx;
    return policy_list(&cli->app, on_version, o, err);
}

int
cmd_policy(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    const char *sub = argc >= 2 ? argv[1] : "";
    int64_t version = 0;
    int rc;

    if (strcmp(sub, "check") == 0 && argc == 3)
        return check(cli, argv[2]);
    if (strcmp(sub, "show") == 0 && argc == 3) {
        char *end;

        /* As outbox show: a number past every version is no VERSION. */
        errno = 0;
        version = strtoll(argv[2], &end, 10);
        if (*end || version < 1 || errno == ERANGE)
            return cli_usage(cli_find("policy"));
    } else if (!((strcmp(sub, "load") == 0 && argc == 3) ||
                 (strcmp(sub, "show") == 0 && argc == 2) ||
                 (strcmp(sub, "list") == 0 && argc == 2))) {
        return cli_usage(cli_find("policy"));
    }
    if (app_open(&cli->app, cli->db, 0, &err) < 0)
        return cli_fail(&err);
    if (strcmp(sub, "load") == 0)
        rc = load(cli, argv[2]);
    else if (strcmp(sub, "show") == 0)
        rc = show(cli, version);
    else
        rc = cli_list(cli, "versions", "Policy versions", version_cols,
                      sizeof(version_cols) / sizeof(version_cols[0]), scan,
                      NULL);
    return rc;
}
