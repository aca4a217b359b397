# Shared by the tests that talk to a real SMTP server
# (tests/tools/smtp_server.py on 127.0.0.1); sourced after lib.sh with
# ROOT set. Skips the test (77) when the server cannot run.
# Debian's python with python3-aiosmtpd, not whatever python3 is first
# on PATH (scripts/install-deps.sh installs it).
PY=/usr/bin/python3
SERVER="$ROOT/tests/tools/smtp_server.py"

if ! "$PY" -c 'import aiosmtpd' 2>/dev/null; then
    echo "skip: $PY cannot import aiosmtpd (scripts/install-deps.sh installs python3-aiosmtpd)"
    exit 77
fi

servers=""
stop_all() {
    for p in $servers; do
        kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
    done
    rm -rf "$W"
}
trap stop_all EXIT

# start NAME [SERVER_OPTION...]: a server with its mail in $W/NAME/mail;
# sets $port and $pid.
start() {
    name=$1
    shift
    mkdir -p "$W/$name"
    rm -f "$W/$name/port"
    "$PY" "$SERVER" --dir "$W/$name/mail" --conn-file "$W/$name/conns" \
        --port-file "$W/$name/port" "$@" >/dev/null 2>"$W/$name/log" &
    pid=$!
    servers="$servers $pid"
    i=0
    while [ ! -s "$W/$name/port" ]; do
        i=$((i + 1))
        if [ "$i" -gt 100 ] || ! kill -0 "$pid" 2>/dev/null; then
            echo "not ok - server $name did not start"
            cat "$W/$name/log"
            exit 1
        fi
        sleep 0.1
    done
    port=$(cat "$W/$name/port")
}

# stop PID: stop one server (its files stay).
stop() {
    kill "$1" && wait "$1" 2>/dev/null
}

