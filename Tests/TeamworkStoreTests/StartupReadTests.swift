import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// Issue 17 item 11: the dashboard reads its first snapshot over the data-version connection and
/// opens GRDB's pool only after the first frame. The snapshot must be what the store reads, and
/// nothing committed between the two may go unnoticed.
@Suite struct StartupReadTests {
    static func open(_ path: String, baseline: String = ProjectStore.antragBaselineName,
                     readOnly: Bool = false) throws(StoreError) -> (StartupSnapshot, PendingStore) {
        try ProjectStore.openForDashboard(path: path, readOnly: readOnly, create: .file,
                                          writeTimeout: ProjectStore.interactiveBusyTimeout, baseline: baseline)
    }

    @Test func anExistingDatabaseIsReadBeforeTheStoreOpensAndTheSameAsThroughIt() throws {
        try withStorePath { path in
            let writer = try ProjectStore(path: path)
            try writer.save(Drawdown(phase: .strategy, requestedOn: LocalDateTime(year: 2023, month: 6, day: 1),
                                     amount: Money(cents: 10_000_00)), user: "anna")
            try writer.markReview(user: "anna")
            let (snapshot, pending) = try Self.open(path)
            #expect(pending.opensLater)
            #expect(snapshot.project == (try writer.loadProject()))
            #expect(snapshot.project.drawdowns.drawdowns.count == 1)
            #expect(snapshot.baselineError == nil)
            #expect(snapshot.lastReview == (try writer.lastReview()))
            #expect(snapshot.lastAuditID == (try writer.latestAuditID()) && snapshot.lastAuditID > 0)
            pending.start()
            let store = try pending.wait()
            #expect(try store.loadProject() == snapshot.project)
            // The store took over the snapshot's connection: nothing was committed since.
            #expect(try store.dataVersion() == snapshot.dataVersion)
        }
    }

    @Test func aCommitBetweenTheSnapshotAndTheStoreIsSeenByLiveRefresh() throws {
        try withStorePath { path in
            let other = try ProjectStore(path: path)
            let (snapshot, pending) = try Self.open(path)
            try other.save(Drawdown(phase: .implementation, requestedOn: LocalDateTime(year: 2024, month: 2, day: 1),
                                    amount: Money(cents: 5_000_00)), user: "ben")
            let store = try pending.wait()  // starts the opening itself
            #expect(try store.dataVersion() != snapshot.dataVersion)
            #expect(try store.latestAuditID() > snapshot.lastAuditID)
            #expect(try store.loadProject().drawdowns.drawdowns.count == 1)
        }
    }

    @Test func aNewFileIsCreatedAndSeededByTheStoreFirst() throws {
        try withStorePath { path in
            let (snapshot, pending) = try Self.open(path)
            #expect(!pending.opensLater)
            #expect(snapshot.project.plan.lines.count > 30)
            #expect(snapshot.baselineError == nil)
            let store = try pending.wait()
            #expect(try store.loadProject() == snapshot.project)
        }
    }

    @Test func anUnknownBaselineComesWithItsReason() throws {
        try withStorePath { path in
            _ = try ProjectStore(path: path)
            let (snapshot, _) = try Self.open(path, baseline: "Gibt es nicht")
            #expect(snapshot.baselineError?.kind == .notFound)
            #expect(snapshot.baselineError?.message.contains("Gibt es nicht") == true)
        }
    }

    @Test func theFileChecksRunBeforeAnythingIsRead() throws {
        try withStorePath { path in
            _ = try ProjectStore(path: path)
            #expect(chmod(path, 0o666) == 0)  // writable by every account
            let refused = storeError { () throws(StoreError) in _ = try Self.open(path) }
            let direct = storeError { () throws(StoreError) in _ = try ProjectStore(path: path) }
            #expect(refused != nil && refused?.message == direct?.message)
        }
    }
}
