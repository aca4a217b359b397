#!/bin/sh
# Long imports show a running row count on stderr when it is a terminal
# (and only then), and end with a one-line summary on stdout.
# usage: test_progress.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

awk 'BEGIN {
    print "id,name,email,phone,address,city,postal_code,country,language," \
          "payment_terms_days,credit_limit,currency"
    for (i = 1; i <= 70000; i++)
        printf "C%06d,Customer %d,,,,,,DE,de,30,0.00,EUR\n", i, i
}' >customers.csv
"$DUN" init >/dev/null

# Not a terminal: no progress, just the summary.
expect_status "import, no terminal" 0 "$DUN" import customers customers.csv
expect_eq "no progress without a terminal" "" "$(cat "$W/err")"
expect_eq "summary" \
    "customers.csv: 70000 customers: 70000 inserted, 0 updated, 0 unchanged" \
    "$(cat "$W/out")"

# A terminal (script(1) gives the command a pseudo-terminal).
rm -f test.db*
"$DUN" init >/dev/null
script -qec "'$DUN' import customers customers.csv" /dev/null >tty.out
expect_eq "progress and summary on a terminal" \
"customers.csv: 65536 rows read
customers.csv: 70000 rows read
customers.csv: 70000 customers: 70000 inserted, 0 updated, 0 unchanged" \
    "$(tr '\r' '\n' <tty.out | sed '/^$/d')"
# The terminal ends lines with CR LF; the other CRs are rewrites.
expect_eq "progress rewrites one line" "2" "$(sed 's/\r$//' tty.out |
    tr -cd '\r' | wc -c | tr -d ' ')"

# A bad row late in the file: the progress line is ended before the error.
rm -f test.db*
"$DUN" init >/dev/null
echo "C999999,Bad,,,,,,DE,de,-1,0.00,EUR" >>customers.csv
script -qec "'$DUN' import customers customers.csv" /dev/null >tty.out
expect_eq "failed import on a terminal" \
"customers.csv: 65536 rows read
customers.csv:70002: payment_terms_days: not a whole number of days
dun: customers.csv: 1 bad row; nothing was imported" \
    "$(tr '\r' '\n' <tty.out | sed '/^$/d')"

# Payments by date, two customers interleaved: once the rows come back to
# a customer, the rest are stored a customer at a time after the file is
# read, and the line says how far that is.
rm -f test.db*
"$DUN" init >/dev/null
head -n 70001 customers.csv >customers_good.csv
"$DUN" import customers customers_good.csv >/dev/null
awk 'BEGIN {
    print "id,date,customer_id,invoice_number,amount,currency,method,reference"
    for (i = 1; i <= 140000; i++)
        printf "P%06d,2026-06-01,C00000%d,,1.00,EUR,transfer,\n", i, 1 + i % 2
}' >payments.csv
script -qec "'$DUN' import payments payments.csv" /dev/null >tty.out
expect_eq "progress of rows stored a customer at a time" \
"payments.csv: 65536 rows read
payments.csv: 131072 rows read
payments.csv: 140000 rows read, 65536 stored
payments.csv: 140000 rows read, 131072 stored
payments.csv: 140000 rows read, 140000 stored
payments.csv: 140000 payments: 140000 inserted, 0 updated, 0 unchanged" \
    "$(tr '\r' '\n' <tty.out | sed '/^$/d')"
finish
