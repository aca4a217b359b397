#!/bin/sh
# dun policy: the default stored by init, check with every error by line,
# load as a new version (a bad file stores nothing), show and list; a
# template the run would not find refused; thresholds against the books.
# usage: test_policy.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1
export DUN_DB="$W/test.db"

expect_status "init" 0 "$DUN" --as-of 2026-06-01 init
expect_status "show default" 0 "$DUN" policy show
cp "$W/out" default.ini
expect_eq "default policy is commented" \
    "; dun collection policy. Reference: docs/policy.md." \
    "$(head -1 default.ini)"
expect_status "default is sound" 0 "$DUN" policy check default.ini
expect_eq "check says" \
    "default.ini: policy is sound: 4 stages, 3 segments" "$(cat "$W/out")"
expect_status "init again keeps the policy" 0 "$DUN" init
expect_status "list" 0 "$DUN" --format csv policy list
expect_eq "one version" "version,loaded_on,source
1,2026-06-01,default" "$(cat "$W/out")"

cat >bad.ini <<'EOT'
[policy]
grace_days = -1
[stage "reminder"]
after_due_days = 3
channels = email, fax
template = reminder
[stage "late"]
after_due_days = 2
channels = letter
template = late
EOT
expect_status "check a bad policy" 1 "$DUN" policy check bad.ini
expect_eq "every error by line" \
"bad.ini:2: grace_days: a number of days, 0 to 3650
bad.ini:5: channels: a list of email, letter, phone" "$(cat "$W/err")"
expect_status "load a bad policy" 1 "$DUN" policy load bad.ini
expect_eq "load reports and stores nothing" \
"bad.ini:2: grace_days: a number of days, 0 to 3650
bad.ini:5: channels: a list of email, letter, phone
dun: bad.ini: not loaded" "$(cat "$W/err")"
sed -i 's/^grace_days = -1/grace_days = 1/; s/email, fax/email/' bad.ini
expect_status "order is checked once keys are sound" 1 "$DUN" policy check \
    bad.ini
expect_eq "stage order error" "bad.ini:7: stage \"late\": starts at day 2, \
not after the stage before it (day 3)" "$(cat "$W/err")"

sed 's/^min_days_between_contacts = 7 /min_days_between_contacts = 10/' \
    default.ini >mine.ini
expect_status "load" 0 "$DUN" --as-of 2026-06-15 policy load mine.ini
expect_eq "load says" "mine.ini: stored as policy version 2" \
    "$(cat "$W/out")"
expect_status "show in force" 0 "$DUN" policy show
expect_eq "in force is the new one" "$(cat mine.ini)" "$(cat "$W/out")"
expect_status "show version 1" 0 "$DUN" policy show 1
expect_eq "version 1 kept" "$(cat default.ini)" "$(cat "$W/out")"
expect_status "list" 0 "$DUN" --format csv policy list
expect_eq "two versions" "version,loaded_on,source
1,2026-06-01,default
2,2026-06-15,mine.ini" "$(cat "$W/out")"
# A template no compiled-in template set has would fail the run for
# everyone: check and load refuse it by its line; the policy in force
# stays as it was.
sed 's/^template = final-demand/template = nosuch/' mine.ini >bad-template.ini
line=$(grep -n '^template = nosuch' bad-template.ini | cut -d: -f1)
expect_status "check an unknown template" 1 "$DUN" policy check \
    bad-template.ini
expect_eq "unknown template by line" "bad-template.ini:$line: template: \
no template nosuch (there are final-demand, notice, plan-missed, pre-due, reminder, statement)" \
    "$(cat "$W/err")"
expect_status "load an unknown template" 1 "$DUN" --as-of 2026-06-16 \
    policy load bad-template.ini
expect_eq "load refuses it" "bad-template.ini:$line: template: no template \
nosuch (there are final-demand, notice, plan-missed, pre-due, reminder, statement)
dun: bad-template.ini: not loaded" "$(cat "$W/err")"
expect_status "show in force after the refusal" 0 "$DUN" policy show
expect_eq "the policy in force is unchanged" "$(cat mine.ini)" \
    "$(cat "$W/out")"
