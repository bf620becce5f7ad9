#!/usr/bin/env bash
# The demo, from a fresh clone: installs system packages, builds, then plays an
# event on the embedded catalog server: decode the bundled recordings, sign in,
# list products, sell by swipe, charge and void a one-cent test, print the day.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift build --product swipe
swipe=.build/debug/swipe
work=$(mktemp -d)
export SWIPE_SESSION="$work/session.json"
port=${SWIPE_DEMO_PORT:-8765}
server="http://127.0.0.1:$port"

step() { printf '\n== %s\n' "$*"; }

step "swipe decode hardware/*.wav (the reader recordings)"
"$swipe" decode hardware/*.wav || true

step "swipe catalog serve --demo-data (the embedded school-payments catalog)"
"$swipe" catalog serve --db "$work/catalog.sqlite" --demo-data --listen "127.0.0.1:$port" > "$work/server.log" 2>&1 &
server_pid=$!
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "listening" "$work/server.log" && break; sleep 0.1; done
cat "$work/server.log"

step "a volunteer signs in: district, user, school"
SWIPE_PASSWORD=demo-volunteer "$swipe" login --server "$server" --district "Demo District" --user volunteer --school "Demo High"
"$swipe" products

step "sell two game tickets to the Visa in hardware/visa-track2-44k.wav"
"$swipe" charge --product high-game-ticket --quantity 2 --swipe hardware/visa-track2-44k.wav

step "a donation of \$20 from the Mastercard in hardware/mastercard-dual-head-48k.wav"
"$swipe" charge --product high-donation --price 2000 --swipe hardware/mastercard-dual-head-48k.wav

step "an expired card is refused on the device, before anything is sent"
"$swipe" charge --product high-game-ticket --swipe hardware/refused-cards-44k.wav || true

step "the bookkeeper tests the setup with one cent, then voids it before midnight Eastern"
SWIPE_PASSWORD=demo-bookkeeper "$swipe" login --server "$server" --district "Demo District" --user bookkeeper --school "Demo High"
receipt=$("$swipe" charge --product high-test-cent --swipe hardware/event-three-swipes-44k.wav --json)
echo "$receipt"
id=$(printf '%s' "$receipt" | sed -E 's/.*"id":"([^"]+)".*/\1/')
"$swipe" void "$id"

step "the day's charges and report"
"$swipe" charges
"$swipe" report
