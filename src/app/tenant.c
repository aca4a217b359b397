/*
 * tenant.c - reading and changing the business's details; see tenant.h.
 */
#include <string.h>

#include "app/tenant.h"
#include "core/bank.h"
#include "core/contact.h"
#include "store/store.h"
#include "io/timezone.h"

int
tenant_show(struct app *app, struct tenant *out, struct arena *a,
            struct dun_err *err)
{
    return app->st->ops->tenant_get(app->st, out, a, err);
}

/* Free text of the details, as customer set says it: "--name: longer
 * than 200 bytes", "--bank: not plain text: a line break or control
 * character". With lines set, line feeds may separate lines. */
static int
text_check(const char *option, const char *v, size_t max, int lines,
           struct dun_err *err)
{
    const char *why = NULL;

    if ((lines ? contact_lines_check(v, max, &why)
               : contact_text_check(v, max, &why)) == 0)
        return 0;
    if (strlen(v) > max)
        return dun_err_set(err, DUN_E_INPUT, "%s: longer than %zu bytes",
                           option, max);
    return dun_err_set(err, DUN_E_INPUT, "%s: not plain text: %s", option,
                       why);
}

/* A web address as a letter prints it: "www.example.com", or with
 * http:// or https://; no spaces, a dot in the host. NULL if it is one,
 * else why not. */
static const char *
website_problem(const char *v)
{
    const char *host = v;
    size_t hl;

    if (strstr(v, "://")) {
        if (strncmp(v, "https://", 8) == 0)
            host = v + 8;
        else if (strncmp(v, "http://", 7) == 0)
            host = v + 7;
        else
            return "only http:// or https://";
    }
    if (strchr(v, ' '))
        return "a space";
    hl = strcspn(host, "/?#");
    if (memchr(host, '.', hl) == NULL)
        return "no dot in the host name (such as www.example.com)";
    return NULL;
}

/* What the business's details go into: e-mail headers, letterheads and
 * their footers. The address and the remit-to address alone may have
 * lines (each --address, each --remit-to one), 300 bytes in all as a
 * customer's, and the registered office is one line of as many; nothing
 * may carry a control character (a line break in an e-mail address would
 * start a header). NULL reads as "". */
