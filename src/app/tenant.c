/*
 * tenant.c - reading and changing the business's details; see tenant.h.
 */
#include <string.h>

#include "app/tenant.h"
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

/* What the business's details go into: e-mail headers and letterheads.
 * The address alone may have lines (each --address one), 300 bytes in
 * all as a customer's; nothing may carry a control character (a line
 * break in an e-mail address would start a header). */
static int
tenant_check(const struct tenant *t, struct dun_err *err)
{
    const struct { const char *option, *value; } text[] = {
        {"--name", t->name}, {"--iban", t->iban}, {"--bic", t->bic},
        {"--bank", t->bank}, {"--vat-id", t->vat_id},
    };
    const char *why;

    if (t->email[0] && contact_email_check(t->email, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--email: not an e-mail address: %s", why);
    if (t->phone[0] && contact_phone_check(t->phone, &why) < 0)
        return dun_err_set(err, DUN_E_INPUT,
                           "--phone: not a phone number: %s", why);
    if (text_check("--address", t->address, CONTACT_ADDRESS_MAX, 1, err) < 0)
        return -1;
    for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
        if (text_check(text[i].option, text[i].value, CONTACT_NAME_MAX, 0,
                       err) < 0)
            return -1;
    return 0;
}

int
tenant_set(struct app *app, const struct tenant *t, struct dun_err *err)
{
    struct store *st = app->st;

    if (tenant_check(t, err) < 0)
        return -1;
    if (t->timezone[0] && !tz_valid(t->timezone))
        return dun_err_set(err, DUN_E_INPUT, "--timezone: unknown time "
                           "zone %s (an IANA name such as Europe/Berlin)",
                           t->timezone);
    if (t->language && t->language[0] && !contact_language_valid(t->language))
        return dun_err_set(err, DUN_E_INPUT, "--language: not an ISO 639-1 "
                           "code (two lower-case letters, such as de)");
    if (store_begin(st, err) < 0)
        return -1;
    if (st->ops->tenant_put(st, t, err) < 0 || store_commit(st, err) < 0) {
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
