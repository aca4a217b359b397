#!/bin/sh
# dun config: the business's settings for sending, each checked when set
# (nothing stored when refused), defaults shown, secrets never stored.
# usage: test_config.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/t.db"

expect_status "init" 0 "$DUN" init
expect_status "list" 0 "$DUN" --format csv config list
expect_eq "defaults" \
"key,value,set,about
smtp.url,,false,the mail server: smtp://HOST[:PORT] or smtps://HOST[:PORT]
smtp.starttls,optional,false,\"STARTTLS on smtp://: required, optional or never\"
smtp.user,,false,the login name at the mail server
smtp.password_file,,false,\"a file holding the password, only its owner may read it\"
smtp.ca_file,,false,\"the certificates to trust, a PEM file (default: the system's)\"
mail.from,,false,who the messages are from (default: the business's e-mail)
mail.reply_to,,false,where replies go
mail.bcc,,false,an archive address that gets a copy of each message
send.rate,60,false,messages per minute
send.max_attempts,5,false,tries of one message before it is failed
send.retry_after,300,false,\"seconds before the first retry (doubling after, at most 4 hours)\"
letter.paper,auto,false,\"the paper letters are laid out for: auto (by the customer's country), a4-din, a4-uk or us-letter\"
letter.logo,,false,\"the letterhead's logo: a PNG file of at most 1 MiB, kept in the database\"" \
    "$(cat "$W/out")"

# Good values are stored and read back.
expect_status "set url" 0 "$DUN" config set smtp.url smtp://mail.example.com:587
expect_eq "set says" "smtp.url set" "$(cat "$W/out")"
expect_status "get url" 0 "$DUN" config get smtp.url
expect_eq "url" "smtp://mail.example.com:587" "$(cat "$W/out")"
expect_status "smtps, IPv6" 0 "$DUN" config set smtp.url "smtps://[::1]:465"
expect_status "starttls" 0 "$DUN" config set smtp.starttls required
expect_status "rate" 0 "$DUN" config set send.rate 120
expect_status "from" 0 "$DUN" config set mail.from accounts@biz.example

# mail.from defaults to the business's e-mail.
expect_status "unset from" 0 "$DUN" config unset mail.from
"$DUN" tenant set --email ar@biz.example >/dev/null
expect_status "from by default" 0 "$DUN" --format json config get mail.from
expect_eq "the business's e-mail" \
'{"key": "mail.from", "value": "ar@biz.example", "set": false}' \
    "$(tr -d '\n' <"$W/out" | sed 's/  */ /g; s/{ /{/; s/ }/}/')"

# Refused, naming the key and the reason; nothing changes.
"$DUN" --format csv config list >"$W/before"
refuse() { # NAME KEY VALUE MESSAGE
    expect_status "$1" 1 "$DUN" config set "$2" "$3"
    expect_eq "$1: message" "dun: $2: $4" "$(cat "$W/err")"
}
refuse "url with a password" smtp.url "smtp://u:secret@mail.example.com" \
    "no user or password in the URL (see smtp.user and smtp.password_file)"
refuse "not smtp" smtp.url "http://mail.example.com" \
    "not smtp://HOST[:PORT] or smtps://HOST[:PORT]"
refuse "port 0" smtp.url "smtp://mail.example.com:0" \
    "the port is a number from 1 to 65535"
refuse "a path" smtp.url "smtp://mail.example.com/x?y" \
    "nothing may follow the host and port (no user, password or path: see smtp.user and smtp.password_file)"
refuse "starttls word" smtp.starttls sometimes \
    "one of required, optional, never"
refuse "rate 0" send.rate 0 "a whole number from 1 to 60000"
refuse "attempts 21" send.max_attempts 21 "a whole number from 1 to 20"
refuse "two addresses" mail.bcc "a@b.example, c@d.example" \
    "not an e-mail address: one of < > , ; \" ( ): give one bare address"
refuse "header in the address" mail.reply_to "$(printf 'a@b.example\r\nBcc: x@evil.test')" \
    "not an e-mail address: a line break or control character"
expect_status "unknown key" 1 "$DUN" config set smtp.host x
expect_eq "unknown key: message" \
    "dun: no setting called 'smtp.host' (see 'dun config list')" \
    "$(cat "$W/err")"
"$DUN" --format csv config list >"$W/after"
expect_eq "nothing changed" "$(cat "$W/before")" "$(cat "$W/after")"

# The password: a file only its owner may read; its content is never
# stored or shown.
printf 'hunter2-secret\n' >"$W/pw"
chmod 644 "$W/pw"
refuse "readable by others" smtp.password_file "$W/pw" \
    "$W/pw may be read by others: run 'chmod 600 $W/pw'"
refuse "relative path" smtp.password_file pw "give the file's absolute path"
refuse "no such file" smtp.password_file "$W/nope" \
    "cannot open $W/nope: No such file or directory"
chmod 600 "$W/pw"
expect_status "owner only" 0 "$DUN" config set smtp.password_file "$W/pw"
"$DUN" --format json config list >"$W/list"
expect_eq "the password is nowhere" "" \
    "$(grep -l hunter2 "$W/list" "$W/t.db"* 2>/dev/null)"
# Letters: the paper (auto: by the customer's country) and the logo, a
# PNG file whose bytes are kept in the database.
expect_status "paper" 0 "$DUN" config set letter.paper us-letter
expect_status "get paper" 0 "$DUN" config get letter.paper
expect_eq "paper" "us-letter" "$(cat "$W/out")"
python3 - "$W" <<'PY'
import struct, sys, zlib
def chunk(t, d):
    return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
w, h = 300, 120
raw = b''.join(b'\x00' + bytes([x % 256, 0, 128]) * w for x in range(h))
png = (b'\x89PNG\r\n\x1a\n'
       + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 2, 0, 0, 0))
       + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b''))
