#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Each capture channel's input level, for the operator setting the sound card's gain: the
/// peak and the background over the last quarter second, in dBFS. Never the waveform: only
/// two numbers a channel, a few times a second.
public struct LevelMeter: Sendable {
    /// One channel's level over one interval.
    public struct Reading: Sendable, Equatable, Codable {
        /// The channel.
        public var channel: Int
        /// The largest sample, in dB below full scale (0 dBFS: clipping).
        public var peakDBFS: Double
        /// The background: the quietest 20 ms block's RMS, in dB below full scale.
        public var backgroundDBFS: Double

        /// Creates a reading.
        public init(channel: Int, peakDBFS: Double, backgroundDBFS: Double) {
            self.channel = channel
            self.peakDBFS = peakDBFS
            self.backgroundDBFS = backgroundDBFS
        }
    }

    /// A level this close to full scale clips a swipe's pulses: turn the gain down.
    public static let clippingDBFS = -1.0
    /// A swipe whose peak stays under this is too quiet to read reliably: turn the gain up.
    public static let tooQuietDBFS = -50.0
    /// The floor of the scale: digital silence reads as this.
    public static let silenceDBFS = -120.0

    private let channels: Int
    private let framesPerBlock: Int
    private let framesPerInterval: Int
    private var frames = 0
    private var blockFrames = 0
    private var peaks: [Float]
    private var blockSums: [Float]
    private var quietest: [Float]

    /// A meter for `channels` interleaved channels at `sampleRate`, reporting every `interval` seconds.
    public init(channels: Int, sampleRate: Int, interval: Double = 0.25) {
        self.channels = max(1, channels)
        framesPerBlock = max(1, sampleRate / 50)
        framesPerInterval = max(framesPerBlock, Int(Double(sampleRate) * interval))
        peaks = [Float](repeating: 0, count: self.channels)
        blockSums = peaks
        quietest = [Float](repeating: .infinity, count: self.channels)
    }

    /// Takes interleaved samples (full scale 1); returns the readings of each interval they completed.
    public mutating func take(_ samples: [Float]) -> [[Reading]] {
        var finished: [[Reading]] = []
        var index = 0
        while index + channels <= samples.count {
            for channel in 0..<channels {
                let value = samples[index + channel]
                peaks[channel] = max(peaks[channel], abs(value))
                blockSums[channel] += value * value
            }
            index += channels
            blockFrames += 1
            frames += 1
            if blockFrames == framesPerBlock {
                for channel in 0..<channels {
                    quietest[channel] = min(quietest[channel], blockSums[channel] / Float(framesPerBlock))
                    blockSums[channel] = 0
                }
                blockFrames = 0
            }
            if frames >= framesPerInterval { finished.append(endInterval()) }
        }
        return finished
    }

    private mutating func endInterval() -> [Reading] {
        let readings = (0..<channels).map { channel in
            Reading(
                channel: channel, peakDBFS: Self.decibels(Double(peaks[channel])),
                backgroundDBFS: Self.decibels(Double(quietest[channel].squareRoot())))
        }
        for channel in 0..<channels {
            peaks[channel] = 0
            quietest[channel] = .infinity
        }
        frames = 0
        return readings
    }

    /// `amplitude` (full scale 1) in dBFS, to a tenth of a dB, no lower than ``silenceDBFS``.
    static func decibels(_ amplitude: Double) -> Double {
        guard amplitude.isFinite, amplitude > 0 else { return silenceDBFS }
        return max(silenceDBFS, (20 * log10(amplitude) * 10).rounded() / 10)
    }
}
