#!/bin/sh
# dun send against a real SMTP server (tests/tools/smtp_server.py on
# 127.0.0.1): what the run planned for today goes out as MIME a mail
# client reads, from the business to the customer by name, threaded to
# the customer's earlier e-mail; a message made stale by a payment or a
# dispute becomes void with the reason; a failure for now is tried
# again, a refusal is failed; the server's answer is kept and shown on
# the timeline; a message that did not reach the customer does not move
# the ladder, and the next run plans afresh.
# usage: test_send.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$2
. "$ROOT/tests/integration/lib.sh"
. "$ROOT/tests/integration/smtp_lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/t.db"

# Everything is dated from today, in UTC: a real run may not look ahead,
# and a message goes out in its own day's hours.
export TZ=UTC
day() { date -u -d "$1 days" +%Y-%m-%d; }
TODAY=$(day 0)

expect_status "init" 0 "$DUN" --as-of "$(day -30)" init
cat >c.csv <<EOF
id,name,email,address,city,postal_code,country,language,payment_terms_days,currency
C1,Dispute GmbH,c1@example.test,1 Weg,Köln,50667,DE,de,30,EUR
C2,Björk & Søn AS,c2@example.test,2 Gate,Oslo,0150,NO,en,30,EUR
C3,Paid Ltd,c3@example.test,3 Road,York,YO1,GB,en,30,EUR
C4,Refused Ltd,c4@example.test,4 Road,York,YO1,GB,en,30,EUR
C5,Thread Ltd,c5@example.test,5 Road,York,YO1,GB,en,30,EUR
C6,Nowhere Ltd,c6@example.test,,,,GB,en,30,EUR
EOF
cat >i.csv <<EOF
number,customer_id,issue_date,due_date,currency,total,description
I-1,C1,$(day -40),$(day -10),EUR,100.00,x
I-2,C2,$(day -40),$(day -10),EUR,200.00,x
I-3,C3,$(day -40),$(day -10),EUR,300.00,x
I-4,C4,$(day -40),$(day -10),EUR,400.00,x
I-5,C5,$(day -47),$(day -17),EUR,500.00,x
I-6,C6,$(day -40),$(day -10),EUR,600.00,x
EOF
expect_status "customers" 0 "$DUN" --as-of "$(day -30)" import customers c.csv
expect_status "invoices" 0 "$DUN" --as-of "$(day -30)" import invoices i.csv
business_details
# Any hour of any day, on the UTC clock: the test may run at any time.
"$DUN" policy show | sed 's/^quiet_hours = .*/quiet_hours = none/;
    s/^quiet_days = .*/quiet_days = none/' >policy.ini
expect_status "policy" 0 "$DUN" policy load policy.ini
for c in C1 C2 C3 C4 C5 C6; do
    "$DUN" customer set $c --timezone UTC >/dev/null
done

# C5 had its reminder eight days ago, sent by other means.
expect_status "run eight days ago" 0 "$DUN" --as-of "$(day -8)" run
expect_status "its reminder went out by hand" 0 "$DUN" outbox mark 1 --sent \
    --reason "sent from the accounts mailbox"
expect_status "run today" 0 "$DUN" --as-of "$TODAY" --format csv run
expect_eq "today's plan" "C1,reminder
C2,reminder
C3,reminder
C4,reminder
C5,notice
C6,reminder" "$(tail -n +2 "$W/out" | cut -d, -f1,2 | sort -u)"

# Before the send: C3 pays, C1 disputes.
cat >p.csv <<EOF
id,date,customer_id,invoice_number,amount,currency,method,reference
P-3,$TODAY,C3,I-3,300.00,EUR,transfer,I-3
EOF
expect_status "C3 pays" 0 "$DUN" --as-of "$TODAY" import payments p.csv
expect_status "C1 disputes" 0 "$DUN" --as-of "$TODAY" dispute open I-1 \
    --reason "goods damaged"

