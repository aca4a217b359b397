/*
 * cmd_queue.c - dun queue: calls to make and stages to approve, most
 * valuable first; dun approve CUSTOMER [--refuse] decides an approval.
 */
#include <stdio.h>
#include <string.h>

#include "app/queue.h"
#include "cli/commands.h"

static const struct out_col task_cols[] = {
    OUT_COL("what", "What", OUT_CODE),
    OUT_COL("customer", "Customer", OUT_TEXT),
    OUT_COL("name", "Name", OUT_TEXT),
    OUT_COL("stage", "Stage", OUT_CODE),
    OUT_COL("planned_on", "Planned", OUT_DATE),
    OUT_COL("owed", "Owed", OUT_MONEY),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("reason", "Why not paid", OUT_CODE),
    OUT_COL("call_from", "Call from", OUT_TEXT),
    OUT_COL("call_until", "Call until", OUT_TEXT),
    OUT_COL("timezone", "Time zone", OUT_TEXT),
};

int
cmd_queue(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    struct queue q;
    struct out *o;
    int rc;

    (void)argv;
    if (argc != 1)
        return cli_usage(cli_find("queue"));
    if (queue_build(&cli->app, &q, &err) < 0) {
        queue_release(&q);
        return cli_fail(&err);
    }
    o = cli_out(cli);
    out_list_begin(o, "tasks", "Queue", task_cols,
                   sizeof(task_cols) / sizeof(task_cols[0]));
    for (size_t i = 0; i < q.n; i++) {
        const struct queue_item *it = &q.items[i];
        int call = strcmp(it->what, "call") == 0;
        char from[32], until[32];

        /* Calls within the hours, the customer's local time. */
        snprintf(from, sizeof(from), "%02d:%02d", it->call_from / 60,
                 it->call_from % 60);
        snprintf(until, sizeof(until), "%02d:%02d", it->call_until / 60,
                 it->call_until % 60);
        out_row_begin(o);
        out_code(o, it->what, NULL);
        out_text(o, it->customer_id);
        out_text(o, it->customer_name);
        out_code(o, it->stage, NULL);
        out_date(o, it->planned_on);
        if (it->currency[0])
            out_money(o, it->owed, it->currency);
        else
            out_null(o);
        out_text(o, it->currency[0] ? it->currency : NULL);
        out_code(o, it->reason[0] ? it->reason : NULL, NULL);
        out_text(o, call ? from : NULL);
        out_text(o, call ? until : NULL);
        out_text(o, call ? it->timezone : NULL);
        out_row_end(o);
    }
    out_list_end(o);
    rc = cli_out_done(o);
    queue_release(&q);
    return rc;
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
