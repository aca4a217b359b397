/*
 * schema_sqlite.c - the SQLite schema as numbered migrations.
 *
 * Append only: a released migration never changes; a change is a new one.
 * tenant_id leads every primary key so that a server backend can
 * distribute rows by tenant. Money is INTEGER minor units; dates are
 * INTEGER yyyymmdd (readable, they sort and compare as dates, and cost no
 * text formatting on the way in or out).
 *
 * Documents are clustered by customer, because the ledger and every
 * report read them a customer at a time; a unique index finds one by its
 * number or id.
 *
 * Text keys and indexes use SQLite's BINARY collation (memcmp order), the
 * default no setting changes, so every key here orders text by its
 * bytes as store.h requires; the queries say COLLATE BINARY where C code
 * relies on the order. A server schema declares them COLLATE "C".
 */
#include "store/schema_sqlite.h"

const char *const schema_sqlite_migrations[] = {
    /* 1: tenants, customers, invoices, payments, cached balances */
    "CREATE TABLE tenant ("
    "  tenant_id INTEGER NOT NULL PRIMARY KEY,"
    "  name TEXT NOT NULL,"
    "  last_event_date INTEGER"
    ");"
    "INSERT INTO tenant(tenant_id, name) VALUES (1, 'default');"
    "CREATE TABLE import_batch ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  import_id INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  file TEXT NOT NULL,"
    "  as_of INTEGER NOT NULL,"
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
    "  customer_id TEXT NOT NULL,"
    "  number TEXT NOT NULL,"
    "  type TEXT NOT NULL CHECK (type IN ('invoice', 'credit_note')),"
    "  applies_to TEXT NOT NULL DEFAULT '',"
    "  issue_date INTEGER NOT NULL,"
    "  due_date INTEGER NOT NULL CHECK (due_date >= issue_date),"
    "  currency TEXT NOT NULL,"
    "  total INTEGER NOT NULL CHECK (total >= 0),"
    "  description TEXT NOT NULL DEFAULT '',"
    "  import_id INTEGER, import_line INTEGER,"
    "  PRIMARY KEY (tenant_id, customer_id, number),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE UNIQUE INDEX invoice_number ON invoice (tenant_id, number);"
    "CREATE TABLE payment ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  id TEXT NOT NULL,"
    "  date INTEGER NOT NULL,"
    "  invoice_number TEXT NOT NULL DEFAULT '',"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  currency TEXT NOT NULL,"
    "  method TEXT NOT NULL DEFAULT '',"
    "  reference TEXT NOT NULL DEFAULT '',"
    "  import_id INTEGER, import_line INTEGER,"
    "  PRIMARY KEY (tenant_id, customer_id, id),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE UNIQUE INDEX payment_id ON payment (tenant_id, id);"
    /* The ledger's result, kept so that reports need not re-add history:
     * one row per customer with open items or credit, its value packed by
     * store/balance_codec.c. app/balances.c rewrites a customer's row
     * whenever its documents change; 'dun check' recomputes all and
     * compares. */
    "CREATE TABLE balance ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  open_items INTEGER NOT NULL,"
    "  value BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, customer_id)"
    ") WITHOUT ROWID;",
    /* 2: collection policies, every version kept: a run records the
     * one it used. */
    "CREATE TABLE policy_version ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  version INTEGER NOT NULL,"
    "  loaded_on INTEGER NOT NULL,"
    "  source TEXT NOT NULL,"
    "  text TEXT NOT NULL,"
    "  PRIMARY KEY (tenant_id, version)"
    ") WITHOUT ROWID;",
    /* 3: the collection cycle's state: flags per customer, disputes,
     * promises, notes, the runs and the contacts they planned. */
    "CREATE TABLE customer_state ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  flags INTEGER NOT NULL DEFAULT 0,"
    "  segment TEXT NOT NULL DEFAULT '',"
    "  score INTEGER NOT NULL DEFAULT -1,"
    "  PRIMARY KEY (tenant_id, customer_id),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE TABLE dispute ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  invoice_number TEXT NOT NULL,"
    "  opened_on INTEGER NOT NULL,"
    "  reason TEXT NOT NULL,"
    "  resolved_on INTEGER,"
    "  resolution TEXT,"
    "  PRIMARY KEY (tenant_id, customer_id, invoice_number, opened_on),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE TABLE promise ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  made_on INTEGER NOT NULL,"
    "  by_date INTEGER NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  PRIMARY KEY (tenant_id, customer_id, made_on),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE TABLE note ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  on_date INTEGER NOT NULL,"
    "  kind TEXT NOT NULL,"
    "  invoice_number TEXT NOT NULL DEFAULT '',"
    "  reason TEXT NOT NULL DEFAULT '',"
    "  text TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (tenant_id, customer_id, seq),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE TABLE run ("
    "  tenant_id INTEGER NOT NULL,"
    "  run_id INTEGER NOT NULL,"
    "  as_of INTEGER NOT NULL,"
    "  policy_version INTEGER NOT NULL,"
    "  planned INTEGER,"
    "  PRIMARY KEY (tenant_id, run_id)"
    ") WITHOUT ROWID;"
    /* One row per planned contact; the key makes a second run of the
     * same day plan nothing twice. */
    "CREATE TABLE contact ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  date INTEGER NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  channels INTEGER NOT NULL,"
    "  approval INTEGER NOT NULL DEFAULT 0,"
    "  run_id INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant_id, customer_id, date, stage),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;",
    /* 4: payment plans, one row per installment. */
    "CREATE TABLE plan_installment ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  made_on INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  due_date INTEGER NOT NULL,"
    "  amount INTEGER NOT NULL CHECK (amount > 0),"
    "  PRIMARY KEY (tenant_id, customer_id, made_on, seq),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;",
    /* 5: when a phone task was done or an approval decided. */
    "ALTER TABLE contact ADD COLUMN done_on INTEGER;",
    /* 6: who writes (letterhead, bank details), and the outbox: every
     * message rendered, with the data it was rendered from. */
    "CREATE TABLE tenant_profile ("
    "  tenant_id INTEGER NOT NULL PRIMARY KEY REFERENCES tenant,"
    "  name TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',"
    "  email TEXT NOT NULL DEFAULT '', phone TEXT NOT NULL DEFAULT '',"
    "  iban TEXT NOT NULL DEFAULT '', bic TEXT NOT NULL DEFAULT '',"
    "  bank TEXT NOT NULL DEFAULT '', vat_id TEXT NOT NULL DEFAULT ''"
    ");"
    "CREATE TABLE outbox ("
    "  tenant_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  date INTEGER NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  channel TEXT NOT NULL CHECK (channel IN ('email', 'letter')),"
    "  recipient TEXT NOT NULL,"
    "  language TEXT NOT NULL,"
    "  template TEXT NOT NULL,"
    "  subject TEXT NOT NULL,"
    "  body TEXT NOT NULL,"
    "  html TEXT NOT NULL,"
    "  inputs TEXT NOT NULL,"
    "  PRIMARY KEY (tenant_id, seq),"
    "  UNIQUE (tenant_id, customer_id, date, stage, channel),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;",
    /* 7: each message keeps the template set it was rendered with (once
     * per set, by SHA-256), so it reproduces after the templates change;
     * bodies are stored packed with that set as dictionary
     * (store/body_codec.h): encoding 1. Messages from before are kept
     * as they were: no set, plain bodies, encoding 0. A rowid table now:
     * its rows are a few KB, too large for a WITHOUT ROWID b-tree. */
    "CREATE TABLE template_set ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  id INTEGER NOT NULL,"
    "  digest BLOB NOT NULL CHECK (length(digest) = 32),"
    "  source BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, id),"
    "  UNIQUE (tenant_id, digest)"
    ");"
    "CREATE TABLE outbox7 ("
    "  tenant_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  date INTEGER NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  channel TEXT NOT NULL CHECK (channel IN ('email', 'letter')),"
    "  recipient TEXT NOT NULL,"
    "  language TEXT NOT NULL,"
    "  template TEXT NOT NULL,"
    "  template_set INTEGER,"
    "  encoding INTEGER NOT NULL CHECK (encoding IN (0, 1)"
    "    AND (encoding = 0 OR template_set IS NOT NULL)),"
    "  subject TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  html BLOB NOT NULL,"
    "  inputs TEXT NOT NULL,"
    "  PRIMARY KEY (tenant_id, seq),"
    "  UNIQUE (tenant_id, customer_id, date, stage, channel),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer,"
    "  FOREIGN KEY (tenant_id, template_set) REFERENCES template_set"
    ");"
    "INSERT INTO outbox7 SELECT tenant_id, seq, customer_id, date, stage,"
    "  channel, recipient, language, template, NULL, 0, subject,"
    "  CAST(body AS BLOB), CAST(html AS BLOB), inputs FROM outbox;"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox7 RENAME TO outbox;",
    /* 8: time zones, for quiet hours: a customer's set by hand, the
     * business's own; and the hours an e-mail may be sent. */
    "ALTER TABLE customer_state ADD COLUMN timezone TEXT NOT NULL "
    "DEFAULT '';"
    "ALTER TABLE tenant_profile ADD COLUMN timezone "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE outbox ADD COLUMN send_after INTEGER;"
    "ALTER TABLE outbox ADD COLUMN send_before INTEGER;"
    "ALTER TABLE outbox ADD COLUMN timezone TEXT NOT NULL DEFAULT '';",
    /* 9: a store is opened by its tenant's name, so names are unique. */
    "CREATE UNIQUE INDEX tenant_name ON tenant (name);",
    /* 10: the numbers a tenant's rows are given (imports, policy
     * versions, runs, template sets, outbox messages; notes per customer,
     * scope the customer's id) come from a counter advanced inside the
     * writing transaction, so that two writers never take the same one
     * (store.h, "Identifiers"). issued is the last number handed out;
     * the counters start where the rows are, so numbering goes on.
     * Names are those of sqlite_util.c's counter_name. */
    "CREATE TABLE counter ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  name TEXT NOT NULL,"
    "  scope TEXT NOT NULL DEFAULT '',"
    "  issued INTEGER NOT NULL CHECK (issued >= 0),"
    "  PRIMARY KEY (tenant_id, name, scope)"
    ") WITHOUT ROWID;"
    "INSERT INTO counter(tenant_id, name, issued) SELECT tenant_id, "
    "  'import_batch', max(import_id) FROM import_batch GROUP BY tenant_id;"
    "INSERT INTO counter(tenant_id, name, issued) SELECT tenant_id, "
    "  'policy_version', max(version) FROM policy_version "
    "  GROUP BY tenant_id;"
    "INSERT INTO counter(tenant_id, name, issued) SELECT tenant_id, "
    "  'run', max(run_id) FROM run GROUP BY tenant_id;"
    "INSERT INTO counter(tenant_id, name, issued) SELECT tenant_id, "
    "  'template_set', max(id) FROM template_set GROUP BY tenant_id;"
    "INSERT INTO counter(tenant_id, name, issued) SELECT tenant_id, "
    "  'outbox', max(seq) FROM outbox GROUP BY tenant_id;"
    "INSERT INTO counter(tenant_id, name, scope, issued) SELECT tenant_id, "
    "  'note', customer_id, max(seq) FROM note "
    "  GROUP BY tenant_id, customer_id;",
    /* 11: decisions a credit controller can trust. Where a customer is
     * (region: the state or province, which can pick a time zone) and
     * what kind it is (enum customer_kind: consumers get their law's
     * contact rules); the deadline a contact stated and the invoices it
     * listed with the stage each reached in it (every invoice climbs its
     * own ladder), packed in one value per contact (store_sqlite_collect.c
     * items_pack: a run writes thousands of contacts, a row per invoice
     * cost a fifth of it); the invoices a plan covers and plans
     * cancelled. */
    "ALTER TABLE customer ADD COLUMN region TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE customer ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE contact ADD COLUMN deadline INTEGER;"
    "ALTER TABLE contact ADD COLUMN items BLOB;"
    "CREATE TABLE plan_invoice ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  made_on INTEGER NOT NULL,"
    "  invoice_number TEXT NOT NULL,"
    "  PRIMARY KEY (tenant_id, customer_id, made_on, invoice_number),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;"
    "CREATE TABLE plan_cancel ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  made_on INTEGER NOT NULL,"
    "  cancelled_on INTEGER NOT NULL,"
    "  PRIMARY KEY (tenant_id, customer_id, made_on),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;",
    /* 12: e-mail that leaves. The business's settings (app/config.c
     * checks them; a secret is never stored, only the path of the file
     * that holds it). Where each message is on its way (core/
     * message_state.h), how often its delivery was tried and when it
     * may be tried again; and every move of it, with its instant and
     * what the server answered, in the order it happened. The index
     * holds only the messages still on their way, so finding them does
     * not read a year of sent ones. */
    "ALTER TABLE tenant_profile ADD COLUMN language "
    "TEXT NOT NULL DEFAULT \'\';"
    "CREATE TABLE config ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  key TEXT NOT NULL,"
    "  value TEXT NOT NULL,"
    "  PRIMARY KEY (tenant_id, key)"
    ") WITHOUT ROWID;"
    "ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'planned' "
    "  CHECK (status IN ('planned', 'sending', 'sent', 'failed', "
    "  'bounced', 'void', 'printed', 'posted'));"
    "ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE outbox ADD COLUMN retry_at INTEGER;"
    "CREATE INDEX outbox_on_the_way ON outbox (tenant_id, seq) "
    "  WHERE status IN ('planned', 'sending', 'printed');"
    "CREATE INDEX outbox_undelivered ON outbox (tenant_id, seq) "
    "  WHERE status IN ('failed', 'bounced');"
    "CREATE TABLE message_event ("
    "  tenant_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  detail TEXT NOT NULL DEFAULT '',"
    "  PRIMARY KEY (tenant_id, seq, n),"
    "  FOREIGN KEY (tenant_id, seq) REFERENCES outbox"
    ") WITHOUT ROWID;"
    /* Proof of posting or delivery a person attaches to a message: a
     * tracking reference, and a scan kept with its SHA-256. */
    "CREATE TABLE evidence ("
    "  tenant_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  n INTEGER NOT NULL,"
    "  at INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('certified', 'registered', "
    "  'courier', 'receipt')),"
    "  ref TEXT NOT NULL,"
    "  file_name TEXT NOT NULL DEFAULT '',"
    "  sha256 BLOB CHECK (sha256 IS NULL OR length(sha256) = 32),"
    "  file BLOB,"
    "  PRIMARY KEY (tenant_id, seq, n),"
    "  FOREIGN KEY (tenant_id, seq) REFERENCES outbox"
    ") WITHOUT ROWID;",
    /* 13: what printed letters need. The business in law (the footer a
     * company's letters must carry: registered name and form, register
     * court and number, directors, registered office, share capital),
     * its website and the bank details of the UK (sort code, account
     * number) and the US (ACH routing and account, who checks are
     * payable to, the remit-to address); the person a customer's letters
     * are addressed to; and the bytes of a setting that is a file (the
     * letterhead's logo, letter.logo), kept so that letters reproduce
     * from the database alone. */
    "ALTER TABLE tenant_profile ADD COLUMN legal_name "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN legal_form "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN register_court "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN register_number "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN managing_directors "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN registered_office "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN share_capital "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN website "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN sort_code "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN account_number "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN ach_routing "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN ach_account "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN checks_payable_to "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE tenant_profile ADD COLUMN remit_to "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE customer ADD COLUMN contact_name "
    "TEXT NOT NULL DEFAULT \'\';"
    "ALTER TABLE config ADD COLUMN data BLOB;",
    /* 14: the tenant's own message templates, every version kept, the
     * latest in force (render/template_library.h gives the source's
     * form; sha256 is its SHA-256). */
    "CREATE TABLE template_version ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  version INTEGER NOT NULL,"
    "  loaded_on INTEGER NOT NULL,"
    "  origin TEXT NOT NULL,"
    "  files INTEGER NOT NULL CHECK (files >= 0),"
    "  sha256 BLOB NOT NULL CHECK (length(sha256) = 32),"
    "  source BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, version)"
    ") WITHOUT ROWID;",
    /* 15: the business's country: a letter to a customer in it leaves
     * the country line out of the address (render/postal.h). */
    "ALTER TABLE tenant_profile ADD COLUMN country "
    "TEXT NOT NULL DEFAULT \'\';",
    /* 16: a run packs a message against a sample of its own kind, its
     * set's source and a message rendered from it (store/dict_codec.h):
     * LZ4 frames, each dictionary kept once by its SHA-256. A message
     * names its dictionary in pack_dict; NULL (every message before):
     * packed with zstd against its set's source (store/body_codec.h). */
    "CREATE TABLE pack_dict ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  id INTEGER NOT NULL,"
    "  digest BLOB NOT NULL CHECK (length(digest) = 32),"
    "  content BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, id),"
    "  UNIQUE (tenant_id, digest)"
    ");"
    "ALTER TABLE outbox ADD COLUMN pack_dict INTEGER;",
    /* 17: the outbox's status written as comparisons. SQLite checks
     * "x IN (list of more than two)" by building a table of the list
     * for every statement it runs, so each message a run inserted paid
     * for two such tables (the CHECK and the index's WHERE): about half
     * of the insert. The same rules; the queries that use the partial
     * indexes say their WHERE exactly as the indexes do
     * (store_sqlite_outbox.c). SQLite changes a CHECK only by copying
     * the table; migrate() runs this with foreign keys off, as the rows
     * of message_event and evidence still refer to the copy. */
    "CREATE TABLE outbox17 ("
    "  tenant_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  date INTEGER NOT NULL,"
    "  stage TEXT NOT NULL,"
    "  channel TEXT NOT NULL"
    "    CHECK (channel = 'email' OR channel = 'letter'),"
    "  recipient TEXT NOT NULL,"
    "  language TEXT NOT NULL,"
    "  template TEXT NOT NULL,"
    "  template_set INTEGER,"
    "  encoding INTEGER NOT NULL CHECK ((encoding = 0 OR encoding = 1)"
    "    AND (encoding = 0 OR template_set IS NOT NULL)),"
    "  subject TEXT NOT NULL,"
    "  body BLOB NOT NULL,"
    "  html BLOB NOT NULL,"
    "  inputs TEXT NOT NULL,"
    "  send_after INTEGER,"
    "  send_before INTEGER,"
    "  timezone TEXT NOT NULL DEFAULT '',"
    "  status TEXT NOT NULL DEFAULT 'planned'"
    "    CHECK (status = 'planned' OR status = 'sending' OR status = 'sent'"
    "    OR status = 'failed' OR status = 'bounced' OR status = 'void'"
    "    OR status = 'printed' OR status = 'posted'),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  retry_at INTEGER,"
    "  pack_dict INTEGER,"
    "  PRIMARY KEY (tenant_id, seq),"
    "  UNIQUE (tenant_id, customer_id, date, stage, channel),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer,"
    "  FOREIGN KEY (tenant_id, template_set) REFERENCES template_set"
    ");"
    "INSERT INTO outbox17 (tenant_id, seq, customer_id, date, stage,"
    "  channel, recipient, language, template, template_set, encoding,"
    "  subject, body, html, inputs, send_after, send_before, timezone,"
    "  status, attempts, retry_at, pack_dict)"
    "  SELECT tenant_id, seq, customer_id, date, stage, channel,"
    "  recipient, language, template, template_set, encoding, subject,"
    "  body, html, inputs, send_after, send_before, timezone, status,"
    "  attempts, retry_at, pack_dict FROM outbox;"
    "DROP TABLE outbox;"
    "ALTER TABLE outbox17 RENAME TO outbox;"
    "CREATE INDEX outbox_on_the_way ON outbox (tenant_id, seq) "
    "  WHERE status = 'planned' OR status = 'sending' OR status = 'printed';"
    "CREATE INDEX outbox_undelivered ON outbox (tenant_id, seq) "
    "  WHERE status = 'failed' OR status = 'bounced';",
    /* 18: whose each invoice number and payment id is, kept in buckets
     * of keys (store/doc_keys.h) instead of a unique index with a row
     * per document: an import wrote every document into two B-trees,
     * the table and the index. migrate() fills the buckets from the
     * tables (sql_keys_build) in this migration's transaction. */
    "CREATE TABLE doc_key ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  kind INTEGER NOT NULL CHECK (kind = 0 OR kind = 1),"
    "  bucket INTEGER NOT NULL,"
    "  value BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, kind, bucket)"
    ") WITHOUT ROWID;"
    "DROP INDEX invoice_number;"
    "DROP INDEX payment_id;",
    /* 19: a customer's documents as one value (store/doc_pack.h) instead
     * of a row per document: an import wrote a B-tree row for each, and
     * every reader reads a customer's at a time. migrate() copies the
     * invoice and payment tables into packs and drops them
     * (sql_packs_build) in this migration's transaction. */
    "CREATE TABLE doc_pack ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  value BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, customer_id),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ") WITHOUT ROWID;",
    /* 20: packs and buckets in tables with row ids. Their values run to
     * kilobytes, and a WITHOUT ROWID table keeps whole rows in its
     * interior pages too, so that every step of a lookup read a value,
     * overflow pages and all (a fifth of a payments import of M). With
     * row ids the values stay in the leaves and a lookup goes through
     * the key's index. */
    "CREATE TABLE doc_pack20 ("
    "  tenant_id INTEGER NOT NULL,"
    "  customer_id TEXT NOT NULL,"
    "  value BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, customer_id),"
    "  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer"
    ");"
    "INSERT INTO doc_pack20 (tenant_id, customer_id, value)"
    "  SELECT tenant_id, customer_id, value FROM doc_pack"
    "  ORDER BY tenant_id, customer_id;"
    "DROP TABLE doc_pack;"
    "ALTER TABLE doc_pack20 RENAME TO doc_pack;"
    "CREATE TABLE doc_key20 ("
    "  tenant_id INTEGER NOT NULL REFERENCES tenant,"
    "  kind INTEGER NOT NULL CHECK (kind = 0 OR kind = 1),"
    "  bucket INTEGER NOT NULL,"
    "  value BLOB NOT NULL,"
    "  PRIMARY KEY (tenant_id, kind, bucket)"
    ");"
    "INSERT INTO doc_key20 (tenant_id, kind, bucket, value)"
    "  SELECT tenant_id, kind, bucket, value FROM doc_key"
    "  ORDER BY tenant_id, kind, bucket;"
    "DROP TABLE doc_key;"
    "ALTER TABLE doc_key20 RENAME TO doc_key;",
};

/* The migrations the backend completes in C. */
const size_t schema_sqlite_doc_keys_version = 18;
const size_t schema_sqlite_doc_pack_version = 19;

const size_t schema_sqlite_nmigrations =
    sizeof(schema_sqlite_migrations) / sizeof(schema_sqlite_migrations[0]);
