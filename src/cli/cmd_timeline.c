/*
 * cmd_timeline.c - dun timeline CUSTOMER: everything known about a
 * customer in date order (app/timeline.h).
 */
#include "app/timeline.h"
#include "cli/commands.h"

static const struct out_col event_cols[] = {
    OUT_COL("date", "Date", OUT_DATE),
    OUT_COL("what", "What", OUT_CODE),
    OUT_COL("ref", "Ref", OUT_TEXT),
    OUT_COL("amount", "Amount", OUT_MONEY),
    OUT_COL("currency", "Currency", OUT_TEXT),
    OUT_COL("detail", "Detail", OUT_TEXT),
};

int
cmd_timeline(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;
    struct timeline tl;
    struct out *o;
    int rc;

    if (argc != 2)
        return cli_usage(cli_find("timeline"));
    if (timeline_build(&cli->app, argv[1], &tl, &err) < 0) {
        timeline_release(&tl);
        return cli_fail(&err);
    }
    o = cli_out(cli);
    out_field_text(o, "customer", "Customer", argv[1]);
    out_list_begin(o, "events", "Timeline", event_cols,
                   sizeof(event_cols) / sizeof(event_cols[0]));
    for (size_t i = 0; i < tl.n; i++) {
        const struct timeline_entry *e = &tl.entries[i];

        out_row_begin(o);
        out_date(o, e->date);
        out_code(o, e->what, NULL);
        out_text(o, e->ref);
        if (e->currency[0])
            out_money(o, e->amount, e->currency);
        else
            out_null(o);
        out_text(o, e->currency[0] ? e->currency : NULL);
        out_text(o, e->detail);
        out_row_end(o);
    }
    out_list_end(o);
    rc = cli_out_done(o);
    timeline_release(&tl);
    return rc;
}
