import Foundation
import Testing
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// The text that `teamwork show` and `teamwork check` print, from a freshly seeded database.
@Suite struct ShowOutputTests {
    static let project: Project = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return try! ProjectStore(path: dir.appendingPathComponent("t.sqlite").path).loadProject()
    }()

    @Test func planListsAll35RowsWithRightAlignedGermanNumbers() {
        let text = Reports.plan(Self.project.plan)
        let lines = text.split(separator: "\n").map(String.init)
        // Title, header, rule, 35 rows.
        #expect(lines.count == 3 + 35)
        #expect(lines[1].hasPrefix("Nr"))
        #expect(lines[1].hasSuffix("Gesamt"))
        let row115 = lines.first { $0.hasPrefix("1.1.5 ") }!
        #expect(row115.hasSuffix("530.000,00"))
        let row313 = lines.first { $0.hasPrefix("3.1.3 ") }!
        #expect(row313.hasSuffix("16.475.000,00"))
        let row333 = lines.first { $0.hasPrefix("3.3.3 ") }!
        #expect(row333.hasSuffix("90,40 %"))
        // Right-aligned: every data row ends in the same column as the header.
        let width = lines[1].count
        for line in lines[3...] { #expect(line.count == width, "\(line)") }
        #expect(!text.contains("\u{1B}"))
    }

    @Test func colourOnlyWhenAsked() {
        #expect(Reports.staffing(Self.project.staffing, color: true).contains("\u{1B}[1m"))
        #expect(!Reports.staffing(Self.project.staffing, color: false).contains("\u{1B}"))
    }

    @Test func staffingHasTheSum() {
        let text = Reports.staffing(Self.project.staffing)
        let sum = text.split(separator: "\n").last!
        #expect(sum.hasPrefix("Summe"))
        #expect(sum.contains("7,25"))
        #expect(sum.hasSuffix("5,00"))
    }

    @Test func measuresAndEventsAndStakeholders() {
        let measures = Reports.measures(Self.project.measures)
        #expect(measures.contains("Online-Servicekonto"))
        #expect(measures.contains("3.975.000,00"))
        let events = Reports.events(Self.project.events, series: Self.project.series)
        #expect(events.contains("Termin offen"))
        #expect(events.contains("Smart City Forum"))
        let stakeholders = Reports.stakeholders(Self.project.stakeholders)
        #expect(stakeholders.contains("Hacklabor"))
    }

    @Test func checkTextGroupsBySeverityAndFitsEightyColumns() {
        let findings = Checks.run(Self.project)
        let text = Reports.check(findings, terms: Self.project.terms, width: 80)
        #expect(text.contains("Fehler (4)"))
        #expect(text.contains("Warnungen (14)"))
        #expect(text.hasSuffix("Zusammenfassung: 4 Fehler, 14 Warnungen\n"))
        for line in text.split(separator: "\n").dropFirst(2) {
            #expect(Terminal.width(String(line)) <= 80, "\(line)")
        }
    }

    @Test func checkJSONHasTheDocumentedShape() throws {
        let findings = Checks.run(Self.project)
        let json = Reports.checkJSON(findings)
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let list = object["findings"] as! [[String: Any]]
        #expect(list.count == 18)
        let first = list[0]
        #expect(Set(first.keys) == ["rule", "severity", "line", "year", "expected", "actual", "message"])
        let summary = object["summary"] as! [String: Int]
        #expect(summary == ["errors": 4, "warnings": 14])
        let wholePeriod = list.first { ($0["line"] as? String) == "2.1.5" && $0["year"] is NSNull }!
        #expect(wholePeriod["actual"] as? String == "1.350.000,00")
        #expect(wholePeriod["expected"] as? String == "805.000,00")
    }

    @Test func jsonEscapesControlCharacters() {
        #expect(Reports.json("a\"b\\c\n\u{1B}") == "\"a\\\"b\\\\c\\n\\u001b\"")
    }

    @Test func csvExportIsReadBackToTheSameFindings() throws {
        let csv = PlanCSV.write(Self.project.plan)
        let plan = try PlanCSV.read(csv)
        #expect(Checks.run(plan: plan, terms: Self.project.terms) == Checks.run(plan: Self.project.plan, terms: Self.project.terms))
        #expect(PlanCSV.write(plan) == csv)
    }
}
