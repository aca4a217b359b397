#!/bin/sh
# Foundation benchmark: dun import and aging on a generated data set,
# beside the plain-SQL peers (../shared/bench/peers/run.sh) in the same run.
# usage: bench/run.sh [M|L|S] [RUNS]     (default M, 3 runs; data cached in bench/data)
# Prints each timing (wall seconds, peak RSS) and the median per task.
set -eu
cd "$(dirname "$0")/.."
SET=${1:-M}
RUNS=${2:-3}
. bench/lib.sh
# A VM's vCPUs need not run alike, nor alike from minute to minute.
speed() {
    echo "a fixed loop on each CPU, $1 (bench/cpu_speed.c):" \
        "$(build-release/bench/cpu_speed)"
}
speed before

for i in $(seq "$RUNS"); do
    rm -f "$W"/bench.db*
    "$DUN" --db "$W/bench.db" init >/dev/null
    start=$(date +%s.%N)
    for k in customers invoices payments; do
        measure "import-$k" "$DUN" --db "$W/bench.db" --as-of 2026-06-30 \
            import $k "$DATA/$k.csv"
    done
    end=$(date +%s.%N)
    echo "$end - $start" | bc >>"$W/import.s"
    echo "dun import (3 files): $(echo "$end - $start" | bc) s"
    # sqlite3's .import of the same files right after dun's, so that both
    # see the machine alike: a VM's speed drifts from minute to minute,
    # and the peers' own run comes minutes later.
    if command -v sqlite3 >/dev/null; then
        rm -f "$W"/beside.db*
        ( cd "$DATA" && /usr/bin/time -f "%e %U %S" -o "$W/time" \
            sqlite3 "$W/beside.db" <"$SHARED/bench/peers/sqlite_load.sql" )
        read -r secs user sys <"$W/time"
        echo "$secs" >>"$W/beside.s"
        echo "$user + $sys" | bc >>"$W/beside.cpu"
        echo "sqlite3 .import beside (3 files): $secs s," \
            "$(echo "$user + $sys" | bc) s CPU"
    fi
done
rm -f "$W"/beside.db*
# A bank's payments come by date, not customer by customer: the same
# payments in date order (ties as they were), into a database that holds
# the customers and invoices. The import's target holds whatever the order.
BYDATE=$DATA/payments_by_date.csv
if [ ! -f "$BYDATE" ]; then
    { head -n 1 "$DATA/payments.csv"
      tail -n +2 "$DATA/payments.csv" | LC_ALL=C sort -t, -k2,2 -s
    } >"$BYDATE.tmp"
    mv "$BYDATE.tmp" "$BYDATE"
fi
for i in $(seq "$RUNS"); do
    rm -f "$W"/order.db*
    "$DUN" --db "$W/order.db" init >/dev/null
    for k in customers invoices; do
        "$DUN" --db "$W/order.db" --as-of 2026-06-30 import $k \
            "$DATA/$k.csv" >/dev/null
    done
    measure import-payments-by-date "$DUN" --db "$W/order.db" \
        --as-of 2026-06-30 import payments "$BYDATE"
done
rm -f "$W"/order.db*
for i in $(seq "$RUNS"); do
    measure aging "$DUN" --db "$W/bench.db" --as-of 2026-06-30 --format csv \
        aging
done
cp "$W/out" "$W/dun.aging"
# The totals per currency (the CSV holds the customer rows only).
"$DUN" --db "$W/bench.db" --as-of 2026-06-30 aging | grep '^TOTAL' |
    sed 's/^/dun /'
dun_import=$(median <"$W/import.s")
dun_aging=$(median <"$W/aging.s")
echo
echo "median dun import (3 files): $dun_import s; peak RSS" \
    "$(cat "$W"/import-customers.kb "$W"/import-invoices.kb \
        "$W"/import-payments.kb | sort -n | tail -1) KB"
echo "median dun import of payments by date: $(median \
    <"$W/import-payments-by-date.s") s (by customer: $(median \
    <"$W/import-payments.s") s); peak RSS" \
    "$(sort -n "$W/import-payments-by-date.kb" | tail -1) KB"
# CPU seconds (all threads) of the three imports: whatever the threads,
# the wall time cannot be under this over the cores there are.
dun_cpu=$(echo "$(median <"$W/import-customers.cpu") + $(median \
    <"$W/import-invoices.cpu") + $(median <"$W/import-payments.cpu")" | bc)
