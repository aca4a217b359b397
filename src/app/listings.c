/*
 * listings.c - customers and invoices as stored; see listings.h.
 */
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
    return app->st->ops->invoices_scan(app->st, customer_id, open_only, cb,
                                       ctx, err);
}
