import CALSA
import Glibc

/// A failure reported by libasound, with libasound's own words for it.
public struct ALSAError: Error, Sendable, CustomStringConvertible {
    /// What was being done: `open default`, `read`, ...
    public let operation: String
    /// The negative error code libasound returned.
    public let code: Int32
    /// `snd_strerror`'s text for `code`.
    public let reason: String

    init(_ operation: String, code: Int32) {
        self.operation = operation
        self.code = code
        reason = String(cString: snd_strerror(code))
    }

    /// Whether the device is gone (a USB sound card unplugged) rather than misused.
    public var deviceIsGone: Bool { code == -ENODEV || code == -ENXIO || code == -ENOENT || code == -EBADFD }

    /// One line for a person.
    public var description: String { "\(operation): \(reason)" }
}

/// An open ALSA capture PCM: the only place in swipe that calls libasound.
///
/// 16-bit little-endian interleaved samples at the rate and channel count asked
/// for (or the nearest the device offers). Not thread safe: one thread owns it.
final class ALSACapturePCM {
    private var handle: OpaquePointer?
    /// The device name as opened (`default`, `plughw:CARD=Device,DEV=0`, ...).
    let device: String
    /// Frames per second the device actually runs at.
    private(set) var rate: Int
    /// Interleaved channels.
    let channels: Int
    /// Frames per period, as the device granted.
    private(set) var periodFrames: Int

    /// The local configuration `device` was opened with, freed at close.
    private var localConfiguration: OpaquePointer?

    /// Opens `device` for capture and sets its hardware parameters. With
    /// `configuration` (ALSA configuration text), the device is looked up there
    /// instead of in the system's and the user's files (`snd_pcm_open_lconf`).
    init(device: String, rate: Int, channels: Int, periodFrames: Int, configuration: String? = nil) throws(ALSAError) {
        self.device = device
        self.rate = rate
        self.channels = channels
        self.periodFrames = periodFrames
        swipe_alsa_silence_library_errors()  // failures are reported by swipe, once, with ALSA's words
        var pcm: OpaquePointer?
        if let configuration {
            localConfiguration = try Self.load(configuration)
            let code = snd_pcm_open_lconf(&pcm, device, SND_PCM_STREAM_CAPTURE, 0, localConfiguration)
            if code < 0 {
                snd_config_delete(localConfiguration)
                localConfiguration = nil
                throw ALSAError("open \(device)", code: code)
            }
        } else {
            try check("open \(device)", snd_pcm_open(&pcm, device, SND_PCM_STREAM_CAPTURE, 0))
        }
        handle = pcm
        do throws(ALSAError) {
            try configure(pcm!)
        } catch {
            close()
            throw error
        }
    }

