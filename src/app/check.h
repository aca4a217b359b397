/*
 * check.h - the kept balances against the ledger: 'dun check'.
 *
 * The kept balances (app/balances.h) are a cache of the ledger's result;
 * these use cases prove it right or rebuild it. Implemented in
 * balances.c, beside the cache they check. Not thread-safe: one app per
 * thread.
 */
#ifndef DUN_APP_CHECK_H
#define DUN_APP_CHECK_H

#include "app/app.h"
#include "core/err.h"

/* Recompute every customer from scratch (documents and disputes: the
 * ledger's inputs) and compare with what is cached: 0 if all agree, else
 * -1 with the first disagreement in err. */
int balances_verify(struct app *app, struct dun_err *err);

/* Throw the cache away and recompute every customer, in one transaction. */
int balances_rebuild(struct app *app, struct dun_err *err);

/* The store's index of invoice numbers and payment ids agrees with the
 * documents (store.h, keys_verify): 0, or -1 with the first
 * disagreement. Implemented in check_keys.c. */
int doc_keys_verify(struct app *app, struct dun_err *err);

/* Make that index anew from the documents, in one transaction. */
int doc_keys_rebuild(struct app *app, struct dun_err *err);

#endif
