import SwipeDecoding

/// The varied set of conditions the decoder is measured on (docs/performance.md, "Decode quality").
///
/// Speeds run from 3 to 60 inches per second where the sample rate can carry
/// them: track 1 holds 210 bits per inch, so above about `rate / 945` ips a bit
/// cell is shorter than 4.5 samples and no decoder can separate its pulses.
public enum Corpus {
    /// Sample rates the issue names.
    public static let sampleRates: [Double] = [22_050, 44_100, 48_000, 96_000]

    /// Hand motions from 3 to `limit` ips: steady, accelerating 5x, decelerating, wobbling.
    public static func profiles(upTo limit: Double) -> [SpeedProfile] {
        let top = min(60, limit)
        return [
            .constant(3), .constant(min(12, top)), .constant(top * 0.9), .constant(top),
            .ramp(from: 3.5, to: min(18, top)), .ramp(from: top / 5, to: top), .ramp(from: top, to: top / 6),
            .ramp(from: min(20, top), to: 3.5), .wobble(mean: top / 2, depth: 0.5, cycles: 1.5),
        ]
    }

    /// Named impairment sets.
    public static var inputs: [(String, Impairments)] {
        var clean = Impairments()
        clean.jitter = 0.02
        let typical = Impairments.typical
        var noisy = typical
        noisy.snrDB = 15
        var hum = typical
        hum.humLevel = 0.5
        hum.humHz = 50
        hum.acCouplingHz = 150
        var clipped = typical
        clipped.clipFraction = 0.4
        clipped.dcOffset = 0.05
        var quiet = typical
        quiet.gain = 0.005
        var shaky = typical
        shaky.jitter = 0.08
        return [
            ("clean", clean), ("typical", typical), ("15 dB SNR", noisy), ("hum, AC 150 Hz", hum),
            ("clipped", clipped), ("-46 dBFS", quiet), ("8% jitter", shaky),
        ]
    }

    /// Mains hum as strong as, or stronger than, the swipe (the "strong hum" table): a cheap
    /// USB sound card near a power supply, harmonics to the 9th and beyond, a drifting grid.
    /// The swipe is quiet (12% of full scale) so the hum on top of it does not clip.
    public static var humInputs: [(String, Impairments)] {
        // A rectifier's hum: the odd harmonics strong, the even ones weak.
        let rectifier = [0.1, 0.6, 0.05, 0.45, 0.04, 0.3, 0.03, 0.2]
        func hum(_ hertz: Double, level: Double, harmonics: [Double], drift: Double = 0) -> Impairments {
            var value = Impairments.typical
            value.gain = 0.12
            value.humHz = hertz
            value.humLevel = level
            value.humHarmonics = harmonics
            value.humDrift = drift
            return value
        }
        let fifteenth = (2...15).map { 0.7 / Double($0).squareRoot() }
        return [
            ("50 Hz at peak, to 9th", hum(50, level: 1, harmonics: rectifier)),
            ("60 Hz 2x peak, to 9th", hum(60, level: 2, harmonics: rectifier)),
            ("50 Hz drifting 0.4 Hz", hum(50, level: 1, harmonics: rectifier, drift: 0.4)),
            ("60 Hz to 15th, drifting", hum(60, level: 1.5, harmonics: fifteenth, drift: 0.3)),
        ]
    }

    /// Every heads x rate x strong-hum combination.
    public static func humConditions() -> [SwipeCondition] {
        conditions(inputs: humInputs)
    }

    /// Weak spots on the stripe (the "dropouts" table): a few bit cells where the pulses
    /// fall to a fraction of their neighbours' height, anywhere in the data, on either head
    /// of a dual reader; the typical input otherwise.
    public static let dropouts: [(String, cells: Double, depth: Double)] = [
        ("1 cell at 15%", 1, 0.15), ("2 cells at 25%", 2, 0.25), ("3 cells at 25%", 3, 0.25),
        ("4 cells at 35%", 4, 0.35),
    ]

    /// Every heads x rate x dropout combination.
    public static func dropoutConditions() -> [SwipeCondition] {
        var result = conditions(inputs: dropouts.map { ($0.0, Impairments.typical) })
        for index in result.indices {
            let spec = dropouts[index % dropouts.count]
            result[index].dropout = (spec.cells, spec.depth)
        }
        return result
    }

    /// How recordings of one swipe are cut for the "no lead-in" table: a second of quiet
    /// before, 10 ms, three clock bits before the first data character, and cut at both
    /// ends (three clock bits before, half a bit after the last).
    public static let cuts: [(String, SwipeCondition.Cut)] = [
        ("1 s before", .leadIn(1)), ("10 ms before", .leadIn(0.01)), ("3 clock bits", .clockBits(3)),
        ("cut at both ends", .tight),
    ]

    /// Every heads x rate x cut combination, with the typical input.
    public static func cutConditions() -> [SwipeCondition] {
        var result: [SwipeCondition] = []
        for heads in SwipeCondition.Heads.allCases {
            for rate in sampleRates {
                let bpi = heads == .track2 ? 75.0 : 210.0
                let limit = SwipeCondition.speedLimit(bitsPerInch: bpi, sampleRate: rate)
                for (label, cut) in cuts {
                    var condition = SwipeCondition(
                        name: "\(heads.rawValue) \(Int(rate / 1000)) kHz \(label)", sampleRate: rate, heads: heads,
                        profiles: profiles(upTo: limit), impairments: .typical)
                    condition.cut = cut
                    result.append(condition)
                }
            }
        }
        return result
    }

    /// Every heads x rate x input combination.
    public static func conditions() -> [SwipeCondition] {
        conditions(inputs: inputs)
    }

    private static func conditions(inputs: [(String, Impairments)]) -> [SwipeCondition] {
        var result: [SwipeCondition] = []
        for heads in SwipeCondition.Heads.allCases {
            for rate in sampleRates {
                let bpi = heads == .track2 ? 75.0 : 210.0
                let limit = SwipeCondition.speedLimit(bitsPerInch: bpi, sampleRate: rate)
                for (label, impairments) in inputs {
                    result.append(
                        SwipeCondition(
                            name: "\(heads.rawValue) \(Int(rate / 1000)) kHz \(label)", sampleRate: rate,
                            heads: heads, profiles: profiles(upTo: limit), impairments: impairments))
                }
            }
        }
        return result
    }
}
