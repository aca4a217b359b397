#!/bin/sh
# dun customer set: every record option set, cleared and refused with its
# exact message; a refused change leaves the customer exactly as it was,
# and no change touches documents or balances. customer show's region
# and kind, and customers.csv with region and kind columns.
# usage: test_customer.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$(cd "$2" && pwd)/tests/data/run
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

"$DUN" --as-of 2026-06-01 init >/dev/null
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-30 import $k "$DATA/$k.csv" >/dev/null
done

# field ID KEY: the key's line of 'customer show ID' in JSON, no comma.
field() {
    "$DUN" --format json customer show "$1" | grep "^  \"$2\": " |
        sed 's/^  //; s/,$//'
}

# sets NAME KEY WANT ARGS...: 'customer set C1 ARGS' succeeds and
# customer show C1 then has KEY as WANT (its JSON).
# (Own variable names: expect_status sets name and want.)
sets() {
    s_name=$1 s_key=$2 s_want=$3
    shift 3
    expect_status "$s_name" 0 "$DUN" customer set C1 "$@"
    expect_eq "$s_name says" "customer C1 updated" "$(cat "$W/out")"
    expect_eq "$s_name: $s_key" "\"$s_key\": $s_want" "$(field C1 "$s_key")"
}

# refused NAME MESSAGE ARGS...: 'customer set C1 ARGS' fails (exit 1)
# with MESSAGE and C1 reads as before, byte for byte.
refused() {
    r_name=$1 r_msg=$2
    shift 2
    "$DUN" --format json customer show C1 >"$W/before"
    expect_status "$r_name" 1 "$DUN" customer set C1 "$@"
    expect_eq "$r_name says" "$r_msg" "$(cat "$W/err")"
    expect_eq "$r_name: nothing written" "" "$(cat "$W/out")"
    "$DUN" --format json customer show C1 >"$W/after"
    expect_eq "$r_name: C1 unchanged" "$(cat "$W/before")" \
        "$(cat "$W/after")"
}

# What documents and balances say of everyone, before any change (the
# statement's header names the customer, which does change).
ledger() {
    "$DUN" --as-of 2026-06-30 --format json statement C1 |
        grep -v '^  "name": '
    "$DUN" --as-of 2026-06-30 --format json aging --detail
    "$DUN" --format json invoices
}
ledger >"$W/ledger.before"

# A customer imported without region and kind: none, a business.
expect_eq "imported: region" '"region": ""' "$(field C1 region)"
expect_eq "imported: kind" '"kind": "business"' "$(field C1 kind)"
expect_status "show, for people" 0 "$DUN" customer show C1
expect_eq "show, for people: the new lines" "Country: DE
Region: 
Kind: business" "$(grep -E '^(Country|Region|Kind):' "$W/out")"
expect_eq "show, CSV header" \
"id,name,email,phone,address,city,postal_code,country,region,language,currency,payment_terms_days,credit_limit,kind,do_not_contact,legal_hold,insolvent,pre_due_notices,cash_flow_trouble,email_not_working,segment,score,timezone,contact_name" \
    "$("$DUN" --format csv customer show C1 | head -n 1)"

# Each option set and cleared.
sets "name" name '"Alder Bakery GmbH"' --name "Alder Bakery GmbH"
sets "name, UTF-8" name '"Bäckerei Erle"' --name "Bäckerei Erle"
sets "email" email '"billing@alder.example"' --email billing@alder.example
sets "email cleared" email '""' --email ""
sets "phone" phone '"+49 (30) 123-456.78"' --phone "+49 (30) 123-456.78"
sets "phone cleared" phone '""' --phone ""
sets "address" address '"Hauptstraße 1"' --address "Hauptstraße 1"
sets "address cleared" address '""' --address ""
sets "city" city '"Berlin"' --city Berlin
sets "city cleared" city '""' --city ""
sets "postal code" postal_code '"10115"' --postal-code 10115
sets "postal code cleared" postal_code '""' --postal-code ""
sets "language" language '"en"' --language en
sets "language cleared" language '""' --language ""
sets "kind sole trader" kind '"sole_trader"' --kind sole_trader
sets "kind consumer" kind '"consumer"' --kind consumer
sets "kind business" kind '"business"' --kind business
sets "country and region" region '"CA"' --country US --region CA
expect_eq "country and region: country" '"country": "US"' \
    "$(field C1 country)"