static int
tenant_check(const struct tenant *t, struct dun_err *err)
{
    const struct {
        const char *option, *value;
        size_t max;
        int lines;
    } text[] = {
        {"--address", t->address, CONTACT_ADDRESS_MAX, 1},
        {"--name", t->name, CONTACT_NAME_MAX, 0},
        {"--iban", t->iban, CONTACT_NAME_MAX, 0},
        {"--bic", t->bic, CONTACT_NAME_MAX, 0},
        {"--bank", t->bank, CONTACT_NAME_MAX, 0},
        {"--vat-id", t->vat_id, CONTACT_NAME_MAX, 0},
        {"--legal-name", t->legal_name, CONTACT_NAME_MAX, 0},
        {"--legal-form", t->legal_form, CONTACT_NAME_MAX, 0},
        {"--register-court", t->register_court, CONTACT_NAME_MAX, 0},
        {"--register-number", t->register_number, CONTACT_NAME_MAX, 0},
        {"--managing-directors", t->managing_directors,
         CONTACT_ADDRESS_MAX, 0},
        {"--registered-office", t->registered_office, CONTACT_ADDRESS_MAX,
         0},
        {"--share-capital", t->share_capital, CONTACT_NAME_MAX, 0},
        {"--website", t->website, CONTACT_NAME_MAX, 0},
        {"--checks-payable-to", t->checks_payable_to, CONTACT_NAME_MAX, 0},
        {"--remit-to", t->remit_to, CONTACT_ADDRESS_MAX, 1},
    };
    const char *why;

    if (t->email[0] && contact_email_check(t->email, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--email: not an e-mail address: %s", why);
    if (t->phone[0] && contact_phone_check(t->phone, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--phone: not a phone number: %s", why);
    for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
        if (text_check(text[i].option, text[i].value, text[i].max,
                       text[i].lines, err) < 0)
            return -1;
    if (t->website[0] && (why = website_problem(t->website)) != NULL)
        return dun_err_set(err, DUN_E_INPUT,
                           "--website: not a web address: %s", why);
    return 0;
}

/* The bank details of t checked, and into n as they are stored: the
 * IBAN in upper case without spaces, the sort code as 12-34-56 (into
 * the caller's buffers iban and sort). */
static int
bank_details(struct tenant *n, char *iban, char *sort, struct dun_err *err)
{
    const char *why;

    if (n->iban[0]) {
        if (bank_iban_normalise(n->iban, iban, &why) < 0)
            return dun_err_set(err, DUN_E_INPUT, "--iban: not an IBAN: %s",
                               why);
        n->iban = iban;
    }
    if (n->sort_code[0]) {
        if (bank_sort_code_normalise(n->sort_code, sort, &why) < 0)
            return dun_err_set(err, DUN_E_INPUT,
                               "--sort-code: not a UK sort code: %s", why);
        n->sort_code = sort;
    }
    if (n->account_number[0] &&
        bank_uk_account_check(n->account_number, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--account-number: not a UK account number: %s",
                           why);
    if (n->ach_routing[0] && bank_aba_routing_check(n->ach_routing, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--ach-routing: not an ABA routing number: %s",
                           why);
    if (n->ach_account[0] && bank_ach_account_check(n->ach_account, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--ach-account: not an ACH account number: %s",
                           why);
    return 0;
}

/* t with each NULL field read as "". */
static void
tenant_filled(const struct tenant *t, struct tenant *n)
{
    const char **f[] = {
        &n->name, &n->address, &n->email, &n->phone, &n->iban, &n->bic,
        &n->bank, &n->vat_id, &n->timezone, &n->language, &n->legal_name,
        &n->legal_form, &n->register_court, &n->register_number,
        &n->managing_directors, &n->registered_office, &n->share_capital,
        &n->website, &n->sort_code, &n->account_number, &n->ach_routing,
        &n->ach_account, &n->checks_payable_to, &n->remit_to, &n->country,
    };

    *n = *t;
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
        if (*f[i] == NULL)
            *f[i] = "";
}

int
tenant_set(struct app *app, const struct tenant *t, struct dun_err *err)
{
    struct store *st = app->st;
    struct tenant n;
    char iban[BANK_IBAN_MAX + 1], sort[9];

    tenant_filled(t, &n);
    if (tenant_check(&n, err) < 0 || bank_details(&n, iban, sort, err) < 0)
        return -1;
    if (n.timezone[0] && !tz_valid(n.timezone))
        return dun_err_set(err, DUN_E_INPUT, "--timezone: unknown time "
                           "zone %s (an IANA name such as Europe/Berlin)",
                           n.timezone);
    if (n.language[0] && !contact_language_valid(n.language))
        return dun_err_set(err, DUN_E_INPUT, "--language: not an ISO 639-1 "
                           "code (two lower-case letters, such as de)");
    if (n.country[0] && !contact_country_valid(n.country))
        return dun_err_set(err, DUN_E_INPUT, "--country: not an ISO 3166-1 "
                           "code (two upper-case letters, such as GB)");
    if (store_begin(st, err) < 0)
        return -1;
    if (st->ops->tenant_put(st, &n, err) < 0 || store_commit(st, err) < 0) {
        store_rollback(st);
        return -1;
    }
    return 0;
}

/* "" or only blanks: what a letterhead would print as nothing. */
static int
blank(const char *s)
{
    return s == NULL || s[strspn(s, " \t\n")] == '\0';
}

void
tenant_missing_for_messages(const struct tenant *t, const char **missing,
                            size_t *n)
{
    /* A demand must say who sends it, how to answer and where to pay
     * (DESIGN.md section 2: the firm notice, the final demand). */
    const struct {
        const char *value, *phrase;
    } need[] = {
        { t->name, "the business's name (dun tenant set --name)" },
        { t->email, "the business's e-mail address (dun tenant set "
                    "--email)" },
        { t->address, "the business's postal address (dun tenant set "
                      "--address)" },
        { t->iban, "the business's bank account (dun tenant set --iban)" },
    };

    *n = 0;
    for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++)
        if (blank(need[i].value) && *n < TENANT_MISSING_MAX)
            missing[(*n)++] = need[i].phrase;
}
