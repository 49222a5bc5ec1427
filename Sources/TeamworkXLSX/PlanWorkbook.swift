import Foundation
import TeamworkCore

/// The Kosten- und Finanzierungsplan as an Excel workbook in the KfW layout: item cells are
/// numbers; groups, totals, the Kontrollsumme, the Gesamt column and the shares 3.3.x are
/// formulas, each with its cached value; every cell with a finding carries it as a comment and
/// a fill by severity; the sheet "Prüfung" lists all findings with a link to their cell.
///
/// `write(project:to:)` is the whole export (the CLI's `export plan --format xlsx`, and what the
/// dashboard's `x` calls). `addPlanSheets(to:plan:findings:)` adds the two sheets to a workbook
/// that other sheets (Soll/Ist, Belegliste, …) share.
public enum PlanWorkbook {
    public static let planSheetName = "Kosten- und Finanzierungsplan"
    public static let findingsSheetName = "Prüfung"

    /// Writes the project's plan with its findings (`Checks.run(project)`) to `path`, atomically:
    /// a temporary file beside it is renamed when complete.
    public static func write(project: Project, to path: String) throws {
        try write(plan: project.plan, findings: Checks.run(project), to: path)
    }

    public static func write(plan: Plan, findings: [Finding], to path: String) throws {
        try atomically(path) { workbook in
            _ = try addPlanSheets(to: workbook, plan: plan, findings: findings)
        }
    }

