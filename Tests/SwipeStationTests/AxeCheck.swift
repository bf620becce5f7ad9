import Foundation
import SwipeTestSupport
import Testing

/// axe-core, the accessibility checker, run in the page: the violations of moderate impact or
/// worse. Its script comes from the PyPI package `axe-selenium-python`, which `scripts/test.sh`
/// fetches into `.build/axe/axe.min.js`.
struct AxeCheck {
    static let script = SwipeBinary.root.appendingPathComponent(".build/axe/axe.min.js")

    let source: String

    /// Reads the checker; a missing one fails the test (run scripts/test.sh), never skips it.
    init() throws {
        let text = try? String(contentsOf: Self.script, encoding: .utf8)
        source = try #require(text, "axe-core is missing: scripts/test.sh fetches it into .build/axe/")
    }

    /// The moderate, serious and critical violations on the page as it is now, one line each:
    /// the rule and the elements.
    func violations(in browser: WebDriver) async throws -> [String] {
        _ = try await browser.run(source)
        let found = try await browser.runAsync(
            """
            const done = arguments[arguments.length - 1];
            axe.run(document, { resultTypes: ["violations"] }).then((result) => done(result.violations
              .filter((v) => ["moderate", "serious", "critical"].includes(v.impact))
              .map((v) => v.impact + " " + v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", "))),
              (error) => done(["axe failed: " + error]));
            """)
        return found as? [String] ?? ["axe returned \(String(describing: found))"]
    }
}
