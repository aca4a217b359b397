/*
 * listings.h - the plain listings: customers and invoices.
 *
 * Each streams its records to a callback in the store's order (byte order
 * of the key); the records and their strings are borrowed for the call.
 * Not thread-safe: one app per thread.
 */
#ifndef DUN_APP_LISTINGS_H
#define DUN_APP_LISTINGS_H

#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"

typedef int listing_customer_cb(void *ctx, const struct customer *c,
                                struct dun_err *err);
/* open: what was still owed on the invoice as of the app's date, minor
 * units. */
typedef int listing_invoice_cb(void *ctx, const struct invoice *inv,
                               int64_t open, struct dun_err *err);

/* One customer with what the collection cycle keeps of them. */
struct customer_view {
    struct customer c;
    unsigned flags;       /* enum dun_flags of core/dunning.h */
    const char *segment;  /* set by hand, "" if none */
    int score;            /* payer score 0..100, -1 unknown */
    const char *timezone; /* set by hand, "" if none */
};

/* Customer id into *out (strings in a): -1 with DUN_E_NOTFOUND "no
 * customer 'X'" if there is none. */
int listing_customer(struct app *app, const char *id,
                     struct customer_view *out, struct arena *a,
                     struct dun_err *err);

/* Every customer, in id order. A callback returning -1 stops the scan. */
int listing_customers(struct app *app, listing_customer_cb *cb, void *ctx,
                      struct dun_err *err);

/* Invoices and credit notes issued on or before the app's as-of date, in
 * customer then issue date and number order; customer_id NULL for
 * everyone's, open_only for those with something still owed as of the
 * date (the ledger's figures: they agree with aging and statement). */
int listing_invoices(struct app *app, const char *customer_id, int open_only,
                     listing_invoice_cb *cb, void *ctx, struct dun_err *err);

#endif
