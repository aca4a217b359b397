# Shared by the benchmark scripts (sourced after `cd` to the project
# root, with SET and RUNS set): the data set, the peers' packages, a
# release build, a scratch folder $W, and the timing helpers.
SHARED=$(cd ../shared && pwd)
case $SET in
S) args="--customers 1000 --invoices 20000 --seed 7" ;;
M) args="--customers 50000 --invoices 1000000 --seed 1" ;;
L) args="--customers 200000 --invoices 10000000 --seed 1" ;;
*) echo "usage: $0 [S|M|L] [RUNS]" >&2; exit 2 ;;
esac
DATA=bench/data/$SET
if [ ! -f "$DATA/payments.csv" ]; then
    mkdir -p "$DATA"
    # shellcheck disable=SC2086
    python3 "$SHARED/bench/gen_ar.py" $args --as-of 2026-06-30 --out "$DATA"
fi
PEERS=${PEERS:-sqlite pg duck}
# The peers' own needs: a PostgreSQL server, Node.js for DuckDB (the
# DuckDB package itself comes from npm on first use), bc for the sums.
extra="bc time"
case " $PEERS " in *" pg "*) extra="$extra postgresql" ;; esac
case " $PEERS " in *" duck "*)
    command -v npm >/dev/null || extra="$extra nodejs npm" ;;
esac
# shellcheck disable=SC2086
scripts/install-deps.sh $extra
if [ ! -f build-release/build.ninja ]; then
    meson setup build-release --buildtype=release >/dev/null
fi
ninja -C build-release >/dev/null
DUN=$(pwd)/build-release/src/dun
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure NAME CMD...: one whole-process run, "NAME: S s, K KB, C s CPU"
# to stdout; the times, peak RSS and CPU seconds (user + system, all
# threads) collect in $W/NAME.s, $W/NAME.kb and $W/NAME.cpu
measure() {
    name=$1; shift
    /usr/bin/time -f "%e %M %U %S" -o "$W/time" "$@" >"$W/out" 2>"$W/err" ||
        { cat "$W/err" >&2; exit 1; }
    read -r secs kb user sys <"$W/time"
    cpu=$(echo "$user + $sys" | bc)
    echo "$name: $secs s, $kb KB, $cpu s CPU"
    echo "$secs" >>"$W/$name.s"
    echo "$kb" >>"$W/$name.kb"
    echo "$cpu" >>"$W/$name.cpu"
}

# run_peers: the peer baselines on the same files, into $W/peers too
run_peers() {
    echo "peers (same data, same run):"
    # shellcheck disable=SC2086
    "$SHARED/bench/peers/run.sh" "$DATA" $PEERS | tee "$W/peers"
}

# peer PREFIX: the median of the peers' timings on lines starting PREFIX
peer() { grep "^$1" "$W/peers" | sed "s/^$1[^:]*: \([0-9.]*\) s.*/\1/" |
         median; }
ratio() {
    if [ "$(echo "$2 > 0" | bc)" = 1 ]; then echo "scale=2; $1 / $2" | bc
    else echo "n/a (too fast to time)"; fi
}
