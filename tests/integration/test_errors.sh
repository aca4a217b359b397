#!/bin/sh
# docs/errors.md, line by line: each class of bad input produced for real
# with dun, its message and exit status as the document says, nothing on
# standard output and the data reading exactly as before. Each check is
# labelled with the heading and the first column of its line in
# docs/errors.md ("Import files: the header: a column twice"); at the
# end every line of the document must have had its check, and every
# check its line.
# usage: test_errors.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$2" && pwd)
DATA=$ROOT/tests/data/run
DOC=$ROOT/docs/errors.md
. "$ROOT/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"
: >"$W/tested"

# The books every check starts from: customers C1 to C5 with invoices
# and payments, H1 with nothing yet, a credit note of C1's, a dispute on
# I-501, a payment plan of C3's, and a real run's messages in the outbox.
"$DUN" --as-of 2026-06-01 init >/dev/null
business_details
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-30 import $k "$DATA/$k.csv" >/dev/null
done
printf '%s\n' "id,name,currency" "H1,Huge Ltd,GBP" >more_customers.csv
"$DUN" --as-of 2026-06-30 import customers more_customers.csv >/dev/null
printf '%s\n' \
    "number,customer_id,issue_date,due_date,currency,total,description,type,applies_to" \
    "CN-1,C1,2026-06-05,2026-06-05,EUR,10.00,Returned,credit_note,I-101" \
    >credit_note.csv
"$DUN" --as-of 2026-06-30 import invoices credit_note.csv >/dev/null
"$DUN" --as-of 2026-06-25 dispute open I-501 --reason "wrong weight" \
    >/dev/null
"$DUN" --as-of 2026-06-30 run >/dev/null
"$DUN" --as-of 2026-07-16 plan C3 --installments 2 --first 2026-08-01 \
    --invoice I-301 >/dev/null

# state: everything dun shows of the books, as CSV; SDB is the database.
SDB=$DUN_DB
state() {
    for c in customers invoices "plan list" "policy list" \
        "templates list" "tenant show" outbox "aging --detail" \
        "config list"; do
        # shellcheck disable=SC2086
        "$DUN" --db "$SDB" --as-of 2026-07-20 --format csv $c 2>&1
    done
    for id in C1 C2 C3 C4 C5; do
        "$DUN" --db "$SDB" --as-of 2026-07-20 --format csv customer show \
            "$id" 2>&1
        "$DUN" --db "$SDB" --as-of 2026-07-20 --format csv timeline "$id" 2>&1
    done
}
state >"$W/state"
expect_eq "the books to start from" "" "$(grep -i 'error\|no customer' "$W/state")"

# refused SECTION WHAT STATUS MESSAGE CMD...: the line WHAT under the
# heading SECTION of docs/errors.md. CMD exits STATUS, writes nothing on
# standard output, MESSAGE is one whole line of its standard error, and
# the books read as before. refused_part: MESSAGE is part of a line (the
# line quotes the system's words or a number that may change).
match=line
refused() {
    f_label="$1: $2" f_status=$3 f_msg=$4
    shift 4
    printf '%s\n' "$f_label" >>"$W/tested"
    "$@" >"$W/out" 2>"$W/err"
    f_got=$?
    expect_eq "$f_label (exit status)" "$f_status" "$f_got"
    if [ "$match" = part ]; then
        f_line=$(grep -F -- "$f_msg" "$W/err" | head -n 1)
        [ -n "$f_line" ] && f_line=$f_msg
    else
        f_line=$(grep -Fx -- "$f_msg" "$W/err" | head -n 1)
    fi
    [ -n "$f_line" ] || f_line=$(cat "$W/err")
    expect_eq "$f_label (message)" "$f_msg" "$f_line"
    expect_eq "$f_label (standard output empty)" "" "$(cat "$W/out")"
    state >"$W/state.after"
    if ! cmp -s "$W/state" "$W/state.after"; then
        expect_eq "$f_label (the books unchanged)" "" \
            "$(diff "$W/state" "$W/state.after")"
        mv "$W/state.after" "$W/state" # the next check starts afresh
    else
        echo "ok - $f_label (the books unchanged)"
    fi
}
refused_part() {
    match=part
    refused "$@"
    match=line
}

# rows FILE HEADER ROW...: a CSV file, one argument a line.
rows() {
    r_file=$1
    shift
    printf '%s\n' "$@" >"$r_file"
}
INV=number,customer_id,issue_date,due_date,currency,total,description
PAY=id,date,customer_id,invoice_number,amount,currency,method,reference
# long N [CHAR]: N times CHAR (x).
long() {
    python3 -c "import sys; print(sys.argv[2] * int(sys.argv[1]))" "$1" \
        "${2:-x}"
}
esc=$(printf '\033')

S="Import files: reading the file"
refused "$S" "no such file" 1 \
    "dun: nope.csv: cannot open: No such file or directory" \
    "$DUN" import customers nope.csv
mkdir adir
refused "$S" "a directory" 1 "dun: adir: cannot read: Is a directory" \
    "$DUN" import customers adir
: >empty.csv
refused "$S" "an empty file" 1 \
    "dun: empty.csv:1: empty file, expected a header row" \
    "$DUN" import customers empty.csv
rows q.csv "id,name,currency" "K1,Tw\"o Ltd,EUR"
refused "$S" "a quote inside an unquoted value" 1 \
    "dun: q.csv:2: quote in unquoted field" "$DUN" import customers q.csv
rows q.csv "id,name,currency" "K1,\"Two\" Ltd,EUR"
refused "$S" "text after a closing quote" 1 \
    "dun: q.csv:2: text after closing quote" "$DUN" import customers q.csv
rows q.csv "id,name,currency" "K1,One Ltd,EUR" "K2,\"Two Ltd,EUR" "K3,x,EUR"
refused "$S" "a quoted value never closed" 1 \
    "dun: q.csv:3: unterminated quoted field" "$DUN" import customers q.csv
printf 'id,name,currency\nK1,One\000Ltd,EUR\n' >q.csv
refused "$S" "a NUL byte" 1 "dun: q.csv:2: NUL byte" \
    "$DUN" import customers q.csv
rows q.csv "id,name,currency" "K1,$(long 1048576),EUR"
refused "$S" "a record longer than 1 MiB" 1 "dun: q.csv:2: record too long" \
    "$DUN" import customers q.csv
rows q.csv "id,name,currency" "$(long 512 ,)"
refused "$S" "more than 512 values in a record" 1 \
    "dun: q.csv:2: too many fields" "$DUN" import customers q.csv

S="Import files: the header"
rows h.csv "id,name,currency,fax" "K1,One Ltd,EUR,"
refused "$S" "a column the canonical layout does not have" 1 \
    "dun: h.csv:1: header: unknown column 'fax'" \
    "$DUN" import customers h.csv
rows h.csv "id,name,currency,name" "K1,One Ltd,EUR,One"
refused "$S" "a column twice" 1 \
    "dun: h.csv:1: header: column 'name' appears twice" \
    "$DUN" import customers h.csv
rows h.csv "id,name" "K1,One Ltd"
refused "$S" "a required column missing" 1 \
    "dun: h.csv:1: header: missing column 'currency'" \
    "$DUN" import customers h.csv
cat >map.ini <<'EOT'
[mapping]
kind = invoices
date_format = DD/MM/YYYY

[columns]
number = Number
customer_id = Customer
issue_date = Date
due_date = Due
currency = Currency
total = Total

[skip]
Status = Draft
EOT
rows h.csv "Number,Customer,Date,Due,Currency,Total" \
    "M-1,C1,01/07/2026,31/07/2026,EUR,10.00"
refused "$S" "a column the mapping names missing" 1 \
    "dun: h.csv:1: header: missing column 'Status'" \
    "$DUN" import invoices h.csv --map map.ini

S="Import files: a row's shape and text"
rows r.csv "id,name,currency" "K1,Extra Ltd,EUR,surplus"
refused "$S" "a value past the header's fields" 1 \
    "r.csv:2: row: a value in field 4, the header has 3" \
    "$DUN" import customers r.csv
printf 'id,name,currency\nK1,Caf\351 Ltd,EUR\n' >r.csv
refused "$S" "text that is not UTF-8" 1 "r.csv:2: name: not valid UTF-8" \
    "$DUN" import customers r.csv
cat >map.ini <<'EOT'
[mapping]
kind = invoices
date_format = DD/MM/YYYY

[columns]
number = Number
customer_id = Customer
issue_date = Date
due_date = Due
currency = Currency
total = Total
EOT
printf 'Number,Customer,Date,Due,Currency,Total,Note\nM-1,C1,01/07/2026,31/07/2026,EUR,10.00,caf\351\n' >r.csv
refused "$S" "text that is not UTF-8 in a column no field is mapped to" 1 \
    "r.csv:2: column 7: not valid UTF-8" \
    "$DUN" import invoices r.csv --map map.ini
