#!/bin/sh
# dun demo, the README's main command: deterministic data, six weeks of
# daily runs, the summary; what it leaves behind is consistent (kept
# balances agree with the ledger, every message reproduces).
# usage: test_demo.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1

expect_status "demo" 0 "$DUN" --as-of 2026-06-30 demo --dir "$W/demo"
expect_eq "summary" \
"Planned in 42 runs:
  reminder         396 actions
  notice           162 actions
  final            143 actions
  agency            78 actions
  1006 messages in the outbox (e-mails and letters), 176 calls and 78 hand-offs for a person
Collected in those 42 days: USD 661051.45, EUR 1002964.94, GBP 395412.07" \
    "$(sed -n '/^Planned/,/^Collected/p' "$W/out")"
expect_eq "aging after" \
"  after   EUR    723204.07  377882.94  181794.49  123904.74  393232.99   1800019.23
  after   GBP    274495.30   92161.17   40405.74   37576.64  188142.69    632781.54
  after   USD    505854.98  268983.61  119367.48   78762.11  353968.43   1326936.61" \
    "$(grep '^  after' "$W/out")"
expect_eq "DSO" \
"EUR       1800019.23       2468949.69           62.5         65.6
GBP        632781.54        877026.00           61.9         64.9
USD       1326936.61       1713360.36           74.2         69.7" \
    "$(grep -A3 '^cur ' "$W/out" | tail -3)"
export DUN_DB="$W/demo/dun.db"
expect_status "check" 0 "$DUN" check
expect_status "verify" 0 "$DUN" outbox verify
expect_eq "verify says" "1006 messages reproduce byte for byte" \
    "$(cat "$W/out")"
# A second demo starts afresh.
expect_status "demo again" 0 "$DUN" --as-of 2026-06-30 demo --dir "$W/demo"
expect_eq "same outbox" "1006" \
    "$(sqlite3 "$DUN_DB" "SELECT count(*) FROM outbox")"
# Never overwrites what it did not make.
mkdir "$W/mine"
echo "precious" >"$W/mine/dun.db"
expect_status "demo refuses a directory with a database of its own" 1 \
    "$DUN" --as-of 2026-06-30 demo --dir "$W/mine"
expect_eq "refusal says why" "dun: $W/mine: holds files the demo did not \
make (it has no .dun-demo marker): give an empty or new directory with --dir" \
    "$(cat "$W/err")"
expect_eq "database untouched" "precious" "$(cat "$W/mine/dun.db")"
expect_eq "nothing added" "dun.db" "$(ls -A "$W/mine")"
echo "notes" >"$W/demo/notes.txt"
expect_status "demo refuses its own directory once it holds more" 1 \
    "$DUN" --as-of 2026-06-30 demo --dir "$W/demo"
expect_eq "names the stranger" "dun: $W/demo: not the demo's directory: it \
holds 'notes.txt'; the demo never overwrites what it did not make: give an \
empty or new one with --dir" "$(cat "$W/err")"
# The closing hints work as printed.
mkdir "$W/hint" && cd "$W/hint" || exit 1
expect_status "demo in a new directory" 0 "$DUN" --as-of 2026-06-30 demo \
    --dir fresh
cp "$W/out" "$W/demo.out"
for hint in $(sed -n 's/^  \(.* --db .*\)$/\1/p' "$W/demo.out" | tr ' ' '@'); do
    cmd=$(printf '%s' "$hint" | tr '@' ' ')
    # shellcheck disable=SC2086
    expect_status "hint: $cmd" 0 $cmd
done
expect_eq "three hints" "3" "$(grep -c -- ' --db fresh/dun.db ' "$W/demo.out")"
finish
