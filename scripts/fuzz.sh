#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (Swift's -sanitize=fuzzer, with AddressSanitizer).
#   scripts/fuzz.sh [wav|track|hid] [seconds]     default: all three, 300 s each
# Crashes land in fuzz-artifacts/; the corpus grows in fuzz-artifacts/corpus-*.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=${1:-"wav track hid"}
seconds=${2:-300}
mkdir -p fuzz-artifacts
for target in $targets; do
    case $target in
        wav) entry=Fuzz/WAVFuzz.swift; seeds=hardware; modules="Sources/SwipeCards Sources/SwipeDecoding Sources/WAVFile" ;;
        track) entry=Fuzz/TrackFuzz.swift; seeds=""; modules="Sources/SwipeCards Sources/SwipeDecoding" ;;
        hid) entry=Fuzz/HIDFuzz.swift; seeds=""; modules="Sources/SwipeCards Sources/SwipeHID" ;;
        *) echo "unknown target $target" >&2; exit 2 ;;
    esac
    binary=fuzz-artifacts/fuzz-$target
    # libFuzzer wants one module: the sources are compiled together, without their imports of each other.
    merged=fuzz-artifacts/sources-$target
    rm -rf "$merged" && mkdir -p "$merged"
    for file in $(find $modules -name '*.swift'); do
        sed -E '/^(public )?import (SwipeCards|SwipeDecoding|SwipeHID|WAVFile)$/d' "$file" >"$merged/$(echo "$file" | tr / _)"
    done
    swiftc -O -sanitize=fuzzer,address -parse-as-library -swift-version 6 -module-name SwipeFuzz \
        "$merged"/*.swift "$entry" -o "$binary" 2>&1 | grep -v "ld.gold: warning" || true
    corpus=fuzz-artifacts/corpus-$target
    mkdir -p "$corpus"
    [ -n "$seeds" ] && cp -n $seeds/*.wav "$corpus/" 2>/dev/null || true
    echo "== fuzzing $target for $seconds s"
    "$binary" "$corpus" -max_total_time="$seconds" -max_len=${FUZZ_MAX_LEN:-400000} -rss_limit_mb=4096 \
        -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 2>&1 | tail -n 15
done
