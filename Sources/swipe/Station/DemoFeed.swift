import Foundation
import WAVFile

/// Recordings played into the demo station's capture device: the WAV files turned
/// into one 48 kHz stereo 16-bit stream (mono files on the left channel, other
/// rates resampled), written into a FIFO that ALSA's `file` plugin reads as its
/// microphone. The FIFO stays open after the last swipe, so capture waits quietly
/// instead of spinning on an ended file, until ``close()``.
final class DemoFeed: Sendable {
    static let rate = 48_000
    static let channels = 2

    let fifo: String
    private let bytes: [UInt8]
    private let release = DispatchSemaphore(value: 0)

    /// Reads `files` and makes the FIFO at `fifo`.
    init(files: [String], fifo: String) throws {
        var stream: [Int16] = []
        for file in files {
            let audio = try WAVReader.read(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            stream = Self.crossfade(stream, Self.convert(audio))
        }
        // A second of quiet after the last swipe: a swipe ends when quiet follows it.
        stream += [Int16](repeating: 0, count: Self.rate * Self.channels)
        bytes = stream.withUnsafeBytes { Array($0) }
        self.fifo = fifo
        guard mkfifo(fifo, 0o600) == 0 else {
            throw CLIError("cannot make \(fifo): \(String(cString: strerror(errno)))")
        }
    }

    /// ALSA configuration defining `name`, a capture PCM reading the FIFO.
    func alsaConfiguration(name: String) -> String {
        """
        pcm.\(name) {
            type file
            slave.pcm { type null }
            file "/dev/null"
            infile "\(fifo)"
            format "raw"
        }
        """
    }

    /// Starts writing on a thread of its own (opening the FIFO waits for capture to open it).
    func start() {
        let thread = Thread { [self] in
            let descriptor = open(fifo, O_WRONLY)
            guard descriptor >= 0 else { return }
            var offset = 0
            bytes.withUnsafeBytes { buffer in
                while offset < buffer.count {
                    let written = write(descriptor, buffer.baseAddress! + offset, min(65_536, buffer.count - offset))
                    if written <= 0 { break }
                    offset += written
                }
            }
            release.wait()
            Glibc.close(descriptor)
        }
        thread.name = "swipe-demo-feed"
        thread.start()
    }

    /// Ends the stream: capture sees the end of its file.
    func close() { release.signal() }

    /// `next` after `previous`, overlapping by 0.1 s with linear fades: a hard cut between two
    /// recordings' background hiss would click, and a click is activity to the swipe detector.
    static func crossfade(_ previous: [Int16], _ next: [Int16]) -> [Int16] {
        let overlap = min(rate / 10, previous.count / channels, next.count / channels) * channels
        guard overlap > 0 else { return previous + next }
        var out = Array(previous.dropLast(overlap))
        let start = previous.count - overlap
        for index in 0..<overlap {
            let weight = Float(index / channels) / Float(overlap / channels)
            out.append(Int16(Float(previous[start + index]) * (1 - weight) + Float(next[index]) * weight))
        }
        return out + next.dropFirst(overlap)
    }

    /// Interleaved 48 kHz stereo samples of `audio`.
    static func convert(_ audio: WAVAudio) -> [Int16] {
        let frames = audio.frameCount
        let outFrames = frames * rate / max(1, audio.sampleRate)
        var out = [Int16](repeating: 0, count: outFrames * channels)
        for frame in 0..<outFrames {
            let position = Double(frame) * Double(audio.sampleRate) / Double(rate)
            let index = min(Int(position), frames - 1)
            let next = min(index + 1, frames - 1)
            let fraction = Float(position - Double(index))
            for channel in 0..<channels {
                let source = min(channel, audio.channelCount - 1)  // a mono recording plays on both heads
                let a = audio.samples[index * audio.channelCount + source]
                let b = audio.samples[next * audio.channelCount + source]
                let value = max(-1, min(1, a + (b - a) * fraction))
                out[frame * channels + channel] = Int16(value * 32_767)
            }
        }
        return out
    }
}
