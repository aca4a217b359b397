/*
 * cmd_check.c - dun check [--repair]: the kept balances agree with the
 * ledger, and the store's index of invoice numbers and payment ids with
 * the documents; --repair makes both anew first.
 */
#include <string.h>

#include "app/check.h"
#include "cli/commands.h"

int
cmd_check(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    int repair = argc == 2 && strcmp(argv[1], "--repair") == 0;

    if (argc != 1 && !repair)
        return cli_usage(cli_find(argv[0]));
    if (repair && (balances_rebuild(&cli->app, &err) < 0 ||
                   doc_keys_rebuild(&cli->app, &err) < 0))
        return cli_fail(&err);
    if (balances_verify(&cli->app, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "balances agree with the ledger%s\n",
            repair ? " (rebuilt)" : "");
    if (doc_keys_verify(&cli->app, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "every invoice number and payment id is found at its "
            "document%s\n", repair ? " (rebuilt)" : "");
    return EXIT_OK;
}
