/*
 * cmd_letters.c - dun letters [--as-of D] --batch FILE.pdf | --each DIR:
 * the day's letters as PDF for the printer (app/print.h).
 */
#include <getopt.h>
#include <string.h>

#include "app/print.h"
#include "cli/commands.h"

int
cmd_letters(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"batch", required_argument, NULL, 'b'},
        {"each", required_argument, NULL, 'e'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    struct print_report r;
    const char *batch = NULL, *each = NULL;
    int c;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'b':
            batch = optarg;
            break;
        case 'e':
            each = optarg;
            break;
        default:
            return cli_usage(cli_find("letters"));
        }
    }
    if (optind != argc || (batch == NULL && each == NULL))
        return cli_usage(cli_find("letters"));
    if (print_letters(&cli->app, cli->app.as_of, batch, each, &r, &err) < 0)
        return cli_fail(&err);
    if (r.letters == 0)
        fprintf(cli->out, "no letters on that day: nothing written\n");
    else
        fprintf(cli->out, "%lld letters, %lld pages%s%s%s%s\n",
                (long long)r.letters, (long long)r.pages,
                batch ? ", " : "", batch ? batch : "", each ? ", " : "",
                each ? each : "");
    return EXIT_OK;
}
