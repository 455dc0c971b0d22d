import B9Core
import B9Intake
import HTTPTypes
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging

/// The routes of the local API. docs/local-api.openapi.json describes each one; a test checks that
/// the router and the document list the same routes.
struct LocalAPIRoutes: Sendable {
    static let eventsPath = "/events"

    let session: TillSession
    let events: EventBroadcaster
    /// The health answer's station fields.
    let role: String
    let token: String
    let peerPolicy: PeerPolicy
    let logger: Logger
    /// The kitchen display of a kitchen station; its routes answer 409 elsewhere.
    var kitchen: KitchenBoard?

    /// The router, middleware included (errors → JSON, peer check, token check).
    func router() -> Router<LocalAPIRequestContext> {
        let router = Router(context: LocalAPIRequestContext.self)
        router.add(middleware: LocalAPIErrorMiddleware(logger: logger))
        router.add(middleware: PeerCredentialsMiddleware(policy: peerPolicy))
        router.add(middleware: BearerTokenMiddleware(token: token))
        addPageAndMeta(router)
        addCarts(router)
        addDevices(router)
        addEvents(router)
        addKitchen(router)
        addTables(router)
        addOperators(router)
        return router
    }

    private func addPageAndMeta(_ router: Router<LocalAPIRequestContext>) {
        // The station's page: the till page, or the kitchen display on a kitchen station.
        let page = kitchen == nil ? TillPage.html : KitchenPage.html
        router.get("/") { _, _ in Self.text(page, type: "text/html; charset=utf-8") }
        router.get("/index.html") { _, _ in Self.text(page, type: "text/html; charset=utf-8") }
        router.get("/openapi.json") { _, _ in Self.text(LocalAPIDocument.json, type: "application/json; charset=utf-8") }
        router.get("/health") { [session, role] _, _ in
            let pending = (try? await session.store.pendingEventCount()) ?? -1
            return JSONBody.response(Health(status: "ok", role: role, storeID: session.store.storeID, terminalID: session.store.terminalID, outboxPending: pending))
        }
    }