sets "region of the stored country" region '"NY"' --region NY
sets "same country keeps the region" region '"NY"' --country US
sets "region cleared" region '""' --region ""
sets "Canadian province" region '"QC"' --country CA --region QC
sets "Australian state" region '"NSW"' --country AU --region NSW
sets "a new country drops the region" region '""' --country DE
sets "region without a table" region '"BY"' --region BY
sets "country cleared drops the region" region '""' --country ""
expect_eq "country cleared" '"country": ""' "$(field C1 country)"
sets "segment" segment '"key-account"' --segment key-account
sets "segment cleared" segment 'null' --segment ""
sets "many at once" email '"ap@alder.example"' --email ap@alder.example \
    --country DE --language de --kind consumer --city Köln
expect_eq "many at once: city" '"city": "Köln"' "$(field C1 city)"
expect_eq "many at once: kind" '"kind": "consumer"' "$(field C1 kind)"

# Refused, each naming the option and why; nothing written.
refused "empty name" "dun: --name: empty: a customer needs a name" --name ""
refused "name with a line break" \
    "dun: --name: not plain text: a line break or control character" \
    --name "$(printf 'Alder\nBakery')"
refused "name too long" "dun: --name: longer than 200 bytes" \
    --name "$(printf '%0201d' 0)"
refused "email header injection" \
    "dun: --email: not an e-mail address: a line break or control character" \
    --email "$(printf 'v@example.com\r\nBcc: x@evil.test')"
refused "email second recipient" \
    'dun: --email: not an e-mail address: one of < > , ; " ( ): give one bare address' \
    --email "a@b.test>, <boss@evil.test"
refused "email list" \
    'dun: --email: not an e-mail address: one of < > , ; " ( ): give one bare address' \
    --email "a@b.test,c@d.test"
refused "email with a space" \
    "dun: --email: not an e-mail address: a space" --email "a b@c.test"
refused "email without @" "dun: --email: not an e-mail address: no '@'" \
    --email alder.example
refused "email without a dot" \
    "dun: --email: not an e-mail address: no dot in the domain" \
    --email ap@localhost
refused "email too long" \
    "dun: --email: not an e-mail address: longer than 254 bytes" \
    --email "a@$(printf '%0248d' 0).test"
refused "phone with letters" \
    "dun: --phone: not a phone number: a character other than digits, a leading '+', spaces, '-', '.', '(' and ')'" \
    --phone "030 CALL ME"
refused "phone too short" \
    "dun: --phone: not a phone number: fewer than 6 digits" --phone 12345
refused "phone too long" \
    "dun: --phone: not a phone number: more than 20 digits" \
    --phone 123456789012345678901
refused "phone plus inside" \
    "dun: --phone: not a phone number: '+' other than first" \
    --phone "49+30123456"
refused "address with a control character" \
    "dun: --address: not plain text: a line break or control character" \
    --address "$(printf 'Main St\033[2J')"
refused "address too long" "dun: --address: longer than 300 bytes" \
    --address "$(printf '%0301d' 0)"
refused "city too long" "dun: --city: longer than 100 bytes" \
    --city "$(printf '%0101d' 0)"
refused "postal code too long" "dun: --postal-code: longer than 20 bytes" \
    --postal-code "$(printf '%021d' 0)"
refused "country lower case" \
    "dun: --country: not an ISO 3166-1 alpha-2 code in upper case (such as DE): 'de'" \
    --country de
