/// Follows a filtered swipe sample by sample and takes each head pulse once the signal has
/// swung back from it far enough: the pulses, alternating in sign.
///
/// It seeks a maximum and a minimum in turn. The extremum found so far is confirmed when
/// the signal has swung back from it by more than the swing gate of its block, and it lies
/// further from zero than the block's margin; it is then a pulse, and the scanner seeks the
/// other kind. Beyond the last pulse, with none of the other sign in between, that pulse
/// was an AC-coupling tail or a shoulder: the real one is here, and the pulse is moved.
/// Blocks whose local peak cannot swing past the noise gate hold no pulse and are skipped.
struct PulseScanner {
    /// What the scanner is looking for.
    enum Seeking {
        /// The first pulse, of either sign.
        case either
        /// A maximum, after a minimum.
        case maximum
        /// A minimum, after a maximum.
        case minimum
    }

    /// An extremum: its value and where it is.
    struct Extremum {
        var value: Float
        var at: Int
    }

    private let samples: UnsafeBufferPointer<Float>
    /// Each envelope block's local peak, its swing gate and its margin (see ``PulseDetector``).
    private let levels: UnsafeBufferPointer<Float>
    private let gates: UnsafeBufferPointer<SIMD2<Float>>
    /// The shift from a sample's index to its envelope block's.
    private let shift: Int
    /// A block whose swings (twice its local peak) stay under this is skipped whole.
    private let quietGate: Float
    private var seeking = Seeking.either
    private var high: Extremum
    private var low: Extremum
    /// The height of the last pulse taken.
    private var lastAmplitude: Float = 0
    private var index = 0
    private var pulses: [Pulse] = []

    /// A scanner of `samples`, with the envelope's `levels` and their `gates` (swing, margin)
    /// one per block of `1 << shift` samples.
    init(
        samples: UnsafeBufferPointer<Float>, levels: UnsafeBufferPointer<Float>,
        gates: UnsafeBufferPointer<SIMD2<Float>>, shift: Int, quietGate: Float
    ) {
        self.samples = samples
        self.levels = levels
        self.gates = gates
        self.shift = shift
        self.quietGate = quietGate
        high = Extremum(value: samples[0], at: 0)
        low = high
        pulses.reserveCapacity(samples.count / 8)
    }

    /// The pulses, in order.
    mutating func scan() -> [Pulse] {
        let last = samples.count - 1
        while index < last {
            let end = runEnd(last: last)
            switch seeking {
            case .either: seekEither(to: end)
            case .maximum: seek(Rising.self, to: end)
            case .minimum: seek(Falling.self, to: end)
            }
        }
        return pulses
    }

    /// The last sample of the run to follow next: to the end of the envelope block the next
    /// sample is in. A block whose local peak cannot swing past the quiet gate (twice the peak
    /// is at most the gate) is skipped whole: the quiet margins around a swipe, and digital
    /// silence, where gate and peak are both zero. Both extrema start again at its end, and the
    /// run is empty.
    private mutating func runEnd(last: Int) -> Int {
        let next = index + 1
        let blockMask = (1 << shift) - 1
        let end = min(last, next | blockMask)
        if next & blockMask == 0 || next == 1, levels[next >> shift] * 2 <= quietGate, end > next {
            index = end
            high = Extremum(value: samples[end], at: end)
            low = high
            return end
        }
        return end
    }

    /// Until the first pulse: both extrema follow the signal, and whichever is confirmed first is taken.
    private mutating func seekEither(to end: Int) {
        while index < end {
            index += 1
            let value = samples[index]
            Rising.follow(&high, value, index)
            Falling.follow(&low, value, index)
            if confirmed(Rising.self, high, by: value) {
                take(high)
                low = Extremum(value: value, at: index)
                seeking = .minimum
                return
            }
            if confirmed(Falling.self, low, by: value) {
                take(low)
                high = Extremum(value: value, at: index)
                seeking = .maximum
                return
            }
        }
    }

