import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

@Suite struct BaselineTests {
    @Test func antragEqualsTheSeededPlanAndIgnoresLaterEdits() throws {
        try withSeededStore { store in
            let seeded = try store.loadProject().plan
            #expect(try store.baselinePlan(name: "Antrag") == seeded)
            #expect(try store.baselinePlan(name: ProjectStore.antragBaselineName) == SchwerinSeed.plan())
            let list = try store.baselines()
            #expect(list.map(\.name) == ["Antrag"])
            #expect(list.first?.user == "teamwork (Migration)")
            let frozen = try #require(try store.auditTrail(entity: "baseline").first)
            #expect(frozen.summary == "Basisplan \"Antrag\" eingefroren (35 Planzeilen)")

            try store.updatePlanValue(code: "2.1.1", yearIndex: 3, raw: 30_000_000, expected: 24_000_000, user: "anna")
            let current = try store.loadProject().plan
            let antrag = try store.baselinePlan(name: "Antrag")
            #expect(antrag == seeded)
            #expect(current != antrag)
            #expect(antrag["2.1.1"]?.values[3] == 24_000_000 && current["2.1.1"]?.values[3] == 30_000_000)
            #expect(antrag["2.1"]?.statedTotal == 404_500_000 && current["2.1"]?.statedTotal == 410_500_000)
        }
    }

    @Test func freezeAndDuplicateName() throws {
        try withSeededStore { store in
            try store.updatePlanValue(code: "1.1.6", yearIndex: 0, raw: 2_500_000, expected: 2_000_000, user: "anna")
            try store.freezeBaseline(name: "  Stand Mai 2026 ", user: "anna")
            #expect(try store.baselines().map(\.name) == ["Antrag", "Stand Mai 2026"])
            #expect(try store.baselinePlan(name: "Stand Mai 2026") == store.loadProject().plan)
            #expect(try store.auditTrail(entity: "baseline").first?.user == "anna")

            let duplicate = try #require(storeError { () throws(StoreError) in try store.freezeBaseline(name: "Antrag", user: "ben") })
            #expect(duplicate.kind == .invalidInput)
            #expect(duplicate.message.hasPrefix("Basisplan \"Antrag\" gibt es schon (eingefroren von teamwork (Migration) am "))
            #expect(storeError { () throws(StoreError) in try store.freezeBaseline(name: " ", user: "ben") }?.kind == .invalidInput)
            let missing = try #require(storeError { () throws(StoreError) in _ = try store.baselinePlan(name: "Gibt es nicht") })
            #expect(missing.kind == .notFound && missing.message == "Basisplan \"Gibt es nicht\" gibt es nicht")
            #expect(try store.baselines().count == 2)
        }
    }

    /// A database from before v2 (seeded, then edited) gets "Antrag" frozen from the plan as it
    /// is when the migration runs, and the audit/review tables, on its next opening.
    @Test func upgradeFromV1FreezesThePlanAsItIs() throws {
        try withStorePath { path in
            let old = try ProjectStore(path: path)
            try old.executeForTesting("""
                DROP TABLE baseline_value; DROP TABLE baseline_line; DROP TABLE baseline; DROP TABLE review;
                DROP TABLE audit; DELETE FROM grdb_migrations WHERE identifier LIKE 'v2-%';
                UPDATE plan_value SET value = 4200 WHERE line_code = '1.1.1' AND year = 2021;
                """)
            let upgraded = try ProjectStore(path: path)
            #expect(try upgraded.baselinePlan(name: "Antrag")["1.1.1"]?.values[0] == 4200)
            #expect(try upgraded.auditTrail().map(\.entity) == ["baseline"])
            #expect(try upgraded.lastReview() == nil)
        }
    }

    @Test func unseededDatabaseGetsAntragOnlyAfterTheSeed() throws {
        try withStorePath { path in
            let empty = try ProjectStore(path: path, seed: false)
            #expect(try empty.baselines().isEmpty)
            let seeded = try ProjectStore(path: path)
            #expect(try seeded.baselinePlan(name: "Antrag") == SchwerinSeed.plan())
            _ = try ProjectStore(path: path)  // reopening changes nothing
            #expect(try seeded.baselines().count == 1)
        }
    }
}

@Suite struct SharedUseTests {
    @Test func currentUser() {
        #expect(ProjectStore.currentUser(environment: ["TEAMWORK_USER": "anna", "USER": "root"]) == "anna")
        // USER and LOGNAME are environment, as forgeable as TEAMWORK_USER: without a display name
        // the real account (getuid + getpwuid) is used, whatever they say.
        #expect(ProjectStore.currentUser(environment: ["TEAMWORK_USER": " ", "USER": "ben", "LOGNAME": "x"]) == Account.real)
        #expect(ProjectStore.currentUser(environment: ["LOGNAME": "carla"]) == Account.real)
        #expect(ProjectStore.currentUser(environment: ["TEAMWORK_USER": "a\u{1B}]0;x\u{07}b"]) == "a]0;xb")
        let fallback = ProjectStore.currentUser(environment: [:])
        #expect(!fallback.isEmpty)
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name {
            #expect(fallback == String(cString: name))
        }
    }

