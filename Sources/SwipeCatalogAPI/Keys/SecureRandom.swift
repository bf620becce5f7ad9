import Glibc

/// A source of cryptographically strong random bytes: idempotency keys, session
/// tokens and receipt ids come from one, never from `UUID()` (which on Linux gives
/// all zeros when it cannot open `/dev/urandom`, as when descriptors run out).
public protocol SecureRandomSource: Sendable {
    /// Fills `buffer` with random bytes, or throws when the system cannot give them.
    func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(RandomnessUnavailable)
}

extension SecureRandomSource {
    /// `count` random bytes.
    public func bytes(_ count: Int) throws(RandomnessUnavailable) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let failure: RandomnessUnavailable? = bytes.withUnsafeMutableBytes { buffer in
            do throws(RandomnessUnavailable) {
                try fill(buffer)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        return bytes
    }
}

/// The kernel's generator, through `getentropy(3)` (the `getrandom` system call): it
/// needs no file descriptor and blocks only until the kernel's pool is first seeded.
public struct SystemRandom: SecureRandomSource {
    /// The system generator.
    public init() {}

    /// Fills `buffer`, 256 bytes a call (`getentropy`'s most).
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(RandomnessUnavailable) {
        var done = 0
        while done < buffer.count {
            let count = min(256, buffer.count - done)
            guard getentropy(buffer.baseAddress! + done, count) == 0 else {
                throw RandomnessUnavailable("getentropy: \(String(cString: strerror(errno)))")
            }
            done += count
        }
    }
}

/// The system gave no random bytes: nothing that needs a fresh key may go on.
public struct RandomnessUnavailable: Error, Sendable, CustomStringConvertible {
    /// Why, in a few words.
    public var description: String

    /// Creates the error.
    public init(_ description: String) { self.description = description }
}