rows r.csv "$INV" "N-1,,2026-07-01,2026-07-31,EUR,1.00,x"
refused "$S" "a required field empty" 1 "r.csv:2: customer_id: missing" \
    "$DUN" import invoices r.csv
rows r.csv "$INV" "$(long 101 N),C1,2026-07-01,2026-07-31,EUR,1.00,x"
refused "$S" "an id or a number longer than 100 bytes" 1 \
    "r.csv:2: number: too long" "$DUN" import invoices r.csv
rows r.csv "$INV" "N${esc}[2J,C1,2026-07-01,2026-07-31,EUR,1.00,x"
refused "$S" "a control character in an id or a number" 1 \
    "r.csv:2: number: a line break or control character" \
    "$DUN" import invoices r.csv
rows r.csv "id,name,city,currency" "K1,One Ltd,$(long 101),EUR"
refused "$S" "a name, phone, city or postal code too long" 1 \
    "r.csv:2: city: too long" "$DUN" import customers r.csv
rows r.csv "id,name,currency" "K1,Evil ${esc}[31mRed,EUR"
refused "$S" "a control character in a name, phone, city or postal code" 1 \
    "r.csv:2: name: a line break or control character" \
    "$DUN" import customers r.csv
rows r.csv "id,name,currency,contact_name" "K1,One Ltd,EUR,Jane${esc}[2JDoe"
refused "$S" "a contact name too long or with a control character" 1 \
    "r.csv:2: contact_name: a line break or control character" \
    "$DUN" import customers r.csv
rows r.csv "id,name,address,currency" "K1,One Ltd,\"$(long 150)
$(long 150)\",EUR"
refused "$S" "an address longer than 300 bytes" 1 \
    "r.csv:2: address: too long" "$DUN" import customers r.csv
printf 'id,name,address,currency\nK1,Feed Ltd,"1 High St\fPage two",EUR\nK2,Lines Ltd,"1 High St\nLine 2",EUR\n' >r.csv
refused "$S" "a control character in an address other than its line breaks" 1 \
    "r.csv:2: address: a line break or control character" \
    "$DUN" import customers r.csv
rows r.csv "$INV" "N-1,C1,2026-07-01,2026-07-31,EUR,1.00,$(long 1001)"
refused "$S" "a description or a payment's reference longer than 1,000 bytes" \
    1 "r.csv:2: description: too long" "$DUN" import invoices r.csv
rows r.csv "$PAY" "Q-1,2026-07-01,C1,,1.00,EUR,$(long 101),x"
refused "$S" "a payment's method longer than 100 bytes" 1 \
    "r.csv:2: method: too long" "$DUN" import payments r.csv
rows r.csv "$PAY" "Q-1,2026-07-01,C1,,1.00,EUR,transfer,$(printf 'ref\033[2J')"
refused "$S" "a control character in a description (other than its line breaks), a payment's reference or method" \
    1 "r.csv:2: reference: a line break or control character" \
    "$DUN" import payments r.csv
rows r.csv "id,name,email,currency" "K1,One Ltd,Ann <ann@one.test>,EUR"
refused "$S" "an e-mail address that is not one bare address" 1 \
    "r.csv:2: email: not an e-mail address: one of < > , ; \" ( ): give one bare address" \
    "$DUN" import customers r.csv
rows r.csv "id,name,country,currency" "K1,One Ltd,DEU,EUR"
refused "$S" "a country or language that is not two letters" 1 \
    "r.csv:2: country: not a two-letter code" "$DUN" import customers r.csv
rows r.csv "id,name,country,region,currency" "K1,One Ltd,US,QC,USD"
refused "$S" "a region not of the country" 1 \
    "r.csv:2: region: not a state, district or outlying area of US: 'QC'" \
    "$DUN" import customers r.csv
rows r.csv "id,name,kind,currency" "K1,One Ltd,person,EUR"
refused "$S" "a kind not known" 1 \
    "r.csv:2: kind: not business, sole_trader or consumer: 'person'" \
    "$DUN" import customers r.csv
rows r.csv "id,name,payment_terms_days,currency" "K1,One Ltd,30d,EUR"
refused "$S" "payment terms that are not a number of days" 1 \
    "r.csv:2: payment_terms_days: not a whole number of days" \
    "$DUN" import customers r.csv
rows r.csv "id,name,payment_terms_days,currency" "K1,One Ltd,366,EUR"
refused "$S" "payment terms past a year" 1 \
    "r.csv:2: payment_terms_days: out of range 0..365" \
    "$DUN" import customers r.csv
rows r.csv "id,name,credit_limit,currency" "K1,One Ltd,-5.00,EUR"
refused "$S" "a negative credit limit" 1 "r.csv:2: credit_limit: negative" \
    "$DUN" import customers r.csv
rows r.csv "$INV,type" "N-1,C1,2026-07-01,2026-07-31,EUR,1.00,x,refund"
refused "$S" "a type other than invoice or credit_note" 1 \
    "r.csv:2: type: must be invoice or credit_note" \
    "$DUN" import invoices r.csv
cat >map_types.ini <<'EOT'
[mapping]
kind = invoices
date_format = DD/MM/YYYY

[columns]
number = Number
customer_id = Customer
issue_date = Date
due_date = Due
currency = Currency
total = Total
type = Type
terms = Terms

[types]
Sales Invoice = invoice
EOT
rows r.csv "Number,Customer,Date,Due,Currency,Total,Type,Terms" \
    "M-1,C1,01/07/2026,31/07/2026,EUR,10.00,Refund,"
refused "$S" "a type the mapping's types do not list" 1 \
    "r.csv:2: type: 'Refund' is not in the mapping's [types]" \
    "$DUN" import invoices r.csv --map map_types.ini
rows r.csv "$INV,type,applies_to" \
    "N-1,C1,2026-07-01,2026-07-31,EUR,1.00,x,invoice,I-101"
refused "$S" "an invoice that names an invoice it applies to" 1 \
    "r.csv:2: applies_to: only a credit note applies to an invoice" \
    "$DUN" import invoices r.csv
rows r.csv "$INV,type,applies_to" \
    "N-1,C1,2026-07-01,2026-07-31,EUR,1.00,x,credit_note,N-1"
refused "$S" "a credit note that applies to itself" 1 \
    "r.csv:2: applies_to: names the row itself" "$DUN" import invoices r.csv
rows r.csv "Number,Customer,Date,Due,Currency,Total,Type,Terms" \
    "M-1,C1,01/07/2026,,EUR,10.00,Sales Invoice,whenever"
refused "$S" "payment terms a mapped terms column does not spell" 1 \
    "r.csv:2: terms: not payment terms: 'whenever'" \
    "$DUN" import invoices r.csv --map map_types.ini

S="Import files: dates"
rows d.csv "$INV" "N-1,C1,2026-02-30,2026-07-31,EUR,1.00,x"
refused "$S" "not a date in the file's format" 1 \
    "d.csv:2: issue_date: not a date (YYYY-MM-DD): '2026-02-30'" \
    "$DUN" import invoices d.csv
rows d.csv "$INV" "N-1,C1,2026-07-01,2200-01-01,EUR,1.00,x"
refused "$S" "a date outside 1900 to 2199" 1 \
    "d.csv:2: due_date: outside the years 1900 to 2199: '2200-01-01'" \
    "$DUN" import invoices d.csv
rows d.csv "$INV" "N-1,C1,2026-07-01,2026-06-30,EUR,1.00,x"
refused "$S" "a due date before the issue date" 1 \
    "d.csv:2: due_date: before the issue date" "$DUN" import invoices d.csv
rows d.csv "$INV" "N-1,C1,2199-12-31,,EUR,1.00,x"
refused "$S" "terms that put the due date past 2199" 1 \
    "d.csv:2: due_date: its terms put it after 2199" \
    "$DUN" import invoices d.csv

S="Import files: amounts"
rows a.csv "$INV" "N-1,C1,2026-07-01,2026-07-31,EUR,ten,x"
refused "$S" "not an amount" 1 "a.csv:2: total: not a number for EUR: 'ten'" \
    "$DUN" import invoices a.csv
rows a.csv "$PAY" "Q-1,2026-07-01,C1,,1.234,EUR,transfer,x"
refused "$S" "more decimals than the currency has" 1 \
    "a.csv:2: amount: too many decimals for EUR: '1.234'" \
    "$DUN" import payments a.csv
rows a.csv "$INV" "N-1,C1,2026-07-01,2026-07-31,EUR,10000000000.00,x"
refused "$S" "an amount past the largest" 1 \
    "a.csv:2: total: more than 9999999999.99 EUR: '10000000000.00'" \
    "$DUN" import invoices a.csv
