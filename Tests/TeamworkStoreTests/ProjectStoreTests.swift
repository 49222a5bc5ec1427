import Foundation
import Testing
import TeamworkCore
@testable import TeamworkStore

/// A fresh directory under the system temp dir, removed afterwards.
private func withTempDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("teamwork-store-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    return try body(dir)
}

private func counts(_ store: ProjectStore) throws -> [String: Int] {
    Dictionary(uniqueKeysWithValues: try store.tableCounts().map { ($0.table, $0.rows) })
}

private func mode(_ path: String) -> mode_t? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return st.st_mode & 0o777
}

/// The fixture transcribed by hand from the printed plan: code → (8 years, Gesamt) in hundredths.
private func printedPlan() throws -> [(code: String, years: [Int64], total: Int64)] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/plan-as-printed.txt")
    let text = try String(contentsOf: url, encoding: .utf8)
    return try text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.map { line in
        let fields = line.split(separator: ";").map(String.init)
        let numbers = try fields.dropFirst().map { try Fixed2.parse($0) }
        return (fields[0], Array(numbers.dropLast()), numbers.last!)
    }
}

@Suite struct SeedTests {
    @Test func seededPlanHoldsEveryPrintedValue() throws {
        try withTempDirectory { dir in
            let store = try ProjectStore(path: dir + "/db.sqlite")
            let plan = try store.loadProject().plan
            let printed = try printedPlan()
            #expect(printed.count == 35)
            #expect(plan.years == Array(2021...2028))
            #expect(plan.lines.map(\.code) == printed.map(\.code), "document order")
            for row in printed {
                guard let line = plan[row.code] else {
                    Issue.record("Zeile \(row.code) fehlt")
                    continue
                }
                #expect(line.values == row.years, "\(row.code) Jahre")
                #expect(line.statedTotal == row.total, "\(row.code) Gesamt")
            }
            #expect(plan["3.3.1"]?.statedTotal == 904)
            #expect(plan["1.1.5"]?.values[1] == 30_000_000)
            #expect(plan["3.1-(1+2)"]?.kind == .control)
            #expect(try counts(store)["plan_value"] == 35 * 8)
        }
    }

    @Test func seededContent() throws {
        try withTempDirectory { dir in
            let project = try ProjectStore(path: dir + "/db.sqlite").loadProject()
            #expect(project.name == "Smart City Schwerin")
            #expect(project.terms == .kfw436Haushaltsnotlage)

            #expect(project.measures.map(\.title) == [
                "Online-Servicekonto", "Bürgerinformationssystem", "Ideen-/Beschwerdemanagement",
                "City WLAN Stadtwerke SN", "Lebenshauptstadt ist Teamwork", "Lebenshauptstadt ist Transformation",
                "Lebenshauptstadt ist Solidarität", "Lebenshauptstadt ist Entschleunigung",
            ])
            #expect(project.measures.map { $0.cost?.cents } == [
                25_000_000, 8_000_000, 3_000_000, 50_000_000, 55_000_000, 397_500_000, 397_500_000, 397_500_000,
            ])
            #expect(project.measures.map(\.planLine) == [nil, nil, nil, nil, "1.2.1", "2.2.1", "2.2.2", "2.2.3"])
            for m in project.measures {
                #expect(m.id > 0)
                for (_, answer) in m.answers { #expect(!answer.contains("\n")) }
                if m.stage == .implemented {
                    #expect(m.goalReached == true && !m.scope.isEmpty && !m.goal.isEmpty && !m.rollout.isEmpty)
                } else {
                    for text in [m.summary, m.scope, m.rolemodel, m.rolemodelLink, m.goal, m.contribution,
                                 m.costTypes, m.operation, m.rollout, m.transfer] {
                        #expect(!text.isEmpty, "\(m.title)")
                    }
                }
            }
            let solidarity = try #require(project.measures.first { $0.planLine == "2.2.2" })
            #expect(solidarity.summary.contains("Plattform für Sharing-/Caring-Angebote geschaffen"))
            #expect(solidarity.rolemodelLink == "Soziale städtische Plattform Engagement Landau https://engagement-landau.de/")
            let teamwork = try #require(project.measures.first { $0.stage == .strategy })
            #expect(teamwork.summary.hasPrefix("Eine interdisziplinäre Smart City Projektgruppe soll in der Stadtverwaltung etabliert"))

            #expect(project.staffing.map(\.involved) == [300, 150, 150, 25, 25, 25, 25, 25])
            #expect(project.staffing.map(\.funded) == [300, 100, 100, 0, 0, 0, 0, 0])

            // Nothing invented: no contact data, no dated events.
            for s in project.stakeholders {
                #expect(s.contactPerson.isEmpty && s.email.isEmpty && s.phone.isEmpty && s.address.isEmpty, "\(s.name)")
                #expect(!s.role.isEmpty, "\(s.name)")
            }
            let names = Set(project.stakeholders.map(\.name))
            for name in ["Hacklabor", "Technologiezentrum", "Smart City Förderverein", "VHS", "Kleingartenverband Schwerin",
                         "Stadtwerke Schwerin", "SIS Schweriner IT- und Servicegesellschaft", "Büro des Oberbürgermeisters"] {
                #expect(names.contains(name), "\(name)")
            }
            #expect(project.events.isEmpty)
            #expect(project.series.contains { $0.title == "Smart City Forum" && $0.cadence == "jährlich" })
            #expect(project.series.allSatisfy { !$0.source.isEmpty })
        }
    }
}

