/// Finds read-head pulses in a filtered swipe without a fixed threshold.
///
/// Head pulses alternate in sign, and their height follows the swipe's speed. The
/// detector therefore follows the signal between a maximum and the next minimum
/// and accepts an extremum only once the signal has swung away from it by a
/// fraction of the *local* amplitude envelope (a sliding maximum over a few
/// milliseconds). Noise has to swing against the alternating pulses by a large
/// part of their height to add a false pulse, however loud or quiet the swipe.
public struct PulseDetector: Sendable {
    /// The swing that confirms an extremum, as a fraction of the local envelope.
    public var hysteresis: Float = 0.65
    /// How far from zero a maximum (or minimum) must lie, as a fraction of the local
    /// envelope: pulses alternate in sign, the rebound of a tail stays near zero.
    public var polarityMargin: Float = 0.45
    /// Pulses weaker than this fraction of their neighbours' median are dropped (0: keep all).
    public var minimumRatio: Float = 0.45
    /// The swing that confirms an extremum, as a multiple of the background's peak level.
    public var noiseSwingRatio: Float = 2
    /// Half-width of the envelope window, in seconds.
    public var envelopeWindow: Double = 0.003

    /// Creates a detector with the default settings.
    public init() {}

    /// The pulses in `samples` (already high-passed), given the level of the background noise.
    public func pulses(in samples: UnsafeBufferPointer<Float>, sampleRate: Double, noiseLevel: Float) -> [Pulse] {
        let count = samples.count
        guard count > 4 else { return [] }
        let envelope = Envelope(samples, halfWidth: max(2, Int(envelopeWindow * sampleRate)))
        // A pulse swings from one polarity to the other: noise and hum must swing more than
        // twice their own peak level to pass.
        let floor = noiseLevel * noiseSwingRatio
        var pulses: [Pulse] = []
        pulses.reserveCapacity(count / 8)

        // Which way the first pulse goes is not known: follow both until one confirms.
        var seekingMaximum = true
        var started = false
        var high = samples[0], highFirst = 0, highLast = 0
        var low = samples[0], lowFirst = 0, lowLast = 0
        var lastAmplitude: Float = 0
        let hysteresis = hysteresis
        let polarityMargin = polarityMargin

        envelope.withLevels { levels, shift in
            // What confirms the extremum found so far: a swing past its threshold, and its
            // distance from zero. Both follow the envelope where the extremum lies.
            var highSwing = max(levels[0] * hysteresis, floor), highMargin = levels[0] * polarityMargin
            var lowSwing = highSwing, lowMargin = highMargin
            @inline(__always) func resetHigh(_ value: Float, _ index: Int) {
                high = value; highFirst = index; highLast = index
                let level = levels[index >> shift]
                highSwing = max(level * hysteresis, floor)
                highMargin = level * polarityMargin
            }
            @inline(__always) func resetLow(_ value: Float, _ index: Int) {
                low = value; lowFirst = index; lowLast = index
                let level = levels[index >> shift]
                lowSwing = max(level * hysteresis, floor)
                lowMargin = level * polarityMargin
            }
            let blockMask = (1 << shift) - 1
            var index = 0
            while index + 1 < count {
                index += 1
                // A stretch whose local peak cannot swing past the noise gate holds no pulse:
                // skip it a block at a time (the quiet margins around a swipe).
                if index & blockMask == 0 || index == 1, levels[index >> shift] * 2 < floor {
                    let skipTo = min(count - 1, ((index >> shift) + 1) << shift - 1)
                    if skipTo > index {
                        index = skipTo
                        let value = samples[index]
                        resetHigh(value, index)
                        resetLow(value, index)
                        continue
                    }
                }
                let value = samples[index]
                if value > high {
                    resetHigh(value, index)
                } else if value == high && highLast == index - 1 {
                    highLast = index
                }
                if value < low {
                    resetLow(value, index)
                } else if value == low && lowLast == index - 1 {
                    lowLast = index
                }
                if !started || seekingMaximum {
                    if high - value > highSwing, high > highMargin {
                        let found = pulse(samples, highFirst, highLast, high)
                        pulses.append(found)
                        lastAmplitude = found.amplitude
                        started = true
                        seekingMaximum = false
                        resetLow(value, index)
                        continue
                    }
                }
                if !started || !seekingMaximum {
                    if value - low > lowSwing, -low > lowMargin {
                        let found = pulse(samples, lowFirst, lowLast, low)
                        pulses.append(found)
                        lastAmplitude = found.amplitude
                        started = true
                        seekingMaximum = true
                        resetHigh(value, index)
                        continue
                    }
                }
                if started {
                    // Beyond the last confirmed pulse in its own direction, with no pulse of the
                    // other sign in between: that pulse was an AC-coupling tail or a shoulder,
                    // and the real one is here. Move it.
                    if seekingMaximum, value < lastAmplitude {
                        let moved = pulse(samples, lowFirst, lowLast, low)
                        pulses[pulses.count - 1] = moved
                        lastAmplitude = moved.amplitude
                        resetHigh(value, index)
                        continue
                    }
                    if !seekingMaximum, value > lastAmplitude {
                        let moved = pulse(samples, highFirst, highLast, high)
                        pulses[pulses.count - 1] = moved
                        lastAmplitude = moved.amplitude
                        resetLow(value, index)
                        continue
                    }
                }
            }
        }
        return minimumRatio > 0 ? removingWeakPulses(pulses) : pulses
    }

