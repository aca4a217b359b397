/*
 * schema_sqlite.h - numbered migrations of the SQLite schema.
 */
#ifndef DUN_STORE_SCHEMA_SQLITE_H
#define DUN_STORE_SCHEMA_SQLITE_H

#include <stddef.h>

/* migrations[i] brings the schema from version i to i + 1. */
extern const char *const schema_sqlite_migrations[];
extern const size_t schema_sqlite_nmigrations;

#endif
