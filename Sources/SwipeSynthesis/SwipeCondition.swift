public import SwipeDecoding

/// A family of swipes that share a reader, a sample rate, a hand and an input:
/// one row of the decode-quality table.
public struct SwipeCondition: Sendable {
    /// Which heads the reader has.
    public enum Heads: String, Sendable, CaseIterable {
        /// Mono reader on track 2.
        case track2
        /// Mono reader on track 1.
        case track1
        /// Stereo reader: track 1 left, track 2 right.
        case dualHead = "dual"
    }

    /// Row label.
    public var name: String
    /// Samples per second.
    public var sampleRate: Double
    /// Heads.
    public var heads: Heads
    /// Speed profiles to draw from.
    public var profiles: [SpeedProfile]
    /// Swipe directions to draw from.
    public var directions: [SwipeDirection]
    /// The input's impairments.
    public var impairments: Impairments
    /// How each swipe's recording is cut, for swipes heard with no quiet before or after them;
    /// `nil` renders all the swipes into one recording with quiet between them.
    public var cut: Cut?
    /// A weak spot on each swipe's stripe, this many cells long at this depth: placed at
    /// random in the track's data (10-90%), on a head drawn at random.
    public var dropout: (cells: Double, depth: Double)?

    /// Where a recording of one swipe begins and ends.
    public enum Cut: Sendable, Equatable {
        /// This many seconds before the swipe's first pulse; ends a second after it.
        case leadIn(Double)
        /// This many clock bits before the first data character the head meets (the start
        /// sentinel forward, the LRC backwards); ends a second after the swipe.
        case clockBits(Int)
        /// Three clock bits before the first data character and half a bit after the last:
        /// the audio holds the track and hardly anything else.
        case tight
    }

    /// Creates a condition.
    public init(
        name: String, sampleRate: Double, heads: Heads, profiles: [SpeedProfile],
        directions: [SwipeDirection] = [.forward, .reverse], impairments: Impairments
    ) {
        self.name = name
        self.sampleRate = sampleRate
        self.heads = heads
        self.profiles = profiles
        self.directions = directions
        self.impairments = impairments
    }

    /// Channels the recording has.
    public var channelCount: Int { heads == .dualHead ? 2 : 1 }

    /// The recipe for `card` drawn with `random`.
    public func recipe(for card: TestCard, random: inout SeededRandom) -> SwipeRecipe {
        let profile = profiles.randomElement(using: &random)!
        let direction = directions.randomElement(using: &random)!
        var recipe: SwipeRecipe
        switch heads {
        case .track2: recipe = .track2(card, profile: profile, direction: direction)
        case .track1: recipe = SwipeRecipe(channels: [(.iata, card.track1)], profile: profile, direction: direction)
        case .dualHead: recipe = .dualHead(card, profile: profile, direction: direction)
        }
        recipe.leadingZeros = Int.random(in: 9...40, using: &random)
        recipe.pulseWidthMils = Double.random(in: 0.4...0.9, using: &random)
        if let dropout {
            recipe.dropout = StripeDropout(
                position: Double.random(in: 0.1...0.9, using: &random), cells: dropout.cells, depth: dropout.depth,
                channel: Int.random(in: 0..<channelCount, using: &random))
        }
        return recipe
    }

    /// Renders `count` swipes of random Visa and Mastercard cards into one recording.
    public func render(count: Int, seed: UInt64) -> (recording: SwipeSynthesizer.Recording, cards: [TestCard]) {
        var random = SeededRandom(seed: seed)
        var cards: [TestCard] = []
        var recipes: [SwipeRecipe] = []
        for _ in 0..<count {
            let card = TestCard.random(brand: Bool.random(using: &random) ? .visa : .mastercard, using: &random)
            cards.append(card)
            recipes.append(recipe(for: card, random: &random))
        }
        let synthesizer = SwipeSynthesizer(sampleRate: sampleRate, channelCount: channelCount, impairments: impairments)
        let gap = Double.random(in: 0.4...1.2, using: &random)
        return (synthesizer.render(recipes, gap: gap, seed: random.next()), cards)
    }

    /// Renders `count` swipes of random Visa and Mastercard cards, each in a recording of its own
    /// cut as ``cut`` says (all in one recording, as ``render(count:seed:)``, when it is `nil`).
    public func renderCut(count: Int, seed: UInt64) -> [(recording: SwipeSynthesizer.Recording, cards: [TestCard])] {
        guard let cut else { return [render(count: count, seed: seed)] }
        var random = SeededRandom(seed: seed)
        let synthesizer = SwipeSynthesizer(sampleRate: sampleRate, channelCount: channelCount, impairments: impairments)
        var result: [(SwipeSynthesizer.Recording, [TestCard])] = []
        for _ in 0..<count {
            let card = TestCard.random(brand: Bool.random(using: &random) ? .visa : .mastercard, using: &random)
            let recipe = recipe(for: card, random: &random)
            let recording = synthesizer.render([recipe], gap: 1, lead: 1, seed: random.next())
            let swipe = recording.swipeTimes[0]
            let data = recording.dataSpans[0]
            let cutRecording: SwipeSynthesizer.Recording
            switch cut {
            case .leadIn(let seconds):
                cutRecording = recording.cut(from: swipe.lowerBound - seconds, to: swipe.upperBound + 1)
            case .clockBits(let count):
                cutRecording = recording.cut(
                    from: data.times.lowerBound - Double(count) * data.firstCell, to: swipe.upperBound + 1)
            case .tight:
                cutRecording = recording.cut(
                    from: data.times.lowerBound - 3 * data.firstCell, to: data.times.upperBound + data.lastCell / 2)
            }
            result.append((cutRecording, [card]))
        }
        return result
    }

    /// Highest speed at which a head's bits still get `samplesPerBit` samples at `sampleRate`.
    public static func speedLimit(bitsPerInch: Double, sampleRate: Double, samplesPerBit: Double = 4.5) -> Double {
        sampleRate / (bitsPerInch * samplesPerBit)
    }
}
