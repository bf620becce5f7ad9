public import Foundation
public import SwipeInput
import Synchronization

/// What the operator's setup view shows: each audio channel's input level now, the
/// thresholds that matter, and how the last swipe read.
public final class ReaderSetup: Sendable {
    /// `GET /api/setup` and the live `levels` event.
    public struct Snapshot: Sendable, Encodable, Equatable {
        /// Each channel's level over the last quarter second (empty without an audio reader).
        public var levels: [LevelMeter.Reading]
        /// A peak this high clips: turn the gain down.
        public var clippingDBFS = LevelMeter.clippingDBFS
        /// A swipe whose peak stays under this is too quiet: turn the gain up.
        public var tooQuietDBFS = LevelMeter.tooQuietDBFS
        /// The last swipe heard.
        public var lastSwipe: SwipeQuality?
    }

    private let state = Mutex(Snapshot(levels: []))

    /// Creates an empty setup: nothing heard yet.
    public init() {}

    /// What the setup view shows now.
    public var snapshot: Snapshot { state.withLock { $0 } }

    /// The audio reader's levels now.
    public func update(_ levels: [LevelMeter.Reading]) { state.withLock { $0.levels = levels } }

    /// A swipe was heard.
    public func heard(_ quality: SwipeQuality) { state.withLock { $0.lastSwipe = quality } }

    /// The audio reader is gone: no level.
    public func readerGone() { state.withLock { $0.levels = [] } }
}
