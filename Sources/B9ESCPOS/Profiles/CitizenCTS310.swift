extension PrinterProfile {
    /// Citizen CT-S310 (80 mm thermal, 203 dpi).
    public static let citizenCTS310 = PrinterProfile(
        id: "citizen-ct-s310", displayName: "Citizen CT-S310", technology: .thermal,
        dotsPerLine: 576, columnsFontA: 48, columnsFontB: 64,
        codePages: epsonCodePageNumbers,
        capabilities: [.rasterImage, .columnImage, .nativeQRCode, .nativePDF417, .cutter, .partialCut, .drawerKick, .realTimeStatus, .automaticStatusBack, .reversePrinting],
        barcodes: allBarcodes,
        sources: [
            "status": "Citizen CT-S310 User's Manual (BD2-2220), 5.3 Identification of Send Status",
            "pdf417": "Citizen CT-S310 User's Manual, command list: GS ( k PDF417 functions (Epson layout)",
            "dotsPerLine": "Citizen CT-S310 User's Manual: 72 mm print width at 203 dpi (576 dots)",
            "codePages": "Citizen CT-S310 User's Manual, ESC t (Epson numbering)",
        ]
    )
}
