/// A receipt as content, independent of any printer: text, columns, totals, codes, images, cut.
///
/// Build one with the `ReceiptBuilder` result builder or from an array of elements, then turn it into bytes
/// for a model with `ReceiptEncoder(profile:).encode(_:)`. Widths are in print columns and adapt to the
/// profile (32, 42, 48 … columns), counting East Asian wide characters as two.
public struct ReceiptDocument: Sendable, Hashable {
    public var elements: [ReceiptElement]

    public init(elements: [ReceiptElement]) {
        self.elements = elements
    }

    public init(@ReceiptBuilder _ content: () -> [ReceiptElement]) {
        self.elements = content()
    }
}

/// Character style for receipt text.
public struct TextStyle: Sendable, Hashable {
    public var bold: Bool
    public var underline: Underline
    public var size: CharacterSize
    public var inverse: Bool
    public var font: PrinterFont

    public init(
        bold: Bool = false, underline: Underline = .off, size: CharacterSize = .normal, inverse: Bool = false,
        font: PrinterFont = .a
    ) {
        self.bold = bold
        self.underline = underline
        self.size = size
        self.inverse = inverse
        self.font = font
    }

    public static let plain = TextStyle()
    public static let bold = TextStyle(bold: true)
    /// Bold, double width and height: a shop name or a grand total.
    public static let headline = TextStyle(bold: true, size: .double)
}

/// One column of a `ReceiptElement.columns` row.
public struct ReceiptColumn: Sendable, Hashable {
    public var text: String
    public var width: Width
    public var alignment: Justification

    /// How wide a column is.
    public enum Width: Sendable, Hashable {
        /// Exactly this many print columns.
        case fixed(Int)
        /// As wide as its text (up to the line width).
        case fit
        /// Whatever the other columns leave (shared equally between flexible columns).
        case flexible
    }

    public init(_ text: String, width: Width = .flexible, alignment: Justification = .left) {
        self.text = text
        self.width = width
        self.alignment = alignment
    }
}

/// A line of a totals block.
public struct TotalLine: Sendable, Hashable {
    public var label: String
    public var amount: String
    /// Printed bold at double size: the amount to pay.
    public var isGrandTotal: Bool

    public init(_ label: String, _ amount: String, isGrandTotal: Bool = false) {
        self.label = label
        self.amount = amount
        self.isGrandTotal = isGrandTotal
    }
}

/// One block of a receipt.
public enum ReceiptElement: Sendable, Hashable {
    /// Text, word-wrapped to the line width, aligned with `ESC a`.
    case text(String, style: TextStyle = .plain, alignment: Justification = .left)
    /// A row of columns; each column's text wraps within the column.
    case columns([ReceiptColumn], style: TextStyle = .plain)
    /// Key on the left, value on the right; the key wraps if both do not fit.
    case keyValue(String, String, style: TextStyle = .plain)
    /// A full-width line of one character.
    case divider(Character = "-")
    /// A block of label/amount lines, the grand total emphasized.
    case totals([TotalLine])
    /// A barcode, centred; printed as its text when the model has no such symbology.
    case barcode(Barcode, heightDots: UInt8 = 80, textPosition: BarcodeTextPosition = .below)
    /// A QR code, centred; native `GS ( k` when the model has it, else an image.
    case qrCode(QRCode)
    /// A PDF417 symbol, centred; native `GS ( k` when the model has it, else an image from libzint.
    case pdf417(PDF417)
    /// A 1-bit image (logo), centred; no wider than the profile's dots per line.
    case image(MonochromeBitmap)
    /// Empty lines.
    case feed(lines: Int)
    /// Feed to the cutter and cut (skipped on models without one).
    case cut(CutMode = .partial)
    /// Open the cash drawer.
    case drawerKick(DrawerPulse = .standard)

    /// An item line: name on the left (wrapping), quantity × price and amount right-aligned.
    public static func lineItem(_ name: String, detail: String, amount: String) -> ReceiptElement {
        .columns([
            ReceiptColumn(name, width: .flexible, alignment: .left),
            ReceiptColumn(detail, width: .fit, alignment: .right),
            ReceiptColumn(amount, width: .fit, alignment: .right),
        ])
    }
}

/// Result builder collecting `ReceiptElement`s, with `if`, `if`/`else` and `for` support.
///
/// Each statement becomes a `Part`: one element is held as itself, so a block allocates one array for all
/// its elements (sized once) instead of one array per element.
@resultBuilder
public enum ReceiptBuilder {
    /// What a statement of a receipt block contributes: one element, or several (an array, a loop, an `if`).
    public enum Part: Sendable {
        case one(ReceiptElement)
        case many([ReceiptElement])

        var count: Int {
            switch self {
            case .one: 1
            case .many(let elements): elements.count
            }
        }
    }

    public static func buildExpression(_ element: ReceiptElement) -> Part { .one(element) }
    public static func buildExpression(_ elements: [ReceiptElement]) -> Part { .many(elements) }
    public static func buildBlock() -> Part { .many([]) }
    public static func buildBlock(_ part: Part) -> Part { part }
    public static func buildBlock(_ parts: Part...) -> Part { .many(joined(parts)) }
    public static func buildOptional(_ part: Part?) -> Part { part ?? .many([]) }
    public static func buildEither(first: Part) -> Part { first }
    public static func buildEither(second: Part) -> Part { second }
    public static func buildArray(_ parts: [Part]) -> Part { .many(joined(parts)) }
    public static func buildFinalResult(_ part: Part) -> [ReceiptElement] {
        switch part {
        case .one(let element): [element]
        case .many(let elements): elements
        }
    }

    /// The parts one after the other, in one array allocated once at its final size.
    static func joined(_ parts: [Part]) -> [ReceiptElement] {
        if parts.count == 1, case .many(let elements) = parts[0] { return elements }
        var elements: [ReceiptElement] = []
        elements.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts {
            switch part {
            case .one(let element): elements.append(element)
            case .many(let more): elements += more
            }
        }
        return elements
    }
}
