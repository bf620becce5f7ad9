import SwipeDecoding

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Renders physically plausible reader recordings.
///
/// Flux reversals sit at ISO densities (210 or 75 bits per inch); each gives one
/// head pulse of alternating sign whose height grows with speed and whose width
/// shrinks with it. The card's motion follows a ``SpeedProfile``; then the
/// recording gets reversal jitter, AC coupling, hum, DC offset, white noise and
/// clipping from ``Impairments``.
public struct SwipeSynthesizer: Sendable {
    /// Samples per second.
    public var sampleRate: Double
    /// Interleaved channels in the output.
    public var channelCount: Int
    /// What the input adds.
    public var impairments: Impairments
    /// Length of the magnetic stripe in inches.
    public var cardLength = 3.375

    /// Creates a synthesizer.
    public init(sampleRate: Double, channelCount: Int, impairments: Impairments = Impairments()) {
        self.sampleRate = sampleRate
        self.channelCount = channelCount
        self.impairments = impairments
    }

    /// A rendered recording.
    public struct Recording: Sendable {
        /// Interleaved samples, full scale ±1.
        public var samples: [Float]
        /// Samples per second.
        public var sampleRate: Double
        /// Channels.
        public var channelCount: Int
        /// Start and end of each swipe's pulses, in seconds.
        public var swipeTimes: [ClosedRange<Double>]
        /// Where each swipe's data bits pass the head, over all its channels.
        public var dataSpans: [DataSpan] = []

        /// Length in seconds.
        public var duration: Double { Double(samples.count / max(1, channelCount)) / sampleRate }
    }

    /// When a swipe's data bits (start sentinel to LRC, in the order the head meets them)
    /// pass the head, and how long one bit cell lasts at each end.
    public struct DataSpan: Sendable {
        /// From the first data bit's start to the last one's end, in seconds.
        public var times: ClosedRange<Double>
        /// The first data bit cell's length, in seconds.
        public var firstCell: Double
        /// The last data bit cell's length, in seconds.
        public var lastCell: Double
    }

    /// Renders `swipes` one after the other, `gap` seconds apart, with `lead` seconds before the first.
    public func render(_ swipes: [SwipeRecipe], gap: Double = 0.8, lead: Double = 0.3, seed: UInt64) -> Recording {
        var random = SeededRandom(seed: seed)
        var pulseTrains: [[(time: Double, amplitude: Double, sigma: Double)]] = Array(
            repeating: [], count: channelCount)
        var swipeTimes: [ClosedRange<Double>] = []
        var dataSpans: [DataSpan] = []
        var clock = lead
        for recipe in swipes {
            let (trains, duration, data) = pulses(for: recipe, startingAt: clock, random: &random)
            for (channel, train) in trains.enumerated() where channel < channelCount {
                pulseTrains[channel] += train
            }
            swipeTimes.append(clock...(clock + duration))
            dataSpans.append(data)
            clock += duration + gap
        }
        let frames = Int((swipes.isEmpty ? 2 : clock - gap + lead) * sampleRate) + 1
        var output = [Float](repeating: 0, count: frames * channelCount)
        for channel in 0..<channelCount {
            var signal = renderPulses(pulseTrains[channel], frames: frames)
            impair(&signal, swipeTimes: swipeTimes, random: &random)
            for frame in 0..<frames { output[frame * channelCount + channel] = Float(signal[frame]) }
        }
        return Recording(
            samples: output, sampleRate: sampleRate, channelCount: channelCount, swipeTimes: swipeTimes,
            dataSpans: dataSpans)
    }