    /// Drops pulses much weaker than their neighbours (ringing and AC-coupling
    /// tails of slow pulses, noise on a quiet stretch), then merges what is left
    /// back into alternating polarity, keeping the stronger of two same-sign pulses.
    func removingWeakPulses(_ pulses: [Pulse]) -> [Pulse] {
        guard pulses.count > 8 else { return pulses }
        var strong: [Pulse] = []
        strong.reserveCapacity(pulses.count)
        var window = [Float](repeating: 0, count: 9)
        for index in pulses.indices {
            let lower = max(0, min(index - 4, pulses.count - 9))
            for offset in 0..<9 { window[offset] = abs(pulses[lower + offset].amplitude) }
            window.sort()
            if abs(pulses[index].amplitude) >= window[4] * minimumRatio { strong.append(pulses[index]) }
        }
        var merged: [Pulse] = []
        merged.reserveCapacity(strong.count)
        for pulse in strong {
            if let last = merged.last, (last.amplitude > 0) == (pulse.amplitude > 0) {
                if abs(pulse.amplitude) > abs(last.amplitude) { merged[merged.count - 1] = pulse }
            } else {
                merged.append(pulse)
            }
        }
        return merged
    }

    /// A pulse at the extremum spanning `first...last`: the middle of a clipped
    /// plateau, or a parabola's vertex through a single peak sample.
    @inline(__always)
    private func pulse(_ samples: UnsafeBufferPointer<Float>, _ first: Int, _ last: Int, _ value: Float) -> Pulse {
        if first != last || first == 0 || first == samples.count - 1 {
            return Pulse(position: Double(first + last) / 2, amplitude: value)
        }
        let left = samples[first - 1]
        let right = samples[first + 1]
        let curvature = left - 2 * value + right
        var offset: Float = 0
        if curvature != 0 { offset = max(-0.5, min(0.5, 0.5 * (left - right) / curvature)) }
        return Pulse(position: Double(first) + Double(offset), amplitude: value)
    }
}

/// Sliding maximum of |x| over blocks, cheap enough for the audio path.
struct Envelope {
    private var blockMaxima: [Float]
    private let blockShift: Int

    init(_ samples: UnsafeBufferPointer<Float>, halfWidth: Int) {
        // A power of two, so finding a sample's block is a shift.
        var shift = 0
        while (1 << (shift + 1)) <= max(1, halfWidth / 2) { shift += 1 }
        blockShift = shift
        let blockSize = 1 << shift
        let blocks = (samples.count + blockSize - 1) / blockSize
        var maxima = [Float](repeating: 0, count: blocks)
        for block in 0..<blocks {
            var peak: Float = 0
            let end = min(samples.count, (block + 1) * blockSize)
            for index in (block * blockSize)..<end { peak = max(peak, abs(samples[index])) }
            maxima[block] = peak
        }
        // Widen each block to its neighbours, two on each side: about ±halfWidth samples.
        var widened = maxima
        for block in 0..<blocks {
            var peak: Float = 0
            for neighbour in max(0, block - 2)...min(blocks - 1, block + 2) { peak = max(peak, maxima[neighbour]) }
            widened[block] = peak
        }
        blockMaxima = widened
    }

    /// Calls `body` with the local peak levels, one per block, and the shift that turns
    /// a sample index into its block.
    @inline(__always)
    func withLevels<Result>(_ body: (UnsafeBufferPointer<Float>, Int) throws -> Result) rethrows -> Result {
        try blockMaxima.withUnsafeBufferPointer { try body($0, blockShift) }
    }
}
