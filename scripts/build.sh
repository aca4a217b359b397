#!/bin/sh
# Configure (once) and build dun into BUILD_DIR (default: build).
# Shows the build's progress: the first build takes a minute or two.
# usage: scripts/build.sh [BUILD_DIR [meson setup options...]]
set -eu
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
scripts/install-deps.sh
if [ ! -f "$dir/build.ninja" ]; then
    echo "configuring $dir ..." >&2
    meson setup "$dir" "$@" >"$dir.setup.log" 2>&1 || {
        cat "$dir.setup.log" >&2
        exit 1
    }
    rm -f "$dir.setup.log"
fi
echo "building $dir ..." >&2
# Ninja prints one "[N/TOTAL] ..." line per step when not on a terminal;
# keep only every tenth and the last, so a log stays short but alive.
{ ninja -C "$dir" 2>&1; echo $? >"$dir/.ninja-status"; } | awk '
    /^\[[0-9]+\/[0-9]+\]/ { n++; last = $0; if (n % 10 == 1) print; next }
    /^ninja: no work to do/ { next }
    { print }
    END { if (last != "") print last }' >&2
exit "$(cat "$dir/.ninja-status")"
