public import SwipeCards

/// One track as read from the stripe: its characters and how well they checked.
public struct TrackReadout: Sendable {
    /// The character set the track was read in.
    public var format: TrackFormat
    /// ASCII characters from start sentinel to end sentinel inclusive (sensitive).
    public var characters: SensitiveBytes
    /// Characters whose parity bit was wrong, before correction.
    public var parityErrors: Int
    /// Characters repaired with the LRC (at most one).
    public var corrected: Int
    /// Whether the longitudinal redundancy check matched (after any correction).
    public var lrcOK: Bool
    /// Whether the end sentinel was found.
    public var complete: Bool

    /// Data characters a track needs to be trusted as read (sentinels not counted).
    public static let minimumDataCharacters = 3
    /// Data characters a track needs before a character repaired from its LRC is
    /// trusted: on shorter tracks a repair turns too many random bit patterns into
    /// "good" tracks (docs/design/decoder.md, "Chance reads"; `swipe-bench chance`).
    public static let minimumDataCharactersForRepair = 16

    /// Characters between the sentinels.
    public var dataCharacters: Int { max(0, characters.count - 2) }

    /// Whether the track can be trusted: complete, every parity error repaired, LRC
    /// good, and long enough not to be a chance pattern (see the minimums above).
    public var isValid: Bool {
        complete && lrcOK && parityErrors == corrected
            && dataCharacters >= (corrected > 0 ? Self.minimumDataCharactersForRepair : Self.minimumDataCharacters)
    }

    /// Creates a readout.
    public init(
        format: TrackFormat, characters: SensitiveBytes, parityErrors: Int, corrected: Int, lrcOK: Bool,
        complete: Bool
    ) {
        self.format = format
        self.characters = characters
        self.parityErrors = parityErrors
        self.corrected = corrected
        self.lrcOK = lrcOK
        self.complete = complete
    }

    /// Ranks readouts of the same swipe: valid first; among valid ones a track long
    /// enough to carry a card before a short fragment, however clean; then fewer
    /// repairs and unrepaired errors, then longer.
    var quality: (Int, Int, Int, Int, Int) {
        (
            isValid ? 1 : 0, isValid && dataCharacters >= Self.minimumDataCharactersForRepair ? 1 : 0, -corrected,
            -(parityErrors - corrected) - (lrcOK ? 0 : 1) - (complete ? 0 : 2), characters.count
        )
    }

    /// Valid with nothing repaired and long enough to carry a card: no better reading can exist.
    var isClean: Bool { isValid && corrected == 0 && dataCharacters >= Self.minimumDataCharactersForRepair }
}

extension TrackReadout {
    /// The track for the card model, when it can be trusted (see ``isValid``): a copy
    /// in a buffer of its own, so either may be wiped first.
    public var trackData: TrackData? {
        guard isValid else { return nil }
        return try? TrackData(format: format, characters: SensitiveBytes(characters.bytes), repairs: corrected)
    }
}