    @Test func dataVersionChangesWhenAnotherStoreWrites() throws {
        try withStorePath { path in
            let a = try ProjectStore(path: path)
            let b = try ProjectStore(path: path)
            let v0 = try a.dataVersion()
            #expect(try a.dataVersion() == v0, "no commit, no change")
            _ = try a.loadProject()
            #expect(try a.dataVersion() == v0, "reading is no commit")

            let seen = try a.latestAuditID()
            try b.updatePlanValue(code: "1.1.3", yearIndex: 0, raw: 3_100_000, expected: 3_000_000, user: "ben")
            let v1 = try a.dataVersion()
            #expect(v1 != v0)
            let news = try a.lastAudit(after: seen)
            #expect(news.map(\.user) == ["ben"])
            #expect(news.first?.summary.hasPrefix("Plan 1.1.3 / 2021: 30.000,00 → 31.000,00") == true)
            #expect(try a.lastAudit(after: news.last!.id).isEmpty)

            try a.updatePlanValue(code: "1.1.3", yearIndex: 0, raw: 3_200_000, expected: 3_100_000, user: "anna")
            #expect(try a.dataVersion() != v1, "the store's own writer is another connection too")
            #expect(try a.loadProject().plan["1.1.3"]?.values[0] == 3_200_000)
            #expect(try b.loadProject().plan["1.1.3"]?.values[0] == 3_200_000)
        }
    }

    @Test func dataVersionChangesWhenAnotherProcessWrites() throws {
        let sqlite = "/usr/bin/sqlite3"
        guard FileManager.default.isExecutableFile(atPath: sqlite) else { return }
        try withStorePath { path in
            let store = try ProjectStore(path: path)
            let v0 = try store.dataVersion()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: sqlite)
            process.arguments = [path, "UPDATE project SET name = name || ' (extern)'"]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(try store.dataVersion() != v0)
            #expect(try store.loadProject().name == "Smart City Schwerin (extern)")
        }
    }

    @Test func reviews() throws {
        try withSeededStore { store in
            #expect(try store.lastReview() == nil)
            let at = try store.markReview(user: "anna")
            #expect(try store.lastReview() == at)
            #expect(try store.lastReview(user: "anna") == at)
            #expect(try store.lastReview(user: "ben") == nil)
            try store.updatePlanValue(code: "1.1.4", yearIndex: 0, raw: 2_100_000, expected: 2_000_000, user: "ben")
            // `since` is inclusive (same second counts), so the migration's row may show up too.
            let since = try store.auditTrail(since: at).filter { $0.user != Schema.migrationUser }
            #expect(since.map(\.user) == ["ben"])
            #expect(try store.auditTrail(since: at).allSatisfy { $0.at >= at })
            #expect(try store.auditTrail(since: "2999-01-01T00:00:00Z").isEmpty)
        }
    }

    @Test func writerWaitsForAnotherWriterInsteadOfFailingBusy() throws {
        try withStorePath { path in
            let a = try ProjectStore(path: path)
            let b = try ProjectStore(path: path)
            let holding = DispatchSemaphore(value: 0)
            let done = DispatchSemaphore(value: 0)
            DispatchQueue.global().async {
                _ = try? b.write("Test", user: "ben") { _, audit in
                    try audit.record("plan", "x", summary: "hält die Schreibsperre")
                    holding.signal()
                    usleep(800_000)
                }
                done.signal()
            }
            holding.wait()
            let started = Date()
            try a.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: 5_000_000, user: "anna")
            let waited = Date().timeIntervalSince(started)
            done.wait()
            print("Sperre: zweiter Schreiber wartete \(String(format: "%.2f", waited)) s und schrieb dann (kein SQLITE_BUSY)")
            #expect(waited > 0.3)
            #expect(try a.planValue(code: "1.1.1", yearIndex: 0) == 1)
        }
    }

    /// 8 writers × 50 read-modify-write increments of one plan cell, on two store instances
    /// (two connection pools on one file). Each increment passes the value it read as `expected`
    /// and retries with the current value on conflict. No increment may be lost.
    @Test func concurrentIncrementsLoseNothing() throws {
        try withStorePath { path in
            let stores = [try ProjectStore(path: path), try ProjectStore(path: path)]
            let code = "1.1.7", yearIndex = 2
            let initial = try stores[0].planValue(code: code, yearIndex: yearIndex)
            let writers = 8, increments = 50
            let counter = Counter()
            let started = Date()
            DispatchQueue.concurrentPerform(iterations: writers) { writer in
                let store = stores[writer % stores.count]
                for _ in 0..<increments {
                    var seen: Int64
                    do { seen = try store.planValue(code: code, yearIndex: yearIndex) } catch {
                        counter.add("errors"); continue
                    }
                    while true {
                        do {
                            try store.updatePlanValue(code: code, yearIndex: yearIndex, raw: seen + 100, expected: seen,
                                                      user: "schreiber-\(writer)")
                            counter.add("ok")
                            break
                        } catch let error as StoreError where error.kind == .conflict {
                            counter.add("conflicts")
                            guard case .planValue(_, _, let current)? = error.conflict else { counter.add("errors"); break }
                            seen = current
                        } catch {
                            counter.add("errors")
                            print("Fehler: \(error)")
                            break
                        }
                    }
                }
            }
            let elapsed = Date().timeIntervalSince(started)
            let final = try stores[1].planValue(code: code, yearIndex: yearIndex)
            let successful = counter["ok"]
            let lost = successful - Int((final - initial) / 100)
            print("Nebenläufigkeit: \(writers) Schreiber, \(successful) Schreibvorgänge, "
                  + "\(counter["conflicts"]) Konflikte wiederholt, \(counter["errors"]) Fehler, "
                  + "verlorene Änderungen = \(lost), \(String(format: "%.2f", elapsed)) s")
            #expect(counter["errors"] == 0)
            #expect(successful == writers * increments)
            #expect(final == initial + Int64(successful) * 100)
            #expect(lost == 0)
            let audit = try stores[0].auditTrail(entity: "plan", limit: 10_000)
            #expect(audit.count == successful, "one audit row per successful write")
            let plan = try stores[0].loadProject().plan
            #expect(plan["1.1"]?.values[yearIndex] == 62_000_000 + Int64(successful) * 100, "derived rows followed")
        }
    }
}
