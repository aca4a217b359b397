#!/bin/sh
# send/smtp.c against a real SMTP server (tests/tools/smtp_server.py, on
# 127.0.0.1): the bytes arrive as sent, several messages go over one
# connection, 4xx and 5xx replies and a server that is down come back
# as what they are with the server's own words, STARTTLS is required
# when asked for and works with a CA file, AUTH works and the password
# shows nowhere.
# usage: test_smtp_client.sh SMTP_SEND_ONE SOURCE_ROOT
SEND=$1
ROOT=$2
. "$ROOT/tests/integration/lib.sh"
. "$ROOT/tests/integration/smtp_lib.sh"

# send NAME [smtp_send_one ARG...]: run the driver; stdout in
# $W/NAME/out, stderr in $W/NAME/err, exit status in $rc.
send() {
    name=$1
    shift
    "$SEND" "$@" >"$W/$name/out" 2>"$W/$name/err"
    rc=$?
}

count() {
    ls "$1" 2>/dev/null | grep -c '\.eml$'
}

# The messages, CRLF line ends as render/mime.c writes them.
crlf() {
    printf '%s\r\n' "$@"
}
crlf "From: Test Trading Ltd <accounts@test-trading.example>" \
    "To: <ap@customer.example>" "Subject: Reminder: invoice INV-1" \
    "Message-ID: <m1@test-trading.example>" "" \
    "Dear customer," \
    ".a line that starts with a dot (SMTP doubles it, the server undoes it)" \
    ".." "." "..." \
    "Caf=C3=A9 and 8-bit text: Café" "" >"$W/m1.eml"
crlf "Subject: Second" "" "Second message." >"$W/m2.eml"
crlf "Subject: Third" "" "Third message." >"$W/m3.eml"
printf 'Subject: No final line end\r\n\r\nLast line without CRLF' \
    >"$W/m4.eml"
# A line of 998 octets is the limit; 999 is refused before sending.
{
    printf 'Subject: Long line\r\n\r\n'
    head -c 998 /dev/zero | tr '\0' 'x'
    printf '\r\n'
} >"$W/long998.eml"
{
    printf 'Subject: Too long\r\n\r\n'
    head -c 999 /dev/zero | tr '\0' 'x'
    printf '\r\n'
} >"$W/long999.eml"
printf 'Subject: Bare LF\n\nbody\n' >"$W/barelf.eml"

FROM=accounts@test-trading.example
TO=ap@customer.example
BCC=archive@test-trading.example

# --- plain: bytes as sent, envelope, several messages on one connection
start plain
send plain --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO --bcc $BCC "$W/m1.eml" "$W/m2.eml" "$W/m3.eml" "$W/m4.eml" \
    "$W/long998.eml"
expect_eq "plain: all sent" 0 "$rc"
expect_eq "plain: the server's reply and queue id for each" \
"1 sent 250 Q00001 0 250 2.0.0 Ok: queued as Q00001
2 sent 250 Q00002 0 250 2.0.0 Ok: queued as Q00002
3 sent 250 Q00003 0 250 2.0.0 Ok: queued as Q00003
4 sent 250 Q00004 0 250 2.0.0 Ok: queued as Q00004
5 sent 250 Q00005 0 250 2.0.0 Ok: queued as Q00005" "$(cat "$W/plain/out")"
expect_eq "plain: nothing on stderr" "" "$(cat "$W/plain/err")"
M="$W/plain/mail"
for pair in 1:m1 2:m2 3:m3 5:long998; do
    n=${pair%%:*}
    f=${pair#*:}
    if cmp -s "$W/$f.eml" "$M/Q0000$n.eml"; then
        echo "ok - plain: $f.eml received byte for byte"
    else
        echo "not ok - plain: $f.eml received byte for byte"
        cmp "$W/$f.eml" "$M/Q0000$n.eml"
        fails=$((fails + 1))
    fi
done
# SMTP ends the data with a line end; a message without one gets it.
expect_eq "plain: a message without a final CRLF gets one" \
    "$(cat "$W/m4.eml"; printf '\r\n')" "$(cat "$M/Q00004.eml")"
expect_eq "plain: m4.eml plus CRLF is all that arrived" \
    $(($(wc -c <"$W/m4.eml") + 2)) "$(wc -c <"$M/Q00004.eml")"
expect_eq "plain: the envelope: sender, To and the Bcc archive" \
"from $FROM
rcpt $TO
rcpt $BCC
tls no
auth -" "$(cat "$M/Q00001.env")"
expect_eq "plain: five messages over one connection" 1 \
    "$(cat "$W/plain/conns")"

# --- what is refused before anything is sent
mkdir -p "$W/input"
send input --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO "$W/long999.eml" "$W/barelf.eml"
expect_eq "input: refused, nothing sent" \
"1 permanent 0 - 0 
2 permanent 0 - 0 " "$(cat "$W/input/out")"
expect_eq "input: the reasons" \
"smtp_send_one: $W/long999.eml: smtp: message: a line longer than 998 octets at offset 21
smtp_send_one: $W/barelf.eml: smtp: message: an LF without CR at offset 16" \
    "$(cat "$W/input/err")"
send input --url "smtp://127.0.0.1:$port" --starttls never \
    --from "$FROM" --to "$TO>
RCPT TO:<evil@example.com" "$W/m2.eml"
expect_eq "input: an address cannot carry a command" \
    "smtp_send_one: $W/m2.eml: smtp: recipient: not an e-mail address: a line break or control character" \
    "$(cat "$W/input/err")"
send input --url "smtp://user:secret@127.0.0.1:$port" --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "input: credentials in the url are refused" \
    "smtp_send_one: smtp url: credentials in the url (give user and password apart)" \
    "$(cat "$W/input/err")"
send input --url "http://127.0.0.1:$port" --from $FROM --to $TO \
    "$W/m2.eml"
expect_eq "input: only smtp:// and smtps://" \
    "smtp_send_one: smtp url: not smtp:// or smtps://" \
    "$(cat "$W/input/err")"
expect_eq "input: the server got nothing more" 5 "$(count "$M")"
stop "$pid"

# --- server down: connection refused is temporary, no reply code
send plain --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "down: not sent" 1 "$rc"
expect_eq "down: temporary, no code, no text" "1 temporary 0 - 0 " \
    "$(cat "$W/plain/out")"
case $(cat "$W/plain/err") in
*"smtp smtp://127.0.0.1:$port: temporary: "*"connect"*)
    echo "ok - down: the error says it could not connect" ;;
