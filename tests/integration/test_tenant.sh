#!/bin/sh
# dun tenant set | show: the business's details, the letters' legal
# footer and bank details among them; each checked when set (nothing
# stored when refused), bank numbers stored in one form.
# usage: test_tenant.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/t.db"

expect_status "init" 0 "$DUN" init
expect_status "nothing set" 0 "$DUN" --format csv tenant show
expect_eq "every field, empty" \
"name,address,email,phone,iban,bic,bank,vat_id,timezone,language,legal_name,legal_form,register_court,register_number,managing_directors,registered_office,share_capital,website,sort_code,account_number,ach_routing,ach_account,checks_payable_to,remit_to,country
,,,,,,,,,,,,,,,,,,,,,,,," "$(cat "$W/out")"

# A German GmbH: the footer its letters must carry (HGB 35a, GmbHG 35a).
expect_status "a GmbH" 0 "$DUN" tenant set --name "Muster" \
    --legal-name "Muster Handel GmbH" --legal-form GmbH \
    --register-court "Amtsgericht Leipzig" --register-number "HRB 12345" \
    --managing-directors "Anna Schmidt, Jan Meyer" \
    --share-capital "25.000 EUR" --website www.muster.example \
    --iban "de89 3704 0044 0532 0130 00"
expect_eq "a GmbH: says" "tenant updated" "$(cat "$W/out")"
# A UK company: company number and registered office; sort code and
# account number as people type them.
expect_status "UK details" 0 "$DUN" tenant set --register-number 01234567 \
    --registered-office "14 Mill Street, Bristol BS1 4DJ" \
    --sort-code "20 20 15" --account-number 55555555
# A US company: ACH, and checks mailed to a lockbox.
expect_status "US details" 0 "$DUN" tenant set --ach-routing 021000021 \
    --ach-account 000123456789 --checks-payable-to "Muster Inc." \
    --remit-to "Muster Inc., Lockbox 1234" --remit-to "Chicago, IL 60601"
# Where the business is: letters to customers there have no country line.
expect_status "country" 0 "$DUN" tenant set --country DE
expect_status "show" 0 "$DUN" tenant show
expect_eq "show: each stored, the IBAN and sort code in one form" \
"Name: Muster
Address: 
E-mail: 
Phone: 
IBAN: DE89370400440532013000
BIC: 
Bank: 
VAT id: 
Time zone: 
Language: 
Legal name: Muster Handel GmbH
Legal form: GmbH
Register court: Amtsgericht Leipzig
Register number: 01234567
Managing directors: Anna Schmidt, Jan Meyer
Registered office: 14 Mill Street, Bristol BS1 4DJ
Share capital: 25.000 EUR
Website: www.muster.example
Sort code: 20-20-15
Account number: 55555555
ACH routing: 021000021
ACH account: 000123456789
Checks payable to: Muster Inc.
Remit to: Muster Inc., Lockbox 1234\\nChicago, IL 60601
Country: DE" "$(cat "$W/out")"
expect_status "show as JSON" 0 "$DUN" --format json tenant show
expect_eq "JSON: the remit-to address in lines" \
'"remit_to": "Muster Inc., Lockbox 1234\nChicago, IL 60601",' \
    "$(grep '"remit_to"' "$W/out" | sed 's/^ *//')"
expect_eq "JSON: the sort code" '"sort_code": "20-20-15",' \
    "$(grep '"sort_code"' "$W/out" | sed 's/^ *//')"
expect_status "sort code without separators" 0 "$DUN" tenant set \
    --sort-code 202015
expect_status "get" 0 "$DUN" --format json tenant show
expect_eq "sort code: 12-34-56 form" '"sort_code": "20-20-15",' \
    "$(grep '"sort_code"' "$W/out" | sed 's/^ *//')"

# "" clears one field, the others stay.
expect_status "clear" 0 "$DUN" tenant set --share-capital "" --remit-to ""
"$DUN" --format json tenant show >"$W/show"
expect_eq "cleared" '"share_capital": "",|"remit_to": "",' \
    "$(grep -E '"(share_capital|remit_to)"' "$W/show" | sed 's/^ *//' |
        paste -sd'|' -)"
expect_eq "kept" '"legal_form": "GmbH",' \
    "$(grep '"legal_form"' "$W/show" | sed 's/^ *//')"

# Refused, naming the option and the reason; nothing changes.
"$DUN" --format csv tenant show >"$W/before"
refuse() { # NAME MESSAGE OPTION VALUE...
    r_name=$1 r_msg=$2
    shift 2
    expect_status "$r_name" 1 "$DUN" tenant set "$@"
    expect_eq "$r_name: message" "dun: $r_msg" "$(cat "$W/err")"
    expect_eq "$r_name: standard output empty" "" "$(cat "$W/out")"
}
refuse "IBAN check digits" \
    "--iban: not an IBAN: the check digits do not match (a digit wrong or two swapped?)" \
    --iban DE89370400440532013001
refuse "IBAN too short" \
    "--iban: not an IBAN: fewer than 15 letters and digits" \
    --iban DE8937040044
refuse "IBAN with dashes" "--iban: not an IBAN: only letters, digits and spaces" \
    --iban DE89-3704-0044-0532-0130-00
refuse "IBAN without its country" \
    "--iban: not an IBAN: it starts with a country code and two check digits (such as DE89)" \
    --iban 89370400440532013000
refuse "sort code of 5 digits" \
    "--sort-code: not a UK sort code: 6 digits (such as 12-34-56)" \
    --sort-code 12-34-5
refuse "sort code with dots" \
    "--sort-code: not a UK sort code: 6 digits (such as 12-34-56)" \
    --sort-code 12.34.56
refuse "UK account of 7 digits" \
    "--account-number: not a UK account number: 8 digits" \
    --account-number 5555555
refuse "routing number checksum" \
    "--ach-routing: not an ABA routing number: the check digit does not match (a digit wrong or two swapped?)" \
    --ach-routing 021000022
refuse "routing number of 8 digits" \
    "--ach-routing: not an ABA routing number: 9 digits" \
    --ach-routing 02100002
refuse "ACH account of 18 digits" \
    "--ach-account: not an ACH account number: 4 to 17 digits" \
    --ach-account 123456789012345678
refuse "website without a dot" \
    "--website: not a web address: no dot in the host name (such as www.example.com)" \
    --website muster
refuse "website of another scheme" \
    "--website: not a web address: only http:// or https://" \
    --website ftp://muster.example
refuse "registered office of two lines" \
    "--registered-office: not plain text: a line break or control character" \
    --registered-office "$(printf '14 Mill Street\nBristol')"
refuse "a long legal name" "--legal-name: longer than 200 bytes" \
    --legal-name "$(python3 -c 'print("x" * 201)')"
refuse "a good value with a bad one" \
    "--ach-routing: not an ABA routing number: 9 digits" \
    --legal-form Ltd --ach-routing 1
"$DUN" --format csv tenant show >"$W/after"
expect_eq "nothing changed" "$(cat "$W/before")" "$(cat "$W/after")"
finish
