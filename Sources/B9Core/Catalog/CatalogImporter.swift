import Crypto
import Foundation

/// Reads a catalog file (CSV or JSON) into products, all or nothing.
///
/// Every row is checked before anything is stored; the first bad row stops the import with an error
/// naming its line and field. The CSV columns (header required, any order):
///
/// | column | required | meaning |
/// |---|---|---|
/// | `sku` | yes | stock-keeping unit, unique in the file |
/// | `name` | yes | any Unicode text, Bengali included |
/// | `unit` | yes | `pc`, `kg`, `g`, `lb`, `oz`, `m`, `cm`, `mm`, `ft`, `in`, `l`, `ml`, `m2`, `box:N` |
/// | `price` | yes | unit price in major units, at most the currency's decimals (`120.50`) |
/// | `vat_rate` | yes | percent, up to two decimals (`15`, `7.5`) |
/// | `vat_inclusive` | no | `true` if the price includes VAT (default `true`) |
/// | `barcodes` | no | `|`-separated |
/// | `category` | no | free text (kitchen routing uses it) |
/// | `tiers` | no | bulk prices `MINQTY:PRICE|MINQTY:PRICE` (`10:115.00|50:110.00`) |
/// | `service` | no | `true` for services without stock (default `false`) |
/// | `stock_tracked` | no | default `true` for goods, `false` for services |
///
/// JSON is an array of objects with the same keys (`barcodes` and `tiers` as arrays:
/// `"tiers": [{"min_quantity": "10", "price": "115.00"}]`; numbers may be JSON numbers or strings).
public struct CatalogImporter: Sendable {
    public let currency: Currency

    public init(currency: Currency) {
        self.currency = currency
    }

    /// A parsed file: its products and a SHA-256 of its bytes for the journal.
    public struct Parsed: Sendable {
        public let products: [Product]
        public let sha256: String
    }

    static let columns: Set<String> = [
        "sku", "name", "unit", "price", "vat_rate", "vat_inclusive", "barcodes", "category", "tiers", "service", "stock_tracked",
    ]
    static let requiredColumns = ["sku", "name", "unit", "price", "vat_rate"]