refused "country not assigned" \
    "dun: --country: not an ISO 3166-1 alpha-2 code in upper case (such as DE): 'UK'" \
    --country UK
refused "country alpha-3" \
    "dun: --country: not an ISO 3166-1 alpha-2 code in upper case (such as DE): 'DEU'" \
    --country DEU
refused "region not of the country" \
    "dun: --region: not a state, district or outlying area of US: 'QC'" \
    --country US --region QC
refused "region not of the stored country" \
    "dun: --region: not a state or territory of AU: 'CA'" \
    --country AU --region CA
refused "region lower case" \
    "dun: --region: not 1 to 3 upper-case letters or digits: 'ny'" \
    --region ny
refused "region too long" \
    "dun: --region: not 1 to 3 upper-case letters or digits: 'NRWX'" \
    --region NRWX
refused "region without a country" \
    "dun: --region: a region needs a country: 'CA'" --country "" --region CA
refused "language upper case" \
    "dun: --language: not an ISO 639-1 code in lower case (such as de): 'DE'" \
    --language DE
refused "language not a code" \
    "dun: --language: not an ISO 639-1 code in lower case (such as de): 'xx'" \
    --language xx
refused "kind unknown" \
    "dun: --kind: not business, sole_trader or consumer: 'person'" \
    --kind person
refused "kind empty" \
    "dun: --kind: not business, sole_trader or consumer: ''" --kind ""
refused "segment not in the policy" \
    "dun: --segment: no segment 'nosuch' in the policy in force (version 1): large-debt, reliable, key-account" \
    --segment nosuch
# One bad option refuses the whole change, the good ones with it.
refused "good and bad together" \
    "dun: --phone: not a phone number: fewer than 6 digits" \
    --name "Renamed" --legal-hold --segment key-account --phone 123

# Usage errors (exit 2) and an unknown customer (exit 1).
expect_status "unknown option" 2 "$DUN" customer set C1 --fax 123
expect_status "option without its value" 2 "$DUN" customer set C1 --email
expect_status "no customer" 2 "$DUN" customer set --email a@b.test
expect_status "unknown customer" 1 "$DUN" customer set C9 --email a@b.test
expect_eq "unknown customer says" "dun: no customer 'C9'" "$(cat "$W/err")"
expect_status "unknown customer, bad value: the value first" 1 \
    "$DUN" customer set C9 --email nope
expect_eq "unknown customer, bad value says" \
    "dun: --email: not an e-mail address: no '@'" "$(cat "$W/err")"

# Contact data is not accounting: documents and balances as they were.
ledger >"$W/ledger.after"
expect_eq "documents and balances untouched" "$(cat "$W/ledger.before")" \
    "$(cat "$W/ledger.after")"

# Segments are the policy in force's: a new version, new names.
cat >"$W/segments.ini" <<'EOF'
[policy]
grace_days = 3

[stage "reminder"]
after_due_days = 3
channels = email
template = reminder

[segment "vip"]
manual = yes
shift_days = 7

[segment "slow_payers"]
manual = yes
shift_days = -3
EOF
"$DUN" --as-of 2026-06-02 policy load "$W/segments.ini" >/dev/null
refused "segment of an older version" \
    "dun: --segment: no segment 'key-account' in the policy in force (version 2): vip, slow_payers" \
    --segment key-account
sets "segment of the version in force" segment '"vip"' --segment vip

# customers.csv with region and kind.
cat >"$W/regions.csv" <<'EOF'
id,name,country,currency,region,kind
R1,Redwood Inc,US,USD,CA,business
R2,Spruce Ltd,AU,AUD,NSW,consumer
R3,Teak GmbH,DE,EUR,,sole_trader
R4,Umbrella,us,USD,TX,
EOF
expect_status "import with region and kind" 0 "$DUN" --as-of 2026-06-30 \
    import customers "$W/regions.csv"
