#!/usr/bin/env bash
# Has the real udev read udev/70-swipe.rules: `udevadm verify` where systemd has it (253+), else
# `udevadm test` with the rules installed for a moment (root only; it changes /etc/udev/rules.d
# and adds the system group swipe, as the package will). Any complaint about the file fails.
set -euo pipefail
cd "$(dirname "$0")/.."
rules=udev/70-swipe.rules
command -v udevadm >/dev/null || { echo "check-udev: udevadm missing (apt-get install udev)" >&2; exit 1; }
if udevadm verify --help >/dev/null 2>&1; then
    udevadm verify "$rules"
    echo "$rules: udevadm verify passed"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "check-udev: not root, skipped (udevadm test needs the rules in /etc/udev/rules.d)"
    exit 0
fi
getent group swipe >/dev/null || groupadd --system swipe
installed=/etc/udev/rules.d/70-swipe-check.rules
trap 'rm -f "$installed"' EXIT
install -m 0644 "$rules" "$installed"
output=$(udevadm test --action=add /sys/class/net/lo 2>&1 || true)
echo "$output" | grep -q "Reading rules file: $installed" || { echo "udevadm did not read the rules" >&2; exit 1; }
complaints=$(echo "$output" | grep -F "$installed" | grep -v "Reading rules file" || true)
if [ -n "$complaints" ]; then
    echo "$complaints" >&2
    exit 1
fi
echo "$rules: udevadm test read it without a complaint"
