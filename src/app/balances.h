/*
 * balances.h - keeping the cached balances in step with the ledger, and
 * the balances as of a past date.
 *
 * The kept balances (table balance) are the ledger of all documents and
 * disputes. For a date D they are the ledger as of D exactly when no
 * document is dated after D (disputes change only where money dated on
 * or after their opening goes: ledger.h R6); otherwise the customer's
 * ledger is recomputed as of D. Every read that takes an as-of date
 * decides between the two with balances_fast_path.
 */
#ifndef DUN_APP_BALANCES_H
#define DUN_APP_BALANCES_H

#include <stdint.h>

#include "core/err.h"
#include "core/ledger.h"
#include "core/strset.h"
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

/* Compute the open items (by currency, due date) and credit (by
 * currency) of docs, with its disputes, as of as_of into *out; valid
 * until the next call on bc or a change to docs. */
int balances_compute_as_of(struct balances_ctx *bc, struct store_docs *docs,
                           int32_t as_of, struct store_balances *out,
                           struct dun_err *err);

/* balances_compute_as_of for all dates (as of the end of time): what is
 * kept. */
int balances_compute(struct balances_ctx *bc, struct store_docs *docs,
                     struct store_balances *out, struct dun_err *err);

/* Recompute one customer from its documents and disputes and store the
 * result. Call inside the transaction that changed them. */
int balances_refresh(struct store *st, struct balances_ctx *bc,
                     const char *customer_id, struct dun_err *err);

/* balances_refresh for every customer in ids (an import's): one pass
 * over all documents when ids are a good part of the customers, where
 * loading each customer's documents by key would cost more. */
int balances_refresh_set(struct store *st, const struct strset *ids,
                         struct dun_err *err);

/* balances_refresh with scratch space of its own: for a single customer
 * (a dispute opened or resolved). */
int balances_refresh_customer(struct store *st, const char *customer_id,
                              struct dun_err *err);

/* *fast = 1 when the kept balances are the ledger as of as_of (no
 * document dated after it), else 0. Only reads. */
int balances_fast_path(struct store *st, int32_t as_of, int *fast,
                       struct dun_err *err);

/* The customer's open items and credit as of as_of, from its documents
 * (the ledger with its disputes), into out (arrays and strings in a). A
 * customer without documents has none. Only reads, so it may run inside
 * a store scan's callback. */
int balances_as_of(struct store *st, const char *customer_id, int32_t as_of,
                   struct store_balances *out, struct arena *a,
                   struct dun_err *err);

/* As the store's invoices_scan (customer_id NULL for everyone's, the same
 * order, open_only for those with something owed), as of as_of:
 * invoices issued after it are left out and open is what was owed on
 * it. Uses the kept balances when balances_fast_path allows, else each
 * customer's ledger. */
int balances_invoices_scan(struct store *st, const char *customer_id,
                           int open_only, int32_t as_of, store_invoice_cb *cb,
                           void *ctx, struct dun_err *err);

#endif
