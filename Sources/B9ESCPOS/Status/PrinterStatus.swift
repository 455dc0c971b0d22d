/// What a printer said about itself, gathered from `DLE EOT n` replies and Automatic Status Back frames.
///
/// Each reply reports only some facts, so every field is optional: `nil` means "this reply did not say".
/// Combine replies with `merging(_:)`. Bit meanings: Epson ESC/POS Command Reference, DLE EOT and GS a
/// (TM-T88/TM-T20 class; Citizen CT-S310 and Bixolon SRP-350 manuals list the same bits).
public struct PrinterStatus: Sendable, Hashable, CustomStringConvertible {
    /// The printer is offline (cover open, paper end, error or paper being fed by the button).
    public var isOffline: Bool?
    /// Level of drawer kick-out connector pin 3 (the drawer's open/closed switch). Whether HIGH means
    /// open depends on the drawer; see `isDrawerOpen(pin3HighMeansOpen:)`.
    public var drawerPin3High: Bool?
    /// The printer waits for online recovery after an error (DLE EOT 1 bit 5, ASB byte 2 bit 0).
    public var waitingForOnlineRecovery: Bool?
    /// The paper feed button is being pressed (DLE EOT 1 bit 6).
    public var feedButtonPressed: Bool?
    /// The cover is open (DLE EOT 2 bit 2, ASB byte 1 bit 5).
    public var coverOpen: Bool?
    /// Paper is being fed by the feed button (DLE EOT 2 bit 3, ASB byte 1 bit 6).
    public var feedingByButton: Bool?
    /// Printing stopped because the paper ran out (DLE EOT 2 bit 5).
    public var stoppedByPaperEnd: Bool?
    /// Some error occurred (DLE EOT 2 bit 6).
    public var errorOccurred: Bool?
    /// A recoverable (mechanical) error occurred: clear the cause, then `DLE ENQ` (DLE EOT 3 bit 2,
    /// ASB byte 2 bit 2).
    public var recoverableError: Bool?
    /// The auto-cutter failed, usually a paper jam (DLE EOT 3 bit 3, ASB byte 2 bit 3).
    public var autocutterError: Bool?
    /// An unrecoverable error occurred: switch the printer off (DLE EOT 3 bit 5, ASB byte 2 bit 5).
    public var unrecoverableError: Bool?
    /// An automatically recoverable error (such as head overheat) stops printing for now
    /// (DLE EOT 3 bit 6, ASB byte 2 bit 6).
    public var autoRecoverableError: Bool?
    /// The roll paper near-end sensor sees little paper left (DLE EOT 4 bits 2–3, ASB byte 3 bits 0–1).
    public var paperNearEnd: Bool?
    /// The roll paper end sensor sees no paper (DLE EOT 4 bits 5–6, ASB byte 3 bits 2–3).
    public var paperEnd: Bool?

    public init() {}

    /// Whether the cash drawer is open, given how the drawer wires its switch.
    ///
    /// Epson's drawer specification reports "open" as pin 3 HIGH for its DK-series drawers; some
    /// drawers are wired the other way, hence the parameter.
    public func isDrawerOpen(pin3HighMeansOpen: Bool = true) -> Bool? {
        drawerPin3High.map { $0 == pin3HighMeansOpen }
    }

    /// True when the printer can print as far as this status knows (online, no error, paper present).
    public var isReady: Bool {
        isOffline != true && coverOpen != true && paperEnd != true && errorOccurred != true
            && recoverableError != true && autocutterError != true && unrecoverableError != true
            && autoRecoverableError != true
    }

    /// This status with every fact `newer` reports replaced by the newer value.
    public func merging(_ newer: PrinterStatus) -> PrinterStatus {
        var merged = self
        merged.isOffline = newer.isOffline ?? isOffline
        merged.drawerPin3High = newer.drawerPin3High ?? drawerPin3High
        merged.waitingForOnlineRecovery = newer.waitingForOnlineRecovery ?? waitingForOnlineRecovery
        merged.feedButtonPressed = newer.feedButtonPressed ?? feedButtonPressed
        merged.coverOpen = newer.coverOpen ?? coverOpen
        merged.feedingByButton = newer.feedingByButton ?? feedingByButton
        merged.stoppedByPaperEnd = newer.stoppedByPaperEnd ?? stoppedByPaperEnd
        merged.errorOccurred = newer.errorOccurred ?? errorOccurred
        merged.recoverableError = newer.recoverableError ?? recoverableError
        merged.autocutterError = newer.autocutterError ?? autocutterError
        merged.unrecoverableError = newer.unrecoverableError ?? unrecoverableError
        merged.autoRecoverableError = newer.autoRecoverableError ?? autoRecoverableError
        merged.paperNearEnd = newer.paperNearEnd ?? paperNearEnd
        merged.paperEnd = newer.paperEnd ?? paperEnd
        return merged
    }