*)
    echo "not ok - down: the error says it could not connect"
    cat "$W/plain/err"
    fails=$((fails + 1)) ;;
esac

# --- replies in other words: Exim's id, none, several lines
start words --accept-reply "250 OK id={id}"
send words --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "exim: the id" "1 sent 250 Q00001 0 250 OK id=Q00001" \
    "$(cat "$W/words/out")"
stop "$pid"
start words --accept-reply "250 2.0.0 Message accepted"
send words --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "no id named: none" "1 sent 250 - 0 250 2.0.0 Message accepted" \
    "$(cat "$W/words/out")"
stop "$pid"
start words --accept-reply '250-2.0.0 Ok\n250 2.0.0 queued as {id}.'
send words --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "a multi-line reply: every line, the id without the period" \
    "1 sent 250 Q00001 0 250-2.0.0 Ok|250 2.0.0 queued as Q00001." \
    "$(cat "$W/words/out")"
stop "$pid"

# --- the server hangs up between messages (an idle timeout): the next
# message goes on a new connection
start hangup --close-after-data
send hangup --url "smtp://127.0.0.1:$port" --starttls never --gap 500 \
    --from $FROM --to $TO "$W/m1.eml" "$W/m2.eml" "$W/m3.eml"
expect_eq "hang-up: all sent" \
"1 sent 250 Q00001 0 250 2.0.0 Ok: queued as Q00001
2 sent 250 Q00002 0 250 2.0.0 Ok: queued as Q00002
3 sent 250 Q00003 0 250 2.0.0 Ok: queued as Q00003" "$(cat "$W/hangup/out")"
expect_eq "hang-up: a connection each" 3 "$(cat "$W/hangup/conns")"
stop "$pid"

# --- 451 to the end of DATA: temporary, with the server's code and text;
# the session goes on with the next message
start t451 --fail-data 1 "451 4.3.0 Try again later"
send t451 --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO "$W/m2.eml" "$W/m3.eml"
expect_eq "451: temporary, then the next message is sent" \
"1 temporary 451 - 0 451 4.3.0 Try again later
2 sent 250 Q00001 0 250 2.0.0 Ok: queued as Q00001" "$(cat "$W/t451/out")"
expect_eq "451: the error has the reply" \
    "smtp_send_one: $W/m2.eml: smtp smtp://127.0.0.1:$port: temporary: message refused: 451 4.3.0 Try again later" \
    "$(cat "$W/t451/err")"
expect_eq "451: the server kept only the second" "Subject: Third" \
    "$(head -n 1 "$W/t451/mail/Q00001.eml" | tr -d '\r')"
stop "$pid"

# --- 550 to the end of DATA, and to RCPT: permanent
start t550 --fail-data 1 "550 5.1.1 <ap@customer.example>: Recipient address rejected: User unknown" \
    --reject-rcpt nobody@customer.example "550 5.1.1 User unknown"
send t550 --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "550 to DATA: permanent, the server's words" \
    "1 permanent 550 - 0 550 5.1.1 <ap@customer.example>: Recipient address rejected: User unknown" \
    "$(cat "$W/t550/out")"
