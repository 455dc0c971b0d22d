/// A USB vendor and product ID pair (`idVendor:idProduct`), written as four hex digits each,
/// e.g. `04b8:0202` for an Epson TM-T88 receipt printer.
public struct USBDeviceID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let vendorID: UInt16
    public let productID: UInt16

    public init(vendorID: UInt16, productID: UInt16) {
        self.vendorID = vendorID
        self.productID = productID
    }

    /// Parses `vvvv:pppp` (hex, case-insensitive, exactly four digits each).
    public init?(text: some StringProtocol) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let vendor = USBDeviceID.hex4(parts[0]),
            let product = USBDeviceID.hex4(parts[1])
        else { return nil }
        self.init(vendorID: vendor, productID: product)
    }

    static func hex4(_ text: some StringProtocol) -> UInt16? {
        guard text.utf8.count == 4, text.utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
        return UInt16(text, radix: 16)
    }

    /// Lower-case `vvvv:pppp`.
    public var description: String { "\(Self.hex(vendorID)):\(Self.hex(productID))" }

    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    public static func < (a: USBDeviceID, b: USBDeviceID) -> Bool {
        (a.vendorID, a.productID) < (b.vendorID, b.productID)
    }
}

extension UInt8 {
    var isHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
