#!/bin/sh
# Build and install dun: the binary, dun(1), bash completion and the
# mapping files (README: Installing).
# usage: scripts/install.sh [--prefix DIR]   (default /usr/local)
set -eu
cd "$(dirname "$0")/.."
prefix=/usr/local
if [ $# -eq 2 ] && [ "$1" = "--prefix" ]; then
    prefix=$2
elif [ $# -ne 0 ]; then
    echo "usage: scripts/install.sh [--prefix DIR]" >&2
    exit 2
fi
scripts/build.sh build-release --buildtype=release --prefix="$prefix"
# A build directory set up earlier keeps its prefix unless told.
meson configure build-release --prefix="$prefix" >/dev/null
ninja -C build-release >/dev/null
SUDO=""
if [ ! -w "$(dirname "$prefix")" ] && [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
fi
$SUDO meson install -C build-release --no-rebuild
echo "installed: $prefix/bin/dun ($("$prefix/bin/dun" --version))" >&2
