public import SwipeCards

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decodes the track in one channel's swipe segment: pulses, then bits in both
/// directions, then characters in both track formats; the best reading wins.
public struct SegmentDecoder: Sendable {
    /// Finds the pulses.
    public var pulseDetector = PulseDetector()
    /// Narrows the noise bandwidth to the pulses' own before the second pass.
    public var smoother = AdaptiveSmoother()
    /// Clocks the bits.
    public var bitDecoder = F2FBitDecoder()
    /// Formats to try, in order of preference on a tie.
    public var formats: [TrackFormat] = [.aba, .iata]
    /// In a quick look, blocks whose swings stay under this multiple of the pulses' noise gate
    /// are not read (``PulseDetector/quietBlockRatio``): the look reads the swipe, not the noise
    /// around it, whose own pulses cost as much to find as the swipe's and only give the clock
    /// lock more to pass over. A look that fails changes nothing: the full decode reads every
    /// block. Higher ratios start to skip the weak stretches of noisy track-1 swipes.
    public var quickLookQuietBlockRatio: Float = 2
    /// A quick look at a stream faster than this (in Hz) reads the swipe at half the rate first
    /// (each pair of samples averaged: ``PairAverager``), and at the full rate only when that
    /// gives no clean track (a fast track 1, whose bits at half the rate are too short). At
    /// 88.2 and 96 kHz the pulses span many samples, and the pulse loop's cost is in following
    /// them; at 44.1 and 48 kHz its cost is in the pulses themselves, which halving does not
    /// change, and more swipes would be read twice. (0: never.)
    public var quickLookHalvingRate = 60_000.0

    /// Creates a decoder with default settings.
    public init() {}

    /// Result of decoding a segment.
    public struct Outcome: Sendable {
        /// The best track found, if any start sentinel was seen.
        public var track: TrackRead?
        /// Most bits clocked in either direction: tells a half swipe from a click.
        public var bitCount: Int
        /// Samples (from the segment's start) from the first to the last strong pulse.
        public var pulseSpan: ClosedRange<Double>? = nil
    }

    /// Decodes `segment`; `quick` tries the first (default) hypothesis only, for a
    /// look that another, full decode will follow if it fails.
    public func decode(_ segment: SwipeSegment, quick: Bool = false) -> Outcome {
        segment.samples.withUnsafeBufferPointer { samples in
            if quick, quickLookHalvingRate > 0, segment.sampleRate > quickLookHalvingRate,
                let halved = halfRateLook(samples, segment), halved.track?.readout.isClean == true
            {
                return halved
            }
            return decode(
                samples, channel: segment.channel, sampleRate: segment.sampleRate, noiseLevel: segment.noiseLevel,
                quick: quick)
        }
    }

    /// A quick look at `samples` (`segment`'s) at half their rate, its pulse span given at the full
    /// rate.
    private func halfRateLook(_ samples: UnsafeBufferPointer<Float>, _ segment: SwipeSegment) -> Outcome? {
        let halved = PairAverager.halved(samples)
        guard halved.count > 4 else { return nil }
        var outcome = halved.withUnsafeBufferPointer {
            decode(
                $0, channel: segment.channel, sampleRate: segment.sampleRate / 2, noiseLevel: segment.noiseLevel,
                quick: true)
        }
        if let span = outcome.pulseSpan {
            // Half-rate sample k lies between full-rate samples 2k and 2k + 1.
            outcome.pulseSpan = (2 * span.lowerBound + 0.5)...(2 * span.upperBound + 0.5)
        }
        return outcome
    }