rows a.csv "$INV" "N-1,C1,2026-07-01,2026-07-31,EUR,-1.00,x"
refused "$S" "a negative invoice total" 1 \
    "a.csv:2: total: negative (a credit is a row with type credit_note and a positive total)" \
    "$DUN" import invoices a.csv
rows a.csv "$PAY" "Q-1,2026-07-01,C1,,0.00,EUR,transfer,x"
refused "$S" "a payment of zero or less" 1 \
    "a.csv:2: amount: not positive (refunds are not payments)" \
    "$DUN" import payments a.csv
cat >map_paid.ini <<'EOT'
[mapping]
kind = invoices
date_format = DD/MM/YYYY

[columns]
number = Number
customer_id = Customer
issue_date = Date
due_date = Due
currency = Currency
total = Total
amount_paid = Paid
EOT
rows a.csv "Number,Customer,Date,Due,Currency,Total,Paid" \
    "M-1,C1,01/07/2026,31/07/2026,EUR,10.00,20.00"
refused "$S" "paid more than the total, by an export's own figures" 1 \
    "a.csv:2: amount_paid: more than the total of M-1" \
    "$DUN" import invoices a.csv --map map_paid.ini
cat >map_lines.ini <<'EOT'
[mapping]
kind = invoices
date_format = DD/MM/YYYY
group_lines = yes

[columns]
number = Number
customer_id = Customer
issue_date = Date
due_date = Due
currency = Currency
line_amount = Line
EOT
rows a.csv "Number,Customer,Date,Due,Currency,Line" \
    "L-1,C1,01/07/2026,31/07/2026,EUR,9999999999.99" \
    "L-1,C1,01/07/2026,31/07/2026,EUR,0.01"
refused "$S" "invoice lines that add up to more than the largest amount" 1 \
    "a.csv:3: line_amount: the lines add up to more than the largest amount (docs/limits.md)" \
    "$DUN" import invoices a.csv --map map_lines.ini
rows a.csv "$INV" "N-1,C1,2026-07-01,2026-07-31,EURO,1.00,x"
refused "$S" "a currency code that is not ISO 4217" 1 \
    "a.csv:2: currency: not an ISO 4217 code: 'EURO'" \
    "$DUN" import invoices a.csv

S="Import files: keys, customers and invoices"
rows k.csv "$PAY" "Q-1,2026-07-01,C1,,1.00,EUR,transfer,x" \
    "Q-1,2026-07-02,C1,,2.00,EUR,transfer,y"
refused "$S" "a key twice in one file" 1 \
    "k.csv:3: id: duplicate 'Q-1' (first on line 2)" \
    "$DUN" import payments k.csv
rows k.csv "$INV" "N-1,C9,2026-07-01,2026-07-31,EUR,1.00,x"
refused "$S" "an invoice or payment of no customer" 1 \
    "k.csv:2: customer_id: unknown customer 'C9'" "$DUN" import invoices k.csv
rows k.csv "$PAY" "Q-1,2026-07-01,C1,I-999,1.00,EUR,transfer,x"
refused "$S" "a payment of an invoice that does not exist" 1 \
    "k.csv:2: invoice_number: unknown invoice 'I-999'" \
    "$DUN" import payments k.csv
rows k.csv "$PAY" "Q-1,2026-07-01,C1,I-201,1.00,EUR,transfer,x"
refused "$S" "a payment of another customer's invoice" 1 \
    "k.csv:2: invoice_number: invoice 'I-201' is customer C2's" \
    "$DUN" import payments k.csv
rows k.csv "$PAY" "Q-1,2026-07-01,C1,CN-1,1.00,EUR,transfer,x"
refused "$S" "a payment of a credit note" 1 \
    "k.csv:2: invoice_number: 'CN-1' is a credit note" \
    "$DUN" import payments k.csv
rows k.csv "$INV,type,applies_to" \
    "CN-2,C1,2026-07-01,2026-07-01,EUR,1.00,x,credit_note,I-999" \
    "N-1,C9,2026-07-01,2026-07-31,EUR,1.00,x,,"
refused "$S" "a credit note for an invoice that does not exist" 1 \
    "k.csv:2: applies_to: unknown invoice 'I-999'" "$DUN" import invoices k.csv
expect_eq "$S: checked once every row is in" \
    "k.csv:3: customer_id: unknown customer 'C9'
k.csv:2: applies_to: unknown invoice 'I-999'" "$(grep '^k.csv' "$W/err")"
rows k.csv "$INV,type,applies_to" \
    "CN-2,C1,2026-07-01,2026-07-01,EUR,1.00,x,credit_note,CN-1"
refused "$S" "a credit note for a credit note" 1 \
    "k.csv:2: applies_to: 'CN-1' is a credit note" "$DUN" import invoices k.csv
rows k.csv "$INV,type,applies_to" \
    "CN-2,C1,2026-07-01,2026-07-01,EUR,1.00,x,credit_note,I-201"
refused "$S" "a credit note for another customer's invoice" 1 \
    "k.csv:2: applies_to: invoice 'I-201' is customer C2's" \
    "$DUN" import invoices k.csv
cat >map_create.ini <<'EOT'
[mapping]
kind = invoices
date_format = DD/MM/YYYY
create_customers = yes

[columns]
number = Number
customer_id = Customer
issue_date = Date
due_date = Due
currency = Currency
total = Total
EOT
rows k.csv "Number,Customer,Date,Due,Currency,Total" \
    "M-1,New Co,01/07/2026,31/07/2026,,10.00"
refused "$S" "a customer to create from an export without a currency" 1 \
    "k.csv:2: currency: needed to create customer 'New Co'" \
    "$DUN" import invoices k.csv --map map_create.ini
python3 -c "
print('$PAY')
for k in range(100001):
    print(f'H{k},2026-07-01,H1,,1.00,GBP,transfer,x')" >k.csv
refused "$S" "a customer's document past the 100,000th" 1 \
    "k.csv:100002: customer_id: customer H1 has 100000 documents, the most dun keeps for one customer" \
    "$DUN" import payments k.csv

S="Import files: currencies"
rows c.csv "$PAY" "Q-1,2026-07-01,C5,I-502,1.00,EUR,transfer,x"
refused "$S" "a payment in another currency than its invoice" 1 \
    "c.csv:2: currency: EUR, but invoice is in USD" "$DUN" import payments c.csv
rows c.csv "$PAY" "Q-1,2026-07-01,C1,,1.00,USD,transfer,x"
refused "$S" "a payment without an invoice in a currency the customer is not billed in" \
    1 "c.csv:2: currency: customer C1 is not billed in USD" \
    "$DUN" import payments c.csv
rows c.csv "$INV,type,applies_to" \
    "CN-2,C5,2026-07-01,2026-07-01,EUR,1.00,x,credit_note,I-502"
refused "$S" "a credit note in another currency than its invoice" 1 \
    "c.csv:2: applies_to: invoice 'I-502' is in USD" "$DUN" import invoices c.csv
python3 -c "
print('$INV')
for k, c in enumerate('USD GBP CHF JPY SEK NOK DKK PLN'.split()):
    print(f'MC-{k},C1,2026-07-01,2026-07-31,{c},1,x')" >c.csv
refused "$S" "a ninth currency for one customer" 1 \
    "c.csv:9: currency: customer C1 is billed in 8 currencies already, the most dun keeps for one customer" \
    "$DUN" import invoices c.csv

S="Import files: importing again"
sed 's/^I-101,C1,/I-101,C2,/' "$DATA/invoices.csv" >again.csv
refused "$S" "an invoice moved to another customer" 1 \
    "again.csv:2: customer_id: I-101 is already C1's invoice in EUR: an invoice keeps its customer, currency and type (credit it and issue a new one)" \
    "$DUN" import invoices again.csv
sed 's/^\(I-101,C1,.*\),EUR,/\1,USD,/' "$DATA/invoices.csv" >again.csv
refused "$S" "an invoice moved to another currency" 1 \
    "again.csv:2: currency: I-101 is already C1's invoice in EUR: an invoice keeps its customer, currency and type (credit it and issue a new one)" \
    "$DUN" import invoices again.csv
rows again.csv "$INV,type" "I-101,C1,2026-05-21,2026-06-20,EUR,120.00,Bread,credit_note"
refused "$S" "an invoice turned into a credit note" 1 \
    "again.csv:2: type: I-101 is already C1's invoice in EUR: an invoice keeps its customer, currency and type (credit it and issue a new one)" \
    "$DUN" import invoices again.csv

S="Import files: the end of a refused import"
rows e.csv "$INV" "N-1,C9,2026-07-01,2026-07-31,EUR,1.00,x"
refused "$S" "any bad row" 1 "dun: e.csv: 1 bad row; nothing was imported" \
    "$DUN" import invoices e.csv
