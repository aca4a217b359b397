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
. bench/lib.sh

# One imported database; each run starts from a copy of it.
"$DUN" --db "$W/base.db" --as-of 2026-06-01 init >/dev/null
# A real run refuses without the details every message carries.
"$DUN" --db "$W/base.db" tenant set --name "Bench Trading Ltd" \
    --address "1 Bench Street" --email accounts@bench.example \
    --phone "+44 20 7946 0000" --iban GB33BUKB20201555555555 >/dev/null
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
    # The copy's pages on their way to the disk first: the run's
    # checkpoint syncs the file, and would otherwise wait for the
    # copy's 270 MB (M) as well as its own writes.
    sync
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
run_peers
echo
echo "ratios (this run):"
for p in "sqlite3 candidates" "pg cand run" "duck candidates run"; do
    t=$(peer "$p")
    [ -n "$t" ] || continue
    echo "  $p: $t s; it / dun dry run = $(ratio "$t" "$dry")" \
         "(DuckDB: target > 1); dun full run / it = $(ratio "$full" "$t")" \
         "(DuckDB: target <= 3)"
done
