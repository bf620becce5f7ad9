/// Takes every stride-th sample into a run of its own: one channel's samples out of
/// interleaved audio, or a stream's at a fraction of its rate (the swipe detector measures
/// activity at about 22 kHz).
///
/// A dual-head reader's two channels are split for their detectors every chunk, so the
/// common layouts have paths of their own: stereo four frames at a time, both channels
/// in one pass over the chunk (captured audio is read once, not once a channel), and
/// every fourth sample of a mono stream four at a time. Other layouts go sample by
/// sample.
enum ChannelSplitter {
    /// How many samples `channel` has among `count` interleaved ones of `stride` channels
    /// (a last, partial frame holds the first channels only).
    static func frames(in count: Int, channel: Int, stride: Int) -> Int {
        channel < count ? (count - channel + stride - 1) / stride : 0
    }

    /// Copies `channel`'s samples of `interleaved` (every `stride`-th value from `channel`)
    /// to `target`, which has room for ``frames(in:channel:stride:)`` of them.
    static func copy(
        _ interleaved: UnsafeBufferPointer<Float>, channel: Int, stride: Int, to target: UnsafeMutablePointer<Float>
    ) {
        let frames = frames(in: interleaved.count, channel: channel, stride: stride)
        guard frames > 0, let source = interleaved.baseAddress else { return }
        var frame = 0
        if stride == 2 {
            let raw = UnsafeRawPointer(source)
            let out = UnsafeMutableRawPointer(target)
            let wholeSteps = interleaved.count / 8
            /// Four frames (eight values) a step, while all eight lie inside the buffer: the even
            /// lanes are channel 0, the odd ones channel 1.
            @inline(__always) func split(odd: Bool) {
                for step in 0..<wholeSteps {
                    let first = raw.loadUnaligned(fromByteOffset: step &* 32, as: SIMD4<Float>.self)
                    let second = raw.loadUnaligned(fromByteOffset: step &* 32 &+ 16, as: SIMD4<Float>.self)
                    let picked =
                        odd
                        ? SIMD4(first[1], first[3], second[1], second[3])
                        : SIMD4(first[0], first[2], second[0], second[2])
                    out.storeBytes(of: picked, toByteOffset: step &* 16, as: SIMD4<Float>.self)
                }
            }
            if channel == 0 { split(odd: false) } else { split(odd: true) }
            frame = wholeSteps * 4
        } else if stride == 4 && channel == 0 {
            // Every fourth sample (the detector's activity at 88.2 and 96 kHz): four vector loads a step.
            let raw = UnsafeRawPointer(source)
            let out = UnsafeMutableRawPointer(target)
            let wholeSteps = interleaved.count / 16
            for step in 0..<wholeSteps {
                @inline(__always) func first(_ vector: Int) -> Float {
                    raw.loadUnaligned(fromByteOffset: step &* 64 &+ vector &* 16, as: SIMD4<Float>.self)[0]
                }
                out.storeBytes(
                    of: SIMD4(first(0), first(1), first(2), first(3)), toByteOffset: step &* 16, as: SIMD4<Float>.self)
            }
            frame = wholeSteps * 4
        }
        var from = source + channel + frame * stride
        while frame < frames {
            target[frame] = from.pointee
            from += stride
            frame &+= 1
        }
    }

    /// Splits `interleaved` (`stride` channels) into a run per channel: channel `c`'s samples
    /// (``frames(in:channel:stride:)`` of them) go to `target + c * capacity`. Stereo in one
    /// pass over the values, four frames a step; other layouts channel by channel.
    static func split(
        _ interleaved: UnsafeBufferPointer<Float>, stride: Int, to target: UnsafeMutablePointer<Float>, capacity: Int
    ) {
        guard stride == 2, let source = interleaved.baseAddress else {
            for channel in 0..<stride {
                copy(interleaved, channel: channel, stride: stride, to: target + channel * capacity)
            }
            return
        }
        let raw = UnsafeRawPointer(source)
        let left = UnsafeMutableRawPointer(target)
        let right = UnsafeMutableRawPointer(target + capacity)
        let wholeSteps = interleaved.count / 8
        for step in 0..<wholeSteps {
            let first = raw.loadUnaligned(fromByteOffset: step &* 32, as: SIMD4<Float>.self)
            let second = raw.loadUnaligned(fromByteOffset: step &* 32 &+ 16, as: SIMD4<Float>.self)
            left.storeBytes(
                of: SIMD4(first[0], first[2], second[0], second[2]), toByteOffset: step &* 16, as: SIMD4<Float>.self)
            right.storeBytes(
                of: SIMD4(first[1], first[3], second[1], second[3]), toByteOffset: step &* 16, as: SIMD4<Float>.self)
        }
        // The last few frames (a last, partial frame holds channel 0's value only).
        var index = wholeSteps * 8
        while index < interleaved.count {
            target[(index & 1) * capacity + index / 2] = source[index]
            index += 1
        }
    }
}
