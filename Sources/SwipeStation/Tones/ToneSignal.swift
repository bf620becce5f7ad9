public import Logging
public import SwipeInput

/// Approved and declined as two tones anyone at the table can tell apart: two
/// short rising beeps for approved, one low long tone for declined or refused.
public struct ToneSignal: SaleSignal {
    /// Two rising beeps.
    public static let approved = [
        TonePlayer.Note(880, seconds: 0.09), TonePlayer.Note(0, seconds: 0.04), TonePlayer.Note(1_320, seconds: 0.12),
    ]
    /// One low tone.
    public static let declined = [TonePlayer.Note(220, seconds: 0.45)]

    private let player: TonePlayer

    /// Tones on the ALSA playback PCM `device`; a device that cannot play is logged, never fatal.
    public init(device: String, logger: Logger) {
        player = TonePlayer(device: device) { error in
            logger.warning("cannot play tones on \(device): \(error) (set sale.tones: false to silence this)")
        }
    }

    /// Plays the tone for `kind` (nothing for a duplicate swipe, which changed nothing).
    public func signal(_ kind: SaleOutcome.Kind) {
        switch kind {
        case .approved, .voided: player.play(Self.approved)
        case .declined, .refused, .notCompleted, .unknown, .unreadable: player.play(Self.declined)
        case .duplicate: break
        }
    }
}
