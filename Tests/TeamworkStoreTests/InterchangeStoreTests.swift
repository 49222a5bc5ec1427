import Foundation
import GRDB
import Testing
import TeamworkCore
@testable import TeamworkStore

/// Plan import, event/contact import and export, JSON export, backup and restore — at store level.
@Suite struct InterchangeStoreTests {
    static let now = UTCDateTime(year: 2026, month: 11, day: 19, hour: 8, minute: 15)

    /// The seeded plan with some item cells changed (values in cents).
    static func edited(_ plan: Plan, _ cells: [(String, Int, Int64)]) -> Plan {
        var plan = plan
        for (code, year, value) in cells {
            let index = plan.index(of: code)!
            plan.lines[index].values[year] = value
        }
        return plan
    }

    static func planRows(_ store: ProjectStore) throws -> [Row] {
        try GRDB.DatabaseQueue(path: store.path).read { db in
            try Row.fetchAll(db, sql: "SELECT line_code, year, value, version FROM plan_value ORDER BY line_code, year")
                + Row.fetchAll(db, sql: "SELECT code, stated_total, version FROM plan_line ORDER BY code")
                + Row.fetchAll(db, sql: "SELECT id, cost_cents, version FROM measure ORDER BY id")
        }
    }

    // MARK: Plan

    @Test func importPlanWritesAllCellsInOneTransactionLikeSingleEdits() throws {
        try withStorePath { path in
            let store = try ProjectStore(path: path)
            let reference = try ProjectStore(path: path + ".ref")
            let before = try store.loadProject().plan
            let cells: [(String, Int, Int64)] = [("1.1.1", 0, 6_000_000), ("2.2.2", 7, 50_000_000), ("3.1.3", 3, 1_234_567)]
            let result = try store.importPlan(Self.edited(before, cells), user: "finanz")
            #expect(result.items.map { "\($0.code)/\($0.year!)" } == ["1.1.1/2021", "2.2.2/2028", "3.1.3/2024"])
            #expect(result.auditIDs.count == 3)
            #expect(result.measureIDs.count == 1)  // the planned measure on 2.2.2 follows
            #expect(result.derived.contains { $0.code == "1+2" && $0.year == 2021 })
            #expect(result.derived.contains { $0.code == "2.2.2" && $0.year == nil && $0.new == 407_500_000 })

            // Same end state as three single edits.
            for (code, year, value) in cells {
                try reference.updatePlanValue(code: code, yearIndex: year, raw: value, expected: nil, user: "finanz")
            }
            #expect(try store.loadProject() == reference.loadProject())

            let trail = try store.auditTrail(entity: "plan")
            #expect(trail.filter { $0.user == "finanz" }.map(\.entityID).sorted() == ["1.1.1/2021", "2.2.2/2028", "3.1.3/2024"])
            let first = try #require(trail.first { $0.entityID == "1.1.1/2021" })
            #expect(first.oldValue == "50.000,00" && first.newValue == "60.000,00" && first.field == "value")
            #expect(try store.auditTrail(entity: "measure").count == 1)
            #expect(Set(try store.auditTrail().filter { $0.user == "finanz" }.map(\.at)).count == 1)  // one transaction

            // Importing the same plan again changes nothing.
            let rows = try Self.planRows(store)
            let auditCount = try store.latestAuditID()
            let again = try store.importPlan(store.loadProject().plan, user: "finanz")
            #expect(again.isEmpty && again.derived.isEmpty && again.auditIDs.isEmpty)
            #expect(try Self.planRows(store) == rows)
            #expect(try store.latestAuditID() == auditCount)
        }
    }

