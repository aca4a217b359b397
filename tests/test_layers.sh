#!/bin/sh
# The architecture (DESIGN.md section 4) as a test: dependencies point one
# way. cli/ reaches the use cases only through app/: it includes no store/
# header and calls no store operation; core/ is pure and includes nothing
# from the layers above it.
# usage: test_layers.sh SOURCE_ROOT
root=$(cd "$1" && pwd) || exit 1
cd "$root/src" || exit 1
fails=0

# offenders DESCRIPTION GREP_ARGS...: report matching lines, count a failure.
offenders() {
    what=$1
    shift
    found=$(grep -n "$@" 2>/dev/null)
    if [ -n "$found" ]; then
        echo "not ok - $what:"
        printf '%s\n' "$found"
        fails=$((fails + 1))
    else
        echo "ok - $what"
    fi
}

offenders "cli/ includes no store/ header" \
    -E '#[[:space:]]*include[[:space:]]*"store/' cli/*.c cli/*.h
offenders "cli/ calls no store operation" \
    -E '(->ops->|\<store_(open|close|begin|commit|rollback)\()' \
    cli/*.c cli/*.h
# Nor through an app header: the use cases' types are core's or their own.
offenders "the app headers cli/ includes include no store/ header" \
    -E '#[[:space:]]*include[[:space:]]*"store/' \
    $(sed -n 's/^#include "\(app\/[a-z_]*\.h\)"$/\1/p' cli/*.c cli/*.h | sort -u)
offenders "core/ includes nothing from store/, io/, render/, app/, cli/" \
    -E '#[[:space:]]*include[[:space:]]*"(store|io|render|app|cli)/' \
    core/*.c core/*.h
# Integration tests read the database only through dun; only the store's
# own tests (test_store_*.sh) open the file with sqlite3.
cd "$root/tests/integration" || exit 1
offenders "integration tests read the database only through dun" \
    -E 'sqlite3[[:space:]]+("|\$|[a-z])' \
    $(ls test_*.sh | grep -v '^test_store_')
[ "$fails" -eq 0 ]
