#!/bin/sh
# Configure (once) and build dun into BUILD_DIR (default: build).
# usage: scripts/build.sh [BUILD_DIR [meson setup options...]]
set -eu
cd "$(dirname "$0")/.."
dir=${1:-build}
[ $# -gt 0 ] && shift
scripts/install-deps.sh
if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@" >/dev/null
fi
ninja -C "$dir" >/dev/null
