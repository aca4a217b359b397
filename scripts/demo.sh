#!/bin/sh
# The main job: build dun, then run the demo collection cycle on a fresh
# embedded SQLite database in ./demo (see README). Extra arguments go to
# 'dun demo' (e.g. --dir DIR).
set -eu
cd "$(dirname "$0")/.."
scripts/build.sh build
exec build/src/dun demo "$@"
