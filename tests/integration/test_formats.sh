#!/bin/sh
# Every command that prints data does so through one renderer: --format
# json is one JSON document (Python's json.load reads it), --format csv
# is RFC 4180 with a header and neutralises cells a spreadsheet would run
# as a formula, and the table never carries a control character from the
# data (an ESC in a customer's name is shown as \x1b, not obeyed).
# usage: test_formats.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

esc=$(printf '\033')
# A customer whose name is a formula; an escape sequence in the name of
# a policy file, which 'policy list' shows (the importer and the commands
# refuse control characters in names, addresses and notes).
printf '%s\n' \
    "id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency" \
    "F1,\"=HYPERLINK(\"\"http://x.example\"\",\"\"pay\"\")\",f1@example.com,,,,,DE,en,30,0.00,EUR" \
    "E1,Evil Red Ltd,e1@example.com,,,,,DE,en,30,0.00,EUR" \
    "U1,Zoë Müller 株式会社,u1@example.com,,,,,DE,de,30,0.00,EUR" >customers.csv
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "+1,F1,2026-04-01,2026-05-01,EUR,100.00,x" \
    "E-1,E1,2026-04-01,2026-05-01,EUR,200.00,x" \
    "U-1,U1,2026-04-01,2026-05-01,EUR,300.00,x" >invoices.csv
printf '%s\n' "id,date,customer_id,invoice_number,amount,currency,method,reference" \
    "@P1,2026-05-10,F1,+1,10.00,EUR,transfer,x" >payments.csv
"$DUN" --as-of 2026-04-01 init >/dev/null
business_details
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-01 import $k $k.csv >/dev/null || echo "import $k failed"
done
"$DUN" --as-of 2026-06-01 note F1 --reason cash_flow -- "-2 weeks, says owner" \
    >/dev/null
"$DUN" --as-of 2026-06-01 policy show >"Evil ${esc}[31mRed${esc}[0m.ini"
"$DUN" --as-of 2026-06-01 policy load "Evil ${esc}[31mRed${esc}[0m.ini" \
    >/dev/null
"$DUN" --as-of 2026-06-01 run >/dev/null

# Each command that prints data, as a shell word list.
commands="customers
customer@show@F1
invoices
statement@F1
aging
aging@--detail
dso
policy@list
policy@show
run@--dry-run
timeline@F1
timeline@E1
queue
outbox@list
outbox@show@1
tenant@show"

for c in $commands; do
    args=$(printf '%s' "$c" | tr '@' ' ')
    # shellcheck disable=SC2086
    "$DUN" --as-of 2026-06-02 --format json $args >"$W/j" 2>"$W/e"
    expect_eq "$args: json is one document" "ok" \
        "$(python3 -c 'import json,sys; json.load(sys.stdin); print("ok")' \
            <"$W/j" 2>&1 | tail -n 1)"
    # shellcheck disable=SC2086
    "$DUN" --as-of 2026-06-02 --format csv $args >"$W/c" 2>"$W/e"
    expect_eq "$args: csv has a header and equal rows" "ok" \
        "$(python3 -c '
import csv, sys
rows = list(csv.reader(sys.stdin))
assert rows and all(len(r) == len(rows[0]) for r in rows), rows
bad = [c for r in rows[1:] for c in r
       if c[:1] in ("=", "+", "@", "\t", "\r")]
assert not bad, bad
print("ok")' <"$W/c" 2>&1 | tail -n 1)"
    # shellcheck disable=SC2086
    "$DUN" --as-of 2026-06-02 $args >"$W/t" 2>"$W/e"
    expect_eq "$args: table has no raw escape" "0" \
        "$(tr -cd '\033' <"$W/t" | wc -c | tr -d ' ')"
done

expect_status "customers csv" 0 "$DUN" --format csv customers
expect_eq "formula neutralised, as OWASP recommends" \
    "F1,\"'=HYPERLINK(\"\"http://x.example\"\",\"\"pay\"\")\",f1@example.com,DE,EUR,30,0.00" \
    "$(grep '^F1,' "$W/out")"
expect_status "invoices csv" 0 "$DUN" --format csv invoices
expect_eq "a number that starts with +" "'+1,F1,invoice,2026-04-01,2026-05-01,EUR,100.00,90.00" \
    "$(grep "^'+1," "$W/out")"
expect_status "timeline csv" 0 "$DUN" --format csv timeline F1
expect_eq "a note that starts with -" \
    "2026-06-01,note,,,,\"'-2 weeks, says owner (reason: cash_flow)\"" \
    "$(grep ',note,' "$W/out")"
expect_status "policy list table" 0 "$DUN" policy list
expect_eq "the escape shown, not obeyed" "1" \
    "$(grep -c 'Evil \\x1b\[31mRed\\x1b\[0m\.ini' "$W/out")"
expect_status "table" 0 "$DUN" customers
expect_eq "columns aligned by display width" \
    "U1  Zoë Müller 株式会社                   u1@example.com  DE       EUR                 30      0.00 EUR" \
    "$(grep '^U1 ' "$W/out")"
expect_status "jsonl" 0 "$DUN" --format jsonl customers
expect_eq "jsonl: one object per line" "3" \
    "$(python3 -c 'import json,sys; print(sum(1 for l in sys.stdin if json.loads(l)))' <"$W/out")"
# An error quoting a file's row: on a terminal the escape is shown too
# (script(1) gives the command a pseudo-terminal).
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "Z-1,X${esc}[2J,2026-04-01,2026-05-01,EUR,1.00,x" >bad.csv
script -qec "'$DUN' import invoices bad.csv" /dev/null >tty.out
expect_eq "an error on a terminal shows the escape" "0" \
    "$(tr -cd '\033' <tty.out | wc -c | tr -d ' ')"
expect_eq "and names it" "1" "$(grep -c 'X\\x1b\[2J' tty.out)"
finish
