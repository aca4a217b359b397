/*
 * cmd_templates.c - dun templates export DIR: the built-in message
 * templates as files to start a business's own from
 * (app/templates_export.h).
 */
#include <string.h>

#include "app/templates_export.h"
#include "cli/commands.h"

int
cmd_templates(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    int64_t written;

    if (argc != 3 || strcmp(argv[1], "export") != 0)
        return cli_usage(cli_find("templates"));
    if (templates_export(argv[2], &written, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "%lld templates written to %s\n", (long long)written,
            argv[2]);
    return EXIT_OK;
}
