#!/bin/sh
# E-mail sending: N customers with an overdue invoice each, one real run
# today, then 'dun send' to a real SMTP server on 127.0.0.1 (Debian's
# aiosmtpd: tests/tools/smtp_server.py) over one connection, send.rate
# at its most. Prints messages per second handed over, and beside it
# MIME assembly alone (bench/mime_bench, built with the release build).
# usage: bench/send_bench.sh [N] [RUNS]      (default 1000 messages, 3 runs)
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000}
RUNS=${2:-3}
SET=S
PEERS=""
. bench/lib.sh
PY=/usr/bin/python3
day() { TZ=UTC date -u -d "$1 days" +%Y-%m-%d; }

{
    echo "id,name,email,address,city,postal_code,country,language,payment_terms_days,currency"
    for i in $(seq "$N"); do
        echo "B$i,Bench $i Ltd,b$i@example.test,$i Road,York,YO1,GB,en,30,EUR"
    done
} >"$W/c.csv"
{
    echo "number,customer_id,issue_date,due_date,currency,total,description"
    for i in $(seq "$N"); do
        echo "I-$i,B$i,$(day -40),$(day -10),EUR,$i.00,Work"
    done
} >"$W/i.csv"

for r in $(seq "$RUNS"); do
    db=$W/send$r.db
    "$DUN" --db "$db" --as-of "$(day -30)" init >/dev/null
    "$DUN" --db "$db" --as-of "$(day -30)" import customers "$W/c.csv" >/dev/null
    "$DUN" --db "$db" --as-of "$(day -30)" import invoices "$W/i.csv" >/dev/null
    "$DUN" --db "$db" tenant set --name "Bench Ltd" --address "1 Street" \
        --email ar@bench.example --iban GB33BUKB20201555555555 >/dev/null
    "$DUN" --db "$db" policy show |
        sed 's/^quiet_hours = .*/quiet_hours = none/;
             s/^quiet_days = .*/quiet_days = none/' >"$W/p.ini"
    "$DUN" --db "$db" policy load "$W/p.ini" >/dev/null
    TZ=UTC "$DUN" --db "$db" --as-of "$(day 0)" run >/dev/null
    rm -rf "$W/mail" "$W/port"
    "$PY" tests/tools/smtp_server.py --dir "$W/mail" --port-file "$W/port" \
        --conn-file "$W/conns" >/dev/null 2>&1 &
    srv=$!
    while [ ! -s "$W/port" ]; do sleep 0.1; done
    "$DUN" --db "$db" config set smtp.url "smtp://127.0.0.1:$(cat "$W/port")" >/dev/null
    "$DUN" --db "$db" config set smtp.starttls never >/dev/null
    "$DUN" --db "$db" config set send.rate 60000 >/dev/null
    measure send "$DUN" --db "$db" send
    kill "$srv"; wait "$srv" 2>/dev/null || true
    echo "  received $(ls "$W/mail" | grep -c '\.eml$') over $(cat "$W/conns") connection(s)"
done
s=$(median <"$W/send.s")
echo
echo "median dun send of $N messages: $s s = $(echo "scale=0; $N / $s" | bc) messages/s (send.rate at most 1000/s)"
if [ -x build-release/bench/mime_bench ]; then
    echo
    build-release/bench/mime_bench 20000
fi
