#!/bin/sh
# dun templates export: the built-in templates as files, byte for byte
# what templates/ holds, its owner's only, a symbolic link replaced and
# never followed.
# usage: test_templates.sh DUN_BINARY SOURCE_ROOT
DUN=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$2
. "$2/tests/integration/lib.sh"
cd "$W" || exit 1

# Every file of templates/, and each language's words (_labels, from
# data/labels.ini).
n=$(( $(find "$SRC/templates" -name '*.mustache' | wc -l) + \
      $(find "$SRC/templates" -mindepth 1 -maxdepth 1 -type d | wc -l) ))
mkdir exported exported/en
echo "not yours" >victim.txt
ln -s "$W/victim.txt" exported/en/reminder.text.mustache
expect_status "export" 0 "$DUN" templates export exported
expect_eq "export says" "$n templates written to exported" "$(cat "$W/out")"
expect_eq "every file as the source has it" "" \
    "$(diff -r -x _labels.mustache exported "$SRC/templates")"
expect_eq "and the words of data/labels.ini" \
"invoice = Rechnung
open = Offener Betrag
total = Summe" "$(grep -E '^(invoice|open|total) ' exported/de/_labels.mustache)"
expect_eq "the link's target untouched" "not yours" "$(cat victim.txt)"
expect_eq "what it makes is the owner's only" "700 600" \
    "$(stat -c '%a' exported/de) $(stat -c '%a' exported/en/reminder.text.mustache)"
expect_status "again: the same files" 0 "$DUN" templates export exported
expect_eq "still the same" "" \
    "$(diff -r -x _labels.mustache exported "$SRC/templates")"
expect_status "a directory that cannot be made" 1 "$DUN" templates export \
    "$W/nowhere/out"
expect_eq "why" "dun: $W/nowhere/out: cannot create: No such file or directory" \
    "$(cat "$W/err")"
expect_status "usage" 2 "$DUN" templates export

# A business's own templates: export, edit, check, load, and the run
# renders with them; a broken set is refused and changes nothing.
export DUN_DB="$W/test.db"
"$DUN" --as-of 2026-06-01 init >/dev/null
business_details
for k in customers invoices payments; do
    "$DUN" --as-of 2026-06-30 import $k "$SRC/tests/data/run/$k.csv" \
        >/dev/null
done
# sha DIR: the first 12 hex digits of the SHA-256 of the canonical
# source of the templates in DIR (render/template_set.h's form).
sha() {
    python3 -c '
import hashlib, os, sys
d = sys.argv[1]
items = []
for lang in os.listdir(d):
    for f in os.listdir(os.path.join(d, lang)):
        with open(os.path.join(d, lang, f), "rb") as fp:
            items.append(((lang + "/" + f[:-len(".mustache")]).encode(),
                          fp.read()))
items.sort()
src = b"dun-templates 1\n" + b"".join(
    n + b" " + str(len(t)).encode() + b"\n" + t + b"\n" for n, t in items)
print(hashlib.sha256(src).hexdigest()[:12])' "$1"
}
builtin=$(sha exported)
expect_status "list: none loaded" 0 "$DUN" --format csv templates list
expect_eq "the built-in templates as version 0" \
"version,loaded_on,files,sha256,in_force,source
0,,$n,$builtin,true,built-in" "$(cat "$W/out")"

expect_status "export to edit" 0 "$DUN" templates export mine
sed -i 's/nach unseren Unterlagen/nach unseren Büchern/' \
    mine/de/reminder.text.mustache
expect_eq "one word edited, in its two places" "2" \
    "$(diff mine/de/reminder.text.mustache \
        "$SRC/templates/de/reminder.text.mustache" | grep -c '^<')"
# and a word dun sets itself: the head of the table's amount column
sed -i 's/^open = Offener Betrag$/open = Noch zu zahlen/' \
    mine/de/_labels.mustache
expect_status "check the edited" 0 "$DUN" templates check mine
expect_eq "check says" "$n templates checked, 0 problems" "$(cat "$W/out")"

