/// The POS role a device plays: what B9Terminal does with it.
public struct DeviceClass: Hashable, Sendable, Comparable, CustomStringConvertible {
    private let name: String
    private init(_ name: String) { self.name = name }

    public static let printer = DeviceClass("printer")
    public static let scanner = DeviceClass("scanner")
    public static let scale = DeviceClass("scale")
    public static let drawer = DeviceClass("drawer")
    public static let display = DeviceClass("display")
    /// A USB-serial adapter: the device behind it (scale, display, drawer, scanner) is configured.
    public static let serialAdapter = DeviceClass("serial")

    public static let all: [DeviceClass] = [.printer, .scanner, .scale, .drawer, .display, .serialAdapter]

    /// Parses the name used in configuration, udev symlinks and JSON (`printer`, `scanner`, …).
    public init?(name: String) {
        guard let match = DeviceClass.all.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    public var description: String { name }
    public static func < (a: DeviceClass, b: DeviceClass) -> Bool { a.name < b.name }
}
