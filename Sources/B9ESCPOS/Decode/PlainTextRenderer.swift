/// Renders a decoded stream as plain text the width of the profile's paper: text with its alignment,
/// and a bracketed line for each barcode, QR code, image, cut and drawer kick.
public enum PlainTextRenderer {
    public static func render(_ document: DecodedDocument, profile: PrinterProfile) -> String {
        var output: [String] = []
        var runs: [TextRun] = []
        func endLine() {
            let text = runs.map(\.text).joined()
            let justification = runs.last?.justification ?? .left
            let scale = runs.map(\.style.size.width).max() ?? 1
            let font = runs.first?.style.font ?? .a
            let width = max(1, profile.columns(for: font) / max(1, scale))
            var line = LineLayout.pad(text, width: width, alignment: justification)
            while line.last == " " { line.removeLast() }
            output.append(line)
            runs.removeAll()
        }
        for element in document.elements {
            switch element {
            case .text(let run):
                runs.append(run)
            case .lineBreak:
                endLine()
            case .barcode(let barcode):
                if !runs.isEmpty { endLine() }
                output.append("[\(barcode.symbology) \(barcode.content)]")
            case .qrCode(let data):
                if !runs.isEmpty { endLine() }
                output.append("[QR \(String(decoding: data, as: UTF8.self))]")
            case .pdf417(let data):
                if !runs.isEmpty { endLine() }
                output.append("[PDF417 \(String(decoding: data, as: UTF8.self))]")
            case .image(let bitmap):
                if !runs.isEmpty { endLine() }
                output.append("[image \(bitmap.width)×\(bitmap.height)]")
            case .cut(let mode):
                if !runs.isEmpty { endLine() }
                output.append(mode == .full ? "[cut]" : "[partial cut]")
            case .drawerKick(let pulse):
                output.append("[drawer \(pulse.pin == .pin2 ? "pin 2" : "pin 5") \(pulse.onMilliseconds) ms]")
            case .control:
                break
            case .unknown(let offset, let bytes):
                output.append("[unknown at \(offset): \(bytes.map { hexByte($0) }.joined(separator: " "))]")
            }
        }
        if !runs.isEmpty { endLine() }
        for issue in document.issues { output.append("[\(issue)]") }
        return output.joined(separator: "\n") + "\n"
    }

    static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}
