import Foundation
import Logging

/// A swift-log handler for journald: one line per record on standard error, prefixed with the syslog
/// priority in angle brackets (`<3>` error … `<7>` debug), which journald turns into the entry's
/// PRIORITY (sd-daemon(3), "SyslogLevelPrefix="). Metadata follows as sorted `key=value` pairs.
struct JournalLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    let label: String

    init(label: String) { self.label = label }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = Self.format(level: event.level, label: label, message: "\(event.message)", metadata: metadata.merging(event.metadata ?? [:]) { $1 })
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// The syslog priority of a swift-log level.
    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    /// `<6>label: message key=value …`, on one line (newlines in values become spaces).
    static func format(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var line = "<\(priority(level))>\(label): \(message)"
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(value)"
        }
        return line.replacingOccurrences(of: "\n", with: " ")
    }
}
