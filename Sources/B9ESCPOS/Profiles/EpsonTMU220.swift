extension PrinterProfile {
    /// Epson TM-U220 (76 mm impact, 9-pin): no `GS v 0`, no native QR; images go as `ESC *` 8-dot columns.
    public static let epsonTMU220 = PrinterProfile(
        id: "epson-tm-u220", displayName: "Epson TM-U220", technology: .impact,
        dotsPerLine: 400, columnsFontA: 33, columnsFontB: 40,
        codePages: epsonCodePageNumbers,
        capabilities: [.columnImage, .cutter, .partialCut, .drawerKick, .realTimeStatus, .automaticStatusBack],
        barcodes: [], columnImageMode: .eightDotDoubleDensity, maximumRasterBandRows: 8,
        sources: [
            "technology": "Epson TM-U220 Specification (STANDARD): 9-pin serial impact dot matrix",
            "columnImage": "Epson ESC/POS Command Reference, ESC * (TM-U220: 8-dot modes m = 0, 1 only)",
            "noRaster": "Odoo documentation PR #5367 and EscPosEncoder #16: TM-U220 ignores GS v 0",
            "cutter": "Epson ESC/POS Command Reference, ESC i/ESC m notes for TM-U220 (partial cut, TM-U220D has none)",
            "status": "Epson TM-U220A manual: GS a status bytes 2–4",
            "pdf417": "Epson ESC/POS Command Reference: GS ( k two-dimensional codes are not supported on TM-U220 (impact); no raster either, so PDF417 goes as ESC * columns",
            "dotsPerLine": "Typical value for 76 mm paper at double density (63.5 mm × 160 dpi); confirm on the device",
            "columns": "Typical values for 76 mm paper (font A 9×9: 33, font B 7×9: 40); confirm on the device",
        ]
    )
}
