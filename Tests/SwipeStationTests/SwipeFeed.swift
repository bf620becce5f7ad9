import Foundation
import SwipeTestSupport

/// A FIFO that the station's `file` capture PCM reads as its microphone, fed a swipe
/// whenever the test says: between swipes capture waits on the empty FIFO.
final class SwipeFeed: Sendable {
    let path: String
    private let descriptor: Int32

    /// Makes the FIFO and holds it open (read-write, so opening does not wait for the
    /// station and the station never sees its end).
    init(path: String) throws {
        self.path = path
        guard mkfifo(path, 0o600) == 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        descriptor = open(path, O_RDWR)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
    }

    /// Swipes `number` (raw 16-bit mono 44.1 kHz, quiet after it so the swipe ends).
    func swipe(_ number: String, seed: UInt64 = 7) async throws {
        try await swipe([number], seed: seed)
    }

    /// Swipes `numbers` one after another; `paced`, in real time, a capture period (1024
    /// frames) at a time, as a sound card delivers them.
    func swipe(_ numbers: [String], seed: UInt64 = 7, paced: Bool = false) async throws {
        let bytes = TestSwipes.raw(numbers, seed: seed)
        let descriptor = descriptor
        try await offPool {
            try bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let chunk = paced ? min(2048, buffer.count - offset) : buffer.count - offset
                    let written = write(descriptor, buffer.baseAddress! + offset, chunk)
                    guard written > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
                    offset += written
                    if paced { usleep(23_220) }
                }
            }
        }
    }

    /// Swipes `number` in real time, a capture period at a time; returns when the period holding
    /// the swipe's end (its last sample above a tenth of its peak) was written.
    func swipeMarkingEnd(_ number: String, seed: UInt64 = 7) async throws -> Date {
        let bytes = TestSwipes.raw([number], seed: seed)
        let samples = bytes.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let peak = samples.map { abs(Int($0)) }.max() ?? 0
        let end = (samples.lastIndex { abs(Int($0)) * 10 > peak } ?? 0) * 2
        let descriptor = descriptor
        return try await offPool {
            var ended = Date()
            try bytes.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let chunk = min(2048, buffer.count - offset)
                    let written = write(descriptor, buffer.baseAddress! + offset, chunk)
                    guard written > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
                    if (offset..<(offset + written)).contains(end) { ended = Date() }
                    offset += written
                    usleep(23_220)
                }
            }
            return ended
        }
    }

    /// Closes the FIFO and removes it, so nothing that walks the scratch folder later waits on it.
    func close() {
        Glibc.close(descriptor)
        unlink(path)
    }
}
