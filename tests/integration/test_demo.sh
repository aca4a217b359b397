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
"Planned in the runs
Stage     Actions
reminder      466
notice        337
final         276
agency        134

Messages in the outbox (e-mails, letters): 1692
Calls for a person: 328
Hand-offs for approval: 134

Collected in the runs
Currency       Collected
USD        661051.45 USD
EUR       1002964.94 EUR
GBP        395412.07 GBP" "$(sed -n '/^Planned/,/^GBP/p' "$W/out")"
expect_eq "aging after" \
"after   EUR       723204.07 EUR  377882.94 EUR  181794.49 EUR  123904.74 EUR  393232.99 EUR  1800019.23 EUR
after   GBP       274495.30 GBP   92161.17 GBP   40405.74 GBP   37576.64 GBP  188142.69 GBP   632781.54 GBP
after   USD       505854.98 USD  268983.61 USD  119367.48 USD   78762.11 USD  353968.43 USD  1326936.61 USD" \
    "$(grep '^after ' "$W/out")"
expect_eq "DSO" \
"Days sales outstanding
Currency      Receivable  Sales in the period  DSO countback  DSO average
EUR       1800019.23 EUR       2468949.69 EUR  62.5           65.6
GBP        632781.54 GBP        877026.00 GBP  61.9           64.9
USD       1326936.61 USD       1713360.36 USD  74.2           69.7" \
    "$(sed -n '/^Days sales outstanding$/,/^USD/p' "$W/out")"
export DUN_DB="$W/demo/dun.db"
expect_status "check" 0 "$DUN" check
expect_status "verify" 0 "$DUN" outbox verify
expect_eq "verify says" "1692 messages reproduce byte for byte" \
    "$(cat "$W/out")"
# A second demo starts afresh.
expect_status "demo again" 0 "$DUN" --as-of 2026-06-30 demo --dir "$W/demo"
expect_eq "same outbox (and a header line)" "1693" \
    "$("$DUN" --format csv outbox list | wc -l | tr -d ' ')"
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
# The summary as one JSON document.
expect_status "demo as JSON" 0 "$DUN" --as-of 2026-06-30 --format json demo \
    --dir "$W/json"
expect_eq "JSON summary" "1692 134 EUR 62.5" \
    "$(python3 -c 'import json,sys; d = json.load(sys.stdin)
print(d["messages"], d["handoffs"], d["dso"][0]["currency"], d["dso"][0]["countback"])' <"$W/out")"
# The number of rendering threads changes nothing: the same messages,
# byte for byte, with the same data, in the same order.
for n in 1 3; do
    export DUN_RENDER_THREADS=$n
    expect_status "demo with $n rendering threads" 0 \
        "$DUN" --as-of 2026-06-30 demo --dir "$W/threads$n"
    DUN_DB="$W/threads$n/dun.db" "$DUN" outbox export "$W/eml$n" >/dev/null
    for seq in $(seq 1 37 1692); do
        DUN_DB="$W/threads$n/dun.db" "$DUN" --format json outbox show "$seq"
    done >"$W/shown$n"
done
unset DUN_RENDER_THREADS
expect_eq "one thread or three: the same messages" "" \
    "$(diff -r "$W/eml1" "$W/eml3")"
expect_eq "1692 of them" "1692" "$(ls "$W/eml1" | wc -l | tr -d ' ')"
expect_eq "the same data" "" "$(cmp "$W/shown1" "$W/shown3" 2>&1)"
expect_eq "46 shown" "46" "$(grep -c '"data":' "$W/shown1")"
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