expect_status "send without a server" 1 "$DUN" send
expect_eq "says how to set one" \
    "dun: no mail server: set one with 'dun config set smtp.url smtp://HOST:PORT'" \
    "$(cat "$W/err")"

# The server answers the first message's DATA "451", and refuses C4.
start one --fail-data 1 "451 4.3.0 Try again later" \
    --reject-rcpt c4@example.test "550 5.1.1 <c4@example.test>: user unknown" \
    --reject-rcpt c6@example.test "550 5.1.1 <c6@example.test>: user unknown"
"$DUN" config set smtp.url "smtp://127.0.0.1:$port" >/dev/null
"$DUN" config set smtp.starttls never >/dev/null
"$DUN" config set mail.bcc archive@test-trading.example >/dev/null
"$DUN" config set send.retry_after 1 >/dev/null

expect_status "dry run" 0 "$DUN" --format csv send --dry-run
expect_eq "what would happen" "2,C1,would void,I-1 is disputed
3,C2,would send,
4,C3,would void,I-3 was paid or credited since it was written
5,C4,would send,
6,C5,would send,
8,C6,would send," "$(tail -n +2 "$W/out" | cut -d, -f1,2,4,5)"
expect_eq "the dry run sent nothing" "" "$(ls "$W/one/mail" 2>/dev/null)"

expect_status "send" 0 "$DUN" --format csv send
expect_eq "what happened" "2,C1,void,I-1 is disputed
3,C2,retry,451 4.3.0 Try again later
4,C3,void,I-3 was paid or credited since it was written
5,C4,failed,550 5.1.1 <c4@example.test>: user unknown
6,C5,sent,250 2.0.0 Ok: queued as Q00001
8,C6,failed,550 5.1.1 <c6@example.test>: user unknown" \
    "$(tail -n +2 "$W/out" | cut -d, -f1,2,4,5 |
       sed 's/Message-ID <[^>]*>; //')"
# One connection, and a second for C5 after C4's refused recipient:
# libcurl closes a connection a RCPT was refused on.
expect_eq "connections" "2" "$(cat "$W/one/conns")"

sleep 2
expect_status "send again" 0 "$DUN" --format csv send
expect_eq "the retry goes" "3,C2,sent,250 2.0.0 Ok: queued as Q00002" \
    "$(tail -n +2 "$W/out" | cut -d, -f1,2,4,5 |
       sed 's/Message-ID <[^>]*>; //')"
expect_status "nothing left" 0 "$DUN" --format csv send
expect_eq "nothing left to send" "" "$(tail -n +2 "$W/out")"

expect_status "outbox" 0 "$DUN" --format csv outbox list
expect_eq "each message's state" "1,sent
2,void
3,sent
4,void
5,failed
6,sent
7,planned
8,failed" "$(tail -n +2 "$W/out" | cut -d, -f1,9)"

