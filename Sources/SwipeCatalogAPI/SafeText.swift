/// Text from outside (a catalog's messages, product names, reader data, file names)
/// made safe for one log line or a terminal: control characters, which could end
/// the line and forge the next one or move the cursor, become `?`; line breaks and
/// tabs become spaces; a URL loses its user and password.
public enum SafeText {
    /// `text` with every control character replaced.
    public static func clean(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: out.append("?")
            // Bidirectional overrides and isolates reorder what a terminal shows.
            case 0x202A...0x202E, 0x2066...0x2069: out.append("?")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// `url` without any `user:password@` before its host, and cleaned.
    public static func url(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return clean(url) }
        let rest = url[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        guard let at = rest[..<authorityEnd].lastIndex(of: "@") else { return clean(url) }
        return clean(url[..<scheme.upperBound] + "…@" + rest[rest.index(after: at)...])
    }
}
