#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Takes mains hum out of a stream, fundamental and every harmonic at once, by
/// subtracting a learned copy of one mains period.
///
/// Hum is periodic and a swipe is not: averaged over many mains periods, the
/// signal at each point of the period is the hum alone. The canceller keeps that
/// average (a template of one period) and subtracts it sample by sample, so
/// harmonics to the 15th and beyond go with the fundamental, where notches would
/// need one filter each and would cut into the pulses. Only the background teaches
/// the template (the caller says when a swipe is on), and an update is capped at a few
/// times the usual residual. The grid's frequency drifts (a fraction of a hertz): the
/// fundamental's phase, measured against the template's clock once a period between
/// swipes, keeps the clock's speed on the hum's; through a swipe the clock keeps its speed.
public struct HumCanceller: Sendable {
    /// Points in the template of one period (a power of two): 17 per cycle of the 15th harmonic.
    static let bins = 256
    private static let binMask = bins - 1

    /// The mains frequency tracked now, in Hz.
    public private(set) var frequency: Double
    /// The nominal mains frequency (50 or 60 Hz).
    public let nominalFrequency: Double
    private let sampleRate: Double
    /// Template updates are weighted so that it follows the hum over about this many periods.
    private let memoryPeriods = 8.0
    private var template = [Float](repeating: 0, count: bins)
    private var gain: Float
    private var periods = 1.0
    /// Position in the mains period, 0..<1.
    private var phase = 0.0
    private var step: Double
    /// Typical size of the residual: updates are capped at a few times it.
    private var residualScale: Float = 1
    /// The fundamental heard over the current period (against the clock's cosine and sine),
    /// and its phase over the last one; `nil` after a swipe (the measure starts again).
    private var inPhase: Float = 0
    private var quadrature: Float = 0
    private var periodWasBackground = true
    private var lastAngle: Double?
    /// How much the grid's frequency changes per period, in Hz, as last measured.
    private var drift = 0.0
    private static let cosines = (0..<bins).map { Float(cos(2 * Double.pi * Double($0) / Double(bins))) }
    private static let sines = (0..<bins).map { Float(sin(2 * Double.pi * Double($0) / Double(bins))) }

    /// Creates a canceller for hum at `mainsFrequency` Hz (50 or 60) in a stream at `sampleRate` Hz.
    public init(mainsFrequency: Double, sampleRate: Double) {
        nominalFrequency = mainsFrequency
        frequency = mainsFrequency
        self.sampleRate = sampleRate
        step = mainsFrequency / sampleRate
        gain = Float(Double(Self.bins) / (sampleRate / mainsFrequency))
    }

    /// Cancels the hum in `samples`, in place; `learning` says they hold no pulse, so the
    /// template may learn from them, and `tracking` (by default the same) that they are
    /// background far from any swipe, so the clock's frequency may be measured on them.
    public mutating func process(
        _ samples: UnsafeMutableBufferPointer<Float>, learning: Bool = true, tracking: Bool? = nil
    ) {
        if !(tracking ?? learning) { periodWasBackground = false }
        let bins = Double(Self.bins)
        for index in samples.indices {
            let value = samples[index]
            let position = phase * bins
            let lower = Int(position)
            let upper = (lower + 1) & Self.binMask
            let fraction = Float(position - Double(lower))
            let slope = template[upper] - template[lower]
            let estimate = template[lower] + fraction * slope
            let residual = value - estimate
            let magnitude = abs(residual)
            let cap = 8 * residualScale
            let robust = max(-cap, min(cap, residual))
            if learning {
                let update = gain * robust
                template[lower] += update * (1 - fraction)
                template[upper] += update * fraction
                // Falls fast, rises slowly: a burst of pulses must not widen the cap.
                let target = min(magnitude, cap)
                residualScale += (target < residualScale ? 0.002 : 0.0002) * (target - residualScale)
            }
            samples[index] = residual
            // The loop compares the input's fundamental with the template's clock.
            inPhase += value * Self.cosines[lower]
            quadrature += value * Self.sines[lower]
            phase += step
            if phase >= 1 {
                phase -= 1
                endPeriod()
            }
        }
    }

    /// Learns the hum from `background` (audio with no swipe, ending now): it is heard twice,
    /// so the second hearing refines what the first learned.
    public mutating func learn(_ background: [Float]) {
        for _ in 0..<2 {
            var copy = background
            phase -= Double(copy.count) * step
            phase -= phase.rounded(.down)
            lastAngle = nil
            copy.withUnsafeMutableBufferPointer { process($0) }
        }
    }

    /// Cancels the hum, as learned so far, in `samples` heard just before the last ones
    /// processed (they end where the clock is now), in place: audio kept from before the
    /// hum was found. Nothing is learned from them.
    public func cancelEarlier(_ samples: UnsafeMutableBufferPointer<Float>) {
        let bins = Double(Self.bins)
        var position = phase - Double(samples.count) * step
        position -= position.rounded(.down)
        for index in samples.indices {
            let scaled = position * bins
            let lower = min(Self.bins - 1, Int(scaled))
            let upper = (lower + 1) & Self.binMask
            let fraction = Float(scaled - Double(lower))
            samples[index] -= template[lower] + fraction * (template[upper] - template[lower])
            position += step
            if position >= 1 { position -= 1 }
        }
    }

    /// Once a period: how far the fundamental's phase moved against the clock over a
    /// period of background says how far the clock's frequency is off. (A swipe's pulses
    /// would jolt it: periods with a swipe in them are not measured.)
    private mutating func endPeriod() {
        let angle = atan2(Double(-quadrature), Double(inPhase))
        inPhase = 0
        quadrature = 0
        defer { periodWasBackground = true }
        // The grid drifts on through a swipe: the clock follows the drift rate measured before.
        frequency = max(nominalFrequency - 2, min(nominalFrequency + 2, frequency + drift))
        step = frequency / sampleRate
        guard periodWasBackground else {
            lastAngle = nil
            return
        }
        defer { lastAngle = angle }
        if let lastAngle {
            var moved = (angle - lastAngle).truncatingRemainder(dividingBy: 2 * Double.pi)
            if moved > Double.pi { moved -= 2 * Double.pi }
            if moved < -Double.pi { moved += 2 * Double.pi }
            // How far the clock is off, in Hz (a pulse's jolt is capped): an alpha-beta tracker
            // corrects the frequency and its drift by shares of it.
            let error = max(-0.05, min(0.05, moved / (2 * Double.pi) * frequency))
            frequency = max(nominalFrequency - 2, min(nominalFrequency + 2, frequency + 0.1 * error))
            // A grid drifts by a tenth of a hertz a second at most.
            let limit = 0.1 / nominalFrequency
            drift = max(-limit, min(limit, drift + 0.005 * error))
            step = frequency / sampleRate
        }
        // At first the template is the plain average of the periods heard, then a running one.
        periods += 1
        gain = Float(Double(Self.bins) / (sampleRate / frequency * min(memoryPeriods, periods)))
    }
}
