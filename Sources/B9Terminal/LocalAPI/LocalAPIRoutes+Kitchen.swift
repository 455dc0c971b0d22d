import B9Core
import Hummingbird

/// The kitchen display's routes: the page, the open tickets, bumping and recalling. On a station that is
/// not a kitchen station they answer 409 `not-kitchen-station`.
extension LocalAPIRoutes {
    static let kitchenPagePath = "/kitchen"

    /// The optional body of `POST /kitchen/tickets/{orderID}/bump`.
    struct KitchenBumpBody: Decodable {
        /// `preparing`, `ready` or `bumped` to go straight there; absent for one step along.
        let status: String?
    }

    func addKitchen(_ router: Router<LocalAPIRequestContext>) {
        let kitchen = kitchen
        router.get(RouterPath(Self.kitchenPagePath)) { _, _ in
            Self.text(KitchenPage.html, type: "text/html; charset=utf-8")
        }
        router.get("/kitchen/tickets") { _, _ in
            let board = try Self.kitchenBoard(kitchen)
            return JSONBody.response(try await board.board())
        }
        router.post("/kitchen/tickets/{orderID}/bump") { request, context in
            let board = try Self.kitchenBoard(kitchen)
            let orderID = try Self.parameter("orderID", context)
            let body = try await JSONBody.decode(KitchenBumpBody.self, from: request)
            var bump = KitchenBoard.Bump.next
            if let text = body.status {
                guard let status = KitchenOrderStatus(rawValue: text), [.preparing, .ready, .bumped].contains(status) else {
                    throw LocalAPIError.badRequest("status", "'status' must be preparing, ready or bumped (or absent for the next step)")
                }
                bump = .to(status)
            }
            do {
                return JSONBody.response(try await board.bump(orderID, bump))
            } catch let error as CoreError where error.code == .orderNotFound {
                throw LocalAPIError.notFound("kitchen order \(orderID)")
            }
        }
        router.post("/kitchen/recall") { _, _ in
            let board = try Self.kitchenBoard(kitchen)
            guard let ticket = try await board.recall() else {
                throw LocalAPIError(.conflict, code: "nothing-to-recall", "no ticket has been bumped yet")
            }
            return JSONBody.response(ticket)
        }
    }

    private static func kitchenBoard(_ board: KitchenBoard?) throws(LocalAPIError) -> KitchenBoard {
        guard let board else {
            throw LocalAPIError(.conflict, code: "not-kitchen-station", "this station is not a kitchen station (role: kitchen with api.token)")
        }
        return board
    }
}
