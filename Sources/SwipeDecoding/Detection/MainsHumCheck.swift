/// Tells whether mains hum dominates the band a swipe is detected in: then the
/// detector cancels it (``HumCanceller``) before measuring activity.
///
/// The test is periodicity: the background, high-passed as the detector sees it,
/// is compared with itself one mains period earlier. Noise does not repeat (the
/// difference holds twice its energy); hum does, with all its harmonics (the
/// difference holds almost none). The mains frequency (50 or 60 Hz) whose period
/// explains the most is the hum's.
public enum MainsHumCheck {
    /// Mains frequencies looked for.
    public static let frequencies: [Double] = [50, 60]

    /// Mean square below which the background is silence, not hum: a hum a thousandth of
    /// a 24-bit step (2⁻²³) high.
    static let silenceMeanSquare = (1e-3 / 8_388_608) * (1e-3 / 8_388_608)

    /// The mains frequency whose hum carries more than `share` of the high-passed
    /// energy of `background` (audio with no swipe in it), if any.
    public static func dominantMains(
        in background: [Float], sampleRate: Double, highPassCutoff: Double, share: Double = 0.6
    ) -> Double? {
        var filter = ActivityFilter(highPass: highPassCutoff, sampleRate: sampleRate)
        let filtered = [Float](unsafeUninitializedCapacity: background.count) { output, initialized in
            background.withUnsafeBufferPointer { filter.filter($0, into: output.baseAddress!) }
            initialized = background.count
        }
        // The filter's start-up transient stays out of the sums, and every frequency is
        // compared over the same samples: those a period of the lowest one follows.
        let settle = min(filtered.count, Int(sampleRate * 0.02))
        let lags = frequencies.map { Lag(period: sampleRate / $0) }
        let first = settle + (lags.map(\.whole).max() ?? 0) + 1
        guard first + 4 <= filtered.count else { return nil }
        let (energy, differences) = filtered.withUnsafeBufferPointer { sums($0, from: first, lags: lags) }
        // Silence (digital zeros) leaves the filter at a tiny constant, which repeats perfectly.
        guard energy > Double(filtered.count - first) * silenceMeanSquare else { return nil }
        // Noise alone: the difference holds twice the energy (ratio 1); hum alone: none (ratio 0).
        let ratios = differences.map { $0 / (2 * energy) }
        guard let best = ratios.indices.min(by: { ratios[$0] < ratios[$1] }), ratios[best] < 1 - share else {
            return nil
        }
        return frequencies[best]
    }

    /// A mains period in samples: its whole part and the fraction past it.
    private struct Lag {
        let whole: Int
        let fraction: Float

        init(period: Double) {
            whole = Int(period)
            fraction = Float(period - Double(whole))
        }
    }

    /// The energy of `filtered` from `first` on, and for each lag the energy of its difference
    /// with itself that far back (interpolated between samples), four samples at a time.
    private static func sums(_ filtered: UnsafeBufferPointer<Float>, from first: Int, lags: [Lag]) -> (
        Double, [Double]
    ) {
        let base = UnsafeRawPointer(filtered.baseAddress!)
        @inline(__always) func four(_ index: Int) -> SIMD4<Float> {
            base.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<Float>.self)
        }
        let end = first + (filtered.count - first) / 4 * 4
        var differences: [Double] = []
        var energy = SIMD4<Float>.zero
        for (number, lag) in lags.enumerated() {
            var difference = SIMD4<Float>.zero
            for index in Swift.stride(from: first, to: end, by: 4) {
                let value = four(index)
                let later = four(index - lag.whole)
                let earlier = later + lag.fraction * (four(index - lag.whole - 1) - later)
                let change = value - earlier
                difference += change * change
                if number == 0 { energy += value * value }
            }
            differences.append(Double(difference.sum()))
        }
        return (Double(energy.sum()), differences)
    }
}
