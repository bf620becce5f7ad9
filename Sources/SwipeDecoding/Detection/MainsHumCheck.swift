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

    /// The mains frequency whose hum carries more than `share` of the high-passed
    /// energy of `background` (audio with no swipe in it), if any.
    public static func dominantMains(
        in background: [Float], sampleRate: Double, highPassCutoff: Double, share: Double = 0.6
    ) -> Double? {
        var filter = Biquad(highPass: highPassCutoff, sampleRate: sampleRate)
        let filtered = background.map { filter.process($0) }
        // The filter's start-up transient stays out of the sums.
        let settle = min(filtered.count, Int(sampleRate * 0.02))
        var best: (frequency: Double, ratio: Double)?
        for frequency in frequencies {
            let period = sampleRate / frequency
            let whole = Int(period)
            let fraction = Float(period - Double(whole))
            let first = settle + whole + 1
            guard first < filtered.count else { continue }
            var energy = 0.0
            var difference = 0.0
            for index in first..<filtered.count {
                let value = filtered[index]
                let earlier =
                    filtered[index - whole] + fraction * (filtered[index - whole - 1] - filtered[index - whole])
                energy += Double(value * value)
                difference += Double((value - earlier) * (value - earlier))
            }
            guard energy > 0 else { continue }
            // Noise alone: the difference holds twice the energy (ratio 1); hum alone: none (ratio 0).
            let ratio = difference / (2 * energy)
            if best == nil || ratio < best!.ratio { best = (frequency, ratio) }
        }
        guard let best, best.ratio < 1 - share else { return nil }
        return best.frequency
    }
}
