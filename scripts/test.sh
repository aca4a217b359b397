#!/bin/sh
# The whole test suite: a -Werror build with its unit and integration
# tests, then the same suite under AddressSanitizer + UBSan, then the
# tests that make real runs under ThreadSanitizer.
# Ends with one line: "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
scripts/install-deps.sh || exit 1

passed=0
failed=0

# run_suite BUILD_DIR [MESON_SETUP_OPTIONS...]: build and test one
# configuration, adding its counts to passed/failed.
run_suite() {
    dir=$1
    shift
    # A directory set up before (scripts/demo.sh sets up build/ without
    # -Werror) is brought to this configuration.
    if [ -f "$dir/build.ninja" ]; then
        if ! meson configure "$dir" -Dwerror=true "$@" >/dev/null; then
            echo "$dir: meson configure failed"
            failed=$((failed + 1))
            return
        fi
    elif ! meson setup "$dir" --werror "$@" >/dev/null; then
        echo "$dir: meson setup failed"
        failed=$((failed + 1))
        return
    fi
    if ! ninja -C "$dir" >"$dir/build.out" 2>&1; then
        cat "$dir/build.out"
        echo "$dir: build failed"
        failed=$((failed + 1))
        return
    fi
    meson test -C "$dir" --print-errorlogs --num-processes 2 \
        >"$dir/test.out" 2>&1
    rc=$?
    # Show every test that did not pass, with its log.
    grep -E '^ *[0-9]+/[0-9]+ ' "$dir/test.out" | grep -vE ' OK ' || true
    [ $rc -ne 0 ] && sed -n '/^=* *[0-9]*\/[0-9]* /,$p' "$dir/test.out" |
        tail -n 200
    # Tests that could not run here say why (conformance data absent).
    grep -h '^skipped: ' "$dir/meson-logs/testlog.txt" 2>/dev/null |
        sort -u | sed "s|^|$dir: |"
    ok=$(sed -n 's/^Ok: *//p' "$dir/test.out")
    bad=$(sed -n 's/^Fail: *//p' "$dir/test.out")
    to=$(sed -n 's/^Timeout: *//p' "$dir/test.out")
    bad=$((${bad:-0} + ${to:-0}))
    echo "$dir: ${ok:-0} ok, $bad failed"
    passed=$((passed + ${ok:-0}))
    failed=$((failed + bad))
    if [ $rc -ne 0 ] && [ $bad -eq 0 ]; then
        failed=$((failed + 1))
    fi
}

export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0

run_suite build
run_suite build-asan -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-sanitize-recover=all

# A real run renders on threads of its own (app/render_worker.c), and an
# import reads its rows on one (io/rows_ahead.c): the tests that run them,
# once more under ThreadSanitizer. A TSan build that cannot
# start on this kernel (its memory layout) is reported as skipped.
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
if meson setup build-tsan --werror -Db_sanitize=thread \
        >/dev/null 2>&1 || [ -f build-tsan/build.ninja ]; then
    if ! ninja -C build-tsan >build-tsan/build.out 2>&1; then
        cat build-tsan/build.out
        echo "build-tsan: build failed"
        failed=$((failed + 1))
    elif ! build-tsan/src/dun --version >/dev/null 2>&1; then
        echo "build-tsan: skipped: a ThreadSanitizer program does not start here"
    else
        meson test -C build-tsan --print-errorlogs --num-processes 2 \
            run replay demo store-kill queue import rows_ahead \
            >build-tsan/test.out 2>&1
        rc=$?
        grep -E '^ *[0-9]+/[0-9]+ ' build-tsan/test.out | grep -vE ' OK ' || true
        [ $rc -ne 0 ] && tail -n 200 build-tsan/test.out
        ok=$(sed -n 's/^Ok: *//p' build-tsan/test.out)
        bad=$(sed -n 's/^Fail: *//p' build-tsan/test.out)
        echo "build-tsan: ${ok:-0} ok, ${bad:-0} failed"
        passed=$((passed + ${ok:-0}))
        failed=$((failed + ${bad:-0}))
        [ $rc -ne 0 ] && [ "${bad:-0}" -eq 0 ] && failed=$((failed + 1))
    fi
else
    echo "build-tsan: meson setup failed"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
