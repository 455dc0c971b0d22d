package import B9Devices

/// The kitchen display's keys: when a ticket's age timer turns amber and red, and the bump bar with its
/// key map (`kitchen.amber_after_seconds`, `kitchen.red_after_seconds`, `kitchen.bump_bar`,
/// `kitchen.bump_bar_keys.*`; see docs/configuration.md).
package struct KitchenDisplaySettings: Sendable, Equatable {
    package var amberAfterSeconds = 300
    package var redAfterSeconds = 600
    /// The bump bar's evdev address, or nil without one.
    package var bumpBar: DeviceAddress?
    package var keys = KitchenBumpBarKeys()

    package init() {}

    /// Reads and checks the keys.
    /// - Throws: ``ConfigurationError`` naming the bad key.
    package init(reader: KeyReader) throws(ConfigurationError) {
        amberAfterSeconds = try reader.integer("kitchen.amber_after_seconds", in: 1...86_400) ?? 300
        redAfterSeconds = try reader.integer("kitchen.red_after_seconds", in: 1...86_400) ?? max(600, amberAfterSeconds)
        guard redAfterSeconds >= amberAfterSeconds else {
            throw ConfigurationError(key: "kitchen.red_after_seconds", expected: "at least kitchen.amber_after_seconds (\(amberAfterSeconds))", found: String(redAfterSeconds))
        }
        if let text = try reader.string("kitchen.bump_bar"), !text.isEmpty {
            let address: DeviceAddress
            do {
                address = try DeviceAddress(parsing: text)
            } catch {
                throw ConfigurationError(key: "kitchen.bump_bar", expected: "an evdev address such as evdev:///dev/input/by-id/usb-…-event-kbd (\(error.message))", found: text)
            }
            guard case .evdev = address.location else {
                throw ConfigurationError(key: "kitchen.bump_bar", expected: "an evdev:// address (a bump bar is a USB keyboard)", found: text)
            }
            bumpBar = address
        }
        keys = try KitchenBumpBarKeys(reader: reader)
    }
}

/// What each bump-bar key does. Defaults: digits 1–9 (top row and keypad) bump the 1st–9th ticket,
/// arrows move the selection, Enter (and keypad Enter, Space) bumps the selected ticket, 0 or Backspace
/// recalls the last bumped ticket.
package struct KitchenBumpBarKeys: Sendable, Equatable {
    /// What a key does.
    package enum Action: Sendable, Equatable {
        /// Bump the Nth open ticket (1 = oldest).
        case bumpPosition(Int)
        case selectNext
        case selectPrevious
        case bumpSelected
        case recall
    }

    /// Key code → action.
    package private(set) var actions: [UInt16: Action] = [:]

    package init() {
        for (index, names) in zip(1...9, zip(Array("123456789"), ["KP1", "KP2", "KP3", "KP4", "KP5", "KP6", "KP7", "KP8", "KP9"])) {
            for name in [String(names.0), names.1] {
                if let code = KeyName.code(name) { actions[code] = .bumpPosition(index) }
            }
        }
        set(["RIGHT", "DOWN"], to: .selectNext)
        set(["LEFT", "UP"], to: .selectPrevious)
        set(["ENTER", "KPENTER", "SPACE"], to: .bumpSelected)
        set(["0", "KP0", "BACKSPACE"], to: .recall)
    }

    /// Defaults, with each `kitchen.bump_bar_keys.<action>` list that is set replacing that action's keys.
    package init(reader: KeyReader) throws(ConfigurationError) {
        self.init()
        if let positions = try reader.list("kitchen.bump_bar_keys.positions") {
            guard (1...9).contains(positions.count) else {
                throw ConfigurationError(key: "kitchen.bump_bar_keys.positions", expected: "1 to 9 key names, the Nth bumping the Nth ticket", found: positions.joined(separator: ", "))
            }
            let codes = try Self.codes(positions, key: "kitchen.bump_bar_keys.positions")
            actions = actions.filter { if case .bumpPosition = $0.value { false } else { true } }
            for (index, code) in codes.enumerated() { actions[code] = .bumpPosition(index + 1) }
        }
        for (name, action) in [("next", Action.selectNext), ("previous", .selectPrevious), ("bump", .bumpSelected), ("recall", .recall)] {
            let key = "kitchen.bump_bar_keys.\(name)"
            guard let names = try reader.list(key) else { continue }
            let codes = try Self.codes(names, key: key)
            actions = actions.filter { $0.value != action }
            for code in codes { actions[code] = action }
        }
    }

    /// The action of a key, or nil for keys that do nothing.
    package func action(for code: UInt16) -> Action? { actions[code] }

    private mutating func set(_ names: [String], to action: Action) {
        for name in names {
            if let code = KeyName.code(name) { actions[code] = action }
        }
    }

    private static func codes(_ names: [String], key: String) throws(ConfigurationError) -> [UInt16] {
        var codes: [UInt16] = []
        for name in names {
            guard let code = KeyName.code(name) else {
                throw ConfigurationError(key: key, expected: "Linux key names such as 1, KP1, ENTER, LEFT, BACKSPACE, F1 or decimal key codes", found: name)
            }
            codes.append(code)
        }
        return codes
    }
}
