/*
 * cmd_templates.c - dun templates check DIR | load DIR | list |
 * show [VERSION] [NAME] | export [--built-in] DIR (app/templates.h,
 * app/templates_export.h).
 *
 * check needs no database; export uses the one there is (the templates
 * in force), else the built-in templates; the others need it. They open
 * it here (the command table opens none for 'templates').
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "app/templates.h"
#include "app/templates_export.h"
#include "cli/commands.h"
#include "core/date.h"

/* Open the database, or go on without one when there is none. */
static int
open_if_there(struct cli *cli, struct dun_err *err)
{
    if (app_open(&cli->app, cli->db, 0, err) < 0 &&
        err->code != DUN_E_NOTFOUND)
        return -1;
    *err = (struct dun_err)DUN_ERR_INIT;
    return 0;
}

static void
summary(FILE *fp, const struct templates_report *r)
{
    fprintf(fp, "%zu template%s checked, %zu problem%s\n", r->checked,
            r->checked == 1 ? "" : "s", r->problems,
            r->problems == 1 ? "" : "s");
}

static int
check(const char *dir)
{
    struct templates_report r;
    struct dun_err err = DUN_ERR_INIT;
    int rc;

    templates_report_init(&r);
    rc = templates_check_dir(dir, &r, NULL, &err);
    if (rc < 0) {
        cli_fail(&err);
    } else if (r.problems) {
        cli_print_safe(stderr, r.lines.buf);
        summary(stderr, &r);
        rc = -1;
    } else {
        summary(stdout, &r);
    }
    templates_report_release(&r);
    return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

static int
load(struct cli *cli, const char *dir)
{
    struct templates_report r;
    struct dun_err err = DUN_ERR_INIT;
    int64_t version = 0;
    int unchanged = 0, rc;

    templates_report_init(&r);
    rc = templates_load_dir(&cli->app, dir, &r, &version, &unchanged, &err);
    if (rc < 0) {
        cli_print_safe(stderr, r.lines.buf);
        if (r.problems)
            summary(stderr, &r);
        cli_fail(&err);
    } else if (unchanged && version == 0) {
        fprintf(cli->out, "%s: unchanged: the built-in templates, in "
                "force; nothing stored\n", dir);
    } else if (unchanged) {
        fprintf(cli->out, "%s: unchanged: templates version %lld, in force; "
                "nothing stored\n", dir, (long long)version);
    } else {
        fprintf(cli->out, "%s: stored as templates version %lld\n", dir,
                (long long)version);
    }
    templates_report_release(&r);
    return rc < 0 ? EXIT_FAILED : EXIT_OK;
}

static const struct out_col version_cols[] = {
    OUT_COL("version", "Version", OUT_INT),
    OUT_COL("loaded_on", "Loaded on", OUT_DATE),
    OUT_COL("files", "Files", OUT_INT),
    OUT_COL("sha256", "SHA-256", OUT_TEXT),
    OUT_COL("in_force", "In force", OUT_BOOL),
    OUT_COL("source", "Source", OUT_TEXT),
};

/* The first 12 hex digits identify a version to a person. */
#define SHA_SHOWN 12

static int
on_version(void *ctx, const struct templates_version *v, struct dun_err *err)
{
    struct out *o = ctx;
    char sha[SHA_SHOWN + 1];

    (void)err;
    memcpy(sha, v->sha256, SHA_SHOWN);
    sha[SHA_SHOWN] = '\0';
    out_row_begin(o);
    out_int(o, v->version);
    out_date(o, v->loaded_on);
    out_int(o, v->files);
    out_text(o, sha);
    out_bool(o, v->in_force != 0);
    out_text(o, v->origin);
    out_row_end(o);
    return 0;
}

static int
scan_versions(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    (void)ctx;
    return templates_list(&cli->app, on_version, o, err);
}

static const struct out_col file_cols[] = {
    OUT_COL("template", "Template", OUT_TEXT),
    OUT_COL("bytes", "Bytes", OUT_INT),
};

static int
scan_files(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    const struct template_library *lib = ctx;

    (void)cli;
    (void)err;
    for (size_t i = 0; i < template_library_count(lib); i++) {
        size_t len;

        template_library_text(lib, i, &len);
        out_row_begin(o);
        out_text(o, template_library_name(lib, i));
        out_int(o, (int64_t)len);
        out_row_end(o);
    }
    return 0;
}

/* Without name the version's templates, one a row; with it ("de/notice
 * .text", ".mustache" optional) that template's text as it is. */
static int
show(struct cli *cli, int64_t version, const char *name)
{
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct template_library *lib = NULL;
    struct templates_version v;
    char key[128];
    const char *text;
    size_t len, n;
    int rc = templates_show(&cli->app, version, &v, &lib, &a, &err);

    if (rc < 0) {
        arena_release(&a);
        return cli_fail(&err);
    }
    if (name == NULL) {
        rc = cli_list(cli, "templates", "Templates", file_cols,
                      sizeof(file_cols) / sizeof(file_cols[0]), scan_files,
                      lib);
    } else {
        n = strlen(name);
        if (n > 9 && strcmp(name + n - 9, ".mustache") == 0)
            n -= 9;
        snprintf(key, sizeof(key), "%.*s", (int)n, name);
        text = template_library_find(lib, key, &len);
        if (text == NULL) {
            err = (struct dun_err)DUN_ERR_INIT;
            if (v.version)
                dun_err_set(&err, DUN_E_NOTFOUND, "no template %s in "
                            "templates version %lld", key,
                            (long long)v.version);
            else
                dun_err_set(&err, DUN_E_NOTFOUND, "no template %s in the "
                            "built-in templates", key);
            rc = cli_fail(&err);
        } else {
            fwrite(text, 1, len, cli->out);
            rc = EXIT_OK;
        }
    }
    template_library_free(lib);
    arena_release(&a);
    return rc;
}

/* VERSION as show takes it: a number from 0 (the built-in templates);
 * -1 if arg is none. */
static int64_t
version_arg(const char *arg)
{
    char *end;
    long long v;

    errno = 0;
    v = strtoll(arg, &end, 10);
    if (*arg < '0' || *arg > '9' || *end || v < 0 || errno == ERANGE)
        return -1;
    return v;
}

static int
export(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    int builtin = argc == 4;
    const char *dir = argv[argc - 1];
    int64_t written;

    if (!builtin && open_if_there(cli, &err) < 0)
        return cli_fail(&err);
    if (templates_export(builtin ? NULL : &cli->app, dir, &written,
                         &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "%lld templates written to %s\n", (long long)written,
            dir);
    return EXIT_OK;
}

int
cmd_templates(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    const char *sub = argc >= 2 ? argv[1] : "";
    const char *name = NULL;
    int64_t version = TEMPLATES_IN_FORCE;

    if (strcmp(sub, "check") == 0 && argc == 3)
        return check(argv[2]);
    if (strcmp(sub, "export") == 0 &&
        (argc == 3 || (argc == 4 && strcmp(argv[2], "--built-in") == 0)))
        return export(cli, argc, argv);
    if (strcmp(sub, "show") == 0 && argc >= 3 && argc <= 4) {
        /* VERSION, NAME or both, in that order. */
        if (argc == 4 || strchr(argv[2], '/') == NULL) {
            if ((version = version_arg(argv[2])) < 0)
                return cli_usage(cli_find("templates"));
            name = argc == 4 ? argv[3] : NULL;
        } else {
            name = argv[2];
        }
    } else if (!((strcmp(sub, "load") == 0 && argc == 3) ||
                 (strcmp(sub, "show") == 0 && argc == 2) ||
                 (strcmp(sub, "list") == 0 && argc == 2))) {
        return cli_usage(cli_find("templates"));
    }
    if (app_open(&cli->app, cli->db, 0, &err) < 0)
        return cli_fail(&err);
    if (strcmp(sub, "load") == 0)
        return load(cli, argv[2]);
    if (strcmp(sub, "show") == 0)
        return show(cli, version, name);
    return cli_list(cli, "versions", "Template versions", version_cols,
                    sizeof(version_cols) / sizeof(version_cols[0]),
                    scan_versions, NULL);
}
