#!/bin/sh
# Events recorded between runs change what the run does: a dispute on
# one of two invoices, a promise live then broken, do-not-contact, and
# the reasons a customer does not pay. Bad input changes nothing.
# usage: test_events.sh DUN_BINARY SOURCE_ROOT
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

expect_status "dispute" 0 "$DUN" --as-of 2026-06-25 dispute open I-501 \
    --reason "wrong weight"
expect_eq "dispute says" "invoice I-501: dispute opened" "$(cat "$W/out")"
expect_status "dispute twice" 1 "$DUN" dispute open I-501 --reason again
expect_eq "dispute twice says" "dun: invoice I-501: a dispute is already open" \
    "$(cat "$W/err")"
expect_status "promise" 0 "$DUN" --as-of 2026-06-20 promise C1 \
    --amount 100.00 --by 2026-07-01
expect_status "do not contact" 0 "$DUN" customer set C2 --do-not-contact
expect_status "segment and score" 0 "$DUN" customer set C3 --segment \
    key-account --score 85 --pre-due-notices
expect_status "bad score" 2 "$DUN" customer set C3 --score 101
for c in C2 C3; do
    "$DUN" --format csv customer show $c | tail -n 1 | cut -d, -f1,15-23
done >"$W/state"
expect_eq "customer state" "C2,true,false,false,false,false,false,,,
C3,false,false,false,true,false,false,key-account,85," "$(cat "$W/state")"
expect_status "customer show" 0 "$DUN" customer show C3
expect_eq "customer show, for people" "Id: C3
Do not contact: no
Pre-due notices: yes
Segment: key-account
Score: 85
Time zone: -" "$(grep -E '^(Id|Do not contact|Pre-due notices|Segment|Score|Time zone):' "$W/out")"
expect_status "cash-flow reason" 0 "$DUN" --as-of 2026-06-29 note C5 \
    --reason cash_flow "owner says it is the slow season"

# decisions DATE: a dry run's actions (customer, stage, currency, total)
# and skips (customer, reason), one a line.
decisions() {
    "$DUN" --as-of "$1" --format csv run --dry-run | tail -n +2 |
        cut -d, -f1,2,6,7
    "$DUN" --as-of "$1" --format json run --dry-run |
        sed -n 's/^ *{"customer": "\([^"]*\)", "reason": "\([a-z_]*\)".*/\1 skipped: \2/p'
}
# C5's EUR invoice is disputed: only the USD one is chased.
expect_eq "run with events" \
"C5,reminder,250.50,USD
C1 skipped: promise
C2 skipped: do_not_contact" "$(decisions 2026-06-30)"
# The promise (by 07-01, 2 days' grace) is broken on 07-04.
expect_eq "promise broken" \
"C1,reminder,100.00,EUR
C5,reminder,250.50,USD
C2 skipped: do_not_contact" "$(decisions 2026-07-04)"
# Resolved, the EUR invoice is back; the flag cleared, C2 is too.
expect_status "resolve" 0 "$DUN" --as-of 2026-07-01 dispute resolve I-501 \
    --reason "credit note agreed, rest stands"
expect_status "clear flag" 0 "$DUN" customer set C2 --no-do-not-contact
expect_eq "run after" \
"C1,reminder,100.00,EUR
C2,reminder,80.00,EUR
C5,reminder,1000.00,EUR
C5,reminder,250.50,USD" "$(decisions 2026-07-04)"
# A promise kept: paid in full before the date, no broken promise.
cat >pay.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-9,2026-06-28,C1,I-101,100.00,EUR,transfer,I-101
EOT
"$DUN" --as-of 2026-06-28 import payments pay.csv >/dev/null
expect_status "run after payment" 0 "$DUN" --as-of 2026-07-04 --format json \
    run --dry-run
expect_eq "C1 paid: nothing for C1" "" "$(grep -o '"C1"' "$W/out")"

# Bad input names the problem and records nothing.
expect_status "dissatisfied needs an invoice" 1 "$DUN" note C5 --reason \
    dissatisfied "bad"
expect_eq "dissatisfied error" "dun: --reason dissatisfied needs --invoice: \
it opens a dispute on that invoice" "$(cat "$W/err")"
expect_status "dissatisfied opens a dispute" 0 "$DUN" --as-of 2026-07-02 \
    call C5 --invoice I-502 --reason dissatisfied "pallets arrived damaged"
"$DUN" --format csv timeline C5 >"$W/tl"
expect_eq "disputes of C5" "2026-06-25,dispute_opened,I-501,,,wrong weight
2026-07-01,dispute_resolved,I-501,,,\"credit note agreed, rest stands\"
2026-07-02,dispute_opened,I-502,,,dissatisfied" "$(grep ',dispute_' "$W/tl")"
expect_status "unknown invoice" 1 "$DUN" dispute open NOPE --reason x
expect_eq "unknown invoice error" "dun: no invoice 'NOPE'" "$(cat "$W/err")"
expect_status "unknown customer" 1 "$DUN" customer set C9 --legal-hold
expect_eq "unknown customer error" "dun: no customer 'C9'" "$(cat "$W/err")"
expect_status "bad amount" 1 "$DUN" promise C1 --amount 1.234 --by 2026-08-01
expect_eq "bad amount error" "dun: --amount: '1.234': too many decimals" \
    "$(cat "$W/err")"
