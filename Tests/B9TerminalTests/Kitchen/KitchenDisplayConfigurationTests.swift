import B9Intake
@testable import B9Terminal
import B9Devices
import Foundation
import Testing

@Suite("Kitchen display configuration")
struct KitchenDisplayConfigurationTests {
    static let base = "role: kitchen\nstore: { id: s1, terminal_id: kitchen-1 }\n"

    @Test("A kitchen station with the display (api.token) needs no printer; thresholds and bump bar default and are read")
    func displayOnlyStation() async throws {
        let environment = ["B9TERMINAL_API_TOKEN": "kitchen-display-token-0123"]
        let plain = try await TerminalConfigurationTests.load(Self.base, environment: environment)
        #expect(plain.kitchenPrinters.isEmpty)
        #expect(plain.kitchenDisplay.amberAfterSeconds == 300 && plain.kitchenDisplay.redAfterSeconds == 600)
        #expect(plain.kitchenDisplay.bumpBar == nil)
        #expect(plain.summary.contains("kitchen.bump_bar: none"))

        let set = try await TerminalConfigurationTests.load(
            Self.base + "kitchen: { amber_after_seconds: 90, red_after_seconds: 240, bump_bar: \"evdev:///dev/input/by-id/usb-Logic_Controls_KB1700-event-kbd\" }\n",
            environment: environment
        )
        #expect(set.kitchenDisplay.amberAfterSeconds == 90 && set.kitchenDisplay.redAfterSeconds == 240)
        #expect(set.kitchenDisplay.bumpBar == DeviceAddress(.evdev(path: "/dev/input/by-id/usb-Logic_Controls_KB1700-event-kbd", grab: true)))
        #expect(set.summary.contains("kitchen.amber_after_seconds: 90"))
    }

    @Test("Bad display keys name the key")
    func badKeysAreNamed() async throws {
        let environment = ["B9TERMINAL_API_TOKEN": "kitchen-display-token-0123"]
        for (yaml, key) in [
            ("kitchen: { amber_after_seconds: 600, red_after_seconds: 60 }", "kitchen.red_after_seconds"),
            ("kitchen: { amber_after_seconds: 0 }", "kitchen.amber_after_seconds"),
            ("kitchen: { bump_bar: \"serial:///dev/ttyUSB0\" }", "kitchen.bump_bar"),
            ("kitchen: { bump_bar: \"evdev://\" }", "kitchen.bump_bar"),
            ("kitchen: { bump_bar_keys: { recall: [NOSUCHKEY] } }", "kitchen.bump_bar_keys.recall"),
            ("kitchen: { bump_bar_keys: { positions: [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\", \"0\"] } }", "kitchen.bump_bar_keys.positions"),
        ] {
            do {
                _ = try await TerminalConfigurationTests.load(Self.base + yaml + "\n", environment: environment)
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.key == key, "\(yaml)")
            }
        }
        // Without the display a kitchen station still needs a printer.
        await #expect(throws: ConfigurationError.self) { try await TerminalConfigurationTests.load(Self.base) }
    }

    @Test("Default key map: digits and keypad digits bump the Nth ticket, arrows select, Enter bumps, 0 and Backspace recall")
    func defaultKeyMap() throws {
        let keys = KitchenBumpBarKeys()
        for position in 1...9 {
            #expect(keys.action(for: try #require(KeyName.code("\(position)"))) == .bumpPosition(position))
            #expect(keys.action(for: try #require(KeyName.code("KP\(position)"))) == .bumpPosition(position))
        }
        #expect(keys.action(for: 106) == .selectNext)  // KEY_RIGHT
        #expect(keys.action(for: 108) == .selectNext)  // KEY_DOWN
        #expect(keys.action(for: 105) == .selectPrevious)  // KEY_LEFT
        #expect(keys.action(for: 28) == .bumpSelected)  // KEY_ENTER
        #expect(keys.action(for: 96) == .bumpSelected)  // KEY_KPENTER
        #expect(keys.action(for: 14) == .recall)  // KEY_BACKSPACE
        #expect(keys.action(for: 11) == .recall)  // KEY_0
        #expect(keys.action(for: 30) == nil)  // KEY_A
    }

    @Test("Configured keys replace the defaults of their action only")
    func configuredKeyMap() async throws {
        let configuration = try await TerminalConfigurationTests.load(
            Self.base + "kitchen: { bump_bar_keys: { positions: [F1, F2, F3], recall: [KEY_R, \"19\"], bump: [KPENTER] } }\n",
            environment: ["B9TERMINAL_API_TOKEN": "kitchen-display-token-0123"]
        )
        let keys = configuration.kitchenDisplay.keys
        #expect(keys.action(for: 59) == .bumpPosition(1))  // KEY_F1
        #expect(keys.action(for: 61) == .bumpPosition(3))  // KEY_F3
        #expect(keys.action(for: 2) == nil, "the digit row no longer bumps")
        #expect(keys.action(for: 19) == .recall)  // KEY_R
        #expect(keys.action(for: 14) == nil, "Backspace no longer recalls")
        #expect(keys.action(for: 96) == .bumpSelected)
        #expect(keys.action(for: 28) == nil)
        #expect(keys.action(for: 106) == .selectNext, "arrows keep their defaults")
    }

    @Test("Key names: linux names with or without KEY_, any case, or decimal codes")
    func keyNames() {
        #expect(KeyName.code("ENTER") == 28)
        #expect(KeyName.code("key_enter") == 28)
        #expect(KeyName.code("kp7") == 71)
        #expect(KeyName.code("1") == 2)
        #expect(KeyName.code("0") == 11)
        #expect(KeyName.code("F10") == 68)
        #expect(KeyName.code("M") == 50)
        #expect(KeyName.code("113") == 113)
        #expect(KeyName.code("NOSUCHKEY") == nil)
        #expect(KeyName.name(28) == "ENTER")
        for (name, code) in KeyName.codes {
            #expect(KeyName.code(name) == code)
        }
    }
}
