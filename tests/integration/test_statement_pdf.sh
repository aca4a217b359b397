#!/bin/sh
# dun statement CUSTOMER --pdf FILE: the statement of account as a letter
# to the customer: German dates, amounts and words for a German customer,
# US Letter for a US one, the closing balance and the open items, the
# same bytes for the same books and day, and nothing written when it
# fails.
# usage: test_statement_pdf.sh DUN SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
if ! command -v pdfinfo >/dev/null || ! command -v pdftotext >/dev/null; then
    echo "ok - skipped: pdfinfo and pdftotext (poppler-utils) are missing"
    exit 0
fi

"$DUN" --as-of 2026-12-01 demo --dir "$W/demo" >/dev/null
export DUN_DB="$W/demo/dun.db"
day=2026-12-01

expect_status "a German customer" 0 \
    "$DUN" --as-of $day statement C0027 --pdf "$W/de.pdf"
pages=$(pdfinfo "$W/de.pdf" | awk '/^Pages:/ { print $2 }')
expect_eq "says" "$W/de.pdf: $pages pages" "$(cat "$W/out")"

txt=$(pdftotext -layout "$W/de.pdf" - | tr -s ' ')
has() { printf '%s\n' "$txt" | grep -c -x -F -- "$1"; }
# a line that starts so (the QR code's caption may share the line)
starts() { printf '%s\n' "$txt" | grep -c "^$1"; }
# the date beside the window; an invoice in the account (date, number,
# due date, debit, running balance) and in the open items (due date,
# days overdue, amount due); a payment and the invoice it was applied
# to; the closing balance, the open items' total and the amount to pay;
# the reference only the account, with twelve invoices open (as letters)
expect_eq "German statement" "1 1 1 1 1 1 1 1 1 1" \
    "$(has ' Datum 01.12.2026') $(has 'Kontoauszug') \
$(has '28.08.2026 Rechnung INV-007323 27.10.2026 4.492,00 € 38.014,73 €') \
$(has 'INV-007323 27.10.2026 35 4.492,00 €') \
$(has ' 16.02.2026 Zahlung P000811 983,00 € 32.630,18 €') \
$(has ' verrechnet mit INV-000003') \
$(has 'Endsaldo 51.942,77 €') $(has 'Summe 51.942,77 €') \
$(starts ' Betrag 51.942,77 €') $(has ' Verwendungszweck C0027')"
expect_eq "German page numbers" "1 1" \
    "$(has " Seite 1 von $pages") $(has " Seite $pages von $pages")"
expect_eq "on A4, with a GiroCode for the balance in euros" \
    "595.276 x 841.89 pts (A4) 1" \
    "$(pdfinfo "$W/de.pdf" | sed -n 's/^Page size: *//p') \
$(printf '%s\n' "$txt" | grep -c 'Mit Ihrer Banking-App')"

# The same bytes again.
"$DUN" --as-of $day statement C0027 --pdf "$W/again.pdf" >/dev/null
expect_eq "reproduces" "same" \
    "$(cmp -s "$W/de.pdf" "$W/again.pdf" && echo same)"
"$DUN" --as-of 2026-12-02 statement C0027 --pdf "$W/later.pdf" >/dev/null
expect_eq "another day, another statement" "differ" \
    "$(cmp -s "$W/de.pdf" "$W/later.pdf" || echo differ)"

# A US customer: US Letter, US dates and dollars, English words.
expect_status "a US customer" 0 \
    "$DUN" --as-of $day statement C0002 --pdf "$W/us.pdf"
txt=$(pdftotext -layout "$W/us.pdf" - | tr -s ' ')
expect_eq "US Letter" "612 x 792 pts (letter)" \
    "$(pdfinfo "$W/us.pdf" | sed -n 's/^Page size: *//p')"
expect_eq "US statement" "1 1 1 1" \
    "$(has 'Statement of account') \
$(has 'Aug 24, 2026 Invoice INV-007149 Sep 23, 2026 $83.45 $19,748.70') \
$(has 'Closing balance $12,521.27') $(has 'Total due $12,521.27')"
expect_eq "no GiroCode for dollars" "0" \
    "$(printf '%s\n' "$txt" | grep -c 'Scan with your banking app')"

# Failures write nothing.
expect_status "no such customer" 1 \
    "$DUN" --as-of $day statement C9999 --pdf "$W/none.pdf"
expect_eq "no such customer says" "dun: no customer 'C9999'" \
    "$(cat "$W/err")"
expect_eq "no file" "" "$(ls "$W/none.pdf" 2>/dev/null)"
expect_status "a path that cannot be written" 1 \
    "$DUN" --as-of $day statement C0027 --pdf "$W/nodir/s.pdf"
expect_eq "names the path" "1" \
    "$(grep -c -F "dun: $W/nodir/s.pdf: cannot write: " "$W/err")"
expect_status "--pdf without a file" 2 "$DUN" statement C0027 --pdf
expect_status "two customers" 2 "$DUN" statement C0027 C0002 --pdf x.pdf
finish
