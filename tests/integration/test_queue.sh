#!/bin/sh
# dun queue and dun approve: calls planned for large debts, hand-offs
# waiting for approval, most valuable first; a logged call and a decision
# take them off; small debts never reach the agency stage.
# usage: test_queue.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$(cd "$2" && pwd)/tests/data/queue
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

# The queue shows a customer's local time now, from the machine's clock:
# "date" reads it in the customer's zone just before and just after dun
# runs (a minute may turn in between), and the output must hold one of
# the two readings. TZ is set for "date" only; dun never reads it.
# at ZONE: the local time now in ZONE, HH:MM
at() {
    TZ=$1 date +%H:%M
}
# expect_now NAME WANT GOT BEFORE AFTER: WANT with @NOW@ read as BEFORE
# or as AFTER
expect_now() {
    want=$(printf '%s\n' "$2" | sed "s/@NOW@/$4/g")
    alt=$(printf '%s\n' "$2" | sed "s/@NOW@/$5/g")
    [ "$3" = "$alt" ] && want=$alt
    expect_eq "$1" "$want" "$3"
}

"$DUN" --as-of 2026-05-01 init >/dev/null
business_details
for k in customers invoices payments; do
    "$DUN" --as-of 2026-05-01 import $k "$DATA/$k.csv" >/dev/null
done
# Four weekly runs climb the ladder one stage at a time.
# The hand-off waits for the final demand's deadline: sent Monday
# 06-15, it gave the customer until Thursday 06-25.
for d in 2026-06-01 2026-06-08 2026-06-15 2026-06-25 2026-06-26; do
    "$DUN" --as-of $d --format csv run >"$W/run.$d"
done
expect_eq "fourth run" \
"customer,stage,channels,handoff,needs_approval,total_overdue,currency,invoices.number,invoices.days_overdue,invoices.balance,invoices.currency
Q1,agency,,true,true,12000.00,EUR,Q-1,86,12000.00,EUR
Q2,agency,,true,true,600.00,EUR,Q-2,117,600.00,EUR
Q3,agency,,true,true,300.00,EUR,Q-3,117,300.00,EUR" \
    "$(cat "$W/run.2026-06-26")"
expect_eq "not on the deadline day" \
    "customer,stage,channels,handoff,needs_approval,total_overdue,currency,invoices.number,invoices.days_overdue,invoices.balance,invoices.currency" \
    "$(cat "$W/run.2026-06-25")"
"$DUN" --as-of 2026-06-26 --format json run --dry-run >"$W/dry"
# Q3 owes less than the agency's 500.00: the hand-off is proposed all
# the same, for a person to decide (write off, or pass it on).
expect_eq "Q3 below the agency's minimum, waiting for a decision" \
    '    {"customer": "Q3", "reason": "awaiting_approval", "error": null}' \
    "$(grep '"Q3"' "$W/dry")"
# Why a customer does not pay shows in the queue; calls show the
# customer's phone, local time and calling hours (the default policy's
# quiet hours turned round) in their zone: their country's, unless one
# is set. Germany's two zones (Berlin, Busingen) keep the same hours, so
# they count as one, Berlin.
"$DUN" --as-of 2026-06-26 note Q2 --reason wrong_amount \
    "says the flowers were invoiced twice" >/dev/null
t0=$(at Europe/Berlin)
expect_status "queue" 0 "$DUN" queue
t1=$(at Europe/Berlin)
# Q1 (12000.00, the large-debt segment) has a call with every stage.
expect_now "queue, most valuable first" \
"What     Customer  Name               Phone     Stage     Planned             Owed  Currency  Why not paid  Local time  Call from  Call until  Time zone      Decide
call     Q1        Quarry Stone GmbH  +49 30 1  reminder  2026-06-01  12000.00 EUR  EUR       -             @NOW@       08:00      20:00       Europe/Berlin  -
call     Q1        Quarry Stone GmbH  +49 30 1  notice    2026-06-08  12000.00 EUR  EUR       -             @NOW@       08:00      20:00       Europe/Berlin  -
call     Q1        Quarry Stone GmbH  +49 30 1  final     2026-06-15  12000.00 EUR  EUR       -             @NOW@       08:00      20:00       Europe/Berlin  -
approve  Q1        Quarry Stone GmbH  -         agency    2026-06-26  12000.00 EUR  EUR       -             -           -          -           -              -
approve  Q2        Quince Florist     -         agency    2026-06-26    600.00 EUR  EUR       wrong_amount  -           -          -           -              -
approve  Q3        Quill Stationery   -         agency    2026-06-26    300.00 EUR  EUR       -             -           -          -           -              owes less than the stage's minimum: approve to pass it on all the same, refuse to keep it on statements" \
    "$(cat "$W/out")" "$t0" "$t1"
