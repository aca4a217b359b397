#!/bin/sh
# What SQLite alone needs to store the rows of an import in dun's own
# tables: the raw CSV loaded by the sqlite3 tool (.import, the issue's
# baseline), then INSERT ... SELECT of every invoice and payment into a
# database `dun init` made (the same schema, indexes, WAL and
# synchronous = NORMAL as dun; no parsing, no checks, no balances, no
# foreign keys, one transaction each). dun's import cannot be faster
# than this floor while it keeps one row per document in these tables.
# usage: bench/import_floor.sh [M|L|S] [RUNS]     (default M, 3 runs)
set -eu
cd "$(dirname "$0")/.."
SET=${1:-M}
RUNS=${2:-3}
PEERS=sqlite
. bench/lib.sh

raw=$W/raw.db
( cd "$DATA" && sqlite3 "$raw" ".mode csv" ".import customers.csv c" \
    ".import invoices.csv i" ".import payments.csv p" )
amount='CAST(round(CAST(%s AS REAL) * 100) AS INTEGER)'
day="CAST(replace(%s, '-', '') AS INTEGER)"
# shellcheck disable=SC2059
sql_invoices="INSERT INTO invoice SELECT 1, customer_id, number, 'invoice',
  '', $(printf "$day" issue_date), $(printf "$day" due_date), currency,
  $(printf "$amount" total), description, 1, rowid FROM raw.i;"
# shellcheck disable=SC2059
sql_payments="INSERT INTO payment SELECT 1, customer_id, id,
  $(printf "$day" date), invoice_number, $(printf "$amount" amount),
  currency, method, reference, 1, rowid FROM raw.p;"
for i in $(seq "$RUNS"); do
    rm -f "$W"/floor.db*
    "$DUN" --db "$W/floor.db" init >/dev/null
    "$DUN" --db "$W/floor.db" --as-of 2026-06-30 import customers \
        "$DATA/customers.csv" >/dev/null
    for k in invoices payments; do
        eval "sql=\$sql_$k"
        measure "floor-$k" sqlite3 "$W/floor.db" "PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;
            ATTACH '$raw' AS raw; BEGIN; $sql COMMIT;"
    done
done
inv=$(median <"$W/floor-invoices.s")
pay=$(median <"$W/floor-payments.s")
echo
echo "median SQLite floor: invoices $inv s, payments $pay s," \
    "together $(echo "$inv + $pay" | bc) s"
