import Foundation
import SwipeCards
import SwipeSynthesis
import Testing

@testable import SwipeDecoding

/// The decoder's fast paths give what the plain loops they replaced give.
@Suite("Decoder fast paths")
struct FastPathTests {
    @Test("the median network and the largest of nine agree with sorting, ties and all")
    func medianOfNine() {
        var random = SeededRandom(seed: 9)
        for round in 0..<2_000 {
            // Every fourth round draws from few values, so ties are common.
            let values = (0..<9).map { _ in
                round % 4 == 0 ? Float(random.next() % 3) : Float.random(in: -1...1, using: &random)
            }
            let median = values.withUnsafeBufferPointer { PulseDetector.medianOfNine($0) }
            #expect(median == values.sorted()[4])
            #expect(values.withUnsafeBufferPointer { PulseDetector.largestOfNine($0) } == values.max())
        }
    }

    @Test("peaks (as integers) and sums (in single-precision runs) agree with the plain loops at every length")
    func reductions() {
        var random = SeededRandom(seed: 3)
        for count in Array(0..<70) + [511, 512, 513, 1030, 50_001] {
            // Noise on an offset, as a segment's samples are before the offset is taken out.
            let samples = (0..<count).map { _ in 0.05 + Float.random(in: -1...1, using: &random) }
            let plainPeak = samples.reduce(Float(0)) { max($0, abs($1)) }
            let plainSum = samples.reduce(0.0) { $0 + Double($1) }
            let magnitudes = samples.reduce(0.0) { $0 + Double(abs($1)) }
            samples.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!
                #expect(SampleReductions.peakMagnitude(base, count: count) == plainPeak)
                #expect(abs(SampleReductions.sum(base, count: count) - plainSum) <= 1e-6 * magnitudes)
            }
        }
    }

    @Test(
        "channels split from interleaved audio are every stride-th value, partial last frames included, one channel or all at once"
    )
    func channelSplitting() {
        for stride in 1...4 {
            for count in Array(0..<40) + [4_095, 4_096, 8_193] {
                let interleaved = (0..<count).map(Float.init)
                for channel in 0..<stride {
                    let expected = Swift.stride(from: channel, to: count, by: stride).map(Float.init)
                    let frames = ChannelSplitter.frames(in: count, channel: channel, stride: stride)
                    var split = [Float](repeating: -1, count: frames + 1)
                    interleaved.withUnsafeBufferPointer { source in
                        split.withUnsafeMutableBufferPointer {
                            ChannelSplitter.copy(source, channel: channel, stride: stride, to: $0.baseAddress!)
                        }
                    }
                    #expect(Array(split[..<frames]) == expected)
                    #expect(split[frames] == -1)  // nothing written past the channel's samples
                }
                // All channels in one pass, each into its own run of `capacity` (the first channel's frames).
                let capacity = ChannelSplitter.frames(in: count, channel: 0, stride: stride)
                var runs = [Float](repeating: -1, count: stride * capacity + 1)
                interleaved.withUnsafeBufferPointer { source in
                    runs.withUnsafeMutableBufferPointer {
                        ChannelSplitter.split(source, stride: stride, to: $0.baseAddress!, capacity: capacity)
                    }
                }
                for channel in 0..<stride {
                    let frames = ChannelSplitter.frames(in: count, channel: channel, stride: stride)
                    let run = Array(runs[(channel * capacity)..<(channel * capacity + frames)])
                    #expect(run == Swift.stride(from: channel, to: count, by: stride).map(Float.init))
                    // Past a channel's samples, up to the next run, nothing is written.
                    #expect(runs[(channel * capacity + frames)..<((channel + 1) * capacity)].allSatisfy { $0 == -1 })
                }
                #expect(runs[stride * capacity] == -1)
            }
        }
    }

    @Test("selection finds the value a sort would put at each rank, ties, sorted and constant input included")
    func selection() {
        var random = SeededRandom(seed: 4)
        var inputs: [[Float]] = [[1], [2, 1], (0..<50).map(Float.init), (0..<50).map { Float(50 - $0) }]
        inputs.append([Float](repeating: 0.5, count: 40))
        for count in [3, 17, 64, 301] {
            inputs.append((0..<count).map { _ in Float(random.next() % 7) })
            inputs.append((0..<count).map { _ in Float.random(in: 0...1, using: &random) })
        }
        for values in inputs {
            let sorted = values.sorted()
            for rank in values.indices {
                var scratch = values
                #expect(SampleReductions.select(rank, in: &scratch) == sorted[rank])
            }
        }
    }

    @Test(
        "the activity filter's look-ahead form measures what the double-precision biquad does, on an offset and hum",
        arguments: [22_050.0, 48_000.0, 96_000.0])
    func activityFilter(rate: Double) {
        var random = SeededRandom(seed: 5)
        // A quiet swipe-like tone on a 5% offset, hum at half scale and noise: the offset and hum
        // are what single precision must not turn into activity.
        let samples = (0..<Int(rate / 2)).map { index -> Float in
            let time = Double(index) / rate
            let tone = 0.002 * sin(2 * Double.pi * 900 * time) * (time > 0.25 ? 1 : 0)
            return Float(0.05 + 0.5 * sin(2 * Double.pi * 50 * time) + tone + 0.0002 * random.gaussian())
        }
        var reference = Biquad(highPass: 150, sampleRate: rate)
        var filter = ActivityFilter(highPass: 150, sampleRate: rate)
        let block = Int(0.002 * rate)
        var checked = 0
        // Block by block, as the detector measures, each block fed in parts of varying length.
        for blockStart in stride(from: 0, to: samples.count - block, by: block) {
            var energy: Float = 0
            var peak: Float = 0
            var start = blockStart
            while start < blockStart + block {
                let end = min(blockStart + block, start + 1 + Int(random.next() % UInt64(block)))
                samples[start..<end].withUnsafeBufferPointer { filter.measure($0, energy: &energy, peak: &peak) }
                start = end
            }
            var expectedEnergy = 0.0
            var expectedPeak: Float = 0
            for sample in samples[blockStart..<(blockStart + block)] {
                let value = reference.process(sample)
                expectedEnergy += Double(value) * Double(value)
                expectedPeak = max(expectedPeak, abs(value))
            }
            // Past the filters' start (both begin at rest, and the hum's step rings for a while).
            guard blockStart > Int(rate / 10) else { continue }
            // Single-precision coefficients move the corner by about a thousandth, which the hum
            // far below it (most of the energy here) feels twice over.
            #expect(abs(Double(energy) - expectedEnergy) <= 5e-3 * expectedEnergy)
            #expect(abs(peak - expectedPeak) <= 5e-3 * expectedPeak)
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test(
        "the activity filter's outputs, as the hum check takes them, follow the double-precision biquad",
        arguments: [22_050.0, 96_000.0])
    func activityFilterOutputs(rate: Double) {
        var random = SeededRandom(seed: 6)
        let samples = (0..<Int(rate / 2)).map { index -> Float in
            let time = Double(index) / rate
            return Float(0.05 + 0.5 * sin(2 * Double.pi * 60 * time) + 0.01 * random.gaussian())
        }
        var reference = Biquad(highPass: 150, sampleRate: rate)
        let expected = samples.map { reference.process($0) }
        var filter = ActivityFilter(highPass: 150, sampleRate: rate)
        var outputs = [Float](repeating: .nan, count: samples.count)
        // In parts of odd lengths, as the stream arrives: each continues from the last.
        var start = 0
        while start < samples.count {
            let end = min(samples.count, start + 1 + Int(random.next() % 1000))
            samples[start..<end].withUnsafeBufferPointer { part in
                outputs.withUnsafeMutableBufferPointer { filter.filter(part, into: $0.baseAddress! + start) }
            }
            start = end
        }
        // Past the filters' start: the error's energy is a small part of the output's.
        var error = 0.0
        var energy = 0.0
        for index in Int(rate / 10)..<samples.count {
            error += Double(outputs[index] - expected[index]) * Double(outputs[index] - expected[index])
            energy += Double(expected[index]) * Double(expected[index])
        }
        #expect(error <= 1e-4 * energy, "error \(error) of \(energy)")
    }

    @Test(
        "the activity filter leaves no subnormal number when a swipe ends in digital silence, measured or written out",
        arguments: [22_050.0, 96_000.0])
    func activityFilterSilence(rate: Double) {
        var random = SeededRandom(seed: 7)
        // A burst on an offset, then the offset alone (a DC-coupled silence), then true zeros.
        let burst = (0..<Int(rate / 10)).map { _ in Float(0.1 + 0.3 * random.gaussian()) }
        let samples = burst + [Float](repeating: 0.1, count: Int(rate)) + [Float](repeating: 0, count: Int(rate))
        var writer = ActivityFilter(highPass: 150, sampleRate: rate)
        var outputs = [Float](repeating: .nan, count: samples.count)
        samples.withUnsafeBufferPointer { part in
            outputs.withUnsafeMutableBufferPointer { writer.filter(part, into: $0.baseAddress!) }
        }
        #expect(!outputs.contains { $0.isSubnormal || !$0.isFinite })
        // A second into each silence, what is left is far below anything a swipe detector counts.
        for end in [burst.count + Int(rate), samples.count] {
            let tail = outputs[(end - Int(rate / 10))..<end].reduce(Float(0)) { max($0, abs($1)) }
            #expect(tail < 1e-12, "left \(tail)")
        }
        // Block by block, as the detector measures: the sums stay normal numbers or zero too.
        var measurer = ActivityFilter(highPass: 150, sampleRate: rate)
        let block = Int(0.002 * rate)
        for blockStart in stride(from: 0, to: samples.count - block, by: block) {
            var energy: Float = 0
            var peak: Float = 0
            samples[blockStart..<(blockStart + block)].withUnsafeBufferPointer {
                measurer.measure($0, energy: &energy, peak: &peak)
            }
            #expect(!energy.isSubnormal && !peak.isSubnormal && energy.isFinite)
        }
    }

    @Test(
        "the activity filter measures many blocks in one pass bit for bit as block by block, and goes back to a saved place",
        arguments: [8, 44, 96, 192])
    func activityFilterPasses(block: Int) {
        var random = SeededRandom(seed: 31)
        let samples = (0..<(block * 100)).map { index in
            Float(0.05 + 0.3 * sin(Double(index) * 0.01) + 0.05 * random.gaussian())
        }
        var one = ActivityFilter(highPass: 150, sampleRate: 22_050)
        var expected: [(Float, Float)] = []
        for start in stride(from: 0, to: samples.count, by: block) {
            var energy: Float = 0
            var peak: Float = 0
            samples[start..<(start + block)].withUnsafeBufferPointer { one.measure($0, energy: &energy, peak: &peak) }
            expected.append((energy, peak))
        }
        var many = ActivityFilter(highPass: 150, sampleRate: 22_050)
        var energies = [Float](repeating: .nan, count: 100)
        var peaks = energies
        /// Measures blocks `first..<end` into `energies` and `peaks`.
        func pass(_ first: Int, _ end: Int) {
            samples[(first * block)..<(end * block)].withUnsafeBufferPointer { part in
                energies.withUnsafeMutableBufferPointer { energies in
                    peaks.withUnsafeMutableBufferPointer { peaks in
                        many.measureBlocks(
                            part, blockSize: block, energies: energies.baseAddress! + first,
                            peaks: peaks.baseAddress! + first)
                    }
                }
            }
        }
        pass(0, 1)
        pass(1, 40)
        // Too far, back, and on again from block 45.
        let saved = many.state
        pass(40, 70)
        many.state = saved
        pass(40, 45)
        pass(45, 100)
        #expect(energies == expected.map(\.0))
        #expect(peaks == expected.map(\.1))
    }

    @Test(
        "the swipe detector cuts the same segments, bit for bit, fed block by block or in parts of one as it is fed many blocks at once (the activity filter measures them in one pass), hum cancelling starting mid-pass or not",
        arguments: [
            "track2 22 kHz typical", "track2 22 kHz clean", "track2 48 kHz 60 Hz 2x peak, to 9th",
            // Measured every second (44.1 kHz) and every fourth sample (96 kHz), parts at any offset in a block.
            "track2 44 kHz typical", "track2 96 kHz typical", "track2 96 kHz 60 Hz 2x peak, to 9th",
        ])
    func detectorPasses(conditionName: String) {
        let condition = (Corpus.conditions() + Corpus.humConditions()).first { $0.name == conditionName }!
        let (recording, _) = condition.render(count: 2, seed: 23)
        let samples = recording.samples
        var whole = SwipeDetector(channel: 0, sampleRate: recording.sampleRate)
        let expected = whole.process(samples) + whole.finish()
        var fed = SwipeDetector(channel: 0, sampleRate: recording.sampleRate)
        var random = SeededRandom(seed: 29)
        var segments: [SwipeSegment] = []
        var start = 0
        // Never two whole blocks at a time (2 ms blocks): every block is measured on its own. With
        // hum, block by block: the canceller sums in the order its parts come.
        let block = Int(0.002 * recording.sampleRate)
        let hum = conditionName.contains("Hz at") || conditionName.contains("peak")
        while start < samples.count {
            let end = min(samples.count, start + (hum ? block : 1 + Int(random.next() % UInt64(block))))
            segments += samples[start..<end].withUnsafeBufferPointer { fed.process($0) }
            start = end
        }
        segments += fed.finish()
        #expect(segments.count == expected.count && !expected.isEmpty)
        for (got, wanted) in zip(segments, expected) {
            #expect(got.startSample == wanted.startSample && got.provisional == wanted.provisional)
            #expect(got.noiseLevel == wanted.noiseLevel)
            // (Compared without printing them: a mismatch would print every sample.)
            let same = got.samples == wanted.samples
            #expect(same, "segment at \(got.startSample) differs")
        }
    }

    @Test("the clock lock skips runs too spread for any median, and finds what sorting every run finds")
    func lockSearch() {
        var random = SeededRandom(seed: 12)
        var decoder = F2FBitDecoder()
        var found = 0
        for trial in 0..<400 {
            decoder.lockTolerance = [0.22, 0.1, 0.35][trial % 3]
            // Runs of intervals near a period, some just inside the tolerance and some just past it.
            let period = 4 + Double(random.next() % 60)
            let intervals = (0..<60).map { _ -> Double in
                let spread = decoder.lockTolerance * (random.next() % 4 == 0 ? 3 : 1.02)
                return period * (1 + spread * (2 * Double(random.next() % 1_000) / 1_000 - 1))
            }
            let expected = Self.sortingLock(intervals, run: decoder.lockRun, decoder: decoder)
            let lock = intervals.withUnsafeBufferPointer { decoder.findLock($0, from: 0) }
            #expect(lock?.index == expected?.index && lock?.period == expected?.period)
            if lock != nil { found += 1 }
        }
        #expect(found > 50 && found < 400)
    }

    /// The lock search as it was: every run sorted.
    private static func sortingLock(_ intervals: [Double], run: Int, decoder: F2FBitDecoder) -> (
        index: Int, period: Double
    )? {
        var index = 0
        while index + run <= intervals.count {
            let window = intervals[index..<(index + run)].sorted()
            let median = window[run / 2]
            if median > 1.5, median <= decoder.maximumPeriod, window[0] >= median * (1 - decoder.lockTolerance),
                window[run - 1] <= median * (1 + decoder.lockTolerance)
            {
                return (index, median)
            }
            index += 1
        }
        return nil
    }

    @Test(
        "bits clocked one lock point at a time, each direction's first before any second, the track's own format first, read as trying every lock and format in turn reads"
    )
    func lockOrder() {
        var random = SeededRandom(seed: 31)
        let decoder = SegmentDecoder()
        var clean = 0
        var reverse = 0
        for trial in 0..<240 {
            let card = TestCard.random(using: &random)
            let format: TrackFormat = trial % 2 == 0 ? .aba : .iata
            var bits = TrackEncoder(format: format).bits(
                for: format == .aba ? card.track2 : card.track1, leadingZeros: trial % 7 == 0 ? 0 : 8 + trial % 20,
                trailingZeros: 6 + trial % 15)
            // A third with a bit or two flipped: unclean readings, where every lock point is tried.
            if trial % 3 == 1 {
                for _ in 0...(trial % 2) { bits[Int(random.next() % UInt64(bits.count))] ^= 1 }
            }
            // Pulses at every cell's start (and middle, for a 1), the cell drifting and jittered.
            var period = 10 + Double(random.next() % 30)
            var time = 0.0
            var positions: [Double] = []
            for bit in bits {
                positions.append(time)
                if bit == 1 { positions.append(time + period / 2) }
                time += period
                period *= 1 + 0.004 * (Double(random.next() % 1_000) / 500 - 1)
            }
            positions.append(time)
            positions = positions.map { $0 + 0.03 * period * (Double(random.next() % 1_000) / 500 - 1) }
            if trial % 4 >= 2 { positions = positions.reversed().map { time - $0 } }
            let pulses = positions.enumerated().map { Pulse(position: $1, amplitude: $0 % 2 == 0 ? 0.5 : -0.5) }

            let got = decoder.decode(pulses: pulses, channel: 0, sampleRate: 48_000)
            let expected = Self.everyLockInTurn(pulses, decoder: decoder, sampleRate: 48_000)
            #expect(got.track?.direction == expected.track?.direction, "trial \(trial)")
            #expect(got.track.map { "\($0.readout.quality)" } == expected.track.map { "\($0.readout.quality)" })
            let same = got.track?.readout.characters.bytes == expected.track?.readout.characters.bytes
            #expect(same, "trial \(trial): characters differ")
            if got.track?.readout.isClean == true {
                clean += 1
                if got.track?.direction == .reverse { reverse += 1 }
            } else {
                // Every lock point was tried: the most bits clocked are the same too.
                #expect(got.bitCount == expected.bitCount, "trial \(trial)")
            }
        }
        #expect(clean > 120 && reverse > 50)
    }

    @Test("each track's own format is parsed first: the start sentinel after the clock zeros tells them apart")
    func formatOrder() {
        var random = SeededRandom(seed: 5)
        let card = TestCard.random(using: &random)
        let both: [TrackFormat] = [.aba, .iata]
        let track1 = TrackEncoder(format: .iata).bits(for: card.track1, leadingZeros: 20, trailingZeros: 20)
        let track2 = TrackEncoder(format: .aba).bits(for: card.track2, leadingZeros: 20, trailingZeros: 20)
        #expect(SegmentDecoder.formats(both, inOrderFor: track1) == [.iata, .aba])
        #expect(SegmentDecoder.formats(both, inOrderFor: track2) == [.aba, .iata])
        #expect(SegmentDecoder.formats([.iata, .aba], inOrderFor: track2) == [.aba, .iata])
        // No sentinel to tell by (clock zeros only, or a stream cut inside one): the order given.
        #expect(SegmentDecoder.formats(both, inOrderFor: [0, 0, 0]) == both)
        #expect(SegmentDecoder.formats(both, inOrderFor: [0, 1, 1]) == both)
    }

    @Test("a peek past the clock zeros is how the full reading begins, and tells a track swiped backwards")
    func directionPeek() {
        var random = SeededRandom(seed: 7)
        let card = TestCard.random(using: &random)
        let decoder = SegmentDecoder()
        for (format, track) in [(TrackFormat.aba, card.track2), (.iata, card.track1)] {
            // The zeros after the track fill the stripe: many more than before it.
            let bits = TrackEncoder(format: format).bits(for: track, leadingZeros: 20, trailingZeros: 90)
            let intervals = bits.flatMap { $0 == 1 ? [10.0, 10.0] : [20.0] }
            let reversed = Array(intervals.reversed())
            let full = intervals.withUnsafeBufferPointer { decoder.bitDecoder.decodeCandidate($0, searchingFrom: 0) }
            let peek = intervals.withUnsafeBufferPointer {
                decoder.bitDecoder.decodeCandidate($0, searchingFrom: 0, peekingPastFirstOne: 8)
            }
            guard let full, let peek, let first = peek.bits.firstIndex(of: 1) else {
                Issue.record("\(format): no bits")
                continue
            }
            #expect(peek.bits.count == first + 8 && full.bits.starts(with: peek.bits))
            let backwards = SegmentDecoder.readsBackwards(
                reversed, intervals, bitDecoder: decoder.bitDecoder, formats: decoder.formats)
            let forwards = SegmentDecoder.readsBackwards(
                intervals, reversed, bitDecoder: decoder.bitDecoder, formats: decoder.formats)
            #expect(backwards && !forwards, "\(format)")
        }
    }

    /// Clocking and parsing as they were: every lock point forward, then every one backwards,
    /// then the tight reading both ways, each in every format, until one reads cleanly.
    private static func everyLockInTurn(_ pulses: [Pulse], decoder: SegmentDecoder, sampleRate: Double)
        -> SegmentDecoder.Outcome
    {
        let intervals = (1..<pulses.count).map { pulses[$0].position - pulses[$0 - 1].position }
        var bitDecoder = decoder.bitDecoder
        bitDecoder.maximumPeriod = sampleRate / (75 * 2)
        var best: TrackRead?
        var mostBits = 0
        passes: for withoutLeadIn in [false, true] {
            for direction in [SwipeDirection.forward, .reverse] {
                let ordered = direction == .forward ? intervals : intervals.reversed()
                let candidates = ordered.withUnsafeBufferPointer {
                    withoutLeadIn ? bitDecoder.decodeWithoutLeadIn($0) : bitDecoder.decodeCandidates($0)
                }
                for bits in candidates {
                    mostBits = max(mostBits, bits.count)
                    for format in decoder.formats {
                        guard let readout = TrackParser(format: format).parse(bits) else { continue }
                        if best == nil || readout.quality > best!.readout.quality {
                            best = TrackRead(channel: 0, direction: direction, readout: readout, bitCount: bits.count)
                        }
                    }
                    if best?.readout.isClean == true { break passes }
                }
            }
        }
        return SegmentDecoder.Outcome(track: best, bitCount: mostBits)
    }

    @Test("a clipped pulse is found at the middle of its plateau")
    func clippedPlateau() {
        // A sine of period 100 at twice full scale, clipped: flat tops centred on 25, 125, ...
        let samples = (0..<1_000).map { index in max(-1, min(1, 2 * Float(sin(2 * Double.pi * Double(index) / 100)))) }
        let pulses = samples.withUnsafeBufferPointer {
            PulseDetector().pulses(in: $0, sampleRate: 44_100, noiseLevel: 0.01)
        }
        #expect(pulses.count >= 18)
        for pulse in pulses {
            let centre = pulse.amplitude > 0 ? 25.0 : 75.0
            let offset = (pulse.position - centre).truncatingRemainder(dividingBy: 100)
            #expect(abs(offset) <= 0.5, "pulse at \(pulse.position)")
        }
    }

    @Test("samples that are not numbers change no pulse: the loop's two-at-a-time test sends them sample by sample")
    func notANumber() {
        // A sine of period 100 with a NaN every third sample, away from its extrema and their neighbours.
        let clean = (0..<1_000).map { index in 0.8 * Float(sin(2 * Double.pi * Double(index) / 100)) }
        let sprinkled = clean.indices.map { index in
            index % 3 == 1 && abs(index % 50 - 25) > 2 ? Float.nan : clean[index]
        }
        let detector = PulseDetector()
        let expected = clean.withUnsafeBufferPointer { detector.pulses(in: $0, sampleRate: 44_100, noiseLevel: 0.01) }
        let found = sprinkled.withUnsafeBufferPointer {
            detector.pulses(in: $0, sampleRate: 44_100, noiseLevel: 0.01)
        }
        #expect(expected.count >= 18)
        #expect(found.map(\.position) == expected.map(\.position))
        #expect(found.map(\.amplitude) == expected.map(\.amplitude))
    }

    @Test(
        "a quick look passes over the noise around a swipe: blocks under twice the noise gate give no pulse, the swipe's pulses stay the same"
    )
    func quietBlocks() {
        // Noise, then 0.2 s of pulses ten times its peak (a sine of period 40: a pulse every 20
        // samples), then noise again, at 44.1 kHz.
        var random = SeededRandom(seed: 31)
        let noise: [Float] = (0..<44_100).map { _ in Float(0.001 * random.gaussian()) }
        let burst = 8_820
        let samples = noise.indices.map { index in
            let inBurst = index >= 17_640 && index < 17_640 + burst
            return noise[index] + (inBurst ? Float(0.04 * sin(2 * Double.pi * Double(index) / 40)) : 0)
        }
        // The background's peak level as the detector tracks it (down fast, up slowly: near the
        // quieter blocks' peaks), 2.5 sigma: the noise gate, twice that, is 5 sigma.
        let noiseLevel: Float = 0.0025
        var detector = PulseDetector()
        let all = samples.withUnsafeBufferPointer {
            detector.pulses(in: $0, sampleRate: 44_100, noiseLevel: noiseLevel)
        }
        detector.quietBlockRatio = 2
        let quick = samples.withUnsafeBufferPointer {
            detector.pulses(in: $0, sampleRate: 44_100, noiseLevel: noiseLevel)
        }
        func inside(_ pulse: Pulse) -> Bool { pulse.position >= 17_640 && pulse.position < Double(17_640 + burst) }
        // Every block's peak reads, noise and all; in a quick look only the swipe's.
        #expect(all.contains { !inside($0) })
        #expect(quick.allSatisfy(inside))
        #expect(quick.count >= burst / 20 - 2)
        // Away from its first and last pulses (where a neighbour the plain reading kept counts
        // in the weak-pulse test), the swipe's pulses are the same.
        let plain = all.filter(inside).dropFirst(4).dropLast(4)
        let looked = quick.dropFirst(4).dropLast(4)
        #expect(plain.map(\.position) == looked.map(\.position))
        #expect(plain.map(\.amplitude) == looked.map(\.amplitude))
    }
}
