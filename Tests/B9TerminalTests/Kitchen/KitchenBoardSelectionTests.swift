import B9Intake
@testable import B9Terminal
import B9Core
import Foundation
import Testing

@Suite("Kitchen display: positions, selection and recall on the board")
struct KitchenBoardSelectionTests {
    @Test("Positions count from the oldest ticket; the selection wraps both ways; bumping the selection clears it; recall needs a bumped ticket")
    func selectionAndPositions() async throws {
        let testStore = try await TestStore(terminalID: "kitchen-1")
        defer { testStore.remove() }
        let board = KitchenBoard(store: testStore.store, events: EventBroadcaster(), settings: KitchenDisplaySettings())
        #expect(try await board.recall() == nil, "nothing bumped yet")
        try await board.moveSelection(by: 1)
        #expect(await board.selected == nil, "no tickets, nothing to select")
        for orderID in ["t1", "t2", "t3"] {
            try await KitchenDisplayTestOrders.receive(testStore.store, orderID: orderID)
        }
        #expect(try await board.bump(position: 4) == nil)
        #expect(try await board.bump(position: 0) == nil)
        #expect(try await board.bump(position: 2)?.orderID == "t2")
        #expect(try await board.bumpSelected() == nil, "nothing selected")

        try await board.moveSelection(by: -1)
        #expect(await board.selected == "t3", "back from nothing selects the last")
        try await board.moveSelection(by: 1)
        #expect(await board.selected == "t1", "forward wraps")
        try await board.moveSelection(by: -1)
        #expect(await board.selected == "t3")

        #expect(try await board.bumpSelected()?.status == "preparing")
        #expect(try await board.bump("t3", .to(.bumped)).status == "bumped")
        #expect(await board.selected == nil)
        #expect(try await board.board().tickets.map(\.orderID) == ["t1", "t2"])
        #expect(try await board.recall()?.orderID == "t3")
        #expect(try await board.bump("t3").status == "ready", "a recalled ticket comes back ready")
    }

    @Test("The step a bump takes from each status")
    func nextStatus() {
        #expect(KitchenBoard.next(after: nil) == .preparing)
        #expect(KitchenBoard.next(after: .accepted) == .preparing)
        #expect(KitchenBoard.next(after: .preparing) == .ready)
        #expect(KitchenBoard.next(after: .ready) == .bumped)
        #expect(KitchenBoard.next(after: .recalled) == .ready)
    }
}
