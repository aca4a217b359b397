#!/bin/sh
# The store's own test of plans made before schema migration 11 recorded
# the invoices a plan covers (it deletes rows with sqlite3, which no
# other integration test may do): such a plan covers the customer's
# invoices in its currency due before it was made that were still open
# then (app/plans.h), and only money paid to those counts.
# usage: test_store_plans.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

cat >customers.csv <<'EOT'
id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency
C1,Alder Bakery,ap@alder.example,,,,,DE,de,30,0.00,EUR
EOT
# On 07-01: I-1 paid before, I-2 open and overdue, I-3 not due until
# after, I-4 in USD.
cat >invoices.csv <<'EOT'
number,customer_id,issue_date,due_date,currency,total,description
I-1,C1,2026-05-01,2026-05-31,EUR,300.00,
I-2,C1,2026-05-15,2026-06-14,EUR,200.00,
I-3,C1,2026-06-20,2026-07-20,EUR,150.00,
I-4,C1,2026-05-10,2026-06-01,USD,90.00,
EOT
cat >payments.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-1,2026-06-10,C1,I-1,300.00,EUR,transfer,I-1
P-2,2026-07-05,C1,I-3,150.00,EUR,transfer,I-3
P-3,2026-07-06,C1,I-2,60.00,EUR,transfer,I-2
EOT
"$DUN" --as-of 2026-06-01 init >/dev/null
"$DUN" --as-of 2026-06-30 import customers customers.csv >/dev/null
"$DUN" --as-of 2026-06-30 import invoices invoices.csv >/dev/null
expect_status "plan" 0 "$DUN" --as-of 2026-07-01 plan C1 --amount 200.00 \
    --installments 2 --first 2026-07-08 --invoice I-2 --invoice I-3
"$DUN" --as-of 2026-07-06 import payments payments.csv >/dev/null
sqlite3 "$DUN_DB" "DELETE FROM plan_invoice" 2>"$W/sqlerr"
expect_eq "forget the plan's invoices" "" "$(cat "$W/sqlerr")"
expect_status "show" 0 "$DUN" --as-of 2026-07-10 --format json plan show C1
expect_eq "a plan without invoices covers those due before it, open then" \
'  "paid": "60.00",
  "status": "kept",
    {"number": "I-2", "due_date": "2026-06-14", "open": "140.00", "paid": "60.00"}' \
    "$(grep -E '^  "(paid|status)"|"number"' "$W/out")"
expect_status "broken" 0 "$DUN" --as-of 2026-07-11 --format csv plan list
expect_eq "the payment to I-3 does not count" \
    "C1,2026-07-01,EUR,200.00,2,1,60.00,broken" "$(tail -n 1 "$W/out")"
finish
