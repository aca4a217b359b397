#!/bin/sh
# Every read that takes --as-of D sees only what is dated on or before D:
# aging, dso, invoices, statement and timeline of a database that holds
# documents and events dated after D are those of a fresh database fed
# only what is dated on or before D, and they agree with each other. A
# payment naming no invoice passes a disputed one (docs/ledger.md, rule
# 6) for as long as the dispute was open on the payment's date.
# usage: test_asof.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
D=2026-03-31

cat >customers.csv <<'EOT'
id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency
C1,Alder Bakery,ap@alder.example,,,,,DE,de,30,0.00,EUR
C2,Birch Cafe,ap@birch.example,,,,,DE,de,30,0.00,EUR
C3,Cedar Labs,ap@cedar.example,,,,,US,en,30,0.00,USD
C4,Dogwood Inn,ap@dogwood.example,,,,,DE,de,30,0.00,EUR
EOT
# Documents dated on or before D, then the later ones.
cat >invoices-early.csv <<'EOT'
number,customer_id,issue_date,due_date,currency,total,description,type,applies_to
I-101,C1,2026-01-05,2026-02-04,EUR,100.00,oldest (disputed),,
I-102,C1,2026-02-01,2026-03-03,EUR,60.00,next,,
I-201,C2,2026-02-15,2026-03-17,EUR,80.00,,,
I-301,C3,2026-03-01,2026-03-31,USD,250.50,disputed a while,,
I-302,C3,2026-03-02,2026-04-01,USD,100.00,,,
CN-301,C3,2026-03-15,2026-03-15,USD,50.00,goodwill,credit_note,
EOT
cat >invoices-late.csv <<'EOT'
number,customer_id,issue_date,due_date,currency,total,description,type,applies_to
I-103,C1,2026-04-10,2026-05-10,EUR,40.00,,,
I-401,C4,2026-04-01,2026-05-01,EUR,70.00,,,
EOT
cat >payments-early.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-1,2026-03-10,C1,,50.00,EUR,transfer,
P-4,2026-03-20,C2,,30.00,EUR,transfer,
P-5,2026-03-25,C4,,20.00,EUR,transfer,
EOT
cat >payments-late.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-2,2026-04-05,C1,,30.00,EUR,transfer,
P-3,2026-04-02,C2,I-201,80.00,EUR,transfer,I-201
EOT

# early DB: customers and the documents dated on or before D.
early() {
    "$DUN" --as-of 2026-01-01 init >/dev/null
    business_details
    "$DUN" --as-of $D import customers customers.csv >/dev/null
    "$DUN" --as-of $D import invoices invoices-early.csv >/dev/null
    "$DUN" --as-of $D import payments payments-early.csv >/dev/null
}
# events, also dated on or before D: C1's oldest invoice disputed before
# P-1 (resolved only after D in the full database); C3's disputed from
# 03-05 to 03-20, over the credit note naming none.
early_events() {
    "$DUN" --as-of 2026-02-20 dispute open I-101 --reason "short delivery"
    "$DUN" --as-of 2026-03-05 dispute open I-301 --reason "wrong rate"
    "$DUN" --as-of 2026-03-20 dispute resolve I-301 --reason "rate agreed"
    "$DUN" --as-of 2026-03-15 note C1 "asked for the delivery notes"
}

export DUN_DB="$W/fresh.db"
early
early_events >/dev/null

export DUN_DB="$W/full.db"
early
"$DUN" --as-of 2026-04-30 import invoices invoices-late.csv >/dev/null
"$DUN" --as-of 2026-04-30 import payments payments-late.csv >/dev/null
early_events >/dev/null
# After D: the dispute on I-101 resolved, one on I-201 opened, a note, a
# promise, a plan and the contacts of a run.
{
    "$DUN" --as-of 2026-04-15 dispute resolve I-101 --reason "credited"
    "$DUN" --as-of 2026-04-03 dispute open I-201 --reason "late"
    "$DUN" --as-of 2026-04-12 note C1 "called about I-103"
    "$DUN" --as-of 2026-04-06 promise C2 --amount 10.00 --by 2026-04-20
    "$DUN" --as-of 2026-04-07 plan C3 --amount 300.50 --installments 2 \
        --first 2026-05-01
} >/dev/null
expect_status "a run after D" 0 "$DUN" --as-of 2026-04-30 run
expect_status "kept balances agree with the ledger" 0 "$DUN" check

