import Synchronization

/// Mints idempotency keys: random version-4 UUIDs from a ``SecureRandomSource``.
///
/// A key is chosen once per charge, before its first attempt, and reused on every
/// retry. Two charges must never share one: the catalog would answer the second
/// with the first one's receipt. So a key of all zeros (what a failing generator
/// gives) is never issued, nor one this process issued before (the last
/// ``rememberedKeys`` of them); when the generator fails, no key is issued at all
/// and the sale is refused.
public final class IdempotencyKeys: Sendable {
    /// How many issued keys are remembered to refuse a repeat.
    public static let rememberedKeys = 4_096
    /// The process's keys, from the system's generator.
    public static let shared = IdempotencyKeys()

    private let random: any SecureRandomSource
    private let issued = Mutex(Issued())

    private struct Issued {
        var keys: Set<String> = []
        var order: [String] = []
    }

    /// Keys from `random`.
    public init(random: any SecureRandomSource = SystemRandom()) {
        self.random = random
    }

    /// A new key, `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx` in capitals.
    public func next() throws(RandomnessUnavailable) -> String {
        for _ in 0..<3 {
            var bytes = try random.bytes(16)
            guard bytes.contains(where: { $0 != 0 }) else { continue }
            bytes[6] = bytes[6] & 0x0F | 0x40  // version 4
            bytes[8] = bytes[8] & 0x3F | 0x80  // RFC 4122 variant
            let key = Self.text(bytes)
            let fresh = issued.withLock { issued in
                guard issued.keys.insert(key).inserted else { return false }
                issued.order.append(key)
                if issued.order.count > Self.rememberedKeys {
                    issued.keys.remove(issued.order.removeFirst())
                }
                return true
            }
            if fresh { return key }
        }
        throw RandomnessUnavailable("the random generator repeats itself")
    }

    private static func text(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789ABCDEF")
        var text = ""
        for (index, byte) in bytes.enumerated() {
            if [4, 6, 8, 10].contains(index) { text.append("-") }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return text
    }
}