expect_status "bad reason" 2 "$DUN" note C1 --reason lazy "x"
"$DUN" --format csv timeline C5 >"$W/tl"
expect_eq "notes recorded" "2026-06-29,note,,,,owner says it is the slow season (reason: cash_flow)
2026-07-02,call,I-502,,,pallets arrived damaged (reason: dissatisfied)" \
    "$(grep -E ',(note|call),' "$W/tl")"
"$DUN" --format csv timeline C1 >"$W/tl"
expect_eq "no notes for C1 (bad reason refused)" "" \
    "$(grep -E ',(note|call),' "$W/tl")"

# A payment plan: C2 owes 80.00, agreed 07-04 in 2 installments from 07-10
# every 14 days. Kept: no contact; the first installment (40.00) unpaid
# by 07-12 + 1: the ladder resumes.
expect_status "plan" 0 "$DUN" --as-of 2026-07-04 plan C2 --amount 80.00 \
    --installments 2 --first 2026-07-10 --every 14
expect_eq "plan says" "customer C2: payment plan of 2 installments recorded" \
    "$(cat "$W/out")"
"$DUN" --format csv timeline C2 >"$W/tl"
expect_eq "the plan on the timeline" \
    '2026-07-04,plan,,80.00,EUR,"2 installments, the last on 2026-07-24"' \
    "$(grep ',plan,' "$W/tl")"
expect_status "plan kept" 0 "$DUN" --as-of 2026-07-12 --format json run \
    --dry-run
expect_eq "plan pauses C2" '{"customer": "C2", "reason": "plan"' \
    "$(grep -o '{"customer": "C2", "reason": "[a-z_]*"' "$W/out")"
expect_status "plan broken" 0 "$DUN" --as-of 2026-07-13 --format json run \
    --dry-run
# Broken (the first installment short past its grace): a message that
# names the plan comes first; the ladder resumes after it.
expect_eq "a broken plan is said so first" \
    '"customer": "C2", "stage": "plan-missed"' \
    "$(grep -o '"customer": "C2", "stage": "[a-z-]*"' "$W/out")"
cat >pay2.csv <<'EOT'
id,date,customer_id,invoice_number,amount,currency,method,reference
P-10,2026-07-09,C2,I-201,40.00,EUR,transfer,plan 1/2
EOT
"$DUN" --as-of 2026-07-09 import payments pay2.csv >/dev/null
expect_status "plan paid on time" 0 "$DUN" --as-of 2026-07-13 --format json \
    run --dry-run
expect_eq "installment paid: still paused" \
    '{"customer": "C2", "reason": "plan"' \
    "$(grep -o '{"customer": "C2", "reason": "[a-z_]*"' "$W/out")"
expect_status "bad plan" 2 "$DUN" plan C2 --amount 10.00 --installments 0 \
    --first 2026-08-01

# The timeline: documents, events and planned contacts in date order.
"$DUN" --as-of 2026-07-04 run >/dev/null
expect_status "timeline" 0 "$DUN" timeline C5
expect_eq "timeline of C5" \
"Customer: C5

Timeline
Date        What              Ref            Amount  Currency  Detail
2026-05-11  invoice           I-501     1000.00 EUR  EUR       due 2026-06-10, open 1000.00
2026-05-26  invoice           I-502      250.50 USD  USD       due 2026-06-25, open 250.50
2026-06-25  dispute_opened    I-501               -  -         wrong weight
2026-06-29  note                                  -  -         owner says it is the slow season (reason: cash_flow)
2026-07-01  dispute_resolved  I-501               -  -         credit note agreed, rest stands
2026-07-02  call              I-502               -  -         pallets arrived damaged (reason: dissatisfied)
2026-07-02  dispute_opened    I-502               -  -         dissatisfied
2026-07-04  contact           reminder            -  -         email" \
    "$(cat "$W/out")"
expect_status "timeline of nobody" 1 "$DUN" timeline C9
# Arguments that would store nonsense are refused.
expect_status "a promise in a currency the customer is not billed in" 1 \
    "$DUN" --as-of 2026-07-20 promise C1 --amount 100 --currency JPY \
    --by 2026-07-30
expect_eq "says which" "dun: --currency: customer C1 is not billed in JPY" \
    "$(cat "$W/err")"
expect_status "a score past every integer" 2 "$DUN" customer set C1 \
    --score 99999999999999999999
expect_eq "says the range" "dun: --score: 0 to 100, or -1 for none" \
    "$(cat "$W/err")"
expect_status "a promise past the largest amount" 1 "$DUN" --as-of 2026-07-20 \
    promise C1 --amount 10000000000.00 --by 2026-07-30
expect_eq "says the limit" \
    "dun: --amount: '10000000000.00': more than 9999999999.99" "$(cat "$W/err")"
expect_status "an argument that is not UTF-8" 2 "$DUN" note C1 \
    "$(printf 'caf\351')"
expect_eq "says which" "dun: argument 3 is not valid UTF-8" "$(cat "$W/err")"
expect_status "invoices of no customer" 1 "$DUN" invoices --customer NOPE
expect_eq "says so" "dun: no customer 'NOPE'" "$(cat "$W/err")"
finish
