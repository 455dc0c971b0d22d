import B9Devices
import NIOCore
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("TCP transport on loopback", .timeLimit(.minutes(5)))
struct TCPTransportTests {
    @Test func bytesFlowBothWays() async throws {
        let listener = try await LoopbackListener.start()
        let client = try await TCPTransport.connect(listener.address)
        var accepted = listener.connections.makeAsyncIterator()
        let server = try #require(await accepted.next())
        let payload = (0...255).map { UInt8($0) }
        try await client.write(payload, timeout: .seconds(5))
        #expect(try await server.read(exactly: 256, timeout: .seconds(5)) == payload)
        try await server.write([0x14, 0x00, 0x00, 0x0F], timeout: .seconds(5))
        #expect(try await client.read(exactly: 4, timeout: .seconds(5)) == [0x14, 0x00, 0x00, 0x0F])
        await client.close()
        await server.close()
        await listener.stop()
    }

    @Test func resetIsADisconnectAndReconnectWorks() async throws {
        let listener = try await LoopbackListener.start()
        var accepted = listener.connections.makeAsyncIterator()
        let client = try await TCPTransport.connect(listener.address)
        let server = try #require(await accepted.next())
        await server.reset()
        let error = await #expect(throws: DeviceError.self) {
            _ = try await client.read(timeout: .seconds(30))
        }
        #expect(error?.code == .disconnected)
        #expect(await client.waitUntilClosed()?.code == .disconnected)

        let again = try await TCPTransport.connect(listener.address)
        let server2 = try #require(await accepted.next())
        try await again.write([0x10, 0x04, 0x01], timeout: .seconds(5))
        #expect(try await server2.read(exactly: 3, timeout: .seconds(5)) == [0x10, 0x04, 0x01])
        await again.close()
        await server2.close()
        await listener.stop()
    }

    @Test func peerHalfCloseEndsReadsButNotWrites() async throws {
        let listener = try await LoopbackListener.start()
        var accepted = listener.connections.makeAsyncIterator()
        let client = try await TCPTransport.connect(listener.address)
        let server = try #require(await accepted.next())
        try await server.write([0x01], timeout: .seconds(5))
        try await server.closeOutput()
        // What came before the half-close is still delivered, then reads end as a disconnect.
        #expect(try await client.read(exactly: 1, timeout: .seconds(5)) == [0x01])
        let error = await #expect(throws: DeviceError.self) {
            _ = try await client.read(timeout: .seconds(30))
        }
        #expect(error?.code == .disconnected)
        try await client.write([0x0A, 0x0B], timeout: .seconds(5))
        #expect(try await server.read(exactly: 2, timeout: .seconds(5)) == [0x0A, 0x0B])
        await client.close()
        await server.close()
        await listener.stop()
    }

    @Test func refusedConnectionNamesErrno() async throws {
        // A socket bound to a loopback port but not listening holds the port (no parallel test can
        // take it) and makes the kernel refuse every connection to it.
        let holder = try LoopbackPortReservation.reserve()
        defer { holder.release() }
        let address = holder.address
        let error = await #expect(throws: DeviceError.self) {
            _ = try await TCPTransport.connect(address, connectTimeout: .seconds(5))
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.errno == ECONNREFUSED)
        #expect(error?.device == address.description)
    }
}

/// The held port behind the printer simulator's unplug and replug.
@Suite("Loopback port reservation")
struct LoopbackPortReservationTests {
    @Test(.timeLimit(.minutes(5)))
    func listenerStopsAndStartsOnAPortNobodyElseCanTake() async throws {
        let reservation = try LoopbackPortReservation.reserve()
        defer { reservation.release() }
        for round in 0..<3 {
            let listener = try await LoopbackListener.start(sharing: reservation)
            #expect(listener.port == reservation.port)
            let client = try await TCPTransport.connect(reservation.address, connectTimeout: .seconds(30))
            var connections = listener.connections.makeAsyncIterator()
            let server = try #require(await connections.next())
            try await client.write([UInt8(round)], timeout: .seconds(30))
            #expect(try await server.read(exactly: 1, timeout: .seconds(30)) == [UInt8(round)])
            await client.close()
            await server.close()
            await listener.stop()
            // Stopped: refused, and an ordinary listener (SO_REUSEADDR, no SO_REUSEPORT) cannot bind it.
            let refused = await #expect(throws: DeviceError.self) {
                _ = try await TCPTransport.connect(reservation.address, connectTimeout: .seconds(30))
            }
            #expect(refused?.errno == ECONNREFUSED)
            let taken = await #expect(throws: DeviceError.self) {
                _ = try await LoopbackListener.start(port: reservation.port)
            }
            #expect(taken?.errno == EADDRINUSE, "\(String(describing: taken))")
        }
    }
}
