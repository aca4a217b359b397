#!/bin/sh
# Import end to end on a real SQLite database: exact balances, exact
# errors, all-or-nothing, idempotence, updates, aging, statement.
# usage: test_import.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
DATA=$2/tests/data/import
. "$2/tests/integration/lib.sh"
cp "$DATA"/*.csv "$W"/
cd "$W" || exit 1
export DUN_DB="$W/test.db"
A="--as-of 2026-06-30"

expect_status "init" 0 "$DUN" init
for k in customers invoices payments; do
    expect_status "import $k" 0 "$DUN" $A import $k $k.csv
done
expect_eq "payments summary" \
    "payments.csv: 4 payments: 4 inserted, 0 updated, 0 unchanged" \
    "$(cat "$W/out")"

expect_status "aging" 0 "$DUN" $A --format csv aging
expect_eq "aging as of 2026-06-30" \
'customer,currency,current,1-30,31-60,61-90,91+,unapplied_credit,total
C1,EUR,0.00,99.99,0.00,0.00,150.00,0.00,249.99
C2,EUR,80.00,0.00,0.00,0.00,0.00,0.00,80.00
C2,USD,0.00,0.00,0.00,250.00,0.00,0.00,250.00
C3,EUR,0.00,0.00,0.00,0.00,0.00,100.00,-100.00' "$(cat "$W/out")"
expect_status "aging table" 0 "$DUN" $A aging
expect_eq "aging totals" \
"TOTAL     EUR       80.00 EUR  99.99 EUR  0.00 EUR    0.00 EUR  150.00 EUR  100.00 EUR  229.99 EUR
TOTAL     USD        0.00 USD   0.00 USD  0.00 USD  250.00 USD    0.00 USD    0.00 USD  250.00 USD" \
    "$(grep '^TOTAL' "$W/out")"

# The past is recomputed from the ledger, not read from the cache.
expect_status "aging in the past" 0 "$DUN" --as-of 2026-03-15 --format csv aging
expect_eq "aging as of 2026-03-15" \
'customer,currency,current,1-30,31-60,61-90,91+,unapplied_credit,total
C1,EUR,250.50,0.00,0.00,0.00,0.00,0.00,250.50
C3,EUR,0.00,0.00,500.00,0.00,0.00,0.00,500.00' "$(cat "$W/out")"

expect_status "check" 0 "$DUN" check

# A bad file: every bad row named, exit 1, nothing written.
"$DUN" invoices --format csv >"$W/before"
expect_status "bad invoices" 1 "$DUN" $A import invoices invoices_bad.csv
expect_eq "bad invoice rows" \
"invoices_bad.csv:3: customer_id: unknown customer 'C9'
invoices_bad.csv:4: number: duplicate 'INV-10' (first on line 2)
invoices_bad.csv:5: total: negative (a credit is a row with type credit_note and a positive total)
invoices_bad.csv:6: due_date: before the issue date
invoices_bad.csv:7: issue_date: not a date (YYYY-MM-DD): '2026-02-30'
invoices_bad.csv:8: total: too many decimals for EUR: '1.234'
dun: invoices_bad.csv: 6 bad rows; nothing was imported" "$(cat "$W/err")"
"$DUN" invoices --format csv >"$W/after"
expect_eq "bad import changed nothing" "$(cat "$W/before")" "$(cat "$W/after")"

# A re-import may correct an invoice, not move it to another customer
# or currency (its payments and its ladder would follow it).
"$DUN" $A --format csv invoices >"$W/inv.before"
sed 's/^INV-1,C1,/INV-1,C2,/' invoices.csv >moved.csv
expect_status "an invoice moved to another customer" 1 "$DUN" $A import \
    invoices moved.csv
expect_eq "says which and why" \
"moved.csv:2: customer_id: INV-1 is already C1's invoice in EUR: an invoice keeps its customer, currency and type (credit it and issue a new one)" \
    "$(grep '^moved.csv' "$W/err")"
expect_eq "nothing moved" "$(cat "$W/inv.before")" \
    "$("$DUN" $A --format csv invoices)"

# Amounts past the largest dun keeps (docs/limits.md) are refused: two of
# 92233720368547758.07 would overflow every sum.
printf '%s\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "BIG-1,C1,2026-04-01,2026-05-01,EUR,92233720368547758.07,x" \
    "BIG-2,C1,2026-04-01,2026-05-01,EUR,10000000000.00,x" \
    "BIG-3,C1,2026-04-01,2026-05-01,EUR,9999999999.99,x" >big.csv
expect_status "amounts past the limit" 1 "$DUN" $A import invoices big.csv
expect_eq "each named, the limit said" \
"big.csv:2: total: more than 9999999999.99 EUR: '92233720368547758.07'
big.csv:3: total: more than 9999999999.99 EUR: '10000000000.00'" \
    "$(grep '^big.csv' "$W/err")"

# Ids and numbers are short printable text; free text has a length
# (docs/limits.md): twenty numbers of 900,000 characters cannot reach a
# message.
python3 -c "
print('number,customer_id,issue_date,due_date,currency,total,description')
print('N' * 101 + ',C1,2026-04-01,2026-05-01,EUR,1.00,x')
print('N\x1b[2J,C1,2026-04-01,2026-05-01,EUR,1.00,x')
print('OK-1,C1,2026-04-01,2026-05-01,EUR,1.00,' + 'd' * 1001)
print('OK-2,C1,2026-04-01,2026-05-01,EUR,1.00,' + 'd' * 1000)" >long.csv
expect_status "ids, numbers and text past their limits" 1 "$DUN" $A import \
    invoices long.csv
expect_eq "each named" \
"long.csv:2: number: too long
long.csv:3: number: a line break or control character
long.csv:4: description: too long" "$(grep '^long.csv' "$W/err")"

# A value past the header's fields, or text that is not UTF-8, is
# refused with its line (empty fields past the header lose nothing).
printf '%s\n' "id,name,email,currency" "C7,Extra Ltd,,EUR,surplus" \
    "C8,Trailing Ltd,,EUR,," >extra.csv
printf 'id,name,email,currency\nC9,Bad \377 Ltd,,EUR\n' >latin.csv
expect_status "a value past the header" 1 "$DUN" $A import customers extra.csv
expect_eq "a value past the header, its line" \
    "extra.csv:2: row: a value in field 5, the header has 4" \
    "$(grep '^extra.csv' "$W/err")"
expect_status "not UTF-8" 1 "$DUN" $A import customers latin.csv
expect_eq "not UTF-8, its line and field" "latin.csv:2: name: not valid UTF-8" \
    "$(grep '^latin.csv' "$W/err")"

# What goes on an envelope: no form feed, line break or escape sequence.
# (An address may have lines.)
printf 'id,name,address,currency\nC7,Evil \033[31mRed,,EUR\nC8,Feed Ltd,"1 High St\fPage two",EUR\nC9,Lines Ltd,"1 High St\nLine 2",EUR\n' >envelope.csv
expect_status "control characters for an envelope" 1 "$DUN" $A import \
    customers envelope.csv
expect_eq "each named" \
"envelope.csv:2: name: a line break or control character
envelope.csv:3: address: a line break or control character" \
    "$(grep '^envelope.csv' "$W/err")"

# A description may have lines (a Windows line end becomes a plain one),
# a payment's reference and method none; no escape or form feed in any.
printf '%s\r\n' "number,customer_id,issue_date,due_date,currency,total,description" \
    "INV-71,C1,2026-06-01,2026-07-01,EUR,10.00,\"Line one" "line two\"" \
    "INV-72,C1,2026-06-01,2026-07-01,EUR,10.00,$(printf 'Red \033[31mtext')" \
    "INV-73,C1,2026-06-01,2026-07-01,EUR,10.00,$(printf 'Page\fbreak')" \
    >descriptions.csv
expect_status "control characters in descriptions" 1 "$DUN" $A import \
    invoices descriptions.csv
expect_eq "descriptions: each named" \
"descriptions.csv:4: description: a line break or control character
descriptions.csv:5: description: a line break or control character" \
    "$(grep '^descriptions.csv' "$W/err")"
printf '%s\n' "id,date,customer_id,invoice_number,amount,currency,method,reference" \
    "P71,2026-06-02,C1,,1.00,EUR,transfer,\"two" "lines\"" \
    "P72,2026-06-02,C1,,1.00,EUR,$(printf 'card\033]0;x\007'),ref" \
    >references.csv
expect_status "control characters in references" 1 "$DUN" $A import \
    payments references.csv
expect_eq "references: each named" \
"references.csv:2: reference: a line break or control character
references.csv:4: method: a line break or control character" \
    "$(grep '^references.csv' "$W/err")"

# An e-mail address goes into headers: a quoted cell carrying a line
# break, a second recipient or a display name is refused, with its line.
printf '%s\r\n' "id,name,email,currency" \
    "C7,Injector Ltd,\"v@example.com" "Bcc: attacker@evil.test\",EUR" \
    "C8,Second Ltd,\"a@b.test>, <boss@evil.test\",EUR" \
    "C9,Named Ltd,Ann <ann@named.test>,EUR" >inject.csv
expect_status "header injection refused" 1 "$DUN" $A import customers \
    inject.csv
expect_eq "header injection: each line named" \
"inject.csv:2: email: not an e-mail address: a line break or control character
inject.csv:4: email: not an e-mail address: one of < > , ; \" ( ): give one bare address
inject.csv:5: email: not an e-mail address: one of < > , ; \" ( ): give one bare address" \
    "$(grep '^inject.csv' "$W/err")"

expect_status "bad payments" 1 "$DUN" $A import payments payments_bad.csv
expect_eq "bad payment rows" \
"payments_bad.csv:2: currency: customer C1 is not billed in USD
payments_bad.csv:3: invoice_number: invoice 'INV-4' is customer C2's
payments_bad.csv:4: invoice_number: unknown invoice 'INV-99'
payments_bad.csv:5: amount: not positive (refunds are not payments)
dun: payments_bad.csv: 4 bad rows; nothing was imported" "$(cat "$W/err")"

# The same file again changes nothing.
expect_status "re-import" 0 "$DUN" $A import invoices invoices.csv
expect_eq "re-import summary" \
    "invoices.csv: 6 invoices: 0 inserted, 0 updated, 6 unchanged" \
    "$(cat "$W/out")"

# A changed row updates and is reported; the balance follows.
sed 's/INV-3,C1,2026-05-20,2026-06-19,EUR,99.99/INV-3,C1,2026-05-20,2026-06-19,EUR,120.00/' \
    invoices.csv >invoices_changed.csv
expect_status "changed import" 0 "$DUN" $A import invoices invoices_changed.csv
expect_eq "changed row reported" "invoices_changed.csv:4: INV-3: updated: total; payments of C1 allocated again" \
    "$(cat "$W/err")"
expect_eq "changed import summary" \
    "invoices_changed.csv: 6 invoices: 0 inserted, 1 updated, 5 unchanged; payments allocated again for 1 customer" \
    "$(cat "$W/out")"
expect_status "aging after update" 0 "$DUN" $A --format csv aging
expect_eq "C1 after update" "C1,EUR,0.00,120.00,0.00,0.00,150.00,0.00,270.00" \
    "$(grep '^C1,' "$W/out")"
expect_status "check after update" 0 "$DUN" check

# A change that moves no money says nothing of allocation; a payment
# moved to another customer has both customers' payments allocated again
# (an invoice keeps its customer: see below).
sed 's/"Consulting, January"/"Consulting, Jan."/' invoices_changed.csv \
    >invoices_text.csv
expect_status "description changed" 0 "$DUN" $A import invoices invoices_text.csv
expect_eq "description change reported alone" \
    "invoices_text.csv:2: INV-1: updated: description" "$(cat "$W/err")"
expect_eq "description change summary" \
    "invoices_text.csv: 6 invoices: 0 inserted, 1 updated, 5 unchanged" \
    "$(cat "$W/out")"
sed 's/^P3,2026-05-01,C3,/P3,2026-05-01,C1,/' payments.csv >payments_moved.csv
expect_status "payment moved" 0 "$DUN" $A import payments payments_moved.csv
expect_eq "payment move reported" \
    "payments_moved.csv:4: P3: updated: customer_id; payments of C3 and of C1 allocated again" \
    "$(cat "$W/err")"
expect_status "aging after the move" 0 "$DUN" $A --format csv aging
expect_eq "C1 and C3 after the move" \
"C1,EUR,0.00,0.00,0.00,0.00,0.00,330.00,-330.00
C3,EUR,0.00,0.00,0.00,0.00,500.00,0.00,500.00" "$(grep '^C[13],' "$W/out")"
expect_status "check after the move" 0 "$DUN" check
expect_status "payment moved back" 0 "$DUN" $A import payments payments.csv
expect_status "aging after moving back" 0 "$DUN" $A --format csv aging
expect_eq "C1 as before the move" "C1,EUR,0.00,120.00,0.00,0.00,150.00,0.00,270.00" \
    "$(grep '^C1,' "$W/out")"

expect_status "statement" 0 "$DUN" $A statement C3
expect_eq "statement" 'Customer: C3
Name: Baker "The Original" Ltd
As of: 2026-06-30

Statement of account
Date        Kind     Ref    Due         Currency       Amount      Balance      Open
2026-02-01  invoice  INV-6  2026-02-01  EUR        500.00 EUR   500.00 EUR  0.00 EUR
2026-05-01  payment  P3     -           EUR       -600.00 EUR  -100.00 EUR         -
  Applied to      Amount
  INV-6       500.00 EUR

Balances
Currency      Balance
EUR       -100.00 EUR' "$(cat "$W/out")"
expect_status "statement as CSV" 0 "$DUN" $A --format csv statement C3
expect_eq "statement CSV: one line per allocation" \
"date,kind,ref,due_date,currency,amount,balance,open,applied.invoice,applied.amount
2026-02-01,invoice,INV-6,2026-02-01,EUR,500.00,500.00,0.00,,
2026-05-01,payment,P3,,EUR,-600.00,-100.00,,INV-6,500.00" "$(cat "$W/out")"

# Rows that come back to a customer, in any order, give the balances a
# file sorted by customer gives (an import redoes a customer's balances
# as its rows move on, and once more at the end if they come back).
# P14 names no invoice: it goes to the oldest open one, INV-2.
cat >pay_mixed.csv <<'EOF'
id,date,customer_id,invoice_number,amount,currency,method,reference
P10,2026-06-02,C1,INV-3,10.00,EUR,card,
P11,2026-06-02,C2,INV-4,20.00,USD,card,
P12,2026-06-03,C1,INV-3,5.00,EUR,card,
P13,2026-06-03,C3,,1.00,EUR,card,
P14,2026-06-04,C1,,2.00,EUR,card,
P15,2026-06-04,C2,INV-5,30.00,EUR,card,
P16,2026-06-05,C1,INV-2,50.00,EUR,card,
EOF
{ head -1 pay_mixed.csv; tail -n +2 pay_mixed.csv | sort -t, -k3,3 -s; } \
    >pay_sorted.csv
for f in pay_mixed pay_sorted; do
    export DUN_DB="$W/$f.db"
    expect_status "$f: init" 0 "$DUN" init
    for k in customers invoices payments; do
        expect_status "$f: import $k" 0 "$DUN" $A import $k $k.csv
    done
    expect_status "$f: import" 0 "$DUN" $A import payments $f.csv
    expect_status "$f: check" 0 "$DUN" check
    expect_status "$f: aging" 0 "$DUN" $A --format csv aging
    cp "$W/out" "$W/$f.aging"
done
expect_eq "aging of mixed rows as of sorted" "$(cat "$W/pay_sorted.aging")" \
    "$(cat "$W/pay_mixed.aging")"
expect_eq "C1 after the mixed payments" \
    "C1,EUR,0.00,84.99,0.00,0.00,98.00,0.00,182.99" \
    "$(grep '^C1,' "$W/pay_mixed.aging")"

# From the first row that comes back to a customer, rows are applied a
# customer at a time (C1 before C2); what the import says is what line
# order says, in line order.
export DUN_DB="$W/pay_mixed.db"
cat >pay_dup.csv <<'EOF'
id,date,customer_id,invoice_number,amount,currency,method,reference
P20,2026-06-06,C1,,1.00,EUR,card,
P21,2026-06-06,C2,INV-99,1.00,USD,card,
P22,2026-06-06,C1,,1.00,EUR,card,
P23,2026-06-06,C2,INV-98,1.00,USD,card,
P30,2026-06-06,C2,,1.00,USD,card,
P30,2026-06-06,C1,,1.00,EUR,card,
P24,2026-06-06,C1,,-1.00,EUR,card,
EOF
expect_status "mixed rows with errors" 1 "$DUN" $A import payments pay_dup.csv
expect_eq "mixed rows: errors in line order" \
"pay_dup.csv:3: invoice_number: unknown invoice 'INV-99'
pay_dup.csv:5: invoice_number: unknown invoice 'INV-98'
pay_dup.csv:7: id: duplicate 'P30' (first on line 6)
pay_dup.csv:8: amount: not positive (refunds are not payments)
dun: pay_dup.csv: 4 bad rows; nothing was imported" "$(cat "$W/err")"
cat >inv_dup.csv <<'EOF'
number,customer_id,issue_date,due_date,currency,total,description
A-1,C1,2026-06-01,2026-07-01,EUR,1.00,x
A-2,C2,2026-06-01,2026-07-01,USD,1.00,x
A-3,C1,2026-06-01,2026-07-01,EUR,1.00,x
X-9,C2,2026-06-01,2026-07-01,USD,1.00,x
X-9,C1,2026-06-01,2026-07-01,EUR,1.00,x
EOF
expect_status "an invoice on two customers, mixed" 1 "$DUN" $A import \
    invoices inv_dup.csv
expect_eq "mixed invoices: the later line named" \
"inv_dup.csv:6: customer_id: X-9 is already C2's invoice in USD: an invoice keeps its customer, currency and type (credit it and issue a new one)
dun: inv_dup.csv: 1 bad row; nothing was imported" "$(cat "$W/err")"
# Updates are listed in line order too.
cat >pay_upd.csv <<'EOF'
id,date,customer_id,invoice_number,amount,currency,method,reference
P4,2026-06-01,C2,INV-4,150.00,USD,cheque,
P10,2026-06-02,C1,INV-3,10.00,EUR,card,
P11,2026-06-02,C2,INV-4,20.00,USD,wire,
P12,2026-06-03,C1,INV-3,5.00,EUR,wire,
EOF
expect_status "mixed updates" 0 "$DUN" $A import payments pay_upd.csv
expect_eq "mixed updates: in line order" \
"pay_upd.csv:4: P11: updated: method
pay_upd.csv:5: P12: updated: method" "$(cat "$W/err")"
# Past 100 bad rows, the first hundred by line are listed.
awk 'BEGIN { print "id,date,customer_id,invoice_number,amount,currency,method,reference";
    for (i = 1; i <= 150; i++)
        printf "Q%d,2026-06-06,C%d,NONE-%d,1.00,EUR,card,\n", i, 2 - i % 2, i }' \
    >pay_many.csv
expect_status "150 bad mixed rows" 1 "$DUN" $A import payments pay_many.csv
expect_eq "the first hundred by line" \
"pay_many.csv:2: invoice_number: unknown invoice 'NONE-1'
pay_many.csv:3: invoice_number: unknown invoice 'NONE-2'
pay_many.csv:100: invoice_number: unknown invoice 'NONE-99'
pay_many.csv:101: invoice_number: unknown invoice 'NONE-100'
... and 50 more bad rows
dun: pay_many.csv: 150 bad rows; nothing was imported
102" "$(sed -n '1,2p;99,102p' "$W/err"; wc -l <"$W/err")"

# Rows kept past --memory go through a temporary file and come back as
# they were: 30,000 payments that go round 300 customers, with 1 MB for
# about 4 MB of rows, give what the same payments sorted by customer
# give, and the same messages in line order.
awk 'BEGIN {
    print "id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency" >"big_cust.csv"
    print "number,customer_id,issue_date,due_date,currency,total,description" >"big_inv.csv"
    print "id,date,customer_id,invoice_number,amount,currency,method,reference" >"big_pay.csv"
    for (c = 1; c <= 300; c++) {
        printf "K%03d,Customer %d,ap%d@example.com,,1 Road,Town,1000,DE,de,30,,EUR\n", c, c, c >"big_cust.csv"
        printf "KI-%03d,K%03d,2026-01-01,2026-01-31,EUR,100.00,Goods\n", c, c >"big_inv.csv"
    }
    for (i = 0; i < 30000; i++)
        printf "KP%06d,2026-02-%02d,K%03d,KI-%03d,0.03,EUR,wire,statement %d line %d of the bank account\n", i, 1 + int(i / 1200), i % 300 + 1, i % 300 + 1, int(i / 1200), i >"big_pay.csv"
}'
{ head -1 big_pay.csv; tail -n +2 big_pay.csv | sort -t, -k3,3 -s; } \
    >big_sorted.csv
for f in big_pay big_sorted; do
    export DUN_DB="$W/$f.db"
    expect_status "$f: init" 0 "$DUN" init
    expect_status "$f: customers" 0 "$DUN" $A import customers big_cust.csv
    expect_status "$f: invoices" 0 "$DUN" $A import invoices big_inv.csv
done
export DUN_DB="$W/big_pay.db"
expect_status "1 MB of rows kept, no temporary directory" 1 env \
    TMPDIR="$W/none" "$DUN" $A import payments big_pay.csv --memory 1
expect_eq "the temporary file is needed, and named" \
    "dun: cannot create the rows' temporary file in $W/none: No such file or directory" \
    "$(cat "$W/err")"
expect_status "1 MB of rows kept" 0 "$DUN" $A import payments big_pay.csv \
    --memory 1
expect_eq "1 MB of rows kept: all stored" \
    "big_pay.csv: 30000 payments: 30000 inserted, 0 updated, 0 unchanged" \
    "$(cat "$W/out")"
export DUN_DB="$W/big_sorted.db"
expect_status "sorted payments" 0 "$DUN" $A import payments big_sorted.csv
for f in big_pay big_sorted; do
    export DUN_DB="$W/$f.db"
    expect_status "$f: check" 0 "$DUN" check
    expect_status "$f: aging" 0 "$DUN" $A --format csv aging
    cp "$W/out" "$W/$f.aging"
done
expect_eq "through a temporary file as sorted" \
    "$(cat "$W/big_sorted.aging")" "$(cat "$W/big_pay.aging")"
expect_eq "K001 after 100 payments of 0.03" \
    "K001,EUR,0.00,0.00,0.00,0.00,97.00,0.00,97.00" \
    "$(grep '^K001,' "$W/big_pay.aging")"
# Bad rows among them: the same messages whether the rows went through
# the file or not, in line order.
awk -F, 'NR == 1 { print; next }
    { if (NR % 7001 == 0) $4 = "NOPE-" NR; print }' OFS=, big_pay.csv \
    >big_bad.csv
for m in 1 64; do
    expect_status "bad rows, --memory $m" 1 "$DUN" $A import payments \
        big_bad.csv --memory $m
    cp "$W/err" "$W/big_bad.$m"
done
expect_eq "bad rows through a temporary file: in line order" \
"big_bad.csv:7001: invoice_number: unknown invoice 'NOPE-7001'
big_bad.csv:14002: invoice_number: unknown invoice 'NOPE-14002'
big_bad.csv:21003: invoice_number: unknown invoice 'NOPE-21003'
big_bad.csv:28004: invoice_number: unknown invoice 'NOPE-28004'
dun: big_bad.csv: 4 bad rows; nothing was imported" "$(cat "$W/big_bad.1")"
expect_eq "bad rows in memory: the same" "$(cat "$W/big_bad.1")" \
    "$(cat "$W/big_bad.64")"

# A first import looks for no document or key the tenant cannot have
# yet, but reads back what it wrote itself: a customer's pack, and the
# buckets of keys, written when the caches were past their budget, are
# read again when the rows come back to them. 480,000 invoices after
# customer A's first three evict both caches; A's fourth comes last.
awk 'BEGIN {
    print "id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency" >"first_cust.csv"
    print "number,customer_id,issue_date,due_date,currency,total,description" >"first_inv.csv"
    print "A,Customer A,a@example.com,,1 Road,Town,1000,DE,de,30,,EUR" >"first_cust.csv"
    for (i = 1; i <= 3; i++)
        printf "A-%d,A,2026-01-0%d,2026-01-31,EUR,10.00,Goods\n", i, i >"first_inv.csv"
    for (c = 1; c <= 8000; c++) {
        printf "K%04d,Customer %d,k%d@example.com,,1 Road,Town,1000,DE,de,30,,EUR\n", c, c, c >"first_cust.csv"
        for (i = 1; i <= 60; i++)
            printf "K%04d-%02d,K%04d,2026-01-01,2026-01-31,EUR,1.00,Goods\n", c, i, c >"first_inv.csv"
    }
}'
cp first_inv.csv first_dup.csv
echo "A-4,A,2026-01-04,2026-01-31,EUR,10.00,Goods" >>first_inv.csv
echo "K0001-01,K0002,2026-01-04,2026-01-31,EUR,10.00,Goods" >>first_dup.csv
export DUN_DB="$W/first.db"
expect_status "first import: init" 0 "$DUN" init
expect_status "first import: customers" 0 "$DUN" $A import customers \
    first_cust.csv
expect_status "first import: a number met again after the caches were full" \
    1 "$DUN" $A import invoices first_dup.csv
expect_eq "first import: the duplicate found in the keys written before" \
    "first_dup.csv:480005: customer_id: K0001-01 is already K0001's invoice in EUR: an invoice keeps its customer, currency and type (credit it and issue a new one)" \
    "$(head -n 1 "$W/err")"
expect_status "first import: invoices" 0 "$DUN" $A import invoices \
    first_inv.csv
expect_status "first import: customer A's invoices" 0 "$DUN" $A \
    --format csv invoices --customer A
expect_eq "first import: A's pack read back before its fourth invoice" \
    "A-1 A-2 A-3 A-4" "$(tail -n +2 "$W/out" | cut -d, -f1 | tr '\n' ' ' |
        sed 's/ $//')"
export DUN_DB="$W/test.db"

# An import starts itself once more with glibc asking for huge pages
# where the kernel gives them on request (src/cli/huge_pages.c); a
# GLIBC_TUNABLES of the user's own is left alone; other commands start
# once. asked ENV... CMD...: "yes" if a start of dun asked for them.
asked() {
    strace -f -qq -v -s 4096 -e trace=execve -o "$W/trace" env "$@" \
        >/dev/null 2>&1
    if grep -q 'GLIBC_TUNABLES=glibc.malloc.hugetlb=1' "$W/trace"; then
        echo yes
    else
        echo no
    fi
}
if strace -o /dev/null true 2>/dev/null; then
    case $(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null) in
    *"[madvise]"*) huge=yes ;;
    *) huge=no ;;
    esac
    rm -f hp.db
    expect_status "huge pages: init" 0 "$DUN" --db hp.db init
    expect_eq "import: huge pages asked for ($huge on this kernel)" "$huge" \
        "$(asked -u GLIBC_TUNABLES "$DUN" --db hp.db $A import customers \
            customers.csv)"
    [ "$huge" = yes ] && expect_eq "import: started again by its own path" \
        "2" "$(grep -c "execve(\"$DUN\"" "$W/trace")"
    expect_status "import: the rows are in after the start again" 0 \
        "$DUN" --db hp.db --format csv customers
    expect_eq "import: the rows are in after the start again" "4" \
        "$(wc -l <"$W/out" | tr -d ' ')"
    expect_eq "import: a GLIBC_TUNABLES of the user's own is left alone" \
        "no" "$(asked GLIBC_TUNABLES=glibc.malloc.hugetlb=0 "$DUN" --db hp.db \
                $A import customers customers.csv)"
    expect_eq "other commands: no start again" "no" \
        "$(asked -u GLIBC_TUNABLES "$DUN" --db hp.db $A aging)"
else
    echo "ok - # skip huge pages: strace cannot trace processes here"
fi

export DUN_DB="$W/test.db"

expect_status "unknown command" 2 "$DUN" agin
expect_status "missing database" 1 "$DUN" --db "$W/nope.db" aging
finish
