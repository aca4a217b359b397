#!/bin/sh
# dun templates export: the built-in templates as files, byte for byte
# what templates/ holds, its owner's only, a symbolic link replaced and
# never followed.
# usage: test_templates.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$2
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1

n=$(find "$SRC/templates" -name '*.mustache' | wc -l | tr -d ' ')
mkdir exported exported/en
echo "not yours" >victim.txt
ln -s "$W/victim.txt" exported/en/reminder.text.mustache
expect_status "export" 0 "$DUN" templates export exported
expect_eq "export says" "$n templates written to exported" "$(cat "$W/out")"
expect_eq "every file as the source has it" "" "$(diff -r exported "$SRC/templates")"
expect_eq "the link's target untouched" "not yours" "$(cat victim.txt)"
expect_eq "what it makes is the owner's only" "700 600" \
    "$(stat -c '%a' exported/de) $(stat -c '%a' exported/en/reminder.text.mustache)"
expect_status "again: the same files" 0 "$DUN" templates export exported
expect_eq "still the same" "" "$(diff -r exported "$SRC/templates")"
expect_status "a directory that cannot be made" 1 "$DUN" templates export \
    "$W/nowhere/out"
expect_eq "why" "dun: $W/nowhere/out: cannot create: No such file or directory" \
    "$(cat "$W/err")"
expect_status "usage" 2 "$DUN" templates export
finish
