import B9Devices
import B9ESCPOS
import Testing

@Suite("Customer display code pages")
struct CustomerDisplayCodePageTests {
    @Test("Epson ESC t n numbers for every page this module knows; other sets have no select command")
    func selectCommands() {
        let expected: [(CodePage, UInt8)] = [(.pc437, 0), (.pc850, 2), (.wpc1252, 16), (.pc866, 17), (.pc852, 18), (.pc858, 19)]
        for (page, table) in expected {
            #expect(DisplayCommandSet.epson.selectCodePage(page) == [0x1B, 0x74, table])
            #expect(DisplayCommandSet.epsonCodePage(table: table) == page)
        }
        for set in DisplayCommandSet.all where set != .epson {
            #expect(set.selectCodePage(.pc858) == nil, "\(set)")
        }
    }

    @Test("Text outside ASCII is written in the page's bytes: PC858 € is D5, é is 82; unknown stays ?")
    func encodesWithThePage() {
        let bytes = DisplayCommandSet.cd5220.showLines("Café €5", "Ωmega", codePage: .pc858)
        // ESC Q A, then the upper line.
        #expect(Array(bytes[3..<10]) == [0x43, 0x61, 0x66, 0x82, 0x20, 0xD5, 0x35])
        // Greek capital omega is not on PC858.
        #expect(bytes[27] == UInt8(ascii: "?"))
        // Without a page: ASCII only.
        let plain = DisplayCommandSet.cd5220.showLines("Café", "", codePage: nil)
        #expect(Array(plain[3..<7]) == Array("Caf?".utf8))
        // A decomposed é (e + U+0301) is one column and one byte, as the composed one.
        let decomposed = DisplayCommandSet.cd5220.showLines("Cafe\u{301}!", "", codePage: .pc858)
        #expect(Array(decomposed[3..<8]) == [0x43, 0x61, 0x66, 0x82, 0x21])
    }

    @Test("A driver with a page selects it after every reset and the simulator shows the characters", arguments: [CodePage.pc858, .wpc1252, .pc866, .pc852])
    func driverAndSimulatorAgree(page: CodePage) {
        let driver = CustomerDisplayDriver(commandSet: .epson, brightness: 3, codePage: page)
        #expect(Array(driver.setup.suffix(6)) == [0x1B, 0x74, DisplayCommandSet.epson.selectCodePage(page)?[2] ?? 0xFF, 0x1F, 0x58, 0x03])
        let text: String = switch page.name {
        case "PC866": "Итого 12"
        case "PC852": "Łódź 7"
        default: "Crème €3"
        }
        var display = CustomerDisplaySimulator(commandSet: .epson)
        for byte in driver.setup + driver.lines(text, "ok") { display.feed([byte]) }
        #expect(display.codePage == page)
        #expect(display.lines.0.hasPrefix(text))
        // ESC @ goes back to the table on the display's switches.
        display.feed([0x1B, 0x40])
        #expect(display.codePage == .pc437)
    }

    @Test("A display whose table is set by switches shows the page's characters without a select command")
    func switchSetTable() {
        let driver = CustomerDisplayDriver(commandSet: .cd5220, codePage: .wpc1252)
        #expect(!driver.setup.contains(0x74))
        var display = CustomerDisplaySimulator(commandSet: .cd5220, codePage: .wpc1252)
        display.feed(driver.setup + driver.lines("Señor €2", ""))
        #expect(display.lines.0 == "Señor €2            ")
    }
}
