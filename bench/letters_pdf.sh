#!/bin/sh
# Printing: the demo's busiest day of letters (141 letters, 1-3 pages
# each) into one batch PDF with 'dun letters --batch' (cover sheet, each
# letter laid out twice: once to count its pages for the cover, once to
# draw it), RUNS times; prints letters per second, median. The target of
# the letters issue is 200 letters/s or more. bench/pdf_bench times the
# layout engine alone.
# usage: bench/letters_pdf.sh [RUNS]      (default 5)
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SET=S
PEERS=""
. bench/lib.sh

"$DUN" --as-of 2026-12-01 demo --dir "$W/demo" >/dev/null
export DUN_DB="$W/demo/dun.db"
day=$("$DUN" --format csv outbox list | awk -F, '$5 == "letter" { print $2 }' |
    sort | uniq -c | sort -rn | awk 'NR == 1 { print $2 }')
n=$("$DUN" --format csv outbox list |
    awk -F, -v d="$day" '$2 == d && $5 == "letter"' | wc -l)
times=""
for i in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    "$DUN" --as-of "$day" letters --batch "$W/batch.pdf" >/dev/null
    e=$(date +%s.%N)
    times="$times $(echo "$e - $s" | bc -l)"
done
med=$(echo "$times" | tr ' ' '\n' | grep . | sort -n |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
pages=$(pdfinfo "$W/batch.pdf" | awk '/^Pages:/ { print $2 }')
printf 'letters of %s: %d letters, %d pages in the batch\n' "$day" "$n" "$pages"
printf 'dun letters --batch: median %.3f s of %d runs = %.0f letters/s (target >= 200)\n' \
    "$med" "$RUNS" "$(echo "$n / $med" | bc -l)"
