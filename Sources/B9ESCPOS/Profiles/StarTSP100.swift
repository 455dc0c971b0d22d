extension PrinterProfile {
    /// Star TSP100 / TSP143 in ESC/POS emulation mode (80 mm thermal, 203 dpi).
    public static let starTSP100 = PrinterProfile(
        id: "star-tsp100", displayName: "Star TSP100/TSP143 (ESC/POS mode)", technology: .thermal,
        dotsPerLine: 576, columnsFontA: 48, columnsFontB: 64,
        codePages: epsonCodePageNumbers,
        capabilities: [.rasterImage, .columnImage, .nativeQRCode, .cutter, .partialCut, .drawerKick, .realTimeStatus],
        barcodes: allBarcodes,
        sources: [
            "pdf417": "Star TSP100IV/TSP143 ESC/POS emulation command list: GS ( k for QR Code only, no PDF417; printed as an image",
            "dotsPerLine": "Star TSP100 series specifications: 72 mm print width at 203 dpi (576 dots)",
            "emulation": "Star TSP100IV/TSP143 manuals: ESC/POS emulation selected by memory switch; Star Line mode not covered here",
            "asb": "Not listed as supported in ESC/POS mode; treat as absent",
            "codePages": "Assumes the Epson ESC t numbering of the emulation; confirm on the device",
        ]
    )
}
