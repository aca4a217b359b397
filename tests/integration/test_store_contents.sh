#!/bin/sh
# A demand that lacks what it must carry never goes out (app/contents.h,
# data/contents.ini): dun run refuses to render one (here: the reminder
# stage given a final tone and a deadline, while its template has no next
# step and no word on disputes), and dun send refuses a stored message
# that fails the check (here its data edited in the database to say it
# is final: only test_store_*.sh may do that), naming what is missing.
# usage: test_store_contents.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$2
. "$ROOT/tests/integration/lib.sh"
. "$ROOT/tests/integration/smtp_lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/t.db"
export TZ=UTC
day() { date -u -d "$1 days" +%Y-%m-%d; }

"$DUN" --as-of "$(day -60)" init >/dev/null
cat >c.csv <<CSV
id,name,email,address,city,postal_code,country,language,payment_terms_days,currency
C1,Late Ltd,c1@example.test,1 Road,York,YO1,GB,en,30,EUR
C2,Later Ltd,c2@example.test,2 Road,York,YO1,GB,en,30,EUR
CSV
cat >i.csv <<CSV
number,customer_id,issue_date,due_date,currency,total,description
I-1,C1,$(day -70),$(day -40),EUR,100.00,x
I-2,C2,$(day -40),$(day -10),EUR,200.00,x
CSV
"$DUN" --as-of "$(day -60)" import customers c.csv >/dev/null
"$DUN" --as-of "$(day -60)" import invoices i.csv >/dev/null
business_details
"$DUN" policy show | sed 's/^quiet_hours = .*/quiet_hours = none/;
    s/^quiet_days = .*/quiet_days = none/' >policy.ini
sed 's/^tone = friendly/tone = final\ndeadline_days = 10/' policy.ini \
    >defective.ini
"$DUN" customer set C1 --timezone UTC >/dev/null
"$DUN" customer set C2 --timezone UTC >/dev/null

expect_status "a final tone on the reminder" 0 "$DUN" policy load \
    defective.ini
expect_status "the run refuses the defective demands" 1 "$DUN" \
    --as-of "$(day -1)" --format json run
expect_eq "each passed over, with what is missing" \
'    {"customer": "C1", "reason": "error", "error": "en/reminder.text lacks what follows if unpaid, how to dispute: not sent"},
    {"customer": "C2", "reason": "error", "error": "en/reminder.text lacks what follows if unpaid, how to dispute: not sent"}' \
    "$(grep '"reason": "error"' "$W/out")"
expect_status "nothing in the outbox" 0 "$DUN" --format csv outbox list
expect_eq "no message" "" "$(tail -n +2 "$W/out")"

expect_status "the policy as it was" 0 "$DUN" policy load policy.ini
expect_status "today's run" 0 "$DUN" --as-of "$(day 0)" --format csv run
expect_eq "two reminders" "C1,reminder
C2,reminder" "$(tail -n +2 "$W/out" | cut -d, -f1,2 | sort -u)"

# C2's stored reminder now claims to be a final demand: its data (as
# 'outbox show' gives it) written back by hand, changed.
seq=$("$DUN" --format csv outbox list | awk -F, '$3 == "C2" { print $1 }')
"$DUN" --format json outbox show "$seq" >"$W/show.json"
"$PY" - "$DUN_DB" "$seq" "$W/show.json" 2>"$W/sqlerr" <<'EOT'
import json, sqlite3, sys
data = json.load(open(sys.argv[3]))["data"]
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE outbox SET inputs = ? WHERE seq = ?",
           (data.replace('"tone":"friendly"', '"tone":"final"'),
            int(sys.argv[2])))
db.commit()
EOT
expect_eq "tampered" "" "$(cat "$W/sqlerr")"
start one
"$DUN" config set smtp.url "smtp://127.0.0.1:$port" >/dev/null
"$DUN" config set smtp.starttls never >/dev/null
expect_status "send refuses it" 0 "$DUN" --format csv send
expect_eq "C1's goes, C2's fails with what is missing" \
    "C1,sent
C2,failed,en/reminder.text lacks the deadline, what follows if unpaid, how to dispute" \
    "$(tail -n +2 "$W/out" | "$PY" -c 'import csv,sys
for r in csv.reader(sys.stdin):
    print(",".join([r[1], r[3]] + ([r[4]] if r[3] != "sent" else [])))')"
expect_eq "only C1's reached the server" "c1@example.test" \
    "$(grep -h '^rcpt ' "$W"/one/mail/*.env | cut -c6-)"
finish