    /// After a pulse of the other sign: the extremum on `Side` follows the signal until it is
    /// confirmed; a sample beyond the last pulse moves that pulse there.
    private mutating func seek<Side: ExtremumSide>(_ side: Side.Type, to end: Int) {
        var followed = Side.isMaximum ? high : low
        var other = Side.isMaximum ? low : high
        defer {
            high = Side.isMaximum ? followed : other
            low = Side.isMaximum ? other : followed
        }
        while index < end {
            index += 1
            let value = samples[index]
            Side.follow(&followed, value, index)
            if confirmed(Side.self, followed, by: value) {
                take(followed)
                other = Extremum(value: value, at: index)
                seeking = Side.isMaximum ? .minimum : .maximum
                return
            }
            if Side.beyond(lastAmplitude, value) {
                // Every sample since the last pulse (or since the extrema started again) lay on
                // this side of it: this one is further out, unless a restart began there.
                Side.Opposite.follow(&other, value, index)
                let moved = pulse(at: other)
                pulses[pulses.count - 1] = moved
                lastAmplitude = moved.amplitude
                followed = Extremum(value: value, at: index)
            }
        }
    }

    /// Whether the signal, now at `value`, has swung far enough back from `extremum` (a
    /// maximum or minimum as `Side` says), which lies far enough from zero, to confirm it.
    private func confirmed<Side: ExtremumSide>(_ side: Side.Type, _ extremum: Extremum, by value: Float) -> Bool {
        let gate = gates[extremum.at >> shift]
        return Side.swing(from: extremum.value, to: value) > gate[0] && Side.height(extremum.value) > gate[1]
    }

    /// Takes the pulse at `extremum` (the other extremum then starts again at the sample now).
    private mutating func take(_ extremum: Extremum) {
        let found = pulse(at: extremum)
        pulses.append(found)
        lastAmplitude = found.amplitude
    }

    /// The pulse at `extremum`, first reached at its index and held to the end of its plateau
    /// (no further than the sample now): the plateau's middle, or the vertex of a parabola
    /// through a single peak sample and its neighbours.
    private func pulse(at extremum: Extremum) -> Pulse {
        let first = extremum.at
        var last = first
        while last < index, samples[last + 1] == extremum.value { last += 1 }
        if first != last || first == 0 || first == samples.count - 1 {
            return Pulse(position: Double(first + last) / 2, amplitude: extremum.value)
        }
        let left = samples[first - 1]
        let right = samples[first + 1]
        let curvature = left - 2 * extremum.value + right
        var offset: Float = 0
        if curvature != 0 { offset = max(-0.5, min(0.5, 0.5 * (left - right) / curvature)) }
        return Pulse(position: Double(first) + Double(offset), amplitude: extremum.value)
    }
}

/// Which way an extremum lies: up for a maximum, down for a minimum.
protocol ExtremumSide {
    /// The other way.
    associatedtype Opposite: ExtremumSide
    /// Whether it is a maximum.
    static var isMaximum: Bool { get }
    /// Whether `a` lies further out than `b`.
    static func beyond(_ a: Float, _ b: Float) -> Bool
    /// How far the signal at `value` has swung back from `extremum`.
    static func swing(from extremum: Float, to value: Float) -> Float
    /// How far out `value` lies on this side of zero.
    static func height(_ value: Float) -> Float
}

extension ExtremumSide {
    /// Moves `extremum` to the sample at `index`, `value`, when that lies further out. (A select,
    /// not a branch: on noise, whether a sample tops the last is a coin toss.)
    @inline(__always)
    static func follow(_ extremum: inout PulseScanner.Extremum, _ value: Float, _ index: Int) {
        let further = beyond(value, extremum.value)
        extremum.value = further ? value : extremum.value
        extremum.at = further ? index : extremum.at
    }
}

/// A maximum.
enum Rising: ExtremumSide {
    typealias Opposite = Falling
    static var isMaximum: Bool { true }
    @inline(__always) static func beyond(_ a: Float, _ b: Float) -> Bool { a > b }
    @inline(__always) static func swing(from extremum: Float, to value: Float) -> Float { extremum - value }
    @inline(__always) static func height(_ value: Float) -> Float { value }
}

/// A minimum.
enum Falling: ExtremumSide {
    typealias Opposite = Rising
    static var isMaximum: Bool { false }
    @inline(__always) static func beyond(_ a: Float, _ b: Float) -> Bool { a < b }
    @inline(__always) static func swing(from extremum: Float, to value: Float) -> Float { value - extremum }
    @inline(__always) static func height(_ value: Float) -> Float { -value }
}
