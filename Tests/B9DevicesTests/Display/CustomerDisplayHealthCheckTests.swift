import B9Devices
import NIOCore
import Testing

/// The display's `external` and `interactive` health checks show their test pattern and then what
/// the display showed before, checked with the display simulator on what arrived over a pty.
@Suite("Customer display health check", .timeLimit(.minutes(5)))
struct CustomerDisplayHealthCheckTests {
    /// Written through the device after the check: everything before it on the line is the check's.
    /// The drivers send printable ASCII only as text (others become `?`), so 0xFF never occurs.
    static let marker: [UInt8] = [0xFF, 0x00, 0xFF, 0x00]

    enum Before: String, CaseIterable, Sendable {
        /// A layout was shown (a sale's total).
        case layout
        /// Nothing was shown since the idle message.
        case idle
        /// No idle message configured and nothing shown: a blank display.
        case blank
    }

    static let levels: [HealthCheckLevel] = [.external, .interactive]

    /// What `set`'s display renders after `bytes` on a fresh screen.
    static func rendered(_ set: DisplayCommandSet, _ bytes: [UInt8]) -> (String, String) {
        var screen = CustomerDisplaySimulator(commandSet: set)
        screen.feed(bytes)
        return screen.lines
    }

    /// Everything the device wrote up to ``marker``.
    static func readUntilMarker(_ pty: PseudoTerminal) async throws -> [UInt8] {
        var received: [UInt8] = []
        while received.count < marker.count || Array(received.suffix(marker.count)) != marker {
            var chunk = try await pty.peer.read(timeout: .seconds(30))
            received += chunk.readBytes(length: chunk.readableBytes) ?? []
        }
        return Array(received.dropLast(marker.count))
    }

    @Test("after the check the display shows again what it showed before", arguments: DisplayCommandSet.all, Before.allCases)
    func checkRestoresThePreviousLines(set: DisplayCommandSet, before: Before) async throws {
        for level in Self.levels {
            let pty = try await PseudoTerminal.open(name: "display-health")
            let driver = CustomerDisplayDriver(commandSet: set, idleMessage: before == .blank ? nil : "Welcome", testPatternHold: .zero)
            let display = ManagedDevice(address: pty.serialAddress(), driver: driver)
            try await display.open()
            try await display.claim()
            let expected: (String, String)
            switch before {
            case .layout:
                let layout = DisplayLayout.itemAndPrice(item: "Tea", price: "Tk 45.00")
                try await display.show(layout)
                expected = Self.rendered(set, set.showLines(layout.lines.0, layout.lines.1))
            case .idle:
                expected = Self.rendered(set, set.showLines(DisplayLayout.idle("Welcome").lines.0, DisplayLayout.idle("Welcome").lines.1))
            case .blank:
                expected = Self.rendered(set, [])
            }
            let report = await display.checkHealth(level)
            #expect(report.healthy, "\(level): \(report)")
            try await display.write(Self.marker, timeout: .seconds(30))
            let received = try await Self.readUntilMarker(pty)

            // Byte by byte, so every screen the display went through is seen.
            let pattern = Self.rendered(set, set.showLines(CustomerDisplayDriver.testPattern.0, CustomerDisplayDriver.testPattern.1))
            var screen = CustomerDisplaySimulator(commandSet: set)
            var showedPattern = false
            for byte in received {
                screen.feed([byte])
                if screen.lines == pattern { showedPattern = true }
            }
            #expect(showedPattern, "\(level): the test pattern was shown")
            #expect(screen.lines == expected, "\(level): shows \(screen.lines), expected \(expected)")
            await display.close()
            await pty.hangUp()
        }
    }
}
