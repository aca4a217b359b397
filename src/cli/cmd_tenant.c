/*
 * cmd_tenant.c - dun tenant show | set [--name X] [--address LINE]...
 * [--email E] [--phone P] [--iban I] [--bic B] [--bank B] [--vat-id V]
 * [--timezone Z] [--language LL]: the business as its messages and
 * letters present it,
 * and the zone of customers whose own is not known.
 */
#include <getopt.h>
#include <string.h>

#include "app/tenant.h"
#include "cli/commands.h"
#include "core/sbuf.h"

int
cmd_tenant(struct cli *cli, int argc, char **argv)
{
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
        {NULL, 0, NULL, 0}};
    static const char *const keys[] = {"name", "address", "email",
                                       "phone", "iban", "bic", "bank",
                                       "vat_id", "timezone", "language"};
    static const char *const titles[] = {"Name", "Address", "E-mail",
                                         "Phone", "IBAN", "BIC", "Bank",
                                         "VAT id", "Time zone",
                                         "Language"};
    struct dun_err err = DUN_ERR_INIT;
    struct tenant t;
    struct arena a = ARENA_INIT;
    struct sbuf address = SBUF_INIT;
    const char **f[] = { &t.name, &t.address, &t.email, &t.phone, &t.iban,
                         &t.bic, &t.bank, &t.vat_id, &t.timezone,
                         &t.language };
    enum { NF = sizeof(f) / sizeof(f[0]) };
    int c, rc, addr_given = 0;

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
            arena_release(&a);
            sbuf_release(&address);
            return cli_usage(cli_find("tenant"));
        }
        if (c == 1) {
            /* Each --address is one line. */
            if (addr_given++)
                sbuf_addch(&address, '\n');
            sbuf_addstr(&address, optarg);
            t.address = address.buf;
        } else {
            *f[c] = optarg;
        }
    }
    if (optind != argc) {
        arena_release(&a);
        sbuf_release(&address);
        return cli_usage(cli_find("tenant"));
    }
    rc = tenant_set(&cli->app, &t, &err);
    arena_release(&a);
    sbuf_release(&address);
    if (rc < 0)
        return cli_fail(&err);
    fprintf(cli->out, "tenant updated\n");
    return EXIT_OK;
}
