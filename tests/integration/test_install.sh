#!/bin/sh
# 'meson install' puts dun, dun(1), the bash completion and the mappings
# where the README says; the man page renders without warnings and the
# completion knows every command.
# usage: test_install.sh BUILD_ROOT SOURCE_ROOT
B=$1
. "$2/tests/integration/lib.sh"

expect_status "meson install" 0 meson install -C "$B" --no-rebuild \
    --destdir "$W/root"
prefix=$(meson introspect "$B" --buildoptions |
    python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"][0])')
R="$W/root$prefix"
for f in bin/dun share/man/man1/dun.1 share/bash-completion/completions/dun \
    share/dun/mappings/xero-invoices-export.ini \
    share/dun/mappings/quickbooks-online-invoices.ini; do
    expect_eq "installed $f" "yes" "$([ -f "$R/$f" ] && echo yes)"
done
expect_eq "installed dun runs" "dun 0.1.0 (SQLite $(sqlite3 -version |
    cut -d' ' -f1))" "$("$R/bin/dun" --version)"
# PDF letters and SMTP are modules the installed dun finds from where it
# is (src/modules/loader.h), and loads only when it prints or sends.
libdir=$(meson introspect "$B" --buildoptions |
    python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"] == "libdir"][0])')
for m in dun-pdf dun-smtp; do
    expect_eq "installed $libdir/dun/$m.so" "yes" \
        "$([ -f "$R/$libdir/dun/$m.so" ] && echo yes)"
done
expect_eq "dun needs none of the modules' libraries to start" "" \
    "$(ldd "$R/bin/dun" | grep -E 'libcairo|libpango|libcurl|libqrencode')"
D=$2/tests/data/import
expect_status "installed dun: init" 0 "$R/bin/dun" --db "$W/i.db" init
for k in customers invoices; do
    expect_status "installed dun: import $k" 0 "$R/bin/dun" --db "$W/i.db" \
        --as-of 2026-06-30 import $k "$D/$k.csv"
done
expect_status "installed dun: a statement as PDF" 0 "$R/bin/dun" \
    --db "$W/i.db" --as-of 2026-06-30 statement C1 --pdf "$W/s.pdf"
expect_eq "installed dun: the PDF module wrote it" "%PDF-" \
    "$(head -c 5 "$W/s.pdf")"
# A dun without its modules says what is missing, and does the rest.
mkdir "$W/alone"
cp "$R/bin/dun" "$W/alone/dun"
expect_status "dun without its modules: a statement as PDF" 1 \
    "$W/alone/dun" --db "$W/i.db" --as-of 2026-06-30 statement C1 \
    --pdf "$W/t.pdf"
expect_eq "dun without its modules: what is missing" \
    "dun-pdf.so" "$(grep -o 'cannot load dun-pdf\.so' "$W/err" | cut -c13-)"
expect_eq "dun without its modules: no PDF left" "no" \
    "$([ -e "$W/t.pdf" ] && echo yes || echo no)"
expect_status "dun without its modules: a statement as text" 0 \
    "$W/alone/dun" --db "$W/i.db" --as-of 2026-06-30 statement C1
if command -v groff >/dev/null; then
    expect_eq "dun(1) renders without warnings" "" \
        "$(groff -man -ww -z "$R/share/man/man1/dun.1" 2>&1)"
fi
expect_eq "dun(1) has every command" "" "$("$R/bin/dun" help --commands |
    while read -r c; do
        grep -q "^\.B dun $c\b" "$R/share/man/man1/dun.1" || echo "$c"
    done)"
expect_eq "completion knows every command" "" "$("$R/bin/dun" help --commands |
    bash -c ". '$R/share/bash-completion/completions/dun'
        words=\$(_dun_words help)
        while read -r c; do
            case \" \$(echo \$words) \" in *\" \$c \"*) ;; *) echo \$c ;; esac
        done")"
expect_eq "completion of a command" "policy" "$(bash -c ". '$R/share/bash-completion/completions/dun'
    COMP_WORDS=(dun --db x.db pol); COMP_CWORD=3; _dun; echo \${COMPREPLY[*]}")"
expect_eq "completion of a sub-command" "load list" "$(bash -c ". '$R/share/bash-completion/completions/dun'
    COMP_WORDS=(dun policy l); COMP_CWORD=2; _dun; echo \${COMPREPLY[*]}")"
finish
