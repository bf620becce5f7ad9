/// The swipe a detector is collecting: its samples so far, and what it knows of them.
struct OpenSegment: Sendable {
    /// The raw samples, from the margin before its trigger.
    var samples: [Float]
    /// Index in the stream of its first sample.
    var start: Int
    /// Where its first loud block began.
    var triggerStart: Int
    /// Where its last loud block ended.
    var lastLoudEnd: Int
    /// Quiet blocks since the last loud one.
    var quietBlocks = 0
    /// Whether the quiet stretch it is in now was looked at early already.
    var lookedInThisPause = false
    /// Early looks it has had.
    var looks = 0
    /// It began provisional (at the stream's start): the floor may have been learned from the swipe itself.
    var floorUncertain = false

    /// Index in the stream one past its last sample.
    var end: Int { start + samples.count }

    /// Notes a loud block ending at `position`.
    mutating func loudBlock(endingAt position: Int) {
        quietBlocks = 0
        lookedInThisPause = false
        lastLoudEnd = position
    }
}
