import SwipeCards
import SwipeSynthesis
import Testing

@testable import SwipeDecoding

/// The swipe detector's states, each reached as a stream brings it there: calibrating,
/// provisional, listening, collecting, settling.
@Suite("Swipe detector states")
struct DetectorStateTests {
    static let rate = 44_100.0

    /// Two Visa swipes, 1.5 s apart, after 1.5 s of the recording's own background.
    static let recording = SwipeSynthesizer(sampleRate: rate, channelCount: 1, impairments: .typical)
        .render(
            [
                .track2(TestCard.wellKnown(WellKnownTestCard.visa), profile: .constant(15)),
                .track2(TestCard.wellKnown(WellKnownTestCard.visa), profile: .constant(15)),
            ],
            gap: 1.5, lead: 1.5, seed: 3)

    /// Feeds the recording's samples from `from` to `to` seconds; returns the segments that closed.
    @discardableResult
    static func feed(_ detector: inout SwipeDetector, from: Double, to: Double) -> [SwipeSegment] {
        let samples = recording.samples[Int(from * rate)..<Int(to * rate)]
        return samples.withUnsafeBufferPointer { detector.process($0) }
    }

    /// A detector with a short provisional start: background of 1 s is background.
    static func detector() -> SwipeDetector {
        var settings = SwipeDetector.Settings()
        settings.maximumDuration = 1
        return SwipeDetector(channel: 0, sampleRate: rate, settings: settings)
    }

    @Test("calibrating, then provisional, then listening once the start proves to be background")
    func calibratingProvisionalListening() {
        var detector = Self.detector()
        #expect(detector.state == .calibrating)
        Self.feed(&detector, from: 0, to: 0.01)
        #expect(detector.state == .provisional)
        #expect(!detector.isInsideSwipe)
        Self.feed(&detector, from: 0.01, to: 1.2)
        #expect(detector.state == .listening)
        #expect(detector.openSwipeStart == nil)
    }

    @Test("collecting from a swipe's first loud block; listening again when its hangover closes it, with the segment")
    func collectingThenListening() {
        var detector = Self.detector()
        Self.feed(&detector, from: 0, to: 1.2)
        let swipe = Self.recording.swipeTimes[0]
        Self.feed(&detector, from: 1.2, to: (swipe.lowerBound + swipe.upperBound) / 2)
        #expect(detector.state == .collecting)
        #expect(detector.isInsideSwipe)
        let closed = Self.feed(&detector, from: (swipe.lowerBound + swipe.upperBound) / 2, to: swipe.upperBound + 0.5)
        #expect(closed.count == 1)
        #expect(detector.state == .listening)
    }

    @Test(
        "settling after a swipe read at an early look: its end opens nothing; then listening, and the next swipe collected"
    )
    func settlingAfterEarlyLook() {
        var detector = Self.detector()
        let swipe = Self.recording.swipeTimes[0]
        Self.feed(&detector, from: 0, to: swipe.upperBound)
        var at = swipe.upperBound
        while !detector.earlyLookAvailable, at < swipe.upperBound + 0.3 {
            Self.feed(&detector, from: at, to: at + 0.005)
            at += 0.005
        }
        #expect(detector.earlySegment() != nil)
        detector.closeAfterEarlyLook()
        guard case .settling(let until) = detector.state else {
            Issue.record("not settling: \(detector.state)")
            return
        }
        #expect(until > detector.position)
        #expect(Self.feed(&detector, from: at, to: at + 0.3).isEmpty)
        let next = Self.recording.swipeTimes[1]
        Self.feed(&detector, from: at + 0.3, to: next.lowerBound - 0.1)
        #expect(detector.state == .listening)
        Self.feed(&detector, from: next.lowerBound - 0.1, to: next.upperBound)
        #expect(detector.state == .collecting)
    }

    @Test("provisional, then collecting, when the stream begins in the middle of a swipe")
    func provisionalThenCollecting() {
        var detector = Self.detector()
        let swipe = Self.recording.swipeTimes[0]
        let middle = (swipe.lowerBound + swipe.upperBound) / 2
        Self.feed(&detector, from: middle, to: middle + 0.01)
        #expect(detector.state == .provisional)
        Self.feed(&detector, from: middle + 0.01, to: swipe.upperBound + 0.1)
        #expect(detector.state == .collecting)
        #expect(Self.feed(&detector, from: swipe.upperBound + 0.1, to: swipe.upperBound + 0.6).count == 1)
        #expect(detector.state == .listening)
    }
}