    /// The workbook as bytes (for callers that save it themselves).
    public static func data(project: Project) throws -> Data {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("teamwork-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(project: project, to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Builds a workbook in a temporary file beside `path` and renames it into place.
    public static func atomically(_ path: String, _ build: (Workbook) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let workbook = try Workbook(path: temporary)
        try build(workbook)
        try workbook.close()
        guard rename(temporary, path) == 0 else {
            throw Workbook.WriteError(description: "\"\(path)\" kann nicht geschrieben werden: "
                                      + String(cString: strerror(errno)))
        }
    }

    // MARK: - Layout

    /// Where each line and year sits on the plan sheet.
    public struct Layout: Sendable {
        public var rowOfCode: [String: Int] = [:]
        /// Section rows ("1", "2", "3"), where findings about a whole phase sit.
        public var rowOfSection: [String: Int] = [:]
        public var yearColumns: [Int: Int] = [:]
        public var totalColumn = 0

        /// The cell a finding belongs to, nil for findings outside the plan (staffing, measures).
        public func cell(of finding: Finding) -> (row: Int, column: Int)? {
            guard let row = rowOfCode[finding.line] ?? rowOfSection[finding.line] else { return nil }
            guard let year = finding.year else { return (row, totalColumn) }
            return yearColumns[year].map { (row, $0) }
        }
    }

    static let money = "#,##0.00"
    static let percent = "0.00%"
    static let errorFill: UInt32 = 0xFFC7CE, errorFont: UInt32 = 0x9C0006
    static let warningFill: UInt32 = 0xFFEB9C, warningFont: UInt32 = 0x9C5700

    /// Adds "Kosten- und Finanzierungsplan" and "Prüfung" to `workbook`.
    @discardableResult
    public static func addPlanSheets(to workbook: Workbook, plan: Plan, findings: [Finding]) throws -> Layout {
        let sheet = try workbook.addSheet(planSheetName)
        let layout = writePlan(plan, findings: findings, on: sheet)
        try writeFindings(findings, layout: layout, to: try workbook.addSheet(findingsSheetName))
        sheet.activate()
        return layout
    }

    static func writePlan(_ plan: Plan, findings: [Finding], on sheet: Sheet) -> Layout {
        var computed = plan
        computed.recomputeDerived()
        let years = plan.years
        let firstYearColumn = 2
        let totalColumn = firstYearColumn + years.count
        var layout = Layout()
        layout.totalColumn = totalColumn
        for (i, year) in years.enumerated() { layout.yearColumns[year] = firstYearColumn + i }

        // Rows: title, header, then sections and lines in document order.
        enum Entry { case section(code: String, title: String), header(label: String), line(PlanLine) }
        var entries: [Entry] = []
        var lastSection: PlanSection?
        for line in plan.lines {
            if line.section != lastSection {
                switch line.section {
                case .strategy, .implementation:
                    entries.append(.section(code: line.section.rawValue, title: line.section.title))
                case .financing:
                    entries.append(.section(code: "3", title: line.section.title))
                    entries.append(.header(label: "Finanzierungsmittel"))
                case .shares:
                    entries.append(.section(code: "", title: line.section.title))
                case .eligibleTotal:
                    break
                }
                lastSection = line.section
            }
            entries.append(.line(line))
        }
        let firstRow = 2
        for (offset, entry) in entries.enumerated() {
            switch entry {
            case .line(let line): layout.rowOfCode[line.code] = firstRow + offset
            case .section(let code, _) where !code.isEmpty: layout.rowOfSection[code] = firstRow + offset
            default: break
            }
        }

        // Findings by cell: one comment per cell, the fill of the worst severity.
        var notes: [String: [Finding]] = [:]
        for finding in findings {
            guard let cell = layout.cell(of: finding) else { continue }
            notes[CellReference.name(row: cell.row, column: cell.column), default: []].append(finding)
        }
        func marked(_ style: CellStyle, _ row: Int, _ column: Int) -> CellStyle {
            guard let list = notes[CellReference.name(row: row, column: column)] else { return style }
            var style = style
            let isError = list.contains { $0.severity == .error }
            style.fill = isError ? errorFill : warningFill
            style.fontColor = isError ? errorFont : warningFont
            return style
        }

        let headerStyle = CellStyle(bold: true, fill: 0xD9E1F2, wrap: true, bottomBorder: true)
        let headerNumberStyle = CellStyle(bold: true, fill: 0xD9E1F2, align: .right, bottomBorder: true)
        func writeHeader(_ row: Int, label: String) {
            sheet.write(text: "Nr", row: row, column: 0, style: headerStyle)
            sheet.write(text: label, row: row, column: 1, style: headerStyle)
            for (i, year) in years.enumerated() {
                sheet.write(text: String(year), row: row, column: firstYearColumn + i, style: headerNumberStyle)
            }
            sheet.write(text: "Gesamt", row: row, column: totalColumn, style: headerNumberStyle)
        }

        sheet.write(text: "Kosten- und Finanzierungsplan", row: 0, column: 0, style: CellStyle(bold: true, fontSize: 14))
        writeHeader(1, label: "Kostenarten")

        func ref(_ code: String, _ column: Int) -> String {
            CellReference.name(row: layout.rowOfCode[code] ?? 0, column: column)
        }
        /// `SUM(C4:C10)` for contiguous parts, `SUM(C3,C11,C14)` otherwise.
        func sum(_ parts: [String], _ column: Int) -> String {
            let rows = parts.compactMap { layout.rowOfCode[$0] }
            if let first = rows.first, let last = rows.last, rows == Array(first...last) {
                return "SUM(\(CellReference.name(row: first, column: column)):\(CellReference.name(row: last, column: column)))"
            }
            return "SUM(" + rows.map { CellReference.name(row: $0, column: column) }.joined(separator: ",") + ")"
        }
        func euros(_ cents: Int64) -> Double { Double(cents) / 100 }

        for (offset, entry) in entries.enumerated() {
            let row = firstRow + offset
            switch entry {
            case .header(let label):
                writeHeader(row, label: label)
            case .section(let code, let title):
                let style = CellStyle(bold: true, fill: 0xF2F2F2)
                if code.isEmpty { sheet.write(text: "", row: row, column: 0, style: style) } else {
                    sheet.write(text: code, row: row, column: 0, style: style)
                }
                sheet.write(text: title, row: row, column: 1, style: style)
                for column in firstYearColumn...totalColumn {
                    sheet.write(text: "", row: row, column: column, style: marked(style, row, column))
                }
            case .line(let line):
                let bold = line.kind != .item && line.kind != .share
                let isTotal = line.kind == .total || line.kind == .control
                let text = CellStyle(bold: bold, wrap: true, indent: line.kind == .item ? 1 : 0,
                                     verticalTop: true, topBorder: isTotal)
                sheet.write(text: line.kind == .control ? "" : line.code, row: row, column: 0,
                            style: CellStyle(bold: bold, verticalTop: true, topBorder: isTotal))
                sheet.write(text: line.label, row: row, column: 1, style: text)
                let number = CellStyle(numberFormat: line.kind == .share ? percent : money, bold: bold,
                                       verticalTop: true, topBorder: isTotal)
                let values = computed[line.code]?.values ?? line.values
                for column in firstYearColumn...totalColumn {
                    let style = marked(number, row, column)
                    let y = column - firstYearColumn
                    let isTotalColumn = column == totalColumn
                    switch line.kind {
                    case .item where !isTotalColumn:
                        sheet.write(number: euros(y < line.values.count ? line.values[y] : 0), row: row, column: column, style: style)
                    case .item, .group, .total:
                        let formula = isTotalColumn && line.kind == .item
                            ? "=SUM(\(CellReference.column(firstYearColumn))\(row + 1):\(CellReference.column(totalColumn - 1))\(row + 1))"
                            : "=" + sum(line.parts, column)
                        let cents = isTotalColumn ? values.reduce(0, +) : values[y]
                        sheet.write(formula: formula, cached: euros(cents), row: row, column: column, style: style)
                    case .control:
                        let formula = "=\(ref(line.parts[0], column))-\(ref(line.parts[1], column))"
                        let cents = isTotalColumn ? values.reduce(0, +) : values[y]
                        sheet.write(formula: formula, cached: euros(cents), row: row, column: column, style: style)
                    case .share:
                        let part = ref(line.parts[0], column), whole = ref(line.parts[1], column)
                        let partValue = computedValue(computed, line.parts[0], y, total: isTotalColumn)
                        let wholeValue = computedValue(computed, line.parts[1], y, total: isTotalColumn)
                        let cached = wholeValue == 0 ? 0 : Double(partValue) / Double(wholeValue)
                        sheet.write(formula: "=IF(\(whole)=0,0,\(part)/\(whole))", cached: cached,
                                    row: row, column: column, style: style)
                    }
                }
                let lines = max(1, (line.label.count + 54) / 55)
                if lines > 1 { sheet.rowHeight(Double(lines) * 15, row: row) }
            }
        }

        for (key, list) in notes {
            guard let cell = CellReference.parse(key) else { continue }
            let text = list.map { "\($0.severity.title) (\($0.rule.rawValue)): \($0.message)" }.joined(separator: "\n\n")
            sheet.comment(text, row: cell.row, column: cell.column, height: min(400, 60 + 14 * (text.count / 45)))
        }

        sheet.columnWidth(9, first: 0)
        sheet.columnWidth(58, first: 1)
        sheet.columnWidth(14, first: firstYearColumn, last: totalColumn - 1)
        sheet.columnWidth(15, first: totalColumn)
        sheet.freeze(row: 2, column: 2)
        sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 1...1,
                         header: "&L&\"-,Bold\"Kosten- und Finanzierungsplan&RSmart City Schwerin – TEAMWORK",
                         footer: "&LStand: &D&RSeite &P von &N")
        return layout
    }

    static func computedValue(_ plan: Plan, _ code: String, _ y: Int, total: Bool) -> Int64 {
        guard let line = plan[code] else { return 0 }
        return total ? line.values.reduce(0, +) : (y < line.values.count ? line.values[y] : 0)
    }

    static func writeFindings(_ findings: [Finding], layout: Layout, to sheet: Sheet) throws {
        let errors = findings.filter { $0.severity == .error }.count
        sheet.write(text: "Prüfung: \(errors) Fehler, \(findings.count - errors) Warnungen", row: 0, column: 0,
                    style: CellStyle(bold: true, fontSize: 14))
        let header = CellStyle(bold: true, fill: 0xD9E1F2, bottomBorder: true)
        for (column, title) in ["Schwere", "Regel", "Nr", "Jahr", "Zelle", "Meldung"].enumerated() {
            sheet.write(text: title, row: 1, column: column, style: header)
        }
        let link = CellStyle(underline: true, fontColor: 0x0563C1, verticalTop: true)
        for (index, finding) in findings.enumerated() {
            let row = 2 + index
            let isError = finding.severity == .error
            let top = CellStyle(verticalTop: true)
            sheet.write(text: finding.severity.title, row: row, column: 0,
                        style: CellStyle(fontColor: isError ? errorFont : warningFont, fill: isError ? errorFill : warningFill,
                                         verticalTop: true))
            sheet.write(text: finding.rule.rawValue, row: row, column: 1, style: top)
            sheet.write(text: finding.line, row: row, column: 2, style: top)
            sheet.write(text: finding.yearLabel, row: row, column: 3, style: top)
            if let cell = layout.cell(of: finding) {
                sheet.write(link: .cell(sheet: PlanWorkbook.planSheetName, row: cell.row, column: cell.column),
                            text: CellReference.name(row: cell.row, column: cell.column), row: row, column: 4, style: link)
            }
            sheet.write(text: finding.message, row: row, column: 5, style: CellStyle(wrap: true, verticalTop: true))
            let lines = max(1, (finding.message.count + 89) / 90)
            if lines > 1 { sheet.rowHeight(Double(lines) * 15, row: row) }
        }
        sheet.columnWidth(10, first: 0)
        sheet.columnWidth(17, first: 1)
        sheet.columnWidth(14, first: 2)
        sheet.columnWidth(8, first: 3, last: 4)
        sheet.columnWidth(95, first: 5)
        sheet.freeze(row: 2, column: 0)
        if !findings.isEmpty {
            sheet.autofilter(firstRow: 1, firstColumn: 0, lastRow: 1 + findings.count, lastColumn: 5)
        }
        sheet.printSetup(landscape: true, fitToWidth: true, repeatRows: 1...1)
    }
}
