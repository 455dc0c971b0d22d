/// The cash-drawer device class for serial drawer boxes (the printer-kick drawer comes with the
/// printer class).
///
/// Serial drawer interfaces open the drawer either on any byte received (most "serial trigger"
/// boxes, often configured for BEL 0x07) or on a DTR pulse; they report open/closed on a modem
/// input line (DSR or CTS) where they have a sensor. The driver polls that line and emits
/// `drawer-opened`, `drawer-closed` and — once per opening — `drawer-open-too-long`.
public struct CashDrawerDriver: DeviceDriver {
    /// How the drawer is opened.
    public enum Kick: Hashable, Sendable {
        /// Send this byte (e.g. BEL 0x07).
        case byte(UInt8)
        /// Raise DTR for this long, then lower it.
        case dtrPulse(Duration)
    }

    /// Which modem line reports "open" (high = open), if any.
    public enum Sensor: Hashable, Sendable {
        case none
        case dsr
        case cts
    }

    /// Drawer states, as data events.
    public enum DrawerState: Hashable, Sendable {
        case open
        case closed
    }

    public typealias Payload = DrawerState

    public static let drawerOpened = DeviceStatus.Code("drawer-opened")
    public static let drawerClosed = DeviceStatus.Code("drawer-closed")
    public static let drawerOpenTooLong = DeviceStatus.Code("drawer-open-too-long")

    public let kick: Kick
    public let sensor: Sensor
    public let openLimit: Duration
    public let pollInterval: Duration

    public init(kick: Kick = .byte(0x07), sensor: Sensor = .none, openLimit: Duration = .seconds(30),
                pollInterval: Duration = .milliseconds(250)) {
        self.kick = kick
        self.sensor = sensor
        self.openLimit = openLimit
        self.pollInterval = pollInterval
    }

    /// Opens the drawer through `transport`.
    public func open(through transport: any DeviceTransport) async throws(DeviceError) {
        switch kick {
        case .byte(let byte):
            try await transport.write([byte], timeout: .seconds(2))
        case .dtrPulse(let length):
            guard let port = transport as? SerialPort else {
                throw DeviceError(.unsupported, "a DTR pulse needs a serial port", device: transport.address.description)
            }
            try port.setDTR(true)
            try? await Task.sleep(for: length)
            try port.setDTR(false)
        }
    }

    /// Whether the drawer is open, from the modem input line its switch is wired to.
    /// - Throws: `unsupported` when no sensor is configured or the transport is not a serial port;
    ///   the port's error when it cannot report its modem lines (a USB adapter without them, a pty).
    public func isOpen(through transport: any DeviceTransport) throws(DeviceError) -> Bool {
        guard sensor != .none else {
            throw DeviceError(.unsupported, "no drawer sensor is configured: name the modem line the drawer's switch is wired to (dsr or cts)",
                              device: transport.address.description)
        }
        guard let port = transport as? SerialPort else {
            throw DeviceError(.unsupported, "drawer sensing reads a modem line, which needs a serial port", device: transport.address.description)
        }
        let lines = try port.modemLines()
        return sensor == .dsr ? lines.dsr : lines.cts
    }

    public func receive(from transport: any DeviceTransport, emit: DeviceEmitter<DrawerState>) async throws(DeviceError) {
        guard sensor != .none, let port = transport as? SerialPort else {
            // No sensor: nothing to read, but notice a hang-up.
            while !Task.isCancelled {
                do {
                    _ = try await transport.read(timeout: .seconds(3600))
                } catch where error.code == .timedOut {
                    continue
                }
            }
            return
        }
        var monitor = DrawerOpenMonitor<ContinuousClock>(limit: openLimit)
        while !Task.isCancelled {
            let open = try isOpen(through: port)
            for alert in monitor.update(open: open, at: .now) {
                Self.emit(alert, emit: emit)
            }
            do {
                try await Task.sleep(for: pollInterval)
            } catch {
                return
            }
        }
    }

    static func emit(_ alert: DrawerOpenMonitor<ContinuousClock>.Alert, emit: DeviceEmitter<DrawerState>) {
        switch alert {
        case .opened:
            emit.data(.open)
            emit.status(drawerOpened, "drawer opened")
        case .closed(let duration):
            emit.data(.closed)
            emit.status(drawerClosed, "drawer closed after \(duration)")
        case .openTooLong(let duration):
            emit.status(drawerOpenTooLong, "drawer open for \(duration), longer than allowed")
        }
    }
}

extension ManagedDevice where Driver == CashDrawerDriver {
    /// Opens the drawer (needs `claimed` or `enabled`).
    public func openDrawer() async throws(DeviceError) {
        let driver = self.driver
        try await withTransport { transport throws(DeviceError) in try await driver.open(through: transport) }
    }

    /// Whether the drawer is open, read from its sensor line now (needs `claimed` or `enabled`).
    public func isDrawerOpen() async throws(DeviceError) -> Bool {
        let driver = self.driver
        return try await withTransport { transport throws(DeviceError) in try driver.isOpen(through: transport) }
    }
}
