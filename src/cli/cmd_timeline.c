/*
 * cmd_timeline.c - dun timeline CUSTOMER: everything known about a
 * customer in date order.
 */
#include "app/timeline.h"
#include "cli/commands.h"
#include "core/date.h"

int
cmd_timeline(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    struct timeline tl;
    int csv = cli->format == FORMAT_CSV;

    if (argc != 2 || cli->format == FORMAT_JSON)
        return cli_usage(cli_find("timeline"));
    if (timeline_build(&cli->app, argv[1], &tl, &err) < 0) {
        timeline_release(&tl);
        return cli_fail(&err);
    }
    fputs(csv ? "date,what,ref,amount,currency,detail\n" : "", cli->out);
    for (size_t i = 0; i < tl.n; i++) {
        const struct timeline_entry *e = &tl.entries[i];
        char day[DATE_ISO_LEN + 1], amount[32] = "";

        date_iso(e->date, day);
        if (e->currency[0])
            cli_amount(e->amount, e->currency, amount);
        if (csv) {
            fprintf(cli->out, "%s,", day);
            cli_csv_field(cli->out, e->what, 0);
            cli_csv_field(cli->out, e->ref, 0);
            fprintf(cli->out, "%s,%s,", amount, e->currency);
            cli_csv_field(cli->out, e->detail, 1);
        } else {
            fprintf(cli->out, "%s  %-16s %-12s %3s %12s  %s\n", day, e->what,
                    e->ref, e->currency, amount, e->detail);
        }
    }
    timeline_release(&tl);
    return EXIT_OK;
}
