#!/bin/sh
# The store's own test of the kept balances (it damages the SQLite file
# on purpose, which no other integration test may do): they agree with
# the ledger recomputed from scratch, on generated data; damage to them
# is found, and --repair rebuilds them; the same of the index of invoice
# numbers and payment ids.
# usage: test_store_check.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/demo/dun.db"
A="--as-of 2026-06-30"

expect_status "demo" 0 "$DUN" $A demo --dir "$W/demo"
expect_status "check on generated data" 0 "$DUN" check
expect_eq "check says" "balances agree with the ledger
every invoice number and payment id is found at its document" "$(cat "$W/out")"
"$DUN" $A --format csv aging >"$W/aging.before"

# Swap two customers' kept balances: the amounts all still exist, at the
# wrong customers.
sqlite3 "$DUN_DB" "CREATE TEMP TABLE two AS
    SELECT customer_id, open_items, value FROM balance
    ORDER BY customer_id LIMIT 2;
  UPDATE balance SET
    open_items = (SELECT open_items FROM two
                  WHERE two.customer_id <> balance.customer_id),
    value = (SELECT value FROM two
             WHERE two.customer_id <> balance.customer_id)
  WHERE customer_id IN (SELECT customer_id FROM two);" 2>"$W/sqlerr"
expect_eq "tamper" "" "$(cat "$W/sqlerr")"
expect_status "check finds swapped balances" 1 "$DUN" check
expect_eq "check error" "dun: cached balances disagree with the ledger" \
    "$(cut -d: -f1-2 "$W/err")"

sqlite3 "$DUN_DB" "DELETE FROM balance WHERE customer_id =
    (SELECT min(customer_id) FROM balance)"
expect_status "check finds a lost balance" 1 "$DUN" check

sqlite3 "$DUN_DB" "UPDATE balance SET value = x'01ff'
    WHERE customer_id = (SELECT min(customer_id) FROM balance)"
expect_status "check finds a damaged value" 1 "$DUN" check
expect_eq "damaged value error" "damaged cached balance" \
    "$(grep -o 'damaged cached balance' "$W/err")"

expect_status "repair" 0 "$DUN" check --repair
expect_eq "repair says" "balances agree with the ledger (rebuilt)
every invoice number and payment id is found at its document (rebuilt)" \
    "$(cat "$W/out")"
expect_status "check after repair" 0 "$DUN" check
"$DUN" $A --format csv aging >"$W/aging.after"
expect_eq "aging after repair is as before" "" \
    "$(cmp "$W/aging.before" "$W/aging.after" 2>&1)"
# The index of invoice numbers and payment ids (doc_key, in buckets):
# a lost bucket, a key said to be another customer's, a damaged value.
key_bytes=$(sqlite3 "$DUN_DB" "SELECT count(*), sum(length(value)) FROM doc_key")
sqlite3 "$DUN_DB" "CREATE TABLE k AS SELECT * FROM doc_key;
  DELETE FROM doc_key WHERE kind = 0 AND bucket =
    (SELECT min(bucket) FROM doc_key WHERE kind = 0)"
expect_status "check finds lost keys" 1 "$DUN" check
expect_eq "lost keys error" "document keys:" \
    "$(grep -o 'document keys:' "$W/err")"
expect_eq "lost keys named" "1" \
    "$(grep -c "dun: document keys: invoice '.*' of customer C[0-9]* is not among them" "$W/err")"
sqlite3 "$DUN_DB" "INSERT INTO doc_key SELECT * FROM k WHERE kind = 0 AND
    bucket = (SELECT min(bucket) FROM k WHERE kind = 0);
  DROP TABLE k;
  UPDATE doc_key SET value = CAST(replace(CAST(value AS TEXT), 'C0', 'D0')
    AS BLOB) WHERE kind = 1 AND bucket = (SELECT min(bucket) FROM doc_key
    WHERE kind = 1 AND instr(CAST(value AS TEXT), 'C0') > 0)"
expect_status "check finds a key at the wrong customer" 1 "$DUN" check
expect_eq "wrong customer error" "1" \
    "$(grep -c "dun: document keys: payment '.*' of customer C0[0-9]* is said to be customer D0[0-9]*'s" "$W/err")"
sqlite3 "$DUN_DB" "UPDATE doc_key SET value = CAST(replace(CAST(value AS TEXT),
    'D0', 'C0') AS BLOB) WHERE kind = 1"
expect_status "check after the customer is put back" 0 "$DUN" check
sqlite3 "$DUN_DB" "UPDATE doc_key SET value = x'41' WHERE kind = 0 AND
    bucket = (SELECT max(bucket) FROM doc_key WHERE kind = 0)"
expect_status "check finds a damaged bucket" 1 "$DUN" check
expect_eq "damaged bucket error" "1" \
    "$(grep -c 'document keys, bucket [0-9]* of kind 0: not a stored bucket (dun check)' "$W/err")"

# A customer's documents (doc_pack) that are not a stored pack.
sqlite3 "$DUN_DB" "CREATE TABLE p AS SELECT * FROM doc_pack;
  UPDATE doc_pack SET value = x'01ff' WHERE customer_id =
    (SELECT min(customer_id) FROM doc_pack)"
expect_status "check finds damaged documents" 1 "$DUN" check
expect_eq "damaged documents error" "1" \
    "$(grep -c '^dun: customer [^ ]*: damaged documents (dun check)$' "$W/err")"
sqlite3 "$DUN_DB" "UPDATE doc_pack SET value = (SELECT value FROM p WHERE
    p.customer_id = doc_pack.customer_id); DROP TABLE p"
expect_status "repair of the keys" 0 "$DUN" check --repair
expect_status "check after the keys' repair" 0 "$DUN" check
expect_eq "every key back" "$key_bytes" \
    "$(sqlite3 "$DUN_DB" "SELECT count(*), sum(length(value)) FROM doc_key")"
# The database file: made readable by its owner only; an empty file or a
# negative schema version is no dun database, and is left as it is.
"$DUN" --db "$W/own.db" --as-of 2026-06-01 init >/dev/null
expect_eq "a new database is its owner's only" "600" \
    "$(stat -c %a "$W/own.db")"
: >"$W/empty.db"
expect_status "an empty file" 1 "$DUN" --db "$W/empty.db" customers
expect_eq "an empty file says" \
    "dun: $W/empty.db: an empty file, not a dun database" "$(cat "$W/err")"
expect_status "init on an empty file" 1 "$DUN" --db "$W/empty.db" init
expect_eq "the empty file stays empty" "0" "$(stat -c %s "$W/empty.db")"
sqlite3 "$W/neg.db" "PRAGMA user_version = -3"
expect_status "a negative schema version" 1 "$DUN" --db "$W/neg.db" customers
expect_eq "a negative schema version says" \
    "dun: $W/neg.db: schema version -3: not a dun database" "$(cat "$W/err")"
sqlite3 "$W/other.db" "CREATE TABLE notes (t TEXT)"
expect_status "someone else's database" 1 "$DUN" --db "$W/other.db" init
expect_eq "someone else's database says" \
    "dun: $W/other.db: a database of something else, not dun's (left as it is)" \
    "$(cat "$W/err")"
expect_eq "someone else's database untouched" "notes" \
    "$(sqlite3 "$W/other.db" "SELECT group_concat(name) FROM sqlite_master")"
finish
