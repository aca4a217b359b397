/*
 * balances.h - keeping the cached balances in step with the ledger.
 */
#ifndef DUN_APP_BALANCES_H
#define DUN_APP_BALANCES_H

#include "core/err.h"
#include "core/ledger.h"
#include "store/store.h"

/* Scratch space reused across customers. */
struct balances_ctx {
    struct ledger ledger;
    struct store_docs docs;
    struct arena arena;
    struct open_item *items;
    size_t items_cap;
};

void balances_ctx_init(struct balances_ctx *bc);
void balances_ctx_release(struct balances_ctx *bc);

/* Compute the open items and credit of docs for all dates (as of the end
 * of time) into *out; valid until the next call on bc. */
int balances_compute(struct balances_ctx *bc, struct store_docs *docs,
                     struct store_balances *out, struct dun_err *err);

/* Recompute one customer from its documents and disputes and store the
 * result. Call inside the transaction that changed them. */
int balances_refresh(struct store *st, struct balances_ctx *bc,
                     const char *customer_id, struct dun_err *err);

/* balances_refresh with scratch space of its own: for a single customer
 * (a dispute opened or resolved). */
int balances_refresh_customer(struct store *st, const char *customer_id,
                              struct dun_err *err);


#endif
