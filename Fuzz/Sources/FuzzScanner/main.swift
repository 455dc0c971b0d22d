// Fuzzes the parsers of device input in B9Devices: device addresses (URIs), AIM symbology
// identifiers, serial scanner lines, HID POS reports, evdev records through the keyboard-wedge
// decoder (US and German layouts), and the customer-display simulator.
// Invariants: no crash; an address that parses formats to text that parses to the same address;
// an AIM split leaves the data intact; decoded codes never contain their line terminators;
// displays always render two 20-column lines.
import B9Devices
import CFuzzDriver
import Glibc

func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))

    // Addresses.
    let text = String(decoding: bytes, as: UTF8.self)
    if let address = try? DeviceAddress(parsing: text) {
        let formatted = address.description
        guard let again = try? DeviceAddress(parsing: formatted) else {
            fatalError("canonical form does not parse: \(formatted.debugDescription) from \(text.debugDescription)")
        }
        check(again == address, "round trip changed \(text.debugDescription)")
        check(again.description == formatted, "canonical form unstable for \(formatted.debugDescription)")
    }

    // AIM identifiers.
    if let (symbology, payload) = Symbology.parseAIM(bytes) {
        check(payload == Array(bytes.dropFirst(3)), "AIM split lost data")
        check(Array(symbology.aimIdentifier.utf8) == Array(bytes.prefix(3)), "AIM identifier mangled")
    }

    // Serial scanner lines.
    var lines = SerialScannerDecoder()
    var lineBytes = 0
    for code in lines.feed(bytes) {
        check(!code.data.contains(0x0D) && !code.data.contains(0x0A), "terminator inside a code")
        check(!code.data.isEmpty || code.symbology != nil, "empty code delivered")
        lineBytes += code.data.count + (code.symbology == nil ? 0 : 3)
    }
    check(lineBytes <= bytes.count, "serial decoder invented bytes")

    // HID POS reports, 64 bytes at a time.
    var reports = HIDPOSReportDecoder()
    var offset = 0
    while offset + 64 <= bytes.count {
        if let code = reports.feed(report: bytes[offset..<offset + 64]) {
            check(code.data.count + 3 <= offset + 64, "HID POS decoder invented bytes")
        }
        offset += 64
    }

    // evdev records through the wedge decoder.
    var events = InputEventDecoder()
    let decoded = events.decode(bytes)
    check(decoded.count == bytes.count / InputEvent.recordSize, "record count")
    check(events.pendingByteCount == bytes.count % InputEvent.recordSize, "pending bytes")
    for keyMap in KeyMap.all {
        var wedge = KeyboardWedgeDecoder(keyMap: keyMap, suffix: .enter)
        var outputs: [KeyboardWedgeDecoder.Output] = []
        for event in decoded { outputs += wedge.feed(event) }
        outputs += wedge.flush()
        for case .scan(let code) in outputs {
            check(!code.data.isEmpty || code.symbology != nil, "empty scan")
        }
    }

    // Customer displays.
    for set in DisplayCommandSet.all {
        var display = CustomerDisplaySimulator(commandSet: set)
        display.feed(bytes)
        check(display.lines.0.unicodeScalars.count == 20 && display.lines.1.unicodeScalars.count == 20, "display lines not 20 wide")
    }
    return 0
}
exit(status)