# What arrived: proper MIME from the business, to the customer by name,
# threaded to the earlier reminder, a copy to the archive.
token=$(ls "$W/one/mail" | head -1 >/dev/null;
        grep -h '^Message-ID:' "$W"/one/mail/*.eml | head -1 |
        sed 's/.*<dun\.[0-9]*\.\([0-9a-f]*\)@.*/\1/')
"$PY" - "$W/one/mail" >parsed.txt <<'EOT'
import email, email.policy, glob, os, sys
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.eml"))):
    m = email.message_from_binary_file(open(path, "rb"),
                                       policy=email.policy.default)
    env = open(path[:-4] + ".env").read().split("\n")
    rcpt = [l[5:] for l in env if l.startswith("rcpt ")]
    print(m["From"], "|", m["To"], "|", m["Subject"], "|",
          m.get_content_type(), "|",
          "+".join(p.get_content_type() for p in m.iter_parts()), "|",
          " ".join(rcpt))
    print(" ", m["Message-ID"], m["In-Reply-To"], m["References"])
    for p in m.iter_attachments():
        open(os.path.join(os.path.dirname(sys.argv[1]), p.get_filename()),
             "wb").write(p.get_content())
EOT
expect_eq "as a mail client reads them" \
"Test Trading Ltd <accounts@test-trading.example> | Thread Ltd <c5@example.test> | Overdue payment notice – account C5 | multipart/mixed | multipart/alternative+application/pdf | c5@example.test archive@test-trading.example
  <dun.6.$token@test-trading.example> <dun.1.$token@test-trading.example> <dun.1.$token@test-trading.example>
Test Trading Ltd <accounts@test-trading.example> | Björk & Søn AS <c2@example.test> | Payment reminder – account C2 | multipart/alternative | text/plain+text/html | c2@example.test archive@test-trading.example
  <dun.3.$token@test-trading.example> None None" "$(cat parsed.txt)"

# The firm notice carries its letter as a PDF: the letter 'dun letters'
# would print for it, in the notice's words.
pdf=$(ls "$W"/one/notice-C5-*.pdf 2>/dev/null)
expect_eq "the notice's letter attached" "1 1" \
    "$(pdftotext "$pdf" - | grep -c 'account C5') \
$(pdftotext "$pdf" - | grep -c '^Overdue payment notice')"

# The evidence, on the customer's timeline.
expect_status "timeline" 0 "$DUN" --format csv timeline C2
expect_eq "C2's message: tried, then sent" \
"message,3 email,sending
message,3 email,planned: Message-ID <dun.3.$token@test-trading.example>; 451 4.3.0 Try again later
message,3 email,sending
message,3 email,sent: Message-ID <dun.3.$token@test-trading.example>; 250 2.0.0 Ok: queued as Q00002" \
    "$(grep '^[0-9-]*,message,' "$W/out" | cut -d, -f2,3,6- |
       sed 's/ at [0-9T:-]*Z//')"

# Bounces come back: a permanent failure for C2's reminder (delivered
# to the server, refused further on), a delay for C5's notice, in a
# Maildir and an mbox, beside an ordinary message and another sender's
# report (RFC 3464 built by hand).
dsn() { # ID RCPT ACTION STATUS DIAG
    printf '%s\n' "From: MAILER-DAEMON@mx.example.test" \
        "To: accounts@test-trading.example" "Subject: Delivery Status" \
        "MIME-Version: 1.0" \
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B1\"" \
        "" "--B1" "Content-Type: text/plain" "" "Your message could not be delivered." \
        "" "--B1" "Content-Type: message/delivery-status" "" \
        "Reporting-MTA: dns; mx.example.test" "" \
        "Final-Recipient: rfc822; $2" "Action: $3" "Status: $4" \
        "Diagnostic-Code: smtp; $5" "" \
        "--B1" "Content-Type: text/rfc822-headers" "" "Message-ID: <$1>" \
        "Subject: x" "" "--B1--"
}
mkdir -p bounces/new bounces/cur bounces/tmp
dsn "dun.3.$token@test-trading.example" c2@example.test failed 5.1.1 \
    "550 5.1.1 <c2@example.test>: Recipient address rejected" \
    >bounces/new/1.eml
printf 'From: ann@example.test\nSubject: hello\n\nnot a report\n' \
    >bounces/new/2.eml
{
    echo "From MAILER-DAEMON Mon Nov 30 10:00:00 2026"
    dsn "dun.6.$token@test-trading.example" c5@example.test delayed 4.4.1 \
        "451 4.4.1 connection timed out"
    echo
    echo "From MAILER-DAEMON Mon Nov 30 10:05:00 2026"
    dsn "dun.6.0000000000000000@elsewhere.example" c5@example.test failed \
        5.1.1 "550 no such user"
} >bounces.mbox
expect_status "bounces" 0 "$DUN" --format csv bounces import bounces \
    bounces.mbox
expect_eq "each report matched, or not" \
"bounces/new/1.eml,3,c2@example.test,failed,5.1.1,bounced
bounces/new/2.eml,,,,,not a report
bounces.mbox:1,6,c5@example.test,delayed,4.4.1,delayed: no change
bounces.mbox:2,,,,,not ours" \
    "$(tail -n +2 "$W/out" | cut -d, -f1-6)"
expect_eq "bounces said" "4 messages read, 3 reports: 1 bounced, 1 delayed, 1 not matched" \
    "$(tail -n 1 "$W/err")"
expect_status "again" 0 "$DUN" --format csv bounces import bounces
expect_eq "a report read twice changes nothing" \
    "bounces/new/1.eml,3,c2@example.test,failed,5.1.1,already bounced" \
    "$(sed -n 2p "$W/out" | cut -d, -f1-6)"
expect_status "C2's timeline" 0 "$DUN" --format csv timeline C2
expect_eq "bounced, with the report" \
    "message,3 email,bounced: failed 5.1.1: 550 5.1.1 <c2@example.test>: Recipient address rejected (report: bounces/new/1.eml)" \
    "$(grep ',message,3 email,.*bounced' "$W/out" | cut -d, -f2,3,6- |
       sed 's/ at [0-9T:-]*Z//')"
