extension DeviceAddress {
    /// Parses a device URI.
    ///
    /// - Throws: ``DeviceError`` with code ``DeviceError/Code/invalidAddress`` whose message says what
    ///   is wrong and shows a correct example for the scheme.
    public init(parsing text: String) throws(DeviceError) {
        var parser = AddressParser(text: text)
        self = try parser.parse()
    }
}

/// Percent-encoding rules shared by formatting and parsing of addresses.
enum AddressText {
    static func isUnreserved(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: "~")
    }

    /// Characters a path may carry without escaping: unreserved plus `/ : @ + , =`.
    static func isPathByte(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || "/:@+,=".utf8.contains(byte)
    }

    /// Characters a query key or value may carry without escaping: unreserved plus `/ : @ + ,`.
    static func isQueryByte(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || "/:@+,".utf8.contains(byte)
    }

    static func encode(_ text: String, keeping keep: (UInt8) -> Bool) -> String {
        var out = ""
        for byte in text.utf8 {
            if keep(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func encodePath(_ path: String) -> String { encode(path, keeping: isPathByte) }
    static func encodeQuery(_ text: String) -> String { encode(text, keeping: isQueryByte) }

    /// Decodes `%XX` escapes; nil when an escape is malformed, a raw byte is not allowed, or the
    /// result is not UTF-8.
    static func decode(_ text: Substring, allowing allowed: (UInt8) -> Bool) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(), high.isHexDigit, low.isHexDigit,
                    let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(value)
            } else if allowed(byte) {
                bytes.append(byte)
            } else {
                return nil
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// One-shot parser behind ``DeviceAddress/init(parsing:)``.
struct AddressParser {
    let text: String
    var scheme = ""

    init(text: String) { self.text = text }

    func fail(_ reason: String) -> DeviceError {
        let example = DeviceAddress.examples[scheme].map { "Example: \($0)" }
            ?? "Examples: " + DeviceAddress.examples.keys.sorted().compactMap { DeviceAddress.examples[$0] }
                .joined(separator: ", ")
        let shown = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return DeviceError(.invalidAddress, "\"\(shown)\" is not a device address: \(reason). \(example)")
    }

    mutating func parse() throws(DeviceError) -> DeviceAddress {
        guard let separator = AddressParser.find("://", in: text) else {
            if let colon = text.firstIndex(of: ":") {
                scheme = text[..<colon].lowercased()
            } else if text.hasPrefix("/dev/usb/lp") {
                scheme = "usblp"
            } else if text.hasPrefix("/dev/input/") {
                scheme = "evdev"
            } else if text.hasPrefix("/dev/hidraw") {
                scheme = "hidraw"
            } else if text.hasPrefix("/dev/") {
                scheme = "serial"
            }
            throw fail("an address is scheme://…; a device path needs its scheme in front")
        }
        let schemeText = text[..<separator.lowerBound]
        guard !schemeText.isEmpty, schemeText.utf8.allSatisfy({ (0x61...0x7A).contains($0) }) else {
            throw fail("the scheme must be one of serial, tcp, usblp, usb, evdev, hidraw, sim (lower case)")
        }
        scheme = String(schemeText)
        guard DeviceAddress.examples[scheme] != nil else {
            throw fail("unknown scheme \"\(scheme)\"; use serial, tcp, usblp, usb, evdev, hidraw or sim")
        }
        let rest = text[separator.upperBound...]
        if rest.contains("#") { throw fail("a device address has no #fragment") }
        let body: Substring
        let query: [(String, String)]
        if let mark = rest.firstIndex(of: "?") {
            body = rest[..<mark]
            query = try parseQuery(rest[rest.index(after: mark)...])
        } else {
            body = rest
            query = []
        }
        switch scheme {
        case "serial":
            let path = try parsePath(body)
            return DeviceAddress(.serial(path: path, settings: try serialSettings(query)))
        case "usblp":
            let path = try parsePath(body)
            try expectNoQuery(query)
            return DeviceAddress(.usblp(path: path))
        case "hidraw":
            let path = try parsePath(body)
            try expectNoQuery(query)
            return DeviceAddress(.hidraw(path: path))
        case "evdev":
            let path = try parsePath(body)
            var grab = true
            for (key, value) in query {
                guard key == "grab" else { throw fail("unknown parameter \"\(key)\"; evdev takes grab=yes|no") }
                guard let flag = parseBool(value) else { throw fail("grab must be yes or no, not \"\(value)\"") }
                grab = flag
            }
            return DeviceAddress(.evdev(path: path, grab: grab))
        case "tcp":
            try expectNoQuery(query)
            let (host, port) = try parseHostPort(body)
            return DeviceAddress(.tcp(host: host, port: port))
        case "usb":
            guard let id = USBDeviceID(text: body) else {
                throw fail("a USB device is vendor:product in four hex digits each")
            }
            var serial: String?
            var interface = 0
            for (key, value) in query {
                switch key {
                case "serial":
                    guard !value.isEmpty else { throw fail("serial must not be empty") }
                    serial = value
                case "interface":
                    guard let number = Int(value), (0...255).contains(number), String(number) == value else {
                        throw fail("interface must be a number 0…255, not \"\(value)\"")
                    }
                    interface = number
                default:
                    throw fail("unknown parameter \"\(key)\"; usb takes serial= and interface=")
                }
            }
            return DeviceAddress(.usb(id: id, serial: serial, interface: interface))
        default:  // "sim"
            guard !body.isEmpty, body.utf8.allSatisfy({ AddressText.isUnreserved($0) }) else {
                throw fail("a simulator name is letters, digits, '-', '.', '_' or '~'")
            }
            var parameters: [String: String] = [:]
            for (key, value) in query { parameters[key] = value }
            return DeviceAddress(.simulator(name: String(body), parameters: parameters))
        }
    }

    static func find(_ needle: String, in text: String) -> Range<String.Index>? {
        var index = text.startIndex
        while index < text.endIndex {
            if text[index...].hasPrefix(needle) {
                return index..<text.index(index, offsetBy: needle.count)
            }
            index = text.index(after: index)
        }
        return nil
    }

    func parsePath(_ body: Substring) throws(DeviceError) -> String {
        guard body.hasPrefix("/") else {
            throw fail("\(scheme) addresses name an absolute device path after \"\(scheme)://\" (three slashes)")
        }
        guard body.count > 1 else { throw fail("the device path is missing") }
        guard let path = AddressText.decode(body, allowing: AddressText.isPathByte) else {
            throw fail("the path has a malformed %-escape or a character that must be %-escaped")
        }
        guard !path.utf8.contains(0) else { throw fail("the path must not contain a NUL byte") }
        return path
    }

    func parseQuery(_ query: Substring) throws(DeviceError) -> [(String, String)] {
        if query.isEmpty { return [] }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty,
                let key = AddressText.decode(parts[0], allowing: AddressText.isQueryByte),
                let value = AddressText.decode(parts[1], allowing: AddressText.isQueryByte)
            else {
                throw fail("each parameter is key=value, separated by &")
            }
            guard !pairs.contains(where: { $0.0 == key }) else { throw fail("parameter \"\(key)\" is given twice") }
            pairs.append((key, value))
        }
        return pairs
    }

    func expectNoQuery(_ query: [(String, String)]) throws(DeviceError) {
        if let first = query.first { throw fail("\(scheme) addresses take no parameters (got \"\(first.0)\")") }
    }

    func parseBool(_ value: String) -> Bool? {
        switch value.lowercased() {
        case "yes", "true", "1", "on": true
        case "no", "false", "0", "off": false
        default: nil
        }
    }

    func serialSettings(_ query: [(String, String)]) throws(DeviceError) -> SerialSettings {
        var settings = SerialSettings()
        for (key, value) in query {
            switch key {
            case "baud":
                guard let number = Int(value), let rate = SerialSettings.BaudRate(number) else {
                    throw fail("baud must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200")
                }
                settings.baudRate = rate
            case "parity":
                guard let parity = SerialSettings.Parity(text: value) else {
                    throw fail("parity must be none, even or odd")
                }
                settings.parity = parity
            case "data-bits":
                guard value == "7" || value == "8" else { throw fail("data-bits must be 7 or 8") }
                settings.dataBits = value == "7" ? 7 : 8
            case "stop-bits":
                guard value == "1" || value == "2" else { throw fail("stop-bits must be 1 or 2") }
                settings.stopBits = value == "2" ? 2 : 1
            case "flow":
                guard let flow = SerialSettings.FlowControl(text: value) else {
                    throw fail("flow must be none, rtscts or xonxoff")
                }
                settings.flowControl = flow
            default:
                throw fail("unknown parameter \"\(key)\"; serial takes baud, parity, data-bits, stop-bits, flow")
            }
        }
        return settings
    }

    func parseHostPort(_ body: Substring) throws(DeviceError) -> (String, UInt16) {
        var authority = body
        if authority.hasSuffix("/") { authority = authority.dropLast() }
        guard !authority.isEmpty else { throw fail("the host is missing") }
        let host: Substring
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw fail("an IPv6 host needs a closing ]") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("expected :port after the IPv6 host") }
                portText = after.dropFirst()
            }
            guard host.contains(":"),
                host.utf8.allSatisfy({ $0.isHexDigit || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { throw fail("\"\(host)\" is not an IPv6 address") }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = authority[..<colon]
                portText = authority[authority.index(after: colon)...]
            } else {
                host = authority
            }
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            let validLabel: (Substring) -> Bool = { label in
                !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                    && label.utf8.allSatisfy {
                        (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || (0x30...0x39).contains($0)
                            || $0 == UInt8(ascii: "-")
                    }
            }
            guard host.count <= 253, labels.allSatisfy(validLabel) else {
                throw fail("\"\(host)\" is not a host name or IP address")
            }
        }
        var port: UInt16 = 9100
        if let portText {
            guard let number = UInt16(portText), number > 0, String(number) == portText else {
                throw fail("the port must be a number 1…65535")
            }
            port = number
        }
        return (String(host), port)
    }
}
