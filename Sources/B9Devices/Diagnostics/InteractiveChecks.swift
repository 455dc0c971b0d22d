public import B9ESCPOS
public import B9Scale
import NIOCore

/// The UnifiedPOS level 3 (`interactive`) checks: the device does something a person can see, and
/// the technician confirms it — a test print, a drawer kick, display test text, a scan, a weight.
public enum InteractiveChecks {
    /// The test page printed by ``testPrint(_:profile:prompt:timeout:)``.
    public static let testPage = ReceiptDocument {
        ReceiptElement.text("B9Terminal test print", style: .headline, alignment: .center)
        ReceiptElement.divider()
        ReceiptElement.text("If you can read this line, the printer works.")
        ReceiptElement.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789")
        ReceiptElement.feed(lines: 2)
        ReceiptElement.cut()
    }

    /// Prints the test page and asks whether it came out legibly.
    public static func testPrint(_ transport: any DeviceTransport, profile: PrinterProfile, prompt: any TechnicianPrompt,
                                 timeout: Duration) async -> DiagnosticFinding {
        let check = DiagnosticCheck.interactivePrint
        do {
            let encoded = try ReceiptEncoder(profile: profile).encode(testPage)
            try await transport.write(encoded.bytes, timeout: timeout)
        } catch {
            return .fail(check, "the test page could not be sent: \(error)", fix: "check the printer status findings above")
        }
        return await confirmed(check, prompt, "Did the printer print \"B9Terminal test print\" legibly (and cut)?",
                               yes: "test page printed and confirmed",
                               no: "the technician saw no legible test page",
                               fix: "check paper orientation (thermal side out), the profile (devices.printer_profile) and the cutter")
    }

    /// Opens a serial cash drawer and asks whether it opened.
    public static func drawerKick(_ transport: any DeviceTransport, kick: CashDrawerDriver.Kick, prompt: any TechnicianPrompt)
        async -> DiagnosticFinding
    {
        let check = DiagnosticCheck.interactiveDrawer
        do {
            try await CashDrawerDriver(kick: kick).open(through: transport)
        } catch {
            return .fail(check, "the drawer kick could not be sent: \(error.message)", fix: "check the drawer cable and address")
        }
        return await confirmed(check, prompt, "Did the cash drawer open?", yes: "drawer opened and confirmed",
                               no: "the drawer did not open",
                               fix: "check the drawer cable, its power and the kick setting (byte or DTR pulse)")
    }

    /// Shows test text on a customer display, asks whether it is readable, then clears the display
    /// (the station shows its own idle message when it starts; a test pattern left up would face
    /// customers until then).
    public static func displayTest(_ transport: any DeviceTransport, commandSet: DisplayCommandSet,
                                   prompt: any TechnicianPrompt, timeout: Duration) async -> DiagnosticFinding {
        let check = DiagnosticCheck.interactiveDisplay
        do {
            let (upper, lower) = CustomerDisplayDriver.testPattern
            try await transport.write(commandSet.initialize + commandSet.showLines(upper, lower),
                                      timeout: timeout)
        } catch {
            return .fail(check, "the test text could not be sent: \(error.message)", fix: "check the cable and line settings")
        }
        let finding = await confirmed(check, prompt, "Does the customer display show \"B9 display test\" and 1234567890… on two lines?",
                                      yes: "test text shown and confirmed", no: "the display did not show the test text correctly",
                                      fix: "check devices.display_protocol (epson, cd5220, adm788, aedex, logic-controls) and the baud rate")
        try? await transport.write(commandSet.initialize + commandSet.showLines("", ""), timeout: timeout)
        return finding
    }

    /// Asks for a scan, waits for one code and asks whether it is the code scanned.
    public static func scan(_ address: DeviceAddress, prompt: any TechnicianPrompt, timeout: Duration) async -> DiagnosticFinding {
        let check = DiagnosticCheck.interactiveScan
        let device = ManagedDevice(address: address, driver: BarcodeScannerDriver(for: address))
        do {
            try await device.open()
            try await device.claim()
            try await device.enable()
        } catch {
            await device.close()
            return .fail(check, "cannot use the scanner: \(error.message)", fix: "see the health.open finding")
        }
        await prompt.tell("Scan a code now (waiting up to \(timeout)).")
        let code = await withTaskGroup(of: ScannedCode?.self) { group in
            group.addTask {
                for await event in device.events {
                    if case .data(let code) = event { return code }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            await device.close()
            return first
        }
        guard let code else {
            return .fail(check, "no code arrived within \(timeout)",
                         fix: "check that the scanner beeps; for keyboard scanners the layout and suffix (Enter) settings")
        }
        let text = code.printableText
        return await confirmed(check, prompt, "Is \(text) the code you scanned?",
                               yes: "read \(text) (\(code.symbology?.description ?? "symbology unknown")), confirmed",
                               no: "read \(text), which is not the code scanned",
                               fix: "check the keyboard layout (us, de) and the scanner's suffix and AIM settings")
    }

    /// Asks for a weight on the scale, waits for a stable non-zero reading and asks whether the
    /// scale shows the same.
    public static func weigh(_ address: DeviceAddress, scaleProtocol: any ScaleProtocol, prompt: any TechnicianPrompt,
                             timeout: Duration) async -> DiagnosticFinding {
        let check = DiagnosticCheck.interactiveWeight
        guard case .serial(let path, let serial) = address.location, let settings = HealthChecks.scaleLineSettings(serial) else {
            return .warn(check, "weights are checked on serial scales only", fix: nil)
        }
        await prompt.tell("Put a weight on the scale now (waiting up to \(timeout)).")
        let deadline = ContinuousClock.now.advanced(by: timeout)
        var weight: Weight?
        do {
            let line = try await ScaleLine.open(path: path, settings: settings)
            do {
                while weight == nil, ContinuousClock.now < deadline {
                    let events = try await line.converse(scaleProtocol, .weigh, timeout: .seconds(1)) { event in
                        if case .reading = event { true } else { false }
                    }
                    for case .reading(let reading) in events where reading.status == .stable {
                        if let value = reading.weight, !value.isZero, !value.isNegative { weight = value }
                    }
                    if weight == nil { try? await Task.sleep(for: .milliseconds(200)) }
                }
            } catch {
                await line.close()
                throw error
            }
            await line.close()
        } catch {
            return .fail(check, "cannot talk to the scale: \(error)", fix: "see the health.reading finding")
        }
        guard let weight else {
            return .fail(check, "no stable weight above zero within \(timeout)",
                         fix: "put the weight in the middle of the pan, keep it still; zero the empty scale first")
        }
        return await confirmed(check, prompt, "Does the scale show \(weight)?", yes: "read \(weight), confirmed",
                               no: "read \(weight), which the scale does not show",
                               fix: "check the unit and the protocol; have the scale calibrated if the display itself is wrong")
    }

    private static func confirmed(_ check: String, _ prompt: any TechnicianPrompt, _ question: String, yes: String,
                                  no: String, fix: String) async -> DiagnosticFinding {
        await prompt.confirm(question) ? .ok(check, yes) : .fail(check, no, fix: fix)
    }
}
