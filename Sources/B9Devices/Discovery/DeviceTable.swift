/// One row of the device table: which USB devices B9Terminal recognises, what they are and how
/// to talk to them by default.
public struct DeviceTableEntry: Hashable, Sendable {
    public let vendorID: UInt16
    /// nil matches every product of the vendor (used where a vendor makes only one kind of POS device).
    public let productID: UInt16?
    public let deviceClass: DeviceClass
    public let vendor: String
    public let model: String
    /// Default protocol or profile name (`escpos`, `star-line`, `keyboard-wedge`, `hid-pos`,
    /// `mt-sics`, `serial`…) the device classes start from.
    public let defaultProtocol: String

    /// True when this row matches `id`.
    public func matches(_ id: USBDeviceID) -> Bool {
        id.vendorID == vendorID && (productID == nil || productID == id.productID)
    }
}

/// The USB devices B9Terminal recognises (VID:PID → class, vendor, model, default protocol).
///
/// Sources: vendor IDs and adapter product IDs from the USB ID repository (linux-usb.org
/// `usb.ids`: 04b8 Seiko Epson, 0519 Star Micronics, 1504 Bixolon, 1d90 Citizen, 0416 Winbond,
/// 0c2e Metrologic/Honeywell, 05e0 Symbol/Zebra, 05f9 PSC/Datalogic, 0eb8 Mettler Toledo, 0403
/// FTDI, 067b Prolific, 1a86 QinHeng, 10c4 Silicon Labs) and the Linux USB-serial drivers that
/// bind them (`drivers/usb/serial/ftdi_sio_ids.h` 0403:6001/6010/6014/6015, `pl2303.h` 067b:2303,
/// `ch341.c` 1a86:7523/5523, `cp210x.c` 10c4:ea60). Epson 04b8:0202 is the USB interface of the
/// TM-T88/TM-T70 family (usb.ids "Interface Card UB-U05 … [M129C/TM-T70/TM-T88IV]"); 0416:5011 is
/// the Winbond "Virtual Com Port" chip that Xprinter POS-58/80 printers report.
///
/// CAS scales connect over RS-232 (through one of the adapters below); they have no USB ID of
/// their own and are configured by address.
public enum DeviceTable {
    public static let entries: [DeviceTableEntry] = [
        // Receipt printers
        .init(vendorID: 0x04B8, productID: 0x0202, deviceClass: .printer, vendor: "Epson",
              model: "TM-T88/TM-T70 series", defaultProtocol: "escpos"),
        .init(vendorID: 0x04B8, productID: nil, deviceClass: .printer, vendor: "Epson",
              model: "TM series", defaultProtocol: "escpos"),
        .init(vendorID: 0x0519, productID: nil, deviceClass: .printer, vendor: "Star Micronics",
              model: "TSP/mC-Print series", defaultProtocol: "escpos"),
        .init(vendorID: 0x1504, productID: nil, deviceClass: .printer, vendor: "Bixolon",
              model: "SRP series", defaultProtocol: "escpos"),
        .init(vendorID: 0x1D90, productID: nil, deviceClass: .printer, vendor: "Citizen",
              model: "CT-S series", defaultProtocol: "escpos"),
        .init(vendorID: 0x0416, productID: 0x5011, deviceClass: .printer, vendor: "Xprinter",
              model: "XP-58/XP-80 (Winbond virtual COM)", defaultProtocol: "escpos"),
        // Scanners
        .init(vendorID: 0x0C2E, productID: nil, deviceClass: .scanner, vendor: "Honeywell",
              model: "Xenon/Voyager/Hyperion", defaultProtocol: "keyboard-wedge"),
        .init(vendorID: 0x05E0, productID: nil, deviceClass: .scanner, vendor: "Zebra (Symbol)",
              model: "LS/DS series", defaultProtocol: "keyboard-wedge"),
        .init(vendorID: 0x05F9, productID: nil, deviceClass: .scanner, vendor: "Datalogic",
              model: "QuickScan/Gryphon/Magellan", defaultProtocol: "keyboard-wedge"),
        // Scales
        .init(vendorID: 0x0EB8, productID: nil, deviceClass: .scale, vendor: "Mettler Toledo",
              model: "PS/Ariva series", defaultProtocol: "mt-sics"),
        // USB-serial adapters (the device behind them is configured: scale, display, drawer…)
        .init(vendorID: 0x0403, productID: 0x6001, deviceClass: .serialAdapter, vendor: "FTDI",
              model: "FT232R", defaultProtocol: "serial"),
        .init(vendorID: 0x0403, productID: 0x6010, deviceClass: .serialAdapter, vendor: "FTDI",
              model: "FT2232", defaultProtocol: "serial"),
        .init(vendorID: 0x0403, productID: 0x6014, deviceClass: .serialAdapter, vendor: "FTDI",
              model: "FT232H", defaultProtocol: "serial"),
        .init(vendorID: 0x0403, productID: 0x6015, deviceClass: .serialAdapter, vendor: "FTDI",
              model: "FT-X series", defaultProtocol: "serial"),
        .init(vendorID: 0x067B, productID: 0x2303, deviceClass: .serialAdapter, vendor: "Prolific",
              model: "PL2303", defaultProtocol: "serial"),
        .init(vendorID: 0x1A86, productID: 0x7523, deviceClass: .serialAdapter, vendor: "QinHeng",
              model: "CH340", defaultProtocol: "serial"),
        .init(vendorID: 0x1A86, productID: 0x5523, deviceClass: .serialAdapter, vendor: "QinHeng",
              model: "CH341", defaultProtocol: "serial"),
        .init(vendorID: 0x10C4, productID: 0xEA60, deviceClass: .serialAdapter, vendor: "Silicon Labs",
              model: "CP210x", defaultProtocol: "serial"),
    ]

    /// The most specific row for `id` (an exact VID:PID row before a vendor-wide one), or nil.
    public static func lookup(_ id: USBDeviceID) -> DeviceTableEntry? {
        entries.first(where: { $0.productID == id.productID && $0.matches(id) })
            ?? entries.first(where: { $0.productID == nil && $0.matches(id) })
    }
}
