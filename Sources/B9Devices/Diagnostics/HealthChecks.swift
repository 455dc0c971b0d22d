public import B9ESCPOS
public import B9Scale
import NIOCore

/// The UnifiedPOS health checks the diagnostics run, level 1 (`internal`: the device opens and
/// closes) and level 2 (`external`: it answers — printer status, a scale reading, a display reset).
/// Each returns findings; none throws.
public enum HealthChecks {
    /// Opens `address` for a check. Serial ports are opened without `TIOCEXCL`, so a later open by
    /// the same diagnostics (or a scale line) is not refused; another program's exclusive hold still
    /// shows as `busy`.
    public static func open(_ address: DeviceAddress, timeout: Duration) async throws(DeviceError) -> any DeviceTransport {
        if case .serial(let path, let settings) = address.location {
            return try await SerialPort.open(path: path, settings: settings, exclusive: false)
        }
        return try await TransportFactory.open(address, connectTimeout: timeout)
    }

    /// The `health.open` failure for an open error, with the fix for its kind.
    public static func openFailure(_ error: DeviceError, address: DeviceAddress, serviceUser: String) -> DiagnosticFinding {
        let target = address.path ?? address.description
        let fix: String
        switch error.code {
        case .notFound:
            fix = "check the cable and power; `b9terminal devices` lists what is plugged in"
        case .permissionDenied:
            fix = "sudo usermod -aG \(NodePermissionCheck.deviceGroup) \(serviceUser) and install the udev rules: "
                + NodePermissionCheck.udevInstallCommand
        case .busy:
            fix = "another program holds \(target): find it with `sudo fuser -v \(target)` and stop it "
                + "(a second b9terminal, CUPS, a terminal program)"
        case .connectionFailed, .timedOut:
            fix = "check the address (print the printer's self-test page to see its IP), the network cable, and that "
                + "nothing else is connected to the port"
        default:
            fix = "check the address and that the device is the kind configured"
        }
        return .fail(DiagnosticCheck.healthOpen, "cannot open \(address): \(error.message)", fix: fix)
    }

    /// The `line-settings` finding for an open serial port: the settings read back from the kernel,
    /// compared with the configured ones and, for scales, with the protocol's usual ones.
    public static func lineSettings(_ port: SerialPort, expected: SerialSettings, usual: LineSettings? = nil,
                                    protocolName: String? = nil) -> DiagnosticFinding {
        let attributes: TerminalAttributes
        do {
            attributes = try port.attributes()
        } catch {
            return .warn(DiagnosticCheck.lineSettings, "cannot read the line settings back: \(error.message)",
                         fix: "check that the address names a serial port")
        }
        guard let applied = attributes.settings else {
            return .warn(DiagnosticCheck.lineSettings, "the port runs at a speed B9Terminal does not use",
                         fix: "set baud in the address to one of 1200…115200")
        }
        if applied != expected {
            return .warn(DiagnosticCheck.lineSettings, "configured \(expected), the kernel reports \(applied)",
                         fix: "check that the adapter supports \(expected)")
        }
        if let usual, let protocolName,
            usual.baudRate != expected.baudRate.bitsPerSecond || usual.dataBits != expected.dataBits
                || usual.stopBits != expected.stopBits || usual.parity.rawValue != expected.parity.description
        {
            return .warn(DiagnosticCheck.lineSettings, "\(expected) applied; \(protocolName) scales usually run at \(usual)",
                         fix: "make the address match the scale's setup menu (for \(protocolName) usually \(usual))")
        }
        return .ok(DiagnosticCheck.lineSettings, "\(applied) applied and read back")
    }

    /// Asks the printer `DLE EOT 1…4` one after the other and merges the answers.
    ///
    /// - Throws: ``DeviceError`` `timedOut` naming the request that got no answer.
    public static func queryPrinterStatus(_ transport: any DeviceTransport, timeout: Duration) async throws(DeviceError)
        -> PrinterStatus
    {
        var decoder = PrinterStatusDecoder()
        var status = PrinterStatus()
        for request in StatusRequest.allCases {
            try await transport.write(decoder.request(request), timeout: timeout)
            let deadline = ContinuousClock.now.advanced(by: timeout)
            while !decoder.outstandingRequests.isEmpty {
                let remaining = ContinuousClock.now.duration(to: deadline)
                guard remaining > .zero else {
                    throw DeviceError(.timedOut, "no answer to DLE EOT \(request.rawValue) within \(timeout)",
                                      device: transport.address.description)
                }
                var chunk: ByteBuffer
                do {
                    chunk = try await transport.read(timeout: remaining)
                } catch where error.code == .timedOut {
                    throw DeviceError(.timedOut, "no answer to DLE EOT \(request.rawValue) within \(timeout)",
                                      device: transport.address.description)
                }
                for reply in decoder.feed(chunk.readBytes(length: chunk.readableBytes) ?? []) {
                    switch reply {
                    case .realTimeStatus(_, let answer, _), .automaticStatus(let answer, _):
                        status = status.merging(answer)
                    default:
                        break
                    }
                }
            }
        }
        return status
    }

