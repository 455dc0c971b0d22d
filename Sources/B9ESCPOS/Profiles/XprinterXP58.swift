extension PrinterProfile {
    /// Xprinter XP-58 (58 mm thermal, 203 dpi, no cutter).
    public static let xprinterXP58 = PrinterProfile(
        id: "xprinter-xp-58", displayName: "Xprinter XP-58", technology: .thermal,
        dotsPerLine: 384, columnsFontA: 32, columnsFontB: 42,
        codePages: epsonCodePageNumbers,
        capabilities: [.rasterImage, .columnImage, .nativeQRCode, .drawerKick, .realTimeStatus],
        barcodes: allBarcodes, maximumRasterBandRows: 128,
        sources: [
            "pdf417": "Xprinter XP-58 programming manual: GS ( k for QR Code only, no PDF417; printed as an image",
            "dotsPerLine": "Xprinter XP-58 programming manual: 48 mm print width, 384 dots/line",
            "columns": "Xprinter XP-58 programming manual: font A 32, font B 42 columns",
            "noCutter": "XP-58 series has a tear bar, no auto-cutter",
            "bands": "Smaller bands for the small receive buffer (python-escpos #628: USB timeouts on POS-58 with images)",
        ]
    )
}
