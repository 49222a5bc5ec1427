import Foundation
import Testing
import TeamworkCore
import TeamworkStore
@testable import TeamworkXLSX

/// The plan workbook written with libxlsxwriter and read back with the reader (ZIPFoundation +
/// XMLScanner): the same plan, formulas where the layout says, findings on their cells.
@Suite struct PlanWorkbookTests {
    static func seededProject() throws -> Project {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try ProjectStore(path: dir.appendingPathComponent("t.sqlite").path).loadProject()
    }

    func workbook(_ project: Project) throws -> Data { try PlanWorkbook.data(project: project) }

    @Test func roundTripThroughTheReader() throws {
        let project = try Self.seededProject()
        let data = try workbook(project)
        #expect(PlanXLSX.looksLikeWorkbook(data))
        let read = try PlanXLSX.read(data)
        #expect(read.sheet == "Kosten- und Finanzierungsplan")
        #expect(read.plan == project.plan)
    }

    @Test func roundTripOfAnEditedPlan() throws {
        var project = try Self.seededProject()
        project.plan.set(code: "1.1.5", yearIndex: 1, value: 12_345_67)
        project.plan.set(code: "3.1.2", yearIndex: 7, value: 1)
        let read = try PlanXLSX.read(try workbook(project))
        #expect(read.plan == project.plan)
        #expect(read.plan["3.3.1"]?.statedTotal == project.plan["3.3.1"]?.statedTotal)
    }

    @Test func formulasWithCachedValuesNumbersForItems() throws {
        let project = try Self.seededProject()
        let sheets = try XLSXReader.sheets(try workbook(project))
        #expect(sheets.map(\.name) == ["Kosten- und Finanzierungsplan", "Prüfung"])
        let cells = sheets[0].cells
        func cell(_ reference: String) throws -> XLSXReader.Cell {
            try #require(cells.first { $0.reference == reference })
        }
        func row(of code: String) throws -> Int {
            try #require(cells.first { $0.column == 0 && $0.value == .text(code) }).row + 1
        }
        let item = try cell("C\(try row(of: "1.1.1"))")
        #expect(item.formula == nil && item.value == .number("50000"))
        let total = try cell("K\(try row(of: "1+2"))")
        #expect(total.formula?.hasPrefix("SUM(") == true)
        #expect(total.value == .number("18225000"))
        let group = try cell("C\(try row(of: "1.1"))")
        #expect(group.formula == "SUM(C5:C11)")
        let control = try #require(cells.first { $0.column == 1 && $0.value == .text("Kontrollsumme förderfähige Kosten 3.1 - (1+2)") })
        let controlTotal = try cell("K\(control.row + 1)")
        #expect(controlTotal.formula == "K\(try row(of: "3.1"))-K\(try row(of: "1+2"))")
        #expect(controlTotal.value == .number("0"))
        let share = try cell("K\(try row(of: "3.3.3"))")
        #expect(share.isPercent && share.formula?.contains("/") == true)
        #expect(share.value.numberLiteral.map { ExactDecimal.hundredths($0, scale: 4, strict: false) } == 9_040)
    }

