#!/bin/sh
# The run renders each planned contact into the outbox, in the customer's
# language; every message reproduces byte for byte from its saved data;
# export writes .eml files a mail client (here Python's parser) reads.
# usage: test_outbox.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$(cd "$2" && pwd)/tests/data/run
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

"$DUN" --as-of 2026-06-01 init >/dev/null
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-30 import $k "$DATA/$k.csv" >/dev/null
done
expect_status "tenant" 0 "$DUN" tenant set --name "Harper & Lane Ltd" \
    --address "14 Mill Street" --address "Bristol BS1 4DJ" \
    --email accounts@harperlane.example --phone "+44 117 496 0123" \
    --iban GB33BUKB20201555555555 --bic BUKBGB22 --bank "Barclays Bank" \
    --timezone America/Chicago
# An unknown zone is refused and changes nothing.
expect_status "tenant zone unknown" 1 "$DUN" tenant set --name Other \
    --timezone Nowhere/Land
expect_eq "tenant zone unknown says" "dun: --timezone: unknown time zone Nowhere/Land \
(an IANA name such as Europe/Berlin)" "$(cat "$W/err")"
# The business's e-mail address goes into every message's headers: a
# line break (a Bcc of its own) or a second address is refused.
expect_status "tenant e-mail with a header" 1 "$DUN" tenant set \
    --email "$(printf 'accounts@harperlane.example\r\nBcc: x@evil.test')"
expect_eq "tenant e-mail with a header says" \
    "dun: --email: not an e-mail address: a line break or control character" \
    "$(cat "$W/err")"
expect_status "tenant name with a control character" 1 "$DUN" tenant set \
    --name "$(printf 'Harper\033[31m')"
"$DUN" tenant show >"$W/tenant"
expect_eq "tenant unchanged" "Name: Harper & Lane Ltd
E-mail: accounts@harperlane.example
Time zone: America/Chicago" \
    "$(grep -e '^Name:' -e '^E-mail:' -e '^Time zone:' "$W/tenant")"
"$DUN" --as-of 2026-06-30 run >/dev/null

# C1 writes German (language de), C5 English; one message per customer.
expect_status "list" 0 "$DUN" --format csv outbox
expect_eq "outbox" \
"seq,date,customer,stage,channel,language,recipient,subject,status
1,2026-06-30,C1,reminder,email,de,ap@alder.example,Zahlungserinnerung – Kundennummer C1,planned
2,2026-06-30,C5,reminder,email,en,ap@elm.example,Payment reminder – account C5,planned" \
    "$(cat "$W/out")"
expect_status "show" 0 "$DUN" outbox show 2
expect_eq "show head" \
"Message: 2
Channel: email
To: ap@elm.example
Customer: C5
Date: 2026-06-30
Stage: reminder
Template: reminder
Language: en
Send from: 2026-06-30T18:00Z
Send until: 2026-07-01T00:00Z
Quiet hours in: US: all 29 zones
Subject: Payment reminder – account C5" "$(sed '/^$/,$d' "$W/out")"
# Quiet hours 20:00-08:00 in the customer's zone: C5 is in the US (no
# single zone: the business's zone, set above), C1 in Germany (summer
# time, UTC+2).
"$DUN" outbox show 1 >"$W/show1"
expect_eq "German hours" "Send from: 2026-06-30T06:00Z
Send until: 2026-06-30T18:00Z
Quiet hours in: Europe/Berlin" "$(grep -e '^Send' -e '^Quiet' "$W/show1")"
"$DUN" --format json outbox show 1 >"$W/show1.json"
expect_eq "show as JSON" "Europe/Berlin|Zahlungserinnerung – Kundennummer C1|True" \
    "$(python3 -c 'import json,sys; m = json.load(sys.stdin)
print(m["timezone"], m["subject"], "Sehr geehrte Damen und Herren," in m["body"][:200], sep="|")' <"$W/show1.json")"
# Each invoice's line and its currency's total.
expect_eq "both currencies listed" "4" \
    "$(grep -c -F -e '€1,000.00' -e '$250.50' "$W/out")"
expect_eq "bank details" "1" "$(grep -c 'GB33 BUKB 2020 1555 5555 55' "$W/out")"

expect_status "verify" 0 "$DUN" outbox verify
expect_eq "verify says" "2 messages reproduce byte for byte" \
    "$(cat "$W/out")"

# Export, and read the e-mail back as a mail client would. A symbolic
# link named like a file is replaced, never followed; the files are
# their owner's only.
mkdir mail
echo "not yours" >victim.txt
ln -s "$W/victim.txt" mail/00000001.eml
expect_status "export" 0 "$DUN" outbox export mail
expect_eq "export says" "2 messages written to mail" "$(cat "$W/out")"
expect_eq "the link's target untouched" "not yours" "$(cat victim.txt)"
expect_eq "a file in the link's place, its owner's only" "regular file 600" \
    "$(stat -c '%F %a' mail/00000001.eml)"
expect_eq "no file left half-written" "" "$(ls mail | grep -v '\.eml$')"
"$DUN" outbox show 2 | sed '1,/^$/d' >body.txt
python3 - mail/00000002.eml body.txt >parsed.txt <<'EOT'
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"),
                                   policy=email.policy.default)
body = open(sys.argv[2], encoding="utf-8").read()
text = m.get_body(("plain",)).get_content()
html = m.get_body(("html",)).get_content()
print(m["Subject"])
print(m["To"])
print(m["Date"])
print(text.rstrip("\n") == body.rstrip("\n"))
print("<table" in html and "Harper &amp; Lane Ltd" in html)
EOT
expect_eq "the .eml reads back" "Payment reminder – account C5
ap@elm.example
Tue, 30 Jun 2026 18:00:00 +0000
True
True" "$(cat parsed.txt)"

