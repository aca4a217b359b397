/*
 * cmd_init.c - dun init: create the database (the CLI_CREATE_DB flag does
 * the work: opening with create applies every schema migration).
 */
#include "cli/commands.h"

int
cmd_init(struct cli *cli, int argc, char **argv)
{
    if (argc != 1)
        return cli_usage(cli_find(argv[0]));
    fprintf(cli->out, "database ready: %s\n", cli->db);
    return EXIT_OK;
}
