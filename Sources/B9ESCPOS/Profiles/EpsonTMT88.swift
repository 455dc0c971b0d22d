extension PrinterProfile {
    /// Epson TM-T88V and TM-T88VI (80 mm thermal, 180 dpi).
    public static let epsonTMT88 = PrinterProfile(
        id: "epson-tm-t88", displayName: "Epson TM-T88V / TM-T88VI", technology: .thermal,
        dotsPerLine: 512, columnsFontA: 42, columnsFontB: 56,
        codePages: epsonCodePageNumbers, capabilities: epsonThermalCapabilities, barcodes: allBarcodes,
        sources: [
            "pdf417": "Epson ESC/POS Command Reference, GS ( k <Function 065>–<Function 081> (PDF417, cn = 48): supported on TM-T88V/TM-T88VI",
            "dotsPerLine": "Epson TM-T88V Technical Reference Guide, Specifications: 180 dpi, 72 mm, 512 dots/line",
            "columns": "Epson TM-T88V Technical Reference Guide, Character specifications: font A 12×24 42, font B 9×17 56",
            "codePages": "Epson ESC/POS Command Reference, ESC t",
            "capabilities": "Epson ESC/POS Command Reference, command support tables for TM-T88V/TM-T88VI; GS a status layout",
        ]
    )
}
