/*
 * tenant.c - reading and changing the business's details; see tenant.h.
 */
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