# The same day again adds nothing; a week later the notice goes by
# e-mail and letter.
"$DUN" --as-of 2026-06-30 run >/dev/null
expect_eq "same day, same outbox" "3" \
    "$("$DUN" --format csv outbox list | wc -l | tr -d ' ')"
"$DUN" --as-of 2026-07-07 run >/dev/null
"$DUN" --format csv outbox list >"$W/list"
expect_eq "a week later" "C1,notice,email,de
C1,notice,letter,de
C2,reminder,email,de
C5,notice,email,en
C5,notice,letter,en" "$(grep ',2026-07-07,' "$W/list" | cut -d, -f3-6 | sort)"
letter=$(grep ',2026-07-07,C5,notice,letter,' "$W/list" | cut -d, -f1)
expect_eq "the letter has the account number" "3" \
    "$("$DUN" outbox show "$letter" | sed '1,/^$/d' | grep -c 'C5')"
expect_status "verify all" 0 "$DUN" outbox verify
expect_eq "verify all says" "7 messages reproduce byte for byte" \
    "$(cat "$W/out")"
expect_status "no such message" 1 "$DUN" outbox show 99

# Where each message is: marked by hand when it went out by other means
# or must not go, with the reason; a move the state does not allow is
# refused and nothing changes. Lists and exports pick by state and date.
expect_status "mark sent" 0 "$DUN" outbox mark 1 2 --sent \
    --reason "sent from the accounts mailbox"
expect_eq "mark says" "2 messages marked sent" "$(cat "$W/out")"
expect_status "mark posted" 0 "$DUN" outbox mark "$letter" --posted \
    --reason "posted by hand"
"$DUN" --format csv outbox list >"$W/before"
expect_status "a sent e-mail cannot become void" 1 "$DUN" outbox mark 3 1 \
    --void --reason stale
expect_eq "why" "dun: message 1 is sent: an e-mail that is sent cannot become void" \
    "$(cat "$W/err")"
expect_status "an e-mail is not posted" 1 "$DUN" outbox mark 3 --posted \
    --reason x
expect_status "no such message to mark" 1 "$DUN" outbox mark 99 --void \
    --reason x
expect_eq "no such message: why" "dun: no message 99" "$(cat "$W/err")"
expect_status "a reason is needed" 2 "$DUN" outbox mark 3 --void
"$DUN" --format csv outbox list >"$W/after"
expect_eq "nothing changed by the refusals" "$(cat "$W/before")" \
    "$(cat "$W/after")"
expect_status "list sent" 0 "$DUN" --format csv outbox list --status sent
expect_eq "the sent ones" "1,sent
2,sent" "$(tail -n +2 "$W/out" | cut -d, -f1,9)"
expect_status "list since" 0 "$DUN" --format csv outbox list \
    --since 2026-07-07 --status planned
expect_eq "planned since 07-07" "3
4
5
6" "$(tail -n +2 "$W/out" | cut -d, -f1)"
expect_status "bad status" 2 "$DUN" outbox list --status gone
# Each move is on the customer's timeline, with its instant and reason.
expect_status "timeline" 0 "$DUN" --as-of 2199-12-31 --format csv timeline C5
expect_eq "the moves on the timeline" "message,2 email,sent,sent from the accounts mailbox
message,$letter letter,posted,posted by hand" \
    "$(grep '^[0-9-]*,message,' "$W/out" | cut -d, -f2,3,6- |
       sed 's/ at [0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z: /,/')"
# Proof of posting: a tracking reference and a scan, kept with its
# SHA-256, on the timeline.
printf 'scan of the certificate of posting\n' >posting.pdf
expect_status "evidence" 0 "$DUN" evidence add "$letter" --kind certified \
    --ref RR123456789GB --file posting.pdf
expect_eq "evidence says" "message $letter: evidence 1 added (35 bytes, sha256 $(sha256sum posting.pdf | cut -c1-64))" \
    "$(cat "$W/out")"
expect_status "a second, without a file" 0 "$DUN" evidence add "$letter" \
    --kind receipt --ref "signed for by J. Elm"
expect_eq "its number" "message $letter: evidence 2 added" "$(cat "$W/out")"
expect_status "timeline with evidence" 0 "$DUN" --as-of 2199-12-31 \
    --format csv timeline C5
expect_eq "the evidence on the timeline" "evidence,$letter letter,\"certified RR123456789GB; posting.pdf, 35 bytes, sha256 $(sha256sum posting.pdf | cut -c1-64)\"
evidence,$letter letter,receipt signed for by J. Elm" \
    "$(grep '^[0-9-]*,evidence,' "$W/out" | cut -d, -f2,3,6- |
       sed 's/ at [0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]Z//')"
expect_status "evidence of no message" 1 "$DUN" evidence add 99 \
    --kind courier --ref X
expect_eq "no message" "dun: no message 99" "$(cat "$W/err")"
expect_status "a kind not known" 1 "$DUN" evidence add "$letter" \
    --kind pigeon --ref X
expect_eq "kinds" "dun: --kind: one of certified, registered, courier, receipt" \
    "$(cat "$W/err")"
expect_status "export planned" 0 "$DUN" outbox export planned --status planned
expect_eq "export planned: the files" "00000003.eml
00000004-letter.txt
00000005.eml
00000006.eml" "$(ls planned)"
finish
