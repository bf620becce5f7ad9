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
    /// Quiet blocks since the last loud one: enough of them close it.
    var quietBlocks = 0
    /// The loudest block so far (its mean square over 20 ms).
    var loudest: Float = 0
    /// Where its last active block ended: a loud block within ``settledShare`` of the loudest.
    var lastActiveEnd: Int
    /// Blocks since the last active one: quiet ones, and loud ones far below the swipe's own
    /// level (what a canceller leaves of strong hum, settling again after a swipe).
    var settledBlocks = 0
    /// Whether the quiet stretch it is in now was looked at early already.
    var lookedInThisPause = false
    /// Early looks it has had.
    var looks = 0
    /// It began provisional (at the stream's start): the floor may have been learned from the swipe itself.
    var floorUncertain = false

    /// Index in the stream one past its last sample.
    var end: Int { start + samples.count }

    /// A loud block this far below the loudest (20 dB) is not the swipe's: its pulses have stopped.
    static let settledShare: Float = 0.01

    /// Notes a block ending at `position`, loud or not, at `energy`.
    mutating func block(loud: Bool, energy: Float, endingAt position: Int) {
        guard loud else {
            quietBlocks += 1
            settledBlocks += 1
            return
        }
        quietBlocks = 0
        lastLoudEnd = position
        loudest = max(loudest, energy)
        if energy >= loudest * Self.settledShare {
            settledBlocks = 0
            lookedInThisPause = false
            lastActiveEnd = position
        } else {
            settledBlocks += 1
        }
    }
}
