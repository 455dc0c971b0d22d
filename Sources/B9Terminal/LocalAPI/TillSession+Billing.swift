import B9Intake
import B9Core
import Foundation
import HTTPTypes

/// A tab's bill before payment and voids of its lines.
///
/// The bill is priced as paying the tab will charge it (``ShopPricing``), journaled with its copy number
/// and printed through the till's receipt printer (the durable print queue in the daemon). A line the
/// kitchen has not received is removed freely; one it has needs an operator whose role has `void-line`,
/// or a supervisor's one-shot approval, and is journaled with both names while the station is told to
/// stop making it.
extension TillSession {
    /// Prints the tab's bill (again, when it was printed already); the table becomes bill-printed.
    func printBill(tab id: String) async throws(LocalAPIError) -> BillPrintView {
        let tab = try await openTab(id)
        let bill: GuestBill
        do {
            bill = try await store.printBill(tableID: tab.tableID, pricing: settings.pricing, policy: policy)
        } catch {
            throw LocalAPIError(error)
        }
        let outcome = await devices.printer.port.printBill(bill, shop: shop)
        await status.record("printer", failure: outcome == .printed ? nil : "\(outcome.code): \(outcome.detail ?? "")")
        return BillPrintView(
            copy: bill.copy, total: DecimalText.format(bill.totals.grandTotal, scale: bill.cart.currency.minorUnitDigits),
            print: outcome.code, printDetail: outcome.detail, text: GuestBillTextFormatter().format(bill, shop: shop),
            tab: try tabView(try await openTab(id))
        )
    }

    /// Takes a line off the tab: removed when the kitchen does not have it yet; otherwise voided by the
    /// signed-in operator (`sessionToken`) for `reason`, with `supervisor`'s approval when their role
    /// lacks `void-line`.
    func voidTabLine(
        tab id: String, line: Int, reason: String?, sessionToken: String?, supervisor: (id: String, pin: String)?
    ) async throws(LocalAPIError) -> TabView {
        let tab = try await openTab(id)
        guard let entry = tab.lines.first(where: { $0.line == line }) else { throw LocalAPIError.notFound("line \(line) of tab \(id)") }
        guard entry.kitchenOrderID != nil else {
            let removed: OpenTab
            do {
                removed = try await store.removeFromTab(tableID: tab.tableID, line: line)
            } catch {
                throw LocalAPIError(refusing: error)
            }
            return try tabView(removed)
        }
        guard let sessionToken else {
            throw LocalAPIError(.forbidden, code: "operator-required",
                                "line \(line) is already in the kitchen: voiding it needs a signed-in operator ('session', from POST /operators/sign-in)")
        }
        guard let reason else { throw LocalAPIError.badRequest("reason", "a line the kitchen has is voided with a 'reason'") }
        let changed: OpenTab
        do {
            let session = try await store.operatorSession(token: sessionToken)
            var approval: ApprovalToken?
            if let supervisor, !(try await store.isAllowed(.voidLine, for: session)), let cartLine = tab.cart.lines.first(where: { $0.id == line }) {
                approval = try await store.approve(
                    .voidLine, subject: cartLine.product.sku, amount: try BillingStore.tabLineAmount(tab, line: line, policy: policy),
                    requester: session, supervisorID: supervisor.id, supervisorPIN: supervisor.pin
                )
            }
            changed = try await store.voidTabLine(
                tableID: tab.tableID, line: line, reason: reason, policy: policy, session: session, approval: approval,
                routing: settings.kitchenRouting
            )
        } catch {
            throw LocalAPIError(refusing: error)
        }
        return try tabView(changed)
    }

    /// Signs an operator in with their PIN; the session token goes with the actions that need a permission.
    func signIn(operatorID: String, pin: String) async throws(LocalAPIError) -> OperatorSessionView {
        do {
            let session = try await store.signIn(operatorID: operatorID, pin: pin)
            return OperatorSessionView(session: session.token, operator: session.operatorID, role: session.role)
        } catch {
            throw LocalAPIError(refusing: error)
        }
    }

    /// Ends an operator's session; using it afterwards is refused.
    func signOut(sessionToken: String) async throws(LocalAPIError) {
        do {
            try await store.signOut(try await store.operatorSession(token: sessionToken))
        } catch {
            throw LocalAPIError(refusing: error)
        }
    }
}

extension LocalAPIError {
    /// A billing failure where who asks matters: 403 when the operator is not signed in, gave a wrong PIN,
    /// is locked out, or may not do it (and no valid approval came with it); otherwise as ``init(_:field:)``.
    init(refusing error: CoreError) {
        let refusals: [CoreError.Code] = [.notPermitted, .approvalInvalid, .notSignedIn, .wrongPIN, .operatorLockedOut, .operatorNotFound]
        if refusals.contains(error.code) {
            self.init(.forbidden, code: error.code.description, error.message)
        } else {
            self.init(error)
        }
    }
}