    @Test func importPlanIsAllOrNothingWhenAWriteFailsMidway() throws {
        try withSeededStore { store in
            let before = try store.loadProject()
            let rows = try Self.planRows(store)
            let auditCount = try store.latestAuditID()
            // 1.1.1 is written first, 2.2.1 later: the trigger fails the import in the middle.
            try store.executeForTesting("""
                CREATE TRIGGER fail_import BEFORE UPDATE ON plan_value WHEN NEW.line_code = '2.2.1'
                BEGIN SELECT RAISE(ABORT, 'Testfehler'); END
                """)
            var firstCellWritten = false
            let error = try #require(storeError { () throws(StoreError) in
                try store.importPlan(Self.edited(before.plan, [("1.1.1", 0, 6_000_000), ("2.2.1", 2, 1)]), user: "finanz",
                                     afterFirstCell: { firstCellWritten = true })
            })
            #expect(firstCellWritten)
            #expect(error.message.contains("Einlesen des Finanzplans"), "\(error.message)")
            #expect(try store.loadProject() == before)
            #expect(try Self.planRows(store) == rows)
            #expect(try store.latestAuditID() == auditCount)
        }
    }

    @Test func importPlanRefusesPlansThatDoNotFitTheDatabase() throws {
        try withSeededStore { store in
            let before = try store.loadProject()
            let auditCount = try store.latestAuditID()
            var unknown = Self.edited(before.plan, [("1.1.1", 0, 1)])
            unknown.lines.append(PlanLine(code: "9.9.9", label: "gibt es nicht", section: .strategy, kind: .item,
                                          values: Array(repeating: 5, count: 8), statedTotal: 40))
            unknown = Plan(years: unknown.years, lines: unknown.lines)
            let error = try #require(storeError { () throws(StoreError) in try store.importPlan(unknown, user: "x") })
            #expect(error.kind == .invalidInput && error.message.contains("9.9.9"))

            let otherYears = Plan(years: Array(2022...2029), lines: before.plan.lines)
            let yearsError = try #require(storeError { () throws(StoreError) in try store.importPlan(otherYears, user: "x") })
            #expect(yearsError.message.contains("2022–2029") && yearsError.message.contains("2021–2028"))
            #expect(try store.loadProject() == before)
            #expect(try store.latestAuditID() == auditCount)
        }
    }

    @Test func derivedValuesOfTheFileAreRecomputedAndReported() throws {
        try withSeededStore { store in
            let before = try store.loadProject().plan
            let csv = PlanCSV.write(before)
                .replacingOccurrences(of: "\n1.1;Personal- und Sachkosten (Strategiephase);195.000,00;",
                                      with: "\n1.1;Personal- und Sachkosten (Strategiephase);1,00;")
            let imported = try PlanCSV.read(csv)
            let preview = try ProjectStore.planImport(current: before, imported: imported)
            #expect(preview.isEmpty)
            #expect(preview.notes.map(\.summary) == ["1.1 / 2021: in der Datei 1,00, berechnet 195.000,00"])
            let result = try store.importPlan(imported, user: "x")
            #expect(result.isEmpty && result.auditIDs.isEmpty)
            #expect(try store.loadProject().plan == before)
        }
    }

    // MARK: Events

    static func addEvents(_ store: ProjectStore) throws {
        let project = try store.loadProject()
        let series = try #require(project.series.first)
        let measure = try #require(project.measures.first { $0.stage == .strategy })
        try store.save(Event(seriesID: series.id, title: "Smart City Forum 2027", format: "Forum",
                             start: LocalDateTime(year: 2027, month: 5, day: 12, hour: 10),
                             end: LocalDateTime(year: 2027, month: 5, day: 12, hour: 16, minute: 30),
                             place: "Rathaus, Am Markt 14; Schwerin", organiser: "TEAMWORK",
                             measureID: measure.id, stakeholderIDs: [3, 1]), user: "anna")
        try store.save(Event(title: "Zukunftswerkstatt Lankow", format: "Zukunftswerkstatt",
                             start: LocalDateTime(year: 2027, month: 3, day: 29),
                             end: LocalDateTime(year: 2027, month: 3, day: 31),
                             place: "Stadtteilzentrum"), user: "anna")
    }

    @Test func eventsRoundTripThroughTheStore() throws {
        try withStorePath { path in
            let store = try ProjectStore(path: path)
            try Self.addEvents(store)
            let exported = try store.exportEvents(now: Self.now)
            let auditCount = try store.latestAuditID()
            let events = try ICalendar.read(exported)
            #expect(events.count == 2)

            let again = try store.importEvents(events, user: "bea")
            #expect(again.summary == "neu: 0, geändert: 0, unverändert: 2")
            #expect(try store.latestAuditID() == auditCount)
            #expect(try store.exportEvents(now: Self.now) == exported)

            // Into another (fresh) database: inserted, then exported identically.
            let other = try ProjectStore(path: path + ".other")
            let inserted = try other.importEvents(events, user: "bea")
            #expect(inserted.summary == "neu: 2, geändert: 0, unverändert: 0")
            #expect(try other.exportEvents(now: Self.now) == exported)
            #expect(try other.auditTrail(entity: "event").count == 2)
            #expect(try other.importEvents(events, user: "bea").unchanged == 2)
        }
    }

    @Test func eventImportUpdatesByUIDWithVersionAndAudit() throws {
        try withSeededStore { store in
            try Self.addEvents(store)
            let forum = try #require(store.loadProject().events.first { $0.title.hasPrefix("Smart City Forum") })
            let text = try store.exportEvents(now: Self.now)
                .replacingOccurrences(of: "LOCATION:Rathaus\\, Am Markt 14\\; Schwerin", with: "LOCATION:Stadthaus")
            let foreign = """
                BEGIN:VCALENDAR\r
                VERSION:2.0\r
                BEGIN:VEVENT\r
                UID:0815@kalender.example\r
                DTSTART:20270601T080000Z\r
                DTEND:20270601T100000Z\r
                SUMMARY:Smart City Dialog\r
                END:VEVENT\r
                END:VCALENDAR\r

                """
            let result = try store.importEvents(try ICalendar.read(text) + ICalendar.read(foreign), user: "bea")
            #expect(result.summary == "neu: 1, geändert: 1, unverändert: 1")
            let after = try store.loadProject()
            let updated = try #require(after.events.first { $0.id == forum.id })
            #expect(updated.place == "Stadthaus" && updated.version == forum.version + 1)
            #expect(updated.stakeholderIDs == [1, 3] && updated.measureID == forum.measureID)
            let dialog = try #require(after.events.first { $0.title == "Smart City Dialog" })
            #expect(dialog.start == LocalDateTime(year: 2027, month: 6, day: 1, hour: 10))  // CEST
            let trail = try store.auditTrail(entity: "event").filter { $0.user == "bea" }
            #expect(trail.map(\.field).sorted { ($0 ?? "") < ($1 ?? "") } == [nil, "place"])

            // The foreign UID is not stored: the same file again matches by title and start.
            #expect(try store.importEvents(try ICalendar.read(foreign), user: "bea").unchanged == 1)
        }
    }

    @Test func eventImportIsAllOrNothingAndDryRunWritesNothing() throws {
        try withSeededStore { store in
            try Self.addEvents(store)
            let before = try store.loadProject()
            let auditCount = try store.latestAuditID()
            var events = try ICalendar.read(try store.exportEvents(now: Self.now))
            events[0].place = "anderswo"
            events.append(ImportedEvent(uid: "neu@x", title: "Neu", start: LocalDateTime(year: 2027, month: 1, day: 1, hour: 9),
                                        end: LocalDateTime(year: 2027, month: 1, day: 1, hour: 10), line: 40))
            let preview = try store.importEvents(events, user: "bea", dryRun: true)
            #expect(preview.summary == "neu: 1, geändert: 1, unverändert: 1")
            #expect(try store.loadProject() == before && store.latestAuditID() == auditCount)

            events.append(ImportedEvent(uid: "kaputt@x", title: "Kaputt", start: LocalDateTime(year: 2027, month: 1, day: 1),
                                        end: LocalDateTime(year: 2027, month: 1, day: 2), stakeholderIDs: [999], line: 77))
            let error = try #require(storeError { () throws(StoreError) in _ = try store.importEvents(events, user: "bea") })
            #expect(error.kind == .invalidInput)
            #expect(error.message.hasPrefix("Zeile 77: Termin \"Kaputt\""), "\(error.message)")
            #expect(try store.loadProject() == before && store.latestAuditID() == auditCount)
        }
    }

    // MARK: Contacts

    @Test func contactsRoundTripChangesNothing() throws {
        try withSeededStore { store in
            let exported = try store.exportContacts()
            let contacts = try VCard.read(exported)
            let count = try store.loadProject().stakeholders.count
            #expect(contacts.count == count)
            let trail = try store.auditTrail()
            let result = try store.importContacts(contacts, user: "bea")
            #expect(result.summary == "neu: 0, geändert: 0, unverändert: \(count)")
            #expect(try store.auditTrail() == trail)
            #expect(try store.exportContacts() == exported)
        }
    }

    @Test func contactImportUpdatesByUIDAndInsertsUnknownCards() throws {
        try withSeededStore { store in
            let project = try store.loadProject()
            let first = try #require(project.stakeholders.first)
            var contacts = try VCard.read(try store.exportContacts())
            contacts[0].email = "teamwork@schwerin.de"
            contacts[0].notes = ""
            contacts.append(ImportedContact(name: "Stadtbibliothek Schwerin", kindTitle: "Bildung",
                                            email: "info@bibliothek.example", line: 500))
            let result = try store.importContacts(contacts, user: "bea")
            #expect(result.summary == "neu: 1, geändert: 1, unverändert: \(contacts.count - 2)")
            let after = try store.loadProject()
            let updated = try #require(after.stakeholders.first { $0.id == first.id })
            #expect(updated.email == "teamwork@schwerin.de" && updated.notes == "" && updated.version == first.version + 1)
            let library = try #require(after.stakeholders.first { $0.name == "Stadtbibliothek Schwerin" })
            #expect(library.kind == .education)
            let trail = try store.auditTrail(entity: "stakeholder").filter { $0.user == "bea" }
            #expect(Set(trail.compactMap(\.field)) == ["email", "notes"])
            #expect(trail.count == 3)

            // A bad e-mail anywhere rejects the whole file.
            let auditCount = try store.latestAuditID()
            contacts[1].email = "kein-at-zeichen"
            contacts[0].phone = "0385 1234"
            let error = try #require(storeError { () throws(StoreError) in _ = try store.importContacts(contacts, user: "bea") })
            #expect(error.kind == .invalidInput && error.message.contains("E-Mail"), "\(error.message)")
            #expect(try store.latestAuditID() == auditCount)
            #expect(try store.loadProject() == after)
        }
    }

    // MARK: JSON

    @Test func jsonExportIsDeterministicWithCentsAndGermanText() throws {
        try withSeededStore { store in
            try Self.addEvents(store)
            let project = try store.loadProject()
            let json = ProjectJSON.encode(project)
            #expect(json == ProjectJSON.encode(try store.loadProject()))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object.keys.sorted() == ["controlling", "drawdowns", "events", "expenses", "format", "formatVersion",
                                             "measures", "name", "plan", "proofSubmissions", "series", "staffing",
                                             "stakeholders", "terms"])
            let plan = try #require(object["plan"] as? [String: Any])
            let lines = try #require(plan["lines"] as? [[String: Any]])
            #expect(lines.count == 35)
            let line313 = try #require(lines.first { $0["code"] as? String == "3.1.3" })
            let total = try #require(line313["total"] as? [String: Any])
            #expect(total["cents"] as? Int == 1_647_500_000 && total["text"] as? String == "16.475.000,00")
            let share = try #require(lines.first { $0["code"] as? String == "3.3.3" }?["total"] as? [String: Any])
            #expect(share["hundredths"] as? Int == 9040 && share["text"] as? String == "90,40" && share["cents"] == nil)
            #expect((object["events"] as? [Any])?.count == 2)
            // Keys appear sorted in the text itself.
            let top = json.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { $0.split(separator: "\"")[1] }
            #expect(top == top.sorted())
        }
    }

    // MARK: Backup and restore

    static func fileBytes(_ path: String) -> [String: Data] {
        var out: [String: Data] = [:]
        for suffix in ["", "-wal"] {
            if let data = FileManager.default.contents(atPath: path + suffix) { out[suffix] = data }
        }
        return out
    }

    @Test func backupIsAPrivateConsistentCopyAndNeverOverwrites() throws {
        try withStorePath { path in
            let store = try ProjectStore(path: path)
            let backup = path + ".backup"
            // Writers keep going while the backup runs.
            let stop = Counter()
            let writer = Thread {
                var value: Int64 = 5_000_000
                while stop["stop"] == 0 {
                    value += 100
                    _ = try? store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: value, expected: nil, user: "w")
                    stop.add("writes")
                }
                stop.add("done")
            }
            writer.start()
            while stop["writes"] < 3 { usleep(1000) }
            let size = try store.backup(to: backup)
            stop.add("stop")
            while stop["done"] == 0 { usleep(1000) }
            #expect(size > 0)

            var st = stat()
            #expect(stat(backup, &st) == 0 && st.st_mode & 0o777 == 0o600)
            #expect(!FileManager.default.fileExists(atPath: backup + "-wal"))
            let copy = try ProjectStore(path: backup, readOnly: true)
            let plan = try copy.loadProject().plan
            #expect(Checks.run(plan: plan, terms: .kfw436Haushaltsnotlage).allSatisfy { $0.rule != .parentSum })
            let value = try #require(plan["1.1.1"]).values[0]
            #expect(try copy.auditTrail(entity: "plan").first?.newValue == Fixed2.format(value))

            let error = try #require(storeError { () throws(StoreError) in _ = try store.backup(to: backup) })
            #expect(error.message.contains("existiert bereits"))
        }
    }

    @Test func restoreBringsBackTheOldStateAndKeepsADatedCopy() throws {
        try withStorePath { path in
            let backup = path + ".backup"
            let saved: Project
            do {
                let store = try ProjectStore(path: path)
                saved = try store.loadProject()
                try store.backup(to: backup)
                try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1, expected: nil, user: "anna")
                try store.save(Stakeholder(name: "Neu", kind: .business, role: "Test"), user: "anna")
            }
            let changed = try ProjectStore(path: path, readOnly: true).loadProject()
            #expect(changed != saved)

            let when = Date(timeIntervalSince1970: 1_779_000_000)
            let result = try ProjectStore.restore(from: backup, to: path, now: when)
            #expect(result.project == saved)
            let copy = try #require(result.previousCopy)
            #expect(copy.hasPrefix(path + ".vor-restore-"))
            #expect(copy.wholeMatch(of: /.*\.vor-restore-\d{8}-\d{6}/) != nil, "\(copy)")
            #expect(try ProjectStore(path: path).loadProject() == saved)
            #expect(try ProjectStore(path: copy, readOnly: true).loadProject() == changed)
            var st = stat()
            #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
            // No temporary files left behind.
            let directory = (path as NSString).deletingLastPathComponent
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".tmp") }.isEmpty)
        }
    }

    @Test func restoreRefusesBadFilesAndLeavesTheDatabaseAlone() throws {
        try withStorePath { path in
            do { _ = try ProjectStore(path: path).loadProject() }
            let directory = (path as NSString).deletingLastPathComponent
            let garbage = directory + "/garbage.sqlite"
            try Data("das ist keine Datenbank, sondern Text\n".utf8).write(to: URL(fileURLWithPath: garbage))
            let foreign = directory + "/foreign.sqlite"
            try DatabaseQueue(path: foreign).write { db in try db.execute(sql: "CREATE TABLE t (x)") }
            let damaged = directory + "/damaged.sqlite"
            do {
                let store = try ProjectStore(path: path, readOnly: true)
                try store.backup(to: damaged)
            }
            // Overwrite pages in the middle of the file.
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: damaged))
            try handle.seek(toOffset: 8192 + 100)
            handle.write(Data(repeating: 0xA5, count: 20_000))
            try handle.close()

            let before = Self.fileBytes(path)
            for (file, reason) in [(garbage, "keine SQLite-Datenbank"), (foreign, "teamwork-Schema fehlt"),
                                   (damaged, "keine brauchbare teamwork-Datenbank"), (directory + "/fehlt.sqlite", "existiert nicht")] {
                let error = try #require(storeError { () throws(StoreError) in
                    _ = try ProjectStore.restore(from: file, to: path)
                })
                #expect(error.kind == .invalidInput, "\(error.message)")
                #expect(error.message.contains(reason), "\(error.message)")
                #expect(Self.fileBytes(path) == before)
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: directory)
            #expect(!names.contains { $0.contains("vor-restore") || $0.hasSuffix(".tmp") }, "\(names)")
        }
    }
}
