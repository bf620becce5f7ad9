/// Mains hum: the background is checked for hum now and then, and once hum dominates
/// it, every sample is cleaned by a ``HumCanceller`` before it is measured or kept.
extension SwipeDetector {
    /// Quiet audio the hum check looks at: a dozen mains periods.
    var humCheckSamples: Int { Int(0.25 * sampleRate) }

    /// Whether the canceller's template may learn from the samples now: a swipe's pulses must
    /// not teach it. It learns on the background (activity far longer than a hand swipe is hum
    /// it has not caught) and on the quiet stretches of a swipe (the pulses there are capped).
    var templateMayLearn: Bool {
        guard state == .collecting, let segment else { return true }
        return segment.samples.count > earlyLookMaximumSamples || segment.quietBlocks >= 2
    }

    /// Cleans `part` of hum into a buffer on the stack (no more than a block), then measures,
    /// keeps and collects it.
    mutating func absorbCancellingHum(_ part: UnsafeBufferPointer<Float>) {
        let learning = templateMayLearn
        withUnsafeTemporaryAllocation(of: Float.self, capacity: part.count) { cleaned in
            hum!.process(part, into: cleaned.baseAddress!, learning: learning)
            absorb(UnsafeBufferPointer(cleaned))
        }
    }

    /// Counts a quiet block outside a swipe; after a quarter second of them, now and then,
    /// checks the background for hum.
    mutating func noteQuietBlock() {
        quietRun += 1
        guard !cancellingHum, quietRun * blockSize >= humCheckSamples, sinceHumCheck >= humCheckIntervalSamples
        else { return }
        sinceHumCheck = 0
        checkForHum()
    }

    /// Starts cancelling mains hum when the quiet audio heard last shows it dominates the
    /// detection band; the canceller learns it from that audio, which it then replaces.
    mutating func checkForHum() {
        let background = preRoll.last(humCheckSamples)
        // Checked as activity is measured: at about 22 kHz (hum's harmonics lie far below).
        let step = meter.measureStep
        var measured = background
        if step > 1 {
            background.withUnsafeBufferPointer { background in
                BlockMeter.withMeasuredSamples(of: background, from: 0, step: step) { measured = Array($0) }
            }
        }
        guard
            let mains = MainsHumCheck.dominantMains(
                in: measured, sampleRate: sampleRate / Double(step), highPassCutoff: settings.highPassCutoff)
        else { return }
        var canceller = HumCanceller(mainsFrequency: mains, sampleRate: sampleRate)
        canceller.learn(background)
        // What was kept from before (the pre-roll, a segment open now) was heard with the hum.
        preRoll.rewrite { canceller.cancelEarlier($0) }
        segment?.samples.withUnsafeMutableBufferPointer { canceller.cancelEarlier($0) }
        hum = canceller
        cancellingHum = true
        // The floor was hum: learn it again from what is left, once the activity filter has
        // settled on the cleaned signal.
        floor.relearn(afterBlocks: 3)
    }
}
