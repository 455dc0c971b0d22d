/// Text a profile's code pages cannot show: what it is and where it was.
///
/// Reported instead of printing a '?' so the caller can print it another way (as an image) or tell someone.
public struct UnencodableText: Sendable, Hashable, CustomStringConvertible {
    /// The characters, in order, that had no byte in any code page of the profile.
    public let text: String
    /// Offset of the first of them, in characters from the start of the string given to the encoder.
    public let offset: Int

    public init(text: String, offset: Int) {
        self.text = text
        self.offset = offset
    }

    public var description: String { "\(text.debugDescription) at character \(offset)" }
}

/// Turns Unicode text into printable bytes and `ESC t n` switches for a printer's code pages.
///
/// Each character goes into the currently selected page if that page has it, otherwise into the first page
/// of the profile's list that has it (emitting `ESC t n`, 0x1B 0x74 n). A character no page has — and any
/// control character, which the printer would take as a command — is left out, replaced by as many spaces
/// as it is wide so columns stay aligned, and reported as `UnencodableText`.
public struct TextEncoder: Sendable {
    public let slots: [CodePageSlot]
    /// The `ESC t` table the printer has selected now, as far as this encoder knows (`nil`: unknown).
    public private(set) var selectedTable: UInt8?

    public init(slots: [CodePageSlot], selectedTable: UInt8? = nil) {
        self.slots = slots
        self.selectedTable = selectedTable
    }

    /// Forgets the selected table, for example after `ESC @` reset the printer to its default table.
    public mutating func reset(selectedTable: UInt8? = nil) {
        self.selectedTable = selectedTable
    }

    /// Appends commands printing `text`; returns what could not be encoded.
    @discardableResult
    public mutating func encode(_ text: String, into commands: inout [ESCPOSCommand]) -> [UnencodableText] {
        // Fast path: printable ASCII is the same byte on every page.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            if !text.isEmpty { commands.append(.text(Array(text.utf8))) }
            return []
        }
        var unencodable: [UnencodableText] = []
        var run: [UInt8] = []
        var missing = ""
        var missingOffset = 0
        func flushMissing() {
            if !missing.isEmpty {
                unencodable.append(UnencodableText(text: missing, offset: missingOffset))
                missing = ""
            }
        }
        for (offset, character) in text.enumerated() {
            if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
                flushMissing()
                run.append(ascii)
                continue
            }
            do {
                if let table = selectedTable, let slot = slots.first(where: { $0.table == table }),
                    let byte = slot.page.byte(for: character)
                {
                    flushMissing()
                    run.append(byte)
                    continue
                }
                if let slot = slots.first(where: { $0.page.byte(for: character) != nil }),
                    let byte = slot.page.byte(for: character)
                {
                    flushMissing()
                    if !run.isEmpty {
                        commands.append(.text(run))
                        run.removeAll()
                    }
                    commands.append(.selectCodeTable(slot.table))
                    selectedTable = slot.table
                    run.append(byte)
                    continue
                }
            }
            if missing.isEmpty { missingOffset = offset }
            missing.append(character)
            run += [UInt8](repeating: 0x20, count: DisplayWidth.of(character))
        }
        flushMissing()
        if !run.isEmpty { commands.append(.text(run)) }
        return unencodable
    }

    /// Whether every character of `text` can be printed with these pages.
    public func canEncode(_ text: String) -> Bool {
        text.allSatisfy { character in
            if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F }
            return slots.contains { $0.page.byte(for: character) != nil }
        }
    }
}
