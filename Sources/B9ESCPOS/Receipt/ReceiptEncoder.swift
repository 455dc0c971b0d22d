/// The bytes of a receipt for one printer model, with everything that could not be printed as asked.
public struct EncodedReceipt: Sendable, Hashable {
    /// The complete byte stream, starting with `ESC @`.
    public let bytes: [UInt8]
    /// The commands the bytes came from, in order. The encoder writes bytes without building command values,
    /// so they are made on demand by encoding the document again as commands.
    public var commands: [ESCPOSCommand] {
        // The same document and encoder encoded without an error the first time.
        (try? encoder.commands(for: document)) ?? []
    }
    let document: ReceiptDocument
    let encoder: ReceiptEncoder
    /// Text no code page of the profile could show (left blank on paper). Print it another way or warn.
    public let unencodable: [UnencodableText]
    /// Substitutions made because the model lacks a feature (for example a barcode printed as its text).
    public let substitutions: [String]
    /// Text printed as raster by the encoder's `TextRasterizer` because no code page could show it.
    public let rasterText: [String]

    /// Receipts are equal when they send the same bytes and report the same things.
    public static func == (lhs: EncodedReceipt, rhs: EncodedReceipt) -> Bool {
        lhs.bytes == rhs.bytes && lhs.unencodable == rhs.unencodable && lhs.substitutions == rhs.substitutions
            && lhs.rasterText == rhs.rasterText
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes)
        hasher.combine(unencodable)
        hasher.combine(substitutions)
        hasher.combine(rasterText)
    }
}

/// Turns a `ReceiptDocument` into the commands and bytes for a `PrinterProfile`.
///
/// Uses the model's features where it has them and falls back where it does not: QR codes as images on
/// models without `GS ( k`, images as `ESC *` columns on models without `GS v 0`, barcodes as text on models
/// without the symbology; cuts are left out on models without a cutter.
///
/// With a `TextRasterizer`, text no code page of the profile can show (Bengali, the taka sign, …) is drawn
/// as a raster band of the full paper width in the same place, alignment and column grid instead of being
/// reported as `unencodable`; every line the code pages can show stays native text.
public struct ReceiptEncoder: Sendable {
    public let profile: PrinterProfile
    public let rasterizer: (any TextRasterizer)?

    public init(profile: PrinterProfile, rasterizer: (any TextRasterizer)? = nil) {
        self.profile = profile
        self.rasterizer = rasterizer
    }

    /// Encodes the document.
    /// - Throws: `ESCPOSError` when an image is wider than the paper or a QR code cannot be drawn.
    public func encode(_ document: ReceiptDocument) throws(ESCPOSError) -> EncodedReceipt {
        var state = EncoderState(profile: profile, rasterizer: rasterizer, sink: ByteSink())
        try state.append(document)
        return EncodedReceipt(
            bytes: TabCompressor.write(state.commands, lines: state.tabLines, runs: state.tabRuns),
            document: document, encoder: self, unencodable: state.unencodable,
            substitutions: state.substitutions, rasterText: state.rasterText
        )
    }

    /// The document's commands as values, as `encode` writes them as bytes.
    func commands(for document: ReceiptDocument) throws(ESCPOSError) -> [ESCPOSCommand] {
        var state = EncoderState(profile: profile, rasterizer: rasterizer, sink: CommandBuffer())
        try state.append(document)
        return TabCompressor.compress(state.commands, lines: state.tabLines, runs: state.tabRuns).commands
    }
}

/// The printer state the encoder has set so far, so it only sends what changes.
struct EncoderState<Sink: CommandSink> {
    let profile: PrinterProfile
    let rasterizer: (any TextRasterizer)?
    /// Whether text no code page can show may be drawn as raster (a rasterizer is set).
    var hasRasterizer: Bool { rasterizer != nil }
    var rasterText: [String] = []
    var commands: Sink
    var unencodable: [UnencodableText] = []
    var substitutions: [String] = []
    var textEncoder: TextEncoder
    var style = TextStyle.plain
    var justification = Justification.left
    /// Characters already given to the text encoder, so reported offsets count from the document start.
    var textOffset = 0
    /// Lines whose padding `TabCompressor` may turn into tabs.
    var tabLines: [TabCompressor.Line] = []
    /// The runs of spaces of all `tabLines`, one after the other.
    var tabRuns: [TabCompressor.Run] = []

    /// Tab positions count font-A character widths at normal size from the left margin.
    var tabsApply: Bool { style.size == .normal && style.font == .a && justification == .left }

