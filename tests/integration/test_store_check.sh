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
finish
