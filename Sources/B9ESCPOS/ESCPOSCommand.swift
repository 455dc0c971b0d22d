public import NIOCore

/// One ESC/POS command as a value: what the printer is told to do, encoded to its exact bytes by `encode`.
///
/// Byte layouts follow the Epson ESC/POS Command Reference (TM series); every case names its command and
/// hex bytes. Parameters with a limited range come in as validated types (`CharacterSize`, `DrawerPulse`,
/// `Barcode`, `MonochromeBitmap`, …), so a command value always encodes to a valid byte sequence.
public enum ESCPOSCommand: Sendable, Hashable {
    /// `ESC @` (0x1B 0x40): clear the print buffer and reset modes to the power-on state.
    case initialize
    /// Printable bytes already in the selected code page (never control codes; see `TextEncoder`).
    case text([UInt8])
    /// `LF` (0x0A): print the buffer and feed one line.
    case lineFeed
    /// `HT` (0x09): move to the next horizontal tab position.
    case horizontalTab
    /// `ESC D n1…nk NUL` (0x1B 0x44 … 0x00): tab positions at these columns (ascending, 1…255, at most 32),
    /// counted in character widths from the start of the line.
    case tabPositions([UInt8])
    /// `ESC ! n` (0x1B 0x21 n): font B, emphasized, double height/width, underline in one byte.
    case printModes(PrintModes)
    /// `ESC E n` (0x1B 0x45 n): emphasized (bold) on/off.
    case emphasis(Bool)
    /// `ESC - n` (0x1B 0x2D n): underline off, 1 dot or 2 dots.
    case underline(Underline)
    /// `GS ! n` (0x1D 0x21 n): character width and height magnification.
    case characterSize(CharacterSize)
    /// `GS B n` (0x1D 0x42 n): white-on-black (reverse) printing on/off.
    case reverse(Bool)
    /// `ESC M n` (0x1B 0x4D n): font A or B.
    case font(PrinterFont)
    /// `ESC a n` (0x1B 0x61 n): left, centre or right alignment (takes effect at the start of a line).
    case justification(Justification)
    /// `ESC 2` (0x1B 0x32): default line spacing (about 1/6 inch).
    case defaultLineSpacing
    /// `ESC 3 n` (0x1B 0x33 n): line spacing of n motion units (dots on most thermal printers).
    case lineSpacing(UInt8)
    /// `ESC d n` (0x1B 0x64 n): print and feed n lines.
    case feedLines(UInt8)
    /// `ESC J n` (0x1B 0x4A n): print and feed n motion units.
    case feedDots(UInt8)
    /// `GS V m` (0x1D 0x56 m, m = 0 full / 1 partial): cut at the current position.
    case cut(CutMode)
    /// `GS V m n` (0x1D 0x56 m n, m = 65 full / 66 partial): feed to the cutter plus n units, then cut.
    case feedAndCut(CutMode, feed: UInt8)
    /// `ESC p m t1 t2` (0x1B 0x70 m t1 t2): pulse a drawer kick-out pin.
    case drawerKick(DrawerPulse)
    /// `ESC = n` (0x1B 0x3D n): route following data to the printer, the chained display, or both.
    case selectPeripheral(Peripheral)
    /// `ESC t n` (0x1B 0x74 n): select character code table n (numbers vary per model; see `PrinterProfile`).
    case selectCodeTable(UInt8)
    /// `DLE EOT n` (0x10 0x04 n): ask for one real-time status byte.
    case realTimeStatusRequest(StatusRequest)
    /// `GS a n` (0x1D 0x61 n): enable Automatic Status Back for the given events (empty disables it).
    case automaticStatusBack(AutomaticStatusBackEvents)
    /// `GS h n` (0x1D 0x68 n): barcode height in dots, 1…255.
    case barcodeHeight(UInt8)
    /// `GS w n` (0x1D 0x77 n): barcode module width in dots, 2…6.
    case barcodeModuleWidth(UInt8)
    /// `GS H n` (0x1D 0x48 n): where the human-readable text goes.
    case barcodeTextPosition(BarcodeTextPosition)
    /// `GS f n` (0x1D 0x66 n): font of the human-readable text.
    case barcodeTextFont(PrinterFont)
    /// `GS k m n d1…dn` (0x1D 0x6B m n …, function B, m = 65…73): print a barcode.
    case barcode(Barcode)
    /// `GS ( k` (0x1D 0x28 0x6B) QR function 165, 167, 169, 180 and 181 in one go: model 2, module size,
    /// error correction, store data, print.
    case qrCode(QRCode)
    /// `GS ( k` (0x1D 0x28 0x6B) PDF417 functions 065–070, 080 and 081 in one go: columns, rows, module
    /// width, row height, error correction, standard/truncated, store data, print.
    case pdf417(PDF417)
    /// `GS v 0 m xL xH yL yH d…` (0x1D 0x76 0x30 0 …): print one band of raster image.
    case rasterImage(MonochromeBitmap)
    /// `ESC * m nL nH d…` (0x1B 0x2A m …): print one row of bit image in column format, for printers
    /// without `GS v 0` (impact printers such as TM-U220). Follow it with a feed of the band's height.
    case columnImage(ColumnImageBand)
    /// Bytes sent as they are (for example text for a customer display after `ESC = 2`).
    case raw([UInt8])