    init(profile: PrinterProfile, rasterizer: (any TextRasterizer)?, sink: Sink) {
        self.profile = profile
        self.rasterizer = rasterizer
        self.commands = sink
        self.textEncoder = TextEncoder(slots: profile.codePages)
        // Room for a long receipt's padded lines, so recording them rarely grows the arrays.
        tabLines.reserveCapacity(48)
        tabRuns.reserveCapacity(96)
    }

    /// `ESC @`, then every element.
    mutating func append(_ document: ReceiptDocument) throws(ESCPOSError) {
        commands.append(.initialize)
        for element in document.elements {
            try append(element)
        }
    }

    func lineWidth(for style: TextStyle) -> Int {
        max(1, profile.columns(for: style.font) / style.size.width)
    }

    mutating func setStyle(_ new: TextStyle) {
        if new.font != style.font { commands.append(.font(new.font)) }
        if new.bold != style.bold { commands.append(.emphasis(new.bold)) }
        if new.underline != style.underline { commands.append(.underline(new.underline)) }
        if new.size != style.size { commands.append(.characterSize(new.size)) }
        if new.inverse != style.inverse, profile.capabilities.contains(.reversePrinting) {
            commands.append(.reverse(new.inverse))
        }
        style = new
    }

    mutating func setJustification(_ new: Justification) {
        if new != justification { commands.append(.justification(new)) }
        justification = new
    }

    /// Prints a row of columns, through the byte-level fast path when it applies.
    mutating func printColumns(_ columns: UnsafeBufferPointer<ReceiptColumn>, width: Int) {
        let start = commands.text.count
        let firstRun = tabRuns.count
        // The layout knows where it put each text, so it gives the line's runs of spaces as it writes it.
        var noRuns = RunCollectorDiscard()
        let fits =
            tabsApply
            ? LineLayout.singleLineASCII(columns, width: width, into: &commands.text, runs: &tabRuns)
            : LineLayout.singleLineASCII(columns, width: width, into: &commands.text, runs: &noRuns)
        if fits {
            let count = commands.text.count - start
            if count > 0 {
                if tabsApply {
                    if tabRuns.count > firstRun {
                        tabLines.append(
                            TabCompressor.Line(
                                first: commands.count, end: commands.count + 1, firstRun: firstRun,
                                endRun: tabRuns.count))
                    }
                }
                commands.closeText(from: start)
            }
            commands.append(.lineFeed)
            textOffset += count + 1
            return
        }
        if let line = LineLayout.singleLineLatin(columns, width: width) {
            printLine(line, padded: true)
            return
        }
        for line in LineLayout.columns(Array(columns), width: width) { printLine(line, padded: true) }
    }

    /// Prints one line; `padded` lines (columns) may have their padding turned into tabs.
    mutating func printLine(_ line: String, padded: Bool = false) {
        let first = commands.count
        let missing = textEncoder.encode(line, into: &commands)
        if !missing.isEmpty {
            unencodable += missing.map { UnencodableText(text: $0.text, offset: $0.offset + textOffset) }
        }
        let shape = UTF8Shape(line)
        let characters = shape.isASCII ? shape.bytes : shape.scalarsAreCharacters ? shape.scalars : line.count
        textOffset += characters + 1
        // Only where every character is one column, so characters and columns line up.
        if padded, tabsApply, missing.isEmpty {
            let firstRun = tabRuns.count
            if shape.isASCII {
                TabCompressor.appendRuns(in: line.utf8, to: &tabRuns)
            } else if DisplayWidth.of(line) != characters {
                // Columns and characters differ: no tabs.
            } else if shape.scalarsAreCharacters {
                // One scalar per column: a scalar's first UTF-8 byte is a space or stands for its character.
                let utf8 = line.utf8
                if utf8.withContiguousStorageIfAvailable({ bytes in
                    TabCompressor.appendRuns(in: bytes.lazy.filter { $0 & 0xC0 != 0x80 }, to: &tabRuns)
                }) == nil {
                    TabCompressor.appendRuns(in: utf8.lazy.filter { $0 & 0xC0 != 0x80 }, to: &tabRuns)
                }
            } else {
                // One byte per column: spaces stay spaces, anything else becomes a placeholder.
                TabCompressor.appendRuns(in: line.lazy.map { $0 == " " ? UInt8(0x20) : UInt8(0x2A) }, to: &tabRuns)
            }
            if tabRuns.count > firstRun {
                tabLines.append(
                    TabCompressor.Line(first: first, end: commands.count, firstRun: firstRun, endRun: tabRuns.count))
            }
        }
        commands.append(.lineFeed)
    }

