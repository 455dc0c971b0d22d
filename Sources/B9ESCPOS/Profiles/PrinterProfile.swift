/// What one printer model can do, as data: paper width, columns, code pages and capabilities, each fact with
/// the document it came from (`sources`). One file per model in `Profiles/`; `PrinterProfile.all` lists them.
public struct PrinterProfile: Sendable, Hashable {
    /// Short stable name used in configuration and on the command line, e.g. "epson-tm-t20".
    public let id: String
    /// Maker and model as sold.
    public let displayName: String
    public let technology: Technology
    /// Printable width in dots (the widest `GS v 0` image).
    public let dotsPerLine: Int
    /// Characters per line in font A and font B at normal size.
    public let columnsFontA: Int
    public let columnsFontB: Int
    /// Code pages in order of preference, each with this model's `ESC t n` number.
    public let codePages: [CodePageSlot]
    public let capabilities: Capabilities
    /// Symbologies `GS k` prints natively.
    public let barcodes: Set<BarcodeSymbology>
    /// Mode for `ESC *` images when the model has no `GS v 0`.
    public let columnImageMode: ColumnImageMode
    /// Tallest `GS v 0` band to send at once, in rows (keeps within the receive buffer).
    public let maximumRasterBandRows: Int
    /// Where each fact comes from: fact name → document (manual title, section).
    public let sources: [String: String]

    /// Thermal or impact (dot-matrix) mechanism.
    public enum Technology: String, Sendable, Hashable {
        case thermal
        case impact
    }

    /// Features a model has. New capabilities may be added.
    public struct Capabilities: OptionSet, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// `GS v 0` raster images.
        public static let rasterImage = Capabilities(rawValue: 1 << 0)
        /// `ESC *` column images.
        public static let columnImage = Capabilities(rawValue: 1 << 1)
        /// `GS ( k` QR codes.
        public static let nativeQRCode = Capabilities(rawValue: 1 << 2)
        /// `GS ( k` PDF417.
        public static let nativePDF417 = Capabilities(rawValue: 1 << 3)
        /// An auto-cutter (`GS V`).
        public static let cutter = Capabilities(rawValue: 1 << 4)
        /// The cutter can leave one point uncut.
        public static let partialCut = Capabilities(rawValue: 1 << 5)
        /// A drawer kick-out connector (`ESC p`).
        public static let drawerKick = Capabilities(rawValue: 1 << 6)
        /// `DLE EOT` real-time status.
        public static let realTimeStatus = Capabilities(rawValue: 1 << 7)
        /// `GS a` Automatic Status Back.
        public static let automaticStatusBack = Capabilities(rawValue: 1 << 8)
        /// `GS B` white/black reverse.
        public static let reversePrinting = Capabilities(rawValue: 1 << 9)

        static let names: [(Capabilities, String)] = [
            (.rasterImage, "raster"), (.columnImage, "column-image"), (.nativeQRCode, "qr"),
            (.nativePDF417, "pdf417"), (.cutter, "cutter"), (.partialCut, "partial-cut"),
            (.drawerKick, "drawer"), (.realTimeStatus, "status"), (.automaticStatusBack, "asb"),
            (.reversePrinting, "reverse"),
        ]

        public var description: String {
            Self.names.filter { contains($0.0) }.map(\.1).joined(separator: ",")
        }
    }

    public init(
        id: String, displayName: String, technology: Technology, dotsPerLine: Int, columnsFontA: Int,
        columnsFontB: Int, codePages: [CodePageSlot], capabilities: Capabilities, barcodes: Set<BarcodeSymbology>,
        columnImageMode: ColumnImageMode = .twentyFourDotDoubleDensity, maximumRasterBandRows: Int = 256,
        sources: [String: String]
    ) {
        self.id = id
        self.displayName = displayName
        self.technology = technology
        self.dotsPerLine = dotsPerLine
        self.columnsFontA = columnsFontA
        self.columnsFontB = columnsFontB
        self.codePages = codePages
        self.capabilities = capabilities
        self.barcodes = barcodes
        self.columnImageMode = columnImageMode
        self.maximumRasterBandRows = maximumRasterBandRows
        self.sources = sources
    }

    /// Columns per line for a font at normal width.
    public func columns(for font: PrinterFont) -> Int {
        font == .a ? columnsFontA : columnsFontB
    }

    /// Every built-in profile.
    public static let all: [PrinterProfile] = [
        .epsonTMT20, .epsonTMT82, .epsonTMT88, .epsonTMU220, .starTSP100, .bixolonSRP350, .citizenCTS310,
        .xprinterXP58, .xprinterXP80, .generic58, .generic80,
    ]

    /// The built-in profile called `id`.
    /// - Throws: `ESCPOSError.unknownProfile`, listing the known names.
    public static func named(_ id: String) throws(ESCPOSError) -> PrinterProfile {
        guard let profile = all.first(where: { $0.id == id.lowercased() }) else {
            throw ESCPOSError(
                .unknownProfile,
                "No printer profile \"\(id)\"; use one of: \(all.map(\.id).joined(separator: ", "))."
            )
        }
        return profile
    }
}

extension PrinterProfile {
    /// The Epson numbering of `ESC t n` for the six pages this module knows (Epson ESC/POS Command
    /// Reference, ESC t: 0 PC437, 2 PC850, 16 WPC1252, 17 PC866, 18 PC852, 19 PC858).
    static let epsonCodePageNumbers: [CodePageSlot] = [
        CodePageSlot(.pc437, table: 0), CodePageSlot(.pc858, table: 19), CodePageSlot(.pc850, table: 2),
        CodePageSlot(.wpc1252, table: 16), CodePageSlot(.pc852, table: 18), CodePageSlot(.pc866, table: 17),
    ]

    static let allBarcodes = Set(BarcodeSymbology.allCases)

    static let epsonThermalCapabilities: Capabilities = [
        .rasterImage, .columnImage, .nativeQRCode, .nativePDF417, .cutter, .partialCut, .drawerKick,
        .realTimeStatus, .automaticStatusBack, .reversePrinting,
    ]
}