    @Test func findingsSitOnTheirCellsAndInTheFindingsSheet() throws {
        let project = try Self.seededProject()
        let findings = Checks.run(project)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("teamwork-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PlanWorkbook.write(project: project, to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let sheets = try XLSXReader.sheets(data)
        // The comments part holds the consultant-cap finding of 1.1.5 (Gesamt, K9).
        let comments = try unzipped(data, "xl/comments1.xml")
        let layout = try PlanWorkbook.addPlanSheetsLayout(project.plan)
        let cap = try #require(findings.first { $0.rule == .consultingCap && $0.line == "1.1.5" && $0.year == nil })
        let cell = try #require(layout.cell(of: cap))
        #expect(CellReference.name(row: cell.row, column: cell.column) == "K9")
        #expect(comments.contains("<comment ref=\"K9\""))
        #expect(comments.contains("Fehler (consulting-cap): 1.1.5 Gesamt: Beratung 530.000,00 €"))
        // Prüfung: one row per finding, with its cell.
        let check = sheets[1].cells
        #expect(check.contains { $0.value == .text("Prüfung: 4 Fehler, 14 Warnungen") })
        #expect(check.filter { $0.column == 0 && $0.row >= 2 }.count == findings.count)
        #expect(check.contains { $0.column == 4 && $0.value == .text("K9") })
        let sheetXML = try unzipped(data, "xl/worksheets/sheet2.xml")
        #expect(sheetXML.contains("<hyperlink ref=\"E"))
        let workbookXML = try unzipped(data, "xl/workbook.xml")
        #expect(workbookXML.contains("'Kosten- und Finanzierungsplan'!$2:$2"))  // header on every page
        let planXML = try unzipped(data, "xl/worksheets/sheet1.xml")
        #expect(planXML.contains("<pane xSplit=\"2\" ySplit=\"2\" topLeftCell=\"C3\""))
        #expect(planXML.contains("orientation=\"landscape\""))
    }

    @Test func unreadableCellsNameSheetAndReference() throws {
        let project = try Self.seededProject()
        var data = try workbook(project)
        // 1.1.1 2021 (C5) becomes text that is not an amount.
        data = try rewritten(data, "xl/worksheets/sheet1.xml") { xml in
            xml.replacingOccurrences(of: "<c r=\"C5\" s=\"(\\d+)\"><v>50000</v></c>",
                                     with: "<c r=\"C5\" s=\"$1\" t=\"inlineStr\"><is><t>fünfzig</t></is></c>",
                                     options: .regularExpression)
        }
        do {
            _ = try PlanXLSX.read(data)
            Issue.record("not refused")
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.description == "Blatt „Kosten- und Finanzierungsplan“, Zelle C5: \"fünfzig\" ist kein Betrag: "
                    + "unerwartetes Zeichen \"f\" an Stelle 1")
        }
        #expect(throws: PlanXLSX.Errors.self) { try PlanXLSX.read(Data("PK\u{3}\u{4}kaputt".utf8)) }
    }

    @Test func cellReferences() {
        #expect(CellReference.name(row: 16, column: 3) == "D17")
        #expect(CellReference.column(25) == "Z" && CellReference.column(26) == "AA" && CellReference.column(701) == "ZZ")
        #expect(CellReference.parse("D17")! == (16, 3))
        #expect(CellReference.parse("$AA$3")! == (2, 26))
        #expect(CellReference.parse("17") == nil && CellReference.parse("D") == nil && CellReference.parse("D0") == nil)
    }
}

extension XLSXReader.Value {
    var numberLiteral: String? { if case .number(let literal) = self { literal } else { nil } }
}

extension PlanWorkbook {
    /// The plan sheet's layout, as the writer computes it (without writing a file).
    static func addPlanSheetsLayout(_ plan: Plan) throws -> Layout {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("layout-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let workbook = try Workbook(path: path)
        let layout = try addPlanSheets(to: workbook, plan: plan, findings: [])
        try workbook.close()
        return layout
    }
}

import ZIPFoundation

func unzipped(_ data: Data, _ path: String) throws -> String {
    let archive = try Archive(data: data, accessMode: .read)
    let entry = try #require(archive[path])
    var out = Data()
    _ = try archive.extract(entry) { out.append($0) }
    return String(decoding: out, as: UTF8.self)
}

/// The workbook with one part changed by `change`.
func rewritten(_ data: Data, _ path: String, _ change: (String) -> String) throws -> Data {
    let source = try Archive(data: data, accessMode: .read)
    let target = try Archive(data: Data(), accessMode: .create)
    for entry in source {
        var contents = Data()
        _ = try source.extract(entry) { contents.append($0) }
        if entry.path == path { contents = Data(change(String(decoding: contents, as: UTF8.self)).utf8) }
        let bytes = contents
        try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count),
                            compressionMethod: .deflate) { position, size in
            bytes.subdata(in: Int(position)..<Int(position) + size)
        }
    }
    return try #require(target.data)
}
