/*
 * cmd_init.c - dun init: create the database (the CLI_CREATE_DB flag does
 * that: opening with create applies every schema migration) and store the
 * default collection policy if it has none.
 */
#include "app/policies.h"
#include "cli/commands.h"

int
cmd_init(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;

    if (argc != 1)
        return cli_usage(cli_find(argv[0]));
    if (policy_install_default(&cli->app, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "database ready: %s\n", cli->db);
    return EXIT_OK;
}
