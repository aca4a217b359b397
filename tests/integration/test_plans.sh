#!/bin/sh
# Payment plans (issue 10): a plan covers named invoices (default: those
# overdue when it is made) and never more than is open on them; only
# money paid to them counts toward its installments; dun plan list, show
# and cancel. Refused plans name the reason and write nothing.
# usage: test_plans.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

cat >customers.csv <<'EOT'
id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency
C1,Alder Bakery,ap@alder.example,,,,,DE,de,30,0.00,EUR
C2,Birch Cafe,ap@birch.example,,,,,DE,de,30,0.00,EUR
C3,Cedar Labs,ap@cedar.example,,,,,DE,de,30,0.00,EUR
EOT
# On 07-01 C1 owes, overdue in EUR: I-11 (200.00 left) and I-12; I-13
# is not due yet, I-14 is in USD, I-15 is disputed. C3 owes nothing
# overdue.
cat >invoices.csv <<'EOT'
number,customer_id,issue_date,due_date,currency,total,description
I-11,C1,2026-05-01,2026-05-31,EUR,300.00,
I-12,C1,2026-05-15,2026-06-14,EUR,200.00,
I-13,C1,2026-06-20,2026-07-20,EUR,150.00,
I-14,C1,2026-05-10,2026-06-09,USD,90.00,
I-15,C1,2026-05-05,2026-06-04,EUR,120.00,
I-21,C2,2026-05-01,2026-05-31,EUR,500.00,
I-31,C3,2026-06-25,2026-07-25,EUR,100.00,
EOT
cat >payments.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-1,2026-06-10,C1,I-11,100.00,EUR,transfer,I-11
EOT
"$DUN" --as-of 2026-06-01 init >/dev/null
business_details
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-30 import $k $k.csv >/dev/null
done
"$DUN" --as-of 2026-06-20 dispute open I-15 --reason "short delivery" \
    >/dev/null

# refused NAME MESSAGE ARGS...: plan ARGS on 07-01 fails with MESSAGE.
refused() {
    name=$1; msg=$2; shift 2
    expect_status "$name" 1 "$DUN" --as-of 2026-07-01 plan "$@"
    expect_eq "$name: says why" "$msg" "$(cat "$W/err")"
}
refused "more than owed" \
    "dun: a plan of EUR 5000.00 is more than the EUR 400.00 open on the invoices it covers (I-11, I-12)" \
    C1 --amount 5000.00 --installments 2 --first 2026-07-10
refused "named, more than owed" \
    "dun: a plan of EUR 300.00 is more than the EUR 200.00 open on the invoices it covers (I-12)" \
    C1 --amount 300.00 --installments 2 --first 2026-07-10 --invoice I-12
refused "another customer's invoice" \
    "dun: invoice 'I-21' is customer C2's, not C1's" \
    C1 --installments 2 --first 2026-07-10 --invoice I-11 --invoice I-21
refused "a disputed invoice" \
    "dun: invoice 'I-15' is disputed: resolve the dispute before a plan covers it" \
    C1 --installments 2 --first 2026-07-10 --invoice I-15
refused "an invoice in another currency" \
    "dun: invoice 'I-14' is in USD, the plan in EUR (--currency)" \
    C1 --installments 2 --first 2026-07-10 --invoice I-14
refused "an unknown invoice" "dun: no invoice 'I-99'" \
    C1 --installments 2 --first 2026-07-10 --invoice I-99
refused "none overdue" \
    "dun: customer C3 has no invoice in EUR overdue on 2026-07-01 for a plan to cover: name them with --invoice" \
    C3 --installments 2 --first 2026-07-10
refused "no such currency" "dun: --currency: 'EURO' is not a currency" \
    C1 --installments 2 --first 2026-07-10 --currency EURO
expect_status "nothing written" 0 "$DUN" --as-of 2026-07-01 --format csv \
    plan list
expect_eq "no plans" "customer,made_on,currency,total,installments,invoices,paid,status" \
    "$(cat "$W/out")"

