/*
 * cmd_config.c - dun config list | get KEY | set KEY VALUE | unset KEY:
 * the business's settings for sending (app/config.h).
 */
#include <string.h>

#include "app/config.h"
#include "cli/commands.h"

static const struct out_col cols[] = {
    OUT_COL("key", "Key", OUT_TEXT),
    OUT_COL("value", "Value", OUT_TEXT),
    OUT_COL("set", "Set", OUT_BOOL),
    OUT_COL("about", "About", OUT_TEXT),
};

static int
on_entry(void *ctx, const struct config_entry *e, struct dun_err *err)
{
    struct out *o = ctx;

    (void)err;
    out_row_begin(o);
    out_text(o, e->key);
    out_text(o, e->value);
    out_bool(o, e->is_set);
    out_text(o, e->about);
    out_row_end(o);
    return 0;
}

static int
scan(struct cli *cli, struct out *o, void *ctx, struct dun_err *err)
{
    (void)ctx;
    return config_list(&cli->app, on_entry, o, err);
}

static int
get(struct cli *cli, const char *key)
{
    struct config_entry e;
    struct arena a = ARENA_INIT;
    struct dun_err err = DUN_ERR_INIT;
    struct out *o;
    int rc;

    if (config_get(&cli->app, key, &e, &a, &err) < 0) {
        arena_release(&a);
        return cli_fail(&err);
    }
    if (cli->format == OUT_TABLE) {
        cli_print_safe(cli->out, e.value);
        fputc('\n', cli->out);
        arena_release(&a);
        return EXIT_OK;
    }
    o = cli_out(cli);
    out_field_text(o, "key", "Key", e.key);
    out_field_text(o, "value", "Value", e.value);
    out_field_bool(o, "set", "Set", e.is_set);
    rc = cli_out_done(o);
    arena_release(&a);
    return rc;
}

int
cmd_config(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    const char *sub = argc >= 2 ? argv[1] : "list";

    if (strcmp(sub, "list") == 0 && argc <= 2)
        return cli_list(cli, "settings", "Settings", cols,
                        sizeof(cols) / sizeof(cols[0]), scan, NULL);
    if (strcmp(sub, "get") == 0 && argc == 3)
        return get(cli, argv[2]);
    if (strcmp(sub, "set") == 0 && argc == 4) {
        if (config_set(&cli->app, argv[2], argv[3], &err) < 0)
            return cli_fail(&err);
        fprintf(cli->out, "%s set\n", argv[2]);
        return EXIT_OK;
    }
    if (strcmp(sub, "unset") == 0 && argc == 3) {
        if (config_unset(&cli->app, argv[2], &err) < 0)
            return cli_fail(&err);
        fprintf(cli->out, "%s unset\n", argv[2]);
        return EXIT_OK;
    }
    return cli_usage(cli_find("config"));
}