python3 -c "
print('$INV')
for k in range(105):
    print(f'N-{k},C9,2026-07-01,2026-07-31,EUR,1.00,x')" >e.csv
refused "$S" "more than 100 bad rows" 1 "... and 5 more bad rows" \
    "$DUN" import invoices e.csv
expect_eq "$S: the first 100 listed, then the count" "100
dun: e.csv: 105 bad rows; nothing was imported" \
    "$(grep -c '^e.csv:' "$W/err"; tail -n 1 "$W/err")"

S="Mapping files"
rows m.csv "Number,Customer,Date,Due,Currency,Total" \
    "M-1,C1,01/07/2026,31/07/2026,EUR,10.00"
# map LINE...: m.ini, one argument a line.
map() {
    printf '%s\n' "$@" >m.ini
}
refused "$S" "no such mapping file" 1 \
    "dun: nope.ini: cannot open: No such file or directory" \
    "$DUN" import invoices m.csv --map nope.ini
printf '[mapping]\ndate_format = DD/MM/YYYY \351\n' >m.ini
refused "$S" "a line that is not UTF-8" 1 "dun: m.ini:2: not valid UTF-8" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind = $(long 300)"
refused "$S" "a line longer than 198 characters" 1 \
    "dun: m.ini:2: line longer than 198 characters" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind invoices"
refused "$S" "a line that is neither a key nor a section" 1 \
    "dun: m.ini:2: not an INI line" "$DUN" import invoices m.csv --map m.ini
map "[columns]" "number = Number"
refused "$S" "no mapping section" 1 "dun: m.ini: no [mapping] section" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind = invoices" "[extra]" "colour = blue"
refused "$S" "a section not known" 1 "dun: m.ini:4: colour: unknown section" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "colour = blue"
refused "$S" "a key not known in the mapping section" 1 \
    "dun: m.ini:2: colour: unknown key" "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind = payments"
refused "$S" "a kind other than the import's" 1 \
    "dun: m.ini:2: kind: does not match the import kind" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "date_format = DD/MM"
refused "$S" "a date format without a year, a month and a day" 1 \
    "dun: m.ini:2: date_format: needs one each of YYYY, MM/M/MMM and DD/D" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "decimal = ;"
refused "$S" "a decimal separator other than a dot or a comma" 1 \
    "dun: m.ini:2: decimal: must be '.' or ','" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "thousands = underscore"
refused "$S" "a thousands separator not known" 1 \
    "dun: m.ini:2: thousands: must be none, ',', '.', space or apostrophe" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "delimiter = pipe"
refused "$S" "a delimiter not known" 1 \
    "dun: m.ini:2: delimiter: must be comma, semicolon or tab" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "group_lines = maybe"
refused "$S" "a yes or no key with another value" 1 \
    "dun: m.ini:2: group_lines: must be yes or no" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "new_customer_currency = EURO"
refused "$S" "a new customer's currency that is not ISO 4217" 1 \
    "dun: m.ini:2: new_customer_currency: not an ISO 4217 currency code" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "decimal = comma" "thousands = comma"
refused "$S" "the same thousands and decimal separator" 1 \
    "dun: m.ini: thousands: the same separator as decimal (',')" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind = invoices" "[columns]" "amount = Total"
refused "$S" "a column or default for no field of the kind" 1 \
    "dun: m.ini:4: amount: not a field of this kind" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind = invoices" "[columns]" "issue_date = Date" \
    "due_date = Date"
refused "$S" "a column given to two fields" 1 \
    "dun: m.ini:5: due_date: its column feeds another field already (a column feeds one field)" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind = invoices" "[columns]" "number ="
refused "$S" "a required field not mapped" 1 \
    "dun: m.ini: columns: customer_id: required field not mapped" \
    "$DUN" import invoices m.csv --map m.ini
map "[mapping]" "kind = payments" "[types]" "Receipt = invoice"
refused "$S" "types in a mapping that is not for invoices" 1 \
    "dun: m.ini:4: Receipt: types are for invoices" \
    "$DUN" import payments m.csv --map m.ini
map "[mapping]" "kind = invoices" "[types]" "Refund = refund"
refused "$S" "a type mapped to something other than invoice or credit_note" 1 \
    "dun: m.ini:4: Refund: must be invoice or credit_note" \
    "$DUN" import invoices m.csv --map m.ini
python3 -c "
print('[mapping]'); print('[types]')
for k in range(17): print(f'T{k} = invoice')" >m.ini
refused "$S" "more than 16 types" 1 "dun: m.ini:19: T16: too many types" \
    "$DUN" import invoices m.csv --map m.ini
python3 -c "
print('[mapping]'); print('[skip]')
for k in range(17): print(f'C{k} = x')" >m.ini
refused "$S" "more than 16 skip rules" 1 \
    "dun: m.ini:19: C16: too many skip rules" \
    "$DUN" import invoices m.csv --map m.ini

S="Policy files"
# policy LINE...: p.ini, one argument a line; STAGE: a stage that checks.
policy() {
    printf '%s\n' "$@" >p.ini
}
STAGE='[stage "reminder"]
after_due_days = 3
channels = email
template = reminder'
refused "$S" "no such policy file" 1 \
    "nope.ini: cannot open: No such file or directory" \
    "$DUN" policy check nope.ini
{ echo "[policy]"; long 1048576 ";"; } >p.ini
refused "$S" "a file larger than 1 MiB" 1 "p.ini: larger than 1048576 bytes" \
    "$DUN" policy check p.ini
printf '[policy]\n\000\n' >p.ini
refused "$S" "a NUL byte" 1 "p.ini:1: a NUL byte: not a text file" \
    "$DUN" policy check p.ini
printf '[policy]\ngrace_days = 3 \351\n' >p.ini
refused "$S" "a line that is not UTF-8" 1 "p.ini:2: not valid UTF-8" \
    "$DUN" policy check p.ini
policy "[policy]" "holidays = $(long 30 '2026-12-25, ')" "$STAGE"
refused "$S" "a line longer than 198 characters" 1 \
    "p.ini:2: line longer than 198 characters: split a list over several lines" \
    "$DUN" policy check p.ini
policy "[policy]" "grace days" "$STAGE"
refused "$S" "a line that is neither a key nor a section" 1 \
    "p.ini:2: not a 'key = value' line or a [section]" \
    "$DUN" policy check p.ini
policy "[ladder]" "$STAGE"
refused "$S" "a section not known" 1 \
    "p.ini:1: [ladder]: unknown section (policy, stage \"NAME\" or segment \"NAME\")" \
    "$DUN" policy check p.ini
policy "[stage \"reminder]" "after_due_days = 3"
refused "$S" "a section name not closed by its quote" 1 \
    "p.ini:1: [stage \"reminder]: a section name is quoted: [stage \"reminder\"]" \
    "$DUN" policy check p.ini
policy "[stage \"first reminder\"]" "after_due_days = 3"
refused "$S" "a stage or segment name with other characters" 1 \
    "p.ini:1: [stage \"first reminder\"]: a stage or segment name is letters, digits, '-' and '_'" \
    "$DUN" policy check p.ini
policy "$STAGE" "$STAGE"
refused "$S" "a stage or segment defined twice" 1 \
    "p.ini:5: stage \"reminder\" is defined twice" "$DUN" policy check p.ini
python3 -c "
for k in range(13):
    print(f'[stage \"s{k}\"]'); print(f'after_due_days = {k + 3}')
    print('channels = email'); print('template = reminder')" >p.ini
refused "$S" "more than 12 stages or segments" 1 "p.ini:49: more than 12 stages" \
    "$DUN" policy check p.ini
policy "grace_days = 3" "$STAGE"
refused "$S" "a key before any section" 1 "p.ini:1: grace_days: a key before any section" \
    "$DUN" policy check p.ini
policy "[policy]" "grace = 3" "$STAGE"
refused "$S" "a key not known" 1 "p.ini:2: grace: unknown key in [policy]" \
    "$DUN" policy check p.ini
policy "[policy]" "grace_days = 5000" "$STAGE"
refused "$S" "a value the key does not take" 1 \
    "p.ini:2: grace_days: a number of days, 0 to 3650" \
    "$DUN" policy check p.ini
policy "[policy]" "holidays = 2026-12-25, Christmas" "$STAGE"
refused "$S" "a holiday that is not a date" 1 \
    "p.ini:2: holidays: Christmas is not a date (YYYY-MM-DD, separated by commas)" \
    "$DUN" policy check p.ini
policy "$STAGE" "min_customer_overdue = 500"
refused "$S" "an amount threshold written loosely" 1 \
    "p.ini:5: min_customer_overdue: 500: write 500.00, or name the currency: 500 JPY" \
    "$DUN" policy check p.ini
