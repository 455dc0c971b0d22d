/// Reads any ESC/POS byte stream back into a `DecodedDocument`: styled text runs, barcodes, QR codes,
/// images, cuts and drawer kicks, with unknown commands and truncation reported by offset.
///
/// Never traps on bad input: a command cut off at the end of the stream stops decoding with an issue
/// (the document so far is kept), an unknown `ESC x` / `GS x` is reported as two unknown bytes and decoding
/// continues after them. Command layouts: Epson ESC/POS Command Reference.
public struct ESCPOSDecoder: Sendable {
    public let profile: PrinterProfile

    public init(profile: PrinterProfile) {
        self.profile = profile
    }

    public func decode(_ bytes: [UInt8]) -> DecodedDocument {
        var parser = Parser(bytes: bytes, profile: profile)
        parser.run()
        return parser.document
    }
}

private struct Truncated: Error {
    let name: String
}

private struct Parser {
    let bytes: [UInt8]
    let profile: PrinterProfile
    var position = 0
    var document = DecodedDocument()
    var style = TextStyle.plain
    var justification = Justification.left
    var table: UInt8 = 0
    var pendingText: [Unicode.Scalar] = []
    var barcodeHeight: UInt8 = 162
    /// Column of the next character on the current line, in font-A normal widths.
    var lineColumn = 0
    /// Horizontal tab positions; Epson's default is every 8 characters.
    var tabStops: [Int] = Parser.defaultTabStops
    static let defaultTabStops = Array(stride(from: 8, through: 248, by: 8))
    var qrData: [UInt8]?
    /// Data of the last `GS ( k` PDF417 store (cn 48, fn 80), printed by fn 81.
    var pdf417Data: [UInt8]?

    init(bytes: [UInt8], profile: PrinterProfile) {
        self.bytes = bytes
        self.profile = profile
        self.table = profile.codePages.first?.table ?? 0
    }

    var codePage: CodePage {
        profile.codePages.first { $0.table == table }?.page
            ?? CodePage.all.first { $0.name == "PC437" } ?? .pc437
    }

    mutating func run() {
        while position < bytes.count {
            let start = position
            do {
                try step()
            } catch let truncated as Truncated {
                flushText()
                document.isTruncated = true
                document.issues.append(
                    DecodeIssue(offset: start, message: "\(truncated.name) is cut off: the stream ends inside it"))
                return
            } catch {
                return
            }
        }
        flushText()
    }

    mutating func take(_ count: Int, _ name: String) throws -> ArraySlice<UInt8> {
        guard count >= 0, position + count <= bytes.count else { throw Truncated(name: name) }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    mutating func byte(_ name: String) throws -> UInt8 {
        try take(1, name).first ?? 0
    }

    mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        var text = ""
        text.unicodeScalars.append(contentsOf: pendingText)
        pendingText.removeAll()
        document.elements.append(
            .text(TextRun(text: text, style: style, justification: justification, codePage: codePage.name)))
    }

    mutating func emit(_ element: DecodedElement) {
        flushText()
        document.elements.append(element)
    }

    mutating func restyle(_ change: (inout TextStyle) -> Void) {
        flushText()
        change(&style)
    }

