#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How fast the card moves through the reader along one pass, in inches per second.
public enum SpeedProfile: Sendable, CustomStringConvertible {
    /// A steady hand.
    case constant(Double)
    /// Speeds up (or slows down) linearly in time from the first speed to the second.
    case ramp(from: Double, to: Double)
    /// A mean speed with a sinusoidal wobble of `depth` (0...1) and `cycles` per pass.
    case wobble(mean: Double, depth: Double, cycles: Double)

    /// Speed at `fraction` (0...1) of the pass's duration.
    public func speed(at fraction: Double) -> Double {
        switch self {
        case .constant(let v): v
        case .ramp(let from, let to): from + (to - from) * fraction
        case .wobble(let mean, let depth, let cycles): mean * (1 + depth * sin(2 * Double.pi * cycles * fraction))
        }
    }

    /// Slowest and fastest speed of the pass.
    public var range: ClosedRange<Double> {
        switch self {
        case .constant(let v): v...v
        case .ramp(let from, let to): min(from, to)...max(from, to)
        case .wobble(let mean, let depth, _): mean * (1 - depth)...mean * (1 + depth)
        }
    }

    /// A short text for logs and terminals (never card data).
    public var description: String {
        switch self {
        case .constant(let v): "steady \(Int(v)) ips"
        case .ramp(let from, let to): "\(Int(from))→\(Int(to)) ips"
        case .wobble(let mean, let depth, _): "\(Int(mean)) ips ±\(Int(depth * 100))%"
        }
    }
}
