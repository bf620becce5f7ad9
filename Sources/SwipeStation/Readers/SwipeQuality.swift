public import Foundation
import SwipeCards
import SwipeDecoding
public import SwipeInput

/// How the last swipe read, for the operator setting up the reader: never its bits or its
/// card, only figures about the signal and which tracks came through.
public struct SwipeQuality: Sendable, Encodable, Equatable {
    /// When it was heard.
    public var at: Date
    /// The reader kind.
    public var reader: ReaderKind
    /// The tracks read cleanly enough to check: 1 (IATA), 2 (ABA).
    public var tracks: [Int]
    /// `forward` or `reverse`, when a track was read.
    public var direction: String?
    /// The hand's speed over the stripe (audio reader).
    public var inchesPerSecond: Double?
    /// The swipe's level over the background, in dB (audio reader).
    public var signalToNoiseDB: Double?
    /// Why it gave no card, in words; nil when it did.
    public var problem: String?

    /// The quality of `heard`, heard `at`.
    public init(_ heard: HeardSwipe, at: Date) {
        self.at = at
        reader = heard.readerKind
        problem = heard.card.fields == nil ? (heard.card.problems.first ?? .unreadable).message : nil
        switch heard.reading {
        case .audio(let swipe):
            let valid = swipe.tracks.filter { $0.readout.isValid }
            tracks = valid.map { $0.readout.format == .iata ? 1 : 2 }.sorted()
            direction = swipe.direction.map { $0 == .forward ? "forward" : "reverse" }
            let best = valid.first ?? swipe.tracks.first
            inchesPerSecond = best?.inchesPerSecond.map { ($0 * 10).rounded() / 10 }
            signalToNoiseDB = best?.signalToNoiseDB.map { ($0 * 10).rounded() / 10 }
        case .usb(let swipe, _, _):
            tracks = swipe.tracks.map { $0.format == .iata ? 1 : 2 }.sorted()
        }
    }
}
