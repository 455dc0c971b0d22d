extension PrinterProfile {
    /// Any ESC/POS 58 mm printer: only what nearly all of them do (raster, PC437/PC858/PC866).
    public static let generic58 = PrinterProfile(
        id: "generic-58", displayName: "Generic 58 mm ESC/POS", technology: .thermal,
        dotsPerLine: 384, columnsFontA: 32, columnsFontB: 42,
        codePages: [CodePageSlot(.pc437, table: 0), CodePageSlot(.pc858, table: 19), CodePageSlot(.pc866, table: 17)],
        capabilities: [.rasterImage, .columnImage, .drawerKick, .realTimeStatus],
        barcodes: [.ean13, .ean8, .upcA, .code39, .code128], maximumRasterBandRows: 128,
        sources: [
            "all": "Lowest common denominator of the Epson, Xprinter and clone manuals listed in the other profiles",
            "pdf417": "Not assumed: Xprinter and clone manuals list GS ( k for QR Code only; printed as an image",
        ]
    )

    /// Any ESC/POS 80 mm printer with a cutter.
    public static let generic80 = PrinterProfile(
        id: "generic-80", displayName: "Generic 80 mm ESC/POS", technology: .thermal,
        dotsPerLine: 576, columnsFontA: 48, columnsFontB: 64,
        codePages: [CodePageSlot(.pc437, table: 0), CodePageSlot(.pc858, table: 19), CodePageSlot(.pc866, table: 17)],
        capabilities: [.rasterImage, .columnImage, .cutter, .partialCut, .drawerKick, .realTimeStatus],
        barcodes: [.ean13, .ean8, .upcA, .code39, .code128],
        sources: [
            "all": "Lowest common denominator of the Epson, Xprinter and clone manuals listed in the other profiles",
            "pdf417": "Not assumed: Xprinter and clone manuals list GS ( k for QR Code only; printed as an image",
        ]
    )
}