    /// Pulse times per channel for one pass, the pass's duration, and when its data bits pass the head.
    private func pulses(
        for recipe: SwipeRecipe, startingAt start: Double, random: inout SeededRandom
    ) -> ([[(time: Double, amplitude: Double, sigma: Double)]], Double, DataSpan) {
        // Reversal positions (inches from the card's leading edge) for each channel.
        var layouts: [[Double]] = []
        /// Each reversal's share of its pulse's height (below 1 in a dropout).
        var heights: [[Double]] = []
        var dataSpans: [(span: ClosedRange<Double>, cell: Double)] = []
        var length = cardLength
        for spec in recipe.channels {
            guard let spec else {
                layouts.append([])
                heights.append([])
                continue
            }
            let encoder = TrackEncoder(format: spec.format)
            let cell = 1 / encoder.bitsPerInch
            let dataBits = encoder.bits(for: spec.text, leadingZeros: 0, trailingZeros: 0).count
            let edge = 0.08
            let trailing = max(
                8, Int((cardLength - edge - 0.08) * encoder.bitsPerInch) - recipe.leadingZeros - dataBits)
            let bits = encoder.bits(for: spec.text, leadingZeros: recipe.leadingZeros, trailingZeros: trailing)
            let dataStart = edge + Double(recipe.leadingZeros) * cell
            dataSpans.append((dataStart...(dataStart + Double(dataBits) * cell), cell))
            var positions: [Double] = []
            positions.reserveCapacity(bits.count * 2)
            for (index, bit) in bits.enumerated() {
                let origin = edge + Double(index) * cell
                positions.append(origin)
                if bit == 1 { positions.append(origin + cell / 2) }
            }
            positions.append(edge + Double(bits.count) * cell)
            length = max(length, positions.last! + 0.08)
            layouts.append(positions)
            if let dropout = recipe.dropout, dropout.channel == layouts.count - 1 {
                let begins = dataStart + dropout.position * Double(dataBits) * cell
                heights.append(positions.map { dropout.factor(atCell: ($0 - begins) / cell) })
            } else {
                heights.append([Double](repeating: 1, count: positions.count))
            }
        }
        // Time to reach each position: integrate 1/v along the pass.
        let steps = 4000
        var elapsed = [Double](repeating: 0, count: steps + 1)
        for step in 1...steps {
            let fraction = (Double(step) - 0.5) / Double(steps)
            elapsed[step] = elapsed[step - 1] + length / Double(steps) / recipe.profile.speed(at: fraction)
        }
        func time(at distance: Double) -> Double {
            let scaled = max(0, min(Double(steps), distance / length * Double(steps)))
            let lower = min(steps - 1, Int(scaled))
            return elapsed[lower] + (elapsed[lower + 1] - elapsed[lower]) * (scaled - Double(lower))
        }
        let topSpeed = recipe.profile.range.upperBound
        let readLength = length * max(0, min(1, recipe.completeness))
        var trains: [[(time: Double, amplitude: Double, sigma: Double)]] = []
        for (channel, positions) in layouts.enumerated() {
            let cell = recipe.channels[channel].map { 1 / TrackEncoder(format: $0.format).bitsPerInch } ?? 1
            var travelled = zip(positions, heights[channel]).map { position, height in
                (distance: recipe.direction == .forward ? position : length - position, height: height)
            }
            travelled.sort { $0.distance < $1.distance }
            var train: [(time: Double, amplitude: Double, sigma: Double)] = []
            var sign = Bool.random(using: &random) ? 1.0 : -1.0
            for (distance, height) in travelled where distance <= readLength {
                let speed = recipe.profile.speed(at: distance / length)
                let jitter = impairments.jitter * random.gaussian() * (cell / 2) / speed
                let sigma = ((recipe.pulseWidthMils / 1000 / speed).squared + (0.5 / sampleRate).squared).squareRoot()
                train.append((start + time(at: distance) + jitter, sign * height * speed / topSpeed, sigma))
                sign = -sign
            }
            trains.append(train)
        }
        // (time, cell length in seconds) where each channel's data begins and ends, as the head meets them.
        var ends: [(time: Double, cell: Double)] = []
        for (span, cell) in dataSpans {
            for position in [span.lowerBound, span.upperBound] {
                let travelled = min(recipe.direction == .forward ? position : length - position, readLength)
                ends.append((start + time(at: travelled), cell / recipe.profile.speed(at: travelled / length)))
            }
        }
        let first = ends.min { $0.time < $1.time } ?? (start, 0)
        let last = ends.max { $0.time < $1.time } ?? (start, 0)
        return (
            trains, time(at: readLength),
            DataSpan(times: first.time...last.time, firstCell: first.cell, lastCell: last.cell)
        )
    }

    private func renderPulses(_ train: [(time: Double, amplitude: Double, sigma: Double)], frames: Int) -> [Double] {
        var signal = [Double](repeating: 0, count: frames)
        for pulse in train {
            let center = pulse.time * sampleRate
            let width = pulse.sigma * sampleRate
            let first = max(0, Int(center - 5 * width))
            let last = min(frames - 1, Int(center + 5 * width) + 1)
            guard first <= last else { continue }
            let scale = -0.5 / (width * width)
            for frame in first...last {
                let offset = Double(frame) - center
                signal[frame] += pulse.amplitude * exp(offset * offset * scale)
            }
        }
        return signal
    }