for c in R1 R2 R3 R4; do
    echo "$c $(field $c region) $(field $c kind)"
done >"$W/got"
expect_eq "imported region and kind" 'R1 "region": "CA" "kind": "business"
R2 "region": "NSW" "kind": "consumer"
R3 "region": "" "kind": "sole_trader"
R4 "region": "TX" "kind": "business"' "$(cat "$W/got")"
expect_status "import again" 0 "$DUN" --as-of 2026-06-30 \
    import customers "$W/regions.csv"
expect_eq "import again: unchanged" \
    "regions.csv: 4 customers: 0 inserted, 0 updated, 4 unchanged" \
    "$(sed "s|$W/||" "$W/out")"

# A file without the columns keeps what is stored, but a new country
# drops the region.
"$DUN" customer set R3 --region BY >/dev/null
cat >"$W/plain.csv" <<'EOF'
id,name,country,currency
R1,Redwood Inc,US,USD
R2,Spruce Ltd,NZ,AUD
R3,Teak GmbH,DE,EUR
EOF
expect_status "import without region and kind" 0 "$DUN" \
    --as-of 2026-06-30 import customers "$W/plain.csv"
expect_eq "import without region and kind: changes" \
    "plain.csv:3: R2: updated: country, region" \
    "$(sed "s|$W/||" "$W/err")"
for c in R1 R2 R3; do
    echo "$c $(field $c region) $(field $c kind)"
done >"$W/got"
expect_eq "kept region and kind" 'R1 "region": "CA" "kind": "business"
R2 "region": "" "kind": "consumer"
R3 "region": "BY" "kind": "sole_trader"' "$(cat "$W/got")"

# Bad region and kind cells: every row reported, nothing imported.
cat >"$W/bad.csv" <<'EOF'
id,name,country,currency,region,kind
R1,Redwood Inc,US,USD,ca,business
R5,Vine,US,USD,NSW,
R6,Willow,,USD,CA,
R7,Yew,CA,CAD,QC,person
EOF
"$DUN" --format json customer show R1 >"$W/before"
expect_status "bad region and kind" 1 "$DUN" --as-of 2026-06-30 \
    import customers "$W/bad.csv"
expect_eq "bad region and kind: errors" \
"bad.csv:2: region: not 1 to 3 upper-case letters or digits: 'ca'
bad.csv:3: region: not a state, district or outlying area of US: 'NSW'
bad.csv:4: region: a region needs a country: 'CA'
bad.csv:5: kind: not business, sole_trader or consumer: 'person'
dun: bad.csv: 4 bad rows; nothing was imported" "$(sed "s|$W/||g" "$W/err")"
"$DUN" --format json customer show R1 >"$W/after"
expect_eq "bad region and kind: R1 unchanged" "$(cat "$W/before")" \
    "$(cat "$W/after")"
expect_status "bad region and kind: R5 not imported" 1 "$DUN" customer show R5

# A mapping maps region like any column and may give kind for all rows.
cat >"$W/export.ini" <<'EOF'
[mapping]
kind = customers

[columns]
id = Code
name = Company
currency = Curr
country = Country
region = State

[defaults]
kind = consumer
EOF
cat >"$W/export.csv" <<'EOF'
Code,Company,Curr,Country,State
M1,Maple,CAD,CA,ON
EOF
expect_status "mapped region and kind" 0 "$DUN" --as-of 2026-06-30 \
    import customers "$W/export.csv" --map "$W/export.ini"
expect_eq "mapped region and kind: stored" \
    '"region": "ON" "kind": "consumer"' "$(field M1 region) $(field M1 kind)"

# The person letters are addressed to: set, shown, cleared, refused.
expect_eq "contact name: none yet" '"contact_name": ""' \
    "$(field C1 contact_name)"
sets "contact name" contact_name '"Jane Doe"' --contact-name "Jane Doe"
expect_status "contact name, for people" 0 "$DUN" customer show C1
expect_eq "contact name, for people: the last line" "Contact name: Jane Doe" \
    "$(tail -n 1 "$W/out")"