    /// Decodes high-passed `samples` of one channel.
    ///
    /// The first pass uses the default pulse settings. Only when it gives no valid
    /// track are other hypotheses tried (a stricter or looser swing, a matched
    /// smoothing for slow and noisy swipes): a clean swipe costs one pass.
    public func decode(
        _ samples: UnsafeBufferPointer<Float>, channel: Int, sampleRate: Double, noiseLevel: Float, quick: Bool = false
    ) -> Outcome {
        var best = Outcome(track: nil, bitCount: 0)
        var detector = pulseDetector
        if quick { detector.quietBlockRatio = quickLookQuietBlockRatio }
        for hypothesis in Self.hypotheses.prefix(quick ? 1 : Self.hypotheses.count) {
            hypothesis.apply(to: &detector, default: pulseDetector)
            var pulses = detector.pulses(in: samples, sampleRate: sampleRate, noiseLevel: noiseLevel)
            if hypothesis.smoothing > 0, pulses.count > 16 {
                var smoother = smoother
                smoother.widthFraction = hypothesis.smoothing
                let (smoothed, widest) = smoother.smooth(samples, pulses: pulses)
                let smoothedNoise = noiseLevel / Float(Double(widest).squareRoot())
                pulses = smoothed.withUnsafeBufferPointer {
                    detector.pulses(in: $0, sampleRate: sampleRate, noiseLevel: smoothedNoise)
                }
            }
            let outcome = decode(pulses: pulses, channel: channel, sampleRate: sampleRate)
            if best.pulseSpan == nil {
                let loudest = pulses.reduce(Float(0)) { max($0, abs($1.amplitude)) }
                let threshold = max(noiseLevel * 4, loudest * 0.1)
                func strong(_ pulse: Pulse) -> Bool { abs(pulse.amplitude) > threshold }
                if let first = pulses.first(where: strong), let last = pulses.last(where: strong) {
                    best.pulseSpan = first.position...last.position
                }
            }
            // Weak pulses read in noise give bits too: that reading counts only as a valid track,
            // never as the sign of a swipe (a segment of background is not a failed swipe).
            if hypothesis.keepsWeakPulses {
                if let track = outcome.track, track.readout.isValid,
                    best.track == nil || track.readout.quality > best.track!.readout.quality
                {
                    best.track = track
                }
                continue
            }
            if let track = outcome.track, best.track == nil || track.readout.quality > best.track!.readout.quality {
                best.track = track
            }
            best.bitCount = max(best.bitCount, outcome.bitCount)
            if best.track?.readout.isClean == true { break }
        }
        if best.track != nil, let span = best.pulseSpan {
            best.track?.seconds = (span.upperBound - span.lowerBound) / sampleRate
            best.track?.signalToNoiseDB = Self.signalToNoise(samples, span: span, noiseLevel: noiseLevel)
        }
        return best
    }

    /// The swipe's level over the background's, in dB: the median of the short peaks within the
    /// strong pulses' span over the background's peak, at most 96 dB (16-bit audio's range; a
    /// digitally silent background would give any figure).
    static func signalToNoise(_ samples: UnsafeBufferPointer<Float>, span: ClosedRange<Double>, noiseLevel: Float)
        -> Double?
    {
        guard noiseLevel > 0, let base = samples.baseAddress else { return nil }
        let block = 64
        let first = max(0, Int(span.lowerBound)), last = min(samples.count, Int(span.upperBound) + 1)
        var peaks = Swift.stride(from: first, to: last, by: block).map {
            SampleReductions.peakMagnitude(base + $0, count: min(block, last - $0))
        }
        guard !peaks.isEmpty else { return nil }
        let median = SampleReductions.select(peaks.count / 2, in: &peaks)
        return min(96, 20 * log10(Double(max(median, 1e-9)) / Double(noiseLevel)))
    }

    /// One way of reading pulses: the swing that confirms one, a smoothing matched to the
    /// pulse spacing (0: none), and, for a stripe with a weak spot, the weak pulses kept.
    struct Hypothesis: Sendable {
        var hysteresis: Float
        var smoothing: Double = 0
        /// Pulses kept however weak against their neighbours, and near zero: inside a worn
        /// or lifted stretch of stripe the transitions are all there at a fraction of the
        /// height. Parity and the LRC decide whether what they give is the track.
        var keepsWeakPulses = false

        func apply(to detector: inout PulseDetector, default settings: PulseDetector) {
            detector.hysteresis = hysteresis
            detector.polarityMargin = keepsWeakPulses ? 0.05 : settings.polarityMargin
            detector.minimumRatio = keepsWeakPulses ? 0 : settings.minimumRatio
        }
    }

    /// The hypotheses, in the order tried (the next only when none before read a clean track).
    static let hypotheses: [Hypothesis] = [
        Hypothesis(hysteresis: 0.65), Hypothesis(hysteresis: 0.5, smoothing: 0.15), Hypothesis(hysteresis: 0.8),
        Hypothesis(hysteresis: 0.45), Hypothesis(hysteresis: 0.65, smoothing: 0.25),
        Hypothesis(hysteresis: 0.2, keepsWeakPulses: true),
    ]

    /// `formats` with those whose start sentinel's bits follow the first 1 bit of `bits` first
    /// (otherwise in their order): after the clock zeros, track 1's sentinel begins 10, track 2's
    /// 11, so the track's own format is parsed first, and a clean reading in it needs no other.
    static func formats(_ formats: [TrackFormat], inOrderFor bits: [UInt8]) -> [TrackFormat] {
        guard formats.count > 1, let first = bits.firstIndex(of: 1) else { return formats }
        func begins(_ format: TrackFormat) -> Bool { startSentinel(of: format, isAt: first, in: bits) }
        return formats.filter(begins) + formats.filter { !begins($0) }
    }

