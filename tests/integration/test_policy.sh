#!/bin/sh
# dun policy: the default stored by init, check with every error by line,
# load as a new version (a bad file stores nothing), show and list.
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
expect_status "show a missing version" 1 "$DUN" policy show 9
expect_eq "missing version" "dun: no policy version 9" "$(cat "$W/err")"
expect_status "check a missing file" 1 "$DUN" policy check nope.ini
expect_eq "missing file" "nope.ini: cannot open: No such file or directory" \
    "$(cat "$W/err")"
expect_status "usage" 2 "$DUN" policy frobnicate
finish