    private func impair(_ signal: inout [Double], swipeTimes: [ClosedRange<Double>], random: inout SeededRandom) {
        if let corner = impairments.acCouplingHz {
            // One-pole high-pass: a series capacitor into the input's resistance.
            let rc = 1 / (2 * Double.pi * corner)
            let alpha = rc / (rc + 1 / sampleRate)
            var previousInput = 0.0
            var previousOutput = 0.0
            for index in signal.indices {
                let input = signal[index]
                previousOutput = alpha * (previousOutput + input - previousInput)
                previousInput = input
                signal[index] = previousOutput
            }
        }
        var peak = 0.0
        var energy = 0.0
        var counted = 0
        for range in swipeTimes {
            let first = max(0, Int(range.lowerBound * sampleRate))
            let last = min(signal.count, Int(range.upperBound * sampleRate))
            guard first < last else { continue }
            for index in first..<last {
                peak = max(peak, abs(signal[index]))
                energy += signal[index] * signal[index]
            }
            counted += last - first
        }
        guard peak > 0 else {
            addBackground(&signal, noiseSigma: impairments.gain * 0.001, humAmplitude: 0, random: &random)
            return
        }
        let scale = impairments.gain / peak
        let rms = (energy / Double(max(1, counted))).squareRoot() * scale
        let noiseSigma = impairments.snrDB.map { rms / pow(10, $0 / 20) } ?? 0
        for index in signal.indices { signal[index] *= scale }
        let clipLevel = impairments.clipFraction.map { $0 * impairments.gain }
        addBackground(
            &signal, noiseSigma: noiseSigma, humAmplitude: impairments.humLevel * impairments.gain, random: &random)
        if let clipLevel {
            for index in signal.indices { signal[index] = max(-clipLevel, min(clipLevel, signal[index])) }
        }
    }

    private func addBackground(
        _ signal: inout [Double], noiseSigma: Double, humAmplitude: Double, random: inout SeededRandom
    ) {
        let startPhase = Double.random(in: 0..<(2 * Double.pi), using: &random)
        // A drifting grid: the phase is the integral of a frequency that swings slowly about `humHz`.
        let drift = impairments.humDrift
        let driftPhase = drift > 0 ? Double.random(in: 0..<(2 * Double.pi), using: &random) : 0
        let swing = 2 * Double.pi / 30  // one cycle in 30 s, in radians per second
        let step = 2 * Double.pi * impairments.humHz / sampleRate
        let harmonics = [1] + impairments.humHarmonics
        for index in signal.indices {
            var value = signal[index] + impairments.dcOffset
            if humAmplitude > 0 {
                var phase = startPhase + step * Double(index)
                if drift > 0 {
                    let time = Double(index) / sampleRate
                    phase += drift / (swing / (2 * Double.pi)) * (cos(driftPhase) - cos(driftPhase + swing * time))
                }
                value += humAmplitude * Self.harmonicSum(harmonics, phase: phase)
            }
            if noiseSigma > 0 { value += noiseSigma * random.gaussian() }
            signal[index] = max(-1, min(1, value))
        }
    }

    /// The sum of `amplitudes[k] * sin((k + 1) * phase)`, by the Chebyshev recurrence.
    private static func harmonicSum(_ amplitudes: [Double], phase: Double) -> Double {
        let sine = sin(phase)
        guard amplitudes.count > 1 else { return amplitudes[0] * sine }
        let twiceCosine = 2 * cos(phase)
        var previous = 0.0  // sin(0 * phase)
        var current = sine
        var sum = amplitudes[0] * sine
        for amplitude in amplitudes.dropFirst() {
            let next = twiceCosine * current - previous
            previous = current
            current = next
            sum += amplitude * next
        }
        return sum
    }
}

extension Double {
    fileprivate var squared: Double { self * self }
}

extension SwipeSynthesizer.Recording {
    /// The stretch from `start` to `end` seconds, as if the recording had begun and ended there.
    public func cut(from start: Double, to end: Double) -> SwipeSynthesizer.Recording {
        let frames = samples.count / max(1, channelCount)
        let first = max(0, min(frames, Int((start * sampleRate).rounded(.down))))
        let last = max(first, min(frames, Int((end * sampleRate).rounded(.up))))
        let offset = Double(first) / sampleRate
        let duration = Double(last - first) / sampleRate
        func shifted(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
            let lower = max(0, min(duration, range.lowerBound - offset))
            return lower...max(lower, min(duration, range.upperBound - offset))
        }
        return SwipeSynthesizer.Recording(
            samples: Array(samples[(first * channelCount)..<(last * channelCount)]), sampleRate: sampleRate,
            channelCount: channelCount, swipeTimes: swipeTimes.map(shifted),
            dataSpans: dataSpans.map {
                SwipeSynthesizer.DataSpan(times: shifted($0.times), firstCell: $0.firstCell, lastCell: $0.lastCell)
            })
    }

    /// The samples of one channel.
    public func channel(_ index: Int) -> [Float] {
        stride(from: index, to: samples.count, by: channelCount).map { samples[$0] }
    }
}
