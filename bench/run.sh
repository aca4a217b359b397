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
scripts/install-deps.sh
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
echo
echo "median dun import (3 files): $(median <"$W/import.s") s; peak RSS" \
    "$(cat "$W"/import-*.kb | sort -n | tail -1) KB"
echo "median dun aging: $(median <"$W/aging.s") s; peak RSS" \
    "$(sort -n "$W/aging.kb" | tail -1) KB"
echo
echo "peers (same data, same run):"
"$SHARED/bench/peers/run.sh" "$DATA" ${PEERS:-sqlite pg duck}
