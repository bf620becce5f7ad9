/// One read-head pulse: a flux reversal on the stripe.
public struct Pulse: Sendable, Equatable {
    /// Position in samples from the start of the segment, with sub-sample precision.
    public var position: Double
    /// Height of the pulse in the filtered signal (negative for a negative pulse).
    public var amplitude: Float
}
