import B9Core
import B9Devices
import B9ESCPOS
import Logging

/// Prints kitchen tickets on the station's printers, in order of preference: a ticket goes to the first
/// printer that takes all of its bytes; when one refuses, times out or drops the link the next is tried.
///
/// Each ticket opens the printer's transport, writes, and closes it, so a printer that was off comes back
/// without a restart. Text no code page of the profile can show (Bengali item names) is drawn as raster.
actor KitchenPrinter {
    /// Why no printer printed a ticket.
    struct Failure: Error, CustomStringConvertible {
        /// Each printer tried, with what went wrong.
        let attempts: [(address: String, error: String)]

        var description: String {
            "no kitchen printer took the ticket ("
                + attempts.map { "\($0.address): \($0.error)" }.joined(separator: "; ")
                + "); check that a printer in kitchen.printers is on and reachable"
        }
    }

    let printers: [DeviceAddress]
    let profile: PrinterProfile
    let writeTimeout: Duration
    private let logger: Logger
    private let encoder: StationTicketEncoder

    init(printers: [DeviceAddress], profile: PrinterProfile, writeTimeout: Duration = .seconds(10), logger: Logger) {
        self.printers = printers
        self.profile = profile
        self.writeTimeout = writeTimeout
        self.logger = logger
        encoder = StationTicketEncoder(profile: profile, purpose: "kitchen tickets", logger: logger)
    }

    /// Printers given as address text (`tcp://10.0.0.31:9100`), first preferred.
    /// - Throws: `DeviceError` naming the address that does not parse.
    init(addresses: [String], profile: PrinterProfile = .generic80, writeTimeout: Duration = .seconds(10), logger: Logger) throws {
        self.init(printers: try addresses.map { try DeviceAddress(parsing: $0) }, profile: profile, writeTimeout: writeTimeout, logger: logger)
    }

    /// The ticket's printer bytes for the profile.
    func encode(_ order: KitchenOrderData, voided: Set<Int> = []) throws -> [UInt8] {
        try encoder.encode(KitchenTicket.document(for: order, voided: voided))
    }

    /// Prints `order` on the first printer that works; items in `voided` are marked VOID.
    /// - Returns: the address of the printer that printed it.
    /// - Throws: ``Failure`` when every printer failed (the order stays unaccepted and is retried).
    func print(_ order: KitchenOrderData, voided: Set<Int> = []) async throws -> DeviceAddress {
        try await print(try encode(order, voided: voided), orderID: order.orderID)
    }

    /// Prints the VOID slip of an item voided after its ticket printed, on the first printer that works.
    func printVoid(_ void: KitchenItemVoidData) async throws -> DeviceAddress {
        try await print(try encoder.encode(KitchenTicket.voidDocument(for: void)), orderID: void.orderID)
    }

    private func print(_ bytes: [UInt8], orderID: String) async throws -> DeviceAddress {
        var attempts: [(address: String, error: String)] = []
        for address in printers {
            do {
                let transport = try await TransportFactory.open(address)
                do {
                    try await transport.write(bytes, timeout: writeTimeout)
                } catch {
                    await transport.close()
                    throw error
                }
                await transport.close()
                if !attempts.isEmpty {
                    logger.warning("kitchen ticket printed on a failover printer", metadata: ["kitchen.order": "\(orderID)", "printer": "\(address)"])
                }
                return address
            } catch {
                logger.warning("kitchen printer failed", metadata: ["printer": "\(address)", "error": "\(error)"])
                attempts.append((address.description, "\(error)"))
            }
        }
        throw Failure(attempts: attempts)
    }
}
