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
    OUT_COL("phone", "Phone", OUT_TEXT),
    OUT_COL("stage", "Stage", OUT_CODE),
    OUT_COL("planned_on", "Planned", OUT_DATE),
    OUT_COL("owed", "Owed", OUT_MONEY),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("reason", "Why not paid", OUT_CODE),
    OUT_COL("local_time", "Local time", OUT_TEXT),
    OUT_COL("call_from", "Call from", OUT_TEXT),
    OUT_COL("call_until", "Call until", OUT_TEXT),
    OUT_COL("timezone", "Time zone", OUT_TEXT),
    OUT_COL("note", "Decide", OUT_TEXT),
};

/* "HH:MM", a time of day in minutes. */
static void
hhmm(char *buf, size_t size, int minute)
{
    snprintf(buf, size, "%02d:%02d", minute / 60, minute % 60);
}

/* A call's hours: the policy's, on the customer's clock, where it has one
 * zone; in a set of zones today's as UTC times ("18:00Z"), the only
 * clock all its zones share; none (NULL) when no hour is allowed in all
 * of them today. */
static void
call_hours(const struct queue_item *it, char *from, char *until,
           size_t size, const char **pf, const char **pu)
{
    if (!it->zone_set) {
        hhmm(from, size, it->call_from);
        hhmm(until, size, it->call_until);
    } else if (it->call_after < it->call_before) {
        int64_t a = it->call_after % 86400, b = it->call_before % 86400;

        snprintf(from, size, "%02d:%02dZ", (int)(a / 3600),
                 (int)(a / 60 % 60));
        snprintf(until, size, "%02d:%02dZ", (int)(b / 3600),
                 (int)(b / 60 % 60));
    } else {
        *pf = *pu = NULL;
        return;
    }
    *pf = from;
    *pu = until;
}

/* The customer's local time: "14:05", or in a set of zones the range
 * from the westernmost to the easternmost ("04:05-10:05"). */
static const char *
local_time(const struct queue_item *it, char *buf, size_t size)
{
    char lo[32], hi[32];

    if (it->local_from < 0)
        return NULL;
    hhmm(lo, sizeof(lo), it->local_from);
    if (it->local_from == it->local_until)
        snprintf(buf, size, "%s", lo);
    else {
        hhmm(hi, sizeof(hi), it->local_until);
        snprintf(buf, size, "%s-%s", lo, hi);
    }
    return buf;
}

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
        char from[32], until[32], local[72];
        const char *pf = NULL, *pu = NULL;

        if (call)
            call_hours(it, from, until, sizeof(from), &pf, &pu);
        out_row_begin(o);
        out_code(o, it->what, NULL);
        out_text(o, it->customer_id);
        out_text(o, it->customer_name);
        out_text(o, call && it->phone[0] ? it->phone : NULL);
        out_code(o, it->stage, NULL);
        out_date(o, it->planned_on);
        if (it->currency[0])
            out_money(o, it->owed, it->currency);
        else
            out_null(o);
        out_text(o, it->currency[0] ? it->currency : NULL);
        out_code(o, it->reason[0] ? it->reason : NULL, NULL);
        out_text(o, call ? local_time(it, local, sizeof(local)) : NULL);
        out_text(o, pf);
        out_text(o, pu);
        out_text(o, call ? it->timezone : NULL);
        out_text(o, it->words);
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