expect_status "C2's record" 0 "$DUN" --format json customer show C2
expect_eq "C2's e-mail does not work" '"email_not_working": true,' \
    "$(grep -o '"email_not_working": [a-z]*,' "$W/out")"

# A refused address is marked as not working; a new one clears it.
expect_status "C4's record" 0 "$DUN" --format csv customer show C4
expect_eq "C4's e-mail does not work" "email_not_working,true" \
    "$(tail -n 1 "$W/out" >/dev/null; "$PY" -c 'import csv,sys
r = list(csv.reader(open(sys.argv[1])))
print("email_not_working," + r[1][r[0].index("email_not_working")])' "$W/out")"

# Tomorrow: C1 (disputed) and C3 (paid) get nothing; C2's, C4's and
# C6's messages did not reach them, so their reminders are planned again,
# by letter to C2 and C4 (they have a postal address), and as a call for
# a person to C6 (none): the queue says why. C5 waits.
expect_status "run tomorrow" 0 "$DUN" --as-of "$(day 1)" --format csv run
expect_eq "tomorrow's plan" "C2,reminder,letter
C4,reminder,letter
C6,no-contact,phone" \
    "$(tail -n +2 "$W/out" | cut -d, -f1,2,3 | sort -u)"
expect_status "queue" 0 "$DUN" --as-of "$(day 1)" --format csv queue
expect_eq "each customer it did not reach in the queue, and why" \
"write,C6,reminder,no working e-mail: call or write (message 8 failed: Message-ID <dun.8.$token@test-trading.example>; 550 5.1.1 <c6@example.test>: user unknown)
call,C6,no-contact,no working e-mail: call or write (its e-mail was refused or bounced; find a working address)
write,C4,reminder,no working e-mail: call or write (message 5 failed: Message-ID <dun.5.$token@test-trading.example>; 550 5.1.1 <c4@example.test>: user unknown)
write,C2,reminder,no working e-mail: call or write (message 3 bounced: failed 5.1.1: 550 5.1.1 <c2@example.test>: Recipient address rejected (report: bounces/new/1.eml))" \
    "$(tail -n +2 "$W/out" | "$PY" -c 'import csv,sys
for r in csv.reader(sys.stdin): print(",".join([r[0], r[1], r[4], r[-1]]))')"
expect_status "a new address" 0 "$DUN" customer set C4 --email ap@c4.example
expect_status "C4's record again" 0 "$DUN" --format json customer show C4
expect_eq "tried afresh" '"email_not_working": false,' \
    "$(grep -o '"email_not_working": [a-z]*,' "$W/out")"
expect_status "tomorrow's e-mail waits for its day" 0 "$DUN" --format csv \
    send
expect_eq "waiting" "" "$(tail -n +2 "$W/out")"
expect_eq "said so" "0 sent, 0 to retry, 0 failed, 0 void, 0 waiting for their hour" \
    "$(tail -n 1 "$W/err")"
finish
