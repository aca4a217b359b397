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
