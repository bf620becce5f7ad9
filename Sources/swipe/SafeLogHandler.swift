import Logging
import SwipeCatalogAPI

/// Every log line swipe writes goes through here: its message and metadata values are
/// stripped of control characters (``SafeText``), so text from outside (a catalog's
/// message, a product name, a file name) cannot end the line and forge the next one,
/// or drive the terminal.
struct SafeLogHandler: LogHandler {
    private var base: any LogHandler

    /// Wraps `base`.
    init(_ base: any LogHandler) { self.base = base }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { base.metadata }
        set { base.metadata = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { base[metadataKey: key] }
        set { base[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(SafeText.clean(event.message.description))"
        event.metadata = event.metadata.map(Self.clean)
        base.log(event: event)
    }

    private static func clean(_ metadata: Logger.Metadata) -> Logger.Metadata {
        metadata.mapValues(clean)
    }

    private static func clean(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(SafeText.clean(text))
        case .stringConvertible(let value): .string(SafeText.clean(value.description))
        case .dictionary(let dictionary): .dictionary(clean(dictionary))
        case .array(let values): .array(values.map(clean))
        }
    }
}
