#!/usr/bin/env bash
# Compares the decoder of this checkout with the one of an earlier revision in one process:
# both are linked into a throwaway benchmark (the old `SwipeDecoding` copied in as
# `SwipeDecodingOld`), which decodes each recording of the benchmark's dense corpus with one
# and the other in turn, several times, and sums each one's fastest runs. Both see the same
# moments of the machine, where builds run one after the other see its swings (20% and more on
# a shared VM). Nothing in the checkout changes: the work happens in a temporary worktree.
#
#   scripts/pair-bench.sh OLD_REVISION [RUNS_PER_RECORDING] [CONDITION_FILTER]
#   scripts/pair-bench.sh 7433e80 7 hum
set -euo pipefail
old="${1:?usage: scripts/pair-bench.sh OLD_REVISION [RUNS] [FILTER]}"
runs="${2:-7}"
filter="${3:-}"
cd "$(dirname "$0")/.."
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add -q --detach "$work/tree" HEAD
# The working tree's decoder, uncommitted changes included, against the old revision's.
rm -rf "$work/tree/Sources/SwipeDecoding"
cp -r Sources/SwipeDecoding "$work/tree/Sources/SwipeDecoding"
mkdir -p "$work/tree/Sources/SwipeDecodingOld" "$work/tree/Sources/pair-bench"
git archive "$old" Sources/SwipeDecoding | tar -x -C "$work" 
cp -r "$work/Sources/SwipeDecoding/." "$work/tree/Sources/SwipeDecodingOld/"
python3 - "$work/tree/Package.swift" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
anchor = '        .target(name: "SwipeDecoding", dependencies: ["SwipeCards"], swiftSettings: strict),\n'
assert anchor in text, "Package.swift: the SwipeDecoding target moved; update scripts/pair-bench.sh"
text = text.replace(anchor, anchor
    + '        .target(name: "SwipeDecodingOld", dependencies: ["SwipeCards"], swiftSettings: strict),\n'
    + '        .executableTarget(name: "pair-bench", dependencies: ["SwipeCards", "SwipeDecoding", '
    + '"SwipeDecodingOld", "SwipeSynthesis"], swiftSettings: strict),\n', 1)
open(path, "w").write(text)
PY
cat > "$work/tree/Sources/pair-bench/main.swift" <<'SWIFT'
import Glibc
import SwipeCards
import SwipeDecoding
import SwipeDecodingOld
import SwipeSynthesis

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

let runs = Int(CommandLine.arguments[1])!
let filter = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : ""
let today = YearMonth(year: 2026, month: 11)!
var audio = 0.0
var fastest = [0.0, 0.0]
var accepted = [0, 0]
for (index, condition) in Corpus.conditions().enumerated() where filter.isEmpty || condition.name.contains(filter) {
    // The same recordings as `swipe-bench decode --tables main`.
    let (recording, _) = condition.render(count: 20, seed: UInt64(index) &* 7919 &+ 1)
    audio += Double(recording.samples.count / recording.channelCount) / recording.sampleRate
    var best = [Double.infinity, Double.infinity]
    for run in 0..<runs {
        for which in run % 2 == 0 ? [0, 1] : [1, 0] {
            let started = cpuSeconds()
            let cards: Int
            if which == 0 {
                var decoder = SwipeDecodingOld.SwipeStreamDecoder(
                    format: SwipeDecodingOld.PCMFormat(
                        sampleRate: recording.sampleRate, channelCount: recording.channelCount),
                    today: today)
                cards = decoder.decodeAll(recording.samples).filter(\.card.accepted).count
            } else {
                var decoder = SwipeDecoding.SwipeStreamDecoder(
                    format: SwipeDecoding.PCMFormat(sampleRate: recording.sampleRate, channelCount: recording.channelCount),
                    today: today)
                cards = decoder.decodeAll(recording.samples).filter(\.card.accepted).count
            }
            best[which] = min(best[which], cpuSeconds() - started)
            if run == 0 { accepted[which] += cards }
        }
    }
    fastest[0] += best[0]
    fastest[1] += best[1]
}
print("old \(Int(audio / fastest[0]))x, new \(Int(audio / fastest[1]))x real time (fastest of \(runs) a recording);"
    + " new/old speed \(String(format: "%.3f", fastest[0] / fastest[1])); cards accepted old \(accepted[0]), new \(accepted[1])")
SWIFT
(cd "$work/tree" && swift build -c release --product pair-bench 2>&1 | grep -E "error|warning: .*pair-bench" || true)
"$work/tree/.build/release/pair-bench" "$runs" "$filter"
