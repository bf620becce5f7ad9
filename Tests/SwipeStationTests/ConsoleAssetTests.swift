import Foundation
import SwipeTestSupport
import Testing

@testable import SwipeStation

/// The console's script and style are files of their own, served as they are.
@Suite("Console assets")
struct ConsoleAssetTests {
    static let script = SwipeBinary.root.appendingPathComponent("Sources/SwipeStation/Console/Assets/console.js")

    @Test("the script parses (node --check), and the binary serves the file as it is")
    func scriptParses() throws {
        let node = ["/usr/bin/node", "/usr/bin/nodejs"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let checker = try #require(node, "install Node.js (Debian's nodejs): scripts/test.sh does")
        let result = try SwipeBinary.runProgram(checker, ["--check", Self.script.path])
        #expect(result.status == 0, "\(result.err)")
        #expect(ConsoleAssets.script == (try String(contentsOf: Self.script, encoding: .utf8)))
    }

    @Test("the style sheet's braces balance, and the binary serves the file as it is")
    func styleBalances() throws {
        let file = SwipeBinary.root.appendingPathComponent("Sources/SwipeStation/Console/Assets/console.css")
        let style = try String(contentsOf: file, encoding: .utf8)
        var depth = 0
        for character in style {
            if character == "{" { depth += 1 }
            if character == "}" { depth -= 1 }
            #expect(depth >= 0)
        }
        #expect(depth == 0)
        #expect(ConsoleAssets.style == style)
    }
}
