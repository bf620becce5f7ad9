#!/usr/bin/env bash
# The systemd units as systemd reads them: `systemd-analyze verify` (with ExecStart pointed at the
# built binary, since /usr/bin/swipe is the package's), and `systemd-analyze security --offline`,
# whose exposure must stay at 2.0 or less ("OK"). sysusers and tmpfiles entries are parsed too.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-$PWD/.build/debug/swipe}
command -v systemd-analyze >/dev/null || { echo "check-units: systemd-analyze missing (apt-get install systemd)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
for unit in deploy/systemd/*.service; do
    name=$(basename "$unit")
    sed "s|/usr/bin/swipe|$binary|" "$unit" > "$work/$name"
    systemd-analyze verify "$work/$name"
    exposure=$(systemd-analyze security --offline=true "$work/$name" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    if awk -v e="$exposure" 'BEGIN { exit !(e > 2.0) }'; then
        echo "$name: exposure $exposure is above 2.0" >&2
        status=1
    else
        echo "$name: systemd-analyze verify passed, exposure $exposure (OK)"
    fi
done
# The station sizes its connection limit under the unit's open-file limit: the unit must set one.
grep -q '^LimitNOFILE=' deploy/systemd/swipe.service || { echo "swipe.service: no LimitNOFILE" >&2; status=1; }
# sysusers and tmpfiles entries, applied to an empty root folder: any complaint fails.
mkdir -p "$work/root/etc"
touch "$work/root/etc/passwd" "$work/root/etc/group" "$work/root/etc/shadow" "$work/root/etc/gshadow"
echo "audio:x:29:" > "$work/root/etc/group"
for tool in sysusers tmpfiles; do
    args=()
    [ "$tool" = tmpfiles ] && args=(--create)
    if ! "systemd-$tool" --root="$work/root" "${args[@]}" "$PWD/deploy/$tool.d/swipe.conf" 2>"$work/$tool.err" \
        || grep -qv "^Creating " "$work/$tool.err"; then
        echo "deploy/$tool.d/swipe.conf:" >&2
        cat "$work/$tool.err" >&2
        status=1
    fi
done
grep -q "^swipe:" "$work/root/etc/passwd" && [ -d "$work/root/etc/swipe" ] || { echo "sysusers/tmpfiles made nothing" >&2; status=1; }
echo "deploy/sysusers.d, deploy/tmpfiles.d: applied to an empty root without a complaint"
exit $status
