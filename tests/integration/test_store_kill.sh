#!/bin/sh
# A run killed at any point and run again ends in the same state as one
# that was never interrupted: the contacts planned and the messages in
# the outbox are the same, byte for byte. The kill comes at several
# moments (before, during and after the run's one transaction). A store
# test: it compares the rows themselves (contacts, outbox), read from the
# SQLite file.
# usage: test_store_kill.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1

"$DUN" --as-of 2026-06-30 demo --dir "$W/demo" >/dev/null
state() {
    sqlite3 "$1" "SELECT customer_id, date, stage, channels, approval,
        run_id FROM contact ORDER BY 1, 2, 3;
      SELECT seq, customer_id, date, stage, channel, recipient, language,
        template, subject, body, html, inputs FROM outbox ORDER BY seq"
}
cp "$W/demo/dun.db" ref.db
"$DUN" --db ref.db --as-of 2026-07-01 run >/dev/null
state ref.db >ref.state
expect_eq "the reference run planned something" "1" \
    "$(test "$(wc -l <ref.state)" -gt 100 && echo 1)"

for delay in 0.001 0.005 0.01 0.02 0.04 0.08 0.3; do
    cp "$W/demo/dun.db" k.db
    rm -f k.db-wal k.db-shm
    timeout -s KILL "$delay" "$DUN" --db k.db --as-of 2026-07-01 run \
        >/dev/null 2>&1
    "$DUN" --db k.db --as-of 2026-07-01 run >/dev/null
    state k.db >k.state
    expect_eq "killed after ${delay}s, then run again" "" \
        "$(cmp ref.state k.state 2>&1)"
    expect_status "consistent after kill at ${delay}s" 0 "$DUN" --db k.db \
        check
done
finish
