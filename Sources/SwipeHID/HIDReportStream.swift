/// Reads a stream of raw input reports, as captured from a reader, into swipes:
/// the same path a live reader's reports take.
public struct HIDReportStream: Sendable {
    /// How the reports are laid out.
    public let kind: HIDReaderKind
    private var keyboard = KeyboardSwipeDecoder()
    private var pending: [UInt8] = []

    /// Creates a reader of reports of `kind`.
    public init(kind: HIDReaderKind) {
        self.kind = kind
    }

    /// What came out of the reports so far.
    public struct Output: Sendable {
        /// Swipes completed.
        public var swipes: [HIDSwipe] = []
        /// What could not be read, one sentence each (never card data).
        public var warnings: [String] = []
    }

    /// Feeds one whole report, as a reader delivers it.
    public mutating func feed(report: some Collection<UInt8>) -> Output {
        var output = Output()
        switch kind {
        case .magtek:
            do {
                output.swipes.append(try MagTekReport.parse(report))
            } catch {
                output.warnings.append("\(error)")
            }
        case .keyboard:
            switch keyboard.feed(report) {
            case .pending: break
            case .swipe(let swipe): output.swipes.append(swipe)
            case .rejected(let reason): output.warnings.append(reason)
            }
        }
        return output
    }

    /// Feeds bytes that hold whole reports back to back; a report cut at the end of
    /// the bytes waits for the rest.
    public mutating func feed(bytes: some Collection<UInt8>) -> Output {
        pending.append(contentsOf: bytes)
        var output = Output()
        let length = kind.reportLength
        var start = 0
        while pending.count - start >= length {
            let part = feed(report: pending[start..<(start + length)])
            output.swipes += part.swipes
            output.warnings += part.warnings
            start += length
        }
        for index in 0..<start { pending[index] = 0 }
        pending.removeFirst(start)
        return output
    }

    /// Ends the stream: a cut report or a swipe without its end is reported, and
    /// every byte held is wiped.
    public mutating func finish() -> Output {
        var output = Output()
        if !pending.isEmpty {
            output.warnings.append(
                "the last report is cut off (\(pending.count) of \(kind.reportLength) bytes) and was skipped")
            for index in pending.indices { pending[index] = 0 }
            pending.removeAll()
        }
        if case .rejected(let reason) = keyboard.flush() { output.warnings.append(reason) }
        return output
    }
}
