// libFuzzer entry: arbitrary bytes as a WAV file, then the whole decoding path.
// Built by scripts/fuzz.sh together with the WAVFile and SwipeDecoding sources.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWAV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    guard let audio = try? WAVReader.read(bytes, sampleRates: PCMFormat.supportedRates), audio.samples.count <= 2_000_000
    else { return 0 }
    var decoder = SwipeStreamDecoder(
        format: PCMFormat(sampleRate: Double(audio.sampleRate), channelCount: audio.channelCount),
        today: YearMonth(year: 2026, month: 11)!)
    var swipes = decoder.process(audio.samples)
    swipes += decoder.finish()
    for swipe in swipes { swipe.wipe() }
    return 0
}
