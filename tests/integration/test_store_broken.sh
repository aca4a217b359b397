#!/bin/sh
# One customer never stops the day: a database holding what the doors
# refuse (written by an older dun or edited by hand: it damages the
# SQLite file on purpose, which only test_store_*.sh may do) next to
# customers at the limits. The run passes the broken ones over with the
# reason, plans and renders everyone else's messages, says it was
# partial, and what it wrote verifies.
# usage: test_store_broken.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/t.db"
A="--as-of 2026-06-10"

# At the limits: a name of 200 bytes, an e-mail address of 254 (local
# part 64, labels 63), an address of 300 bytes in three lines.
long_name=$(printf 'N%.0s' $(seq 200))
local=$(printf 'l%.0s' $(seq 64))
email="$local@$(printf 'd%.0s' $(seq 63)).$(printf 'e%.0s' $(seq 63)).$(printf 'f%.0s' $(seq 53)).example"
line=$(printf 'a%.0s' $(seq 99))
cat >c.csv <<CSV
id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency
G1,Good One Ltd,g1@x.example,,1 Road,York,YO1,GB,en,30,0,GBP
G2,$long_name,$email,,"$line
$line
$line",York,YO1,GB,en,30,0,GBP
B1,Bad Name Ltd,b1@x.example,,3 Road,York,YO1,GB,en,30,0,GBP
B2,Bad Mail Ltd,b2@x.example,,4 Road,York,YO1,GB,en,30,0,GBP
B3,Bad Balance Ltd,b3@x.example,,5 Road,York,YO1,GB,en,30,0,GBP
B4,Bad Contact Ltd,b4@x.example,,6 Road,York,YO1,GB,en,30,0,GBP
B5,Bad Address Ltd,b5@x.example,,7 Road,York,YO1,GB,en,30,0,GBP
CSV
{
    echo "number,customer_id,issue_date,due_date,currency,total,description"
    for c in G1 G2 B1 B2 B3 B4 B5; do
        echo "I-$c,$c,2026-04-01,2026-05-01,GBP,100.00,x"
    done
} >i.csv
expect_status "init" 0 "$DUN" init
expect_status "customers at the limits" 0 "$DUN" $A import customers c.csv
expect_status "invoices" 0 "$DUN" $A import invoices i.csv
business_details
# A first run gives B4 a contact, whose list of invoices is damaged below.
expect_status "first run" 0 "$DUN" --as-of 2026-05-20 run
sqlite3 "$DUN_DB" "
  UPDATE customer SET name = CAST(x'426164ff4e616d65' AS TEXT)
    WHERE id = 'B1';
  UPDATE customer SET email = 'b2@x.example' || char(13) || char(10) ||
    'Bcc: evil@x.test' WHERE id = 'B2';
  UPDATE balance SET value = x'01ff' WHERE customer_id = 'B3';
  UPDATE contact SET items = x'ff01' WHERE customer_id = 'B4';
  UPDATE customer SET address = '7 Road' || char(12) || 'York'
    WHERE id = 'B5';" 2>"$W/sqlerr"
expect_eq "damage done" "" "$(cat "$W/sqlerr")"

expect_status "the run is partial" 1 "$DUN" $A --format json run
expect_eq "everyone else is planned" \
'"customer": "G1", "stage": "notice", "channels": ["email", "letter"]
"customer": "G2", "stage": "notice", "channels": ["email", "letter"]' \
    "$(grep -o '"customer": "G.*"channels": [[][^]]*[]]' "$W/out")"
expect_eq "the broken ones are passed over with the reason" \
'    {"customer": "B1", "reason": "error", "error": "name: not valid UTF-8 (correct it with '\''dun customer set'\'' or an import)"},
    {"customer": "B2", "reason": "error", "error": "email: a line break or control character (correct it with '\''dun customer set'\'' or an import)"},
    {"customer": "B3", "reason": "error", "error": "customer B3: damaged cached balance ('\''dun check --repair'\'' rebuilds it)"},
    {"customer": "B4", "reason": "error", "error": "'"$DUN_DB"': contact of B4 on 2026-05-20: damaged list of invoices"},
    {"customer": "B5", "reason": "error", "error": "address: a line break or control character (correct it with '\''dun customer set'\'' or an import)"}' \
    "$(grep '{"customer": "B' "$W/out")"
expect_eq "the run says so" \
    "dun: run partial: 5 customers could not be handled (listed as skipped: error)" \
    "$(cat "$W/err")"
expect_status "outbox" 0 "$DUN" --format csv outbox list
expect_eq "their messages are in the outbox, by e-mail and letter" \
"G1,notice,email,en,g1@x.example
G1,notice,letter,en,Good One Ltd
G2,notice,email,en,$email
G2,notice,letter,en,$long_name" \
    "$(grep ',2026-06-10,' "$W/out" | cut -d, -f3-7 | sort)"
expect_status "and verify" 0 "$DUN" outbox verify
expect_eq "verify says" "11 messages reproduce byte for byte" \
    "$(cat "$W/out")"
finish
