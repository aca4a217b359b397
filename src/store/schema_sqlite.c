/*
 * schema_sqlite.c - the SQLite schema as numbered migrations.
 *
 * Append only: a released migration never changes; a change is a new one.
 * tenant_id leads every primary key so that a server backend can
 * distribute rows by tenant. Money is INTEGER minor units, dates are ISO
 * 8601 TEXT (they sort and compare as dates).
 */
#include "store/schema_sqlite.h"

const char *const schema_sqlite_migrations[] = {
    /* 1: tenants, customers, invoices, payments, cached balances */
    "CREATE TABLE tenant ("
    "  tenant_id INTEGER NOT NULL PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  last_event_date TEXT"
    ");"
    "INSERT INTO tenant(tenant_id, name) VALUES (1, 'default');"
    "CREATE TABLE import_batch ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  import_id INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  file TEXT NOT NULL,"
    "  as_of TEXT NOT NULL,"
    "  rows INTEGER, inserted INTEGER, updated INTEGER, unchanged INTEGER,"
    "  PRIMARY KEY (tenant_id, import_id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE customer ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  id TEXT NOT NULL,"
    "  name TEXT NOT NULL,"
    "  email TEXT NOT NULL DEFAULT '',"
    "  phone TEXT NOT NULL DEFAULT '',"
    "  address TEXT NOT NULL DEFAULT '',"
    "  city TEXT NOT NULL DEFAULT '',"
    "  postal_code TEXT NOT NULL DEFAULT '',"
    "  country TEXT NOT NULL DEFAULT '',"
    "  language TEXT NOT NULL DEFAULT '',"
    "  terms_days INTEGER NOT NULL CHECK (terms_days >= 0),"
    "  credit_limit INTEGER NOT NULL DEFAULT 0,"
    "  currency TEXT NOT NULL,"
    "  import_id INTEGER, import_line INTEGER,"
    "  PRIMARY KEY (tenant_id, id)"
    ") WITHOUT ROWID;"
    "CREATE TABLE invoice ("
    "  tenant_id INTEGER NOT NULL,"
    "  number TEXT NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  type TEXT NOT NULL CHECK (type IN ('invoice', 'credit_note')),"
    "  applies_to TEXT NOT NULL DEFAULT '',"
    "  issue_date TEXT NOT NULL,"
    "  due_date TEXT NOT NULL CHECK (due_date >= issue_date),"
    "  currency TEXT NOT NULL,"
    "  total INTEGER NOT NULL CHECK (total >= 0),"
    "  description TEXT NOT NULL DEFAULT '',"
    "  import_id INTEGER, import_line INTEGER,"
    "  PRIMARY KEY (tenant_id, number),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE INDEX invoice_customer ON invoice (tenant_id, customer_id);"
    "CREATE TABLE payment ("
    "  tenant_id INTEGER NOT NULL,"
    "  id TEXT NOT NULL,"
    "  date TEXT NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  invoice_number TEXT NOT NULL DEFAULT '',"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  currency TEXT NOT NULL,"
    "  method TEXT NOT NULL DEFAULT '',"
    "  reference TEXT NOT NULL DEFAULT '',"
    "  import_id INTEGER, import_line INTEGER,"
    "  PRIMARY KEY (tenant_id, id),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE INDEX payment_customer ON payment (tenant_id, customer_id);"
    /* The ledger's result, kept so that reports need not re-add history;
     * app/balances.c rewrites a customer's rows whenever its documents
     * change, and a test recomputes all and compares. */
    "CREATE TABLE open_item ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  invoice_number TEXT NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  issue_date TEXT NOT NULL,"
    "  due_date TEXT NOT NULL,"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  PRIMARY KEY (tenant_id, customer_id, invoice_number)"
    ") WITHOUT ROWID;"
    "CREATE TABLE customer_credit ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  PRIMARY KEY (tenant_id, customer_id, currency)"
    ") WITHOUT ROWID;",
};

const size_t schema_sqlite_nmigrations =
    sizeof(schema_sqlite_migrations) / sizeof(schema_sqlite_migrations[0]);