# reads DB: every read as of D, one file per command.
reads() {
    DUN_DB="$W/$1.db"
    export DUN_DB
    "$DUN" --as-of $D --format csv aging >"$1.aging"
    "$DUN" --as-of $D --format csv aging --detail >"$1.detail"
    "$DUN" --as-of $D --format csv dso >"$1.dso"
    "$DUN" --as-of $D --format csv invoices --open >"$1.open"
    "$DUN" --as-of $D --format csv invoices >"$1.invoices"
    "$DUN" --as-of $D --format json invoices --customer C3 >"$1.c3.json"
    for c in C1 C2 C3 C4; do
        "$DUN" --as-of $D --format csv statement $c
        "$DUN" --as-of $D --format csv timeline $c
    done >"$1.accounts"
}
reads full
reads fresh
for r in aging detail dso open invoices c3.json accounts; do
    expect_eq "as of D, $r: as a database of only what is dated by D" \
        "$(cat fresh.$r)" "$(cat full.$r)"
done

# The figures themselves. C1: P-1 passed the disputed I-101 and paid
# 50.00 of I-102. C2: P-3 and the dispute came later. C3: the credit
# note went to I-302 while I-301 was disputed. C4: credit, no invoice yet.
expect_eq "open invoices as of D" \
"I-101,C1,100.00
I-102,C1,10.00
I-201,C2,50.00
I-301,C3,250.50
I-302,C3,50.00" "$(tail -n +2 full.open | cut -d, -f1,2,8)"
expect_eq "aging as of D: customer, currency, credit, total" \
"C1,EUR,0.00,110.00
C2,EUR,0.00,50.00
C3,USD,0.00,300.50
C4,EUR,20.00,-20.00" \
    "$(tail -n +2 full.aging | awk -F, '{ print $1 "," $2 "," $(NF-1) "," $NF }')"
expect_eq "dso as of D: the receivable is the aging total" \
"EUR,140.00
USD,300.50" "$(tail -n +2 full.dso | cut -d, -f1,2)"
# The statement's closing balance of each customer is its aging total.
expect_eq "statements close on the aging totals" \
"C1,EUR,110.00
C2,EUR,50.00
C3,USD,300.50
C4,EUR,-20.00" "$(for c in C1 C2 C3 C4; do
    DUN_DB="$W/full.db" "$DUN" --as-of $D --format csv statement $c |
        awk -F, -v c=$c '$1 ~ /^20/ { cur = $5; last = $7 }
            END { print c "," cur "," last }'
    done)"
expect_eq "timeline as of D: nothing dated after it" \
"2026-01-05,invoice,I-101,due 2026-02-04, open 100.00
2026-02-01,invoice,I-102,due 2026-03-03, open 10.00
2026-02-20,dispute_opened,I-101,short delivery
2026-03-10,payment,P-1,names no invoice
2026-03-15,note,,asked for the delivery notes" \
    "$(DUN_DB="$W/full.db" "$DUN" --as-of $D --format csv timeline C1 |
       sed -n 's/^\(20[^,]*\),\([^,]*\),\([^,]*\),[^,]*,[^,]*,"\{0,1\}\([^"]*\)"\{0,1\}$/\1,\2,\3,\4/p')"

# Today, with everything: P-2 (04-05) also passed I-101, disputed until
# 04-15, and paid off I-102 first; the rest went to I-101 as nothing
# else was open.
export DUN_DB="$W/full.db"
expect_eq "open invoices now" \
"I-101,C1,80.00
I-103,C1,40.00
I-301,C3,250.50
I-302,C3,50.00
I-401,C4,50.00" \
    "$("$DUN" --as-of 2026-04-30 --format csv invoices --open |
       tail -n +2 | cut -d, -f1,2,8)"
finish
