extension PrinterProfile {
    /// Epson TM-T82 (80 mm thermal, 203 dpi).
    public static let epsonTMT82 = PrinterProfile(
        id: "epson-tm-t82", displayName: "Epson TM-T82", technology: .thermal,
        dotsPerLine: 576, columnsFontA: 48, columnsFontB: 64,
        codePages: epsonCodePageNumbers, capabilities: epsonThermalCapabilities, barcodes: allBarcodes,
        sources: [
            "pdf417": "Epson ESC/POS Command Reference, GS ( k <Function 065>–<Function 081> (PDF417, cn = 48): supported on TM-T82",
            "dotsPerLine": "Epson TM-T82 Technical Reference Guide, Specifications: 72 mm print width, 576 dots/line",
            "columns": "Epson TM-T82 Technical Reference Guide, Character specifications: font A 48, font B 64 (80 mm)",
            "codePages": "Epson ESC/POS Command Reference, ESC t",
            "capabilities": "Epson ESC/POS Command Reference, command support tables for TM-T82",
        ]
    )
}
