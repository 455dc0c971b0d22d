/// A strict RFC 4180 CSV reader that remembers the line each record starts on.
///
/// Quoted fields may contain commas, doubled quotes and line breaks. A quote inside an unquoted
/// field, text after a closing quote, or an unterminated quote is an error naming the line.
public enum CSVReader {
    /// A record and the 1-based line of the file it starts on.
    public struct Record: Sendable, Hashable {
        public let line: Int
        public let fields: [String]
    }

    /// Splits `text` into records. A UTF-8 byte-order mark is skipped; CRLF and LF both end records;
    /// blank lines are skipped.
    public static func records(_ text: String) throws(CoreError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var fieldWasQuoted = false
        var afterClosingQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = iterator.next()
        if pending == "\u{FEFF}" { pending = iterator.next() }

        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !fieldWasQuoted) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            fieldWasQuoted = false
            afterClosingQuote = false
        }

        while let scalar = pending {
            pending = iterator.next()
            if inQuotes {
                if scalar == "\"" {
                    if pending == "\"" {
                        field.unicodeScalars.append("\"")
                        pending = iterator.next()
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                fields.append(field)
                field = ""
                fieldWasQuoted = false
                afterClosingQuote = false
            case "\r" where pending == "\n":
                continue
            case "\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            case "\"":
                guard field.isEmpty, !fieldWasQuoted else {
                    throw CoreError(.catalogImport, "line \(line): a quote inside an unquoted field; quote the whole field and double inner quotes")
                }
                inQuotes = true
                fieldWasQuoted = true
            default:
                guard !afterClosingQuote else {
                    throw CoreError(.catalogImport, "line \(line): text after a closing quote")
                }
                field.unicodeScalars.append(scalar)
            }
        }
        guard !inQuotes else {
            throw CoreError(.catalogImport, "line \(recordLine): a quoted field is never closed")
        }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted {
            endRecord()
        }
        return records
    }
}
