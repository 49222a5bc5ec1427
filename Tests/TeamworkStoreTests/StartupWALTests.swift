import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// Issue 17 item 11: the first connection of every process reads the whole WAL back to rebuild
/// its index, and GRDB writes a table into an empty WAL when it opens. So a new database is
/// checkpointed with one frame left, reopening writes nothing, and `checkpoint()` empties a WAL
/// that a large import grew – without losing anything.
@Suite struct StartupWALTests {
    static func walSize(_ path: String) -> Int {
        var st = stat()
        return stat(path + "-wal", &st) == 0 ? Int(st.st_size) : -1
    }

    /// WAL header (32 bytes) plus one frame (24-byte header and a 4 KiB page).
    static let oneFrame = 32 + 24 + 4096

    @Test func aNewDatabaseKeepsOneWALFrameAndReopeningWritesNothing() throws {
        try withStorePath { path in
            let created = try ProjectStore(path: path)
            let project = try created.loadProject()
            #expect(Self.walSize(path) == Self.oneFrame, "WAL nach dem Anlegen: \(Self.walSize(path)) Bytes")
            let version = try created.dataVersion()
            let again = try ProjectStore(path: path)
            #expect(try again.loadProject() == project)
            #expect(Self.walSize(path) == Self.oneFrame)
            // Opening again wrote nothing: the first store does not see a change.
            #expect(try created.dataVersion() == version)
        }
    }

    @Test func checkpointEmptiesALargeWALAndKeepsTheData() throws {
        try withStorePath { path in
            let store = try ProjectStore(path: path)
            let plan = try store.loadProject().plan
            let line = KfW436.bookableLines(in: plan)[0].code
            let rows = (0..<3_000).map { i in
                ExpenseCSV.Row(line: i + 2, expense: Expense(line: line, date: LocalDate(year: plan.years[0], month: 3, day: 1),
                                                            payee: "Lieferant", purpose: "Rechnung \(i)",
                                                            amount: Money(cents: Int64(i + 1)), receipt: "R-\(i)"))
            }
            let result = try store.importExpenses(rows, user: "test")
            #expect(result.inserted.count == 3_000 && result.auditRows == 3_000)
            #expect(Self.walSize(path) > 256 * 1024)
            store.checkpoint()
            #expect(Self.walSize(path) == Self.oneFrame)
            let reopened = try ProjectStore(path: path, readOnly: true)
            #expect(try reopened.expenseCount() == 3_000)
            #expect(try reopened.loadProject().expenses.map(\.receipt).sorted() == rows.map(\.expense.receipt).sorted())
        }
    }

    @Test func aSmallWALIsLeftAsItIs() throws {
        try withStorePath { path in
            let store = try ProjectStore(path: path)
            let plan = try store.loadProject().plan
            let line = KfW436.bookableLines(in: plan)[0].code
            _ = try store.save(Expense(line: line, date: LocalDate(year: plan.years[0], month: 3, day: 1), payee: "P",
                                       purpose: "", amount: Money(cents: 5), receipt: "R-1"), user: "test")
            let before = Self.walSize(path)
            #expect(before > Self.oneFrame)
            store.checkpoint()
            #expect(Self.walSize(path) == before)
        }
    }
}
