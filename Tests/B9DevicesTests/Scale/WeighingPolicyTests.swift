import B9Scale
import B9TestSupport
import PropertyBased
import Testing

@Suite(.cpuBound) struct WeighingPolicyTests {
    let policy = (try? WeighingPolicy(minimum: kg("0.020"), maximum: kg("15"))) ?? nil

    @Test func onlyStableNonNegativeInRangeWeightsPrice() throws {
        let policy = try #require(policy)
        #expect(try policy.priceableWeight(ScaleReading(weight: kg("1.234"), status: .stable)) == kg("1.234"))
        #expect(try policy.priceableWeight(ScaleReading(weight: weight("0.5", .pound), status: .stable)) == weight("0.5", .pound))
        let refused: [(ScaleReading, ScaleError.Code)] = [
            (ScaleReading(weight: kg("1.234"), status: .motion), .inMotion),
            (ScaleReading(weight: nil, status: .overload), .overload),
            (ScaleReading(weight: nil, status: .underZero), .underZero),
            (ScaleReading(weight: nil, status: .error), .scaleFault),
            (ScaleReading(weight: kg("1.234"), status: .unconfirmed), .notStable),
            (ScaleReading(weight: nil, status: .stable), .notStable),
            (ScaleReading(weight: kg("-0.100"), status: .stable), .negativeWeight),
            (ScaleReading(weight: kg("0.019"), status: .stable), .belowMinimum),
            (ScaleReading(weight: kg("0.000"), status: .zero), .belowMinimum),
            (ScaleReading(weight: kg("15.001"), status: .stable), .aboveMaximum),
            (ScaleReading(weight: weight("34", .pound), status: .stable), .aboveMaximum),
        ]
        for (reading, code) in refused {
            #expect(throws: ScaleError.self) { try policy.priceableWeight(reading) }
            do {
                _ = try policy.priceableWeight(reading)
            } catch {
                #expect(error.code == code, "\(reading)")
            }
        }
    }

    /// The return to zero between two labels: only readings that show the goods gone end it.
    @Test("Zero, under zero and a weight below the minimum show the pan emptied; nothing else does", arguments: [
        (ScaleReading(weight: kg("0.000"), status: .zero), true),
        (ScaleReading(weight: nil, status: .zero), true),
        (ScaleReading(weight: nil, status: .underZero), true),
        (ScaleReading(weight: kg("0.019"), status: .stable), true),
        (ScaleReading(weight: kg("0.004"), status: .motion), true),
        (ScaleReading(weight: kg("-0.002"), status: .stable), true),
        (ScaleReading(weight: kg("0.020"), status: .stable), false),
        (ScaleReading(weight: kg("0.500"), status: .stable), false),
        (ScaleReading(weight: kg("0.500"), status: .motion), false),
        (ScaleReading(weight: kg("0.500"), status: .unconfirmed), false),
        (ScaleReading(weight: nil, status: .motion), false),
        (ScaleReading(weight: nil, status: .overload), false),
        (ScaleReading(weight: nil, status: .error), false),
        (ScaleReading(weight: kg("0.000"), status: .error), false),
    ])
    func emptyPan(reading: ScaleReading, empty: Bool) throws {
        let policy = try #require(policy)
        #expect(policy.showsEmptyPan(reading) == empty, "\(reading)")
    }

    @Test func policyRejectsNonsenseLimits() {
        #expect(throws: ScaleError.self) { try WeighingPolicy(minimum: kg("0"), maximum: kg("15")) }
        #expect(throws: ScaleError.self) { try WeighingPolicy(minimum: kg("2"), maximum: kg("1")) }
        #expect(throws: ScaleError.self) { try WeighingPolicy(minimum: kg("0.02"), maximum: kg("1"), consecutiveReadings: 0) }
    }