policy "[policy]" "grace_days = 3"
refused "$S" "no stage" 1 \
    "p.ini:2: no [stage \"NAME\"] sections: a policy needs at least one stage" \
    "$DUN" policy check p.ini
policy "[stage \"reminder\"]" "channels = email" "template = reminder"
refused "$S" "a stage with neither or both of its starts" 1 \
    "p.ini:1: stage \"reminder\": give after_due_days or after_previous_days (one of them)" \
    "$DUN" policy check p.ini
policy "[stage \"reminder\"]" "after_previous_days = 3" "channels = email" \
    "template = reminder"
refused "$S" "a first stage counted from a stage before it" 1 \
    "p.ini:1: stage \"reminder\": the first stage needs after_due_days" \
    "$DUN" policy check p.ini
policy "[stage \"notice\"]" "after_due_days = 10" "channels = email" \
    "template = notice" "$STAGE"
refused "$S" "a stage not after the one before it" 1 \
    "p.ini:5: stage \"reminder\": starts at day 3, not after the stage before it (day 10)" \
    "$DUN" policy check p.ini
policy "[policy]" "grace_days = 5" "$STAGE"
refused "$S" "a stage inside the grace days" 1 \
    "p.ini:3: stage \"reminder\": day 3 is inside grace_days (5): no contact before due date + grace" \
    "$DUN" policy check p.ini
policy "[stage \"reminder\"]" "after_due_days = 3" "template = reminder"
refused "$S" "a message stage without channels or template" 1 \
    "p.ini:1: stage \"reminder\": a message stage needs channels and a template" \
    "$DUN" policy check p.ini
policy "[stage \"final\"]" "after_due_days = 30" "channels = email" \
    "template = final-demand" "tone = final"
refused "$S" "a final demand without a deadline" 1 \
    "p.ini:1: stage \"final\": tone final needs deadline_days (a final demand states the date to pay by)" \
    "$DUN" policy check p.ini
policy "$STAGE" "handoff_to = agency"
refused "$S" "a hand-off target on a message stage" 1 \
    "p.ini:5: stage \"reminder\": handoff_to is only for action = handoff" \
    "$DUN" policy check p.ini
policy "$STAGE" "[segment \"big\"]" "shift_days = 3"
refused "$S" "a segment with no condition" 1 \
    "p.ini:5: segment \"big\": no condition (min_customer_overdue, min_score or manual = yes)" \
    "$DUN" policy check p.ini
policy "[stage \"reminder\"]" "after_due_days = 3" "channels = email" \
    "template = gentle"
refused_part "$S" "a template dun does not have" 1 \
    "p.ini:4: template: no template gentle (there are " \
    "$DUN" policy check p.ini
refused "$S" "any error, on load" 1 "dun: p.ini: not loaded" \
    "$DUN" policy load p.ini
refused "$S" "a policy version not stored" 1 "dun: no policy version 9" \
    "$DUN" policy show 9

S="Command arguments"
refused "$S" "an argument that is not UTF-8" 2 "dun: argument 3 is not valid UTF-8" \
    "$DUN" note C1 "$(printf 'caf\351')"
refused "$S" "a command not known" 2 "dun: no command 'agin' (see 'dun help')" \
    "$DUN" agin
refused "$S" "arguments the command does not take" 2 \
    "usage: dun [--db PATH] [--as-of YYYY-MM-DD] [--format table|csv|json|jsonl] customers" \
    "$DUN" customers C1
refused "$S" "an output format not known" 2 \
    "dun: --format: must be table, csv, json or jsonl" \
    "$DUN" --format xml customers
refused "$S" "a date that is not one, or outside 1900 to 2199" 2 \
    "dun: --by: not a date (YYYY-MM-DD, 1900 to 2199): '2200-01-01'" \
    "$DUN" --as-of 2026-07-20 promise C1 --amount 10.00 --by 2200-01-01
refused "$S" "a customer that does not exist" 1 "dun: no customer 'C9'" \
    "$DUN" --as-of 2026-07-20 promise C9 --amount 10.00 --by 2026-08-01
refused "$S" "an invoice that does not exist" 1 "dun: no invoice 'I-999'" \
    "$DUN" --as-of 2026-07-20 dispute open I-999 --reason "never delivered"
refused "$S" "aging buckets that do not increase" 2 \
    "dun: --buckets: increasing day counts such as 30,60,90" \
    "$DUN" aging --buckets 60,30
refused "$S" "a DSO period out of range" 2 "dun: --days: 1 to 3650" \
    "$DUN" dso --days 0
refused "$S" "an import's memory out of range" 2 \
    "dun: --memory: 1 to 65536 (megabytes)" \
    "$DUN" import payments /dev/null --memory 0
refused "$S" "an outbox message not there" 1 "dun: no message 99" \
    "$DUN" outbox show 99
refused_part "$S" "a message or policy version number too large to be one" 2 \
    "usage: dun " "$DUN" outbox show 99999999999999999999
mkdir notdemo
: >notdemo/mine.txt
refused "$S" "a demo directory holding other files" 1 \
    "dun: notdemo: not the demo's directory: it holds 'mine.txt'; the demo never overwrites what it did not make: give an empty or new one with --dir" \
    "$DUN" --as-of 2026-07-20 demo --dir notdemo
expect_eq "$S: the directory untouched" "mine.txt" "$(ls notdemo)"

S="Command arguments: texts"
A="--as-of 2026-07-20"
refused "$S" "a note longer than 2,000 bytes" 1 \
    "dun: TEXT: longer than 2000 bytes" "$DUN" $A note C1 "$(long 2001)"
refused "$S" "a control character in a note" 1 \
    "dun: TEXT: not plain text: a line break or control character" \
    "$DUN" $A note C1 "Evil ${esc}[31mRed"
refused "$S" "a call outcome longer than 2,000 bytes" 1 \
    "dun: OUTCOME: longer than 2000 bytes" \
    "$DUN" $A call C1 "$(long 1000)" "$(long 1000)"
refused "$S" "a dispute reason longer than 2,000 bytes" 1 \
    "dun: --reason: longer than 2000 bytes" \
    "$DUN" $A dispute open I-101 --reason "$(long 2001)"
refused "$S" "a control character in a dispute reason" 1 \
    "dun: --reason: not plain text: a line break or control character" \
    "$DUN" $A dispute resolve I-501 --reason "$(printf 'agreed\r\nby phone')"
refused_part "$S" "a dispute without a reason" 2 "usage: dun " \
    "$DUN" $A dispute open I-101 --reason ""
refused "$S" "a reason for not paying not known" 2 \
    "dun: --reason: oversight, cash_flow, dissatisfied, wrong_amount or other" \
    "$DUN" $A note C1 --reason lazy "says he forgot"
refused "$S" "dissatisfied without an invoice" 1 \
    "dun: --reason dissatisfied needs --invoice: it opens a dispute on that invoice" \
    "$DUN" $A note C1 --reason dissatisfied "unhappy"
refused "$S" "a note's invoice of another customer" 1 \
    "dun: invoice 'I-201' is customer C2's" \
    "$DUN" $A note C1 --invoice I-201 "about the coffee"
# Inside the limits: lines, and 2,000 bytes exactly, are taken.
expect_status "$S: a note of lines, 2,000 bytes, is taken" 0 "$DUN" $A note C1 \
    "$(long 999)
$(long 1000)"
expect_status "$S: a dispute reason of lines, 2,000 bytes, is taken" 0 \
    "$DUN" $A dispute open I-201 --reason "$(long 999)
$(long 1000)"
state >"$W/state"

S="Command arguments: customer set"
refused "$S" "an empty name" 1 "dun: --name: empty: a customer needs a name" \
    "$DUN" customer set C1 --name ""
refused "$S" "a name, city or postal code too long" 1 \
    "dun: --postal-code: longer than 20 bytes" \
    "$DUN" customer set C1 --postal-code "$(long 21 0)"
refused "$S" "a control character in a name, city or postal code" 1 \
    "dun: --name: not plain text: a line break or control character" \
    "$DUN" customer set C1 --name "$(printf 'Alder\nBakery')"
refused "$S" "a contact name too long or with a control character" 1 \
    "dun: --contact-name: longer than 100 bytes" \
    "$DUN" customer set C1 --contact-name "$(long 101)"
refused "$S" "an address longer than 300 bytes in all" 1 \
    "dun: --address: longer than 300 bytes" \
    "$DUN" customer set C1 --address "$(long 150)" --address "$(long 150)"
refused "$S" "a control character in an address" 1 \
    "dun: --address: not plain text: a line break or control character" \
    "$DUN" customer set C1 --address "1 High St" --address "$(printf 'Page\ftwo')"
