/// Character sets, lengths and check digits per symbology (Epson ESC/POS Command Reference, GS k function B;
/// GS1 General Specifications for the EAN/UPC and ITF-14 check digit).
enum BarcodeRules {
    static func payload(for symbology: BarcodeSymbology, content: String) throws(ESCPOSError) -> [UInt8] {
        let bytes = Array(content.utf8)
        switch symbology {
        case .ean13:
            return try gs1(bytes, dataLength: 12, name: "EAN-13")
        case .ean8:
            return try gs1(bytes, dataLength: 7, name: "EAN-8")
        case .upcA:
            return try gs1(bytes, dataLength: 11, name: "UPC-A")
        case .upcE:
            return try upcE(bytes)
        case .itf:
            try requireDigits(bytes, name: "ITF")
            if bytes.count == 13 { return bytes + [checkDigit(bytes)] }
            guard bytes.count >= 2, bytes.count % 2 == 0, bytes.count <= 254 else {
                throw invalid("ITF needs an even number of digits (2…254), or 13 digits for ITF-14; got \(bytes.count).")
            }
            return bytes
        case .code39:
            let allowed = Set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%+-./".utf8)
            guard !bytes.isEmpty, bytes.count <= 253, bytes.allSatisfy(allowed.contains) else {
                throw invalid("CODE39 takes 1…253 of 0-9 A-Z space $ % + - . / (upper case; the printer adds *…*).")
            }
            return bytes
        case .codabar:
            let body = Set("0123456789$+-./:".utf8)
            let startStop = Set("ABCDabcd".utf8)
            var data = bytes
            if let first = data.first, !startStop.contains(first) { data = Array("A".utf8) + data + Array("B".utf8) }
            guard data.count >= 3, data.count <= 255, let first = data.first, let last = data.last,
                startStop.contains(first), startStop.contains(last),
                data.dropFirst().dropLast().allSatisfy(body.contains)
            else {
                throw invalid("CODABAR takes 0-9 $ + - . / : between start/stop characters A–D.")
            }
            return data
        case .code93:
            guard !bytes.isEmpty, bytes.count <= 255, bytes.allSatisfy({ $0 < 0x80 }) else {
                throw invalid("CODE93 takes 1…255 ASCII characters.")
            }
            return bytes
        case .code128:
            guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else {
                throw invalid("CODE128 takes 1 or more ASCII characters.")
            }
            let encoded = Code128.encode(bytes)
            guard encoded.count <= 255 else {
                throw invalid("CODE128 content needs \(encoded.count) bytes; GS k allows 255. Shorten it.")
            }
            return encoded
        }
    }

    /// EAN/UPC: `dataLength` digits get their check digit appended; `dataLength + 1` digits are verified.
    static func gs1(_ bytes: [UInt8], dataLength: Int, name: String) throws(ESCPOSError) -> [UInt8] {
        try requireDigits(bytes, name: name)
        if bytes.count == dataLength { return bytes + [checkDigit(bytes)] }
        guard bytes.count == dataLength + 1 else {
            throw invalid("\(name) takes \(dataLength) digits (check digit added) or \(dataLength + 1); got \(bytes.count).")
        }
        let expected = checkDigit(Array(bytes.dropLast()))
        guard bytes.last == expected else {
            throw invalid(
                "\(name) check digit is \(Character(Unicode.Scalar(bytes[dataLength]))) but should be "
                    + "\(Character(Unicode.Scalar(expected))); check the number."
            )
        }
        return bytes
    }

    /// UPC-E: 6 digits (number system 0 assumed), 7 (number system + 6) or 8 (with check digit). Sent as 8 digits.
    static func upcE(_ bytes: [UInt8]) throws(ESCPOSError) -> [UInt8] {
        try requireDigits(bytes, name: "UPC-E")
        var digits = bytes
        if digits.count == 6 { digits.insert(UInt8(ascii: "0"), at: 0) }
        guard digits.count == 7 || digits.count == 8, digits[0] == UInt8(ascii: "0") || digits[0] == UInt8(ascii: "1")
        else {
            throw invalid("UPC-E takes 6 digits, or 7–8 starting with number system 0 or 1; got \(bytes.count).")
        }
        let expected = checkDigit(expandUPCE(Array(digits.prefix(7))))
        if digits.count == 7 { return digits + [expected] }
        guard digits[7] == expected else {
            throw invalid("UPC-E check digit does not match the number; check it.")
        }
        return digits
    }

    /// UPC-E (number system + 6 digits) to the 11 UPC-A data digits it stands for (GS1 General Specifications).
    static func expandUPCE(_ d: [UInt8]) -> [UInt8] {
        let zero = UInt8(ascii: "0")
        let ns = d[0]
        let x = Array(d[1...6])
        switch x[5] {
        case zero, zero + 1, zero + 2:
            return [ns, x[0], x[1], x[5], zero, zero, zero, zero, x[2], x[3], x[4]]
        case zero + 3:
            return [ns, x[0], x[1], x[2], zero, zero, zero, zero, zero, x[3], x[4]]
        case zero + 4:
            return [ns, x[0], x[1], x[2], x[3], zero, zero, zero, zero, zero, x[4]]
        default:
            return [ns, x[0], x[1], x[2], x[3], x[4], zero, zero, zero, zero, x[5]]
        }
    }

    /// GS1 mod-10 check digit: weights 3 and 1 alternating from the rightmost data digit.
    static func checkDigit(_ digits: [UInt8]) -> UInt8 {
        var sum = 0
        for (index, digit) in digits.reversed().enumerated() {
            sum += Int(digit - UInt8(ascii: "0")) * (index % 2 == 0 ? 3 : 1)
        }
        return UInt8(ascii: "0") + UInt8((10 - sum % 10) % 10)
    }

    static func requireDigits(_ bytes: [UInt8], name: String) throws(ESCPOSError) {
        guard !bytes.isEmpty, bytes.allSatisfy({ (0x30...0x39).contains($0) }) else {
            throw invalid("\(name) takes digits 0-9 only.")
        }
    }

    static func invalid(_ message: String) -> ESCPOSError {
        ESCPOSError(.invalidBarcode, message)
    }
}
