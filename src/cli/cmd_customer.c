/*
 * cmd_customer.c - dun customer set ID [flags]: what the collection cycle
 * must know of a customer besides their documents.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/events.h"
#include "app/listings.h"
#include "cli/commands.h"
#include "core/dunning.h"

/* dun customer show ID: the record and what the cycle keeps of it. */
static int
show(struct cli *cli, const char *id)
{
    struct dun_err err = DUN_ERR_INIT;
    struct arena a = ARENA_INIT;
    struct customer_view v;
    struct out *o;
    int rc;

    if (listing_customer(&cli->app, id, &v, &a, &err) < 0) {
        arena_release(&a);
        return cli_fail(&err);
    }
    o = cli_out(cli);
    out_field_text(o, "id", "Id", v.c.id);
    out_field_text(o, "name", "Name", v.c.name);
    out_field_text(o, "email", "E-mail", v.c.email);
    out_field_text(o, "phone", "Phone", v.c.phone);
    out_field_text(o, "address", "Address", v.c.address);
    out_field_text(o, "city", "City", v.c.city);
    out_field_text(o, "postal_code", "Postal code", v.c.postal_code);
    out_field_text(o, "country", "Country", v.c.country);
    out_field_text(o, "language", "Language", v.c.language);
    out_field_text(o, "currency", "Currency", v.c.currency);
    out_field_int(o, "payment_terms_days", "Terms (days)", v.c.terms_days);
    out_field_money(o, "credit_limit", "Credit limit", v.c.credit_limit,
                    v.c.currency);
    out_field_bool(o, "do_not_contact", "Do not contact",
                   v.flags & DUN_DO_NOT_CONTACT);
    out_field_bool(o, "legal_hold", "Legal hold", v.flags & DUN_LEGAL_HOLD);
    out_field_bool(o, "insolvent", "Insolvent", v.flags & DUN_INSOLVENT);
    out_field_bool(o, "pre_due_notices", "Pre-due notices",
                   v.flags & DUN_PRE_DUE_OPT_IN);
    out_field_bool(o, "cash_flow_trouble", "Cash-flow trouble",
                   v.flags & DUN_CASH_FLOW);
    out_field_text(o, "segment", "Segment", v.segment[0] ? v.segment : NULL);
    if (v.score >= 0)
        out_field_int(o, "score", "Score", v.score);
    else
        out_field_text(o, "score", "Score", NULL);
    out_field_text(o, "timezone", "Time zone",
                   v.timezone[0] ? v.timezone : NULL);
    rc = cli_out_done(o);
    arena_release(&a);
    return rc;
}

int
cmd_customer(struct cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"do-not-contact", no_argument, NULL, 'd'},
        {"no-do-not-contact", no_argument, NULL, 'D'},
        {"legal-hold", no_argument, NULL, 'l'},
        {"no-legal-hold", no_argument, NULL, 'L'},
        {"insolvent", no_argument, NULL, 'i'},
        {"no-insolvent", no_argument, NULL, 'I'},
        {"pre-due-notices", no_argument, NULL, 'p'},
        {"no-pre-due-notices", no_argument, NULL, 'P'},
        {"cash-flow-trouble", no_argument, NULL, 'c'},
        {"no-cash-flow-trouble", no_argument, NULL, 'C'},
        {"segment", required_argument, NULL, 's'},
        {"score", required_argument, NULL, 'n'},
        {"timezone", required_argument, NULL, 'z'},
        {NULL, 0, NULL, 0}};
    static const struct { int on, off; unsigned flag; } flags[] = {
        {'d', 'D', DUN_DO_NOT_CONTACT}, {'l', 'L', DUN_LEGAL_HOLD},
        {'i', 'I', DUN_INSOLVENT}, {'p', 'P', DUN_PRE_DUE_OPT_IN},
        {'c', 'C', DUN_CASH_FLOW},
    };
    struct dun_err err = DUN_ERR_INIT;
    struct customer_change ch = { .score = -2 };
    unsigned set = 0, clear = 0;
    int c;

    optind = 2;
    if (argc == 3 && strcmp(argv[1], "show") == 0)
        return show(cli, argv[2]);
    if (argc < 3 || strcmp(argv[1], "set") != 0)
        return cli_usage(cli_find("customer"));
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        size_t i;
        char *end;

        for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
            if (c == flags[i].on)
                set |= flags[i].flag, clear &= ~flags[i].flag;
            else if (c == flags[i].off)
                clear |= flags[i].flag, set &= ~flags[i].flag;
            else
                continue;
            break;
        }
        if (i < sizeof(flags) / sizeof(flags[0]))
            continue;
        if (c == 's') {
            ch.segment = optarg;
        } else if (c == 'z') {
            ch.timezone = optarg;
        } else if (c == 'n') {
            ch.score = (int)strtol(optarg, &end, 10);
            if (*end || !*optarg || ch.score < -1 || ch.score > 100) {
                fprintf(stderr, "dun: --score: 0 to 100, or -1 for none\n");
                return EXIT_USAGE;
            }
        } else {
            return cli_usage(cli_find("customer"));
        }
    }
    if (optind != argc - 1)
        return cli_usage(cli_find("customer"));
    ch.set_flags = set;
    ch.clear_flags = clear;
    if (event_customer_set(&cli->app, argv[optind], &ch, &err) < 0)
        return cli_fail(&err);
    fprintf(cli->out, "customer %s updated\n", argv[optind]);
    return EXIT_OK;
}
