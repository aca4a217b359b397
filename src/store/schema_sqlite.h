/*
 * schema_sqlite.h - numbered migrations of the SQLite schema.
 */
#ifndef DUN_STORE_SCHEMA_SQLITE_H
#define DUN_STORE_SCHEMA_SQLITE_H

#include <stddef.h>

/* migrations[i] brings the schema from version i to i + 1. */
extern const char *const schema_sqlite_migrations[];
extern const size_t schema_sqlite_nmigrations;
/* The version whose migration the backend completes in C: doc_key is
 * filled from the documents (store_sqlite_keys.c). */
extern const size_t schema_sqlite_doc_keys_version;
/* The version whose migration copies the documents into packs and drops
 * their tables (store_sqlite_packs.c). */
extern const size_t schema_sqlite_doc_pack_version;

#endif
