import SwipeCards
import SwipeDecoding

/// How a decoder did on a set of synthesized swipes.
public struct DecodeScore: Sendable {
    /// Swipes in the recordings.
    public var swipes = 0
    /// Swipes whose card was accepted with the right number.
    public var decoded = 0
    /// Accepted cards whose number was not the one swiped (must stay 0).
    public var falseAccepts = 0
    /// False accepts whose number no swipe of the recording had: misreads, where the
    /// others are swiped numbers reported at another swipe's time.
    public var misreads = 0
    /// Seconds of audio.
    public var audioSeconds = 0.0

    /// Creates an empty score.
    public init() {}

    /// Fraction decoded.
    public var rate: Double { swipes == 0 ? 0 : Double(decoded) / Double(swipes) }

    /// Adds another score.
    public static func += (lhs: inout DecodeScore, rhs: DecodeScore) {
        lhs.swipes += rhs.swipes
        lhs.decoded += rhs.decoded
        lhs.falseAccepts += rhs.falseAccepts
        lhs.misreads += rhs.misreads
        lhs.audioSeconds += rhs.audioSeconds
    }

    /// Scores `count` swipes of `condition` (cut as it says, each recording decoded alone).
    public static func score(_ condition: SwipeCondition, count: Int, seed: UInt64) -> DecodeScore {
        var total = DecodeScore()
        for (recording, cards) in condition.renderCut(count: count, seed: seed) {
            total += score(recording, cards: cards)
        }
        return total
    }

    /// Decodes `recording` in chunks, as live capture would, and scores it against `cards`.
    public static func score(
        _ recording: SwipeSynthesizer.Recording, cards: [TestCard], chunkFrames: Int = 4096
    ) -> DecodeScore {
        var decoder = SwipeStreamDecoder(
            format: PCMFormat(sampleRate: recording.sampleRate, channelCount: recording.channelCount),
            today: YearMonth(year: 2026, month: 11)!)
        let swipes = decoder.decodeAll(recording.samples, chunkFrames: chunkFrames)
        var score = DecodeScore()
        score.swipes = cards.count
        score.audioSeconds = recording.duration
        var matched = Set<Int>()
        for swipe in swipes where swipe.card.accepted {
            guard let number = swipe.card.fields?.number.digits.unsafeRevealedString() else { continue }
            let index = recording.swipeTimes.firstIndex { $0.overlaps(swipe.start...swipe.end) }
            if let index, cards[index].number == number, !matched.contains(index) {
                matched.insert(index)
                score.decoded += 1
            } else {
                score.falseAccepts += 1
                if !cards.contains(where: { $0.number == number }) { score.misreads += 1 }
            }
        }
        return score
    }
}