expect_status "contact name on the timeline" 0 "$DUN" --format csv \
    timeline C1
expect_eq "contact name on the timeline: the change" \
    "contact name: Jane Doe" \
    "$(grep ",change," "$W/out" | tail -n 1 | cut -d, -f6)"
sets "contact name, UTF-8" contact_name '"Frau Jürgen Müller"' \
    --contact-name "Frau Jürgen Müller"
sets "contact name of 100 bytes" contact_name "\"$(printf '%0100d' 0)\"" \
    --contact-name "$(printf '%0100d' 0)"
refused "contact name too long" "dun: --contact-name: longer than 100 bytes" \
    --contact-name "$(printf '%0101d' 0)"
refused "contact name with a line break" \
    "dun: --contact-name: not plain text: a line break or control character" \
    --contact-name "$(printf 'Jane\nDoe')"
sets "contact name cleared" contact_name '""' --contact-name ""

# customers.csv: an optional contact_name column; a file without it keeps
# what is stored (as for region and kind), one with it sets or clears it.
printf '%s\n' "id,name,currency,contact_name" "P1,Poplar Ltd,GBP,Jane Doe" \
    "P2,Pine GmbH,EUR," >"$W/with_contact.csv"
expect_status "import with contact_name" 0 "$DUN" --as-of 2026-06-30 \
    import customers "$W/with_contact.csv"
expect_eq "import with contact_name: stored" \
    '"contact_name": "Jane Doe" "contact_name": ""' \
    "$(field P1 contact_name) $(field P2 contact_name)"
"$DUN" customer set P2 --contact-name "Anna Schmidt" >/dev/null
printf '%s\n' "id,name,currency" "P1,Poplar Ltd,GBP" "P2,Pine GmbH,EUR" \
    >"$W/without_contact.csv"
expect_status "import without contact_name" 0 "$DUN" --as-of 2026-06-30 \
    import customers "$W/without_contact.csv"
expect_eq "import without contact_name: nothing changed" \
    "without_contact.csv: 2 customers: 0 inserted, 0 updated, 2 unchanged" \
    "$(sed "s|$W/||" "$W/out")"
expect_eq "import without contact_name: kept" \
    '"contact_name": "Jane Doe" "contact_name": "Anna Schmidt"' \
    "$(field P1 contact_name) $(field P2 contact_name)"
printf '%s\n' "id,name,currency,contact_name" \
    "P1,Poplar Ltd,GBP,Mr John Smith" "P2,Pine GmbH,EUR," \
    >"$W/new_contact.csv"
expect_status "import with a new contact_name" 0 "$DUN" \
    --as-of 2026-06-30 import customers "$W/new_contact.csv"
expect_eq "import with a new contact_name: changes" \
"new_contact.csv:2: P1: updated: contact_name
new_contact.csv:3: P2: updated: contact_name" "$(sed "s|$W/||" "$W/err")"
expect_eq "import with a new contact_name: set and cleared" \
    '"contact_name": "Mr John Smith" "contact_name": ""' \
    "$(field P1 contact_name) $(field P2 contact_name)"
printf '%s\n' "id,name,currency,contact_name" \
    "P1,Poplar Ltd,GBP,Mr John Smith" \
    "P3,Oak Ltd,GBP,$(printf '%0101d' 0)" >"$W/long_contact.csv"
expect_status "import with a long contact_name" 1 "$DUN" \
    --as-of 2026-06-30 import customers "$W/long_contact.csv"
expect_eq "import with a long contact_name: errors" \
"long_contact.csv:3: contact_name: too long
dun: long_contact.csv: 1 bad row; nothing was imported" \
    "$(sed "s|$W/||g" "$W/err")"
expect_status "import with a long contact_name: P3 not imported" 1 "$DUN" \
    customer show P3

finish
