#!/bin/sh
# Collection-cycle benchmark: dun run --dry-run and a full dun run
# (rendering every planned message into the outbox) on a generated data
# set, beside the peers' dunning-candidates query (task B of
# ../shared/bench/peers/run.sh) in the same run.
# usage: bench/run_cycle.sh [M|L|S] [RUNS]   (default M, 3 runs)
# Prints each timing (wall seconds, peak RSS), the medians and the ratios.
set -eu
cd "$(dirname "$0")/.."
SET=${1:-M}
RUNS=${2:-3}
SHARED=$(cd ../shared && pwd)
case $SET in
S) args="--customers 1000 --invoices 20000 --seed 7" ;;
M) args="--customers 50000 --invoices 1000000 --seed 1" ;;
L) args="--customers 200000 --invoices 10000000 --seed 1" ;;
*) echo "usage: bench/run_cycle.sh [S|M|L] [RUNS]" >&2; exit 2 ;;
esac
DATA=bench/data/$SET
if [ ! -f "$DATA/payments.csv" ]; then
    mkdir -p "$DATA"
    python3 "$SHARED/bench/gen_ar.py" $args --as-of 2026-06-30 --out "$DATA"
fi
PEERS=${PEERS:-sqlite pg duck}
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
measure() {
    name=$1; shift
    /usr/bin/time -f "%e %M" -o "$W/time" "$@" >"$W/out" 2>"$W/err" ||
        { cat "$W/err" >&2; exit 1; }
    read -r secs kb <"$W/time"
    echo "$name: $secs s, $kb KB"
    echo "$secs" >>"$W/$name.s"
    echo "$kb" >>"$W/$name.kb"
}

# One imported database; each run starts from a copy of it.
"$DUN" --db "$W/base.db" --as-of 2026-06-01 init >/dev/null
for k in customers invoices payments; do
    "$DUN" --db "$W/base.db" --as-of 2026-06-30 import $k "$DATA/$k.csv" \
        >/dev/null
done
for i in $(seq "$RUNS"); do
    measure dry-run "$DUN" --db "$W/base.db" --as-of 2026-06-30 \
        --format json run --dry-run
done
actions=$(grep -o '"stage"' "$W/out" | wc -l)
for i in $(seq "$RUNS"); do
    cp "$W/base.db" "$W/run.db"
    rm -f "$W/run.db-wal" "$W/run.db-shm"
    measure full-run "$DUN" --db "$W/run.db" --as-of 2026-06-30 run
done
messages=$(sqlite3 "$W/run.db" "SELECT count(*) FROM outbox")
dry=$(median <"$W/dry-run.s")
full=$(median <"$W/full-run.s")
echo
echo "median dun run --dry-run: $dry s ($actions actions); peak RSS" \
    "$(sort -n "$W/dry-run.kb" | tail -1) KB"
echo "median dun run (full, $messages messages rendered): $full s; peak RSS" \
    "$(sort -n "$W/full-run.kb" | tail -1) KB"
echo
echo "peers (same data, same run):"
# shellcheck disable=SC2086
"$SHARED/bench/peers/run.sh" "$DATA" $PEERS | tee "$W/peers"
peer() { grep "^$1" "$W/peers" | sed "s/^$1[^:]*: \([0-9.]*\) s.*/\1/" |
         median; }
ratio() {
    if [ "$(echo "$2 > 0" | bc)" = 1 ]; then echo "scale=2; $1 / $2" | bc
    else echo "n/a (too fast to time)"; fi
}
echo
echo "ratios (this run):"
for p in "sqlite3 candidates" "pg cand run" "duck candidates run"; do
    t=$(peer "$p")
    [ -n "$t" ] || continue
    echo "  $p: $t s; it / dun dry run = $(ratio "$t" "$dry")" \
         "(DuckDB: target > 1); dun full run / it = $(ratio "$full" "$t")" \
         "(DuckDB: target <= 3)"
done
