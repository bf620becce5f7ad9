import Foundation
import SwipeStation
import Synchronization
import WAVFile

/// Recordings played into the demo station's capture device: the WAV files turned
/// into one 48 kHz stereo 16-bit stream (mono files on both channels, other rates
/// resampled), written into a FIFO that ALSA's `file` plugin reads as its microphone.
///
/// The stream is written as a sound card delivers it: whole periods, paced at the
/// real rate (a burst would sit seconds deep in the pipe, and a read that finds less
/// than a period there is padded with silence, cutting a gap into a swipe). After
/// the last recording the background fades to silence, and silent periods follow,
/// paced the same way, until ``close()``: the station hears every swipe end.
final class DemoFeed: Sendable {
    static let rate = 48_000
    static let channels = 2
    /// Frames the station reads at a time (`reader.period`); the feed writes as many.
    static let periodFrames = 1_024

    let fifo: String
    /// Seconds of audio in the recordings, before the silence that follows them.
    let duration: Double
    private let bytes: [UInt8]
    private let closing = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Reads `files` and makes the FIFO at `fifo`.
    init(files: [String], fifo: String) throws {
        var stream: [Int16] = []
        for file in files {
            let data: Data
            do { data = try Data(contentsOf: URL(fileURLWithPath: file)) } catch {
                throw CLIError(
                    "cannot read the recording \(file): \(FileProblem.describe(error, path: file))", status: 2)
            }
            let audio: WAVAudio
            do { audio = try WAVReader.read(Array(data)) } catch {
                throw CLIError("the recording \(file) is not a WAV file swipe can read: \(error)", status: 2)
            }
            stream = Self.crossfade(stream, Self.convert(audio))
        }
        // The last recording's background fades out (a fall in level is never a swipe).
        stream = Self.crossfade(stream, [Int16](repeating: 0, count: Self.rate / 10 * Self.channels))
        duration = Double(stream.count / Self.channels) / Double(Self.rate)
        // Whole periods only.
        let periodSamples = Self.periodFrames * Self.channels
        stream += [Int16](repeating: 0, count: (periodSamples - stream.count % periodSamples) % periodSamples)
        bytes = stream.withUnsafeBytes { Array($0) }
        self.fifo = fifo
        guard mkfifo(fifo, 0o600) == 0 else {
            throw CLIError("cannot make the demo's FIFO \(fifo): \(String(cString: strerror(errno)))")
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
            defer { finished.signal() }
            let descriptor = open(fifo, O_WRONLY)
            guard descriptor >= 0 else { return }
            defer { Glibc.close(descriptor) }
            let periodBytes = Self.periodFrames * Self.channels * MemoryLayout<Int16>.size
            let silence = [UInt8](repeating: 0, count: periodBytes)
            let period = Duration.seconds(Double(Self.periodFrames) / Double(Self.rate))
            let clock = ContinuousClock()
            var due = clock.now
            var offset = 0
            while !closing.load(ordering: .relaxed) {
                let written =
                    offset < bytes.count
                    ? bytes.withUnsafeBytes { Self.writeAll(descriptor, $0.baseAddress! + offset, periodBytes) }
                    : silence.withUnsafeBytes { Self.writeAll(descriptor, $0.baseAddress!, periodBytes) }
                guard written else { return }
                offset += periodBytes
                // One period of audio takes one period of time; the writer stays no more than one ahead.
                due += period
                let wait = due - clock.now
                if wait > .zero { Thread.sleep(forTimeInterval: wait / .seconds(1)) }
            }
        }
        thread.name = "swipe-demo-feed"
        thread.start()
    }

    /// Writes `count` bytes whole (a pipe takes a period of 4 KiB in one write).
    private static func writeAll(_ descriptor: Int32, _ start: UnsafeRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let written = write(descriptor, start + done, count - done)
            if written < 0, errno == EINTR { continue }
            if written <= 0 { return false }
            done += written
        }
        return true
    }

    /// Ends the stream and waits for the writer to close the FIFO: capture sees the end of its file.
    func close() {
        closing.store(true, ordering: .relaxed)
        _ = finished.wait(timeout: .now() + 1)
    }

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
