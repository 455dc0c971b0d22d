/// Where the metrics endpoint listens: the `metrics.listen` key, `HOST:PORT` (`[::1]:9464` for IPv6),
/// `none` to turn it off. Port 0 picks a free one (tests).
package struct MetricsConfiguration: Sendable, Equatable {
    package var host: String
    package var port: Int

    package init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    package static let defaultListen = "127.0.0.1:9464"
}

extension KeyReader {
    /// Reads `metrics.listen`: nil when it is `none`.
    /// - Throws: ``ConfigurationError`` for text that is not `HOST:PORT` with a port from 0 to 65535.
    package func metrics() throws(ConfigurationError) -> MetricsConfiguration? {
        let text = try string("metrics.listen") ?? MetricsConfiguration.defaultListen
        if text == "none" || text.isEmpty { return nil }
        let expected = "HOST:PORT such as 127.0.0.1:9464 or [::1]:9464, or none"
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65_535).contains(port) else {
            throw ConfigurationError(key: "metrics.listen", expected: expected, found: text)
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else {
            throw ConfigurationError(key: "metrics.listen", expected: expected, found: text)
        }
        return MetricsConfiguration(host: host, port: port)
    }
}