cp -r mine broken
line=$(grep -n '^$' broken/de/notice.text.mustache | head -1 | cut -d: -f1)
sed -i "${line}s/^\$/{{#fee}}/" broken/de/notice.text.mustache
expect_status "check an unclosed section" 1 "$DUN" templates check broken
expect_eq "the file and line" \
"broken/de/notice.text.mustache:$line: unclosed section \"fee\"
$n templates checked, 1 problem" "$(cat "$W/err")"
cp "$DUN_DB" before.db
expect_status "load it" 1 "$DUN" --as-of 2026-06-29 templates load broken
expect_eq "load refuses" \
"broken/de/notice.text.mustache:$line: unclosed section \"fee\"
$n templates checked, 1 problem
dun: broken: not loaded" "$(cat "$W/err")"
expect_eq "the database unchanged" "same" \
    "$(cmp -s before.db "$DUN_DB" && echo same)"

cp -r mine nototal
sed -i 's/^{{>invoices_text}}$/{{#invoices}}{{{number}}} {{{due_date}}} {{{balance}}}\n{{\/invoices}}/' \
    nototal/de/final-demand.text.mustache
# and the box under it that repeats the amount due
sed -i '/^{{>deadline_box_text}}$/d' nototal/de/final-demand.text.mustache
expect_status "check a final demand without the total" 1 "$DUN" templates \
    check nototal
expect_eq "what it lacks" \
"nototal/de/final-demand.text.mustache: lacks the total, which a firm or final message must carry
$n templates checked, 1 problem" "$(cat "$W/err")"

cp -r mine odd
echo "notes" >odd/README
echo "{{>nosuch}}" >>odd/en/reminder.text.mustache
cp odd/de/notice.text.mustache odd/de/notise.text.mustache
mkdir odd/de/old
rm odd/fr/notice.html.mustache
printf 'caf\351' >odd/it/_x.mustache
echo "{{words}} without an equals sign" >>odd/nl/_labels.mustache
nl_line=$(wc -l <odd/nl/_labels.mustache | tr -d ' ')
last=$(wc -l <odd/en/reminder.text.mustache | tr -d ' ')
expect_status "check odd files" 1 "$DUN" templates check odd/
expect_eq "each by its file" \
"odd/README: not in a language's directory
odd/de/notise.text.mustache: unknown template notise (there are final-demand, notice, plan-missed, pre-due, reminder, statement)
odd/de/old: a directory
odd/it/_x.mustache: not valid UTF-8
odd/nl/_labels.mustache: line $nl_line: not KEY = WORDS
odd/en/reminder.text.mustache:$last: no partial nosuch (odd/en/_nosuch.mustache)
odd/fr/notice.html.mustache: missing: fr has other parts of notice
$((n - 2)) templates checked, 7 problems" "$(cat "$W/err")"
expect_status "check a directory not there" 1 "$DUN" templates check nodir
expect_eq "why" "dun: nodir: cannot open: No such file or directory" \
    "$(cat "$W/err")"

expect_status "load" 0 "$DUN" --as-of 2026-06-29 templates load mine
expect_eq "load says" "mine: stored as templates version 1" "$(cat "$W/out")"
expect_status "load the same again" 0 "$DUN" --as-of 2026-06-30 templates \
    load mine
expect_eq "unchanged" \
    "mine: unchanged: templates version 1, in force; nothing stored" \
    "$(cat "$W/out")"
expect_status "list" 0 "$DUN" --format csv templates list
expect_eq "one version, in force" \
"version,loaded_on,files,sha256,in_force,source
1,2026-06-29,$n,$(sha mine),true,mine" "$(cat "$W/out")"
expect_status "list as a table" 0 "$DUN" templates list
expect_eq "the table" \
"Version  Loaded on   Files  SHA-256       In force  Source
      1  2026-06-29    $n  $(sha mine)  yes       mine" "$(cat "$W/out")"
expect_status "show the files" 0 "$DUN" --format csv templates show 1
expect_eq "a file a row" "template,bytes
de/_also_due_html,$(wc -c <mine/de/_also_due_html.mustache | tr -d ' ')" \
    "$(head -2 "$W/out")"
