/*
 * store_sqlite_packs.h - the SQLite backend's documents, a pack per
 * customer (table doc_pack, schema migration 19; store/doc_pack.h says
 * why). Internal to the backend.
 *
 * In a transaction the packs read or changed are kept in memory and
 * written once, by sql_packs_flush before the commit, before any scan of
 * packs, or sooner past a memory budget; outside one a read decodes its
 * pack each time and a change is written at once.
 */
#ifndef DUN_STORE_STORE_SQLITE_PACKS_H
#define DUN_STORE_STORE_SQLITE_PACKS_H

#include "store/doc_pack.h"
#include "store/sqlite_util.h"

/* The pack of customer_id (an empty one if it has no documents), to read
 * or change. In a transaction it is the cache's; outside one it is *tmp,
 * filled, which the caller releases with sql_pack_done. NULL on error. */
struct doc_pack *sql_pack(struct store_sqlite *s, const char *customer_id,
                          struct doc_pack *tmp, struct dun_err *err);

/* After changing p: outside a transaction, write it now. Releases a
 * temporary pack. */
int sql_pack_changed(struct store_sqlite *s, struct doc_pack *p,
                     struct dun_err *err);

/* Done with a pack sql_pack gave (releases a temporary one). */
void sql_pack_done(struct store_sqlite *s, struct doc_pack *p);

/* Past the cache's memory budget, write the changed packs and forget
 * them all: call it only when no pack sql_pack gave is in use. */
int sql_packs_budget(struct store_sqlite *s, struct dun_err *err);

/* Write the changed packs and forget them all. */
int sql_packs_flush(struct store_sqlite *s, struct dun_err *err);

/* Forget the packs unwritten (a rollback, a new transaction). */
void sql_packs_forget(struct store_sqlite *s);

/* Every pack of the tenant, customer_id in byte order: cb(ctx, pack),
 * the pack valid during the call (changed packs are written first). */
typedef int sql_pack_cb(void *ctx, struct doc_pack *p, struct dun_err *err);
int sql_packs_scan(struct store_sqlite *s, sql_pack_cb *cb, void *ctx,
                   struct dun_err *err);

/* Fill doc_pack from the invoice and payment tables, every tenant's,
 * and drop the tables (the migration that made doc_pack). */
int sql_packs_build(struct store_sqlite *s, struct dun_err *err);

void sql_packs_close(struct store_sqlite *s);

#endif
