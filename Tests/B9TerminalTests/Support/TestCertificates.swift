import Foundation

/// A throw-away private CA with a broker certificate (CN and SAN 127.0.0.1) and one client
/// certificate, made with the `openssl` command for a TLS test broker.
struct TestCertificates {
    let folder: URL
    var caFile: String { folder.appendingPathComponent("ca.pem").path }
    var serverCertificate: String { folder.appendingPathComponent("server.pem").path }
    var serverKey: String { folder.appendingPathComponent("server.key").path }
    var clientCertificate: String { folder.appendingPathComponent("client.pem").path }
    var clientKey: String { folder.appendingPathComponent("client.key").path }
    /// A second CA that signed nothing the broker trusts.
    var otherCAFile: String { folder.appendingPathComponent("other-ca.pem").path }

    static var available: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl") }

    init(clientName: String) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("b9-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let dir = folder.path
        try await Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=b9 test CA", "-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.pem"])
        try await Self.openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other CA", "-keyout", "\(dir)/other-ca.key", "-out", "\(dir)/other-ca.pem"])
        try "subjectAltName=IP:127.0.0.1\n".write(toFile: "\(dir)/san.ext", atomically: true, encoding: .utf8)
        for (name, subject, ext) in [("server", "/CN=127.0.0.1", ["-extfile", "\(dir)/san.ext"]), ("client", "/CN=\(clientName)", [])] {
            try await Self.openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", "\(dir)/\(name).key", "-out", "\(dir)/\(name).csr"])
            try await Self.openssl(["x509", "-req", "-in", "\(dir)/\(name).csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key", "-CAcreateserial", "-days", "2", "-out", "\(dir)/\(name).pem"] + ext)
        }
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Runs `openssl`; its key generation takes seconds on a busy machine, so the wait does not
    /// block a thread of the cooperative pool.
    private static func openssl(_ arguments: [String]) async throws {
        let status = try await ChildProcess.spawn("/usr/bin/openssl", arguments).wait()
        guard status == 0 else { throw MosquittoBroker.BrokerError(message: "openssl \(arguments.first ?? "") failed with \(status)") }
    }
}
