#!/bin/sh
# dun letters: the day's letters as one print file (a cover sheet, each
# letter starting on the front of a sheet) and as a file each; the same
# bytes whenever they are made; German dates and amounts in a German
# letter, a US letter on US Letter paper.
# usage: test_letters_pdf.sh DUN SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
    echo "ok - skipped: pdfinfo and pdftotext (poppler-utils) are missing"
    exit 0
fi

"$DUN" --as-of 2026-12-01 demo --dir "$W/demo" >/dev/null
export DUN_DB="$W/demo/dun.db"
day=2026-11-25
n=$("$DUN" --format csv outbox list |
    awk -F, -v d=$day '$2 == d && $5 == "letter"' | wc -l)

expect_status "batch and each" 0 "$DUN" --as-of $day letters \
    --batch "$W/batch.pdf" --each "$W/each"
pages=$(pdfinfo "$W/batch.pdf" | awk '/^Pages:/ { print $2 }')
expect_eq "says" "$n letters, $pages pages, $W/batch.pdf, $W/each" \
    "$(cat "$W/out")"
expect_eq "a file per letter" "$n" "$(ls "$W/each" | wc -l)"

# Each letter's first page is in the print file where it must be: after
# the cover (and a blank back), on an odd page, in outbox order.
cover=$(pdftotext -layout -f 1 -l 1 "$W/batch.pdf" - | head -n 3 | tr -s ' ')
expect_eq "cover" "Letters of 2026-11-25" "$(echo "$cover" | grep -o 'Letters of [0-9-]*')"
start=3
bad=0
for f in "$W"/each/*.pdf; do
    p=$(pdfinfo "$f" | awk '/^Pages:/ { print $2 }')
    [ $((start % 2)) -eq 1 ] || bad=$((bad + 1))
    [ "$(pdftotext -f 1 -l 1 "$f" -)" = \
      "$(pdftotext -f $start -l $start "$W/batch.pdf" -)" ] ||
        bad=$((bad + 1))
    start=$((start + p + p % 2))
done
expect_eq "each letter on an odd page, in order" "0 $((pages + 1))" \
    "$bad $start"

# The same bytes again.
"$DUN" --as-of $day letters --batch "$W/again.pdf" >/dev/null
expect_eq "reproduces" "same" \
    "$(cmp -s "$W/batch.pdf" "$W/again.pdf" && echo same)"
# Letters past those a batch keeps laid out are laid out twice: the
# same bytes.
DUN_BATCH_KEPT=2 "$DUN" --as-of $day letters --batch "$W/twice.pdf" \
    >/dev/null
expect_eq "laid out twice, the same" "same" \
    "$(cmp -s "$W/batch.pdf" "$W/twice.pdf" && echo same)"

# The cover speaks the business's words too (its templates' _labels).
"$DUN" templates export "$W/mine" >/dev/null
sed -i 's/^cover = .*$/cover = Post of {date}/' "$W/mine/en/_labels.mustache"
expect_status "templates with other words" 0 "$DUN" --as-of $day templates \
    load "$W/mine"
"$DUN" --as-of $day letters --batch "$W/words.pdf" >/dev/null
expect_eq "the cover in them" "Post of 2026-11-25" \
    "$(pdftotext -f 1 -l 1 "$W/words.pdf" - | grep -o 'Post of [0-9-]*')"

# A German notice: local dates and amounts, page numbers in German.
de=$(ls "$W"/each/*-C0027.pdf)
txt=$(pdftotext -layout "$de" - | tr -s ' ')
has() { printf '%s\n' "$txt" | grep -c -F -- "$1"; }
# the IBAN: in the payment box and the footer of both pages; the
# message's number as our reference
expect_eq "German letter" "1 1 1 1 1 3" \
    "$(has 'Datum 25.11.2026') $(has 'Unser Zeichen 1425') $(has 'INV-007323 28.08.2026 27.10.2026 4.492,00 € 0,00 € 4.492,00 € 29') \
$(has 'Summe 6.208,88 €') $(has 'Seite 1 von 2') $(has 'IBAN GB33 BUKB 2020 1555 5555 55')"
expect_eq "German address, the country in the business's language" \
    "Weiß Metallbau GmbH
Gartenweg 146
04283 Leipzig
GERMANY" "$(printf '%s\n' "$txt" | grep -A3 '^Weiß Metallbau GmbH$' | sed 's/^ //')"

# A US customer's letter is on US Letter paper, its address as the US
# post wants it.
us=$(ls "$W"/each/*-C0002.pdf)
expect_eq "US Letter" "612 x 792 pts (letter)" \
    "$(pdfinfo "$us" | sed -n 's/^Page size: *//p')"

# The business's settings: its logo in the letterhead, and a paper for
# every letter.
/usr/bin/python3 -c '
import struct, zlib
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
raw = b"".join(b"\0" + b"\x20\x40\x80" * 8 for _ in range(4))
open("logo.png", "wb").write(b"\x89PNG\r\n\x1a\n" +
    chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 4, 8, 2, 0, 0, 0)) +
    chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))'
images() { pdfimages -list "$1" | tail -n +3 | wc -l; }
before=$(images "$de")
"$DUN" config set letter.logo "$W/logo.png" >/dev/null
"$DUN" config set letter.paper us-letter >/dev/null
"$DUN" --as-of $day letters --each "$W/each2" >/dev/null
de2=$(ls "$W"/each2/*-C0027.pdf)
expect_eq "the logo in the letterhead, letter.paper for all" \
    "$((before + 1)) 612 x 792 pts (letter)" \
    "$(images "$de2") $(pdfinfo "$de2" | sed -n 's/^Page size: *//p')"

# a Sunday: no run, no letters
expect_status "no letters that day" 0 "$DUN" --as-of 2026-11-29 letters \
    --batch "$W/none.pdf"
expect_eq "none says" "no letters on that day: nothing written" \
    "$(cat "$W/out")"
expect_eq "no file" "" "$(ls "$W/none.pdf" 2>/dev/null)"
expect_status "neither --batch nor --each" 2 "$DUN" letters
finish