    /// Whether `format`'s start sentinel lies in `bits` from `first` on.
    static func startSentinel(of format: TrackFormat, isAt first: Int, in bits: [UInt8]) -> Bool {
        let sentinel = format.bits(of: format.startSentinel)
        return first + sentinel.count <= bits.count && bits[first..<(first + sentinel.count)].elementsEqual(sentinel)
    }

    /// Bits peeked into the first 1 past a direction's first lock: a start sentinel's (5 or 7).
    static let peekBits = 8

    /// Whether the bits past the first lock of `reversed` begin like a track in one of
    /// `formats` (a start sentinel after the clock zeros) and those of `intervals` do not.
    /// (Forwards first: a swipe read the right way round needs no other peek, and the other way
    /// round the peek clocks through the zeros after the track, which fill the stripe.)
    static func readsBackwards(
        _ intervals: [Double], _ reversed: [Double], bitDecoder: F2FBitDecoder, formats: [TrackFormat]
    ) -> Bool {
        func beginsLikeTrack(_ intervals: [Double]) -> Bool {
            let peeked = intervals.withUnsafeBufferPointer {
                bitDecoder.decodeCandidate($0, searchingFrom: 0, peekingPastFirstOne: peekBits)
            }
            guard let bits = peeked?.bits, let first = bits.firstIndex(of: 1) else { return false }
            return formats.contains { startSentinel(of: $0, isAt: first, in: bits) }
        }
        return !beginsLikeTrack(intervals) && beginsLikeTrack(reversed)
    }

    /// Clocks and parses the bits of `pulses`, in both directions and both formats.
    func decode(pulses: [Pulse], channel: Int, sampleRate: Double) -> Outcome {
        guard pulses.count > 16 else { return Outcome(track: nil, bitCount: 0) }
        var intervals = [Double](repeating: 0, count: pulses.count - 1)
        for index in intervals.indices { intervals[index] = pulses[index + 1].position - pulses[index].position }

        var bitDecoder = bitDecoder
        bitDecoder.maximumPeriod = sampleRate / (75 * 2)  // track 2 at 2 ips
        var best: TrackRead?
        var mostBits = 0
        /// Parses `bits` in each format, the one whose start sentinel the first 1 bit begins first,
        /// until one reads cleanly; whether the best reading so far is clean (nothing left to try).
        func read(_ bits: [UInt8], _ direction: SwipeDirection) -> Bool {
            mostBits = max(mostBits, bits.count)
            for format in Self.formats(formats, inOrderFor: bits) {
                guard let readout = TrackParser(format: format).parse(bits) else { continue }
                if best == nil || readout.quality > best!.readout.quality {
                    best = TrackRead(channel: channel, direction: direction, readout: readout, bitCount: bits.count)
                }
                if best!.readout.isClean { return true }
            }
            return false
        }
        // The usual clock lock first: the first lock point of each direction, then the next of
        // each, and so on (a swipe's first lock in its own direction almost always reads, and a
        // clean reading decodes nothing more). Only when that gives no clean reading, a swipe that
        // starts (or, read backwards, ends) with no clock zeros.
        let reversed = Array(intervals.reversed())
        let directions: [(SwipeDirection, [Double])] = [(.forward, intervals), (.reverse, reversed)]
        // A swipe read backwards first is clocked and parsed forwards for nothing. A peek at the
        // bits past each direction's first lock tells which begins like a track; when only the
        // reverse one does, it is read first, and if it reads cleanly that is the reading the
        // usual order gives too (the forward one would not read cleanly as well: a track is not
        // its own reverse). Otherwise everything goes in the usual order, from the start.
        if Self.readsBackwards(intervals, reversed, bitDecoder: bitDecoder, formats: formats),
            let bits = reversed.withUnsafeBufferPointer({ bitDecoder.decodeCandidate($0, searchingFrom: 0) })?.bits,
            read(bits, .reverse)
        {
            return Outcome(track: best, bitCount: mostBits)
        }
        best = nil
        mostBits = 0
        // Where each direction's next lock point is searched from (none once it has no more).
        var searchFrom: [Int?] = [0, 0]
        locks: for _ in 0..<bitDecoder.maximumLocks {
            for (number, (direction, ordered)) in directions.enumerated() {
                guard let start = searchFrom[number] else { continue }
                let candidate = ordered.withUnsafeBufferPointer { bitDecoder.decodeCandidate($0, searchingFrom: start) }
                searchFrom[number] = candidate?.next
                guard let bits = candidate?.bits else { continue }
                if read(bits, direction) { break locks }
            }
        }
        if best?.readout.isClean != true {
            tight: for (direction, ordered) in directions {
                for bits in ordered.withUnsafeBufferPointer({ bitDecoder.decodeWithoutLeadIn($0) })
                where read(bits, direction) {
                    break tight
                }
            }
        }
        return Outcome(track: best, bitCount: mostBits)
    }
}