echo "median dun import CPU (3 files, user + system): $dun_cpu s"
echo "median dun aging: $dun_aging s; peak RSS" \
    "$(sort -n "$W/aging.kb" | tail -1) KB"
echo
run_peers

speed after
# Medians of the peers' figures, then the ratios the foundation issue
# sets targets for.
sq_import=$(peer 'sqlite3 .import')
sq_aging=$(peer 'sqlite3 aging')
duck_aging=$(peer 'duck aging run')
pg_aging=$(peer 'pg aging run')
echo
echo "ratios (this run):"
[ -f "$W/beside.s" ] && sq_import=$(median <"$W/beside.s")
[ -n "$sq_import" ] && echo "  import: dun / sqlite3 .import = $(ratio "$dun_import" "$sq_import") (target <= 0.5; sqlite3 run beside dun, median $sq_import s)"
if [ -f "$W/beside.cpu" ]; then
    cores=$(nproc)
    echo "  import CPU: dun $dun_cpu s, sqlite3 .import $(median \
        <"$W/beside.cpu") s; on $cores cores dun's wall time is at least" \
        "$(echo "scale=2; $dun_cpu / $cores" | bc) s, a ratio of at least" \
        "$(ratio "$(echo "scale=3; $dun_cpu / $cores" | bc)" "$sq_import")"
fi
by_date=$(echo "$(median <"$W/import-customers.s") + $(median \
    <"$W/import-invoices.s") + $(median <"$W/import-payments-by-date.s")" | bc)
[ -n "$sq_import" ] && echo "  import, payments by date: dun / sqlite3 .import = $(ratio "$by_date" "$sq_import") (target <= 0.5)"
[ -n "$sq_aging" ] && echo "  aging: sqlite3 / dun = $(ratio "$sq_aging" "$dun_aging") (target >= 10)"
[ -n "$duck_aging" ] && echo "  aging: duckdb in-memory / dun = $(ratio "$duck_aging" "$dun_aging") (target > 1)"
[ -n "$pg_aging" ] && echo "  aging: postgresql / dun = $(ratio "$pg_aging" "$dun_aging")"

# Net receivable to the cent, customer by customer: dun's total column
# (net of unapplied credit) against the sqlite3 baseline's buckets less
# its unapplied column. The baseline leaves out a customer whose
# referenced payments settled every invoice, unapplied credit and all;
# such rows are counted apart (dun keeps them as credit). A baseline row
# that nets to zero has no dun row (nothing owed either way).
if case " $PEERS " in *" sqlite "*) true ;; *) false ;; esac; then
    db=$W/check.db
    ( cd "$DATA" && sqlite3 "$db" <"$SHARED/bench/peers/sqlite_load.sql" )
    sqlite3 "$db" <"$SHARED/bench/peers/sqlite_prepare.sql"
    sqlite3 "$db" <"$SHARED/bench/peers/aging.sql" | grep -v '^TOTAL' |
        awk -F'|' '{ printf "%s,%s %.0f\n", $1, $2, $3+$4+$5+$6+$7-$8 }' |
        sort >"$W/net.sql"
    grep -v '^TOTAL' "$W/dun.aging" | tail -n +2 |
        awk -F, '{ t = $NF; sub(/\./, "", t); printf "%s,%s %.0f\n", $1, $2, t }' |
        sort >"$W/net.dun"
    join -a 1 -e 0 -o 0,1.2,2.2 "$W/net.sql" "$W/net.dun" |
        awk '$2 != $3 { bad++; if (bad <= 5) print "  differs:", $0 }
             END { exit bad > 0 }' || {
        echo "  NET TOTALS DIFFER from the sqlite3 baseline"; exit 1; }
    join -v 2 "$W/net.sql" "$W/net.dun" |
        awk '{ n++; split($1, k, ","); c[k[2]] += $2 }
             END { printf "  rows only dun lists (credit the baseline " \
                   "drops): %d", n; for (x in c) printf ", %s %.2f", x, \
                   c[x] / 100; print "" }'
    echo "  net totals agree to the cent with the sqlite3 baseline on all" \
        "$(wc -l <"$W/net.sql") of its customer rows"
fi