    /// Parses ALSA configuration text into a configuration tree.
    private static func load(_ text: String) throws(ALSAError) -> OpaquePointer? {
        var top: OpaquePointer?
        var code = snd_config_top(&top)
        guard code >= 0 else { throw ALSAError("make a configuration", code: code) }
        var input: OpaquePointer?
        let bytes = Array(text.utf8)
        code = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { snd_input_buffer_open(&input, $0.baseAddress, $0.count) }
        }
        guard code >= 0 else {
            snd_config_delete(top)
            throw ALSAError("read the configuration", code: code)
        }
        code = snd_config_load(top, input)
        snd_input_close(input)
        guard code >= 0 else {
            snd_config_delete(top)
            throw ALSAError("parse the configuration", code: code)
        }
        return top
    }

    private func configure(_ pcm: OpaquePointer) throws(ALSAError) {
        var params: OpaquePointer?
        try check("allocate hardware parameters", snd_pcm_hw_params_malloc(&params))
        defer { snd_pcm_hw_params_free(params) }
        try check("read hardware parameters", snd_pcm_hw_params_any(pcm, params))
        try check(
            "set interleaved access", snd_pcm_hw_params_set_access(pcm, params, SND_PCM_ACCESS_RW_INTERLEAVED))
        try check("set 16-bit samples", snd_pcm_hw_params_set_format(pcm, params, SND_PCM_FORMAT_S16_LE))
        try check("set \(channels) channels", snd_pcm_hw_params_set_channels(pcm, params, UInt32(channels)))
        var actualRate = UInt32(rate)
        var direction: Int32 = 0
        try check("set rate \(rate) Hz", snd_pcm_hw_params_set_rate_near(pcm, params, &actualRate, &direction))
        var period = snd_pcm_uframes_t(periodFrames)
        try check("set period size", snd_pcm_hw_params_set_period_size_near(pcm, params, &period, &direction))
        var buffer = snd_pcm_uframes_t(periodFrames * 8)
        try check("set buffer size", snd_pcm_hw_params_set_buffer_size_near(pcm, params, &buffer))
        try check("apply hardware parameters", snd_pcm_hw_params(pcm, params))
        var granted = snd_pcm_uframes_t(0)
        try check("read period size", snd_pcm_hw_params_get_period_size(params, &granted, &direction))
        rate = Int(actualRate)
        periodFrames = Int(granted)
        try check("prepare", snd_pcm_prepare(pcm))
    }

    /// What happened to one read.
    enum ReadResult {
        /// This many frames arrived.
        case frames(Int)
        /// The device's buffer overran (samples were lost); capture recovered.
        case overrun
    }

    /// Blocks until frames arrive, filling `buffer` (frames x channels samples).
    func read(into buffer: UnsafeMutableBufferPointer<Int16>) throws(ALSAError) -> ReadResult {
        guard let handle else { throw ALSAError("read \(device)", code: -EBADFD) }
        let frames = snd_pcm_uframes_t(buffer.count / channels)
        let got = snd_pcm_readi(handle, buffer.baseAddress, frames)
        if got >= 0 { return .frames(Int(got)) }
        let code = Int32(got)
        if code == -EPIPE || code == -ESTRPIPE {
            try check("recover \(device)", snd_pcm_recover(handle, code, 1))
            return .overrun
        }
        if code == -EAGAIN || code == -EINTR { return .frames(0) }
        throw ALSAError("read \(device)", code: code)
    }

    /// Stops capture and closes the device. Safe to call twice.
    func close() {
        guard let handle else { return }
        snd_pcm_drop(handle)
        snd_pcm_close(handle)
        self.handle = nil
        if let localConfiguration { snd_config_delete(localConfiguration) }
        localConfiguration = nil
    }

    deinit { close() }

    private func check(_ operation: String, _ code: Int32) throws(ALSAError) {
        if code < 0 { throw ALSAError(operation, code: code) }
    }
}

/// An ALSA playback PCM, for short signals (the approved and declined tones):
/// opened, written and drained in one call. Blocking: call it off the cooperative pool.
enum ALSAPlayback {
    /// Plays mono 16-bit `samples` at `rate` on `device` and waits until they are out.
    static func play(_ samples: [Int16], rate: Int, device: String) throws(ALSAError) {
        swipe_alsa_silence_library_errors()
        var pcm: OpaquePointer?
        var code = snd_pcm_open(&pcm, device, SND_PCM_STREAM_PLAYBACK, 0)
        guard code >= 0, let pcm else { throw ALSAError("open \(device) for playback", code: code) }
        defer { snd_pcm_close(pcm) }
        // 100 ms of latency, resampled by the plug layer when the device wants another rate.
        code = snd_pcm_set_params(
            pcm, SND_PCM_FORMAT_S16_LE, SND_PCM_ACCESS_RW_INTERLEAVED, 1, UInt32(rate), 1, 100_000)
        guard code >= 0 else { throw ALSAError("set up \(device) for playback", code: code) }
        var offset = 0
        while offset < samples.count {
            let written = samples.withUnsafeBufferPointer {
                snd_pcm_writei(pcm, $0.baseAddress! + offset, snd_pcm_uframes_t(samples.count - offset))
            }
            if written < 0 {
                code = snd_pcm_recover(pcm, Int32(written), 1)
                guard code >= 0 else { throw ALSAError("play on \(device)", code: code) }
                continue
            }
            offset += Int(written)
        }
        snd_pcm_drain(pcm)
    }
}