expect_status "list after the refusal" 0 "$DUN" --format csv policy list
expect_eq "still two versions" "version,loaded_on,source
1,2026-06-01,default
2,2026-06-15,mine.ini" "$(cat "$W/out")"
cat >handoff.ini <<'EOT'
[stage "reminder"]
after_due_days = 3
channels = email, phone
template = reminder
handoff_to = lawyer
[stage "court"]
after_due_days = 30
action = handoff
handoff_to = court
EOT
expect_status "check handoff_to" 1 "$DUN" policy check handoff.ini
expect_eq "handoff_to errors" \
"handoff.ini:9: handoff_to: agency or lawyer" "$(cat "$W/err")"
sed -i 's/^handoff_to = court/handoff_to = lawyer/' handoff.ini
expect_status "check handoff_to on a message stage" 1 "$DUN" policy check \
    handoff.ini
expect_eq "handoff_to only for hand-offs" \
"handoff.ini:5: stage \"reminder\": handoff_to is only for action = handoff" \
    "$(cat "$W/err")"

# Thresholds against the books: each currency owed that a threshold does
# not cover is a warning naming the key's line; the check still passes.
cat >customers.csv <<'EOT'
id,name,email,phone,address,city,postal_code,country,language,payment_terms_days,credit_limit,currency
C1,Alder,ap@alder.example,,,,,DE,de,30,0.00,EUR
C2,Birch,ap@birch.example,,,,,JP,en,30,0,JPY
EOT
cat >invoices.csv <<'EOT'
number,customer_id,issue_date,due_date,currency,total,description
I-1,C1,2026-05-01,2026-05-31,EUR,300.00,Bread
I-2,C1,2026-05-01,2026-05-31,GBP,300.00,Tea
I-3,C2,2026-05-01,2026-05-31,JPY,60000,Rice
I-4,C2,2026-05-01,2026-05-31,BHD,10.000,Dates
EOT
expect_status "import customers" 0 "$DUN" import customers customers.csv
expect_status "import invoices" 0 "$DUN" import invoices invoices.csv
agency=$(grep -n '^min_customer_overdue = 500.00' mine.ini | cut -d: -f1)
large=$(grep -n '^min_customer_overdue = 10000.00' mine.ini | cut -d: -f1)
expect_status "check against the books" 0 "$DUN" policy check mine.ini
expect_eq "sound" "mine.ini: policy is sound: 4 stages, 3 segments" \
    "$(cat "$W/out")"
expect_eq "uncovered currencies are warnings" \
"mine.ini:$agency: warning: stage \"agency\": min_customer_overdue: no \
threshold for BHD, a currency owed in the books
mine.ini:$agency: warning: stage \"agency\": min_customer_overdue: no \
threshold for JPY, a currency owed in the books
mine.ini:$large: warning: segment \"large-debt\": min_customer_overdue: no \
threshold for BHD, a currency owed in the books
mine.ini:$large: warning: segment \"large-debt\": min_customer_overdue: no \
threshold for JPY, a currency owed in the books" "$(cat "$W/err")"
sed 's/^min_customer_overdue = 500.00 /min_customer_overdue = 500.00, 60000 JPY, 500.000/; s/^min_customer_overdue = 10000.00/min_customer_overdue = 10000.00, 1000000 JPY, 5000.000 BHD/' \
    mine.ini >covered.ini
expect_status "check a policy covering the books" 0 "$DUN" policy check \
    covered.ini
expect_eq "no warnings" "" "$(cat "$W/err")"
sed 's/^min_customer_overdue = 500.00 /min_customer_overdue = 500 /' \
    mine.ini >bare.ini
expect_status "check a bare integer" 1 "$DUN" policy check bare.ini
expect_eq "bare integer hint" "bare.ini:$agency: min_customer_overdue: 500: \
write 500.00, or name the currency: 500 JPY" "$(cat "$W/err")"
mkdir nodb
expect_status "check without a database" 0 env -u DUN_DB sh -c \
    "cd nodb && '$DUN' policy check ../mine.ini"
expect_eq "no books, no warnings" "" "$(cat "$W/err")"

expect_status "show a missing version" 1 "$DUN" policy show 9
expect_eq "missing version" "dun: no policy version 9" "$(cat "$W/err")"
expect_status "check a missing file" 1 "$DUN" policy check nope.ini
expect_eq "missing file" "nope.ini: cannot open: No such file or directory" \
    "$(cat "$W/err")"
expect_status "usage" 2 "$DUN" policy frobnicate
finish