    public var description: String {
        let facts: [(String, Bool?)] = [
            ("offline", isOffline), ("drawer-pin3-high", drawerPin3High),
            ("waiting-for-recovery", waitingForOnlineRecovery), ("feed-button", feedButtonPressed),
            ("cover-open", coverOpen), ("feeding-by-button", feedingByButton),
            ("stopped-by-paper-end", stoppedByPaperEnd), ("error", errorOccurred),
            ("recoverable-error", recoverableError), ("autocutter-error", autocutterError),
            ("unrecoverable-error", unrecoverableError), ("auto-recoverable-error", autoRecoverableError),
            ("paper-near-end", paperNearEnd), ("paper-end", paperEnd),
        ]
        let known = facts.compactMap { name, value in value.map { "\(name)=\($0)" } }
        return "PrinterStatus(" + known.joined(separator: " ") + ")"
    }
}

extension PrinterStatus {
    /// Fixed bits of every `DLE EOT` reply: bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0 (pattern 0xx1xx10).
    static let realTimeMask: UInt8 = 0b1001_0011
    static let realTimePattern: UInt8 = 0b0001_0010
    /// Fixed bits of the first ASB byte: bits 0, 1 = 0, bit 4 = 1, bit 7 = 0 (pattern 0xx1xx00).
    static let asbFirstMask: UInt8 = 0b1001_0011
    static let asbFirstPattern: UInt8 = 0b0001_0000
    /// Fixed bits of ASB bytes 2–4: bit 4 = 0, bit 7 = 0 (pattern 0xx0xxxx).
    static let asbFollowingMask: UInt8 = 0b1001_0000
    static let asbFollowingPattern: UInt8 = 0b0000_0000

    /// Whether `byte` has the fixed bits of a `DLE EOT` reply (0xx1xx10).
    public static func isRealTimeReply(_ byte: UInt8) -> Bool {
        byte & realTimeMask == realTimePattern
    }

    /// Whether `byte` can start an Automatic Status Back frame (0xx1xx00).
    public static func isAutomaticStatusFirstByte(_ byte: UInt8) -> Bool {
        byte & asbFirstMask == asbFirstPattern
    }

    /// Whether `byte` can be byte 2, 3 or 4 of an Automatic Status Back frame (0xx0xxxx).
    public static func isAutomaticStatusFollowingByte(_ byte: UInt8) -> Bool {
        byte & asbFollowingMask == asbFollowingPattern
    }

    /// Reads the reply byte to `DLE EOT n`.
    ///
    /// - Returns: `nil` if the byte does not have the fixed bits of a reply (0xx1xx10), so it cannot be one.
    public init?(realTimeReply byte: UInt8, to request: StatusRequest) {
        guard Self.isRealTimeReply(byte) else { return nil }
        self.init()
        func bit(_ n: UInt8) -> Bool { byte & (1 << n) != 0 }
        switch request {
        case .printer:
            drawerPin3High = bit(2)
            isOffline = bit(3)
            waitingForOnlineRecovery = bit(5)
            feedButtonPressed = bit(6)
        case .offlineCause:
            coverOpen = bit(2)
            feedingByButton = bit(3)
            stoppedByPaperEnd = bit(5)
            errorOccurred = bit(6)
        case .errorCause:
            recoverableError = bit(2)
            autocutterError = bit(3)
            unrecoverableError = bit(5)
            autoRecoverableError = bit(6)
        case .paperSensor:
            // Bits 2 and 3 are the near-end sensor (Epson sets both; Citizen reports two sensors).
            paperNearEnd = bit(2) || bit(3)
            // Bits 5 and 6 are the paper end sensor.
            paperEnd = bit(5) || bit(6)
        }
    }

    /// Reads a 4-byte Automatic Status Back frame.
    ///
    /// - Returns: `nil` unless there are exactly four bytes with the fixed bits of an ASB frame
    ///   (0xx1xx00, then three times 0xx0xxxx).
    public init?(automaticStatusBack frame: some Collection<UInt8>) {
        let bytes = Array(frame)
        guard bytes.count == 4, Self.isAutomaticStatusFirstByte(bytes[0]),
            bytes.dropFirst().allSatisfy(Self.isAutomaticStatusFollowingByte)
        else { return nil }
        self.init()
        func bit(_ index: Int, _ n: UInt8) -> Bool { bytes[index] & (1 << n) != 0 }
        drawerPin3High = bit(0, 2)
        isOffline = bit(0, 3)
        coverOpen = bit(0, 5)
        feedingByButton = bit(0, 6)
        waitingForOnlineRecovery = bit(1, 0)
        recoverableError = bit(1, 2)
        autocutterError = bit(1, 3)
        unrecoverableError = bit(1, 5)
        autoRecoverableError = bit(1, 6)
        paperNearEnd = bit(2, 0) || bit(2, 1)
        paperEnd = bit(2, 2) || bit(2, 3)
    }
}
