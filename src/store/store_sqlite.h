/*
 * store_sqlite.h - the embedded SQLite backend (see store.h).
 */
#ifndef DUN_STORE_STORE_SQLITE_H
#define DUN_STORE_STORE_SQLITE_H

#include "store/store.h"

/* Open (and with create, make) the SQLite database at path for the tenant
 * called tenant, as store_open. */
struct store *store_sqlite_open(const char *path, const char *tenant,
                                int create, struct dun_err *err);

#endif