send t550 --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to nobody@customer.example --bcc $BCC "$W/m2.eml"
expect_eq "550 to RCPT: permanent" "1 permanent 550 - 0 550 5.1.1 User unknown" \
    "$(cat "$W/t550/out")"
expect_eq "550: the error names the command" \
    "smtp_send_one: $W/m2.eml: smtp smtp://127.0.0.1:$port: permanent: RCPT failed: 550: 550 5.1.1 User unknown" \
    "$(cat "$W/t550/err")"
send t550 --url "smtp://127.0.0.1:$port" --starttls never --from $FROM \
    --to $TO --bcc nobody@customer.example "$W/m2.eml"
expect_eq "550 to the Bcc archive: not sent to the To address either" \
    "1 permanent 550 - 0 550 5.1.1 User unknown" "$(cat "$W/t550/out")"
expect_eq "550: nothing kept" 0 "$(count "$W/t550/mail")"

# --- STARTTLS required, the server offers none: no session
send t550 --url "smtp://127.0.0.1:$port" --starttls required --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "starttls required, not offered: refused" "1 session 0 - 0 " \
    "$(cat "$W/t550/out")"
expect_eq "starttls required, not offered: the reason" \
    "smtp_send_one: $W/m2.eml: smtp smtp://127.0.0.1:$port: session: STARTTLS not supported" \
    "$(cat "$W/t550/err")"
# The default (zero) setting is "required".
send t550 --url "smtp://127.0.0.1:$port" --from $FROM --to $TO "$W/m2.eml"
expect_eq "starttls: required unless said otherwise" "1 session 0 - 0 " \
    "$(cat "$W/t550/out")"
expect_eq "starttls: nothing kept" 0 "$(count "$W/t550/mail")"
stop "$pid"

# --- a server that takes the data and does not answer in time:
# temporary, and uncertain (it may have the message)
start slow --delay-data 5
send slow --url "smtp://127.0.0.1:$port" --starttls never --timeout 1000 \
    --from $FROM --to $TO "$W/m2.eml"
expect_eq "timeout after the data: temporary, uncertain" \
    "1 temporary 0 - 1 " "$(cat "$W/slow/out")"
case $(cat "$W/slow/err") in
*"temporary: "*"timeout"* | *"temporary: "*"timed out"*)
    echo "ok - timeout: the error says so" ;;
*)
    echo "not ok - timeout: the error says so"
    cat "$W/slow/err"
    fails=$((fails + 1)) ;;
esac
stop "$pid"

# --- STARTTLS with a throwaway certificate for localhost (only: the
# server listens on 127.0.0.1, and that name is not in the certificate)
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -days 1 -subj "/CN=dun test SMTP" -addext "subjectAltName=DNS:localhost" \
    -keyout "$W/key.pem" -out "$W/cert.pem" 2>"$W/openssl.err"; then
    echo "not ok - a throwaway certificate"
    cat "$W/openssl.err"
    exit 1
fi
start tls --tls "$W/cert.pem" "$W/key.pem"
send tls --url "smtp://localhost:$port" --starttls required \
    --ca "$W/cert.pem" --from $FROM --to $TO "$W/m1.eml" "$W/m2.eml"
expect_eq "starttls: sent" \
"1 sent 250 Q00001 0 250 2.0.0 Ok: queued as Q00001
2 sent 250 Q00002 0 250 2.0.0 Ok: queued as Q00002" "$(cat "$W/tls/out")"
expect_eq "starttls: the server saw TLS" "tls yes" \
    "$(grep '^tls' "$W/tls/mail/Q00001.env")"
if cmp -s "$W/m1.eml" "$W/tls/mail/Q00001.eml"; then
    echo "ok - starttls: received byte for byte"
else
    echo "not ok - starttls: received byte for byte"
    fails=$((fails + 1))
fi
expect_eq "starttls: one connection" 1 "$(cat "$W/tls/conns")"
send tls --url "smtp://localhost:$port" --starttls optional \
    --ca "$W/cert.pem" --from $FROM --to $TO "$W/m2.eml"
expect_eq "starttls optional, offered: TLS" "tls yes" \
    "$(grep '^tls' "$W/tls/mail/Q00003.env")"
# Without the CA file the certificate is not trusted.
send tls --url "smtp://localhost:$port" --starttls required --from $FROM \
    --to $TO "$W/m2.eml"
expect_eq "starttls, certificate not trusted: refused" "1 session 0 - 0 " \
    "$(cat "$W/tls/out")"
case $(cat "$W/tls/err") in
*"session: SSL certificate problem"*)
    echo "ok - starttls, certificate not trusted: the reason" ;;