@Suite struct OpeningTests {
    @Test func emptyMigrationCreatesTablesWithoutRows() throws {
        try withTempDirectory { dir in
            let store = try ProjectStore(path: dir + "/empty.sqlite", seed: false)
            let result = try store.tableCounts()
            #expect(result.map(\.table) == ["project", "funding_terms", "plan_line", "plan_value", "measure",
                                            "staffing_unit", "stakeholder", "event_series", "event",
                                            "event_stakeholder", "measure_state", "milestone", "progress_note"])
            #expect(result.allSatisfy { $0.rows == 0 })
        }
    }

    @Test func reopeningNeverSeedsTwice() throws {
        try withTempDirectory { dir in
            let path = dir + "/db.sqlite"
            let first = try counts(ProjectStore(path: path))
            #expect(first["plan_line"] == 35 && first["project"] == 1 && first["measure"] == 8)
            let second = try counts(ProjectStore(path: path))
            let third = try counts(ProjectStore(path: path, seed: false))
            #expect(first == second)
            #expect(first == third)
        }
    }

    @Test func createsParentDirectoriesAndPrivateFiles() throws {
        try withTempDirectory { dir in
            let path = dir + "/a/b/teamwork.sqlite"
            let store = try ProjectStore(path: path, create: .fileAndDirectories)
            try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 1)  // make sure -wal has content
            #expect(store.path == path)
            for file in [path, path + "-wal", path + "-shm"] {
                let m = try #require(mode(file), "\(file) fehlt")
                #expect(m & 0o077 == 0, "\(file) hat Modus \(String(m, radix: 8))")
            }
            #expect(try store.journalMode() == "wal")
        }
    }

    @Test func readOnlyOpensExistingAndRefusesWrites() throws {
        try withTempDirectory { dir in
            let path = dir + "/db.sqlite"
            _ = try ProjectStore(path: path)
            let store = try ProjectStore(path: path, readOnly: true)
            #expect(try store.loadProject().plan.lines.count == 35)
            #expect(try store.journalMode() == "wal")
            let error = #expect(throws: StoreError.self) {
                try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 0)
            }
            #expect(error?.description.contains("nur lesend") == true)
        }
    }

    @Test func readOnlyOnMissingFileThrowsGermanError() throws {
        try withTempDirectory { dir in
            let path = dir + "/missing/db.sqlite"
            let error = #expect(throws: StoreError.self) { try ProjectStore(path: path, readOnly: true) }
            #expect(error?.kind == .missingFile)
            #expect(error?.description == "Datenbank \"\(path)\" kann nicht geöffnet werden: Datei existiert nicht (nur-lesend wird keine neue Datenbank angelegt)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/missing"))
        }
    }

    @Test func pathBelowRegularFileThrowsGermanError() throws {
        try withTempDirectory { dir in
            let blocker = dir + "/blocker"
            #expect(FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8)))
            let error = #expect(throws: StoreError.self) {
                try ProjectStore(path: blocker + "/sub/db.sqlite", create: .fileAndDirectories)
            }
            let message = try #require(error?.description)
            #expect(message.hasPrefix("Datenbank \"\(blocker)/sub/db.sqlite\" kann nicht geöffnet werden: "))
            #expect(message.contains("ist eine Datei, kein Verzeichnis"))
            #expect(!message.contains("\n"))
        }
    }

    @Test func unwritableDirectoryThrowsGermanError() throws {
        guard getuid() != 0 else { return }  // root may write anywhere
        try withTempDirectory { dir in
            let locked = dir + "/locked"
            try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o500])
            defer { chmod(locked, 0o700) }
            let error = #expect(throws: StoreError.self) { try ProjectStore(path: locked + "/db.sqlite") }
            #expect(error?.description == "Datenbank \"\(locked)/db.sqlite\" kann nicht geöffnet werden: Verzeichnis nicht beschreibbar")
        }
    }

    @Test func notADatabaseThrowsGermanError() throws {
        try withTempDirectory { dir in
            let path = dir + "/text.sqlite"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(String(repeating: "kein SQLite ", count: 100).utf8)))
            let error = #expect(throws: StoreError.self) { try ProjectStore(path: path) }
            let message = try #require(error?.description)
            #expect(message.hasPrefix("Datenbank \"\(path)\" kann nicht geöffnet werden: "))
            #expect(message.contains("keine SQLite-Datenbank"))
        }
    }

    @Test func defaultPath() {
        #expect(ProjectStore.defaultPath(environment: ["TEAMWORK_DB": "/x/y.sqlite", "HOME": "/home/a"]) == "/x/y.sqlite")
        #expect(ProjectStore.defaultPath(environment: ["XDG_DATA_HOME": "/data", "HOME": "/home/a"])
                == "/data/teamwork/teamwork.sqlite")
        #expect(ProjectStore.defaultPath(environment: ["HOME": "/home/a"]) == "/home/a/.local/share/teamwork/teamwork.sqlite")
        #expect(ProjectStore.defaultPath(environment: ["TEAMWORK_DB": "", "XDG_DATA_HOME": "", "HOME": "/home/a"])
                == "/home/a/.local/share/teamwork/teamwork.sqlite")
    }
}

