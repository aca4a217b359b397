#!/bin/sh
# The shipped mappings for Xero's invoice export and QuickBooks Online's
# invoice layout: lines grouped, dates and numbers in the tools' formats,
# customers created, amounts already paid recorded, drafts skipped, and
# the exact balances that follow. The customers the exports create are
# not in the directory of customers the importer reads before the first
# row: each is found again by a lookup of its own.
# usage: test_mappings.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
ROOT=$(cd "$2" && pwd)
DATA=$ROOT/tests/data/mappings
XERO=$ROOT/mappings/xero-invoices-export.ini
QBO=$ROOT/mappings/quickbooks-online-invoices.ini
. "$ROOT/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"
A="--as-of 2026-06-30"

expect_status "init" 0 "$DUN" init
expect_status "xero import" 0 "$DUN" $A import invoices \
    "$DATA/xero_invoices_export.csv" --map "$XERO"
expect_eq "xero summary" "$DATA/xero_invoices_export.csv: 7 invoice lines: \
4 inserted, 0 updated, 0 unchanged, 2 skipped; 2 paid amounts recorded" \
    "$(cat "$W/out")"
expect_status "quickbooks import" 0 "$DUN" $A import invoices \
    "$DATA/quickbooks_invoices.csv" --map "$QBO"
expect_eq "quickbooks summary" "$DATA/quickbooks_invoices.csv: 4 invoice \
lines: 3 inserted, 0 updated, 0 unchanged" "$(cat "$W/out")"

# Xero: DD/MM dates, Total (tax included) once per invoice however many
# lines, still-due amounts from InvoiceAmountDue, the draft INV-0004 left
# out. QuickBooks: MM/DD dates, "*Item Amount" (not "Item amount") summed
# over lines with a thousands comma, the due date from Terms when empty.
expect_status "invoices" 0 "$DUN" $A --format csv invoices
expect_eq "invoices" \
'number,customer,type,issue_date,due_date,currency,total,balance
1001,Harbor Dental,invoice,2026-02-10,2026-03-12,USD,1325.50,1325.50
1003,Harbor Dental,invoice,2026-06-20,2026-07-20,USD,99.99,99.99
INV-0003,Kauri Joinery,invoice,2026-01-20,2026-02-19,NZD,500.00,0.00
INV-0005,Kauri Joinery,invoice,2026-06-01,2026-07-01,AUD,1200.00,1200.00
1002,Lopez & Sons Plumbing,invoice,2026-05-01,2026-05-16,USD,300.00,300.00
INV-0001,"Ridgeway Bakery, Ltd",invoice,2026-02-03,2026-03-05,NZD,230.00,230.00
INV-0002,"Ridgeway Bakery, Ltd",invoice,2026-03-15,2026-04-14,NZD,115.00,75.00' \
    "$(cat "$W/out")"

expect_status "aging" 0 "$DUN" $A --format csv aging
expect_eq "aging" \
'customer,currency,current,1-30,31-60,61-90,91+,unapplied_credit,total
Harbor Dental,USD,99.99,0.00,0.00,0.00,1325.50,0.00,1425.49
Kauri Joinery,AUD,1200.00,0.00,0.00,0.00,0.00,0.00,1200.00
Lopez & Sons Plumbing,USD,0.00,0.00,300.00,0.00,0.00,0.00,300.00
"Ridgeway Bakery, Ltd",NZD,0.00,0.00,0.00,75.00,230.00,0.00,305.00' "$(cat "$W/out")"

expect_status "customers" 0 "$DUN" --format csv customers
expect_eq "customers created from the exports" \
'id,name,email,country,currency,payment_terms_days,credit_limit
Harbor Dental,Harbor Dental,,,USD,30,0.00
Kauri Joinery,Kauri Joinery,pay@kauri.example.nz,New Zealand,NZD,30,0.00
Lopez & Sons Plumbing,Lopez & Sons Plumbing,,,USD,30,0.00
"Ridgeway Bakery, Ltd","Ridgeway Bakery, Ltd",accounts@ridgeway.example.nz,New Zealand,NZD,30,0.00' \
    "$(cat "$W/out")"

# The same export a month later changes nothing: the paid amounts keep
# their day.
expect_status "xero again" 0 "$DUN" --as-of 2026-07-31 import invoices \
    "$DATA/xero_invoices_export.csv" --map "$XERO"
expect_eq "xero again summary" "$DATA/xero_invoices_export.csv: 7 invoice \
lines: 0 inserted, 0 updated, 4 unchanged, 2 skipped" "$(cat "$W/out")"
expect_status "quickbooks again" 0 "$DUN" $A import invoices \
    "$DATA/quickbooks_invoices.csv" --map "$QBO"
