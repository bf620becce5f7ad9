import Dispatch
import Foundation
import Synchronization

/// Plays short tones on an ALSA playback device, one after another, on a queue of
/// its own: ``play(_:)`` returns at once. A device that cannot be opened is
/// reported through `onFailure` once, then left alone for a minute.
public final class TonePlayer: Sendable {
    /// One tone: a frequency for a duration, or silence at 0 Hz.
    public struct Note: Sendable, Equatable {
        /// Hertz; 0 for a pause.
        public var frequency: Double
        /// Seconds.
        public var seconds: Double

        /// Creates a note.
        public init(_ frequency: Double, seconds: Double) {
            self.frequency = frequency
            self.seconds = seconds
        }
    }

    private let device: String
    private let rate = 44_100
    private let queue = DispatchQueue(label: "swipe.tones")
    private let onFailure: @Sendable (ALSAError) -> Void
    private let quietUntil = Mutex<ContinuousClock.Instant?>(nil)

    /// A player on `device` (an ALSA playback PCM).
    public init(device: String, onFailure: @escaping @Sendable (ALSAError) -> Void) {
        self.device = device
        self.onFailure = onFailure
    }

    /// Plays `notes` after whatever is playing.
    public func play(_ notes: [Note]) {
        queue.async { [self] in
            if let until = quietUntil.withLock({ $0 }), ContinuousClock.now < until { return }
            do throws(ALSAError) {
                try ALSAPlayback.play(Self.render(notes, rate: rate), rate: rate, device: device)
            } catch {
                quietUntil.withLock { $0 = ContinuousClock.now + .seconds(60) }
                onFailure(error)
            }
        }
    }

    /// The samples of `notes`: sine tones at half scale with 5 ms fades, so nothing clicks.
    public static func render(_ notes: [Note], rate: Int) -> [Int16] {
        var samples: [Int16] = []
        for note in notes {
            let count = Int(note.seconds * Double(rate))
            let fade = max(1, min(count / 2, rate / 200))
            for index in 0..<count {
                let envelope = min(1, Double(min(index, count - 1 - index)) / Double(fade))
                let value = note.frequency > 0 ? sin(2 * .pi * note.frequency * Double(index) / Double(rate)) : 0
                samples.append(Int16(value * envelope * 16_000))
            }
        }
        return samples
    }
}
