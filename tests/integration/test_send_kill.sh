#!/bin/sh
# dun send killed (SIGKILL) at many moments against a real SMTP server
# that answers slowly, then run again until nothing is left: no message
# is lost (each arrives at least once and ends sent), and a message
# arrives twice only when a send died between handing it over and
# recording the answer; the send that finds it says so on its timeline
# and sends it again with the same Message-ID (docs/sending.md).
# usage: test_send_kill.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$2
. "$ROOT/tests/integration/lib.sh"
. "$ROOT/tests/integration/smtp_lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/t.db"
export TZ=UTC
day() { date -u -d "$1 days" +%Y-%m-%d; }
N=48

"$DUN" --as-of "$(day -30)" init >/dev/null
{
    echo "id,name,email,address,city,postal_code,country,language,payment_terms_days,currency"
    for i in $(seq $N); do
        echo "K$i,Kill $i Ltd,k$i@example.test,$i Road,York,YO1,GB,en,30,EUR"
    done
} >c.csv
{
    echo "number,customer_id,issue_date,due_date,currency,total,description"
    for i in $(seq $N); do
        echo "I-$i,K$i,$(day -40),$(day -10),EUR,$i.00,x"
    done
} >i.csv
"$DUN" --as-of "$(day -30)" import customers c.csv >/dev/null
"$DUN" --as-of "$(day -30)" import invoices i.csv >/dev/null
business_details
"$DUN" policy show | sed 's/^quiet_hours = .*/quiet_hours = none/;
    s/^quiet_days = .*/quiet_days = none/' >policy.ini
"$DUN" policy load policy.ini >/dev/null
for i in $(seq $N); do
    "$DUN" customer set "K$i" --timezone UTC >/dev/null
done
expect_status "run" 0 "$DUN" --as-of "$(day 0)" run
expect_eq "one e-mail each" "$N" \
    "$("$DUN" --format csv outbox list --status planned | tail -n +2 | wc -l)"

# Half of each message's time before the server keeps it, half between
# keeping it and saying so: a kill in the second half leaves a message
# that arrived but is not recorded as sent.
start slow --delay-data 0.08 --delay-reply 0.08
"$DUN" config set smtp.url "smtp://127.0.0.1:$port" >/dev/null
"$DUN" config set smtp.starttls never >/dev/null
"$DUN" config set send.rate 6000 >/dev/null

# Kill it at moments spread over the handing over and the recording.
kills=0
for wait in 0.05 0.13 0.21 0.34 0.47 0.55 0.62 0.78 0.9 1.03 1.17 1.3; do
    "$DUN" send >/dev/null 2>>"$W/killed.err" &
    p=$!
    sleep "$wait"
    kill -9 "$p" 2>/dev/null && kills=$((kills + 1))
    wait "$p" 2>/dev/null
done
expect_status "a last send finishes" 0 "$DUN" send
expect_eq "every message sent" "$N sent" \
    "$("$DUN" --format csv outbox list --status sent | tail -n +2 | wc -l |
       tr -d ' ') sent"
expect_eq "none left on the way" "" \
    "$("$DUN" --format csv outbox list | tail -n +2 | grep -v ',sent$')"

# What arrived: each message at least once; any second copy carries the
# same Message-ID and belongs to a message a send found in sending.
grep -h '^Message-ID:' "$W"/slow/mail/*.eml |
    sed 's/.*<dun\.\([0-9]*\)\..*/\1/' | sort -n >arrived
expect_eq "each message arrived" "$(seq $N)" "$(uniq arrived)"
uniq -d arrived >twice
for seq in $(cat twice); do
    c=$("$DUN" --format csv outbox show "$seq" | "$PY" -c 'import csv,sys
r = list(csv.reader(sys.stdin)); print(r[1][r[0].index("customer")])')
    expect_eq "message $seq arrived twice: it was found in sending" "yes" \
        "$("$DUN" --format csv timeline "$c" |
           grep -q 'an earlier send stopped before the server' &&
           echo yes)"
done
cat "$W/killed.err" | sed "s/^/# /"
echo "# $kills kills, $(wc -l <twice | tr -d ' ') messages arrived twice"
expect_eq "no more second copies than kills" "yes" \
    "$([ "$(wc -l <twice)" -le "$kills" ] && echo yes || echo no)"
finish