    /// Appends the command's bytes.
    public func encode(into bytes: inout [UInt8]) {
        switch self {
        case .initialize:
            bytes.put(ControlByte.esc, 0x40)
        case .text(let text):
            bytes += text
        case .lineFeed:
            bytes.append(ControlByte.lf)
        case .horizontalTab:
            bytes.append(ControlByte.ht)
        case .tabPositions(let columns):
            bytes.put(ControlByte.esc, 0x44)
            bytes += columns
            bytes.append(ControlByte.nul)
        case .printModes(let modes):
            bytes.put(ControlByte.esc, 0x21, modes.rawValue)
        case .emphasis(let on):
            bytes.put(ControlByte.esc, 0x45, on ? 1 : 0)
        case .underline(let mode):
            bytes.put(ControlByte.esc, 0x2D, mode.rawValue)
        case .characterSize(let size):
            bytes.put(ControlByte.gs, 0x21, size.byte)
        case .reverse(let on):
            bytes.put(ControlByte.gs, 0x42, on ? 1 : 0)
        case .font(let font):
            bytes.put(ControlByte.esc, 0x4D, font.rawValue)
        case .justification(let justification):
            bytes.put(ControlByte.esc, 0x61, justification.rawValue)
        case .defaultLineSpacing:
            bytes.put(ControlByte.esc, 0x32)
        case .lineSpacing(let units):
            bytes.put(ControlByte.esc, 0x33, units)
        case .feedLines(let lines):
            bytes.put(ControlByte.esc, 0x64, lines)
        case .feedDots(let units):
            bytes.put(ControlByte.esc, 0x4A, units)
        case .cut(let mode):
            bytes.put(ControlByte.gs, 0x56, mode == .full ? 0x00 : 0x01)
        case .feedAndCut(let mode, let feed):
            bytes.put(ControlByte.gs, 0x56, mode == .full ? 0x41 : 0x42, feed)
        case .drawerKick(let pulse):
            bytes.put(ControlByte.esc, 0x70, pulse.pin.rawValue, pulse.onTime, pulse.offTime)
        case .selectPeripheral(let peripheral):
            bytes.put(ControlByte.esc, 0x3D, peripheral.rawValue)
        case .selectCodeTable(let n):
            bytes.put(ControlByte.esc, 0x74, n)
        case .realTimeStatusRequest(let request):
            bytes.put(ControlByte.dle, ControlByte.eot, request.rawValue)
        case .automaticStatusBack(let events):
            bytes.put(ControlByte.gs, 0x61, events.rawValue)
        case .barcodeHeight(let dots):
            bytes.put(ControlByte.gs, 0x68, dots)
        case .barcodeModuleWidth(let dots):
            bytes.put(ControlByte.gs, 0x77, dots)
        case .barcodeTextPosition(let position):
            bytes.put(ControlByte.gs, 0x48, position.rawValue)
        case .barcodeTextFont(let font):
            bytes.put(ControlByte.gs, 0x66, font.rawValue)
        case .barcode(let barcode):
            barcode.encode(into: &bytes)
        case .qrCode(let qr):
            qr.encodeNative(into: &bytes)
        case .pdf417(let symbol):
            symbol.encodeNative(into: &bytes)
        case .rasterImage(let bitmap):
            bitmap.encodeRaster(into: &bytes)
        case .columnImage(let band):
            band.encode(into: &bytes)
        case .raw(let raw):
            bytes += raw
        }
    }

    /// The command's bytes.
    public var bytes: [UInt8] {
        var bytes: [UInt8] = []
        encode(into: &bytes)
        return bytes
    }

    /// Writes the command's bytes to a NIO buffer.
    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeBytes(bytes)
    }
}

extension Sequence<ESCPOSCommand> {
    /// The bytes of all commands, in order.
    public var encodedBytes: [UInt8] {
        var bytes: [UInt8] = []
        for command in self { command.encode(into: &bytes) }
        return bytes
    }
}

extension [UInt8] {
    /// Appends `count` copies of `byte` (padding, dividers, tabs) with one fill and one copy, not byte by byte.
    mutating func append(repeating byte: UInt8, count: Int) {
        guard count > 0 else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { bytes in
            bytes.initialize(repeating: byte)
            append(contentsOf: UnsafeBufferPointer(bytes))
        }
    }

    // Appending a few bytes without building a temporary array (encoding runs per receipt line).
    @inline(__always) mutating func put(_ a: UInt8, _ b: UInt8) {
        append(a)
        append(b)
    }
    @inline(__always) mutating func put(_ a: UInt8, _ b: UInt8, _ c: UInt8) {
        append(a)
        append(b)
        append(c)
    }
    @inline(__always) mutating func put(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        append(a)
        append(b)
        append(c)
        append(d)
    }
    @inline(__always) mutating func put(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8, _ e: UInt8) {
        append(a)
        append(b)
        append(c)
        append(d)
        append(e)
    }

    /// `GS ( k pL pH cn fn` and up to one more byte (0x1D 0x28 0x6B …): the head of a 2D symbol function.
    @inline(__always) mutating func gsParenK(_ pL: UInt8, _ pH: UInt8, _ cn: UInt8, _ fn: UInt8, _ m: UInt8? = nil) {
        put(ControlByte.gs, 0x28, 0x6B)
        put(pL, pH, cn, fn)
        if let m { append(m) }
    }
}