    private func addCarts(_ router: Router<LocalAPIRequestContext>) {
        let session = session
        router.post("/carts") { _, _ in
            JSONBody.response(try await session.createCart(), status: .created)
        }
        router.get("/carts/{cartID}") { _, context in
            JSONBody.response(try await session.cart(try Self.parameter("cartID", context)))
        }
        router.delete("/carts/{cartID}") { _, context in
            try await session.deleteCart(try Self.parameter("cartID", context))
            return Response(status: .noContent)
        }
        router.post("/carts/{cartID}/lines") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.AddLine.self, from: request)
            let quantity = try body.quantity.map { text throws(FieldError) in try LocalAPIParse.quantity(text, field: "quantity") }
            let code = body.code.trimmingCharacters(in: .whitespaces)
            guard !code.isEmpty else { throw LocalAPIError.badRequest("code", "'code' must be a barcode or a SKU") }
            return JSONBody.response(try await session.addLine(cart: try Self.parameter("cartID", context), code: code, quantity: quantity))
        }
        router.patch("/carts/{cartID}/lines/{lineID}") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.ChangeLine.self, from: request)
            let quantity = try LocalAPIParse.quantity(body.quantity, field: "quantity")
            return JSONBody.response(try await session.setQuantity(cart: try Self.parameter("cartID", context), line: try Self.line(context), quantity: quantity))
        }
        router.delete("/carts/{cartID}/lines/{lineID}") { _, context in
            JSONBody.response(try await session.removeLine(cart: try Self.parameter("cartID", context), line: try Self.line(context)))
        }
        router.put("/carts/{cartID}/discount") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.SetDiscount.self, from: request)
            let discount = try LocalAPIParse.discount(body, currency: session.policy.currency)
            return JSONBody.response(try await session.setDiscount(cart: try Self.parameter("cartID", context), line: body.line, discount: discount))
        }
        router.post("/carts/{cartID}/checkout") { request, context in
            let body = try await JSONBody.decode(LocalAPIBodies.Checkout.self, from: request)
            let tenders = try LocalAPIParse.tenders(body.tenders, policy: session.policy)
            let result = try await session.checkout(cart: try Self.parameter("cartID", context), tenders: tenders, cashier: body.cashier)
            return JSONBody.response(result, status: .created)
        }
        router.get("/sales/{saleID}/receipt") { _, context in
            Self.text(try await session.receiptText(saleID: try Self.parameter("saleID", context)), type: "text/plain; charset=utf-8")
        }
    }

    private func addDevices(_ router: Router<LocalAPIRequestContext>) {
        let session = session
        let events = events
        router.get("/devices") { _, _ in
            JSONBody.response(Devices(devices: await session.status.all))
        }
        router.post("/devices/printer/reprint") { request, _ in
            let body = try await JSONBody.decode(LocalAPIBodies.Reprint.self, from: request)
            let outcome = try await session.reprint(saleID: body.saleID)
            return JSONBody.response(PrintAnswer(print: outcome.code, printDetail: outcome.detail))
        }
        router.post("/devices/drawer/open") { _, _ in
            guard let drawer = session.devices.drawer else { throw Self.notConfigured("drawer") }
            do {
                try await drawer.port.openDrawer()
            } catch {
                await session.status.record("drawer", failure: "\(error)")
                throw LocalAPIError(.serviceUnavailable, code: "device-failed", "the drawer did not open: \(error)")
            }
            await session.status.record("drawer", failure: nil)
            return Response(status: .noContent)
        }
        router.post("/devices/display") { request, _ in
            let body = try await JSONBody.decode(LocalAPIBodies.Display.self, from: request)
            let message = try LocalAPIParse.displayMessage(body, currency: session.policy.currency)
            guard let display = session.devices.display else { throw Self.notConfigured("display") }
            await display.port.show(message)
            return Response(status: .noContent)
        }
        router.get("/devices/scale/weight") { _, _ in
            guard let scale = session.devices.scale else { throw Self.notConfigured("scale") }
            let weight: Quantity
            do {
                weight = try await scale.port.stableWeight()
            } catch {
                await session.status.record("scale", failure: "\(error)")
                throw LocalAPIError(.serviceUnavailable, code: "device-failed", "the scale gave no stable weight: \(error)")
            }
            await session.status.record("scale", failure: nil)
            await events.publish(.weight(grams: weight.thousandths))
            return JSONBody.response(Weight(grams: weight.thousandths, kilograms: weight.fixedText))
        }
        router.post("/devices/scanner/scans") { request, _ in
            let body = try await JSONBody.decode(LocalAPIBodies.Scan.self, from: request)
            guard !body.code.isEmpty, body.code.count <= 128 else { throw LocalAPIError.badRequest("code", "'code' must be 1 to 128 characters") }
            guard let scanner = session.devices.simulatedScanner else {
                throw LocalAPIError(.conflict, code: "scanner-not-simulated", "only a simulated scanner can be fed through the API")
            }
            scanner.feed(ScannedCode(code: body.code, symbology: body.symbology))
            return Response(status: .accepted)
        }
    }

    private func addEvents(_ router: Router<LocalAPIRequestContext>) {
        let events = events
        router.ws(RouterPath(Self.eventsPath)) { inbound, outbound, _ in
            let (id, stream) = await events.subscribe()
            do {
                try await outbound.write(.text(LocalAPIEvent.ready.json))
                try await withThrowingTaskGroup(of: Void.self) { group in
                    // Reading inbound notices the client closing; anything it sends is ignored.
                    group.addTask { for try await _ in inbound {} }
                    group.addTask {
                        for await event in stream { try await outbound.write(.text(event.json)) }
                    }
                    try await group.next()
                    group.cancelAll()
                }
            } catch {
                await events.unsubscribe(id)
                throw error
            }
            await events.unsubscribe(id)
        }
    }

    // MARK: Helpers

    private struct Health: Encodable {
        let status: String
        let role: String
        let storeID: String
        let terminalID: String
        let outboxPending: Int
    }

    private struct Devices: Encodable { let devices: [DeviceStatus] }
    private struct PrintAnswer: Encodable { let print: String; let printDetail: String? }
    private struct Weight: Encodable { let grams: Int64; let kilograms: String }

    private static func notConfigured(_ device: String) -> LocalAPIError {
        LocalAPIError(.conflict, code: "device-not-configured", "this station has no \(device)")
    }

    static func parameter(_ name: String, _ context: LocalAPIRequestContext) throws(LocalAPIError) -> String {
        guard let value = context.parameters.get(name), !value.isEmpty, value.count <= 64 else {
            throw LocalAPIError.badRequest(name, "'\(name)' is missing or too long")
        }
        return value
    }

    static func line(_ context: LocalAPIRequestContext) throws(LocalAPIError) -> Int {
        guard let text = context.parameters.get("lineID"), let line = Int(text), line > 0 else {
            throw LocalAPIError.badRequest("lineID", "'lineID' must be a line number from 1")
        }
        return line
    }

    static func text(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
