import SwipeCards
import SwipeDecoding
import SwipeReports
import SwipeSynthesis
import Testing

/// Decodes synthesized swipes of random, generated cards across speeds, directions,
/// heads, inputs and sample rates.
@Suite("Decoding synthesized swipes")
struct SwipeDecodingPropertyTests {
    let today = YearMonth(year: 2026, month: 11)!

    func decode(_ recording: SwipeSynthesizer.Recording) -> [DecodedSwipe] {
        RecordingDecoder(today: today).decode(
            samples: recording.samples,
            format: PCMFormat(sampleRate: recording.sampleRate, channelCount: recording.channelCount))
    }

    @Test("steady and hand-like swipes decode at every rate", arguments: Corpus.sampleRates)
    func everyRate(rate: Double) {
        var total = DecodeScore()
        for heads in SwipeCondition.Heads.allCases {
            let bpi = heads == .track2 ? 75.0 : 210.0
            let condition = SwipeCondition(
                name: "\(heads)", sampleRate: rate, heads: heads,
                profiles: Corpus.profiles(upTo: SwipeCondition.speedLimit(bitsPerInch: bpi, sampleRate: rate)),
                impairments: .typical)
            let (recording, cards) = condition.render(count: 12, seed: UInt64(rate) + UInt64(heads.hashValue & 0xFF))
            total += DecodeScore.score(recording, cards: cards)
        }
        #expect(total.falseAccepts == 0)
        #expect(total.rate >= 0.9, "decoded \(total.decoded) of \(total.swipes) at \(rate) Hz")
    }

    @Test("a 5x acceleration within one pass, both directions", arguments: [SwipeDirection.forward, .reverse])
    func acceleration(direction: SwipeDirection) throws {
        var random = SeededRandom(seed: 11)
        let card = TestCard.random(brand: .mastercard, using: &random)
        let recipe = SwipeRecipe.track2(card, profile: .ramp(from: 3.5, to: 18), direction: direction)
        let recording = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: .typical)
            .render([recipe], seed: 3)
        let swipes = decode(recording)
        let swipe = try #require(swipes.first)
        #expect(swipes.count == 1)
        #expect(swipe.direction == direction)
        #expect(swipe.card.accepted)
        #expect(swipe.card.fields?.number.digits.unsafeRevealedString() == card.number)
    }

    @Test("a dual-head swipe reads both tracks and cross-checks them")
    func dualHead() throws {
        var random = SeededRandom(seed: 12)
        let card = TestCard.random(brand: .visa, using: &random)
        let recording = SwipeSynthesizer(sampleRate: 48_000, channelCount: 2, impairments: .typical)
            .render([.dualHead(card, profile: .constant(15))], seed: 4)
        let swipe = try #require(decode(recording).first)
        #expect(swipe.channels == [0, 1])
        #expect(Set(swipe.tracks.map(\.readout.format)) == [.iata, .aba])
        #expect(swipe.card.accepted)
        #expect(swipe.card.fields?.name == card.name)
    }

    @Test("several swipes in one recording are found in order")
    func severalSwipes() {
        var random = SeededRandom(seed: 13)
        let cards = (0..<5).map { _ in TestCard.random(brand: .visa, using: &random) }
        let recording = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: .typical)
            .render(cards.map { .track2($0, profile: .constant(12)) }, gap: 0.7, seed: 5)
        let swipes = decode(recording)
        #expect(swipes.count == 5)
        #expect(swipes.compactMap { $0.card.fields?.number.digits.unsafeRevealedString() } == cards.map(\.number))
        for (swipe, truth) in zip(swipes, recording.swipeTimes) {
            #expect(abs(swipe.start - truth.lowerBound) < 0.05)
        }
    }

    @Test("the decoder needs no level setting: -46 dBFS and near full scale both decode", arguments: [0.005, 0.95])
    func levelIndependent(gain: Double) throws {
        var impairments = Impairments.typical
        impairments.gain = gain
        var random = SeededRandom(seed: 14)
        let card = TestCard.random(brand: .visa, using: &random)
        let recording = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: impairments)
            .render([.track2(card, profile: .constant(20))], seed: 6)
        #expect(try #require(decode(recording).first).card.accepted)
    }

    @Test("noise, hum and silence give no card", arguments: [0.0, 0.05, 0.5])
    func noiseOnly(level: Double) {
        var impairments = Impairments.typical
        impairments.humLevel = level
        impairments.gain = max(level, 0.01)
        let recording = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: impairments)
            .render([], seed: 7)
        #expect(!decode(recording).contains { $0.card.accepted })
        var random = SeededRandom(seed: 99)
        let loudNoise = (0..<88_200).map { _ in Float(random.gaussian() * 0.3) }
        #expect(
            RecordingDecoder(today: today).decode(
                samples: loudNoise, format: PCMFormat(sampleRate: 44_100, channelCount: 1)
            ).allSatisfy { !$0.card.accepted })
    }

    @Test("a half swipe is reported as unreadable, never accepted")
    func halfSwipe() {
        var random = SeededRandom(seed: 15)
        for completeness in [0.3, 0.5, 0.7] {
            let card = TestCard.random(brand: .visa, using: &random)
            var recipe = SwipeRecipe.track2(card, profile: .constant(12))
            recipe.completeness = completeness
            let recording = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: .typical)
                .render([recipe], seed: 8)
            let swipes = decode(recording)
            #expect(!swipes.contains { $0.card.accepted })
            #expect(swipes.allSatisfy { $0.card.problems.contains(.unreadable) })
        }
    }

    @Test("decoding in small chunks gives the same swipes as in large ones")
    func chunking() {
        var random = SeededRandom(seed: 16)
        let cards = (0..<3).map { _ in TestCard.random(brand: .mastercard, using: &random) }
        let recording = SwipeSynthesizer(sampleRate: 44_100, channelCount: 1, impairments: .typical)
            .render(cards.map { .track2($0, profile: .constant(15)) }, seed: 9)
        var small = RecordingDecoder(today: today)
        small.chunkFrames = 64
        var large = RecordingDecoder(today: today)
        large.chunkFrames = 1 << 20
        let format = PCMFormat(sampleRate: 44_100, channelCount: 1)
        let a = small.decode(samples: recording.samples, format: format).map { $0.card.fields?.number.last4 }
        let b = large.decode(samples: recording.samples, format: format).map { $0.card.fields?.number.last4 }
        #expect(a == b)
        #expect(a.count == 3)
    }
}
