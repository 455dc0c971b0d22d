/// Print position alignment for `ESC a n` (0x1B 0x61 n): 0 left, 1 centre, 2 right.
public enum Justification: UInt8, Sendable, Hashable, CaseIterable {
    case left = 0
    case center = 1
    case right = 2
}

/// Underline thickness for `ESC - n` (0x1B 0x2D n): 0 off, 1 one dot, 2 two dots.
public enum Underline: UInt8, Sendable, Hashable, CaseIterable {
    case off = 0
    case oneDot = 1
    case twoDots = 2
}

/// Character font for `ESC M n` (0x1B 0x4D n): 0 font A (12×24 on 80 mm thermal), 1 font B (9×17).
public enum PrinterFont: UInt8, Sendable, Hashable, CaseIterable {
    case a = 0
    case b = 1
}

/// Character magnification for `GS ! n` (0x1D 0x21 n): width and height each 1…8 times.
///
/// Epson ESC/POS Command Reference, GS !: bits 4–6 select the width (n = (width − 1) × 16), bits 0–2 the
/// height (height − 1).
public struct CharacterSize: Sendable, Hashable, CustomStringConvertible {
    public let width: Int
    public let height: Int

    /// - Throws: `ESCPOSError.parameterOutOfRange` unless both factors are 1…8.
    public init(width: Int, height: Int) throws(ESCPOSError) {
        guard (1...8).contains(width), (1...8).contains(height) else {
            throw ESCPOSError(
                .parameterOutOfRange,
                "Character size \(width)×\(height) is outside 1…8 × 1…8 (GS !); use factors from 1 to 8."
            )
        }
        self.width = width
        self.height = height
    }

    private init(unchecked width: Int, _ height: Int) {
        self.width = width
        self.height = height
    }

    public static let normal = CharacterSize(unchecked: 1, 1)
    public static let doubleWidth = CharacterSize(unchecked: 2, 1)
    public static let doubleHeight = CharacterSize(unchecked: 1, 2)
    public static let double = CharacterSize(unchecked: 2, 2)

    /// The `n` byte of `GS ! n`.
    public var byte: UInt8 { UInt8((width - 1) << 4 | (height - 1)) }

    /// Decodes the `n` of `GS ! n`; bits 3 and 7 are ignored as the reference says they are undefined.
    public init(byte: UInt8) {
        self.init(unchecked: Int((byte >> 4) & 0x07) + 1, Int(byte & 0x07) + 1)
    }

    public var description: String { "\(width)×\(height)" }
}

/// Print modes of `ESC ! n` (0x1B 0x21 n), the older all-in-one style switch.
///
/// Epson ESC/POS Command Reference, ESC !: bit 0 font B, bit 3 emphasized, bit 4 double height,
/// bit 5 double width, bit 7 underline.
public struct PrintModes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fontB = PrintModes(rawValue: 0x01)
    public static let emphasized = PrintModes(rawValue: 0x08)
    public static let doubleHeight = PrintModes(rawValue: 0x10)
    public static let doubleWidth = PrintModes(rawValue: 0x20)
    public static let underline = PrintModes(rawValue: 0x80)
}

/// Paper cut for `GS V` (0x1D 0x56).
public enum CutMode: Sendable, Hashable, CaseIterable {
    /// Full cut: `GS V 0` (function A) or `GS V 65 n` (function B, feed first).
    case full
    /// Partial cut (one point left uncut): `GS V 1` or `GS V 66 n`.
    case partial
}

/// The drawer kick-out connector pin driven by `ESC p m t1 t2` (0x1B 0x70): m = 0 pin 2, m = 1 pin 5.
public enum DrawerPin: UInt8, Sendable, Hashable, CaseIterable {
    case pin2 = 0
    case pin5 = 1
}

/// One drawer kick pulse for `ESC p m t1 t2` (0x1B 0x70 m t1 t2).
///
/// Epson ESC/POS Command Reference, ESC p: the ON time is t1 × 2 ms and the OFF time t2 × 2 ms
/// (if t2 < t1 the printer uses t1 for the OFF time); t1, t2 are 0…255.
public struct DrawerPulse: Sendable, Hashable {
    public let pin: DrawerPin
    /// ON time in units of 2 ms (the `t1` byte).
    public let onTime: UInt8
    /// OFF time in units of 2 ms (the `t2` byte).
    public let offTime: UInt8

    /// - Parameters:
    ///   - onMilliseconds: 2…510 ms, rounded up to the printer's 2 ms step.
    ///   - offMilliseconds: 2…510 ms, rounded up to the 2 ms step.
    /// - Throws: `ESCPOSError.parameterOutOfRange` outside those ranges.
    public init(pin: DrawerPin, onMilliseconds: Int, offMilliseconds: Int) throws(ESCPOSError) {
        guard (1...510).contains(onMilliseconds), (1...510).contains(offMilliseconds) else {
            throw ESCPOSError(
                .parameterOutOfRange,
                "Drawer pulse \(onMilliseconds) ms on / \(offMilliseconds) ms off is outside 1…510 ms (ESC p); "
                    + "most drawers open with 100–200 ms on."
            )
        }
        self.pin = pin
        self.onTime = UInt8((onMilliseconds + 1) / 2)
        self.offTime = UInt8((offMilliseconds + 1) / 2)
    }

    /// A pulse from the raw `t1`/`t2` bytes, as read back from a stream.
    public init(pin: DrawerPin, onTime: UInt8, offTime: UInt8) {
        self.pin = pin
        self.onTime = onTime
        self.offTime = offTime
    }

    /// 100 ms on, 200 ms off on pin 2: what most drawer makers ask for.
    public static let standard = DrawerPulse(pin: .pin2, onTime: 50, offTime: 100)

    public var onMilliseconds: Int { Int(onTime) * 2 }
    public var offMilliseconds: Int { Int(offTime) * 2 }
}

/// Device selection for `ESC = n` (0x1B 0x3D n), used when a customer display is chained behind the printer.
///
/// Epson ESC/POS (DM-D pass-through): bit 0 printer, bit 1 customer display.
public enum Peripheral: UInt8, Sendable, Hashable, CaseIterable {
    case printer = 1
    case display = 2
    case printerAndDisplay = 3
}

/// What a printer reports by itself once `GS a n` (0x1D 0x61 n) enables Automatic Status Back.
///
/// Epson ESC/POS Command Reference, GS a: bit 0 drawer kick-out connector, bit 1 online/offline,
/// bit 2 errors, bit 3 roll paper sensor, bit 6 panel switch.
public struct AutomaticStatusBackEvents: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let drawer = AutomaticStatusBackEvents(rawValue: 0x01)
    public static let onlineOffline = AutomaticStatusBackEvents(rawValue: 0x02)
    public static let error = AutomaticStatusBackEvents(rawValue: 0x04)
    public static let paperRollSensor = AutomaticStatusBackEvents(rawValue: 0x08)
    public static let panelSwitch = AutomaticStatusBackEvents(rawValue: 0x40)

    /// Drawer, online/offline, error and paper: what a till wants to hear about.
    public static let all: AutomaticStatusBackEvents = [.drawer, .onlineOffline, .error, .paperRollSensor]
}
