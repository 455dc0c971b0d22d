import B9Devices
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Parses `udev/99-b9pos.rules` on its own terms (key, operator, quoted value) and checks it
/// against the security rules and the device table.
@Suite("udev rules")
struct UdevRulesTests {
    struct Assignment: Equatable {
        let key: String
        let op: String
        let value: String
    }

    static func rulesPath() -> String {
        // Tests/B9DevicesTests/Udev/UdevRulesTests.swift → repository root.
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/udev/99-b9pos.rules"
    }

    static func readRules() throws -> [[Assignment]] {
        guard let file = fopen(rulesPath(), "r") else {
            Issue.record("cannot open \(rulesPath())")
            return []
        }
        defer { fclose(file) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            text += buffer.prefix(count)
        }
        var rules: [[Assignment]] = []
        for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
            let trimmed = line.drop(while: { $0 == " " })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            rules.append(try parse(String(trimmed)))
        }
        return rules
    }

    /// Splits `KEY{attr}=="value", KEY="value"` into assignments; fails on anything else.
    static func parse(_ line: String) throws -> [Assignment] {
        var result: [Assignment] = []
        var rest = Substring(line)
        while !rest.isEmpty {
            rest = rest.drop(while: { $0 == " " || $0 == "," })
            if rest.isEmpty { break }
            let key = rest.prefix(while: { $0.isLetter || $0 == "_" || $0 == "{" || $0 == "}" || $0.isNumber })
            rest = rest.dropFirst(key.count)
            let op = rest.prefix(while: { "=!+:-".contains($0) })
            rest = rest.dropFirst(op.count)
            try #require(rest.first == "\"", "expected a quoted value after \(key)\(op) in: \(line)")
            rest = rest.dropFirst()
            let value = rest.prefix(while: { $0 != "\"" })
            rest = rest.dropFirst(value.count + 1)
            try #require(!key.isEmpty && ["==", "!=", "=", "+=", ":="].contains(String(op)), "bad rule: \(line)")
            result.append(Assignment(key: String(key), op: String(op), value: String(value)))
        }
        return result
    }

    @Test func everyDeviceRuleIsGroupB9posMode0660() throws {
        let rules = try Self.readRules()
        #expect(rules.count > 10)
        for rule in rules {
            let matchesDevice = rule.contains { $0.key == "ATTRS{idVendor}" }
            let control = rule.contains { $0.key == "GOTO" || $0.key == "LABEL" }
            #expect(matchesDevice || control, "rule matches no vendor: \(rule)")
            if matchesDevice {
                #expect(rule.contains(Assignment(key: "MODE", op: "=", value: "0660")), "\(rule)")
                #expect(rule.contains(Assignment(key: "GROUP", op: "=", value: "b9pos")), "\(rule)")
                // Never a blanket subsystem match: a device rule names its subsystem and vendor.
                #expect(rule.contains { $0.key == "SUBSYSTEM" && $0.op == "==" }, "\(rule)")
            }
            for assignment in rule where assignment.key == "MODE" {
                #expect(assignment.value == "0660", "world-accessible mode in \(rule)")
            }
        }
    }

    @Test func rulesAndDeviceTableAgree() throws {
        let rules = try Self.readRules()
        struct Key: Hashable { let vendor: String; let product: String? }
        var fromRules: [Key: Set<String>] = [:]
        for rule in rules {
            guard let vendor = rule.first(where: { $0.key == "ATTRS{idVendor}" })?.value else { continue }
            let product = rule.first(where: { $0.key == "ATTRS{idProduct}" })?.value
            let link = rule.first(where: { $0.key == "SYMLINK" })?.value
            var classes = fromRules[Key(vendor: vendor, product: product), default: []]
            if let link {
                #expect(link.hasPrefix("b9pos/"), "\(link)")
                let name = link.dropFirst("b9pos/".count).prefix(while: { $0 != "-" })
                classes.insert(String(name))
                #expect(link.contains("%s{serial}"), "links carry the serial number: \(link)")
            }
            fromRules[Key(vendor: vendor, product: product)] = classes
        }
        var fromTable: [Key: String] = [:]
        for entry in DeviceTable.entries {
            let vendor = String(USBDeviceID(vendorID: entry.vendorID, productID: 0).description.prefix(4))
            let product = entry.productID.map { String(USBDeviceID(vendorID: 0, productID: $0).description.suffix(4)) }
            fromTable[Key(vendor: vendor, product: product)] = entry.deviceClass.description
        }
        #expect(Set(fromRules.keys) == Set(fromTable.keys))
        for (key, deviceClass) in fromTable {
            #expect(fromRules[key] == [deviceClass], "\(key): rules link \(fromRules[key] ?? []) vs table \(deviceClass)")
        }
    }
}
