/// Line settings of a serial port: speed, frame and flow control.
///
/// These are what the `serial://` address carries in its query
/// (`baud=19200&parity=none&data-bits=8&stop-bits=1&flow=none`) and what ``SerialPort`` applies
/// through termios. Defaults are 9600 8N1 without flow control, the factory setting of most
/// receipt printers, pole displays and drawer boxes.
public struct SerialSettings: Hashable, Sendable, CustomStringConvertible {
    /// Line speed in bits per second. Only the standard rates 1200…115200 are accepted.
    public struct BaudRate: Hashable, Sendable, Comparable, CustomStringConvertible {
        /// Bits per second.
        public let bitsPerSecond: Int
        private init(unchecked value: Int) { bitsPerSecond = value }

        /// The rates B9Terminal supports (termios `B1200` … `B115200`).
        public static let supported: [BaudRate] = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115_200]
            .map { BaudRate(unchecked: $0) }

        /// Returns the rate, or nil when `bitsPerSecond` is not one of ``supported``.
        public init?(_ bitsPerSecond: Int) {
            guard BaudRate.supported.contains(where: { $0.bitsPerSecond == bitsPerSecond }) else { return nil }
            self.bitsPerSecond = bitsPerSecond
        }

        public static let b1200 = BaudRate(unchecked: 1200)
        public static let b2400 = BaudRate(unchecked: 2400)
        public static let b4800 = BaudRate(unchecked: 4800)
        public static let b9600 = BaudRate(unchecked: 9600)
        public static let b19200 = BaudRate(unchecked: 19200)
        public static let b38400 = BaudRate(unchecked: 38400)
        public static let b57600 = BaudRate(unchecked: 57600)
        public static let b115200 = BaudRate(unchecked: 115_200)

        public var description: String { String(bitsPerSecond) }
        public static func < (a: BaudRate, b: BaudRate) -> Bool { a.bitsPerSecond < b.bitsPerSecond }
    }

    /// Parity bit: none, even or odd (termios `PARENB`, `PARODD`).
    public struct Parity: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let none = Parity("none")
        public static let even = Parity("even")
        public static let odd = Parity("odd")
        /// All parities, in address spelling.
        public static let all: [Parity] = [.none, .even, .odd]
        /// Parses the address spelling (`none`, `even`, `odd`, or `n`/`e`/`o`).
        public init?(text: String) {
            switch text.lowercased() {
            case "none", "n": self = .none
            case "even", "e": self = .even
            case "odd", "o": self = .odd
            default: return nil
            }
        }
        public var description: String { name }
    }

    /// Flow control: none, hardware RTS/CTS (termios `CRTSCTS`) or software XON/XOFF
    /// (`IXON | IXOFF`, DC1 0x11 / DC3 0x13).
    public struct FlowControl: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        public static let none = FlowControl("none")
        public static let rtsCts = FlowControl("rtscts")
        public static let xonXoff = FlowControl("xonxoff")
        /// All flow controls, in address spelling.
        public static let all: [FlowControl] = [.none, .rtsCts, .xonXoff]
        /// Parses the address spelling (`none`, `rtscts`, `xonxoff`).
        public init?(text: String) {
            switch text.lowercased() {
            case "none": self = .none
            case "rtscts", "rts/cts", "hardware": self = .rtsCts
            case "xonxoff", "xon/xoff", "software": self = .xonXoff
            default: return nil
            }
        }
        public var description: String { name }
    }

    public var baudRate: BaudRate
    /// 7 or 8.
    public var dataBits: Int
    public var parity: Parity
    /// 1 or 2.
    public var stopBits: Int
    public var flowControl: FlowControl

    /// 9600 8N1, no flow control.
    public static let `default` = SerialSettings()

    /// Creates settings; throws ``DeviceError/Code/invalidConfiguration`` for data bits other than
    /// 7/8 or stop bits other than 1/2.
    public init(
        baudRate: BaudRate = .b9600,
        dataBits: Int = 8,
        parity: Parity = .none,
        stopBits: Int = 1,
        flowControl: FlowControl = .none
    ) {
        self.baudRate = baudRate
        self.dataBits = dataBits == 7 ? 7 : 8
        self.parity = parity
        self.stopBits = stopBits == 2 ? 2 : 1
        self.flowControl = flowControl
    }

    /// Short form such as `9600 8N1 none`.
    public var description: String {
        let p = parity == .none ? "N" : (parity == .even ? "E" : "O")
        return "\(baudRate) \(dataBits)\(p)\(stopBits) \(flowControl)"
    }
}
