#!/bin/sh
# dun run: exact actions and skips for hand-built customers on fixed
# dates, the JSON of DESIGN.md section 5, idempotence of a day, and the
# ladder moving on a week later.
# usage: test_run.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$(cd "$2" && pwd)/tests/data/run
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

"$DUN" --as-of 2026-06-01 init >/dev/null
business_details
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-30 import $k "$DATA/$k.csv" >/dev/null
done

# 2026-06-30: C1 10 days late (20.00 paid of 120.00), C2 inside grace,
# C3 not due, C4 paid, C5 late in two currencies: one message, listed
# once per currency.
expect_status "dry run" 0 "$DUN" --as-of 2026-06-30 --format json run \
    --dry-run
expect_eq "dry run JSON" \
'{
  "as_of": "2026-06-30",
  "dry_run": true,
  "actions": [
    {"customer": "C1", "stage": "reminder", "channels": ["email"], "handoff": false, "needs_approval": false, "total_overdue": "100.00", "currency": "EUR", "invoices": [{"number": "I-101", "days_overdue": 10, "balance": "100.00", "currency": "EUR"}]},
    {"customer": "C5", "stage": "reminder", "channels": ["email"], "handoff": false, "needs_approval": false, "total_overdue": "1000.00", "currency": "EUR", "invoices": [{"number": "I-501", "days_overdue": 20, "balance": "1000.00", "currency": "EUR"}]},
    {"customer": "C5", "stage": "reminder", "channels": ["email"], "handoff": false, "needs_approval": false, "total_overdue": "250.50", "currency": "USD", "invoices": [{"number": "I-502", "days_overdue": 5, "balance": "250.50", "currency": "USD"}]}
  ],
  "skipped": [
    {"customer": "C2", "reason": "grace", "error": null}
  ],
  "policy_version": 1,
  "customers_owing": 4,
  "planned": 2
}' "$(cat "$W/out")"
expect_eq "dry run JSON is one document" "ok" \
    "$(python3 -c 'import json,sys; json.load(sys.stdin); print("ok")' \
       <"$W/out")"

expect_status "run" 0 "$DUN" --as-of 2026-06-30 run
expect_eq "run plans" \
"As of: 2026-06-30
Dry run: no

Actions
Customer  Stage     Channels  Hand-off  For approval  Total overdue  Currency
C1        reminder  email     no        no               100.00 EUR  EUR
  Invoice  Days overdue         Open  Currency
  I-101              10   100.00 EUR  EUR
C5        reminder  email     no        no              1000.00 EUR  EUR
  I-501              20  1000.00 EUR  EUR
C5        reminder  email     no        no               250.50 USD  USD
  I-502               5   250.50 USD  USD

Skipped
Customer  Reason                           Error
C2        grace — inside the grace period  -

Policy version: 1
Customers owing: 4
Actions planned: 2" "$(cat "$W/out")"

# The same day again plans nothing new: C1's notice is not due yet, C5's
# (20 days late) is, but not a second contact the same day.
expect_status "run again" 0 "$DUN" --as-of 2026-06-30 --format csv run
expect_eq "run again plans nothing" \
"customer,stage,channels,handoff,needs_approval,total_overdue,currency,invoices.number,invoices.days_overdue,invoices.balance,invoices.currency" \
    "$(cat "$W/out")"
expect_status "run again, skipped" 0 "$DUN" --as-of 2026-06-30 \
    --format json run
expect_eq "run again skips" \
'    {"customer": "C2", "reason": "grace", "error": null},
    {"customer": "C5", "reason": "min_gap", "error": null}' \
    "$(grep '"reason"' "$W/out")"
for c in C1 C5; do
    "$DUN" --format csv timeline $c >"$W/tl.$c"
done
expect_eq "contacts recorded once" "2026-06-30,contact,reminder,,,email
2026-06-30,contact,reminder,,,email" \
    "$(grep -h ',contact,' "$W/tl.C1" "$W/tl.C5")"

