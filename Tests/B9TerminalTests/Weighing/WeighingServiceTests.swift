import B9Intake
@testable import B9Terminal
import B9Core
import B9Devices
import B9Scale
import Foundation
import Logging
import Testing

/// `WeighingService`, the weighing role's loop: one label per item, and the next only after the scale
/// has shown the pan emptied.
@Suite("Weighing service: one label per item on the pan", .timeLimit(.minutes(5)))
struct WeighingServiceTests {
    /// A network label printer on loopback that takes any number of labels.
    final class LabelSink: Sendable {
        let listener: LoopbackListener
        let drained: Task<Void, Never>

        init() async throws {
            let listener = try await LoopbackListener.start()
            self.listener = listener
            drained = Task {
                for await connection in listener.connections {
                    while (try? await connection.read(exactly: 1, timeout: .seconds(60))) != nil {}
                    await connection.close()
                }
            }
        }
    }

    @Test("A scale that goes silent, sends noise or moves with the item still on does not give a second label; zero then a new item does")
    func noSecondLabelWithoutAnEmptyPan() async throws {
        let test = try await TestStore(storeID: "s1", terminalID: "scale-1")
        defer { test.remove() }
        let script = try ScaleScript(parsing: """
            stable 0.500 kg x2
            silence x3            # the scale stops answering: a loose cable, a busy PC
            garbage 41 42 FF x2   # line noise
            motion 0.500 kg x2    # someone leans on the counter
            stable 0.500 kg x8    # the same item, still on the pan
            zero x2               # taken off
            stable 0.750 kg       # the next item
            """)
        let host = try await ScaleSimulatorHost.start(ScaleSimulator(MTSICSProtocol(), script: script))
        let printer = try await LabelSink()
        let configuration = try await WeighingStationTests.configuration(scale: host.devicePath, printer: printer.listener.address)
        let weighing = try #require(configuration.weighing)
        let station = try WeighingStation(configuration: configuration, weighing: weighing, store: test.store, logger: Logger(label: "test"))
        let service = Task { try await WeighingService(station: station, logger: Logger(label: "test")).run() }

        @Sendable func weights() async -> [String] {
            let events = (try? await test.store.pendingEvents().filter { $0.type == EventType.weighingItemCreated }) ?? []
            return events.compactMap { try? JSONDecoder().decode(CloudEvent<WeighedItemCreatedData>.self, from: Data($0.payload.utf8)).data.netWeight }
        }
        let second = await eventually(timeout: .seconds(60)) { await weights().contains("0.750") }
        // A few more rounds with the 0.750 kg item on the pan.
        try await Task.sleep(for: .seconds(2))
        service.cancel()
        _ = await service.result
        await host.stop()
        await printer.listener.stop()
        let labelled = await weights()
        #expect(second, "the next item was never labelled: \(labelled)")
        #expect(labelled == ["0.500", "0.750"])
    }
}
