@testable import B9Terminal
import B9Core
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Testing

@Suite("Local API: OpenAPI document")
struct LocalAPIDocumentTests {
    static var checkedIn: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/local-api.openapi.json")
    }

    @Test("Every route of the router is in the document, and every operation of the document is a route")
    func routesMatchDocument() async throws {
        let testStore = try await TestStore()
        defer { testStore.remove() }
        let session = TillSession(
            store: testStore.store, policy: .standard, shop: .init(name: "Test"),
            devices: TillDevices(printer: .init(port: NoReceiptPrinter(), name: "none")), events: EventBroadcaster()
        )
        let routes = LocalAPIRoutes(session: session, events: session.events, role: "till", token: "0123456789abcdef", peerPolicy: PeerPolicy(group: nil), logger: testLogger)
        let registered = Set(routes.router().routes.map { "\($0.method.rawValue) \($0.path.description)" })

        let document = try #require(try JSONSerialization.jsonObject(with: Data(LocalAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var documented: Set<String> = []
        for (path, item) in paths {
            for method in ["get", "put", "post", "delete", "patch"] where item[method] != nil {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(registered.count >= 19)
        #expect(registered.subtracting(documented).isEmpty, "routes missing from the document: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented operations with no route: \(documented.subtracting(registered).sorted())")
    }

    @Test("The served document is the checked-in docs/local-api.openapi.json")
    func servedEqualsCheckedIn() throws {
        let file = try String(contentsOf: Self.checkedIn, encoding: .utf8)
        #expect(file.trimmingCharacters(in: .whitespacesAndNewlines) == LocalAPIDocument.json.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    @Test("The server serves it at /openapi.json")
    func served() async throws {
        try await LocalAPITestServer.with { server in
            let response = try await server.request("GET", "/openapi.json")
            #expect(response.status == 200)
            #expect(response.headers["content-type"]?.hasPrefix("application/json") == true)
            #expect(response.text == LocalAPIDocument.json)
        }
    }
}
