# Shared helpers for the shell integration tests (sourced).
# usage in a test: . lib.sh; DUN=path/to/dun; work dir in $W.
set -u
fails=0
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# expect_eq NAME WANT GOT
expect_eq() {
    if [ "$2" = "$3" ]; then
        echo "ok - $1"
    else
        echo "not ok - $1"
        echo "--- want"; printf '%s\n' "$2"
        echo "--- got"; printf '%s\n' "$3"
        fails=$((fails + 1))
    fi
}

# expect_status NAME WANT_CODE CMD...
expect_status() {
    name=$1; want=$2; shift 2
    "$@" >"$W/out" 2>"$W/err"
    got=$?
    expect_eq "$name (exit status)" "$want" "$got"
}

finish() {
    [ "$fails" -eq 0 ] || { echo "$fails check(s) failed"; exit 1; }
    exit 0
}

# business_details: the details every message needs (a real run refuses
# to start without them), for tests about something else. Uses $DUN and
# the database of the environment.
business_details() {
    "$DUN" tenant set --name "Test Trading Ltd" \
        --address "1 Test Street" --address "Testham TE1 1ST" \
        --email accounts@test-trading.example --phone "+44 20 7946 0000" \
        --iban GB33BUKB20201555555555 --bic BUKBGB22 >/dev/null
}
