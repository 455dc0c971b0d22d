public import B9ESCPOS

extension ManagedDevice where Driver == ReceiptPrinterDriver {
    /// Asks the printer's real-time status (`DLE EOT 1…4`, 0x10 0x04 n). Needs the device enabled.
    public func printerStatus(timeout: Duration = .seconds(2)) async throws(DeviceError) -> PrinterStatus {
        let driver = self.driver
        return try await withTransport { transport throws(DeviceError) in
            try await driver.queryStatus(through: transport, timeout: timeout)
        }
    }

    /// Kicks the cash drawer connected to the printer: `ESC p m t1 t2` (0x1B 0x70 m t1 t2), pin 2
    /// (m = 0) or pin 5 (m = 1), on for `t1 × 2 ms`, off for `t2 × 2 ms` (Epson ESC/POS Command
    /// Reference, ESC p). Open the drawer only after the sale is committed.
    public func openDrawer(_ pulse: DrawerPulse = .standard) async throws(DeviceError) {
        try await write(ESCPOSCommand.drawerKick(pulse).bytes, timeout: .seconds(5))
    }

    /// Whether the drawer is open: the level of drawer kick-out connector pin 3, read as the
    /// driver's `pin3HighMeansOpen` says. Needs the device enabled. The answer also updates the
    /// driver's status and raises `drawer-opened` / `drawer-closed` on a change.
    ///
    /// - Parameters:
    ///   - sensing: ``DrawerSensing/realTime`` asks `DLE EOT 1` (0x10 0x04 0x01, bit 2), answered at
    ///     once, even while the printer is offline; ``DrawerSensing/transmitStatus`` asks `GS r 2`
    ///     (0x1D 0x72 0x02, bit 0), answered after the data sent before it, for printers or
    ///     interfaces without real-time commands.
    public func isDrawerOpen(using sensing: DrawerSensing = .realTime, timeout: Duration = .seconds(2))
        async throws(DeviceError) -> Bool
    {
        let driver = self.driver
        let status = try await withTransport { transport throws(DeviceError) in
            switch sensing {
            case .realTime:
                try await driver.queryStatus(through: transport, requests: [.printer], timeout: timeout)
            case .transmitStatus:
                try await driver.queryTransmitStatus(through: transport, request: .drawerKickConnector, timeout: timeout)
            }
        }
        guard let open = status.isDrawerOpen(pin3HighMeansOpen: driver.pin3HighMeansOpen) else {
            throw DeviceError(.protocolViolation, "the printer's status did not say how the drawer is",
                              device: address.description)
        }
        return open
    }

    /// Shows two lines on a customer display chained behind the printer: `ESC = 2` (0x1B 0x3D 0x02)
    /// selects the display, then the display's own command bytes, then `ESC = 1` (0x1B 0x3D 0x01)
    /// selects the printer again (Epson DM-D pass-through). `codePage`: the display's table, as for
    /// ``CustomerDisplayDriver/codePage``.
    public func showOnDisplay(_ layout: DisplayLayout, commandSet: DisplayCommandSet, codePage: CodePage? = nil) async throws(DeviceError) {
        let (upper, lower) = layout.lines
        let bytes = ESCPOSCommand.selectPeripheral(.display).bytes + commandSet.showLines(upper, lower, codePage: codePage)
            + ESCPOSCommand.selectPeripheral(.printer).bytes
        try await write(bytes, timeout: .seconds(5))
    }
}

/// How the open/closed switch of a drawer on the printer's kick-out connector (pin 3) is read.
public enum DrawerSensing: Sendable, Hashable {
    /// `DLE EOT 1` (0x10 0x04 0x01), bit 2: a real-time command, answered at once.
    case realTime
    /// `GS r 2` (0x1D 0x72 0x02), bit 0: answered in turn with the data, not while offline.
    case transmitStatus
}
