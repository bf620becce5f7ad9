public import SwipeCards
public import SwipeDecoding

/// One pass of a card through the reader: what is on the stripe and how it moves.
public struct SwipeRecipe: Sendable {
    /// What each channel's head reads: `(format, text from start to end sentinel)`, or `nil` for an idle channel.
    public var channels: [(format: TrackFormat, text: String)?]
    /// Speed along the pass (as a function of the fraction of the card travelled).
    public var profile: SpeedProfile
    /// Which way the card goes.
    public var direction: SwipeDirection
    /// Clock zeros before the start sentinel (real cards: 9 to about 60).
    public var leadingZeros: Int
    /// Head pulse width (Gaussian sigma) in thousandths of an inch.
    public var pulseWidthMils: Double
    /// Fraction of the stripe read before the card leaves the head: below 1 is a torn, half swipe.
    public var completeness: Double
    /// A weak spot on one head's track, if any.
    public var dropout: StripeDropout?

    /// Creates a recipe.
    public init(
        channels: [(format: TrackFormat, text: String)?], profile: SpeedProfile, direction: SwipeDirection = .forward,
        leadingZeros: Int = 24, pulseWidthMils: Double = 0.6, completeness: Double = 1
    ) {
        self.channels = channels
        self.profile = profile
        self.direction = direction
        self.leadingZeros = leadingZeros
        self.pulseWidthMils = pulseWidthMils
        self.completeness = completeness
    }

    /// A mono reader reading track 2 of `card`.
    public static func track2(_ card: TestCard, profile: SpeedProfile, direction: SwipeDirection = .forward)
        -> SwipeRecipe
    {
        SwipeRecipe(channels: [(.aba, card.track2)], profile: profile, direction: direction)
    }

    /// A dual-head reader: track 1 on channel 0, track 2 on channel 1.
    public static func dualHead(_ card: TestCard, profile: SpeedProfile, direction: SwipeDirection = .forward)
        -> SwipeRecipe
    {
        SwipeRecipe(channels: [(.iata, card.track1), (.aba, card.track2)], profile: profile, direction: direction)
    }
}
