/*
 * cmd_customer.c - dun customer set ID [flags]: what the collection cycle
 * must know of a customer besides their documents.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/events.h"
#include "cli/commands.h"
#include "core/dunning.h"

int
cmd_customer(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"do-not-contact", no_argument, NULL, 'd'},
        {"no-do-not-contact", no_argument, NULL, 'D'},
        {"legal-hold", no_argument, NULL, 'l'},
        {"no-legal-hold", no_argument, NULL, 'L'},
        {"insolvent", no_argument, NULL, 'i'},
        {"no-insolvent", no_argument, NULL, 'I'},
        {"pre-due-notices", no_argument, NULL, 'p'},
        {"no-pre-due-notices", no_argument, NULL, 'P'},
        {"cash-flow-trouble", no_argument, NULL, 'c'},
        {"no-cash-flow-trouble", no_argument, NULL, 'C'},
        {"segment", required_argument, NULL, 's'},
        {"score", required_argument, NULL, 'n'},
        {"timezone", required_argument, NULL, 'z'},
        {NULL, 0, NULL, 0}};
    static const struct { int on, off; unsigned flag; } flags[] = {
        {'d', 'D', DUN_DO_NOT_CONTACT}, {'l', 'L', DUN_LEGAL_HOLD},
        {'i', 'I', DUN_INSOLVENT}, {'p', 'P', DUN_PRE_DUE_OPT_IN},
        {'c', 'C', DUN_CASH_FLOW},
    };
    struct dun_err err = DUN_ERR_INIT;
    struct customer_change ch = { .score = -2 };
    unsigned set = 0, clear = 0;
    int c;

    optind = 2;
    if (argc < 3 || strcmp(argv[1], "set") != 0)
        return cli_usage(cli_find("customer"));
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        size_t i;
        char *end;

        for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
            if (c == flags[i].on)
                set |= flags[i].flag, clear &= ~flags[i].flag;
            else if (c == flags[i].off)
                clear |= flags[i].flag, set &= ~flags[i].flag;
            else
                continue;
            break;
        }
        if (i < sizeof(flags) / sizeof(flags[0]))
            continue;
        if (c == 's') {
            ch.segment = optarg;
        } else if (c == 'z') {
            ch.timezone = optarg;
        } else if (c == 'n') {
            ch.score = (int)strtol(optarg, &end, 10);
            if (*end || !*optarg || ch.score < -1 || ch.score > 100) {
                fprintf(stderr, "dun: --score: 0 to 100, or -1 for none\n");
                return EXIT_USAGE;
            }
        } else {
            return cli_usage(cli_find("customer"));
        }
    }
    if (optind != argc - 1)
        return cli_usage(cli_find("customer"));
    ch.set_flags = set;
    ch.clear_flags = clear;
    if (event_customer_set(&cli->app, argv[optind], &ch, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "customer %s updated\n", argv[optind]);
    return EXIT_OK;
}
