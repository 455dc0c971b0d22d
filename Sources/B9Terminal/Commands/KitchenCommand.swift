import ArgumentParser
import B9Core

/// `b9terminal kitchen list|bump`: a kitchen station's orders, and moving one along (the bump API a
/// bump bar or the kitchen display calls). Works on the station's store; the running daemon's outbox
/// publisher sends the status to the till.
struct KitchenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kitchen",
        abstract: "Kitchen station orders and their status.",
        subcommands: [List.self, Bump.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the orders this kitchen station received.")

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let orders = try await store.open().kitchenOrders()
            for entry in orders {
                let order = entry.order
                let items = order.items.map { "\($0.quantity) x \($0.name)" }.joined(separator: ", ")
                print("\(order.orderID)  \(entry.status?.rawValue ?? "received")  table \(order.table ?? "-")  \(items)")
            }
            if orders.isEmpty { print("No kitchen orders.") }
        }
    }

    struct Bump: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move an order to preparing, ready or bumped and tell the till.")

        @OptionGroup var store: StoreOptions

        @Argument(help: "The order id (from `kitchen list`).")
        var order: String

        @Option(name: .long, help: "The new status: accepted, preparing, ready, bumped or recalled.")
        var status: String

        func run() async throws {
            guard let next = KitchenOrderStatus(rawValue: status) else {
                throw ValidationError("--status must be one of " + KitchenOrderStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            do {
                if try await store.open().changeKitchenOrderStatus(orderID: order, to: next) == nil {
                    print("Order \(order) is already \(next.rawValue).")
                } else {
                    print("Order \(order) is \(next.rawValue); the till is told through the outbox.")
                }
            } catch {
                throw fail("\(error)")
            }
        }
    }
}