refused "$S" "an e-mail address that is not one bare address" 1 \
    "dun: --email: not an e-mail address: a line break or control character" \
    "$DUN" customer set C1 --email "$(printf 'v@example.com\r\nBcc: x@evil.test')"
refused "$S" "a phone number that is not one" 1 \
    "dun: --phone: not a phone number: fewer than 6 digits" \
    "$DUN" customer set C1 --phone 12345
refused "$S" "a country that is not ISO 3166-1 alpha-2" 1 \
    "dun: --country: not an ISO 3166-1 alpha-2 code in upper case (such as DE): 'UK'" \
    "$DUN" customer set C1 --country UK
refused "$S" "a region not of the country" 1 \
    "dun: --region: a region needs a country: 'CA'" \
    "$DUN" customer set C1 --country "" --region CA
refused "$S" "a language that is not ISO 639-1" 1 \
    "dun: --language: not an ISO 639-1 code in lower case (such as de): 'DE'" \
    "$DUN" customer set C1 --language DE
refused "$S" "a kind not known" 1 \
    "dun: --kind: not business, sole_trader or consumer: 'person'" \
    "$DUN" customer set C1 --kind person
refused_part "$S" "a segment the policy in force does not define" 1 \
    "dun: --segment: no segment 'vip' in the policy in force (version 1): " \
    "$DUN" customer set C1 --segment vip
refused "$S" "a time zone this machine does not know" 1 \
    "dun: --timezone: unknown time zone Mars/Base (an IANA name such as Europe/Berlin)" \
    "$DUN" customer set C1 --timezone Mars/Base
refused "$S" "a score out of range" 2 "dun: --score: 0 to 100, or -1 for none" \
    "$DUN" customer set C1 --score 101
# Inside the limits: an address of lines is taken, each --address one,
# 300 bytes in all.
expect_status "$S: an address of two lines is taken" 0 \
    "$DUN" customer set C2 --address "Marktplatz 2" --address "Hinterhaus"
expect_eq "$S: kept as lines" '"address": "Marktplatz 2\nHinterhaus",' \
    "$("$DUN" --format json customer show C2 | grep '"address"' | sed 's/^ *//')"
expect_status "$S: an address of 300 bytes is taken" 0 \
    "$DUN" customer set C4 --address "$(long 150)" --address "$(long 149)"
state >"$W/state"

S="Command arguments: amounts, promises and plans"
refused "$S" "an amount that is not one" 1 "dun: --amount: 'ten': not a number" \
    "$DUN" $A promise C1 --amount ten --by 2026-08-01
refused "$S" "an amount with more decimals than its currency" 1 \
    "dun: --amount: '1.234': too many decimals" \
    "$DUN" $A promise C1 --amount 1.234 --by 2026-08-01
refused "$S" "an amount of zero" 1 "dun: --amount: '0.00': must be more than zero" \
    "$DUN" $A promise C1 --amount 0.00 --by 2026-08-01
refused "$S" "an amount past the largest" 1 \
    "dun: --amount: '10000000000.00': more than 9999999999.99" \
    "$DUN" $A promise C1 --amount 10000000000.00 --by 2026-08-01
refused "$S" "a currency that is not ISO 4217" 1 \
    "dun: --currency: 'EURO' is not a currency" \
    "$DUN" $A promise C1 --amount 10.00 --currency EURO --by 2026-08-01
refused "$S" "a currency the customer is not billed in" 1 \
    "dun: --currency: customer C1 is not billed in USD" \
    "$DUN" $A promise C1 --amount 10.00 --currency USD --by 2026-08-01
refused "$S" "a promise due before it is made" 1 \
    "dun: --by: before the day the promise is made" \
    "$DUN" $A promise C1 --amount 10.00 --by 2026-07-01
refused "$S" "installments or days that are not whole numbers" 2 \
    "dun: --installments: a whole number" \
    "$DUN" $A plan C1 --installments two --first 2026-08-01
refused "$S" "installments or days out of range" 2 \
    "dun: 1 to 120 installments, 1 to 366 days apart" \
    "$DUN" $A plan C1 --installments 2 --every 367 --first 2026-08-01
refused "$S" "a plan's first installment before it is made" 1 \
    "dun: --first: before the day the plan is made" \
    "$DUN" $A plan C1 --installments 2 --first 2026-07-01
refused "$S" "a plan's last installment past 2199" 1 \
    "dun: the last installment would fall after 2199" \
    "$DUN" $A plan C1 --installments 3 --every 366 --first 2199-01-01
refused "$S" "a plan larger than what is open" 1 \
    "dun: a plan of EUR 500.00 is more than the EUR 90.00 open on the invoices it covers (I-101)" \
    "$DUN" $A plan C1 --installments 2 --first 2026-08-01 --amount 500.00 \
    --invoice I-101
refused "$S" "a plan on another customer's invoice" 1 \
    "dun: invoice 'I-201' is customer C2's, not C1's" \
    "$DUN" $A plan C1 --installments 2 --first 2026-08-01 --invoice I-201
refused "$S" "a plan on a credit note" 1 \
    "dun: 'CN-1' is a credit note, not an invoice" \
    "$DUN" $A plan C1 --installments 2 --first 2026-08-01 --invoice CN-1
refused "$S" "a plan on an invoice in another currency" 1 \
    "dun: invoice 'I-502' is in USD, the plan in EUR (--currency)" \
    "$DUN" $A plan C5 --installments 2 --first 2026-08-01 --invoice I-502
refused "$S" "a plan on an invoice with nothing open" 1 \
    "dun: invoice 'I-401' has nothing open on 2026-07-20" \
    "$DUN" $A plan C4 --installments 2 --first 2026-08-01 --invoice I-401
refused "$S" "a plan on a disputed invoice" 1 \
    "dun: invoice 'I-501' is disputed: resolve the dispute before a plan covers it" \
    "$DUN" $A plan C5 --installments 2 --first 2026-08-01 --invoice I-501
refused "$S" "a plan with no invoice overdue to cover" 1 \
    "dun: customer C4 has no invoice in EUR overdue on 2026-07-20 for a plan to cover: name them with --invoice" \
    "$DUN" $A plan C4 --installments 2 --first 2026-08-01
refused "$S" "a plan to show or cancel that is not there" 1 \
    "dun: customer C2 has no payment plan made on or before 2026-07-20" \
    "$DUN" $A plan cancel C2
"$DUN" --as-of 2026-07-17 plan cancel C3 >/dev/null
state >"$W/state"
refused "$S" "a plan cancelled twice" 1 \
    "dun: customer C3's payment plan of 2026-07-16 was cancelled on 2026-07-17" \
    "$DUN" $A plan cancel C3

S="Command arguments: disputes and approvals"
refused "$S" "a dispute opened twice" 1 \
    "dun: invoice I-501: a dispute is already open" \
    "$DUN" $A dispute open I-501 --reason "again"
refused "$S" "a dispute resolved that is not open" 1 \
    "dun: invoice I-101: no open dispute" \
    "$DUN" $A dispute resolve I-101 --reason "nothing to resolve"
refused "$S" "an approval nothing waits for" 1 \
    "dun: customer C1: nothing waits for approval" "$DUN" $A approve C1

S="Tenant details"
refused "$S" "an e-mail address that is not one bare address" 1 \
    "dun: --email: not an e-mail address: one of < > , ; \" ( ): give one bare address" \
    "$DUN" tenant set --email "a@b.test, boss@evil.test"
refused "$S" "a phone number that is not one" 1 \
    "dun: --phone: not a phone number: '+' other than first" \
    "$DUN" tenant set --phone "44+20 7946 0000"
refused "$S" "an address longer than 300 bytes in all" 1 \
    "dun: --address: longer than 300 bytes" \
    "$DUN" tenant set --address "$(long 100)" --address "$(long 100)" \
    --address "$(long 100)"
refused "$S" "a control character in an address line" 1 \
    "dun: --address: not plain text: a line break or control character" \
    "$DUN" tenant set --address "1 Test Street" --address "$(printf 'Testham\tTE1')"
refused "$S" "a name, IBAN, BIC, bank or VAT id longer than 200 bytes" 1 \
    "dun: --bank: longer than 200 bytes" "$DUN" tenant set --bank "$(long 201)"
refused "$S" "a control character in a name, IBAN, BIC, bank or VAT id" 1 \
    "dun: --name: not plain text: a line break or control character" \
    "$DUN" tenant set --name "Test ${esc}[31mTrading"
refused "$S" "an IBAN that is not one" 1 \
    "dun: --iban: not an IBAN: the check digits do not match (a digit wrong or two swapped?)" \
    "$DUN" tenant set --iban "GB33 BUKB 2020 1555 5555 54"
refused "$S" "a UK sort code that is not 6 digits" 1 \
    "dun: --sort-code: not a UK sort code: 6 digits (such as 12-34-56)" \
    "$DUN" tenant set --sort-code 20-20-1