expect_eq "quickbooks again summary" "$DATA/quickbooks_invoices.csv: 4 \
invoice lines: 0 inserted, 0 updated, 3 unchanged" "$(cat "$W/out")"

# A later export with more paid records the new amount on its day.
sed 's/,115.00,15.00,40.00,75.00,/,115.00,15.00,115.00,0.00,/' \
    "$DATA/xero_invoices_export.csv" >later.csv
expect_status "later export" 0 "$DUN" --as-of 2026-07-15 import invoices \
    later.csv --map "$XERO"
expect_eq "later export summary" "later.csv: 7 invoice lines: 0 inserted, \
0 updated, 4 unchanged, 2 skipped; 1 paid amount recorded" "$(cat "$W/out")"
expect_status "INV-0002 paid" 0 "$DUN" --as-of 2026-07-15 --format csv \
    invoices --customer "Ridgeway Bakery, Ltd"
expect_eq "INV-0002 paid" \
'number,customer,type,issue_date,due_date,currency,total,balance
INV-0001,"Ridgeway Bakery, Ltd",invoice,2026-02-03,2026-03-05,NZD,230.00,230.00
INV-0002,"Ridgeway Bakery, Ltd",invoice,2026-03-15,2026-04-14,NZD,115.00,0.00' \
    "$(cat "$W/out")"

# Bad rows name file, line and field; nothing is imported.
sed 's#,15/03/2026,#,15/13/2026,#; s/,Sales Invoice,Sent,Paid/,Sales Credit Note,Sent,Paid/' \
    "$DATA/xero_invoices_export.csv" >bad.csv
expect_status "bad export" 1 "$DUN" $A import invoices bad.csv --map "$XERO"
expect_eq "bad export errors" \
"bad.csv:4: issue_date: not a date (DD/MM/YYYY): '15/13/2026'
bad.csv:5: type: 'Sales Credit Note' is not in the mapping's [types]
dun: bad.csv: 2 bad rows; nothing was imported" "$(cat "$W/err")"

# Bad mapping files name file, line and key.
printf '[mapping]\nkind = invoices\ngroup_lines = often\n' >bad1.ini
expect_status "bad mapping value" 1 "$DUN" $A import invoices \
    "$DATA/quickbooks_invoices.csv" --map bad1.ini
expect_eq "bad mapping value error" \
    "dun: bad1.ini:3: group_lines: must be yes or no" "$(cat "$W/err")"
printf '[mapping]\nkind = invoices\n[types]\nInvoice = bill\n' >bad2.ini
expect_status "bad mapping type" 1 "$DUN" $A import invoices \
    "$DATA/quickbooks_invoices.csv" --map bad2.ini
expect_eq "bad mapping type error" \
    "dun: bad2.ini:4: Invoice: must be invoice or credit_note" \
    "$(cat "$W/err")"
printf '[mapping]\nkind = invoices\n[columns]\nnumber = No\n' >bad3.ini
expect_status "mapping misses a required field" 1 "$DUN" $A import \
    invoices "$DATA/quickbooks_invoices.csv" --map bad3.ini
expect_eq "required field error" \
    "dun: bad3.ini: columns: customer_id: required field not mapped" \
    "$(cat "$W/err")"
printf '[mapping]\nkind = invoices\n[skip]\nState = Draft\n[columns]\nnumber = *Invoice number\ncustomer_id = *Customer\nissue_date = *Invoice date\ntotal = *Item Amount\n' >bad4.ini
expect_status "skip column missing" 1 "$DUN" $A import invoices \
    "$DATA/quickbooks_invoices.csv" --map bad4.ini
expect_eq "skip column error" \
    "dun: $DATA/quickbooks_invoices.csv:1: header: missing column 'State'" \
    "$(cat "$W/err")"
expect_status "check" 0 "$DUN" check
# A contact the export creates is checked as a customers file is: its
# e-mail goes into headers.
head -1 "$DATA/xero_invoices_export.csv" >"$W/xero_bad.csv"
sed -n 2p "$DATA/xero_invoices_export.csv" |
    sed 's/^"Ridgeway Bakery, Ltd",accounts@ridgeway.example.nz,/"Injected Ltd","a@b.test>, <boss@evil.test",/; s/INV-0001/INV-9001/g' \
    >>"$W/xero_bad.csv"
expect_status "a created contact with two addresses" 1 "$DUN" $A import \
    invoices "$W/xero_bad.csv" --map "$XERO"
expect_eq "says so" "$W/xero_bad.csv:2: email: not an e-mail address: one of < > , ; \" ( ): give one bare address" \
    "$(grep "^$W/xero_bad.csv" "$W/err")"
finish
