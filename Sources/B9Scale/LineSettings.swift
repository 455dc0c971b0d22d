/// Serial line settings a protocol declares and the device layer applies to the port (termios).
public struct LineSettings: Hashable, Sendable, CustomStringConvertible {
    /// Character parity.
    public enum Parity: String, Sendable, Hashable, CaseIterable {
        case none, even, odd
    }

    /// Bits per second (300…115200).
    public var baudRate: Int
    /// 7 or 8.
    public var dataBits: Int
    public var parity: Parity
    /// 1 or 2.
    public var stopBits: Int

    /// - Throws: `ScaleError.invalidLineSettings` for values a UART cannot do.
    public init(baudRate: Int, dataBits: Int, parity: Parity, stopBits: Int) throws(ScaleError) {
        guard Self.baudRates.contains(baudRate) else {
            throw ScaleError(
                .invalidLineSettings,
                "Baud rate \(baudRate) is not supported; use one of \(Self.baudRates.map(String.init).joined(separator: ", ")).")
        }
        guard dataBits == 7 || dataBits == 8 else {
            throw ScaleError(.invalidLineSettings, "Data bits must be 7 or 8, not \(dataBits).")
        }
        guard stopBits == 1 || stopBits == 2 else {
            throw ScaleError(.invalidLineSettings, "Stop bits must be 1 or 2, not \(stopBits).")
        }
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
    }

    init(unchecked baudRate: Int, _ dataBits: Int, _ parity: Parity, _ stopBits: Int) {
        self.baudRate = baudRate
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
    }

    /// The baud rates scales use.
    public static let baudRates = [300, 600, 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200]

    /// `9600 7E1` style.
    public var description: String {
        let p: String = switch parity {
        case .none: "N"
        case .even: "E"
        case .odd: "O"
        }
        return "\(baudRate) \(dataBits)\(p)\(stopBits)"
    }
}
