import Foundation
import SwipeHID
import SwipeTestSupport
import Testing

/// `udev/70-swipe.rules`: well-formed, and in step with the readers swipe supports.
@Suite("udev rules")
struct UdevRulesTests {
    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../udev/70-swipe.rules").standardized

    /// The rules as lists of (key, operator, value), one list per rule line.
    static func rules() throws -> [[(key: String, op: String, value: String)]] {
        let text = try String(contentsOf: file, encoding: .utf8)
        let pattern = try Regex(#"^([A-Z_]+(?:\{[A-Za-z_]+\})?)(==|!=|\+=|:=|=)"((?:[^"\\]|\\.)*)"$"#)
        return try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.allSatisfy(\.isWhitespace) }.map {
            line in
            try line.split(separator: ", ").map { part in
                let match = try #require(try pattern.wholeMatch(in: String(part)), "not a udev key: \(part)")
                return (
                    String(match.output[1].substring!), String(match.output[2].substring!),
                    String(match.output[3].substring!)
                )
            }
        }
    }

    @Test("every line is a well-formed rule of known keys")
    func wellFormed() throws {
        let known: Set<String> = [
            "ACTION", "SUBSYSTEM", "SUBSYSTEMS", "KERNEL", "DRIVER", "ENV{DEVTYPE}", "ATTR{idVendor}",
            "ATTR{idProduct}", "ATTRS{idVendor}", "ATTRS{idProduct}", "MODE", "GROUP", "RUN",
            "ENV{ID_INPUT_KEYBOARD}", "ENV{LIBINPUT_IGNORE_DEVICE}",
        ]
        let rules = try Self.rules()
        #expect(rules.count >= 8)
        for rule in rules {
            for part in rule { #expect(known.contains(part.key), "unknown key \(part.key)") }
            // Every rule matches something before it assigns anything.
            let firstAssignment = rule.firstIndex { $0.op != "==" && $0.op != "!=" } ?? rule.count
            #expect(firstAssignment > 0)
            #expect(rule[firstAssignment...].allSatisfy { $0.op != "==" && $0.op != "!=" })
        }
    }

    @Test("every built-in reader is given to the group swipe, and keyboard readers are kept off the console")
    func readersCovered() throws {
        let rules = try Self.rules()
        func value(_ rule: [(key: String, op: String, value: String)], _ key: String) -> String? {
            rule.first { $0.key == key }?.value
        }
        for reader in SupportedReader.builtIn {
            let vendor = SupportedReader.hex(reader.vendorID)
            let access = rules.contains { rule in
                (value(rule, "ATTR{idVendor}") == vendor)
                    && (value(rule, "ATTR{idProduct}").map { $0 == reader.productID.map(SupportedReader.hex) } ?? true)
                    && value(rule, "GROUP") == "swipe" && value(rule, "MODE") == "0660"
            }
            #expect(access, "\(reader) has no access rule")
            guard reader.kind == .keyboard else { continue }
            let unbound = rules.contains { rule in
                value(rule, "ACTION") == "bind" && value(rule, "ATTRS{idVendor}") == vendor
                    && (value(rule, "RUN")?.contains("/sys/bus/usb/drivers/usbhid/unbind") ?? false)
                    && (value(rule, "ATTRS{idProduct}").map { $0 == reader.productID.map(SupportedReader.hex) } ?? true)
            }
            #expect(unbound, "\(reader) could type into the console")
        }
    }

    @Test("udevadm verify accepts the file where this systemd has it (253 and later)")
    func udevadmVerify() throws {
        let udevadm = ["/usr/bin/udevadm", "/bin/udevadm"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let udevadm else { return }
        let help = try ChildProcess.run(udevadm, ["verify", "--help"])
        guard help.status == 0 else { return }  // systemd 252 (Debian 12) has no verify
        let verify = try ChildProcess.run(udevadm, ["verify", Self.file.path])
        #expect(verify.status == 0, "\(verify.out)\(verify.err)")
    }
}
