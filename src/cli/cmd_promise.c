/*
 * cmd_promise.c - dun promise CUSTOMER --amount X --by D [--currency C]:
 * no contact until the date (plus the policy's grace); broken, the
 * ladder resumes and the next message says so.
 */
#include <getopt.h>
#include <string.h>

#include "app/events.h"
#include "cli/commands.h"
#include "core/date.h"

int
cmd_promise(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"amount", required_argument, NULL, 'a'},
        {"by", required_argument, NULL, 'b'},
        {"currency", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *amount = NULL, *currency = NULL;
    int32_t by = DATE_INVALID;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'a') {
            amount = optarg;
        } else if (c == 'c') {
            currency = optarg;
        } else if (c == 'b') {
            if (cli_date("--by", optarg, &by) < 0)
                return EXIT_USAGE;
        } else {
            return cli_usage(cli_find("promise"));
        }
    }
    if (optind != argc - 1 || amount == NULL || by == DATE_INVALID)
        return cli_usage(cli_find("promise"));
    if (event_promise(&cli->app, argv[optind], amount, currency, by, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "customer %s: promise recorded\n", argv[optind]);
    return EXIT_OK;
}
