extension PrinterProfile {
    /// Bixolon SRP-350 (80 mm thermal, 180 dpi).
    public static let bixolonSRP350 = PrinterProfile(
        id: "bixolon-srp-350", displayName: "Bixolon SRP-350", technology: .thermal,
        dotsPerLine: 512, columnsFontA: 42, columnsFontB: 56,
        codePages: epsonCodePageNumbers,
        capabilities: [.rasterImage, .columnImage, .cutter, .partialCut, .drawerKick, .realTimeStatus, .automaticStatusBack, .reversePrinting],
        barcodes: allBarcodes,
        sources: [
            "pdf417": "Bixolon SRP-350 Command Manual: no GS ( k (neither QR nor PDF417); printed as an image",
            "dotsPerLine": "Bixolon SRP-350 User's Manual, Specifications: 180 dpi, 72 mm, 512 dots",
            "columns": "Bixolon SRP-350 User's Manual: font A 42, font B 56 columns",
            "noQR": "The original SRP-350 command manual has no GS ( k (QR added in SRP-350plusIII); printed as image",
            "codePages": "Bixolon SRP-350 Command Manual, ESC t (Epson numbering)",
        ]
    )
}