# A week later: C1 (17 days) and C5's EUR invoice (27) reach the notice,
# C2 (9 days) gets its first reminder. C5's USD invoice (12 days) climbs
# its own ladder: reminded a week ago, its notice comes on day 15, so
# the notice lists it as also due, outside its demands.
expect_status "a week later" 0 "$DUN" --as-of 2026-07-07 --format csv run
expect_eq "a week later" \
"customer,stage,channels,handoff,needs_approval,total_overdue,currency,invoices.number,invoices.days_overdue,invoices.balance,invoices.currency
C1,notice,email letter,false,false,100.00,EUR,I-101,17,100.00,EUR
C2,reminder,email,false,false,80.00,EUR,I-201,9,80.00,EUR
C5,notice,email letter,false,false,1000.00,EUR,I-501,27,1000.00,EUR" \
    "$(cat "$W/out")"
# A message totals each currency of its customer, eight at most: a
# customer billed in eight is handled, a ninth currency is refused at the
# import (docs/limits.md). (A customer the run cannot handle all the
# same, from damaged rows, is passed over: test_store_broken.sh.)
export DUN_DB="$W/partial.db"
"$DUN" --as-of 2026-06-01 init >/dev/null
business_details
printf '%s\n' "id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency" \
    "P1,Plain Payer,p1@example.com,,,,,DE,de,30,0.00,EUR" \
    "X1,Eight Currencies,x1@example.com,,,,,DE,de,30,0.00,EUR" >"$W/pc.csv"
{
    echo "number,customer_id,issue_date,due_date,currency,total,description"
    echo "P-1,P1,2026-05-01,2026-06-01,EUR,50.00,Work"
    n=0
    for cur in EUR USD GBP CHF JPY SEK NOK DKK; do
        n=$((n + 1))
        echo "X-$n,X1,2026-05-01,2026-06-01,$cur,10,Work"
    done
} >"$W/pi.csv"
"$DUN" --as-of 2026-06-30 import customers "$W/pc.csv" >/dev/null
expect_status "eight currencies" 0 "$DUN" --as-of 2026-06-30 import invoices \
    "$W/pi.csv"
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "X-9,X1,2026-05-01,2026-06-01,PLN,10.00,Work" >"$W/pi9.csv"
expect_status "a ninth" 1 "$DUN" --as-of 2026-06-30 import invoices \
    "$W/pi9.csv"
expect_eq "refused at the import" \
"$W/pi9.csv:2: currency: customer X1 is billed in 8 currencies already, the most dun keeps for one customer" \
    "$(head -n 1 "$W/err")"
expect_status "the run handles eight" 0 "$DUN" --as-of 2026-06-30 --format csv \
    run
expect_eq "a reminder each" "P1,reminder
X1,reminder" "$(tail -n +2 "$W/out" | cut -d, -f1,2 | sort -u)"
# Guards of a real run. Without the business details messages need, a
# real run refuses (naming each) and records nothing; a dry run warns.
export DUN_DB="$W/guards.db"
"$DUN" --as-of 2026-06-01 init >/dev/null
printf '%s\n' "id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency" \
    "G1,Mail Only,g1@example.com,,,,,DE,de,30,0.00,EUR" \
    "G2,Post Only,,,Hafenstraße 9,Hamburg,20457,DE,de,30,0.00,EUR" \
    "G3,Phone Only,,+49 40 1234567,,,,DE,de,30,0.00,EUR" >"$W/gc.csv"
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "G-1,G1,2026-05-01,2026-06-01,EUR,50.00,Work" \
    "G-2,G2,2026-05-01,2026-06-01,EUR,60.00,Work" \
    "G-3,G3,2026-05-01,2026-06-01,EUR,70.00,Work" >"$W/gi.csv"
"$DUN" --as-of 2026-06-30 import customers "$W/gc.csv" >/dev/null
"$DUN" --as-of 2026-06-30 import invoices "$W/gi.csv" >/dev/null
"$DUN" tenant set --name "Guard GmbH" >/dev/null
expect_status "no bank details: refused" 1 "$DUN" --as-of 2026-06-30 run
expect_eq "refusal names what is missing" \
"dun: messages cannot go out without the business's e-mail address (dun tenant set --email); the business's postal address (dun tenant set --address); the business's bank account (dun tenant set --iban)" \
    "$(cat "$W/err")"
expect_status "a dry run warns" 0 "$DUN" --as-of 2026-06-30 run --dry-run
expect_eq "the warnings" \
"dun: warning: a real run would refuse: messages need the business's e-mail address (dun tenant set --email)
dun: warning: a real run would refuse: messages need the business's postal address (dun tenant set --address)
dun: warning: a real run would refuse: messages need the business's bank account (dun tenant set --iban)" \
    "$(cat "$W/err")"
