#!/bin/sh
# The store's own test of the outbox (it reads and damages the SQLite
# file on purpose, which no other integration test may do): each message
# keeps its template set, stored once per set; bodies are packed with
# LZ4 against a sample dictionary, stored once per set; a message or its
# template set changed after the fact no longer reproduces, damaged
# bytes or a changed dictionary are refused rather than shown as
# garbage.
# usage: test_store_outbox.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$(cd "$2" && pwd)/tests/data/run
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

"$DUN" --as-of 2026-06-01 init >/dev/null
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-30 import $k "$DATA/$k.csv" >/dev/null
done
"$DUN" tenant set --name "Harper & Lane Ltd" \
    --email accounts@harperlane.example --timezone America/Chicago \
    --address "14 Mill Street" --iban GB33BUKB20201555555555 >/dev/null
# Three rendering threads: each builds its own dictionaries, the same.
DUN_RENDER_THREADS=3 "$DUN" --as-of 2026-06-30 run >/dev/null
DUN_RENDER_THREADS=3 "$DUN" --as-of 2026-07-07 run >/dev/null

# reminder in de and en, notice in de and en.
expect_eq "template sets" "4" \
    "$(sqlite3 "$DUN_DB" "SELECT count(*) FROM template_set")"
# LZ4 frames (magic 184D2204, little-endian), each naming a dictionary:
# one per set, whichever thread rendered with it and however many runs.
expect_eq "bodies and data are packed" "0" \
    "$(sqlite3 "$DUN_DB" "SELECT count(*) FROM outbox WHERE encoding <> 1
        OR template_set IS NULL OR pack_dict IS NULL
        OR hex(substr(body, 1, 4)) <> '04224D18'
        OR typeof(inputs) <> 'blob' OR hex(substr(inputs, 1, 4)) <> '04224D18'")"
expect_eq "a dictionary per set" "4|4" \
    "$(sqlite3 "$DUN_DB" "SELECT count(*), count(DISTINCT digest) FROM pack_dict")"
expect_eq "each set's messages share one" "0" \
    "$(sqlite3 "$DUN_DB" "SELECT count(*) FROM (SELECT template_set FROM outbox
        GROUP BY template_set HAVING count(DISTINCT pack_dict) <> 1)")"

cp "$DUN_DB" intact.db
# what the message says changed after the fact (its data is packed: the
# subject is what a hand can change with SQL)
sqlite3 "$DUN_DB" "UPDATE outbox SET subject = replace(subject, 'C1', 'C9')
    WHERE seq = 1"
expect_status "tampered" 1 "$DUN" outbox verify
expect_eq "tampered says" "dun: message 1 does not reproduce
dun: 1 of 7 messages do not reproduce" "$(cat "$W/err")"
cp intact.db "$DUN_DB"
# one byte of the packed text (past the frame's 23 bytes of header and
# block size) made another
sqlite3 "$DUN_DB" "UPDATE outbox SET body = substr(body, 1, 29) ||
    CASE substr(body, 30, 1) WHEN x'00' THEN x'01' ELSE x'00' END ||
    substr(body, 31) WHERE seq = 2"
expect_status "damaged" 1 "$DUN" outbox show 2
expect_eq "damaged says" "dun: stored message body does not unpack:" \
    "$(cut -d' ' -f1-7 "$W/err")"
cp intact.db "$DUN_DB"
sqlite3 "$DUN_DB" "UPDATE pack_dict SET content = replace(content,
    'Payment', 'Paymant')"
expect_status "dictionary changed" 1 "$DUN" outbox show 2
expect_eq "dictionary changed says" "dun: stored message body does not unpack:" \
    "$(cut -d' ' -f1-7 "$W/err")"
cp intact.db "$DUN_DB"
sqlite3 "$DUN_DB" "UPDATE template_set SET source = replace(source,
    'Payment', 'Paymant')"
expect_status "set changed" 1 "$DUN" outbox verify
finish
