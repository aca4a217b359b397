/*
 * cmd_tenant.c - dun tenant show | set [--name X] [--address LINE]...
 * [--email E] [--phone P] [--iban I] [--bic B] [--bank B] [--vat-id V]
 * [--timezone Z] [--language LL] [--legal-name X] [--legal-form F]
 * [--register-court C] [--register-number N] [--managing-directors D]
 * [--registered-office O] [--share-capital S] [--website W]
 * [--sort-code S] [--account-number N] [--ach-routing R]
 * [--ach-account A] [--checks-payable-to X] [--remit-to LINE]...: the
 * business as its messages and letters present it (letterhead, the
 * footer the law asks of a company's letters, bank details), and the
 * zone of customers whose own is not known.
 */
#include <getopt.h>
#include <string.h>

#include "app/tenant.h"
#include "cli/commands.h"
#include "core/sbuf.h"

/* An option given once per line (--address, --remit-to): the lines so
 * far, separated by line feeds. */
struct lines_arg {
    struct sbuf buf;
    int given;
};

static void
add_line(struct lines_arg *l, const char **dst, const char *line)
{
    if (l->given++)
        sbuf_addch(&l->buf, '\n');
    sbuf_addstr(&l->buf, line);
    *dst = l->buf.buf;
}

int
cmd_tenant(struct cli *cli, int argc, char **argv)
{
    /* One row per field: its option (val its index), key and title. */
    static const struct option opts[] = {
        {"name", required_argument, NULL, 0},
        {"address", required_argument, NULL, 1},
        {"email", required_argument, NULL, 2},
        {"phone", required_argument, NULL, 3},
        {"iban", required_argument, NULL, 4},
        {"bic", required_argument, NULL, 5},
        {"bank", required_argument, NULL, 6},
        {"vat-id", required_argument, NULL, 7},
        {"timezone", required_argument, NULL, 8},
        {"language", required_argument, NULL, 9},
        {"legal-name", required_argument, NULL, 10},
        {"legal-form", required_argument, NULL, 11},
        {"register-court", required_argument, NULL, 12},
        {"register-number", required_argument, NULL, 13},
        {"managing-directors", required_argument, NULL, 14},
        {"registered-office", required_argument, NULL, 15},
        {"share-capital", required_argument, NULL, 16},
        {"website", required_argument, NULL, 17},
        {"sort-code", required_argument, NULL, 18},
        {"account-number", required_argument, NULL, 19},
        {"ach-routing", required_argument, NULL, 20},
        {"ach-account", required_argument, NULL, 21},
        {"checks-payable-to", required_argument, NULL, 22},
        {"remit-to", required_argument, NULL, 23},
        {"country", required_argument, NULL, 24},
        {NULL, 0, NULL, 0}};
    static const char *const keys[] = {
        "name", "address", "email", "phone", "iban", "bic", "bank",
        "vat_id", "timezone", "language", "legal_name", "legal_form",
        "register_court", "register_number", "managing_directors",
        "registered_office", "share_capital", "website", "sort_code",
        "account_number", "ach_routing", "ach_account",
        "checks_payable_to", "remit_to", "country"};
    static const char *const titles[] = {
        "Name", "Address", "E-mail", "Phone", "IBAN", "BIC", "Bank",
        "VAT id", "Time zone", "Language", "Legal name", "Legal form",
        "Register court", "Register number", "Managing directors",
        "Registered office", "Share capital", "Website", "Sort code",
        "Account number", "ACH routing", "ACH account",
        "Checks payable to", "Remit to", "Country"};
    enum { OPT_ADDRESS = 1, OPT_REMIT_TO = 23 };
    struct dun_err err = DUN_ERR_INIT;
    struct tenant t;
    struct arena a = ARENA_INIT;
    struct lines_arg address = { SBUF_INIT, 0 }, remit = { SBUF_INIT, 0 };
    const char **f[] = {
        &t.name, &t.address, &t.email, &t.phone, &t.iban, &t.bic, &t.bank,
        &t.vat_id, &t.timezone, &t.language, &t.legal_name, &t.legal_form,
        &t.register_court, &t.register_number, &t.managing_directors,
        &t.registered_office, &t.share_capital, &t.website, &t.sort_code,
        &t.account_number, &t.ach_routing, &t.ach_account,
        &t.checks_payable_to, &t.remit_to, &t.country };
    enum { NF = sizeof(f) / sizeof(f[0]) };
    int c, rc = EXIT_USAGE;

    _Static_assert(sizeof(keys) / sizeof(keys[0]) == NF &&
                       sizeof(titles) / sizeof(titles[0]) == NF &&
                       sizeof(opts) / sizeof(opts[0]) == NF + 1,
                   "one option, key and title per field");
    /* getopt_long's '?' must not be a field's index. */
    _Static_assert(NF < '?', "too many fields for getopt's values");
    if (argc < 2 || (strcmp(argv[1], "show") && strcmp(argv[1], "set")))
        return cli_usage(cli_find("tenant"));
    if (tenant_show(&cli->app, &t, &a, &err) < 0)
        return cli_fail(&err);
    if (strcmp(argv[1], "show") == 0) {
        struct out *o;

        if (argc != 2) {
            arena_release(&a);
            return cli_usage(cli_find("tenant"));
        }
        o = cli_out(cli);
        for (size_t i = 0; i < NF; i++)
            out_field_text(o, keys[i], titles[i], *f[i]);
        arena_release(&a);
        return cli_out_done(o);
    }
    optind = 2;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        if (c < 0 || c >= NF) {
            rc = cli_usage(cli_find("tenant"));
            goto out;
        }
        /* Each --address, each --remit-to is one line. */
        if (c == OPT_ADDRESS)
            add_line(&address, f[c], optarg);
        else if (c == OPT_REMIT_TO)
            add_line(&remit, f[c], optarg);
        else
            *f[c] = optarg;
    }
    if (optind != argc) {
        rc = cli_usage(cli_find("tenant"));
        goto out;
    }
    if (tenant_set(&cli->app, &t, &err) < 0) {
        rc = cli_fail(&err);
        goto out;
    }
    fprintf(cli->out, "tenant updated\n");
    rc = EXIT_OK;
out:
    arena_release(&a);
    sbuf_release(&address.buf);
    sbuf_release(&remit.buf);
    return rc;
}
