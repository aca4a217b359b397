/*
 * cmd_note.c - dun note|call CUSTOMER [--invoice N] [--reason R] TEXT:
 * a note, or the outcome of a call, in the customer's timeline; --reason
 * records why they do not pay (oversight, cash_flow, dissatisfied,
 * wrong_amount, other) and sets the matching track.
 */
#include <getopt.h>
#include <string.h>

#include "app/events.h"
#include "cli/commands.h"
#include "core/sbuf.h"

int
cmd_note(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"invoice", required_argument, NULL, 'i'},
        {"reason", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0}};
    struct dun_err err = DUN_ERR_INIT;
    const char *kind = argv[0], *invoice = NULL;
    struct sbuf text = SBUF_INIT;
    int reason = REASON_NONE, c, rc;

    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'i') {
            invoice = optarg;
        } else if (c == 'r') {
            if ((reason = pay_reason_parse(optarg)) < 0) {
                fprintf(stderr, "dun: --reason: oversight, cash_flow, "
                                "dissatisfied, wrong_amount or other\n");
                return EXIT_USAGE;
            }
        } else {
            return cli_usage(cli_find(kind));
        }
    }
    if (argc - optind < 2)
        return cli_usage(cli_find(kind));
    for (int i = optind + 1; i < argc; i++) {
        if (i > optind + 1)
            sbuf_addch(&text, ' ');
        sbuf_addstr(&text, argv[i]);
    }
    rc = event_note(&cli->app, kind, argv[optind], invoice,
                    (enum pay_reason)reason, text.buf, &err);
    sbuf_release(&text);
    if (rc < 0)
        return cli_fail(&err);
    fprintf(cli->out, "customer %s: %s recorded\n", argv[optind], kind);
    return EXIT_OK;
}
