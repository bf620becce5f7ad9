import SwipeCatalogAPI
import Synchronization
import Testing

/// Idempotency keys: random, well-formed, never zeros, never twice.
@Suite("Idempotency keys")
struct IdempotencyKeyTests {
    /// Gives the same 16 bytes every time.
    struct StuckRandom: SecureRandomSource {
        func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(RandomnessUnavailable) {
            for index in buffer.indices { buffer[index] = UInt8(index) }
        }
    }

    /// Fails.
    struct BrokenRandom: SecureRandomSource {
        func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(RandomnessUnavailable) {
            throw RandomnessUnavailable("broken")
        }
    }

    @Test("keys from the system are version-4 UUIDs, all different")
    func systemKeys() throws {
        let keys = IdempotencyKeys()
        var seen = Set<String>()
        for _ in 0..<2_000 {
            let key = try keys.next()
            #expect(key.count == 36 && Array(key)[14] == "4" && "89AB".contains(Array(key)[19]))
            #expect(seen.insert(key).inserted)
        }
    }

    @Test("a generator that fails, gives zeros or repeats itself issues no key")
    func badGenerators() throws {
        #expect(throws: RandomnessUnavailable.self) { try IdempotencyKeys(random: BrokenRandom()).next() }
        let stuck = IdempotencyKeys(random: StuckRandom())
        _ = try stuck.next()
        #expect(throws: RandomnessUnavailable.self) { try stuck.next() }
    }

    @Test("control characters never reach a log line; a URL's password is never shown")
    func safeText() {
        let forged = "Declined.\n2026-12-06T10:00:00 notice swipe.station : APPROVED Visa ••••4242 $999.00\u{1B}[2K"
        let clean = SafeText.clean(forged)
        #expect(!clean.contains("\n") && !clean.contains("\u{1B}"))
        #expect(SafeText.clean("a\u{202E}b\u{85}c\td") == "a?b?c d")
        #expect(SafeText.url("https://user:secret@catalog.example:8443/x") == "https://…@catalog.example:8443/x")
        #expect(SafeText.url("http://127.0.0.1:8080") == "http://127.0.0.1:8080")
    }
}