@Suite struct UpdateTests {
    @Test func updateRecomputesParentsTotalsControlAndShares() throws {
        try withTempDirectory { dir in
            let store = try ProjectStore(path: dir + "/db.sqlite")
            // 1.1.1 / 2021: 50.000,00 → 60.000,00
            try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: 6_000_000)
            var plan = try store.loadProject().plan
            #expect(plan["1.1.1"]?.values[0] == 6_000_000)
            #expect(plan["1.1.1"]?.statedTotal == 46_000_000)
            #expect(plan["1.1"]?.values[0] == 20_500_000)
            #expect(plan["1.1"]?.statedTotal == 171_500_000)
            #expect(plan["1+2"]?.values[0] == 25_500_000)
            #expect(plan["1+2"]?.statedTotal == 1_823_500_000)
            #expect(plan["3.1-(1+2)"]?.values[0] == -1_000_000)
            #expect(plan["3.1-(1+2)"]?.statedTotal == -1_000_000)

            // Financing follows: 3.1.1 / 2021: 12.250,00 → 22.250,00
            try store.updatePlanValue(code: "3.1.1", yearIndex: 0, raw: 2_225_000)
            plan = try store.loadProject().plan
            #expect(plan["3.1"]?.values[0] == 25_500_000)
            #expect(plan["3.1+3.2"]?.values[0] == 25_500_000)
            #expect(plan["3.1-(1+2)"]?.values[0] == 0)
            #expect(plan["3.1-(1+2)"]?.statedTotal == 0)
            #expect(plan["3.3.1"]?.values[0] == 873)   // 22.250 / 255.000 = 8,7254 %
            #expect(plan["3.3.2"]?.values[0] == 480)   // 12.250 / 255.000 = 4,8039 %
            #expect(plan["3.3.3"]?.values[0] == 8_647) // 220.500 / 255.000 = 86,4706 %
            #expect(plan["3.3.1"]?.statedTotal == 909) // 1.657.250 / 18.235.000 = 9,0883 %

            // Unrelated rows keep the printed values.
            #expect(plan["2.2.1"]?.statedTotal == 397_500_000)
            #expect(plan.lines.count == 35)
        }
    }

    @Test func updateBumpsVersionsAndMeasureCost() throws {
        try withTempDirectory { dir in
            let store = try ProjectStore(path: dir + "/db.sqlite")
            try store.updatePlanValue(code: "2.2.2", yearIndex: 7, raw: 50_000_000)  // 2028: 400.000 → 500.000
            let project = try store.loadProject()
            #expect(project.plan["2.2.2"]?.statedTotal == 407_500_000)
            #expect(project.plan["2.2"]?.statedTotal == 1_202_500_000)
            let measure = try #require(project.measures.first { $0.planLine == "2.2.2" })
            #expect(measure.cost == Money(cents: 407_500_000))
            #expect(measure.version == 2)
            let untouched = try #require(project.measures.first { $0.planLine == "2.2.1" })
            #expect(untouched.version == 1)
        }
    }

    @Test func updateRejectsDerivedUnknownAndOutOfRange() throws {
        try withTempDirectory { dir in
            let store = try ProjectStore(path: dir + "/db.sqlite")
            let before = try store.loadProject().plan
            let derived = #expect(throws: StoreError.self) { try store.updatePlanValue(code: "1.1", yearIndex: 0, raw: 1) }
            #expect(derived?.description.contains("berechnete Zeile") == true)
            let unknown = #expect(throws: StoreError.self) { try store.updatePlanValue(code: "9.9", yearIndex: 0, raw: 1) }
            #expect(unknown?.description.contains("gibt es nicht") == true)
            #expect(throws: StoreError.self) { try store.updatePlanValue(code: "1.1.1", yearIndex: 8, raw: 1) }
            #expect(throws: StoreError.self) { try store.updatePlanValue(code: "1.1.1", yearIndex: 0, raw: Int64.max) }
            #expect(try store.loadProject().plan == before)
        }
    }
}
