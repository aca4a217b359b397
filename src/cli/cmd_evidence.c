/*
 * cmd_evidence.c - dun evidence add SEQ --kind K --ref R [--file F]:
 * proof of posting or delivery attached to a message (app/evidence.h).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/evidence.h"
#include "cli/commands.h"

int
cmd_evidence(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"kind", required_argument, NULL, 'k'},
        {"ref", required_argument, NULL, 'r'},
        {"file", required_argument, NULL, 'f'},
        {NULL, 0, NULL, 0}};
    const char *kind = NULL, *ref = NULL, *file = NULL;
    struct evidence_added added;
    struct dun_err err = DUN_ERR_INIT;
    long long seq;
    char *end;
    int c;

    if (argc < 3 || strcmp(argv[1], "add") != 0)
        return cli_usage(cli_find("evidence"));
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c == 'k')
            kind = optarg;
        else if (c == 'r')
            ref = optarg;
        else if (c == 'f')
            file = optarg;
        else
            return cli_usage(cli_find("evidence"));
    }
    if (!kind || !ref || optind != argc - 1)
        return cli_usage(cli_find("evidence"));
    errno = 0;
    seq = strtoll(argv[optind], &end, 10);
    if (*end || end == argv[optind] || seq < 1 || errno == ERANGE)
        return cli_usage(cli_find("evidence"));
    if (evidence_add(&cli->app, seq, kind, ref, file, &added, &err) < 0)
        return cli_fail(&err);
    if (file)
        fprintf(cli->out, "message %lld: evidence %d added (%lld bytes, "
                "sha256 %s)\n", seq, added.n, (long long)added.file_len,
                added.sha256_hex);
    else
        fprintf(cli->out, "message %lld: evidence %d added\n", seq, added.n);
    return EXIT_OK;
}