business_details
# Only a channel that exists: no e-mail address, a letter; no address at
# all, a call task that records no contact with the invoice.
expect_status "channels that exist" 0 "$DUN" --as-of 2026-06-30 --format csv run
expect_eq "channels that exist" \
"customer,stage,channels,handoff,needs_approval,total_overdue,currency,invoices.number,invoices.days_overdue,invoices.balance,invoices.currency
G1,reminder,email,false,false,50.00,EUR,G-1,29,50.00,EUR
G2,reminder,letter,false,false,60.00,EUR,G-2,29,60.00,EUR
G3,no-contact,phone,false,false,70.00,EUR,G-3,29,70.00,EUR" \
    "$(cat "$W/out")"
expect_eq "outbox: an e-mail and a letter, nothing for G3" \
"G1 email
G2 letter" "$("$DUN" --format csv outbox list | cut -d, -f3,5 | tail -n +2 |
    tr , ' ')"
expect_eq "the outbox as of the day before: not written yet" "" \
    "$("$DUN" --as-of 2026-06-29 --format csv outbox list | tail -n +2)"
# As of means as of: a payment dated later has not arrived on the day
# a dry run replays, nor has a dispute opened later.
printf '%s\n' "id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency" \
    "A1,Asof Ltd,a1@example.com,,,,,DE,de,30,0.00,EUR" >"$W/ac.csv"
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "A-1,A1,2026-05-01,2026-06-10,EUR,90.00,Work" >"$W/ai.csv"
printf '%s\n' "id,date,customer_id,invoice_number,amount,currency,method,reference" \
    "PA-1,2026-06-25,A1,A-1,90.00,EUR,transfer,A-1" >"$W/ap.csv"
"$DUN" --as-of 2026-06-30 import customers "$W/ac.csv" >/dev/null
"$DUN" --as-of 2026-06-30 import invoices "$W/ai.csv" >/dev/null
"$DUN" --as-of 2026-06-30 import payments "$W/ap.csv" >/dev/null
expect_eq "as of 06-20 the payment of 06-25 has not arrived" \
    "A1,reminder,email,false,false,90.00,EUR,A-1,10,90.00,EUR" \
    "$("$DUN" --as-of 2026-06-20 --format csv run --dry-run | grep '^A1')"
expect_eq "as of 06-26 it has" "" \
    "$("$DUN" --as-of 2026-06-26 --format csv run --dry-run | grep '^A1')"
# Runs go forward in time, and not into the future.
expect_status "a run before the latest" 1 "$DUN" --as-of 2026-06-29 run
expect_eq "says why" \
"dun: a run as of 2026-06-29 would come before the latest run (as of 2026-06-30): runs go forward in time; use --dry-run to look at an earlier day" \
    "$(cat "$W/err")"
expect_status "a dry run may look back" 0 "$DUN" --as-of 2026-06-29 run \
    --dry-run
expect_status "far ahead" 1 "$DUN" --as-of 2199-01-01 run
expect_eq "far ahead says" "1" \
    "$(grep -c 'more than a day ahead of today' "$W/err")"
# Dates dun keeps: 1900 to 2199, at every door.
expect_status "a date past 2199" 2 "$DUN" --as-of 9999-12-31 run --dry-run
expect_eq "says the range" \
    "dun: --as-of: not a date (YYYY-MM-DD, 1900 to 2199): '9999-12-31'" \
    "$(cat "$W/err")"
expect_status "a plan past 2199" 2 "$DUN" plan A1 --installments 2 \
    --first 9999-12-01
expect_status "a plan whose last installment is past 2199" 1 "$DUN" \
    --as-of 2026-06-30 plan A1 --invoice A-1 --installments 12 \
    --first 2199-06-01 --every 60
expect_eq "says so" "dun: the last installment would fall after 2199" \
    "$(cat "$W/err")"
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "Y-1,A1,9999-12-31,,EUR,1.00,Work" "Y-2,A1,2199-12-31,,EUR,1.00,Work" \
    >"$W/yi.csv"
expect_status "invoices past 2199" 1 "$DUN" --as-of 2026-06-30 import \
    invoices "$W/yi.csv"
expect_eq "each named" \
"$W/yi.csv:2: issue_date: outside the years 1900 to 2199: '9999-12-31'
$W/yi.csv:3: due_date: its terms put it after 2199" \
    "$(grep "^$W/yi.csv" "$W/err")"
finish
