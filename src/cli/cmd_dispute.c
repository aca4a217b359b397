/*
 * cmd_dispute.c - dun dispute open|resolve INVOICE --reason R: a disputed
 * invoice is left out of every message until it is resolved.
 */
#include <getopt.h>
#include <string.h>

#include "app/events.h"
#include "cli/commands.h"

int
cmd_dispute(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"reason", required_argument, NULL, 'r'}, {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *reason = NULL, *sub = argc > 1 ? argv[1] : "";
    int open = strcmp(sub, "open") == 0, c, rc;

    if (!open && strcmp(sub, "resolve") != 0)
        return cli_usage(cli_find("dispute"));
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c != 'r')
            return cli_usage(cli_find("dispute"));
        reason = optarg;
    }
    if (optind != argc - 1 || reason == NULL || !*reason)
        return cli_usage(cli_find("dispute"));
    rc = open ? event_dispute_open(&cli->app, argv[optind], reason, &err)
              : event_dispute_resolve(&cli->app, argv[optind], reason, &err);
    if (rc < 0)
        return cli_fail(&err);
    if (rc == 0) {
        dun_err_set(&err, DUN_E_CONFLICT, open ? "invoice %s: a dispute is "
                    "already open" : "invoice %s: no open dispute",
                    argv[optind]);
        return cli_fail(&err);
    }
    fprintf(cli->out, "invoice %s: dispute %s\n", argv[optind],
            open ? "opened" : "resolved");
    return EXIT_OK;
}