open(sys.argv[1] + '/logo.png', 'wb').write(png)
# The same with one byte of its image data changed: its CRC fails.
bad = bytearray(png)
bad[50] ^= 1
open(sys.argv[1] + '/crc.png', 'wb').write(bytes(bad))
open(sys.argv[1] + '/cut.png', 'wb').write(png[:-12])
PY
logo_size=$(wc -c <"$W/logo.png" | tr -d ' ')
logo_sha=$(sha256sum "$W/logo.png" | cut -c1-12)
expect_status "logo" 0 "$DUN" config set letter.logo "$W/logo.png"
expect_eq "logo says" "letter.logo set" "$(cat "$W/out")"
rm "$W/logo.png"
expect_status "get logo" 0 "$DUN" config get letter.logo
expect_eq "logo: kept in the database, its size and digest" \
    "PNG 300x120, $logo_size bytes, sha256 $logo_sha" "$(cat "$W/out")"
expect_status "letter settings listed" 0 "$DUN" --format csv config list
expect_eq "letter settings listed: set" \
"letter.paper,us-letter,true,\"the paper letters are laid out for: auto (by the customer's country), a4-din, a4-uk or us-letter\"
letter.logo,\"PNG 300x120, $logo_size bytes, sha256 $logo_sha\",true,\"the letterhead's logo: a PNG file of at most 1 MiB, kept in the database\"" \
    "$(grep '^letter\.' "$W/out")"

# Refused, naming the key and the reason; the stored logo stays.
"$DUN" --format csv config list >"$W/before"
refuse "paper size" letter.paper a5 "one of auto, a4-din, a4-uk, us-letter"
printf 'GIF89a not a png\n' >"$W/logo.gif"
refuse "not a PNG" letter.logo "$W/logo.gif" \
    "$W/logo.gif is not a PNG file (no PNG signature)"
refuse "a PNG with a bad CRC" letter.logo "$W/crc.png" \
    "$W/crc.png is damaged (a chunk's CRC does not match)"
refuse "a PNG cut short" letter.logo "$W/cut.png" \
    "$W/cut.png is cut short (no IEND chunk at its end)"
refuse "no logo file" letter.logo "$W/nope.png" \
    "$W/nope.png: cannot open: No such file or directory"
head -c 1048577 /dev/zero >"$W/big.png"
refuse "a logo past 1 MiB" letter.logo "$W/big.png" \
    "$W/big.png: larger than 1048576 bytes"
refuse "an empty path" letter.logo "" \
    "give the PNG file's path (dun config unset letter.logo removes the logo)"
"$DUN" --format csv config list >"$W/after"
expect_eq "letters: nothing changed" "$(cat "$W/before")" "$(cat "$W/after")"

expect_status "unset logo" 0 "$DUN" config unset letter.logo
expect_status "unset paper" 0 "$DUN" config unset letter.paper
expect_status "letters unset" 0 "$DUN" --format csv config list
expect_eq "letters unset: the defaults" \
"letter.paper,auto,false,\"the paper letters are laid out for: auto (by the customer's country), a4-din, a4-uk or us-letter\"
letter.logo,,false,\"the letterhead's logo: a PNG file of at most 1 MiB, kept in the database\"" \
    "$(grep '^letter\.' "$W/out")"
finish
