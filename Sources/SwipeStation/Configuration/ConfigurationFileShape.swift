import Yams

/// Checks a configuration file's shape before its values are read: valid YAML, a
/// mapping of sections, and only keys the station knows, so a typo (`catlog:`) is
/// named instead of ignored.
enum ConfigurationFileShape {
    /// Checks `text`; `listKeys` may hold a list of values, every other key one value.
    static func check(
        _ text: String, file: String, knownKeys: Set<String>, listKeys: Set<String> = []
    ) throws(StationConfigurationError) {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw StationConfigurationError(key: nil, "\(file) is not valid YAML: \(Self.describe(error))")
        }
        guard let root else { return }  // an empty file: every required key will be reported missing
        guard let mapping = root.mapping else {
            throw StationConfigurationError(key: nil, "\(file) must hold sections (catalog:, reader:, sale:, ...)")
        }
        let sections = Set(knownKeys.map { String($0.split(separator: ".")[0]) })
        for (sectionNode, value) in mapping {
            guard let section = sectionNode.string, sections.contains(section) else {
                throw StationConfigurationError(
                    key: sectionNode.string ?? "?",
                    "unknown section (known: \(sections.sorted().joined(separator: ", ")))")
            }
            guard let entries = value.mapping else {
                if case .scalar(let scalar) = value, ["", "~", "null"].contains(scalar.string) { continue }
                throw StationConfigurationError(key: section, "must hold settings (key: value lines under it)")
            }
            for (keyNode, value) in entries {
                let key = "\(section).\(keyNode.string ?? "?")"
                guard knownKeys.contains(key) else {
                    let known = knownKeys.filter { $0.hasPrefix(section + ".") }.sorted().joined(separator: ", ")
                    throw StationConfigurationError(key: key, "unknown setting (known here: \(known))")
                }
                try checkValue(value, key: key, listKeys: listKeys)
            }
        }
    }

    /// One value where one belongs (a list or a map there is a mistake, not a value to read
    /// as text), a list of single values where a list belongs.
    private static func checkValue(
        _ value: Node, key: String, listKeys: Set<String>
    ) throws(StationConfigurationError) {
        switch value {
        case .scalar: return
        case .sequence(let items) where listKeys.contains(key):
            guard items.allSatisfy({ $0.scalar != nil }) else {
                throw StationConfigurationError(key: key, "must be a list of single values")
            }
        case .sequence:
            throw StationConfigurationError(key: key, "must be a single value, not a list")
        case .mapping:
            throw StationConfigurationError(
                key: key, listKeys.contains(key) ? "must be a list, not a map" : "must be a single value, not a map")
        case .alias:
            throw StationConfigurationError(key: key, "must be written out, not a YAML alias")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? YamlError { return "\(error)".split(separator: "\n").first.map(String.init) ?? "" }
        return "\(error)"
    }
}