expect_status "unknown zone" 1 "$DUN" customer set Q1 --timezone Mars/Base
expect_eq "unknown zone says" "dun: --timezone: unknown time zone Mars/Base (an IANA \
name such as Europe/Berlin)" "$(cat "$W/err")"
expect_status "zone set" 0 "$DUN" customer set Q1 --timezone America/New_York
t0=$(at America/New_York)
expect_status "queue csv" 0 "$DUN" --format csv queue
t1=$(at America/New_York)
# A phone number opening with + is quoted against spreadsheet formulas.
expect_now "queue csv" \
"what,customer,name,phone,stage,planned_on,owed,currency,reason,local_time,call_from,call_until,timezone,note
call,Q1,Quarry Stone GmbH,'+49 30 1,reminder,2026-06-01,12000.00,EUR,,@NOW@,08:00,20:00,America/New_York,
call,Q1,Quarry Stone GmbH,'+49 30 1,notice,2026-06-08,12000.00,EUR,,@NOW@,08:00,20:00,America/New_York,
call,Q1,Quarry Stone GmbH,'+49 30 1,final,2026-06-15,12000.00,EUR,,@NOW@,08:00,20:00,America/New_York,
approve,Q1,Quarry Stone GmbH,,agency,2026-06-26,12000.00,EUR,,,,,,
approve,Q2,Quince Florist,,agency,2026-06-26,600.00,EUR,wrong_amount,,,,,
approve,Q3,Quill Stationery,,agency,2026-06-26,300.00,EUR,,,,,,\"owes less than the stage's minimum: approve to pass it on all the same, refuse to keep it on statements\"" \
    "$(cat "$W/out")" "$t0" "$t1"
expect_status "call logged" 0 "$DUN" --as-of 2026-06-27 call Q1 \
    "spoke to the owner, pays next week"
expect_status "approve Q2" 0 "$DUN" --as-of 2026-06-27 approve Q2
expect_eq "approve says" "customer Q2: approved" "$(cat "$W/out")"
expect_status "refuse Q1" 0 "$DUN" --as-of 2026-06-27 approve Q1 --refuse
expect_status "refuse Q3" 0 "$DUN" --as-of 2026-06-27 approve Q3 --refuse
expect_status "queue after" 0 "$DUN" --format csv queue
expect_eq "queue empty" \
    "what,customer,name,phone,stage,planned_on,owed,currency,reason,local_time,call_from,call_until,timezone,note" \
    "$(cat "$W/out")"
expect_status "nothing to approve" 1 "$DUN" approve Q3
expect_eq "nothing to approve error" \
    "dun: customer Q3: nothing waits for approval" "$(cat "$W/err")"
expect_status "after the decisions" 0 "$DUN" --as-of 2026-06-30 run
expect_eq "after the decisions" \
"Skipped
Customer  Reason                                            Error
Q1        ladder_end — every stage is done                  -
Q2        handed_off — handed off to an agency or a lawyer  -
Q3        ladder_end — every stage is done                  -

Policy version: 1
Customers owing: 3
Actions planned: 0" "$(sed -n '/^Skipped$/,$p' "$W/out")"
# Decisions and changes are on the timeline.
"$DUN" --as-of 2026-06-30 customer set Q1 --do-not-contact >/dev/null
expect_eq "approvals and changes on the timeline" \
"2026-06-27,approval,agency,,,refused
2026-06-30,change,,,,do not contact: on" \
    "$("$DUN" --as-of 2026-06-30 --format csv timeline Q1 | tail -2)"
expect_eq "an approval on the timeline" "2026-06-27,approval,agency,,,approved" \
    "$("$DUN" --as-of 2026-06-30 --format csv timeline Q2 | tail -1)"

# After the ladder: 30 days after its last message Q3 (hand-off refused)
# gets a statement, and a person is asked to review the account. Paid in
# full, nothing is left to decide.
"$DUN" --as-of 2026-07-15 --format csv run >"$W/run.0715"
expect_eq "a statement after the ladder" \
    "Q3,statement,email,false,false,300.00,EUR,Q-3,136,300.00,EUR" \
    "$(grep '^Q3' "$W/run.0715")"
"$DUN" --format csv queue >"$W/q.0715"
expect_eq "a review in the queue" \
    "review,Q3,Quill Stationery,,statement,2026-07-15,300.00,EUR,,,,,,\"after the ladder: write off, or pass it on (approve: hand it off; refuse: keep it on statements)\"" \
    "$(grep '^review' "$W/q.0715")"
