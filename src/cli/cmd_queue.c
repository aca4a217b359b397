/*
 * cmd_queue.c - dun queue: calls to make and stages to approve, most
 * valuable first; dun approve CUSTOMER [--refuse] decides an approval.
 */
#include <string.h>

#include "app/queue.h"
#include "cli/commands.h"
#include "core/date.h"

int
cmd_queue(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    struct queue q;
    int csv = cli->format == FORMAT_CSV;

    (void)argv;
    if (argc != 1 || cli->format == FORMAT_JSON)
        return cli_usage(cli_find("queue"));
    if (queue_build(&cli->app, &q, &err) < 0) {
        queue_release(&q);
        return cli_fail(&err);
    }
    fputs(csv ? "what,customer,name,stage,planned_on,owed,currency,reason,"
                "call_from,call_until,timezone\n" : "", cli->out);
    for (size_t i = 0; i < q.n; i++) {
        const struct queue_item *it = &q.items[i];
        char day[DATE_ISO_LEN + 1], owed[32] = "0.00", hours[48];

        date_iso(it->planned_on, day);
        if (it->currency[0])
            cli_amount(it->owed, it->currency, owed);
        /* Calls within the hours, the customer's local time. */
        if (strcmp(it->what, "call") == 0)
            snprintf(hours, sizeof(hours), "%02d:%02d,%02d:%02d,%s",
                     it->call_from / 60, it->call_from % 60,
                     it->call_until / 60, it->call_until % 60,
                     it->timezone);
        else
            snprintf(hours, sizeof(hours), csv ? ",," : "-");
        if (csv) {
            fprintf(cli->out, "%s,", it->what);
            cli_csv_field(cli->out, it->customer_id, 0);
            cli_csv_field(cli->out, it->customer_name, 0);
            fprintf(cli->out, "%s,%s,%s,%s,%s,%s\n", it->stage, day, owed,
                    it->currency, it->reason, hours);
        } else {
            if (hours[0] != '-') {
                hours[5] = '-';
                hours[11] = ' ';
            }
            fprintf(cli->out, "%-8s %-12s %-28.28s %-10s %s %12s %s %-12s "
                              "%s\n",
                    it->what, it->customer_id, it->customer_name, it->stage,
                    day, owed, it->currency,
                    it->reason[0] ? it->reason : "-", hours);
        }
    }
    queue_release(&q);
    return EXIT_OK;
}

int
cmd_approve(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    int refuse = argc == 3 && strcmp(argv[2], "--refuse") == 0;

    if (argc != 2 && !refuse)
        return cli_usage(cli_find("approve"));
    if (queue_decide(&cli->app, argv[1], !refuse, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "customer %s: %s\n", argv[1],
            refuse ? "refused" : "approved");
    return EXIT_OK;
}
