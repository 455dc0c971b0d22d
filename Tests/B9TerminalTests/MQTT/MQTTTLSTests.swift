import B9Intake
@testable import B9Terminal
import Foundation
import Testing

@Suite("MQTT over TLS with client certificates", .enabled(if: TestCertificates.available), .timeLimit(.minutes(5)))
struct MQTTTLSTests {
    static func tlsBroker(_ certificates: TestCertificates) async throws -> MosquittoBroker {
        // The plain listener of MosquittoBroker stays for readiness checks; the TLS listener is the one under test.
        let tlsPort = try MosquittoBroker.freeLoopbackPort()
        let broker = try await MosquittoBroker(extraConfiguration: [
            "listener \(tlsPort) 127.0.0.1",
            "cafile \(certificates.caFile)",
            "certfile \(certificates.serverCertificate)",
            "keyfile \(certificates.serverKey)",
            "require_certificate true",
            "use_identity_as_username true",
        ])
        broker.tlsPort = tlsPort
        return broker
    }

    @Test("A station with the CA and its client certificate connects and publishes; its CN is its user name")
    func clientCertificateConnects() async throws {
        let certificates = try await TestCertificates(clientName: "till-1")
        defer { certificates.remove() }
        let broker = try await Self.tlsBroker(certificates)
        var configuration = testClientConfiguration(port: broker.tlsPort, clientID: "b9pos-s1-till-1", availability: "b9pos/s1/till-1/status")
        configuration.tls = .init(caFile: certificates.caFile, certificateFile: certificates.clientCertificate, keyFile: certificates.clientKey)
        let client = try MQTTClient(configuration: configuration, logger: testLogger)
        try client.start()
        try await client.waitUntilConnected()
        let receipt = await client.publish(topic: "b9pos/s1/till-1/test", payload: Array("over tls".utf8), timeout: .seconds(10))
        #expect((try? receipt.get()) != nil)
        await client.stop()
    }

    @Test("Without a client certificate, or trusting the wrong CA, the station never connects")
    func refusedWithoutTrust() async throws {
        let certificates = try await TestCertificates(clientName: "till-1")
        defer { certificates.remove() }
        let broker = try await Self.tlsBroker(certificates)
        var noCertificate = testClientConfiguration(port: broker.tlsPort, clientID: "no-cert")
        noCertificate.tls = .init(caFile: certificates.caFile)
        var wrongCA = testClientConfiguration(port: broker.tlsPort, clientID: "wrong-ca")
        wrongCA.tls = .init(caFile: certificates.otherCAFile, certificateFile: certificates.clientCertificate, keyFile: certificates.clientKey)
        for configuration in [noCertificate, wrongCA] {
            let client = try MQTTClient(configuration: configuration, logger: testLogger)
            do {
                try client.start()
            } catch {
                // Refused during the first connect: the TLS handshake failed, which is the point.
                #expect("\(error)".contains("TLS"), "\(configuration.clientID): \(error)")
                await client.stop()
                continue
            }
            // A TLS failure ends libmosquitto's loop; either way there must be no CONNACK.
            let connected = await eventually(timeout: .seconds(3)) { client.isConnected }
            #expect(!connected, "\(configuration.clientID) connected")
            await client.stop()
        }
    }
}
