#!/bin/sh
# Foundation benchmark: dun import and aging on a generated data set,
# beside the plain-SQL peers (../shared/bench/peers/run.sh) in the same run.
# usage: bench/run.sh [M|L|S] [RUNS]     (default M, 3 runs; data cached in bench/data)
# Prints each timing (wall seconds, peak RSS) and the median per task.
set -eu
cd "$(dirname "$0")/.."
SET=${1:-M}
RUNS=${2:-3}
SHARED=$(cd ../shared && pwd)
case $SET in
S) args="--customers 1000 --invoices 20000 --seed 7" ;;
M) args="--customers 50000 --invoices 1000000 --seed 1" ;;
L) args="--customers 200000 --invoices 10000000 --seed 1" ;;
*) echo "usage: bench/run.sh [S|M|L] [RUNS]" >&2; exit 2 ;;
esac
DATA=bench/data/$SET
if [ ! -f "$DATA/payments.csv" ]; then
    mkdir -p "$DATA"
    python3 "$SHARED/bench/gen_ar.py" $args --as-of 2026-06-30 --out "$DATA"
fi
PEERS=${PEERS:-sqlite pg duck}
# The peers' own needs: a PostgreSQL server, Node.js for DuckDB (the
# DuckDB package itself comes from npm on first use), bc for the sums.
extra="bc time"
case " $PEERS " in *" pg "*) extra="$extra postgresql" ;; esac
case " $PEERS " in *" duck "*)
    command -v npm >/dev/null || extra="$extra nodejs npm" ;;
esac
# shellcheck disable=SC2086
scripts/install-deps.sh $extra
if [ ! -f build-release/build.ninja ]; then
    meson setup build-release --buildtype=release >/dev/null
fi
ninja -C build-release >/dev/null
DUN=$(pwd)/build-release/src/dun
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure NAME CMD...: one whole-process run, "NAME: S s, K KB" to stdout
measure() {
    name=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/time" "$@" >"$W/out" 2>"$W/err" ||
        { cat "$W/err" >&2; exit 1; }
    read -r secs kb <"$W/time"
    echo "$name: $secs s, $kb KB"
    echo "$secs" >>"$W/$name.s"
    echo "$kb" >>"$W/$name.kb"
}

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
done
for i in $(seq "$RUNS"); do
    measure aging "$DUN" --db "$W/bench.db" --as-of 2026-06-30 --format csv \
        aging
done
grep '^TOTAL' "$W/out" | sed 's/^/dun /'
cp "$W/out" "$W/dun.aging"
dun_import=$(median <"$W/import.s")
dun_aging=$(median <"$W/aging.s")
echo
echo "median dun import (3 files): $dun_import s; peak RSS" \
    "$(cat "$W"/import-*.kb | sort -n | tail -1) KB"
echo "median dun aging: $dun_aging s; peak RSS" \
    "$(sort -n "$W/aging.kb" | tail -1) KB"
echo
echo "peers (same data, same run):"
# shellcheck disable=SC2086
"$SHARED/bench/peers/run.sh" "$DATA" $PEERS | tee "$W/peers"

# Medians of the peers' figures, then the ratios the foundation issue
# sets targets for.
peer() { grep "^$1" "$W/peers" | sed "s/^$1[^:]*: \([0-9.]*\) s.*/\1/" |
         median; }
ratio() {
    if [ "$(echo "$2 > 0" | bc)" = 1 ]; then echo "scale=2; $1 / $2" | bc
    else echo "n/a (too fast to time)"; fi
}
sq_import=$(peer 'sqlite3 .import')
sq_aging=$(peer 'sqlite3 aging')
duck_aging=$(peer 'duck aging run')
pg_aging=$(peer 'pg aging run')
echo
echo "ratios (this run):"
[ -n "$sq_import" ] && echo "  import: dun / sqlite3 .import = $(ratio "$dun_import" "$sq_import") (target <= 0.5)"
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
