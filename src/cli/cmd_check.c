/*
 * cmd_check.c - dun check: the kept balances agree with the ledger.
 */
#include "app/balances.h"
#include "cli/commands.h"

int
cmd_check(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;

    if (argc != 1)
        return cli_usage(cli_find(argv[0]));
    if (balances_verify(cli->st, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "balances agree with the ledger\n");
    return EXIT_OK;
}
