/*
 * cmd_customers.c - dun customers: the customer list.
 */
#include <string.h>

#include "app/listings.h"
#include "cli/commands.h"
#include "core/sbuf.h"

static int
on_customer(void *ctx, const struct customer *c, struct dun_err *err)
{
    struct cli *cli = ctx;
    char limit[32];

    (void)err;
    cli_amount(c->credit_limit, c->currency, limit);
    if (cli->format == FORMAT_CSV) {
        const char *f[] = {c->id, c->name, c->email, c->country, c->currency};

        for (size_t i = 0; i < 5; i++)
            cli_csv_field(cli->out, f[i], 0);
        fprintf(cli->out, "%d,%s\n", c->terms_days, limit);
    } else if (cli->format == FORMAT_JSON) {
        struct sbuf sb = SBUF_INIT;

        sbuf_addstr(&sb, "{\"id\": \"");
        sbuf_add_json_str(&sb, c->id, strlen(c->id));
        sbuf_addstr(&sb, "\", \"name\": \"");
        sbuf_add_json_str(&sb, c->name, strlen(c->name));
        sbuf_addstr(&sb, "\", \"email\": \"");
        sbuf_add_json_str(&sb, c->email, strlen(c->email));
        sbuf_addf(&sb, "\", \"country\": \"%s\", \"currency\": \"%s\", "
                  "\"payment_terms_days\": %d, \"credit_limit\": \"%s\"}\n",
                  c->country, c->currency, c->terms_days, limit);
        fputs(sb.buf, cli->out);
        sbuf_release(&sb);
    } else {
        fprintf(cli->out, "%-12s %-40s %-2s %-3s net %-3d %12s\n", c->id,
                c->name, c->country, c->currency, c->terms_days, limit);
    }
    return 0;
}

int
cmd_customers(struct cli *cli, int argc, char **argv)
{
    struct dun_err err = DUN_ERR_INIT;

    if (argc != 1)
        return cli_usage(cli_find(argv[0]));
    if (cli->format == FORMAT_CSV)
        fputs("id,name,email,country,currency,payment_terms_days,"
              "credit_limit\n", cli->out);
    if (listing_customers(&cli->app, on_customer, cli, &err) < 0)
        return cli_fail(&err);
    return EXIT_OK;
}
