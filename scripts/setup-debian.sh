#!/usr/bin/env bash
# Installs what building and testing swipe needs on a fresh Debian machine.
# Swift itself is expected on PATH (https://swift.org/install, /opt/swift here).
# More packages may be named as arguments (the tests add the packaging tools).
set -euo pipefail
packages=(libsqlite3-dev libasound2-dev libusb-1.0-0-dev pkg-config udev systemd "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
command -v swift >/dev/null || { echo "swift is not on PATH: install Swift 6 first" >&2; exit 1; }
