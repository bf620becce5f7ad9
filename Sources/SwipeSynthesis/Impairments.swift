/// What a cheap audio input and a real room add to a clean head signal.
public struct Impairments: Sendable {
    /// Signal-to-noise ratio of white noise over the swipe, in dB (`nil`: no noise).
    public var snrDB: Double?
    /// AC-coupling high-pass corner in Hz (`nil`: DC-coupled).
    public var acCouplingHz: Double?
    /// Mains hum frequency (50 or 60 Hz).
    public var humHz: Double = 60
    /// Hum amplitude (of the fundamental) relative to the swipe's peak.
    public var humLevel: Double = 0
    /// Amplitudes of the hum's harmonics, from the 2nd on, relative to its fundamental: a
    /// cheap USB sound card near a rectifier hears the odd ones strongly, to the 9th and beyond.
    public var humHarmonics: [Double] = []
    /// How far the mains frequency wanders from `humHz`, in Hz: a slow swing (one cycle in
    /// 30 seconds) of this depth, as a grid's frequency drifts under load.
    public var humDrift: Double = 0
    /// Constant offset, relative to full scale.
    public var dcOffset: Double = 0
    /// Clip at this fraction of the swipe's peak (`nil`: no clipping).
    public var clipFraction: Double?
    /// Random timing error of each flux reversal, as a fraction of a half bit cell.
    public var jitter: Double = 0
    /// Peak level of the swipe relative to full scale.
    public var gain: Double = 0.5

    /// A clean input.
    public init() {}

    /// A typical cheap USB sound card: AC-coupled, some hum and offset, 30 dB SNR, 3% jitter.
    public static var typical: Impairments {
        var value = Impairments()
        value.snrDB = 30
        value.acCouplingHz = 80
        value.humLevel = 0.05
        value.dcOffset = 0.01
        value.jitter = 0.03
        return value
    }
}