# Approving the review hands the account off: nothing more of ours.
"$DUN" --as-of 2026-07-15 approve Q3 >/dev/null
expect_eq "a review approved: handed off" \
    '    {"customer": "Q3", "reason": "handed_off", "error": null}' \
    "$("$DUN" --as-of 2026-08-14 --format json run --dry-run | grep '"Q3"')"
printf '%s\n' "id,date,customer_id,invoice_number,amount,currency,method,reference" \
    "P-3,2026-07-16,Q3,Q-3,300.00,EUR,transfer,Q-3" >"$W/pay3.csv"
"$DUN" --as-of 2026-07-16 import payments "$W/pay3.csv" >/dev/null
expect_eq "paid in full: not in the queue" "" \
    "$("$DUN" --as-of 2026-07-16 --format csv queue | grep ',Q3,')"

# Two invoices reach the hand-off on different days before anyone
# decides: one decision settles both, so the queue lists one.
export DUN_DB="$W/two.db"
"$DUN" --as-of 2026-03-01 init >/dev/null
business_details
printf '%s\n' "id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency" \
    "M1,Moss Logistics Ltd,ap@moss.example,,1 Dock Road,Hull,HU1 1AA,GB,en,30,0.00,GBP" >"$W/mc.csv"
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "M-1,M1,2026-02-01,2026-03-03,GBP,900.00,Freight" \
    "M-2,M1,2026-02-12,2026-03-14,GBP,700.00,Freight" >"$W/mi.csv"
"$DUN" --as-of 2026-03-01 import customers "$W/mc.csv" >/dev/null
"$DUN" --as-of 2026-03-01 import invoices "$W/mi.csv" >/dev/null
for d in 2026-03-06 2026-03-17 2026-03-24 2026-03-31 2026-04-07 2026-04-14 \
    2026-05-02 2026-05-13; do
    "$DUN" --as-of $d run >/dev/null
done
expect_eq "two hand-offs planned" "2" \
    "$("$DUN" --as-of 2026-05-20 --format csv timeline M1 | grep -c ',agency,')"
expect_eq "one decision in the queue" \
    "approve,M1,Moss Logistics Ltd,,agency,2026-05-02,1600.00,GBP,,,,,," \
    "$("$DUN" --as-of 2026-05-20 --format csv queue | grep ',M1,')"

# A US customer whose state is not known may be in any of the 29 US
# zones: it is called only in the hours 08:00-20:00 allows in all of
# them (Regulation F's rule for a consumer who may be in several places),
# shown as UTC times, the one clock they share: from 08:00 in Honolulu
# (18:00Z) to 20:00 in New York (00:00Z in July, 01:00Z in December). Its
# local time runs from Honolulu's to New York's.
export DUN_DB="$W/us.db"
cat >"$W/us-customers.csv" <<'END'
id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency
U1,Upland Timber Inc,ap@upland.example,555 0100,,,,US,en,30,0.00,USD
END
cat >"$W/us-invoices.csv" <<'END'
number,customer_id,issue_date,due_date,currency,total,description
U-1,U1,2026-05-01,2026-05-31,USD,15000.00,Lumber
END
"$DUN" --as-of 2026-06-01 init >/dev/null
business_details
"$DUN" --as-of 2026-06-01 import customers "$W/us-customers.csv" >/dev/null
"$DUN" --as-of 2026-06-01 import invoices "$W/us-invoices.csv" >/dev/null
"$DUN" --as-of 2026-06-08 run >/dev/null
h0=$(at Pacific/Honolulu) n0=$(at America/New_York)
expect_status "US queue" 0 "$DUN" --as-of 2026-07-15 queue
h1=$(at Pacific/Honolulu) n1=$(at America/New_York)
expect_now "US queue, all zones" \
"What  Customer  Name               Phone     Stage     Planned             Owed  Currency  Why not paid  Local time   Call from  Call until  Time zone         Decide
call  U1        Upland Timber Inc  555 0100  reminder  2026-06-08  15000.00 USD  USD       -             @NOW@  18:00Z     00:00Z      US: all 29 zones  -" \
    "$(cat "$W/out")" "$h0-$n0" "$h1-$n1"
expect_status "US queue json" 0 "$DUN" --as-of 2026-12-15 --format json \
    queue
expect_eq "US queue json, December" \
'    {"what": "call", "customer": "U1", "name": "Upland Timber Inc", "phone": "555 0100", "stage": "reminder", "planned_on": "2026-06-08", "owed": "15000.00", "currency": "USD", "reason": null, "local_time": "HH:MM-HH:MM", "call_from": "18:00Z", "call_until": "01:00Z", "timezone": "US: all 29 zones", "note": null}' \
    "$(sed -n 's/"local_time": "[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]"/"local_time": "HH:MM-HH:MM"/p' "$W/out")"
finish
