/*
 * listings.c - customers as stored, invoices as of the app's date; see
 * listings.h.
 */
#include "app/balances.h"
#include "app/listings.h"
#include "store/store.h"

int
listing_customers(struct app *app, listing_customer_cb *cb, void *ctx,
                  struct dun_err *err)
{
    return app->st->ops->customers_scan(app->st, cb, ctx, err);
}

int
listing_invoices(struct app *app, const char *customer_id, int open_only,
                 listing_invoice_cb *cb, void *ctx, struct dun_err *err)
{
    struct customer c;
    struct arena a = ARENA_INIT;
    int rc;

    /* A customer that does not exist is an error, not an empty list. */
    if (customer_id) {
        rc = app->st->ops->customer_get(app->st, customer_id, &c, NULL, &a,
                                        err);
        arena_release(&a);
        if (rc <= 0)
            return rc < 0 ? -1
                          : dun_err_set(err, DUN_E_NOTFOUND,
                                        "no customer '%s'", customer_id);
    }
    /* As of the app's date, like aging and the statement: the same open
     * amounts whichever of the three is asked. */
    return balances_invoices_scan(app->st, customer_id, open_only,
                                  app->as_of, cb, ctx, err);
}

int
listing_customer(struct app *app, const char *id, struct customer_view *out,
                 struct arena *a, struct dun_err *err)
{
    struct store *st = app->st;
    struct store_customer_state cs;
    int rc = st->ops->customer_get(st, id, &out->c, NULL, a, err);

    if (rc == 0)
        return dun_err_set(err, DUN_E_NOTFOUND, "no customer '%s'", id);
    if (rc < 0 || st->ops->state_get(st, id, &cs, a, err) < 0)
        return -1;
    out->flags = cs.flags;
    out->segment = cs.segment;
    out->score = cs.score;
    out->timezone = cs.timezone;
    return 0;
}
