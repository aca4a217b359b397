/*
 * timeline.h - everything known about one customer, in date order:
 * invoices, credit notes, payments, contacts, notes, calls, disputes and
 * promises.
 */
#ifndef DUN_APP_TIMELINE_H
#define DUN_APP_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/model.h"

struct timeline_entry {
    int32_t date;
    const char *what;   /* "invoice", "payment", "contact", "note", ... */
    const char *ref;    /* invoice number, payment id, stage */
    const char *detail; /* words for a person */
    int64_t amount;     /* 0 when none */
    char currency[4];
    int order;          /* ties on one day: documents first */
};

struct timeline {
    struct timeline_entry *entries;
    size_t n, cap;
    struct arena arena;
};

/* Fill tl (released by timeline_release) for customer_id with what is
 * dated on or before the app's as-of date, an invoice's open amount as of
 * that date. -1 with DUN_E_NOTFOUND if there is no such customer. */
int timeline_build(struct app *app, const char *customer_id,
                   struct timeline *tl, struct dun_err *err);
void timeline_release(struct timeline *tl);

#endif
