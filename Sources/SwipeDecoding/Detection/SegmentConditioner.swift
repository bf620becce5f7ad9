/// Prepares a swipe's raw samples for pulse reading: removes DC offset and mains
/// hum (50 and 60 Hz and their second harmonics) with notches rather than a
/// high-pass, because a high-pass turns each slow, wide head pulse into a
/// doublet whose tail is as tall as the pulse.
public struct SegmentConditioner: Sendable {
    /// Quality of the hum notches: narrow enough to leave the pulses alone.
    public var notchQ = 3.0
    /// Mains frequencies and harmonics removed.
    public var humFrequencies: [Double] = [50, 60, 100, 120]

    /// Creates a conditioner.
    public init() {}

    /// The conditioned copy of `raw`.
    public func condition(_ raw: [Float], sampleRate: Double) -> [Float] {
        guard !raw.isEmpty else { return raw }
        // Offset: the mean of the quietest tenth is a good baseline (pulses are sparse).
        var mean = 0.0
        for sample in raw { mean += Double(sample) }
        mean /= Double(raw.count)
        var notches = humFrequencies.filter { $0 < sampleRate / 4 }.map {
            Biquad(notch: $0, sampleRate: sampleRate, q: notchQ)
        }
        var dcBlock = Biquad(highPass: 8, sampleRate: sampleRate)
        var output = [Float](repeating: 0, count: raw.count)
        for index in raw.indices {
            var value = dcBlock.process(Float(Double(raw[index]) - mean))
            for notch in notches.indices { value = notches[notch].process(value) }
            output[index] = value
        }
        return output
    }
}