    mutating func step() throws {
        let offset = position
        let first = bytes[position]
        position += 1
        switch first {
        case 0x20..<0x7F, 0x80...0xFF:
            if let scalar = codePage.scalar(for: first) {
                pendingText.append(scalar)
            } else {
                pendingText.append("\u{FFFD}")
            }
            lineColumn += style.size.width
        case ControlByte.lf:
            emit(.lineBreak)
            lineColumn = 0
        case ControlByte.cr:
            break
        case ControlByte.ht:
            if let stop = tabStops.first(where: { $0 > lineColumn }) {
                let spaces = (stop - lineColumn + style.size.width - 1) / style.size.width
                pendingText += Array(repeating: " ", count: spaces)
                lineColumn = stop
            }
        case ControlByte.esc:
            try escape(offset)
        case ControlByte.gs:
            try groupSeparator(offset)
        case ControlByte.dle:
            let command = try byte("DLE command")
            switch command {
            case ControlByte.eot, ControlByte.enq, ControlByte.dc4:
                let n = try byte("DLE command")
                if command == ControlByte.dc4 {
                    // DLE DC4 fn m t: fn 1 = real-time drawer pulse; others take two more bytes too.
                    _ = try take(2, "DLE DC4")
                    if n == 1 { emit(.control(name: "DLE DC4 (real-time pulse)", offset: offset)); return }
                }
                emit(.control(name: command == ControlByte.eot ? "DLE EOT \(n)" : "DLE \(command) \(n)", offset: offset))
            default:
                emit(.unknown(offset: offset, bytes: [first, command]))
            }
        case ControlByte.fs:
            let command = try byte("FS command")
            switch command {
            case 0x2E, 0x26:  // FS . / FS & Kanji mode off/on
                emit(.control(name: "FS \(command)", offset: offset))
            case 0x70:  // FS p n m: print NV bit image
                _ = try take(2, "FS p")
                emit(.control(name: "FS p (NV image)", offset: offset))
            default:
                emit(.unknown(offset: offset, bytes: [first, command]))
            }
        default:
            emit(.unknown(offset: offset, bytes: [first]))
        }
    }

    mutating func escape(_ offset: Int) throws {
        let command = try byte("ESC command")
        switch command {
        case 0x40:  // ESC @
            flushText()
            style = .plain
            justification = .left
            table = profile.codePages.first?.table ?? 0
            tabStops = Parser.defaultTabStops
            emit(.control(name: "ESC @", offset: offset))
        case 0x44:  // ESC D n1…nk NUL
            var stops: [Int] = []
            while true {
                let n = try byte("ESC D")
                if n == 0 { break }
                if let last = stops.last, Int(n) <= last { continue }
                stops.append(Int(n))
            }
            tabStops = Array(stops.prefix(32))
            emit(.control(name: "ESC D", offset: offset))
        case 0x21:  // ESC !
            let n = PrintModes(rawValue: try byte("ESC !"))
            restyle {
                $0.font = n.contains(.fontB) ? .b : .a
                $0.bold = n.contains(.emphasized)
                $0.underline = n.contains(.underline) ? .oneDot : .off
                $0.size = CharacterSize(
                    byte: (n.contains(.doubleWidth) ? 0x10 : 0) | (n.contains(.doubleHeight) ? 0x01 : 0))
            }
        case 0x45:  // ESC E
            let n = try byte("ESC E")
            restyle { $0.bold = n & 1 == 1 }
        case 0x47:  // ESC G double strike: shown as bold
            let n = try byte("ESC G")
            restyle { $0.bold = n & 1 == 1 }
        case 0x2D:  // ESC -
            let n = try byte("ESC -")
            restyle { $0.underline = Underline(rawValue: n % 48 > 2 ? 0 : n % 48) ?? .off }
        case 0x4D:  // ESC M
            let n = try byte("ESC M")
            restyle { $0.font = n % 48 == 1 ? .b : .a }
        case 0x61:  // ESC a
            let n = try byte("ESC a")
            flushText()
            justification = Justification(rawValue: n % 48) ?? .left
        case 0x32:
            emit(.control(name: "ESC 2", offset: offset))
        case 0x33, 0x4A, 0x20, 0x52, 0x7B, 0x56, 0x55:  // ESC 3/J/SP/R/{/V/U: one parameter
            let n = try byte("ESC \(Character(Unicode.Scalar(command)))")
            emit(.control(name: "ESC \(Character(Unicode.Scalar(command))) \(n)", offset: offset))
        case 0x64:  // ESC d n
            let n = try byte("ESC d")
            flushText()
            for _ in 0..<n { document.elements.append(.lineBreak) }
            if n > 0 { lineColumn = 0 }
        case 0x70:  // ESC p m t1 t2
            let parameters = try take(3, "ESC p")
            let values = Array(parameters)
            emit(.drawerKick(DrawerPulse(pin: values[0] % 48 == 1 ? .pin5 : .pin2, onTime: values[1], offTime: values[2])))
        case 0x3D:  // ESC =
            let n = try byte("ESC =")
            emit(.control(name: "ESC = \(n)", offset: offset))
        case 0x74:  // ESC t
            let n = try byte("ESC t")
            flushText()
            table = n
            if !profile.codePages.contains(where: { $0.table == n }) {
                document.issues.append(DecodeIssue(offset: offset, message: "ESC t \(n): code table unknown for \(profile.id); text read as PC437"))
            }
        case 0x69, 0x6D:  // ESC i / ESC m: cut
            emit(.cut(command == 0x69 ? .full : .partial))
        case 0x2A:  // ESC * m nL nH d
            let header = Array(try take(3, "ESC *"))
            guard let mode = ColumnImageMode(rawValue: header[0]) else {
                emit(.unknown(offset: offset, bytes: [ControlByte.esc, command] + header))
                return
            }
            let columns = Int(header[1]) + Int(header[2]) * 256
            let data = Array(try take(columns * mode.bytesPerColumn, "ESC * image data"))
            if columns > 0 {
                emit(.image(columnBitmap(mode: mode, columns: columns, data: data)))
            }
        case 0x63:  // ESC c 3/4/5 n
            let parameters = Array(try take(2, "ESC c"))
            emit(.control(name: "ESC c \(parameters[0])", offset: offset))
        default:
            emit(.unknown(offset: offset, bytes: [ControlByte.esc, command]))
        }
    }

