#!/usr/bin/env bash
# The demo, from a fresh clone: installs system packages, builds, then runs
# `swipe demo`: the reference catalog in-process on a temporary SQLite file, a
# station in event mode hearing the recordings in hardware/ through real ALSA
# capture, then the bookkeeper's one-cent test charge, its void and the day's report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift build --product swipe
.build/debug/swipe demo "$@"