*)
    echo "not ok - starttls, certificate not trusted: the reason"
    cat "$W/tls/err"
    fails=$((fails + 1)) ;;
esac
# The certificate names localhost, not 127.0.0.1.
send tls --url "smtp://127.0.0.1:$port" --starttls required \
    --ca "$W/cert.pem" --from $FROM --to $TO "$W/m2.eml"
expect_eq "starttls, another host name: refused" "1 session 0 - 0 " \
    "$(cat "$W/tls/out")"
case $(cat "$W/tls/err") in
*"session: SSL: no alternative certificate subject name matches"*)
    echo "ok - starttls, another host name: the reason" ;;
*)
    echo "not ok - starttls, another host name: the reason"
    cat "$W/tls/err"
    fails=$((fails + 1)) ;;
esac
expect_eq "starttls: three kept" 3 "$(count "$W/tls/mail")"
stop "$pid"

# --- AUTH: PLAIN and LOGIN, plain text and over STARTTLS; a wrong
# password is a session failure; the password shows nowhere
PW='s3cret-Pa55/word'
B64_PLAIN=$(printf '\0dun\0%s' "$PW" | base64 | tr -d '\n')
B64_PW=$(printf '%s' "$PW" | base64 | tr -d '\n')
secret_nowhere() {
    if grep -rqF -e "$PW" -e "$B64_PLAIN" -e "$B64_PW" "$W/$1/out" \
        "$W/$1/err"; then
        echo "not ok - $2: the password shows nowhere"
        grep -rF -e "$PW" -e "$B64_PLAIN" -e "$B64_PW" "$W/$1/out" \
            "$W/$1/err"
        fails=$((fails + 1))
    else
        echo "ok - $2: the password shows nowhere"
    fi
}
for mech in PLAIN LOGIN; do
    start "auth$mech" --auth "dun:$PW" --auth-mech $mech
    DUN_SMTP_PASSWORD=$PW send "auth$mech" --url "smtp://127.0.0.1:$port" \
        --starttls never --user dun --from $FROM --to $TO "$W/m2.eml" \
        "$W/m3.eml"
    expect_eq "auth $mech: sent" \
"1 sent 250 Q00001 0 250 2.0.0 Ok: queued as Q00001
2 sent 250 Q00002 0 250 2.0.0 Ok: queued as Q00002" "$(cat "$W/auth$mech/out")"
    expect_eq "auth $mech: as the user" "auth dun" \
        "$(grep '^auth' "$W/auth$mech/mail/Q00002.env")"
    expect_eq "auth $mech: one connection" 1 "$(cat "$W/auth$mech/conns")"
    # libcurl's verbose output (which would show AUTH) is off.
    expect_eq "auth $mech: nothing on stderr" "" "$(cat "$W/auth$mech/err")"
    secret_nowhere "auth$mech" "auth $mech"
    DUN_SMTP_PASSWORD="wrong-$PW" send "auth$mech" \
        --url "smtp://127.0.0.1:$port" --starttls never --user dun \
        --from $FROM --to $TO "$W/m2.eml"
    expect_eq "auth $mech, wrong password: session, the server's words" \
        "1 session 535 - 0 535 5.7.8 Authentication credentials invalid" \
        "$(cat "$W/auth$mech/out")"
    expect_eq "auth $mech, wrong password: the reason" \
        "smtp_send_one: $W/m2.eml: smtp smtp://127.0.0.1:$port: session: Login denied: 535 5.7.8 Authentication credentials invalid" \
        "$(cat "$W/auth$mech/err")"
    secret_nowhere "auth$mech" "auth $mech, wrong password"
    send "auth$mech" --url "smtp://127.0.0.1:$port" --starttls never \
        --from $FROM --to $TO "$W/m2.eml"
    expect_eq "auth $mech: without AUTH, MAIL is refused" \
        "1 permanent 530 - 0 530 5.7.0 Authentication required" \
        "$(cat "$W/auth$mech/out")"
    expect_eq "auth $mech: two kept" 2 "$(count "$W/auth$mech/mail")"
    stop "$pid"
done
start authtls --auth "dun:$PW" --tls "$W/cert.pem" "$W/key.pem"
DUN_SMTP_PASSWORD=$PW send authtls --url "smtp://localhost:$port" \
    --user dun --ca "$W/cert.pem" --from $FROM --to $TO "$W/m2.eml"
expect_eq "auth over starttls: sent" \
    "1 sent 250 Q00001 0 250 2.0.0 Ok: queued as Q00001" \
    "$(cat "$W/authtls/out")"
expect_eq "auth over starttls: TLS and the user" "tls yes
auth dun" "$(grep -e '^tls' -e '^auth' "$W/authtls/mail/Q00001.env")"
secret_nowhere authtls "auth over starttls"
stop "$pid"

finish
