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
    /// Blocks whose swings (twice their local peak) stay under this multiple of the noise gate
    /// are skipped whole. At 1, only blocks where no swing can pass the gate are skipped, which
    /// changes no pulse; above it, the noise's own pulses around a swipe (and a pulse that would
    /// barely pass the gate) are not looked for: see ``SegmentDecoder/quickLookQuietBlockRatio``.
    public var quietBlockRatio: Float = 1

    /// Creates a detector with the default settings.
    public init() {}

    /// The pulses in `samples` (already high-passed), given the level of the background noise.
    public func pulses(in samples: UnsafeBufferPointer<Float>, sampleRate: Double, noiseLevel: Float) -> [Pulse] {
        guard samples.count > 4 else { return [] }
        let envelope = Envelope(samples, halfWidth: max(2, Int(envelopeWindow * sampleRate)))
        // A pulse swings from one polarity to the other: noise and hum must swing more than
        // twice their own peak level to pass.
        let floor = noiseLevel * noiseSwingRatio
        let found = envelope.withLevels { levels, shift in
            // Each block's gates: the swing that confirms an extremum (a share of the envelope,
            // and past the noise), and the distance from zero it must lie at.
            let gates = levels.map { SIMD2(max($0 * hysteresis, floor), $0 * polarityMargin) }
            return gates.withUnsafeBufferPointer { gates in
                var scanner = PulseScanner(
                    samples: samples, levels: levels, gates: gates, shift: shift, quietGate: floor * quietBlockRatio)
                return scanner.scan()
            }
        }
        return minimumRatio > 0 ? removingWeakPulses(found) : found
    }
}
