#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs system packages, builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-debian.sh
swift format lint --strict -r Sources Tests Package.swift
swift build --build-tests
swift test --skip-build --parallel
scripts/scan-card-data.sh