    @Test func windowNeedsConsecutiveEqualStableReadings() throws {
        var gate = StableWeightGate(policy: try WeighingPolicy(minimum: kg("0.020"), maximum: kg("15"), consecutiveReadings: 3))
        let stable = ScaleReading(weight: kg("1.234"), status: .stable)
        #expect(try gate.accept(stable) == nil)
        #expect(try gate.accept(stable) == nil)
        // A different weight restarts the count.
        #expect(try gate.accept(ScaleReading(weight: kg("1.236"), status: .stable)) == nil)
        #expect(try gate.accept(stable) == nil)
        #expect(try gate.accept(stable) == nil)
        // Motion restarts it too, with the reason.
        #expect(throws: ScaleError.self) { try gate.accept(ScaleReading(weight: kg("1.234"), status: .motion)) }
        #expect(try gate.accept(stable) == nil)
        #expect(try gate.accept(stable) == nil)
        // Same mass written in grams counts as equal.
        #expect(try gate.accept(ScaleReading(weight: weight("1234", .gram), status: .stable)) == kg("1.234"))
    }

    @Test func windowCanRequireATimeSpan() throws {
        var gate = StableWeightGate(policy: try WeighingPolicy(
            minimum: kg("0.020"), maximum: kg("15"), consecutiveReadings: 2, settleTime: .milliseconds(500)))
        let stable = ScaleReading(weight: kg("1.000"), status: .stable)
        #expect(try gate.accept(stable, at: .milliseconds(0)) == nil)
        #expect(try gate.accept(stable, at: .milliseconds(200)) == nil)
        #expect(try gate.accept(stable, at: .milliseconds(499)) == nil)
        #expect(try gate.accept(stable, at: .milliseconds(500)) == kg("1.000"))
    }

    /// 10,000 random frames of random protocols, split at random points, some with garbage in front:
    /// a weight released by the gate always came from a frame generated as stable, non-negative and within
    /// the policy's range, and equals that frame's weight.
    @Test func noUnstableOrOutOfRangeWeightIsEverReturnedAsStable() async throws {
        let policy = try WeighingPolicy(minimum: kg("0.020"), maximum: kg("15"))
        let protocols = protocolsUnderTest()
        let statuses: [WeightStatus] = [.stable, .motion, .zero, .underZero, .overload, .error, .unconfirmed]
        let units: [WeightUnit] = [.kilogram, .gram, .pound, .ounce]
        var released = 0
        await propertyCheck(
            count: 10_000,
            input: Gen.int(in: 0...(protocols.count - 1)), Gen.int(in: 0...(statuses.count - 1)),
            Gen.int(in: -2_000...20_000), Gen.int(in: 1...3), Gen.int(in: 0...(units.count - 1)),
            Gen.uint8().array(of: 0...6), Gen.int(in: 0...40)
        ) { p, s, mantissa, decimals, u, garbage, split in
            let scaleProtocol = protocols[p]
            let amount = (try? ExactDecimal(mantissa: Int64(mantissa), decimals: decimals)) ?? .zero
            let generated = ScaleReading(weight: Weight(amount, units[u]), status: statuses[s])
            let frame = garbage + frameBoundary(scaleProtocol.name) + scaleProtocol.encodeReply(generated)
            var decoder = ScaleDecoder(scaleProtocol)
            let cut = min(split, frame.count)
            let events = decoder.decode(frame[..<cut]) + decoder.decode(frame[cut...])
            var gate = StableWeightGate(policy: policy)
            for event in events {
                guard case .reading(let decoded) = event, let weight = try? gate.accept(decoded) else { continue }
                released += 1
                #expect(generated.status == .stable, "\(scaleProtocol.name) released \(weight) from \(generated)")
                #expect(generated.weight == weight, "\(scaleProtocol.name) released \(weight) from \(generated)")
                #expect(!weight.isNegative)
                #expect(weight.compare(to: policy.minimum) != .less)
                #expect(weight.compare(to: policy.maximum) != .greater)
            }
        }
        // The generator must actually produce releasable frames, or the property is vacuous.
        #expect(released > 100)
    }
}
