/// Card data held in memory only as long as it is needed, then overwritten.
///
/// PCI DSS forbids keeping track data after authorisation, even encrypted. Swift
/// strings cannot be wiped, so card data lives in this buffer instead: call
/// ``wipe()`` once a charge is done (the buffer also zeroes itself when freed).
/// Its `description` never shows the contents, so it cannot leak into a log line
/// by accident.
public final class SensitiveBytes: @unchecked Sendable, CustomStringConvertible {
    // Written only by `init` and `wipe()`; `wipe()` is the owner's last act.
    private var storage: [UInt8]

    /// Takes ownership of `bytes`.
    public init(_ bytes: [UInt8]) {
        storage = bytes
    }

    /// Copies the UTF-8 bytes of `text`.
    public convenience init(utf8 text: some StringProtocol) {
        self.init(Array(text.utf8))
    }

    deinit { wipe() }

    /// Number of bytes held.
    public var count: Int { storage.count }

    /// Whether the buffer holds nothing (or was wiped).
    public var isEmpty: Bool { storage.isEmpty }

    /// Calls `body` with the bytes. Do not let them escape the closure.
    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer(body)
    }

    /// A copy of the bytes, for code that needs an array (still sensitive).
    public var bytes: [UInt8] { storage }

    /// The bytes in `range` as a new sensitive buffer.
    public func slice(_ range: Range<Int>) -> SensitiveBytes {
        SensitiveBytes(Array(storage[range]))
    }

    /// Overwrites every byte with zero and empties the buffer.
    public func wipe() {
        storage.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices { buffer[index] = 0 }
        }
        storage.removeAll()
    }

    /// The contents as text. Only for deliberate, unmasked display of test cards.
    public func unsafeRevealedString() -> String {
        String(decoding: storage, as: UTF8.self)
    }

    /// A short text for logs and terminals (never card data).
    public var description: String { "<\(storage.count) sensitive bytes>" }
}
