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
        // Silence (digital zeros) leaves the filter at a tiny constant, which repeats perfectly: it
        // is told before the differences are summed (their squares there would be subnormal
        // numbers, which many processors take about a hundred times slower: on digital silence
        // the check cost as much as a second of decoding).
        let energy = filtered.withUnsafeBufferPointer { Self.energy($0, from: first) }
        guard energy > Double(filtered.count - first) * silenceMeanSquare else { return nil }
        let differences = filtered.withUnsafeBufferPointer { Self.differences($0, from: first, lags: lags) }
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

    /// Where the sums over `filtered` from `first` on end: a whole number of four-sample steps.
    private static func end(_ filtered: UnsafeBufferPointer<Float>, from first: Int) -> Int {
        first + (filtered.count - first) / 4 * 4
    }

    /// The energy of `filtered` from `first` on, four samples at a time.
    private static func energy(_ filtered: UnsafeBufferPointer<Float>, from first: Int) -> Double {
        let base = UnsafeRawPointer(filtered.baseAddress!)
        var energy = SIMD4<Float>.zero
        for index in Swift.stride(from: first, to: end(filtered, from: first), by: 4) {
            let value = base.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<Float>.self)
            energy += value * value
        }
        return Double(energy.sum())
    }

    /// For each lag, the energy of `filtered`'s difference with itself that far back
    /// (interpolated between samples) from `first` on, four samples at a time. A difference
    /// under 1e-18 counts as none: its square would be a subnormal number (an exactly periodic
    /// background), and it adds nothing a ratio to the energy could show.
    private static func differences(_ filtered: UnsafeBufferPointer<Float>, from first: Int, lags: [Lag]) -> [Double] {
        let base = UnsafeRawPointer(filtered.baseAddress!)
        @inline(__always) func four(_ index: Int) -> SIMD4<Float> {
            base.loadUnaligned(fromByteOffset: index * 4, as: SIMD4<Float>.self)
        }
        let end = end(filtered, from: first)
        let tiny = SIMD4<Float>(repeating: 1e-18)
        return lags.map { lag in
            var difference = SIMD4<Float>.zero
            for index in Swift.stride(from: first, to: end, by: 4) {
                let later = four(index - lag.whole)
                let earlier = later + lag.fraction * (four(index - lag.whole - 1) - later)
                var change = four(index) - earlier
                change.replace(with: 0, where: change.magnitudes .< tiny)
                difference += change * change
            }
            return Double(difference.sum())
        }
    }
}
