import B9Intake
@testable import B9Terminal
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A busy till holds many descriptors (printers, scanners, SQLite, HTTP, child processes). The MQTT
/// link must work when its socket is numbered past `FD_SETSIZE` (1024), where `select(2)` cannot go.
@Suite("MQTT with a socket numbered above FD_SETSIZE", .timeLimit(.minutes(2)))
struct MQTTHighDescriptorTests {
    @Test("A client whose broker socket is numbered above 1024 connects, publishes, receives and stops")
    func connectsPastFDSetSize() async throws {
        let broker = try await MosquittoBroker()
        // Tests running beside this one close descriptors, and a socket takes the lowest free number:
        // the holes are filled again and the clients made again until both sockets are above 1024.
        var fillers: [DescriptorFiller] = []
        defer { fillers.forEach { $0.close() } }
        var attempts = 0
        var pair: (subscriber: MQTTClient, publisher: MQTTClient, collector: MessageCollector)?
        while pair == nil {
            attempts += 1
            try #require(attempts <= 20, "no socket above 1024 in 20 attempts: other tests keep freeing low numbers")
            fillers.append(try DescriptorFiller(upTo: 1_100))
            let (subscriber, publisher, collector) = try await connectedSubscriberAndPublisher(
                port: broker.port, name: "high", subscribingTo: "test/high/#")
            if subscriber.socketDescriptor >= 1_024 && publisher.socketDescriptor >= 1_024 {
                pair = (subscriber, publisher, collector)
            } else {
                await publisher.stop()
                await subscriber.stop()
            }
        }
        let (subscriber, publisher, collector) = try #require(pair)
        #expect(subscriber.socketDescriptor >= 1_024)
        #expect(publisher.socketDescriptor >= 1_024)

        #expect(await eventually {
            _ = await publisher.publish(topic: "test/high/probe", payload: Array("probe".utf8), timeout: .seconds(5))
            return await !collector.messages(on: "test/high/probe").isEmpty
        })
        let receipt = await publisher.publish(topic: "test/high/data", payload: Array("after 1024".utf8), timeout: .seconds(10))
        #expect((try? receipt.get()) != nil)
        #expect(await eventually { await collector.messages(on: "test/high/data").map(\.text) == ["after 1024"] })
        await publisher.stop()
        await subscriber.stop()
    }
}

/// Holds duplicates of one `/dev/null` descriptor until the next descriptor the process opens is
/// numbered at least `upTo`, raising the soft open-file limit when it is lower.
private struct DescriptorFiller {
    private let descriptors: [Int32]

    init(upTo target: Int32) throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < rlim_t(target) + 256 {
            limit.rlim_cur = min(limit.rlim_max, rlim_t(target) + 256)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let base = open("/dev/null", O_RDONLY | O_CLOEXEC)
        guard base >= 0 else { throw POSIXError(.EMFILE) }
        // Each duplicate takes the lowest free number, so the holes below the target fill first.
        var held = [base]
        while let last = held.last, last < target {
            let next = fcntl(base, F_DUPFD_CLOEXEC, 0)
            guard next >= 0 else { throw POSIXError(.EMFILE) }
            held.append(next)
        }
        descriptors = held
    }

    func close() {
        for descriptor in descriptors { _ = Glibc.close(descriptor) }
    }
}
