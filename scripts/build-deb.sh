#!/usr/bin/env bash
# Builds swipe_VERSION_ARCH.deb from a release build (the Swift runtime linked in, so the Pi
# needs no Swift toolchain): the binary, the systemd units, the udev rules, the sysusers and
# tmpfiles entries, the example settings as /etc/swipe/station.yaml, maintainer scripts that
# create the users and reload udev and systemd, the bundled recordings for `swipe demo`. Then
# checks that the packaged `swipe demo` plays its own recordings, and lints the package.
#   scripts/build-deb.sh [--skip-build] [OUTPUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
skip_build=no
if [ "${1:-}" = "--skip-build" ]; then skip_build=yes; shift; fi
out=${1:-dist}
version=${SWIPE_VERSION:-0.7.0}
arch=$(dpkg --print-architecture)
# SWIPE_BUILD_PATH: another build folder (.build-NAME) for the release build.
build=(swift build -c release --static-swift-stdlib)
[ -n "${SWIPE_BUILD_PATH:-}" ] && build+=(--scratch-path "$SWIPE_BUILD_PATH")
if [ "$skip_build" = no ]; then
    "${build[@]}" --product swipe
fi
binary=$("${build[@]}" --show-bin-path)/swipe
[ -x "$binary" ] || { echo "build-deb: no release binary at $binary" >&2; exit 1; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/swipe_${version}_${arch}"
install -d "$root/DEBIAN" "$root/usr/bin" "$root/lib/systemd/system" "$root/usr/lib/sysusers.d" \
    "$root/usr/lib/tmpfiles.d" "$root/lib/udev/rules.d" "$root/etc/swipe" "$root/usr/share/doc/swipe" \
    "$root/usr/share/swipe/recordings"
install -m 0755 "$binary" "$root/usr/bin/swipe"
strip --strip-unneeded "$root/usr/bin/swipe"
install -m 0644 deploy/systemd/swipe.service deploy/systemd/swipe-catalog.service "$root/lib/systemd/system/"
install -m 0644 deploy/sysusers.d/swipe.conf "$root/usr/lib/sysusers.d/swipe.conf"
install -m 0644 deploy/tmpfiles.d/swipe.conf "$root/usr/lib/tmpfiles.d/swipe.conf"
install -m 0644 udev/70-swipe.rules "$root/lib/udev/rules.d/70-swipe.rules"
# The station's settings: the example, with the passwords from the systemd credentials, the console on
# every address (a phone on the school's network opens it; the random console password guards it) and the
# journal in the unit's StateDirectory.
sed -e 's|^  passwordFile: /etc/swipe/catalog-password.*|  # password: the systemd credential catalog-password (/etc/swipe/catalog-password, mode 0600)|' \
    -e 's|^  passwordFile: /etc/swipe/console-password.*|  # password: the systemd credential console-password (/etc/swipe/console-password, made at install)|' \
    -e 's|^  listen: 127.0.0.1:8081 |  listen: 0.0.0.0:8081   |' \
    -e 's|^  path: .*|  path: /var/lib/swipe/journal.sqlite|' deploy/station.example.yaml > "$root/etc/swipe/station.yaml"
chmod 0644 "$root/etc/swipe/station.yaml"
install -m 0644 README.md "$root/usr/share/doc/swipe/README.md"
install -m 0644 hardware/*.wav "$root/usr/share/swipe/recordings/"
install -m 0644 docs/catalog-api.md "$root/usr/share/doc/swipe/catalog-api.md"
install -m 0644 hardware/README.md "$root/usr/share/doc/swipe/hardware.md"
install -m 0644 deploy/debian/copyright "$root/usr/share/doc/swipe/copyright"
install -d "$root/usr/share/lintian/overrides"
install -m 0644 deploy/debian/lintian-overrides "$root/usr/share/lintian/overrides/swipe"
printf 'swipe (%s) stable; urgency=medium\n\n  * Release %s.\n\n -- swipe developers <dev@swipe.example.com>  %s\n' \
    "$version" "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}")" \
    | gzip -9n > "$root/usr/share/doc/swipe/changelog.gz"
for script in postinst prerm postrm; do install -m 0755 "deploy/debian/$script" "$root/DEBIAN/$script"; done
echo "/etc/swipe/station.yaml" > "$root/DEBIAN/conffiles"
depends=$(dpkg-shlibdeps -O -e"$root/usr/bin/swipe" 2>/dev/null | sed -n 's/^shlibs:Depends=//p' || true)
[ -n "$depends" ] || depends="libc6, libasound2, libusb-1.0-0, libsqlite3-0, libstdc++6, libgcc-s1"
cat > "$root/DEBIAN/control" <<CONTROL
Package: swipe
Version: $version
Architecture: $arch
Maintainer: swipe developers <dev@swipe.example.com>
Depends: $depends, systemd, udev
Section: misc
Priority: optional
Installed-Size: $(du -sk "$root" | cut -f1)
Homepage: https://swipe.invalid/
Description: headless point of sale for school events
 Reads magnetic-stripe cards from an audio-jack reader (ALSA) or USB readers,
 checks them, and charges them through a school-payments catalog over HTTP,
 with a crash-safe journal, Prometheus metrics and a hardened systemd service.
 Also holds the reference catalog server (HTTP + SQLite).
CONTROL
mkdir -p "$out"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out/swipe_${version}_${arch}.deb" >/dev/null
deb="$out/swipe_${version}_${arch}.deb"
echo "$deb: $(du -h "$deb" | cut -f1), installed $(du -sh "$root" | cut -f1)"
# What the package must hold, and a binary that runs from it.
listing=$(dpkg-deb --contents "$deb")
for path in ./usr/bin/swipe ./lib/systemd/system/swipe.service ./lib/systemd/system/swipe-catalog.service \
    ./usr/lib/sysusers.d/swipe.conf ./usr/lib/tmpfiles.d/swipe.conf ./lib/udev/rules.d/70-swipe.rules \
    ./etc/swipe/station.yaml ./usr/share/doc/swipe/copyright ./usr/share/swipe/recordings/refused-cards-44k.wav; do
    grep -q " $path\$" <<<"$listing" || { echo "build-deb: $path missing from $deb" >&2; exit 1; }
done
# (Read into a variable first: `grep -q` leaving a pipe early would kill its writer, and pipefail fails.)
info=$(dpkg-deb --info "$deb")
grep -q "Package: swipe" <<<"$info" || { echo "build-deb: no control file" >&2; exit 1; }
unpacked="$stage/unpacked"
dpkg-deb --extract "$deb" "$unpacked"
# The packaged settings: the console on every address, both passwords from systemd credentials.
settings="$unpacked/etc/swipe/station.yaml"
grep -q "^  listen: 0.0.0.0:8081 " "$settings" || { echo "build-deb: the console does not listen on every address" >&2; exit 1; }
if grep -q "^  passwordFile:" "$settings"; then echo "build-deb: a password file is named in $settings" >&2; exit 1; fi
"$unpacked/usr/bin/swipe" --version >/dev/null 2>&1 || "$unpacked/usr/bin/swipe" --help >/dev/null
# The packaged demo, from a folder that holds no recordings: it must find the package's own.
demo_log="$stage/demo.log"
(cd "$stage" && "$unpacked/usr/bin/swipe" demo >"$demo_log" 2>&1) || {
    cat "$demo_log" >&2; echo "build-deb: the packaged swipe demo failed" >&2; exit 1; }
grep -q "^== swipes from $unpacked/usr/share/swipe/recordings:" "$demo_log" || {
    cat "$demo_log" >&2; echo "build-deb: the packaged swipe demo did not play the package's recordings" >&2; exit 1; }
grep -q "^demo finished" "$demo_log" || { cat "$demo_log" >&2; exit 1; }
echo "$deb: contents checked, the packaged swipe demo plays the package's recordings"
if command -v lintian >/dev/null; then
    lintian --fail-on error "$deb"
    echo "$deb: lintian reports no errors"
fi