    mutating func append(_ element: ReceiptElement) throws(ESCPOSError) {
        switch element {
        case .text(let text, let textStyle, let alignment):
            if hasRasterizer, let rasterizer = rasterizerNeeded(for: [text]) {
                try appendRaster(
                    RasterTextLayout.textLines(
                        text, style: textStyle, alignment: alignment, profile: profile, rasterizer: rasterizer),
                    rasterizer: rasterizer, text: text)
                return
            }
            setStyle(textStyle)
            setJustification(alignment)
            let width = lineWidth(for: textStyle)
            if LineLayout.isOneLine(text, width: width) {
                printLine(text)
            } else {
                for line in LineLayout.wrap(text, width: width) { printLine(line) }
            }
        case .columns(let columns, let textStyle):
            if try appendRasterColumns(columns, style: textStyle) { return }
            setStyle(textStyle)
            setJustification(.left)
            let width = lineWidth(for: textStyle)
            columns.withUnsafeBufferPointer { printColumns($0, width: width) }
        case .keyValue(let key, let value, let textStyle):
            setStyle(textStyle)
            setJustification(.left)
            if hasRasterizer, try appendRasterColumns(LabelValueRow.columns(key, value), style: textStyle) { return }
            let width = lineWidth(for: textStyle)
            LabelValueRow.with(key, value) { printColumns($0, width: width) }
        case .divider(let character):
            setStyle(.plain)
            setJustification(.left)
            let count = lineWidth(for: .plain) / max(1, DisplayWidth.of(character))
            if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
                commands.appendText(repeating: ascii, count: count)
                commands.append(.lineFeed)
                textOffset += count + 1
            } else {
                let line = String(repeating: String(character), count: count)
                if let rasterizer = rasterizerNeeded(for: [line]) {
                    // As many as fit the paper when drawn, not as many columns.
                    let each = max(1, try rasterizer.width(of: String(character), style: .plain))
                    let drawn = String(repeating: String(character), count: max(1, profile.dotsPerLine / each))
                    let lines = try RasterTextLayout.textLines(
                        drawn, style: .plain, alignment: .left, profile: profile, rasterizer: rasterizer)
                    try appendRaster(lines, rasterizer: rasterizer, text: drawn)
                } else {
                    printLine(line)
                }
            }
        case .totals(let lines):
            setJustification(.left)
            for line in lines {
                let lineStyle: TextStyle = line.isGrandTotal ? TextStyle(bold: true, size: .doubleHeight) : .plain
                if hasRasterizer,
                    try appendRasterColumns(LabelValueRow.columns(line.label, line.amount), style: lineStyle)
                {
                    continue
                }
                setJustification(.left)
                setStyle(lineStyle)
                let width = lineWidth(for: lineStyle)
                LabelValueRow.with(line.label, line.amount) { printColumns($0, width: width) }
            }
            setStyle(.plain)
        case .barcode(let barcode, let height, let position):
            setStyle(.plain)
            setJustification(.center)
            if profile.barcodes.contains(barcode.symbology) {
                commands += [.barcodeHeight(max(1, height)), .barcodeModuleWidth(2), .barcodeTextPosition(position)]
                commands.append(.barcode(barcode))
                commands.append(.lineFeed)
            } else {
                substitutions.append("\(barcode.symbology) barcode printed as text (not supported by \(profile.id))")
                printLine(barcode.content)
            }
        case .qrCode(let qr):
            setStyle(.plain)
            setJustification(.center)
            if profile.capabilities.contains(.nativeQRCode) {
                commands.append(.qrCode(qr))
                commands.append(.lineFeed)
            } else {
                var bitmap = try qr.bitmap()
                if bitmap.width > profile.dotsPerLine {
                    let smaller = try QRCode(
                        data: qr.data, moduleSize: max(1, Int(qr.moduleSize) * profile.dotsPerLine / bitmap.width),
                        errorCorrection: qr.errorCorrection
                    )
                    bitmap = try smaller.bitmap()
                }
                substitutions.append("QR code printed as an image (no GS ( k on \(profile.id))")
                try appendImage(bitmap)
            }
        case .pdf417(let symbol):
            setStyle(.plain)
            setJustification(.center)
            if profile.capabilities.contains(.nativePDF417) {
                commands.append(.pdf417(symbol))
                commands.append(.lineFeed)
            } else {
                var bitmap = try symbol.bitmap()
                var moduleWidth = Int(symbol.moduleWidth)
                while bitmap.width > profile.dotsPerLine, moduleWidth > 1 {
                    // Narrower modules (down to one dot) before giving up: the symbol keeps its shape.
                    moduleWidth -= 1
                    bitmap = try PDF417(unchecked: symbol, moduleWidth: UInt8(moduleWidth)).bitmap()
                }
                substitutions.append("PDF417 printed as an image (no GS ( k PDF417 on \(profile.id))")
                try appendImage(bitmap)
            }
        case .image(let bitmap):
            setStyle(.plain)
            setJustification(.center)
            try appendImage(bitmap)
        case .feed(let lines):
            var left = max(0, lines)
            while left > 0 {
                let step = min(left, 255)
                commands.append(.feedLines(UInt8(step)))
                left -= step
            }
        case .cut(let mode):
            if profile.capabilities.contains(.cutter) {
                let actual: CutMode = profile.capabilities.contains(.partialCut) ? mode : .full
                commands.append(.feedAndCut(actual, feed: 3))
            } else {
                commands.append(.feedLines(4))
                substitutions.append("cut left out (\(profile.id) has no cutter); paper fed to the tear bar")
            }
        case .drawerKick(let pulse):
            if profile.capabilities.contains(.drawerKick) {
                commands.append(.drawerKick(pulse))
            } else {
                substitutions.append("drawer kick left out (\(profile.id) has no drawer connector)")
            }
        }
    }

    /// The rasterizer, when one is set, the profile prints images and some of `texts` has no code page.
    func rasterizerNeeded(for texts: [String]) -> (any TextRasterizer)? {
        guard let rasterizer else { return nil }
        guard profile.capabilities.contains(.rasterImage) || profile.capabilities.contains(.columnImage)
        else { return nil }
        let printable = texts.allSatisfy { text in textEncoder.canEncode(text.filter { $0 != "\n" }) }
        return printable ? nil : rasterizer
    }

    /// Prints a column row as raster when some of its text has no code page; returns whether it did.
    mutating func appendRasterColumns(_ columns: [ReceiptColumn], style: TextStyle) throws(ESCPOSError) -> Bool {
        guard hasRasterizer, let rasterizer = rasterizerNeeded(for: columns.map(\.text)) else { return false }
        let lines = try RasterTextLayout.columnLines(columns, style: style, profile: profile, rasterizer: rasterizer)
        try appendRaster(lines, rasterizer: rasterizer, text: columns.map(\.text).joined(separator: " "))
        return true
    }

    /// Draws `lines` one under the other into one bitmap of the paper width and prints it as an image
    /// (cut into bands of the profile's `maximumRasterBandRows`).
    mutating func appendRaster(
        _ lines: [RasterTextLine], rasterizer: some TextRasterizer, text: String
    ) throws(ESCPOSError) {
        var bitmaps: [MonochromeBitmap] = []
        for line in lines { bitmaps.append(try rasterizer.render(line, width: profile.dotsPerLine)) }
        let height = bitmaps.reduce(0) { $0 + $1.height }
        guard height > 0 else { return }
        var packed: [UInt8] = []
        packed.reserveCapacity(height * ((profile.dotsPerLine + 7) / 8))
        for bitmap in bitmaps { packed += bitmap.packed }
        let band = try MonochromeBitmap(width: profile.dotsPerLine, height: height, packed: packed)
        setStyle(.plain)
        setJustification(.left)
        try appendImage(band)
        rasterText.append(text)
        textOffset += text.count + 1
    }

    mutating func appendImage(_ bitmap: MonochromeBitmap) throws(ESCPOSError) {
        guard bitmap.width <= profile.dotsPerLine else {
            throw ESCPOSError(
                .invalidImage,
                "Image is \(bitmap.width) dots wide but \(profile.displayName) prints \(profile.dotsPerLine); "
                    + "scale it with GrayImage.scaled(toWidth:) first."
            )
        }
        if profile.capabilities.contains(.rasterImage) {
            for band in bitmap.bands(maximumRows: profile.maximumRasterBandRows) {
                commands.append(.rasterImage(band))
            }
        } else if profile.capabilities.contains(.columnImage) {
            let mode = profile.columnImageMode
            // Line spacing equal to the band height, so bands join without gaps.
            commands.append(.lineSpacing(UInt8(mode.dotsPerColumn)))
            for band in ColumnImageBand.bands(of: bitmap, mode: mode) {
                commands.append(.columnImage(band))
                commands.append(.lineFeed)
            }
            commands.append(.defaultLineSpacing)
        } else {
            substitutions.append("image left out (\(profile.id) prints no images)")
        }
    }
}
