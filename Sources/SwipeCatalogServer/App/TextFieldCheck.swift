import Foundation

/// Refuses control characters in every string of a JSON body (keys included).
///
/// SQLite stops reading a text at a NUL, so `volunteer\u0000` would name the
/// account `volunteer` in one place and something else in another; no field of
/// this API has a use for control characters. A refusal is a 400, never a silent
/// truncation.
enum TextFieldCheck {
    /// Throws a 400 when a string in `body` holds a character below U+0020, DEL, or a C1 control.
    static func check(_ body: [UInt8]) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            return  // not JSON: the decoder says so
        }
        if containsControl(object) {
            throw CatalogFailure.badRequest("Text fields must not contain control characters.")
        }
    }

    /// Whether `text` holds a control character.
    static func isControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
    }

    private static func containsControl(_ value: Any) -> Bool {
        switch value {
        case let text as String: return isControl(text)
        case let array as [Any]: return array.contains(where: containsControl)
        case let object as [String: Any]:
            return object.contains { isControl($0.key) || containsControl($0.value) }
        default: return false
        }
    }
}
