#!/bin/sh
# The store's own test of the kept balances (it damages the SQLite file
# on purpose, which no other integration test may do): they agree with
# the ledger recomputed from scratch, on generated data; damage to them
# is found, and --repair rebuilds them.
# usage: test_store_check.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/demo/dun.db"
A="--as-of 2026-06-30"

expect_status "demo" 0 "$DUN" $A demo --dir "$W/demo"
expect_status "check on generated data" 0 "$DUN" check
expect_eq "check says" "balances agree with the ledger" "$(cat "$W/out")"
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
expect_eq "repair says" "balances agree with the ledger (rebuilt)" \
    "$(cat "$W/out")"
expect_status "check after repair" 0 "$DUN" check
"$DUN" $A --format csv aging >"$W/aging.after"
expect_eq "aging after repair is as before" "" \
    "$(cmp "$W/aging.before" "$W/aging.after" 2>&1)"
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
