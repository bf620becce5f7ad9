import Foundation
import SwipeTestSupport
import Testing

/// `swipe decode` as a user runs it: the built binary, its output and exit status.
@Suite("swipe decode command")
struct DecodeCommandTests {
    func run(_ arguments: [String]) throws -> SwipeBinary.Result {
        try SwipeBinary.run(arguments)
    }

    @Test(
        "JSON: one line per file, the contract's fields, the PAN masked")
    func json() throws {
        let result = try run([
            "decode", "--json", "hardware/visa-track2-44k.wav", "hardware/event-three-swipes-44k.wav",
        ])
        #expect(result.status == 0)
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 2)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["source"] as? String == "hardware/visa-track2-44k.wav")
        let swipe = try #require((object["swipes"] as? [[String: Any]])?.first)
        for key in ["channel", "start", "end", "direction", "tracks", "card"] { #expect(swipe[key] != nil, "\(key)") }
        let track = try #require((swipe["tracks"] as? [[String: Any]])?.first)
        #expect(track["format"] as? String == "aba")
        #expect(track["data"] as? String == ";424242******4242=3012101******?")
        #expect(track["lrcOK"] as? Bool == true)
        let card = try #require(swipe["card"] as? [String: Any])
        #expect(card["pan"] as? String == "424242******4242")
        #expect(card["brand"] as? String == "visa")
        #expect(card["accepted"] as? Bool == true)
        #expect(card.keys.contains("name"))  // null, but present
        #expect(!result.out.contains("4242424242424242"))
        #expect(!result.out.contains("123456"))  // the discretionary data, masked or not, is never shown
        #expect(!result.out.contains("TEST/CARD"))
    }

    @Test(
        "exit 1 when a file gives no accepted card, 2 for a broken file")
    func exitStatus() throws {
        #expect(try run(["decode", "hardware/refused-cards-44k.wav"]).status == 1)
        #expect(try run(["decode", "hardware/visa-track2-44k.wav", "hardware/noise-only-44k.wav"]).status == 1)
        let broken = try run(["decode", "Package.swift"])
        #expect(broken.status == 2)
        #expect(broken.err.contains("Package.swift: not a WAV file"))
        #expect(try run(["decode", "no-such-file.wav"]).status == 2)
        #expect(try run(["decode"]).status != 0)
    }

    @Test(
        "--unmasked shows the whole test number and warns")
    func unmasked() throws {
        let result = try run(["decode", "--unmasked", "hardware/visa-track2-44k.wav"])
        #expect(result.status == 0)
        #expect(result.out.contains("4242424242424242"))
        #expect(result.err.contains("warning"))
    }
}
