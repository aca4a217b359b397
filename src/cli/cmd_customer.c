/*
 * cmd_customer.c - dun customer show ID | set ID [options]: the customer's
 * record (name, contact details, where and who it is) and what the
 * collection cycle must know of it besides its documents.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/events.h"
#include "app/listings.h"
#include "cli/commands.h"
#include "core/contact.h"
#include "core/dunning.h"
#include "core/sbuf.h"

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
    out_field_text(o, "region", "Region", v.c.region);
    out_field_text(o, "language", "Language", v.c.language);
    out_field_text(o, "currency", "Currency", v.c.currency);
    out_field_int(o, "payment_terms_days", "Terms (days)", v.c.terms_days);
    out_field_money(o, "credit_limit", "Credit limit", v.c.credit_limit,
                    v.c.currency);
    out_field_text(o, "kind", "Kind", contact_kind_name(v.c.kind));
    out_field_bool(o, "do_not_contact", "Do not contact",
                   v.flags & DUN_DO_NOT_CONTACT);
    out_field_bool(o, "legal_hold", "Legal hold", v.flags & DUN_LEGAL_HOLD);
    out_field_bool(o, "insolvent", "Insolvent", v.flags & DUN_INSOLVENT);
    out_field_bool(o, "pre_due_notices", "Pre-due notices",
                   v.flags & DUN_PRE_DUE_OPT_IN);
    out_field_bool(o, "cash_flow_trouble", "Cash-flow trouble",
                   v.flags & DUN_CASH_FLOW);
    out_field_bool(o, "email_not_working", "E-mail not working",
                   v.flags & DUN_EMAIL_BAD);
    out_field_text(o, "segment", "Segment", v.segment[0] ? v.segment : NULL);
    if (v.score >= 0)
        out_field_int(o, "score", "Score", v.score);
    else
        out_field_text(o, "score", "Score", NULL);
    out_field_text(o, "timezone", "Time zone",
                   v.timezone[0] ? v.timezone : NULL);
    /* Last, so that the columns before it stay where scripts read them. */
    out_field_text(o, "contact_name", "Contact name", v.c.contact_name);
    rc = cli_out_done(o);
    arena_release(&a);
    return rc;
}

/* Long options without a letter: values past any char. */
enum {
    OPT_NAME = 256, OPT_EMAIL, OPT_PHONE, OPT_ADDRESS, OPT_CITY,
    OPT_POSTAL_CODE, OPT_COUNTRY, OPT_REGION, OPT_LANGUAGE, OPT_KIND,
    OPT_CONTACT_NAME,
};

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
        {"name", required_argument, NULL, OPT_NAME},
        {"email", required_argument, NULL, OPT_EMAIL},
        {"phone", required_argument, NULL, OPT_PHONE},
        {"address", required_argument, NULL, OPT_ADDRESS},
        {"city", required_argument, NULL, OPT_CITY},
        {"postal-code", required_argument, NULL, OPT_POSTAL_CODE},
        {"country", required_argument, NULL, OPT_COUNTRY},
        {"region", required_argument, NULL, OPT_REGION},
        {"language", required_argument, NULL, OPT_LANGUAGE},
        {"kind", required_argument, NULL, OPT_KIND},
        {"contact-name", required_argument, NULL, OPT_CONTACT_NAME},
        {NULL, 0, NULL, 0}};
    static const struct { int on, off; unsigned flag; } flags[] = {
        {'d', 'D', DUN_DO_NOT_CONTACT}, {'l', 'L', DUN_LEGAL_HOLD},
        {'i', 'I', DUN_INSOLVENT}, {'p', 'P', DUN_PRE_DUE_OPT_IN},
        {'c', 'C', DUN_CASH_FLOW},
    };
    struct dun_err err = DUN_ERR_INIT;
    struct customer_change ch = { .score = -2 };
    /* Where each value option's argument goes. */
    const struct { int opt; const char **dst; } values[] = {
        {'s', &ch.segment}, {'z', &ch.timezone},
        {OPT_NAME, &ch.name}, {OPT_EMAIL, &ch.email},
        {OPT_PHONE, &ch.phone}, {OPT_CITY, &ch.city},
        {OPT_POSTAL_CODE, &ch.postal_code},
        {OPT_COUNTRY, &ch.country}, {OPT_REGION, &ch.region},
        {OPT_LANGUAGE, &ch.language}, {OPT_KIND, &ch.kind},
        {OPT_CONTACT_NAME, &ch.contact_name},
    };
    /* Each --address is one line, as for tenant set. */
    struct sbuf address = SBUF_INIT;
    unsigned set = 0, clear = 0;
    int c, rc = EXIT_USAGE;

    optind = 2;
    if (argc == 3 && strcmp(argv[1], "show") == 0)
        return show(cli, argv[2]);
    if (argc < 3 || strcmp(argv[1], "set") != 0)
        return cli_usage(cli_find("customer"));
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        size_t i;
        char *end;

        if (c == OPT_ADDRESS) {
            if (ch.address)
                sbuf_addch(&address, '\n');
            sbuf_addstr(&address, optarg);
            ch.address = address.buf;
            continue;
        }

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
        for (i = 0; i < sizeof(values) / sizeof(values[0]); i++)
            if (c == values[i].opt)
                break;
        if (i < sizeof(values) / sizeof(values[0])) {
            *values[i].dst = optarg;
        } else if (c == 'n') {
            /* Read wide, then check: a number past long's range comes
             * back clamped, and cut to int it could read as -1. */
            long score = strtol(optarg, &end, 10);

            ch.score = score >= -1 && score <= 100 ? (int)score : -2;
            if (*end || !*optarg || score < -1 || score > 100) {
                fprintf(stderr, "dun: --score: 0 to 100, or -1 for none\n");
                goto out;
            }
        } else {
            rc = cli_usage(cli_find("customer"));
            goto out;
        }
    }
    if (optind != argc - 1) {
        rc = cli_usage(cli_find("customer"));
        goto out;
    }
    ch.set_flags = set;
    ch.clear_flags = clear;
    if (event_customer_set(&cli->app, argv[optind], &ch, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    fprintf(cli->out, "customer %s updated\n", argv[optind]);
    rc = EXIT_OK;
out:
    sbuf_release(&address);
    return rc;
}
