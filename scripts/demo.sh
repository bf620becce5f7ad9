#!/usr/bin/env bash
# The demo, from a fresh clone: installs system packages, builds, decodes the bundled recordings.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift build --product swipe
echo "== swipe decode hardware/*.wav"
.build/debug/swipe decode hardware/*.wav || true
echo
echo "== swipe decode --json hardware/visa-track2-44k.wav"
.build/debug/swipe decode --json hardware/visa-track2-44k.wav
