#!/bin/sh
# Install the Debian 12 packages dun needs to build, test and run.
# Idempotent and non-interactive: does nothing when everything is present.
# usage: scripts/install-deps.sh [EXTRA_PACKAGE...]
set -eu

PKGS="gcc clang meson ninja-build pkg-config libsqlite3-dev sqlite3
libinih-dev libcmocka-dev libzstd-dev liblz4-dev libicu-dev tzdata bsdutils groff-base
libcurl4-openssl-dev python3-aiosmtpd openssl strace
libcairo2-dev libpango1.0-dev libqrencode-dev poppler-utils fonts-dejavu-core
fonts-droid-fallback
$*"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
