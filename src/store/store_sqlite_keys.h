/*
 * store_sqlite_keys.h - the SQLite backend's buckets of invoice numbers
 * and payment ids (table doc_key, schema migration 18; store/doc_keys.h
 * says why buckets). Internal to the backend.
 *
 * In a transaction the buckets it reads or changes are kept in memory
 * and written once, by sql_keys_flush before the commit (or sooner, past
 * a memory budget); outside one a lookup reads its bucket each time and
 * a change is written at once.
 */
#ifndef DUN_STORE_STORE_SQLITE_KEYS_H
#define DUN_STORE_STORE_SQLITE_KEYS_H

#include "store/doc_keys.h"
#include "store/sqlite_util.h"

/* The customer holding key of kind: 1 and *owner (valid until the next
 * call), 0 no one, -1 error. */
int sql_key_owner(struct store_sqlite *s, enum doc_key_kind kind,
                  const char *key, const char **owner, struct dun_err *err);

/* Record key of kind as customer's. */
int sql_key_set(struct store_sqlite *s, enum doc_key_kind kind,
                const char *key, const char *customer, struct dun_err *err);

/* Claim key of kind for customer if no one holds it: 1 it was free, 0
 * it is held (nothing changed), -1 error. In a transaction the key is
 * then customer's; outside one nothing is written: the caller writes
 * its document, then the key with sql_key_set, so that a failed write
 * leaves no key without its document. */
int sql_key_claim(struct store_sqlite *s, enum doc_key_kind kind,
                  const char *key, const char *customer,
                  struct dun_err *err);

/* Write the changed buckets and forget them all (before a commit). */
int sql_keys_flush(struct store_sqlite *s, struct dun_err *err);

/* Forget the buckets unwritten (a rollback, a new transaction). */
void sql_keys_forget(struct store_sqlite *s);

/* Fill doc_key from the invoice and payment tables: every tenant's (all;
 * the migration that made the table, inside its transaction), or anew
 * the store's tenant's (dun check --repair). */
int sql_keys_build(struct store_sqlite *s, int all, struct dun_err *err);

/* Every key is in its bucket once, names a document of its customer, and
 * there are as many as documents: 0, or -1 (DUN_E_CONFLICT) with the
 * first that is not so. The store's tenant. */
int sql_keys_verify(struct store_sqlite *s, struct dun_err *err);

void sql_keys_close(struct store_sqlite *s);

#endif
