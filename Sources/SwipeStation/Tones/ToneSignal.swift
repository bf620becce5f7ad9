public import Logging
import SwipeInput

/// The outcome's ``SaleTone`` on the Pi's speaker, through an ALSA playback PCM.
public struct ToneSignal: SaleSignal {
    private let player: TonePlayer

    /// Tones on the ALSA playback PCM `device`; a device that cannot play is logged, never fatal.
    public init(device: String, logger: Logger) {
        player = TonePlayer(device: device) { error in
            logger.warning("cannot play tones on \(device): \(error) (set sale.tones: false to silence this)")
        }
    }

    /// Plays the tone for `kind` (nothing for a duplicate swipe, which changed nothing).
    public func signal(_ kind: SaleOutcome.Kind) {
        guard let tone = SaleTone.for(kind) else { return }
        player.play(tone.notes.map { TonePlayer.Note($0[0], seconds: $0[1]) })
    }
}