# C1: by default the overdue undisputed EUR invoices, for what is open on
# them (400.00), 200.00 on 07-10 and 07-24. C2: I-21 named, 300.00 of
# its 500.00 in 3 installments.
expect_status "plan on overdue invoices" 0 "$DUN" --as-of 2026-07-01 plan C1 \
    --installments 2 --first 2026-07-10 --every 14
expect_eq "plan says" "customer C1: payment plan of 2 installments recorded" \
    "$(cat "$W/out")"
expect_status "plan on a named invoice" 0 "$DUN" --as-of 2026-07-01 plan C2 \
    --amount 300.00 --installments 3 --first 2026-07-05 --invoice I-21 \
    --invoice I-21
expect_status "list" 0 "$DUN" --as-of 2026-07-01 --format csv plan list
expect_eq "list of plans" \
"customer,made_on,currency,total,installments,invoices,paid,status
C1,2026-07-01,EUR,400.00,2,2,0.00,kept
C2,2026-07-01,EUR,300.00,3,1,0.00,kept" "$(cat "$W/out")"
expect_status "list before any plan" 0 "$DUN" --as-of 2026-06-30 \
    --format csv plan list
expect_eq "no plan before it was made" \
    "customer,made_on,currency,total,installments,invoices,paid,status" \
    "$(cat "$W/out")"

# After the plan C1 pays a new invoice (I-16) and one the plan does not
# cover (I-13), more than the first installment: neither counts. On
# 07-12 (07-10 plus 2 days' grace) the plan is kept, on 07-13 broken.
cat >invoices2.csv <<'EOT'
number,customer_id,issue_date,due_date,currency,total,description
I-16,C1,2026-07-02,2026-07-05,EUR,250.00,
EOT
cat >payments2.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-2,2026-07-08,C1,I-16,250.00,EUR,transfer,I-16
P-3,2026-07-09,C1,I-13,150.00,EUR,transfer,I-13
P-4,2026-07-04,C2,I-21,100.00,EUR,transfer,plan 1/3
EOT
"$DUN" --as-of 2026-07-09 import invoices invoices2.csv >/dev/null
"$DUN" --as-of 2026-07-09 import payments payments2.csv >/dev/null
expect_status "show on the last day of grace" 0 "$DUN" --as-of 2026-07-12 \
    --format json plan show C1
expect_eq "kept until the grace ends" '  "status": "kept",' \
    "$(grep '"status": "[a-z]*",$' "$W/out")"
expect_status "show" 0 "$DUN" --as-of 2026-07-13 --format json plan show C1
expect_eq "payments to other invoices do not count" '{
  "customer": "C1",
  "as_of": "2026-07-13",
  "made_on": "2026-07-01",
  "currency": "EUR",
  "total": "400.00",
  "paid": "0.00",
  "status": "broken",
  "broken_on": "2026-07-13",
  "cancelled_on": null,
  "installments": [
    {"seq": 1, "due_date": "2026-07-10", "amount": "200.00", "paid": "0.00", "missing": "200.00", "status": "missed"},
    {"seq": 2, "due_date": "2026-07-24", "amount": "200.00", "paid": "0.00", "missing": "200.00", "status": "open"}
  ],
  "invoices": [
    {"number": "I-11", "due_date": "2026-05-31", "open": "200.00", "paid": "0.00"},
    {"number": "I-12", "due_date": "2026-06-14", "open": "200.00", "paid": "0.00"}
  ]
}' "$(cat "$W/out")"

