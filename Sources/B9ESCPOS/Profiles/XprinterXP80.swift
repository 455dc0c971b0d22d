extension PrinterProfile {
    /// Xprinter XP-80 (80 mm thermal, 203 dpi).
    public static let xprinterXP80 = PrinterProfile(
        id: "xprinter-xp-80", displayName: "Xprinter XP-80", technology: .thermal,
        dotsPerLine: 576, columnsFontA: 48, columnsFontB: 64,
        codePages: epsonCodePageNumbers,
        capabilities: [.rasterImage, .columnImage, .nativeQRCode, .cutter, .partialCut, .drawerKick, .realTimeStatus],
        barcodes: allBarcodes,
        sources: [
            "pdf417": "Xprinter XP-80 programming manual: GS ( k for QR Code only, no PDF417; printed as an image",
            "dotsPerLine": "Xprinter XP-80 programming manual: 72 mm print width, 576 dots/line",
            "columns": "Xprinter XP-80 programming manual: font A 48, font B 64 columns",
        ]
    )
}