refused "$S" "a UK account number that is not 8 digits" 1 \
    "dun: --account-number: not a UK account number: 8 digits" \
    "$DUN" tenant set --account-number 5555-5555
refused "$S" "an ACH routing number that is not one" 1 \
    "dun: --ach-routing: not an ABA routing number: the check digit does not match (a digit wrong or two swapped?)" \
    "$DUN" tenant set --ach-routing 021000012
refused "$S" "an ACH account number that is not 4 to 17 digits" 1 \
    "dun: --ach-account: not an ACH account number: 4 to 17 digits" \
    "$DUN" tenant set --ach-account 123
refused "$S" "a website that is not a web address" 1 \
    "dun: --website: not a web address: a space" \
    "$DUN" tenant set --website "www.test trading.example"
refused "$S" "a time zone this machine does not know" 1 \
    "dun: --timezone: unknown time zone Nowhere/Land (an IANA name such as Europe/Berlin)" \
    "$DUN" tenant set --timezone Nowhere/Land
refused "$S" "a language that is not an ISO 639-1 code" 1 \
    "dun: --language: not an ISO 639-1 code (two lower-case letters, such as de)" \
    "$DUN" tenant set --language German
refused "$S" "a country that is not an ISO 3166-1 code" 1 \
    "dun: --country: not an ISO 3166-1 code (two upper-case letters, such as GB)" \
    "$DUN" tenant set --country uk
expect_status "$S: an address of 300 bytes in three lines is taken" 0 \
    "$DUN" tenant set --address "$(long 100)" --address "$(long 100)" \
    --address "$(long 98)"
state >"$W/state"

S="Settings"
refused "$S" "a key dun does not have" 1 \
    "dun: no setting called 'smtp.host' (see 'dun config list')" \
    "$DUN" config set smtp.host mail.example.com
refused "$S" "a mail server URL with a user or password in it" 1 \
    "dun: smtp.url: no user or password in the URL (see smtp.user and smtp.password_file)" \
    "$DUN" config set smtp.url "smtp://ann:secret@mail.example.com:587"
refused "$S" "a mail server URL that is not smtp:// or smtps://" 1 \
    "dun: smtp.url: not smtp://HOST[:PORT] or smtps://HOST[:PORT]" \
    "$DUN" config set smtp.url "https://mail.example.com"
refused "$S" "a mail server port outside 1 to 65535" 1 \
    "dun: smtp.url: the port is a number from 1 to 65535" \
    "$DUN" config set smtp.url "smtp://mail.example.com:65536"
refused "$S" "a path or query after the host and port" 1 \
    "dun: smtp.url: nothing may follow the host and port (no user, password or path: see smtp.user and smtp.password_file)" \
    "$DUN" config set smtp.url "smtp://mail.example.com:25/relay"
refused "$S" "a STARTTLS choice other than required, optional, never" 1 \
    "dun: smtp.starttls: one of required, optional, never" \
    "$DUN" config set smtp.starttls yes
refused "$S" "a password file given by a relative path" 1 \
    "dun: smtp.password_file: give the file's absolute path" \
    "$DUN" config set smtp.password_file secret.txt
refused "$S" "a password file that cannot be opened" 1 \
    "dun: smtp.password_file: cannot open $W/nosecret: No such file or directory" \
    "$DUN" config set smtp.password_file "$W/nosecret"
printf 'pw\n' >"$W/secret"
chmod 640 "$W/secret"
refused "$S" "a password file others may read" 1 \
    "dun: smtp.password_file: $W/secret may be read by others: run 'chmod 600 $W/secret'" \
    "$DUN" config set smtp.password_file "$W/secret"
if [ "$(id -u)" = 0 ] && chown nobody "$W/secret" 2>/dev/null; then
    chmod 600 "$W/secret"
    refused "$S" "a password file of another user" 1 \
        "dun: smtp.password_file: $W/secret belongs to another user (it must be yours)" \
        "$DUN" config set smtp.password_file "$W/secret"
else
    echo "ok - $S: a password file of another user # SKIP not root"
    printf '%s\n' "$S: a password file of another user" >>"$W/tested"
fi
refused "$S" "a sender, reply or archive address that is not one bare address" 1 \
    "dun: mail.from: not an e-mail address: one of < > , ; \" ( ): give one bare address" \
    "$DUN" config set mail.from "Accounts <ar@test-trading.example>"
refused "$S" "a rate or a number of attempts out of range" 1 \
    "dun: send.max_attempts: a whole number from 1 to 20" \
    "$DUN" config set send.max_attempts 0
refused "$S" "a paper other than auto, a4-din, a4-uk, us-letter" 1 \
    "dun: letter.paper: one of auto, a4-din, a4-uk, us-letter" \
    "$DUN" config set letter.paper letter
printf 'GIF89a\001\000\001\000' >"$W/logo.gif"
refused "$S" "a logo that is not a whole PNG file" 1 \
    "dun: letter.logo: $W/logo.gif is not a PNG file (no PNG signature)" \
    "$DUN" config set letter.logo "$W/logo.gif"
refused "$S" "a logo file that cannot be read" 1 \
    "dun: letter.logo: $W/nologo.png: cannot open: No such file or directory" \
    "$DUN" config set letter.logo "$W/nologo.png"
head -c 1048577 /dev/zero >"$W/big.png"
refused "$S" "a logo larger than 1 MiB" 1 \
    "dun: letter.logo: $W/big.png: larger than 1048576 bytes" \
    "$DUN" config set letter.logo "$W/big.png"
refused "$S" "a logo without a path" 1 \
    "dun: letter.logo: give the PNG file's path (dun config unset letter.logo removes the logo)" \
    "$DUN" config set letter.logo ""

S="Outbox marks and filters"
refused "$S" "a message to mark that is not there" 1 "dun: no message 999" \
    "$DUN" outbox mark 999 --void --reason "never planned"
refused "$S" "a move its state does not allow" 1 \
    "dun: message 1 is planned: an e-mail that is planned cannot become posted" \
    "$DUN" outbox mark 1 --posted --reason "posted"
refused_part "$S" "a mark without its state or its reason" 2 "usage: dun " \
    "$DUN" outbox mark 1 --void
refused "$S" "a state to pick by that is not one" 2 \
    "dun: --status: one of planned, sending, sent, failed, bounced, void, printed, posted" \
    "$DUN" outbox list --status delivered

S="Sending and bounces"
refused "$S" "no mail server set" 1 \
    "dun: no mail server: set one with 'dun config set smtp.url smtp://HOST:PORT'" \
    "$DUN" send
"$DUN" --db nosender.db --as-of 2026-06-01 init >/dev/null
"$DUN" --db nosender.db config set smtp.url smtp://127.0.0.1:9 >/dev/null
refused "$S" "no sender, neither mail.from nor the business's e-mail" 1 \
    "dun: no sender: set 'dun config set mail.from ADDRESS' or 'dun tenant set --email'" \
    "$DUN" --db nosender.db send
"$DUN" --db locked.db --as-of 2026-06-01 init >/dev/null
"$DUN" --db locked.db config set smtp.url smtp://127.0.0.1:9 >/dev/null
"$DUN" --db locked.db tenant set --email ar@test.example >/dev/null
flock locked.db-send.lock sleep 30 &
holder=$!
sleep 0.3
refused "$S" "another send running on the database" 1 \
    "dun: another 'dun send' is running on this database" \
    "$DUN" --db locked.db send
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
refused "$S" "a bounce path that cannot be read" 1 \
    "dun: $W/nobounces: cannot read: No such file or directory" \
    "$DUN" bounces import "$W/nobounces"

S="Evidence"
refused "$S" "a kind not known" 1 \
    "dun: --kind: one of certified, registered, courier, receipt" \
    "$DUN" evidence add 1 --kind fax --ref X
refused "$S" "a reference that is empty" 1 "dun: --ref: missing" \
    "$DUN" evidence add 1 --kind courier --ref ""
refused "$S" "a reference longer than 200 bytes or not plain text" 1 \
    "dun: --ref: too long" "$DUN" evidence add 1 --kind courier --ref "$(long 201)"
refused "$S" "a file that cannot be opened" 1 \
    "dun: --file: cannot open $W/noscan.pdf: No such file or directory" \
    "$DUN" evidence add 1 --kind courier --ref X --file "$W/noscan.pdf"
truncate -s 20971521 "$W/big.pdf"
refused "$S" "a file larger than 20 MB" 1 \
    "dun: --file: $W/big.pdf is larger than 20971520 bytes" \
    "$DUN" evidence add 1 --kind courier --ref X --file "$W/big.pdf"
rm -f "$W/big.pdf"
refused "$S" "a message that is not there" 1 "dun: no message 999" \
    "$DUN" evidence add 999 --kind courier --ref X

