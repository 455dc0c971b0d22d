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
        var buffer = CommandBuffer(pieces: [], text: [])
        let missing = encode(text, into: &buffer)
        commands += buffer.commands
        return missing
    }

    /// `encode(_:into:)` for the receipt encoder's buffer: bytes go straight into its text.
    mutating func encode(_ text: String, into buffer: inout some CommandSink) -> [UnencodableText] {
        // Fast path: printable ASCII is the same byte on every page.
        let utf8 = text.utf8
        if text.allUTF8({ $0 >= 0x20 && $0 < 0x7F }) {
            if !utf8.isEmpty { buffer.appendText(utf8) }
            return []
        }
        var state = EncodingRun(slots: slots, selectedTable: selectedTable, runStart: buffer.text.count)
        if text.scalarsAreCharacters {
            // Read as UTF-8: printable ASCII bytes are copied as they are, the rest decoded to scalars.
            if utf8.withContiguousStorageIfAvailable({ state.addScalars(of: $0, into: &buffer) }) == nil {
                state.addScalars(of: utf8, into: &buffer)
            }
        } else {
            for (offset, character) in text.enumerated() {
                state.add(
                    offset: offset, ascii: character.asciiValue, width: DisplayWidth.of(character),
                    missing: character, into: &buffer
                ) { $0.byte(for: character) }
            }
        }
        selectedTable = state.selectedTable
        return state.finish(into: &buffer)
    }

    /// The state of one `encode` call: where the current text run started and the characters missing so far.
    private struct EncodingRun {
        let slots: [CodePageSlot]
        var selectedTable: UInt8?
        /// Start, in the buffer's text, of the text command being written.
        var runStart: Int
        var unencodable: [UnencodableText] = []
        var missing = ""
        var missingOffset = 0

        mutating func flushMissing() {
            if !missing.isEmpty {
                unencodable.append(UnencodableText(text: missing, offset: missingOffset))
                missing = ""
            }
        }

        /// One character: into the selected page, else the first page that has it, else reported missing.
        mutating func add(
            offset: Int, ascii: UInt8?, width: @autoclosure () -> Int, missing character: @autoclosure () -> Character,
            into buffer: inout some CommandSink, byte: (CodePage) -> UInt8?
        ) {
            if let ascii, ascii >= 0x20, ascii < 0x7F {
                flushMissing()
                buffer.text.append(ascii)
                return
            }
            if let table = selectedTable {
                for slot in slots where slot.table == table {
                    if let found = byte(slot.page) {
                        flushMissing()
                        buffer.text.append(found)
                        return
                    }
                    break
                }
            }
            for slot in slots {
                guard let found = byte(slot.page) else { continue }
                flushMissing()
                if buffer.text.count > runStart { buffer.closeText(from: runStart) }
                buffer.append(.selectCodeTable(slot.table))
                selectedTable = slot.table
                runStart = buffer.text.count
                buffer.text.append(found)
                return
            }
            if missing.isEmpty { missingOffset = offset }
            missing.append(character())
            buffer.text.append(repeating: 0x20, count: width())
        }

        /// Every scalar of `utf8`, a text whose scalars are its characters (`scalarsAreCharacters`), so each is
        /// one byte or two (a lead byte below 0xCC and a continuation byte): runs of printable ASCII go into the
        /// text without decoding, and each other scalar through `add`, as a walk over its scalars would.
        mutating func addScalars(of utf8: some Sequence<UInt8>, into buffer: inout some CommandSink) {
            var offset = 0
            var lead: UInt32 = 0
            for byte in utf8 {
                let value: UInt32
                if lead != 0 {
                    value = (lead & 0x1F) << 6 | UInt32(byte & 0x3F)
                    lead = 0
                } else if byte >= 0xC0 {
                    lead = UInt32(byte)
                    continue
                } else if byte >= 0x20 && byte < 0x7F && missing.isEmpty {
                    buffer.text.append(byte)
                    offset += 1
                    continue
                } else {
                    value = UInt32(byte)
                }
                guard let scalar = Unicode.Scalar(value) else { continue }
                add(
                    offset: offset, ascii: scalar.isASCII ? UInt8(value) : nil, width: DisplayWidth.of(scalar),
                    missing: Character(scalar), into: &buffer
                ) { $0.byte(for: scalar) }
                offset += 1
            }
        }

        mutating func finish(into buffer: inout some CommandSink) -> [UnencodableText] {
            flushMissing()
            if buffer.text.count > runStart { buffer.closeText(from: runStart) }
            return unencodable
        }
    }

    /// Whether every character of `text` can be printed with these pages.
    public func canEncode(_ text: String) -> Bool {
        text.allSatisfy { character in
            if let ascii = character.asciiValue { return ascii >= 0x20 && ascii < 0x7F }
            return slots.contains { $0.page.byte(for: character) != nil }
        }
    }
}
