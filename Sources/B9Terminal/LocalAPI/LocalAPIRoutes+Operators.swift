import B9Intake
import B9Core
import Hummingbird

/// Operators sign in with their PIN for the actions a role must allow (voiding a line the kitchen has);
/// the answer's session token goes with those actions.
extension LocalAPIRoutes {
    func addOperators(_ router: Router<LocalAPIRequestContext>) {
        let session = session
        router.post("/operators/sign-in") { request, _ in
            let body = try await JSONBody.decode(LocalAPIBodies.SignIn.self, from: request)
            guard !body.operator.isEmpty, body.operator.count <= 64 else { throw LocalAPIError.badRequest("operator", "'operator' must be an operator id") }
            guard !body.pin.isEmpty, body.pin.count <= 12 else { throw LocalAPIError.badRequest("pin", "'pin' must be the operator's PIN") }
            return JSONBody.response(try await session.signIn(operatorID: body.operator, pin: body.pin), status: .created)
        }
        router.post("/operators/sign-out") { request, _ in
            let body = try await JSONBody.decode(LocalAPIBodies.SignOut.self, from: request)
            guard !body.session.isEmpty, body.session.count <= 64 else { throw LocalAPIError.badRequest("session", "'session' must be a session token") }
            try await session.signOut(sessionToken: body.session)
            return Response(status: .noContent)
        }
    }
}