S="The run"
"$DUN" --db bare.db --as-of 2026-06-01 init >/dev/null
"$DUN" --db bare.db --as-of 2026-06-30 import customers "$DATA/customers.csv" \
    >/dev/null
"$DUN" --db bare.db --as-of 2026-06-30 import invoices "$DATA/invoices.csv" \
    >/dev/null
SDB=bare.db
state >"$W/state"
refused "$S" "a real run without the business's details" 1 \
    "dun: messages cannot go out without the business's name (dun tenant set --name); the business's e-mail address (dun tenant set --email); the business's postal address (dun tenant set --address); the business's bank account (dun tenant set --iban)" \
    "$DUN" --db bare.db --as-of 2026-06-30 run
SDB=$DUN_DB
state >"$W/state"
SDB=$DUN_DB
state >"$W/state"
refused "$S" "a real run before the latest run" 1 \
    "dun: a run as of 2026-06-20 would come before the latest run (as of 2026-06-30): runs go forward in time; use --dry-run to look at an earlier day" \
    "$DUN" --as-of 2026-06-20 run
refused_part "$S" "a real run more than a day ahead of today" 1 \
    "dun: a run as of 2199-12-31 is more than a day ahead of today (" \
    "$DUN" --as-of 2199-12-31 run

S="Database file"
# Files that are not dun's databases: made here (empty, text, another
# program's SQLite database through Python's module), read only by dun,
# and left as they were.
: >empty.db
echo "not a database" >text.db
python3 -c "
import sqlite3
for path, sql in (('other.db', 'CREATE TABLE notes (t TEXT)'),
                  ('negative.db', 'PRAGMA user_version = -3'),
                  ('newer.db', 'PRAGMA user_version = 9999')):
    db = sqlite3.connect(path)
    db.execute(sql)
    db.commit()
    db.close()"
for f in empty text other negative newer; do cp "$f.db" "$f.db.orig"; done
refused "$S" "no such database" 1 \
    "dun: nope.db: no such database (create one with 'dun init')" \
    "$DUN" --db nope.db customers
expect_eq "$S: no file made" "" "$(ls nope.db* 2>/dev/null)"
refused "$S" "a database to create in a directory that does not exist" 1 \
    "dun: nodir/new.db: cannot create: No such file or directory" \
    "$DUN" --db nodir/new.db init
mkdir dbdir
refused "$S" "a directory" 1 "dun: dbdir: open: unable to open database file" \
    "$DUN" --db dbdir customers
expect_eq "$S: nothing made in it" "" "$(ls dbdir)"
refused "$S" "an empty file" 1 "dun: empty.db: an empty file, not a dun database" \
    "$DUN" --db empty.db init
refused "$S" "a file that is not a database" 1 \
    "dun: text.db: read schema version: file is not a database" "$DUN" --db text.db customers
refused "$S" "a database of another program" 1 \
    "dun: other.db: a database of something else, not dun's (left as it is)" \
    "$DUN" --db other.db init
refused "$S" "a negative schema version" 1 \
    "dun: negative.db: schema version -3: not a dun database" \
    "$DUN" --db negative.db customers
refused_part "$S" "a schema version newer than this dun" 1 \
    "dun: newer.db: schema version 9999 is newer than this dun (" \
    "$DUN" --db newer.db customers
for f in empty text; do
    expect_eq "$S: $f.db left as it was" "" \
        "$(cmp "$f.db" "$f.db.orig" 2>&1)"
done
# Another program's database: its schema, version and rows as they were.
# (Not byte for byte: the store turns on WAL, in the file's header,
# before it looks whose the file is.)
dump() {
    python3 -c "
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(db.execute('PRAGMA user_version').fetchone()[0])
print('\\n'.join(db.iterdump()))" "$1"
}
for f in other negative newer; do
    expect_eq "$S: $f.db: its tables and data as they were" \
        "$(dump "$f.db.orig")" "$(dump "$f.db")"
    # dun reads whose the file is before it writes anything: not even
    # the journal mode in its header changes.
    expect_eq "$S: $f.db: byte for byte as it was" "same" \
        "$(cmp -s "$f.db.orig" "$f.db" && echo same)"
done

S="Template files"
"$DUN" templates export --built-in tpl >/dev/null
# tpl_copy: a fresh copy of the built-in templates in t.
tpl_copy() {
    rm -rf t
    cp -r tpl t
}
refused "$S" "a directory not there" 1 \
    "dun: nodir: cannot open: No such file or directory" \
    "$DUN" templates check nodir
tpl_copy; echo notes >t/README
refused "$S" "a file beside the language directories" 1 \
    "t/README: not in a language's directory" "$DUN" templates check t
tpl_copy; cp t/en/notice.text.mustache t/en/Notice.text.mustache
refused "$S" "a file name not a template's" 1 \
    "t/en/Notice.text.mustache: not a template file name (LANG/NAME.PART.mustache or LANG/_PARTIAL.mustache, in a-z, 0-9, '_', '.' and '-')" \
    "$DUN" templates check t
tpl_copy; cp t/en/notice.text.mustache t/en/warning.text.mustache
refused "$S" "a template dun does not have" 1 \
    "t/en/warning.text.mustache: unknown template warning (there are final-demand, notice, plan-missed, pre-due, reminder, statement)" \
    "$DUN" templates check t
tpl_copy; cp t/en/notice.text.mustache t/en/notice.sms.mustache
refused "$S" "a part dun does not have" 1 \
    "t/en/notice.sms.mustache: unknown part sms (subject, text, html or letter)" \
    "$DUN" templates check t
tpl_copy; printf 'caf\351' >t/en/_x.mustache
refused "$S" "a template that is not UTF-8" 1 \
    "t/en/_x.mustache: not valid UTF-8" "$DUN" templates check t
tpl_copy; long 1048576 >t/en/_x.mustache
refused "$S" "a template larger than 1 MiB" 1 \
    "t/en/_x.mustache: larger than 1048576 bytes" "$DUN" templates check t
tpl_copy; printf '{{#fee}}\n' >>t/en/notice.text.mustache
tline=$(wc -l <t/en/notice.text.mustache | tr -d ' ')
refused "$S" "a template that does not parse" 1 \
    "t/en/notice.text.mustache:$tline: unclosed section \"fee\"" \
    "$DUN" templates check t
tpl_copy; printf '{{>nosuch}}\n' >>t/en/notice.text.mustache
refused "$S" "a partial not there" 1 \
    "t/en/notice.text.mustache:$tline: no partial nosuch (t/en/_nosuch.mustache)" \
    "$DUN" templates check t
tpl_copy; rm t/en/statement.letter.mustache
refused "$S" "a part the run needs missing" 1 \
    "t/en/statement.letter.mustache: missing: English is every customer's last language" \
    "$DUN" templates check t
tpl_copy; sed -i 's/{{>payment_text}}//' t/en/notice.text.mustache
refused "$S" "a message without what it must carry" 1 \
    "t/en/notice.text.mustache: lacks how to pay, which a firm or final message must carry" \
    "$DUN" templates check t
tpl_copy; rm t/en/statement.letter.mustache
refused "$S" "any problem, on load" 1 "dun: t: not loaded" \
    "$DUN" templates load t
refused "$S" "a templates version not stored" 1 \
    "dun: no templates version 3" "$DUN" templates show 3

S="Exports and output"
refused "$S" "an export directory that cannot be made" 1 \
    "dun: nodir/export: cannot create: No such file or directory" \
    "$DUN" $A outbox export nodir/export
: >afile
refused "$S" "an export file that cannot be written" 1 \
    "dun: afile/00000001.eml: cannot write: Not a directory" \
    "$DUN" $A outbox export afile
if [ -w /dev/full ]; then
    refused "$S" "output that cannot be written" 1 \
        "dun: cannot write output: No space left on device" \
        sh -c '"$1" customers >/dev/full' sh "$DUN"
else
    echo "ok - $S: output that cannot be written # SKIP no /dev/full"
    printf '%s\n' "$S: output that cannot be written" >>"$W/tested"
fi

# The document and the checks, line for line: every line of a table
# in docs/errors.md (its heading and first column) has its check above,
# and every check its line.
awk '/^## / { section = substr($0, 4) }
     /^\| / && !/^\| bad input \|/ {
         split($0, cell, / \| /)
         print section ": " substr(cell[1], 3)
     }' "$DOC" | sort >"$W/documented"
sort "$W/tested" >"$W/tested.sorted"
expect_eq "docs/errors.md: each line tested, each test a line" "" \
    "$(diff "$W/documented" "$W/tested.sorted")"
expect_eq "docs/errors.md: each line tested once" "" \
    "$(uniq -d "$W/tested.sorted")"

finish