    /// The `health.status` findings for what the printer reported: one per problem, or one OK.
    public static func printerStatusFindings(_ status: PrinterStatus) -> [DiagnosticFinding] {
        let check = DiagnosticCheck.healthStatus
        var findings: [DiagnosticFinding] = []
        if status.paperEnd == true || status.stoppedByPaperEnd == true {
            findings.append(.fail(check, "paper end: the roll is empty", fix: "load a new paper roll and close the cover"))
        }
        if status.coverOpen == true {
            findings.append(.fail(check, "cover open", fix: "close the printer cover until it clicks"))
        }
        if status.autocutterError == true {
            findings.append(.fail(check, "auto-cutter error (usually a paper jam)",
                                  fix: "open the cover, clear the jammed paper, close the cover"))
        }
        if status.unrecoverableError == true {
            findings.append(.fail(check, "unrecoverable printer error",
                                  fix: "switch the printer off and on; if it stays, the printer needs service"))
        }
        if status.recoverableError == true {
            findings.append(.fail(check, "recoverable error", fix: "remove the cause (paper, cover), then switch the printer off and on"))
        }
        if status.autoRecoverableError == true {
            findings.append(.warn(check, "printing paused (head overheated)", fix: "wait a minute for the head to cool down"))
        }
        if status.paperNearEnd == true, status.paperEnd != true {
            findings.append(.warn(check, "paper near end", fix: "replace the paper roll soon"))
        }
        if findings.isEmpty, status.isOffline == true {
            findings.append(.fail(check, "printer is offline", fix: "check the printer's error LED and press FEED; switch it off and on"))
        }
        if findings.isEmpty {
            findings.append(.ok(check, "online, cover closed, paper present (DLE EOT 1–4)"))
        }
        return findings
    }

    /// Level 2 for a printer: the status query and its findings.
    public static func printerStatus(_ transport: any DeviceTransport, timeout: Duration) async -> [DiagnosticFinding] {
        do {
            return printerStatusFindings(try await queryPrinterStatus(transport, timeout: timeout))
        } catch {
            return [.fail(DiagnosticCheck.healthStatus, error.message,
                          fix: "check that the printer is on and not in an error state; on serial, that baud and flow "
                              + "control match the printer's DIP switches; some USB printers answer only through usblp")]
        }
    }

    /// The scale line settings for a serial address.
    static func scaleLineSettings(_ settings: SerialSettings) -> LineSettings? {
        guard let parity = LineSettings.Parity(rawValue: settings.parity.description) else { return nil }
        return try? LineSettings(baudRate: settings.baudRate.bitsPerSecond, dataBits: settings.dataBits, parity: parity,
                                 stopBits: settings.stopBits)
    }

    /// Level 2 for a scale: one weigh request through its protocol; OK with the reading.
    public static func scaleReading(_ address: DeviceAddress, scaleProtocol: any ScaleProtocol, timeout: Duration) async
        -> DiagnosticFinding
    {
        let check = DiagnosticCheck.healthReading
        guard case .serial(let path, let serial) = address.location, let settings = scaleLineSettings(serial) else {
            return .warn(check, "scale reading is checked on serial scales only", fix: nil)
        }
        let events: [ScaleEvent]
        do {
            let line = try await ScaleLine.open(path: path, settings: settings)
            do {
                events = try await line.converse(scaleProtocol, .weigh, timeout: timeout) { event in
                    switch event {
                    case .reading, .rejected: true
                    default: false
                    }
                }
            } catch {
                await line.close()
                throw error
            }
            await line.close()
        } catch {
            return .fail(check, "cannot talk to the scale: \(error)", fix: "check the port and that nothing else uses it")
        }
        for event in events {
            switch event {
            case .reading(let reading):
                let weight = reading.weight.map { "\($0)" } ?? "no weight"
                return .ok(check, "the scale answered (\(scaleProtocol.name)): \(weight), \(reading.status)")
            case .rejected(let error):
                return .warn(check, "the scale refused the weigh request: \(error.message)",
                             fix: "check the scale's display for an error; zero it with the pan empty")
            default:
                continue
            }
        }
        let skipped = events.compactMap { event -> String? in if case .skipped(let e) = event { e.message } else { nil } }
        return .fail(check, skipped.first.map { "no reading: \($0)" } ?? "no answer within \(timeout) (\(scaleProtocol.name), \(settings))",
                     fix: "check devices.scale_protocol and the line settings against the scale's setup, and the cable; "
                         + "`b9terminal scale detect --port \(path)` probes every protocol")
    }

    /// Level 2 for a customer display: sends its reset (initialise and clear).
    public static func displayReset(_ transport: any DeviceTransport, commandSet: DisplayCommandSet, timeout: Duration) async
        -> DiagnosticFinding
    {
        do {
            try await transport.write(commandSet.initialize, timeout: timeout)
            return .ok(DiagnosticCheck.healthReset, "reset sent (\(commandSet))")
        } catch {
            return .fail(DiagnosticCheck.healthReset, "the display did not take its reset: \(error.message)",
                         fix: "check the cable, the line settings and devices.display_protocol")
        }
    }
}
