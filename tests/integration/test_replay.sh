#!/bin/sh
# Three months of daily runs over sixteen hand-built customers, each a
# kind a credit controller meets (tests/data/replay/README.md says who
# they are and what should happen to them). Events come on their days:
# payments, a dispute and its resolution, a promise, a plan, a call, a
# flag, and a controller working the queue every Friday. Every contact
# the runs made is compared with tests/data/replay/expected.txt, which
# was read decision by decision; key sentences of the messages are
# checked too.
# usage: test_replay.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$(cd "$2" && pwd)/tests/data/replay
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/replay.db"

"$DUN" --as-of 2026-03-01 init >/dev/null
"$DUN" tenant set --name "Harper & Lane Ltd" \
    --address "14 Mill Street" --address "Bristol BS1 4DJ" \
    --email accounts@harperlane.example --phone "+44 117 496 0123" \
    --iban GB33BUKB20201555555555 --bic BUKBGB22 --bank "Barclays Bank" \
    --timezone Europe/London >/dev/null
# The default policy, with England's bank holidays of May.
"$DUN" policy show | sed 's/^holidays = none /holidays = 2026-05-04, 2026-05-25 /' \
    >policy.ini
"$DUN" --as-of 2026-03-01 policy load policy.ini >/dev/null 2>&1
"$DUN" --as-of 2026-03-31 import customers "$DATA/customers.csv" >/dev/null
"$DUN" --as-of 2026-03-31 import invoices "$DATA/invoices.csv" >/dev/null

# What happens on a day besides the run.
events() {
    case $1 in
    2026-04-02) "$DUN" --as-of $1 dispute open R04-1 \
                    --reason "quantity does not match delivery note 88" ;;
    2026-04-15) "$DUN" --as-of $1 plan R07 --installments 2 \
                    --first 2026-05-01 --every 14 ;;
    2026-04-20) "$DUN" --as-of $1 promise R06 --amount 3000.00 \
                    --by 2026-05-01 ;;
    2026-04-28) "$DUN" --as-of $1 call R11 "phoned the depot, asked for an email address" ;;
    2026-05-10) "$DUN" --as-of $1 customer set R16 --do-not-contact ;;
    2026-05-15) "$DUN" --as-of $1 dispute resolve R04-1 \
                    --reason "delivery note 88 signed for the full quantity" ;;
    esac
}
# Fridays: the controller works the queue.
decide() {
    "$DUN" --as-of $1 --format csv queue | awk -F, '$1 == "approve" ||
        $1 == "review" { print $2 }' | sort -u | while read -r c; do
        case $c in
        R08|R15) "$DUN" --as-of $1 approve $c --refuse ;;
        *) "$DUN" --as-of $1 approve $c ;;
        esac
    done
}

d=2026-04-01
while [ "$d" != 2026-07-01 ]; do
    awk -F, -v d="$d" 'NR == 1 || $2 == d' "$DATA/payments.csv" >pay.csv
    [ "$(wc -l <pay.csv)" -gt 1 ] &&
        "$DUN" --as-of $d import payments pay.csv >/dev/null
    events $d >/dev/null 2>>run.err
    "$DUN" --as-of $d run >/dev/null 2>>run.err ||
        echo "run $d failed" >>run.err
    [ "$(date -u -d "$d" +%u)" = 5 ] && decide $d >/dev/null 2>>run.err
    d=$(date -u -d "$d + 1 day" +%F)
done
expect_eq "every run ran" "" "$(cat run.err)"
for c in $(cut -d, -f1 "$DATA/customers.csv" | tail -n +2); do
    "$DUN" --as-of 2026-06-30 --format csv timeline $c | tail -n +2 |
        grep -v -e ',invoice,' -e ',payment,' | sed "s/^/$c,/"
done >contacts.txt
expect_eq "every contact, as read" "$(cat "$DATA/expected.txt")" \
    "$(cat contacts.txt)"

# show CUSTOMER DATE STAGE CHANNEL: the message's text
show() {
    seq=$("$DUN" --format csv outbox list |
        awk -F, -v c="$1" -v d="$2" -v s="$3" -v ch="$4" \
            '$3 == c && $2 == d && $4 == s && $5 == ch { print $1 }')
    "$DUN" outbox show "$seq"
}
has() { printf '%s\n' "$2" | grep -c -F -- "$1"; }

m=$(show R03 2026-04-01 reminder email)
expect_eq "a 265-day backlog is stated plainly" "1 0" \
    "$(has 'seit 265 Tagen überfällig' "$m") $(has 'Versehen' "$m")"
m=$(show R09 2026-06-17 reminder email)
expect_eq "no oversight, no word of the invoice the agency has" "0 0 1" \
    "$(has 'Versehen' "$m") $(has 'R09-1' "$m") $(has 'R09-2' "$m")"
m=$(show R06 2026-05-04 final email)
expect_eq "a promise partly kept" "1 1" \
    "$(has 'On April 20, 2026 you promised to pay $3,000.00 by May 1, 2026.' "$m") \
$(has 'received $1,000.00 of it, thank you; $2,000.00 is still missing.' "$m")"
expect_eq "a Californian business has one zone" "1" \
    "$(has 'Quiet hours in: America/Los_Angeles' "$m")"
m=$(show R07 2026-05-07 plan-missed email)
expect_eq "the missed installment names the plan" "1 1" \
    "$(has 'covering invoice R07-1.' "$m") \
$(has 'instalment of £900.00 that was due' "$m")"
m=$(show R08 2026-04-23 final email)
expect_eq "below the agency's minimum: no threat" "1 0 0" \
    "$(has 'it will remain' "$m") $(has 'agency' "$m") $(has 'legal' "$m")"
m=$(show R13 2026-04-29 final email)
expect_eq "a sole trader in Cardiff has 30 days" "1" \
    "$(has 'so that we receive it by 29 May 2026.' "$m")"
m=$(show R10 2026-05-01 final letter)
# R10 writes French.
expect_eq "a letter's deadline counts from its arrival" "1" \
    "$(has 'Ce règlement devra nous parvenir au plus tard le 13 mai 2026.' "$m")"
m=$(show R05 2026-06-15 final email)
# R05 writes Dutch.
expect_eq "a newer invoice is also due, outside the demand" "1 1" \
    "$(has 'Eveneens te betalen (geen onderdeel van deze ingebrekestelling)' "$m") \
$(printf '%s\n' "$m" | sed -n '/^Eveneens te betalen/,$p' | grep -c 'R05-2 ')"
m=$(show R12 2026-05-25 final email)
expect_eq "a US consumer whose state is unknown: every US zone" "1" \
    "$(has 'Quiet hours in: US: all 29 zones' "$m")"
expect_eq "nothing to the clean payer" "" \
    "$("$DUN" --format csv outbox list | awk -F, '$3 == "R01"')"
expect_eq "nothing on a Sunday" "" \
    "$(cut -d, -f2 contacts.txt | sort -u | while read -r day; do
        [ "$(date -u -d "$day" +%u)" = 7 ] && grep ",$day,contact," \
            contacts.txt | grep -v hand-off; done)"
finish
