// Fuzzes ESCPOSDecoder, which reads any ESC/POS byte stream (captured print jobs, files from other systems).
// Invariants: it finishes without trapping; unknown-command bytes are exactly the stream's bytes at their
// offset; offsets lie inside the stream; no more printed (non-space) characters than bytes; plain text and preview render.
import B9ESCPOS
import CFuzzDriver
import Glibc

let profiles: [PrinterProfile] = [.epsonTMT88, .epsonTMU220, .generic58]

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let profile = profiles[size % profiles.count]
    let document = ESCPOSDecoder(profile: profile).decode(bytes)
    var characters = 0
    for element in document.elements {
        switch element {
        case .unknown(let offset, let unknown):
            guard offset >= 0, offset + unknown.count <= bytes.count,
                Array(bytes[offset..<(offset + unknown.count)]) == unknown
            else { fatalError("unknown bytes at \(offset) do not match the stream") }
        case .control(_, let offset):
            guard offset >= 0, offset < bytes.count else { fatalError("control offset \(offset) outside stream") }
        case .text(let run):
            characters += run.text.unicodeScalars.filter { $0 != " " }.count  // tabs expand to spaces
        default:
            break
        }
    }
    guard characters <= bytes.count else { fatalError("more characters than bytes") }
    for issue in document.issues where issue.offset < 0 || issue.offset > bytes.count {
        fatalError("issue offset \(issue.offset) outside stream")
    }
    _ = PlainTextRenderer.render(document, profile: profile)
    if bytes.count < 4096 { _ = try? PreviewRenderer.render(document, profile: profile) }
    return 0
}
exit(status)
