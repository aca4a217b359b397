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
Q2,agency,,true,true,600.00,EUR,Q-2,117,600.00,EUR" \
    "$(cat "$W/run.2026-06-26")"
expect_eq "not on the deadline day" \
    "customer,stage,channels,handoff,needs_approval,total_overdue,currency,invoices.number,invoices.days_overdue,invoices.balance,invoices.currency" \
    "$(cat "$W/run.2026-06-25")"
"$DUN" --as-of 2026-06-26 --format json run --dry-run >"$W/dry"
expect_eq "Q3 below the agency's minimum" \
    '    {"customer": "Q3", "reason": "below_minimum", "error": null}' \
    "$(grep '"Q3"' "$W/dry")"
# Why a customer does not pay shows in the queue; calls show the
# customer's calling hours (the default policy's quiet hours turned
# round) in their zone: their country's, unless one is set.
"$DUN" --as-of 2026-06-26 note Q2 --reason wrong_amount \
    "says the flowers were invoiced twice" >/dev/null
expect_status "queue" 0 "$DUN" queue
# Q1 (12000.00, the large-debt segment) has a call with every stage.
expect_eq "queue, most valuable first" \
"What     Customer  Name               Stage     Planned             Owed  Currency  Why not paid  Call from  Call until  Time zone
call     Q1        Quarry Stone GmbH  reminder  2026-06-01  12000.00 EUR  EUR       -             08:00      20:00       Europe/Berlin
call     Q1        Quarry Stone GmbH  notice    2026-06-08  12000.00 EUR  EUR       -             08:00      20:00       Europe/Berlin
call     Q1        Quarry Stone GmbH  final     2026-06-15  12000.00 EUR  EUR       -             08:00      20:00       Europe/Berlin
approve  Q1        Quarry Stone GmbH  agency    2026-06-26  12000.00 EUR  EUR       -             -          -           -
approve  Q2        Quince Florist     agency    2026-06-26    600.00 EUR  EUR       wrong_amount  -          -           -" \
    "$(cat "$W/out")"
expect_status "unknown zone" 1 "$DUN" customer set Q1 --timezone Mars/Base
expect_eq "unknown zone says" "dun: unknown time zone Mars/Base (an IANA \
name such as Europe/Berlin)" "$(cat "$W/err")"
expect_status "zone set" 0 "$DUN" customer set Q1 --timezone America/New_York
expect_status "queue csv" 0 "$DUN" --format csv queue
expect_eq "queue csv" \
"what,customer,name,stage,planned_on,owed,currency,reason,call_from,call_until,timezone
call,Q1,Quarry Stone GmbH,reminder,2026-06-01,12000.00,EUR,,08:00,20:00,America/New_York
call,Q1,Quarry Stone GmbH,notice,2026-06-08,12000.00,EUR,,08:00,20:00,America/New_York
call,Q1,Quarry Stone GmbH,final,2026-06-15,12000.00,EUR,,08:00,20:00,America/New_York
approve,Q1,Quarry Stone GmbH,agency,2026-06-26,12000.00,EUR,,,,
approve,Q2,Quince Florist,agency,2026-06-26,600.00,EUR,wrong_amount,,," \
    "$(cat "$W/out")"
expect_status "call logged" 0 "$DUN" --as-of 2026-06-27 call Q1 \
    "spoke to the owner, pays next week"
expect_status "approve Q2" 0 "$DUN" --as-of 2026-06-27 approve Q2
expect_eq "approve says" "customer Q2: approved" "$(cat "$W/out")"
expect_status "refuse Q1" 0 "$DUN" --as-of 2026-06-27 approve Q1 --refuse
expect_status "queue after" 0 "$DUN" --format csv queue
expect_eq "queue empty" \
    "what,customer,name,stage,planned_on,owed,currency,reason,call_from,call_until,timezone" \
    "$(cat "$W/out")"
expect_status "nothing to approve" 1 "$DUN" approve Q3
expect_eq "nothing to approve error" \
    "dun: customer Q3: nothing waits for approval" "$(cat "$W/err")"
expect_status "after the decisions" 0 "$DUN" --as-of 2026-06-30 run
expect_eq "after the decisions" \
"Skipped
Customer  Reason                                              Error
Q1        ladder_end — every stage is done                    -
Q2        handed_off — handed off to an agency or a lawyer    -
Q3        below_minimum — owes less than the stage's minimum  -

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
finish
