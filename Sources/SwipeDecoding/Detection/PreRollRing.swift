/// The last stretch of one channel's raw samples, in a ring: the audio before a swipe's
/// trigger (the slow, quiet start of a hand swipe stays under it) and the background the
/// hum check looks at.
struct PreRollRing: Sendable {
    private var ring: [Float]
    /// Where the next sample goes.
    private var head = 0
    /// Samples it holds, up to its capacity.
    private(set) var filled = 0

    /// A ring holding the last `capacity` samples.
    init(capacity: Int) {
        ring = [Float](repeating: 0, count: max(1, capacity))
    }

    /// Takes `part` after what it holds, the oldest samples giving way.
    mutating func remember(_ part: UnsafeBufferPointer<Float>) {
        let size = ring.count
        var source = part.count > size ? part.count - size : 0
        var head = head
        ring.withUnsafeMutableBufferPointer { ring in
            while source < part.count {
                let run = min(part.count - source, size - head)
                (ring.baseAddress! + head).update(from: part.baseAddress! + source, count: run)
                head += run
                if head == size { head = 0 }
                source += run
            }
        }
        self.head = head
        filled = min(filled + part.count, size)
    }

    /// Forgets what it holds: it belongs to a swipe just read.
    mutating func forget() {
        filled = 0
    }

    /// Appends its last `count` samples (no more than it holds) to `samples`, oldest first.
    func appendLast(_ count: Int, to samples: inout [Float]) {
        let count = min(count, filled)
        samples.reserveCapacity(samples.count + count)
        // Up to two runs, before and after the ring's seam.
        let readIndex = (head - count + ring.count) % ring.count
        let firstRun = min(count, ring.count - readIndex)
        samples.append(contentsOf: ring[readIndex..<(readIndex + firstRun)])
        samples.append(contentsOf: ring[0..<(count - firstRun)])
    }

    /// Its last `count` samples (no more than it holds), oldest first.
    func last(_ count: Int) -> [Float] {
        var samples: [Float] = []
        appendLast(count, to: &samples)
        return samples
    }

    /// Rewrites the whole ring, oldest sample first, through `transform` (which sees it unrolled).
    mutating func rewrite(_ transform: (UnsafeMutableBufferPointer<Float>) -> Void) {
        var unrolled = Array(ring[head...]) + Array(ring[..<head])
        unrolled.withUnsafeMutableBufferPointer { transform($0) }
        for index in unrolled.indices { ring[(head + index) % ring.count] = unrolled[index] }
    }
}
