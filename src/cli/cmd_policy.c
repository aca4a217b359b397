/*
 * cmd_policy.c - dun policy check FILE | load FILE | show [VERSION] | list.
 *
 * check needs no database; the others open it here (the command table
 * opens none for 'policy', so that check works anywhere).
 */
#include <stdlib.h>
#include <string.h>

#include "app/policies.h"
#include "cli/commands.h"
#include "core/date.h"

static int
check(const char *path)
{
    struct sbuf text = SBUF_INIT, errors = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct policy p;
    int rc = policy_check_file(path, &p, &text, &errors, &err);

    if (rc < 0)
        fputs(errors.buf, stderr);
    else
        printf("%s: policy is sound: %zu stages, %zu segments\n", path,
               p.nstages, p.nsegments);
    sbuf_release(&text);
    sbuf_release(&errors);
    return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

static int
load(struct cli *cli, struct store *st, const char *path)
{
    struct sbuf errors = SBUF_INIT;
    struct dun_err err = DUN_ERR_INIT;
    int64_t version;
    int rc = policy_load_file(st, path, cli->as_of, &version, &errors, &err);

    if (rc < 0) {
        fputs(errors.len ? errors.buf : "", stderr);
        if (!errors.len)
            cli_fail(&err);
        else
            fprintf(stderr, "dun: %s: not loaded\n", path);
    } else {
        fprintf(cli->out, "%s: stored as policy version %lld\n", path,
                (long long)version);
    }
    sbuf_release(&errors);
    return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

static int
show(struct cli *cli, struct store *st, int64_t version)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct store_policy sp;
    int rc = st->ops->policy_get(st, version, &sp, &a, &err);

    if (rc == 0 && version)
        dun_err_set(&err, DUN_E_NOTFOUND, "no policy version %lld",
                    (long long)version);
    else if (rc == 0)
        dun_err_set(&err, DUN_E_NOTFOUND, "no policy stored");
    if (rc == 1)
        fputs(sp.text, cli->out);
    arena_release(&a);
    return rc == 1 ? EXIT_OK : cli_fail(&err);
}

static int
on_version(void *ctx, const struct store_policy *p, struct dun_err *err)
{
    struct cli *cli = ctx;
    char day[DATE_ISO_LEN + 1];

    (void)err;
    date_iso(p->loaded_on, day);
    if (cli->format == FORMAT_CSV)
        fprintf(cli->out, "%lld,%s,", (long long)p->version, day);
    else
        fprintf(cli->out, "%7lld  %s  ", (long long)p->version, day);
    if (cli->format == FORMAT_CSV)
        cli_csv_field(cli->out, p->source, 1);
    else
        fprintf(cli->out, "%s\n", p->source);
    return 0;
}

static int
list(struct cli *cli, struct store *st)
{
    struct dun_err err = DUN_ERR_INIT;

    fputs(cli->format == FORMAT_CSV ? "version,loaded_on,source\n"
                                    : "version  loaded_on   source\n",
          cli->out);
    if (st->ops->policies_scan(st, on_version, cli, &err) < 0)
        return cli_fail(&err);
    return EXIT_OK;
}

int
cmd_policy(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    const char *sub = argc >= 2 ? argv[1] : "";
    int64_t version = 0;
    struct store *st;
    int rc;

    if (strcmp(sub, "check") == 0 && argc == 3)
        return check(argv[2]);
    if (strcmp(sub, "show") == 0 && argc == 3) {
        char *end;

        version = strtoll(argv[2], &end, 10);
        if (*end || version < 1)
            return cli_usage(cli_find("policy"));
    } else if (!((strcmp(sub, "load") == 0 && argc == 3) ||
                 (strcmp(sub, "show") == 0 && argc == 2) ||
                 (strcmp(sub, "list") == 0 && argc == 2))) {
        return cli_usage(cli_find("policy"));
    }
    if ((st = store_open(cli->db, "default", 0, &err)) == NULL)
        return cli_fail(&err);
    if (strcmp(sub, "load") == 0)
        rc = load(cli, st, argv[2]);
    else if (strcmp(sub, "show") == 0)
        rc = show(cli, st, version);
    else
        rc = list(cli, st);
    store_close(st);
    return rc;
}