    /// Parses a catalog by its file name's extension (`.csv` or `.json`).
    public func parse(fileName: String, bytes: [UInt8]) throws(CoreError) -> Parsed {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".json") { return try parseJSON(bytes) }
        if lower.hasSuffix(".csv") { return try parseCSV(bytes) }
        throw CoreError(.catalogImport, "\(fileName): a catalog file ends in .csv or .json")
    }

    /// Parses CSV bytes (UTF-8).
    public func parseCSV(_ bytes: [UInt8]) throws(CoreError) -> Parsed {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CoreError(.catalogImport, "the file is not UTF-8 text; save it as UTF-8 CSV")
        }
        let records = try CSVReader.records(text)
        guard let header = records.first else { throw CoreError(.catalogImport, "the file is empty; the first line must name the columns") }
        let names = header.fields.map { $0.trimmingASCIIWhitespace().lowercased() }
        for name in names where !Self.columns.contains(name) {
            throw CoreError(.catalogImport, "line \(header.line): unknown column '\(name)'; columns are \(Self.columns.sorted().joined(separator: ", "))")
        }
        guard Set(names).count == names.count else { throw CoreError(.catalogImport, "line \(header.line): a column is named twice") }
        for required in Self.requiredColumns where !names.contains(required) {
            throw CoreError(.catalogImport, "line \(header.line): the required column '\(required)' is missing")
        }
        var rows: [(line: Int, fields: [String: String])] = []
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                throw CoreError(.catalogImport, "line \(record.line): \(record.fields.count) fields where the header has \(names.count)")
            }
            rows.append((record.line, Dictionary(uniqueKeysWithValues: zip(names, record.fields))))
        }
        return Parsed(products: try products(rows, location: { "line \($0)" }), sha256: Self.digest(bytes))
    }

    /// Parses JSON bytes: an array of product objects.
    public func parseJSON(_ bytes: [UInt8]) throws(CoreError) -> Parsed {
        let items: [[String: JSONValue]]
        do {
            items = try JSONDecoder().decode([[String: JSONValue]].self, from: Data(bytes))
        } catch {
            throw CoreError(.catalogImport, "the file is not a JSON array of product objects (\(error))", underlying: error)
        }
        let lines = JSONLineIndex.topLevelObjectLines(bytes)
        func location(_ item: Int) -> String { "item \(item) (line \(item - 1 < lines.count ? lines[item - 1] : 0))" }
        var rows: [(line: Int, fields: [String: String])] = []
        for (index, item) in items.enumerated() {
            var fields: [String: String] = [:]
            for (key, value) in item {
                guard Self.columns.contains(key) else {
                    throw CoreError(.catalogImport, "\(location(index + 1)): unknown field '\(key)'")
                }
                guard let text = value.cellText(key: key) else {
                    throw CoreError(.catalogImport, "\(location(index + 1)): \(key) has an unexpected type")
                }
                fields[key] = text
            }
            rows.append((index + 1, fields))
        }
        return Parsed(products: try products(rows, location: location), sha256: Self.digest(bytes))
    }

    private func products(_ rows: [(line: Int, fields: [String: String])], location: (Int) -> String) throws(CoreError) -> [Product] {
        var products: [Product] = []
        var seenSKUs: [String: Int] = [:]
        var seenBarcodes: [String: String] = [:]
        for (line, fields) in rows {
            let product: Product
            do {
                product = try self.product(fields)
            } catch {
                throw CoreError(.catalogImport, "\(location(line)): \(error.message); nothing was imported")
            }
            if let first = seenSKUs[product.sku] {
                throw CoreError(.catalogImport, "\(location(line)): sku: '\(product.sku)' is already on \(location(first)); nothing was imported")
            }
            for code in product.barcodes {
                if let owner = seenBarcodes[code] {
                    throw CoreError(.catalogImport, "\(location(line)): barcodes: \(code) is also on \(owner); nothing was imported")
                }
                seenBarcodes[code] = product.sku
            }
            seenSKUs[product.sku] = line
            products.append(product)
        }
        return products
    }

    private func product(_ fields: [String: String]) throws(CoreError) -> Product {
        func field(_ name: String) -> String? {
            guard let value = fields[name]?.trimmingASCIIWhitespace(), !value.isEmpty else { return nil }
            return value
        }
        func required(_ name: String) throws(CoreError) -> String {
            guard let value = field(name) else { throw CoreError(.catalogImport, "\(name): a value is required") }
            return value
        }
        func flag(_ name: String, default value: Bool) throws(CoreError) -> Bool {
            guard let text = field(name)?.lowercased() else { return value }
            switch text {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: throw CoreError(.catalogImport, "\(name): use true or false (got '\(text)')")
            }
        }
        func named<T>(_ name: String, _ body: () throws(CoreError) -> T) throws(CoreError) -> T {
            do { return try body() } catch { throw CoreError(error.code, "\(name): \(error.message)") }
        }
        let unit = try named("unit") { () throws(CoreError) in try UnitOfMeasure.named(try required("unit")) }
        let price = try named("price") { () throws(CoreError) in try Money(parsing: try required("price"), currency: currency) }
        let vat = try named("vat_rate") { () throws(CoreError) in
            try VATClass(percent: try required("vat_rate"), pricesIncludeVAT: try flag("vat_inclusive", default: true))
        }
        let tiers = try named("tiers") { () throws(CoreError) in try tierList(field("tiers")) }
        let isService = try flag("service", default: false)
        let barcodes = field("barcodes").map { $0.split(separator: "|").map { String($0).trimmingASCIIWhitespace() } } ?? []
        return try named("product") { () throws(CoreError) in
            try Product(
                sku: try required("sku"), name: try required("name"), barcodes: barcodes, category: field("category") ?? "",
                unit: unit, unitPrice: price, tiers: tiers, vat: vat, isService: isService,
                isStockTracked: try flag("stock_tracked", default: !isService)
            )
        }
    }

    private func tierList(_ text: String?) throws(CoreError) -> [Product.PriceTier] {
        guard let text else { return [] }
        var tiers: [Product.PriceTier] = []
        for part in text.split(separator: "|") {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            guard pieces.count == 2 else {
                throw CoreError(.catalogImport, "write tiers as MINQTY:PRICE|MINQTY:PRICE, e.g. 10:115.00|50:110.00 (got '\(part)')")
            }
            tiers.append(Product.PriceTier(
                minimumQuantity: try Quantity(parsing: String(pieces[0])), unitPrice: try Money(parsing: String(pieces[1]), currency: currency)
            ))
        }
        return tiers
    }

    static func digest(_ bytes: [UInt8]) -> String {
        JournalHasher.hex(Array(SHA256.hash(data: bytes)))
    }
}

/// A JSON value of a catalog item, turned into the text a CSV cell would hold.
enum JSONValue: Decodable {
    case text(String)
    case number(Decimal)
    case flag(Bool)
    case list([JSONValue])
    case object([String: JSONValue])
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .flag(flag)
        } else if let number = try? container.decode(Decimal.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .text(text)
        } else if let list = try? container.decode([JSONValue].self) {
            self = .list(list)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Scalars as text; `barcodes` lists joined with `|`; `tiers` lists as `MIN:PRICE|MIN:PRICE`.
    func cellText(key: String) -> String? {
        switch self {
        case .text(let text): return text
        case .number(let number): return number.description
        case .flag(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .list(let items) where key == "barcodes":
            let codes = items.compactMap { if case .text(let code) = $0 { code } else { nil } }
            return codes.count == items.count ? codes.joined(separator: "|") : nil
        case .list(let items) where key == "tiers":
            var parts: [String] = []
            for item in items {
                guard case .object(let tier) = item,
                    let minimum = tier["min_quantity"]?.cellText(key: "min_quantity"),
                    let price = tier["price"]?.cellText(key: "price")
                else { return nil }
                parts.append("\(minimum):\(price)")
            }
            return parts.joined(separator: "|")
        default:
            return nil
        }
    }
}

/// Finds the line on which each top-level object of a JSON array starts, so errors can name it.
enum JSONLineIndex {
    static func topLevelObjectLines(_ bytes: [UInt8]) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        for byte in bytes {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if depth == 1 && byte == UInt8(ascii: "{") { lines.append(line) }
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return lines
    }
}
