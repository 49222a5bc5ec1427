import Foundation
import Testing
import TeamworkCore
import TeamworkApp
@testable import TeamworkStore
@testable import TeamworkUI

/// The Soll/Ist pane through the main loop on a real temporary store: keys in, the expense in
/// SQLite, the Ist cell on the next frame; another session's expense arrives by live refresh.
@Suite struct LedgerLoopTests {
    @Test func addingAnExpenseInTheDashboardMovesTheIstCell() throws {
        try withStore { store, _ in
            var keys: [Key] = [.backTab, .backTab, .down, .right, .char("a"), .ctrl("u")]   // Soll/Ist, 1.1.1, 2022, a
            keys += "10.05.2022".map { Key.char($0) } + [.tab] + "1.500,00".map { Key.char($0) } + [.tab, .tab]
            keys += "Agentur Ost".map { Key.char($0) } + [.tab] + "Moderation".map { Key.char($0) } + [.tab]
            keys += "RE-1".map { Key.char($0) } + [.ctrl("s"), .char("q")]
            let screen = TestScreen(keys: keys)
            var main = try loop(store, screen)
            main.run()
            let stored = try store.expenses()
            #expect(stored.count == 1)
            #expect(stored.first?.line == "1.1.1" && stored.first?.amount.cents == 150_000 && stored.first?.payee == "Agentur Ost")
            #expect(try store.auditTrail(entity: "expense").first?.user == "anna")
            func row(_ frame: Buffer) -> String? {
                frame.text.split(separator: "\n").first { $0.contains(" 1.1.1 ") }.map(String.init)
            }
            let last = try #require(screen.frames.last { row($0)?.contains("1.500,00") == true }, "\(screen.text)")
            #expect(row(last)?.contains("1.500,00") == true)
            #expect(main.state.actualsValue(code: "1.1.1", column: 1) == 150_000)
        }
    }
}