expect_eq "every file" "$((n + 1))" "$(wc -l <"$W/out" | tr -d ' ')"
expect_status "show one in force" 0 "$DUN" templates show de/reminder.text
expect_eq "its text" "$(cat mine/de/reminder.text.mustache)" "$(cat "$W/out")"
expect_status "show one built-in" 0 "$DUN" templates show 0 \
    de/reminder.text.mustache
expect_eq "the built-in text" \
    "$(cat "$SRC/templates/de/reminder.text.mustache")" "$(cat "$W/out")"
expect_status "show a template not there" 1 "$DUN" templates show 1 de/x.text
expect_eq "why" "dun: no template de/x.text in templates version 1" \
    "$(cat "$W/err")"
expect_status "show a version not there" 1 "$DUN" templates show 7
expect_eq "why" "dun: no templates version 7" "$(cat "$W/err")"

expect_status "run" 0 "$DUN" --as-of 2026-07-10 run
expect_status "outbox" 0 "$DUN" --format csv outbox
c1=$(grep ',C1,' "$W/out" | cut -d, -f1)
expect_status "a German customer's message" 0 "$DUN" outbox show "$c1"
expect_eq "says the new word" "1" "$(grep -c 'nach unseren Büchern' "$W/out")"
expect_eq "and heads its table with the business's word" "1" \
    "$(grep -c '^  Rechnung .* Noch zu zahlen$' "$W/out")"
expect_status "the message's data" 0 "$DUN" --format json outbox show "$c1"
expect_eq "holds the words it was written with" "Noch zu zahlen Rechnung" \
    "$(python3 -c 'import json,sys; d = json.loads(json.load(sys.stdin)["data"])
print(d["labels"]["open"], d["labels"]["invoice"])' <"$W/out")"
# A statement of account says the business's words too.
expect_status "a German customer's statement" 0 "$DUN" --as-of 2026-07-10 \
    statement C1 --pdf "$W/statement.pdf"
expect_eq "in the words in force (the head of its amount column)" "1" \
    "$(pdftotext "$W/statement.pdf" - | tr '\n' ' ' | grep -o 'Noch zu zahlen' |
       wc -l | tr -d ' ')"
expect_status "verify" 0 "$DUN" outbox verify
expect_eq "every message reproduces" "3 messages reproduce byte for byte" \
    "$(cat "$W/out")"
expect_status "export in force" 0 "$DUN" templates export again
expect_eq "what was loaded" "" "$(diff -r again mine)"
expect_status "export built-in" 0 "$DUN" templates export --built-in orig
expect_eq "what is compiled in" "" "$(diff -r orig exported)"
# A policy is checked against the templates in force.
expect_status "policy check" 0 "$DUN" policy show
cp "$W/out" policy.ini
expect_status "a policy against the templates in force" 0 "$DUN" policy \
    check policy.ini
expect_status "usage: show VERSION NAME in that order" 2 "$DUN" templates \
    show de/reminder.text 1

# Templates without words (exported before sets kept them): a message
# takes the built-in words and keeps them in its own data.
cp -r mine nowords
rm nowords/*/_labels.mustache
expect_status "load templates without words" 0 "$DUN" --as-of 2026-07-16 \
    templates load nowords
expect_status "run with them" 0 "$DUN" --as-of 2026-07-17 run
expect_status "outbox with them" 0 "$DUN" --format csv outbox
c1=$(grep ',2026-07-17,C1,notice,email,' "$W/out" | cut -d, -f1)
expect_status "the German customer's next message" 0 "$DUN" --format json \
    outbox show "$c1"
expect_eq "the built-in words, kept with it" "Offener Betrag 34" \
    "$(python3 -c 'import json,sys; d = json.loads(json.load(sys.stdin)["data"])
print(d["labels"]["open"], len(d["labels"]))' <"$W/out")"
expect_status "verify all" 0 "$DUN" outbox verify
expect_eq "every message still reproduces" \
    "$(( $("$DUN" --format csv outbox | wc -l) - 1 )) messages reproduce byte for byte" \
    "$(cat "$W/out")"
finish