    mutating func groupSeparator(_ offset: Int) throws {
        let command = try byte("GS command")
        switch command {
        case 0x21:  // GS !
            let n = try byte("GS !")
            restyle { $0.size = CharacterSize(byte: n) }
        case 0x42:  // GS B
            let n = try byte("GS B")
            restyle { $0.inverse = n & 1 == 1 }
        case 0x56:  // GS V m [n]
            let m = try byte("GS V")
            if m == 0x41 || m == 0x42 || m == 0x61 || m == 0x62 || m == 0x67 || m == 0x68 {
                _ = try byte("GS V")
            }
            emit(.cut(m == 0 || m == 0x30 || m == 0x41 || m == 0x61 || m == 0x67 ? .full : .partial))
        case 0x68:  // GS h
            barcodeHeight = try byte("GS h")
        case 0x77, 0x48, 0x66, 0x61, 0x62, 0x72, 0x49, 0x54, 0x2F:  // one-parameter settings and requests
            let n = try byte("GS \(Character(Unicode.Scalar(command)))")
            emit(.control(name: "GS \(Character(Unicode.Scalar(command))) \(n)", offset: offset))
        case 0x4C, 0x57, 0x50, 0x24, 0x5C:  // GS L / GS W / GS P / GS $ / GS \: two parameters
            _ = try take(2, "GS \(Character(Unicode.Scalar(command)))")
            emit(.control(name: "GS \(Character(Unicode.Scalar(command)))", offset: offset))
        case 0x6B:  // GS k
            let m = try byte("GS k")
            if m <= 6 {
                // Function A: data ends with NUL.
                var data: [UInt8] = []
                while true {
                    let b = try byte("GS k data")
                    if b == 0 { break }
                    data.append(b)
                }
                let symbology = BarcodeSymbology(rawValue: m + 65) ?? .code39
                emit(.barcode(Barcode(symbology: symbology, payload: data)))
            } else {
                let n = Int(try byte("GS k"))
                let data = Array(try take(n, "GS k data"))
                if let symbology = BarcodeSymbology(rawValue: m) {
                    emit(.barcode(Barcode(symbology: symbology, payload: data)))
                } else {
                    emit(.unknown(offset: offset, bytes: [ControlByte.gs, command, m, UInt8(n)] + data))
                }
            }
        case 0x76:  // GS v 0 m xL xH yL yH d
            let header = Array(try take(6, "GS v 0"))
            guard header[0] == 0x30 else {
                emit(.unknown(offset: offset, bytes: [ControlByte.gs, command, header[0]]))
                position -= 5
                return
            }
            let bytesPerRow = Int(header[2]) + Int(header[3]) * 256
            let rows = Int(header[4]) + Int(header[5]) * 256
            let data = Array(try take(bytesPerRow * rows, "GS v 0 image data"))
            if bytesPerRow > 0, rows > 0,
                let bitmap = try? MonochromeBitmap(width: bytesPerRow * 8, height: rows, packed: data)
            {
                emit(.image(bitmap))
            } else {
                document.issues.append(DecodeIssue(offset: offset, message: "GS v 0 with an empty image"))
            }
        case 0x28:  // GS ( x pL pH …
            let function = try byte("GS (")
            let lengthBytes = Array(try take(2, "GS ( length"))
            let length = Int(lengthBytes[0]) + Int(lengthBytes[1]) * 256
            let body = Array(try take(length, "GS ( data"))
            if function == 0x6B {
                twoDimensionalCode(body, offset: offset)
            } else {
                emit(.control(name: "GS ( \(Character(Unicode.Scalar(function)))", offset: offset))
            }
        default:
            emit(.unknown(offset: offset, bytes: [ControlByte.gs, command]))
        }
    }