# A payment to a covered invoice counts: C2's 100.00 to I-21 on 07-04
# pays the first installment (07-05), not yet the second (08-04).
expect_status "show C2" 0 "$DUN" --as-of 2026-07-20 --format csv plan show C2
expect_eq "a payment to its invoice counts" \
"seq,due_date,amount,paid,missing,status
1,2026-07-05,100.00,100.00,0.00,paid
2,2026-08-04,100.00,0.00,100.00,open
3,2026-09-03,100.00,0.00,100.00,open" "$(cat "$W/out")"
# C1 catches up on 07-15 with 210.00 to I-11 (all 200.00 it owes) and,
# the rest naming no invoice, to I-12: kept again.
cat >payments3.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-5,2026-07-15,C1,I-11,210.00,EUR,transfer,plan
EOT
"$DUN" --as-of 2026-07-15 import payments payments3.csv >/dev/null
expect_status "list after" 0 "$DUN" --as-of 2026-07-20 --format csv plan list
expect_eq "caught up" \
"customer,made_on,currency,total,installments,invoices,paid,status
C1,2026-07-01,EUR,400.00,2,2,210.00,kept
C2,2026-07-01,EUR,300.00,3,1,100.00,kept" "$(cat "$W/out")"
expect_status "invoices of C1's plan" 0 "$DUN" --as-of 2026-07-20 \
    --format json plan show C1
expect_eq "what each invoice paid toward it" \
'    {"number": "I-11", "due_date": "2026-05-31", "open": "0.00", "paid": "200.00"},
    {"number": "I-12", "due_date": "2026-06-14", "open": "190.00", "paid": "10.00"}' \
    "$(grep '"number"' "$W/out")"

# Cancel: on 07-20 C2's plan ends; cancelling again, or a customer
# without a plan, fails and says why.
expect_status "cancel" 0 "$DUN" --as-of 2026-07-20 plan cancel C2
expect_eq "cancel says" "customer C2: payment plan of 2026-07-01 cancelled" \
    "$(cat "$W/out")"
expect_status "cancel twice" 1 "$DUN" --as-of 2026-07-21 plan cancel C2
expect_eq "cancel twice says" \
    "dun: customer C2's payment plan of 2026-07-01 was cancelled on 2026-07-20" \
    "$(cat "$W/err")"
expect_status "cancel without a plan" 1 "$DUN" --as-of 2026-07-20 plan cancel C3
expect_eq "cancel without a plan says" \
    "dun: customer C3 has no payment plan made on or before 2026-07-20" \
    "$(cat "$W/err")"
expect_status "show an unknown customer" 1 "$DUN" plan show C9
expect_eq "unknown customer says" "dun: no customer 'C9'" "$(cat "$W/err")"
expect_status "list cancelled" 0 "$DUN" --as-of 2026-07-20 --format csv \
    plan list
expect_eq "cancelled from its day on" \
"customer,made_on,currency,total,installments,invoices,paid,status
C1,2026-07-01,EUR,400.00,2,2,210.00,kept
C2,2026-07-01,EUR,300.00,3,1,100.00,cancelled" "$(cat "$W/out")"
expect_status "list the day before" 0 "$DUN" --as-of 2026-07-19 \
    --format csv plan list
expect_eq "not cancelled the day before" "C2,2026-07-01,EUR,300.00,3,1,100.00,kept" \
    "$(grep '^C2,' "$W/out")"
expect_status "show cancelled" 0 "$DUN" --as-of 2026-07-20 --format json \
    plan show C2
expect_eq "show says when" '  "status": "cancelled",
  "broken_on": null,
  "cancelled_on": "2026-07-20",' \
    "$(grep -E '^  "(status|broken_on|cancelled_on)"' "$W/out")"

# A plan made the same day replaces the earlier one, cancelled or not; a
# later one is the one in force from its day.
expect_status "replace" 0 "$DUN" --as-of 2026-07-01 plan C2 \
    --amount 400.00 --installments 4 --first 2026-07-05 --invoice I-21
expect_status "a new plan" 0 "$DUN" --as-of 2026-07-25 plan C1 \
    --installments 1 --first 2026-08-01
expect_status "list replaced" 0 "$DUN" --as-of 2026-07-25 --format csv \
    plan list
expect_eq "the plans in force" \
"customer,made_on,currency,total,installments,invoices,paid,status
C1,2026-07-25,EUR,190.00,1,1,0.00,kept
C2,2026-07-01,EUR,400.00,4,1,100.00,kept" "$(cat "$W/out")"
expect_status "bad plan" 2 "$DUN" plan C2 --installments 0 \
    --first 2026-08-01
expect_status "usage: show without a customer" 2 "$DUN" plan show
finish
