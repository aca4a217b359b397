#!/bin/sh
# Build the libFuzzer targets (clang, ASan + UBSan) in build-fuzz and run
# each for SECONDS (default 60) on a scratch copy of its seed corpus, so
# that what a run finds never lands in tests/fuzz/corpus by itself.
# Prints one line per target; exits 1 if any target crashed, with the
# crashing input kept under build-fuzz/crashes/ (add it to the corpus
# once the bug is fixed, so that every test run replays it).
# usage: scripts/fuzz.sh [SECONDS_PER_TARGET]
set -u
cd "$(dirname "$0")/.." || exit 1

secs=${1:-60}
case $secs in
'' | *[!0-9]*)
    echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]" >&2
    exit 2
    ;;
esac

dir=build-fuzz
# -fno-sanitize-recover: UBSan's findings must stop the run, or libFuzzer
# would not see them as crashes.
opts="-Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false
    -Dc_args=-fno-sanitize-recover=all"
if [ ! -f "$dir/build.ninja" ]; then
    # shellcheck disable=SC2086
    CC=clang meson setup "$dir" $opts >/dev/null || exit 1
else
    # shellcheck disable=SC2086
    meson configure "$dir" $opts >/dev/null || exit 1
fi
if ! ninja -C "$dir" >"$dir/build.out" 2>&1; then
    cat "$dir/build.out"
    echo "$dir: build failed"
    exit 1
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/dun-fuzz.XXXXXX") || exit 1
trap 'rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM
crashes=$dir/crashes
mkdir -p "$crashes"

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

failed=0
for src in tests/fuzz/fuzz_*.c; do
    t=${src#tests/fuzz/fuzz_}
    t=${t%.c}
    exe=$dir/tests/fuzz/fuzz_$t
    log=$scratch/$t.log
    if [ ! -x "$exe" ]; then
        echo "fuzz_$t: not built (is CC clang?)"
        failed=1
        continue
    fi
    mkdir -p "$scratch/$t"
    if [ -d "tests/fuzz/corpus/$t" ]; then
        cp tests/fuzz/corpus/"$t"/* "$scratch/$t/" 2>/dev/null
    fi
    # The temporary files the targets write go to /tmp, not the tree.
    "$exe" -max_total_time="$secs" -print_final_stats=1 \
        -artifact_prefix="$crashes/fuzz_$t-" "$scratch/$t" >"$log" 2>&1
    rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    cov=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" |
        sed -n 's/.* cov: \([0-9]*\).*/\1/p')
    if [ $rc -eq 0 ]; then
        echo "fuzz_$t: ok, ${execs:-?} runs in ${secs}s, cov ${cov:-?}," \
            "corpus $(find "$scratch/$t" -type f | wc -l) inputs"
    else
        echo "fuzz_$t: FAILED (exit $rc), input:" \
            "$(sed -n 's/.*Test unit written to //p' "$log")"
        # The sanitizer report and stack: the part that explains it.
        grep -v -E '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse|INITED|RELOAD)' \
            "$log" | tail -n 60 | sed 's/^/    /'
        failed=1
    fi
done
exit $failed
