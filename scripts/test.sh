#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs system packages, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
# The packaging tools for the .deb; Chromium and its WebDriver for the console's browser tests; openssl for TLS
# tests; Node.js to check the console's script parses; pip to fetch axe-core, the accessibility checker.
scripts/setup-debian.sh dpkg-dev binutils lintian chromium chromium-driver openssl nodejs python3-pip postgresql
scripts/fetch-axe.sh
swift format lint --strict -r Sources Tests Package.swift
swift build --build-tests
# Test servers keep their SQLite files and logs here, so the scan below can read them.
export SWIPE_TEST_TMP="${SWIPE_TEST_TMP:-$(mktemp -d)}"
# The catalog's suites (each test on SQLite and on a throwaway PostgreSQL) run on their own: their load
# would otherwise starve the station's tests, whose catalog health checks have a 2-second deadline.
swift test --skip-build --parallel --skip SwipeCatalogTests
swift test --skip-build --parallel --filter SwipeCatalogTests
if python3 -c 'import openapi_spec_validator' 2>/dev/null; then
    python3 -c 'from openapi_spec_validator import validate; from openapi_spec_validator.readers import read_from_filename; validate(read_from_filename("docs/openapi.yaml")[0])'
    echo "docs/openapi.yaml: valid OpenAPI 3"
fi
scripts/check-udev.sh
scripts/check-units.sh
SWIPE_SCAN_DIRS="$SWIPE_TEST_TMP" scripts/scan-card-data.sh
# The Debian package, from a release build with the Swift runtime linked in: contents checked, lintian clean.
scripts/build-deb.sh "$SWIPE_TEST_TMP/dist"
