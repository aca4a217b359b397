/*
 * cmd_plan.c - dun plan CUSTOMER --amount X --installments N --first D
 * [--every DAYS] [--currency C]: a payment plan agreed on --as-of.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/events.h"
#include "cli/commands.h"
#include "core/date.h"

static int
day_arg(const char *name, const char *s, int32_t *out)
{
    if (date_parse(s, strlen(s), out) == 0)
        return 0;
    fprintf(stderr, "dun: --%s: not a date (YYYY-MM-DD): '%s'\n", name, s);
    return -1;
}

int
cmd_plan(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"amount", required_argument, NULL, 'a'},
        {"installments", required_argument, NULL, 'n'},
        {"first", required_argument, NULL, 'f'},
        {"every", required_argument, NULL, 'e'},
        {"currency", required_argument, NULL, 'c'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *amount = NULL, *currency = NULL;
    int32_t first = DATE_INVALID;
    long n = 0, every = 30;
    char *end;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'a': amount = optarg; break;
        case 'c': currency = optarg; break;
        case 'f':
            if (day_arg("first", optarg, &first) < 0)
                return EXIT_USAGE;
            break;
        case 'n':
        case 'e':
            *(c == 'n' ? &n : &every) = strtol(optarg, &end, 10);
            if (*end || !*optarg) {
                fprintf(stderr, "dun: --%s: a whole number\n",
                        c == 'n' ? "installments" : "every");
                return EXIT_USAGE;
            }
            break;
        default:
            return cli_usage(cli_find("plan"));
        }
    }
    if (optind != argc - 1 || !amount || !n || first == DATE_INVALID)
        return cli_usage(cli_find("plan"));
    if (n < 1 || n > 120 || every < 1 || every > 365) {
        fprintf(stderr, "dun: 1 to 120 installments, 1 to 365 days apart\n");
        return EXIT_USAGE;
    }
    if (event_plan(&cli->app, argv[optind], amount, currency, (size_t)n, first,
                   (int32_t)every, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "customer %s: payment plan of %ld installments "
                      "recorded\n", argv[optind], n);
    return EXIT_OK;
}
