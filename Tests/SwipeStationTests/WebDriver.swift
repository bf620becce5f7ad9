import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SwipeTestSupport
import Testing

/// Debian's `chromium`, headless, driven through `chromedriver` with the W3C
/// WebDriver protocol (JSON over HTTP): the console tested in a real browser.
final class WebDriver {
    /// Where Debian's packages put them (`apt-get install chromium chromium-driver`).
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"
    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    let process: ChildProcess
    let base: String
    let session: String

    /// Starts chromedriver and a headless browser window of `width` x `height` CSS pixels.
    init(scratch: Scratch, width: Int, height: Int) async throws {
        for tool in [Self.chromium, Self.chromedriver] where !FileManager.default.isExecutableFile(atPath: tool) {
            Issue.record("\(tool) is missing: apt-get install chromium chromium-driver (scripts/test.sh does)")
            throw CancellationError()
        }
        let port = LoopbackPort.free()
        let process = try ChildProcess(
            Self.chromedriver, ["--port=\(port)", "--log-path=\(scratch.path("chromedriver.log"))"])
        self.process = process
        base = "http://127.0.0.1:\(port)"
        let base = base
        #expect(
            try await eventually(30) {
                (try? await Self.call(.GET, base + "/status", body: nil)) != nil
            }, "chromedriver answers")
        let capabilities: [String: Any] = [
            "capabilities": [
                "alwaysMatch": [
                    "browserName": "chrome",
                    "goog:chromeOptions": [
                        "binary": Self.chromium,
                        "args": [
                            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                            "--hide-scrollbars", "--user-data-dir=\(scratch.path("chromium-profile"))",
                            "--window-size=\(width),\(height)", "--force-device-scale-factor=1",
                        ],
                    ],
                ]
            ]
        ]
        let answer = try await Self.call(.POST, base + "/session", body: capabilities)
        let value = (answer as? [String: Any])?["value"] as? [String: Any]
        session = try #require(value?["sessionId"] as? String, "a browser session: \(answer)")
    }

    /// Ends the browser and chromedriver.
    func quit() async {
        _ = try? await Self.call(.DELETE, "\(base)/session/\(session)", body: nil)
        process.send(SIGTERM)
        process.waitForExit()
    }

    deinit {
        process.send(SIGKILL)
    }

    // MARK: Commands

    func open(_ url: String) async throws {
        _ = try await command(.POST, "url", ["url": url])
    }

    var currentURL: String {
        get async throws { try await command(.GET, "url") as? String ?? "" }
    }

    /// The element `selector` names, or `nil`.
    func element(_ selector: String) async throws -> String? {
        let found = try? await command(.POST, "element", ["using": "css selector", "value": selector])
        return (found as? [String: Any])?[Self.elementKey] as? String
    }

    /// Clicks `selector` as a person would: scrolled to the middle of the window first, clear of
    /// the console's sticky result bar at the bottom (a person scrolls until the button shows).
    func click(_ selector: String) async throws {
        let id = try #require(try await element(selector), "\(selector) is on the page")
        _ = try await run(
            """
            const element = document.querySelector(arguments[0]);
            const box = element.getBoundingClientRect();
            const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            if (!element.contains(top)) element.scrollIntoView({block: 'center'});
            """, selector)
        _ = try await command(.POST, "element/\(id)/click", [:])
    }

    func type(_ text: String, into selector: String) async throws {
        let id = try #require(try await element(selector), "\(selector) is on the page")
        _ = try await command(.POST, "element/\(id)/clear", [:])
        _ = try await command(.POST, "element/\(id)/value", ["text": text])
    }

    /// The visible text of `selector`, or "" when it is not there.
    func text(_ selector: String) async throws -> String {
        guard let id = try await element(selector) else { return "" }
        return (try? await command(.GET, "element/\(id)/text")) as? String ?? ""
    }

    /// The `class` attribute of `selector`.
    func classes(_ selector: String) async throws -> [String] {
        guard let id = try await element(selector) else { return [] }
        let value = (try? await command(.GET, "element/\(id)/attribute/class")) as? String ?? ""
        return value.split(separator: " ").map(String.init)
    }

    /// Runs `script` in the page until it calls its last argument (a callback) with the value to return.
    func runAsync(_ script: String) async throws -> Any? {
        try await command(.POST, "execute/async", ["script": script, "args": [String]()])
    }

    /// Runs `script` in the page and returns its value.
    func run(_ script: String, _ arguments: String...) async throws -> Any? {
        try await command(.POST, "execute/sync", ["script": script, "args": arguments])
    }

    /// Makes the page's viewport `width` x `height` CSS pixels, as a phone (`mobile`) or a tablet
    /// (headless Chromium's window cannot be narrower than 500 px; Chrome's device emulation can).
    func viewport(width: Int, height: Int, mobile: Bool) async throws {
        _ = try await command(
            .POST, "goog/cdp/execute",
            [
                "cmd": "Emulation.setDeviceMetricsOverride",
                "params": ["width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile],
            ])
    }

    /// A PNG of the window.
    func screenshot() async throws -> Data {
        let text = try #require(try await command(.GET, "screenshot") as? String)
        return try #require(Data(base64Encoded: text))
    }

    /// Waits until `condition` holds in the page, up to `seconds`.
    func wait(_ seconds: Double = 30, _ what: String, _ condition: () async throws -> Bool) async throws {
        let held = try await eventually(seconds, condition)
        let page = held ? "" : ((try? await text("body")) ?? "")
        try #require(held, "\(what) (page text: \(page))")
    }

    // MARK: Protocol

    private func command(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let answer = try await Self.call(method, "\(base)/session/\(session)/\(path)", body: body)
        return (answer as? [String: Any])?["value"] ?? nil
    }

    private static func call(_ method: HTTPMethod, _ url: String, body: [String: Any]?) async throws -> Any {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 32 << 20)
        let json = try JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))
        guard response.status.code == 200 else {
            let message = ((json as? [String: Any])?["value"] as? [String: Any])?["message"] as? String
            throw WebDriverError(description: "\(method) \(url): \(message ?? "HTTP \(response.status.code)")")
        }
        return json
    }
}

/// A WebDriver command that failed.
struct WebDriverError: Error, CustomStringConvertible {
    var description: String
}
