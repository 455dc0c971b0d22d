extension PromotionEngine {
    /// Finds applications on what is left of a cart.
    struct Evaluator {
        let slots: [Slot]
        let promotions: [Promotion]
        let policy: BillingPolicy

        /// Repeatedly applies the best single application among `using` (ties to the earlier index).
        func plan(using candidates: [Int]) throws(CoreError) -> [Application] {
            var remaining = slots.map { $0.wholeUnits ?? 1 }
            var applications: [Application] = []
            while true {
                var best: Application?
                for index in candidates {
                    guard let found = try bestApplication(of: index, remaining: remaining) else { continue }
                    if found.saving > (best?.saving ?? 0) { best = found }
                }
                guard let best else { return applications }
                for (slot, units) in best.takes { remaining[slot] -= units }
                applications.append(best)
            }
        }

        private func bestApplication(of index: Int, remaining: [Int64]) throws(CoreError) -> Application? {
            let eligible = slots.indices.filter { slots[$0].promotions.contains(index) && remaining[$0] > 0 }
            guard !eligible.isEmpty else { return nil }
            switch promotions[index].kind {
            case .percentOff, .amountOff, .specialPrice:
                var best: Application?
                for slot in eligible {
                    let saving = try lineSaving(promotions[index].kind, slot: slot, units: remaining[slot])
                    if saving > (best?.saving ?? 0) {
                        best = Application(promotion: index, saving: saving, takes: [slot: remaining[slot]], savings: [slot: saving])
                    }
                }
                return best
            case .buyGet(let buy, let get, let off):
                guard let units = topUnits(Int64(buy + get), from: eligible, remaining: remaining) else { return nil }
                let free = Array(units.suffix(get))
                let base = free.reduce(Int64(0)) { $0 + $1.price }
                let saving = try ExactArithmetic.mulDiv(base, off, 10_000, rounding: .round(policy.rounding))
                return try group(index, units: units, discounted: free, saving: saving)
            case .multiBuy(let quantity, let price):
                var best: Application?
                var seen = Set<String>()
                for slot in eligible where !seen.contains(slots[slot].product.sku) {
                    let sku = slots[slot].product.sku
                    seen.insert(sku)
                    let same = eligible.filter { slots[$0].product.sku == sku }
                    guard let units = topUnits(Int64(quantity), from: same, remaining: remaining) else { continue }
                    let found = try group(index, units: units, discounted: units, saving: units.reduce(0) { $0 + $1.price } - price)
                    if let found, found.saving > (best?.saving ?? 0) { best = found }
                }
                return best
            case .mixAndMatch(let quantity, let price):
                guard let units = topUnits(Int64(quantity), from: eligible, remaining: remaining) else { return nil }
                return try group(index, units: units, discounted: units, saving: units.reduce(0) { $0 + $1.price } - price)
            }
        }

        /// The saving of a per-unit offer on `units` left of a slot (the whole line when sold by weight).
        private func lineSaving(_ kind: Promotion.Kind, slot index: Int, units: Int64) throws(CoreError) -> Int64 {
            let slot = slots[index]
            let rounding = ExactArithmetic.Remainder.round(policy.rounding)
            let base: Int64
            let quantity: Int64
            if slot.wholeUnits != nil {
                base = try ExactArithmetic.mulDiv(slot.unitPrice, units, 1, rounding: .exact)
                quantity = units * Quantity.perUnit
            } else {
                base = slot.gross
                quantity = slot.quantity
            }
            let saving: Int64
            switch kind {
            case .percentOff(let basisPoints):
                saving = try ExactArithmetic.mulDiv(base, basisPoints, 10_000, rounding: rounding)
            case .amountOff(let perUnit):
                saving = try ExactArithmetic.mulDiv(min(perUnit, slot.unitPrice), quantity, Quantity.perUnit, rounding: rounding)
            case .specialPrice(let price):
                saving = base - (try ExactArithmetic.mulDiv(min(price, slot.unitPrice), quantity, Quantity.perUnit, rounding: rounding))
            default:
                saving = 0
            }
            return max(0, min(saving, base))
        }

        /// The `count` most expensive whole units left in `from` (price descending, then line order), or `nil`.
        private func topUnits(_ count: Int64, from candidates: [Int], remaining: [Int64]) -> [(slot: Int, price: Int64)]? {
            let ordered = candidates.filter { slots[$0].wholeUnits != nil }
                .sorted { slots[$0].unitPrice != slots[$1].unitPrice ? slots[$0].unitPrice > slots[$1].unitPrice : $0 < $1 }
            var units: [(slot: Int, price: Int64)] = []
            for slot in ordered {
                let take = min(remaining[slot], count - Int64(units.count))
                guard take > 0 else { continue }
                for _ in 0..<take { units.append((slot, slots[slot].unitPrice)) }
                if Int64(units.count) == count { return units }
            }
            return nil
        }

        /// A group application: `units` are taken, `saving` is spread over `discounted` in proportion to their prices.
        private func group(
            _ index: Int, units: [(slot: Int, price: Int64)], discounted: [(slot: Int, price: Int64)], saving: Int64
        ) throws(CoreError) -> Application? {
            guard saving > 0 else { return nil }
            let parts = try ExactArithmetic.allocate(saving, proportionalTo: discounted.map(\.price))
            var savings: [Int: Int64] = [:]
            for (unit, part) in zip(discounted, parts) { savings[unit.slot, default: 0] += part }
            var takes: [Int: Int64] = [:]
            for unit in units { takes[unit.slot, default: 0] += 1 }
            return Application(promotion: index, saving: saving, takes: takes, savings: savings)
        }
    }
}
