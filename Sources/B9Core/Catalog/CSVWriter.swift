/// Writes CSV that ``CSVReader`` reads back field for field (every field quoted, quotes doubled).
public enum CSVWriter {
    public static func write(_ records: [[String]]) -> String {
        records.map { fields in
            fields.map { "\"" + $0.replacingQuotes() + "\"" }.joined(separator: ",")
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func replacingQuotes() -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            if scalar == "\"" { result.unicodeScalars.append("\"") }
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
