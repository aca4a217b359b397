/*
 * tenant.c - reading and changing the business's details; see tenant.h.
 */
#include <string.h>

#include "app/tenant.h"
#include "store/store.h"
#include "io/timezone.h"

int
tenant_show(struct app *app, struct tenant *out, struct arena *a,
            struct dun_err *err)
{
    return app->st->ops->tenant_get(app->st, out, a, err);
}

int
tenant_set(struct app *app, const struct tenant *t, struct dun_err *err)
{
    struct store *st = app->st;

    if (t->timezone[0] && !tz_valid(t->timezone))
        return dun_err_set(err, DUN_E_INPUT, "unknown time zone %s (an IANA "
                           "name such as Europe/Berlin)", t->timezone);
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