    mutating func twoDimensionalCode(_ body: [UInt8], offset: Int) {
        guard body.count >= 2 else {
            document.issues.append(DecodeIssue(offset: offset, message: "GS ( k too short"))
            return
        }
        let cn = body[0]
        let fn = body[1]
        if cn == 0x30 {
            pdf417(fn: fn, body: body, offset: offset)
            return
        }
        guard cn == 0x31 else {
            emit(.control(name: "GS ( k cn=\(cn) fn=\(fn)", offset: offset))
            return
        }
        switch fn {
        case 0x50:  // store
            qrData = Array(body.dropFirst(3))
        case 0x51:  // print
            if let data = qrData {
                emit(.qrCode(data: data))
            } else {
                document.issues.append(DecodeIssue(offset: offset, message: "QR print without stored data"))
            }
        default:
            break  // model, size, error correction: settings only
        }
    }

    /// `GS ( k` cn = 48 (PDF417): fn 80 stores the data, fn 81 prints it; 65–70 are settings.
    mutating func pdf417(fn: UInt8, body: [UInt8], offset: Int) {
        switch fn {
        case 0x50:  // store: m = 48, then the data
            pdf417Data = Array(body.dropFirst(3))
        case 0x51:  // print
            if let data = pdf417Data {
                emit(.pdf417(data: data))
            } else {
                document.issues.append(DecodeIssue(offset: offset, message: "PDF417 print without stored data"))
            }
        case 0x41...0x46, 0x52:
            break  // columns, rows, module width, row height, error correction, options, size request
        default:
            emit(.control(name: "GS ( k cn=48 fn=\(fn)", offset: offset))
        }
    }

    func columnBitmap(mode: ColumnImageMode, columns: Int, data: [UInt8]) -> MonochromeBitmap {
        let dots = mode.dotsPerColumn
        guard var bitmap = try? MonochromeBitmap(width: columns, height: dots) else { return .single }
        for x in 0..<columns {
            for dy in 0..<dots where data[x * mode.bytesPerColumn + dy / 8] & (0x80 >> UInt8(dy % 8)) != 0 {
                bitmap[x, dy] = true
            }
        }
        return bitmap
    }
}
