package import B9Core
package import Configuration
import Foundation

/// The kind of shop and the rules the till applies, read from the `shop.*`, `promotions.*`,
/// `restaurant.*` and `labels.*` keys: the one place the configured variant becomes ``ShopRules``
/// and ``ShopPricing``. Every till runs the same code; these keys switch the rules on.
///
/// | key | form | default |
/// |---|---|---|
/// | `shop.variant` | `general` \| `hardware` \| `supershop` \| `restaurant` \| `sanitary` | `general` |
/// | `shop.features` | list of `contractor-accounts`, `loyalty`, `tables`, `projects` | the variant's |
/// | `shop.time_zone` | IANA zone (`Asia/Dhaka`) | the system's zone |
/// | `promotions.file` | JSON file: a list of promotions | none |
/// | `promotions.floor_percent` | decimal 0–100, ≤ 2 places | `0` |
/// | `restaurant.service_charge` | decimal percent 0–100, ≤ 2 places; needs `tables` | none |
/// | `restaurant.service_charge_vat` | VAT percent on the charge, ≤ 2 places | `0` |
/// | `restaurant.service_charge_vat_inclusive` | `true` \| `false` | `false` |
/// | `restaurant.kitchen_routes` | list of `category=station` (station terminal ids); needs `tables` | none |
/// | `restaurant.kitchen_default_station` | station terminal id for other categories; needs `tables` | none (no kitchen) |
/// | `restaurant.kitchen_resend_seconds` | integer 1–3600: an order no station status answered is sent again after this, doubling to 10 min, for 24 h | `30` |
/// | `restaurant.tables` | list of `table=seats` (`T1=4`); needs `tables` | none |
/// | `labels.weight_prefixes` | list of integers 20–29 | none |
package struct ShopSettings: Sendable {
    /// Rules, promotions and service charge applied to every cart.
    package var pricing: ShopPricing
    /// Variable-measure prefixes whose EAN-13 labels carry a weight (rule W2); the others carry a price (W1).
    package var weightLabelPrefixes: Set<Int>
    /// Which kitchen station makes which category; nil when the shop sends nothing to a kitchen.
    package var kitchenRouting: KitchenRouting?
    /// When an order no kitchen status answered is sent again (`restaurant.kitchen_resend_seconds`).
    package var kitchenResend = KitchenResendPolicy()
    /// The dining tables the till sets up at start (table id → seats), added to the store when missing.
    package var diningTables: [String: Int] = [:]

    package var rules: ShopRules { pricing.rules }

    /// A general shop: shelf prices, every `2…` label a price label.
    package static let general = ShopSettings(pricing: .general, weightLabelPrefixes: [])

    package init(pricing: ShopPricing, weightLabelPrefixes: Set<Int>, kitchenRouting: KitchenRouting? = nil) {
        self.pricing = pricing
        self.weightLabelPrefixes = weightLabelPrefixes
        self.kitchenRouting = kitchenRouting
    }

    /// Reads and checks the keys.
    /// - Throws: ``ConfigurationError`` naming the first bad key and the form it expects.
    package init(config: ConfigReader) throws(ConfigurationError) {
        let reader = KeyReader(config: config)
        let variant = try reader.choice("shop.variant", ShopRules.Variant.self, default: .general)
        var features: Set<ShopRules.Feature>?
        if let names = try reader.list("shop.features") {
            var chosen: Set<ShopRules.Feature> = []
            for name in names {
                guard let feature = ShopRules.Feature(rawValue: name.trimmingCharacters(in: .whitespaces)) else {
                    throw ConfigurationError(key: "shop.features", expected: "a list of " + ShopRules.Feature.allCases.map(\.rawValue).joined(separator: ", "), found: name)
                }
                chosen.insert(feature)
            }
            features = chosen
        }
        let rules = ShopRules(variant: variant, features: features)

        let zoneName = try reader.string("shop.time_zone")
        let timeZone: TimeZone
        if let zoneName {
            guard let zone = TimeZone(identifier: zoneName) else {
                throw ConfigurationError(key: "shop.time_zone", expected: "an IANA time zone such as Asia/Dhaka", found: zoneName)
            }
            timeZone = zone
        } else {
            timeZone = .current
        }

        let promotions = try Self.promotions(reader)
        let floor = try Self.percent("promotions.floor_percent", reader) ?? 0
        let promotionRules: PromotionRules
        do {
            promotionRules = try PromotionRules(floorBasisPoints: floor)
        } catch {
            throw ConfigurationError(key: "promotions.floor_percent", expected: "a percentage from 0 to 100", found: String(floor))
        }

        var serviceCharge: ServiceChargeRule?
        if let charge = try Self.percent("restaurant.service_charge", reader) {
            guard rules.has(.tables) else {
                throw ConfigurationError(
                    key: "restaurant.service_charge",
                    expected: "left unset in a shop without tables (shop.variant \(variant.rawValue)); set shop.variant: restaurant or add tables to shop.features",
                    found: try reader.string("restaurant.service_charge"))
            }
            let rate = try Self.percent("restaurant.service_charge_vat", reader) ?? 0
            let inclusiveText = try reader.string("restaurant.service_charge_vat_inclusive") ?? "false"
            guard let inclusive = Bool(inclusiveText.lowercased()) else {
                throw ConfigurationError(key: "restaurant.service_charge_vat_inclusive", expected: "true or false", found: inclusiveText)
            }
            do {
                serviceCharge = try ServiceChargeRule(basisPoints: charge, vat: try VATClass(rateBasisPoints: rate, pricesIncludeVAT: inclusive))
            } catch {
                throw ConfigurationError(key: "restaurant.service_charge", expected: "a valid service charge: \(error.message)", found: nil)
            }
        }

        var prefixes: Set<Int> = []
        for text in try reader.list("labels.weight_prefixes") ?? [] {
            guard let prefix = Int(text.trimmingCharacters(in: .whitespaces)), (20...29).contains(prefix) else {
                throw ConfigurationError(key: "labels.weight_prefixes", expected: "a list of GS1 variable-measure prefixes from 20 to 29, e.g. [23, 24]", found: text)
            }
            prefixes.insert(prefix)
        }
        weightLabelPrefixes = prefixes
        kitchenRouting = try Self.kitchenRouting(reader, rules: rules, variant: variant)
        if let seconds = try reader.integer("restaurant.kitchen_resend_seconds", in: 1...3_600) {
            kitchenResend = KitchenResendPolicy(firstWait: .seconds(seconds))
        }
        diningTables = try Self.diningTables(reader, rules: rules, variant: variant)
        do {
            pricing = try ShopPricing(
                rules: rules, promotions: promotions, promotionRules: promotionRules, serviceCharge: serviceCharge, timeZone: timeZone
            )
        } catch {
            throw ConfigurationError(key: "shop.variant", expected: "rules that fit together: \(error.message)", found: variant.rawValue)
        }
    }

    /// `restaurant.kitchen_routes` and `restaurant.kitchen_default_station`, or nil when neither is set.
    private static func kitchenRouting(_ reader: KeyReader, rules: ShopRules, variant: ShopRules.Variant) throws(ConfigurationError) -> KitchenRouting? {
        let routes = try reader.list("restaurant.kitchen_routes")
        let defaultStation = try reader.string("restaurant.kitchen_default_station")
        guard routes != nil || defaultStation != nil else { return nil }
        guard rules.has(.tables) else {
            throw ConfigurationError(
                key: routes != nil ? "restaurant.kitchen_routes" : "restaurant.kitchen_default_station",
                expected: "left unset in a shop without tables (shop.variant \(variant.rawValue)); set shop.variant: restaurant or add tables to shop.features",
                found: nil)
        }
        func station(_ text: Substring, key: String) throws(ConfigurationError) -> String {
            let id = text.trimmingCharacters(in: .whitespaces)
            guard !id.isEmpty, !id.contains(where: { "/+# ".contains($0) }) else {
                throw ConfigurationError(key: key, expected: "a kitchen station's terminal id without '/', '+', '#' or spaces", found: String(text))
            }
            return id
        }
        guard let defaultText = defaultStation else {
            throw ConfigurationError(key: "restaurant.kitchen_default_station", expected: "the station that makes categories not in restaurant.kitchen_routes", found: nil)
        }
        let fallback = try station(Substring(defaultText), key: "restaurant.kitchen_default_station")
        var stations: [String: String] = [:]
        for route in routes ?? [] {
            let parts = route.split(separator: "=", maxSplits: 1)
            let category = parts.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard parts.count == 2, !category.isEmpty else {
                throw ConfigurationError(key: "restaurant.kitchen_routes", expected: "a list of category=station, e.g. [drinks=bar-1, mains=kitchen-1]", found: route)
            }
            guard stations[category] == nil else {
                throw ConfigurationError(key: "restaurant.kitchen_routes", expected: "each category routed once (\(category) appears twice)", found: route)
            }
            stations[category] = try station(parts[1], key: "restaurant.kitchen_routes")
        }
        return KitchenRouting(stations: stations, defaultStation: fallback)
    }

    /// `restaurant.tables`: `id=seats` pairs.
    private static func diningTables(_ reader: KeyReader, rules: ShopRules, variant: ShopRules.Variant) throws(ConfigurationError) -> [String: Int] {
        guard let entries = try reader.list("restaurant.tables") else { return [:] }
        guard rules.has(.tables) else {
            throw ConfigurationError(
                key: "restaurant.tables",
                expected: "left unset in a shop without tables (shop.variant \(variant.rawValue)); set shop.variant: restaurant or add tables to shop.features",
                found: nil)
        }
        var tables: [String: Int] = [:]
        for entry in entries {
            let parts = entry.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64, !parts[0].contains("/"),
                  let seats = Int(parts[1]), (1...100).contains(seats), tables[parts[0]] == nil else {
                throw ConfigurationError(key: "restaurant.tables", expected: "a list of table=seats with distinct tables and 1 to 100 seats, e.g. [T1=4, T2=2]", found: entry)
            }
            tables[parts[0]] = seats
        }
        return tables
    }

    /// Adds the configured tables the store does not have yet (tables already there keep their state).
    /// - Returns: how many were added.
    package func provisionTables(in store: BillingStore) async throws(CoreError) -> Int {
        guard !diningTables.isEmpty else { return 0 }
        let existing = Set(try await store.diningTables().map(\.id))
        var added = 0
        for (id, seats) in diningTables.sorted(by: { $0.key < $1.key }) where !existing.contains(id) {
            try await store.addDiningTable(id: id, name: id, seats: seats, rules: rules)
            added += 1
        }
        return added
    }

    /// A percentage with at most two decimals, as basis points (12.5 → 1250), or nil when unset.
    private static func percent(_ key: String, _ reader: KeyReader) throws(ConfigurationError) -> Int64? {
        guard let text = try reader.string(key) else { return nil }
        guard let basisPoints = try? DecimalText.parse(text.trimmingCharacters(in: .whitespaces), scale: 2), (0...10_000).contains(basisPoints) else {
            throw ConfigurationError(key: key, expected: "a percentage from 0 to 100 with at most 2 decimals, e.g. 10 or 7.5", found: text)
        }
        return basisPoints
    }

    /// The promotions of `promotions.file`, each validated.
    private static func promotions(_ reader: KeyReader) throws(ConfigurationError) -> [Promotion] {
        guard let path = try reader.string("promotions.file"), !path.isEmpty else { return [] }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: "promotions.file", expected: "a readable JSON file with a list of promotions (docs/billing-supershop.md)", found: path)
        }
        let promotions: [Promotion]
        do {
            promotions = try JSONDecoder().decode([Promotion].self, from: data)
        } catch {
            throw ConfigurationError(key: "promotions.file", expected: "a JSON list of promotions as in docs/billing-supershop.md (\(error))", found: path)
        }
        var ids: Set<String> = []
        for promotion in promotions {
            do {
                try promotion.validate()
            } catch {
                throw ConfigurationError(key: "promotions.file", expected: "valid promotions: \(error.message)", found: path)
            }
            guard ids.insert(promotion.id).inserted else {
                throw ConfigurationError(key: "promotions.file", expected: "promotions with distinct ids (\(promotion.id) appears twice)", found: path)
            }
        }
        return promotions
    }
}
