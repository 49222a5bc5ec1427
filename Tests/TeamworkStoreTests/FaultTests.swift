import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// A full disk or a read-only database gives a German message, no crash, and changes nothing.
@Suite struct FaultTests {
    @Test func fullDiskIsReportedInGermanAndLeavesNothingHalfSaved() throws {
        try withSeededStore { store in
            let before = try store.loadProject()
            let auditBefore = try store.auditTrail().count
            // SQLite reports SQLITE_FULL once the file may not grow: the same as a full disk.
            let pages = try store.pageCountForTesting()
            try store.executeForTesting("PRAGMA max_page_count = \(pages)")
            var big = Stakeholder(name: "Großer Verein", kind: .association, role: "Test")
            big.notes = String(repeating: "Notiz über vieles. ", count: 20_000)
            let error = storeError { () throws(StoreError) in _ = try store.save(big, user: "anna") }
            #expect(error?.kind == .diskFull)
            #expect(error?.message.contains("Datenträger ist voll") == true, "\(error?.message ?? "")")
            #expect(try store.loadProject() == before)
            #expect(try store.auditTrail().count == auditBefore)
        }
    }

    @Test func aReadOnlyDatabaseRefusesWritesInGerman() throws {
        try withStorePath { path in
            _ = try ProjectStore(path: path)
            let readOnly = try ProjectStore(path: path, readOnly: true)
            let project = try readOnly.loadProject()
            let error = storeError { () throws(StoreError) in
                _ = try readOnly.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: 5_000_000, user: "anna")
            }
            #expect(error?.kind == .readOnly, "\(String(describing: error))")
            #expect(error.map { !$0.message.contains("SQLITE") || $0.message.contains("(") } == true)
            #expect(try readOnly.loadProject() == project)
        }
    }
}
