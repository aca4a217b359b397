#!/bin/sh
# A customer at the limits (docs/limits.md): 100,000 documents of the
# largest amount. The importer takes them and refuses one more; the run
# handles that customer (its message lists the first 200 invoices and
# counts the rest) and everyone else.
# usage: test_limits.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/limits.db"

"$DUN" --as-of 2026-01-01 init >/dev/null
business_details
printf '%s\n' "id,name,email,address,city,postal_code,country,currency" \
    "H1,Huge Ltd,ap@huge.example,1 High Street,Leeds,LS1 1AA,GB,GBP" \
    "S1,Small Ltd,ap@small.example,2 High Street,Leeds,LS1 1AB,GB,GBP" \
    >customers.csv
python3 - <<'EOT'
import datetime
d0 = datetime.date(2025, 1, 1)
with open("invoices.csv", "w") as f:
    f.write("number,customer_id,issue_date,due_date,currency,total,description\n")
    for k in range(100000):
        d = d0 + datetime.timedelta(days=k % 300)
        f.write(f"H{k:06d},H1,{d},{d + datetime.timedelta(days=30)},GBP,"
                "9999999999.99,x\n")
    f.write("S-1,S1,2026-04-01,2026-05-01,GBP,100.00,x\n")
with open("one_more.csv", "w") as f:
    f.write("id,date,customer_id,invoice_number,amount,currency,method,reference\n")
    f.write("P-1,2026-06-01,H1,,1.00,GBP,transfer,x\n")
EOT
"$DUN" --as-of 2026-06-30 import customers customers.csv >/dev/null
expect_status "100,000 documents of the largest amount" 0 "$DUN" \
    --as-of 2026-06-30 import invoices invoices.csv
expect_status "one more" 1 "$DUN" --as-of 2026-06-30 import payments \
    one_more.csv
expect_eq "refused, with the limit" \
    "one_more.csv:2: customer_id: customer H1 has 100000 documents, the most dun keeps for one customer" \
    "$(grep '^one_more.csv' "$W/err")"
expect_eq "their sum, exact" \
    "GBP,0.00,0.00,0.00,0.00,999999999999000.00,0.00,999999999999000.00" \
    "$("$DUN" --as-of 2026-06-30 --format csv aging | grep '^H1,' | cut -d, -f2-)"
# A file this large is loaded with the database to itself (README): the
# pages go straight into the file, and the file is in WAL again after,
# with no journal left, whether the import was taken or refused.
journal_mode() {
    python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])' \
        "$DUN_DB"
}
expect_eq "in WAL after the load" "wal" "$(journal_mode)"
"$DUN" --as-of 2026-06-30 --format csv aging >before.csv
{ cat invoices.csv; echo "S-2,NOPE,2026-04-01,2026-05-01,GBP,1.00,x"; } \
    >bad.csv
expect_status "a large file with a bad row" 1 "$DUN" --as-of 2026-06-30 \
    import invoices bad.csv
expect_eq "refused at that row" 1 "$(grep -c '^bad.csv:100003: customer_id: ' "$W/err")"
expect_eq "the books as they were" "$(cat before.csv)" \
    "$("$DUN" --as-of 2026-06-30 --format csv aging)"
expect_eq "in WAL after the refused load" "wal" "$(journal_mode)"
expect_eq "no journal left" "" "$(ls "$DUN_DB"-journal 2>/dev/null)"
# The run handles the largest customer and everyone else: Huge Ltd's
# reminder lists the first 200 invoices and says how many more the total
# counts.
expect_status "the run" 0 "$DUN" --as-of 2026-06-30 --format csv run
cp "$W/out" run.csv
expect_eq "everyone else is handled" \
    "S1,reminder,email,false,false,100.00,GBP,S-1,60,100.00,GBP" \
    "$(grep '^S1,' run.csv)"
expect_eq "both messages are in the outbox" "H1 reminder email
S1 reminder email" \
    "$("$DUN" --format csv outbox list | cut -d, -f3-5 | tail -n +2 |
       tr , ' ')"
"$DUN" outbox show 1 >huge.txt
expect_eq "200 invoices listed, the rest counted" "200 1 1" \
    "$(grep -c '^  H[0-9]' huge.txt) \
$(grep -c '^  \.\.\. and 99800 more, counted in the total below$' huge.txt) \
$(grep -c '£999,999,999,999,000.00$' huge.txt)"
expect_status "it reproduces" 0 "$DUN" outbox verify
finish
