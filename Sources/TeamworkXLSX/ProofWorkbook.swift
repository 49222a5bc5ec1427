import Foundation
import TeamworkCore

/// The Verwendungsnachweis (`ProofOfUse`) as an Excel workbook, built like `PlanWorkbook`:
/// amounts are numbers in `#,##0.00`, days real date cells (`DD.MM.YYYY`), every sum a formula
/// with its cached value, header rows frozen and repeated on each printed page (A4, one page wide).
///
/// Sheets:
/// - "Nachweis": zahlenmäßiger Nachweis in the layout of the plan (Nr, Bezeichnung, Soll, Ist,
///   Differenz = Ist − Soll); groups, phases and 1+2 are `SUM`s of their parts; a row with the
///   Belegliste's total (a link to that sheet) and its difference to the Ist (0,00); the financing
///   side (Eigenmittel, Mittel Dritter "nicht erfasst", Bundesmittel = received drawdowns).
/// - "Mittelabrufe": the drawdowns of the period with their sums.
/// - "Belegliste": each payment of the period by plan line, by date within the line; a
///   `SUM` subtotal per line and a total that is the `SUM` of the subtotals (= Ist).
/// - "Sachbericht": the skeleton per measure as in the Markdown (goal, plan line Soll/Ist, events, status, responsible, milestones).
///
/// Text from the data is written as text cells only, never into a formula: a payee "=HYPERLINK(…)"
/// stays the text it is. Control and bidi characters become `<U+XXXX>` (`ProofRender.inert`).
public enum ProofWorkbook {
    public static let proofSheetName = "Nachweis"
    public static let drawdownSheetName = "Mittelabrufe"
    public static let receiptsSheetName = "Belegliste"
    public static let reportSheetName = "Sachbericht"

    /// Writes the workbook to `path` atomically (a temporary file beside it is renamed; an existing
    /// file is replaced, as `export plan --format xlsx` does).
    public static func write(_ proof: ProofOfUse, to path: String) throws {
        try PlanWorkbook.atomically(path) { try addSheets(to: $0, proof: proof) }
    }

    /// The workbook as bytes.
    public static func data(_ proof: ProofOfUse) throws -> Data {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("teamwork-proof-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try write(proof, to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// Where the checked figures sit (0-based rows; columns: Nachweis D = Ist, Belegliste F = Betrag).
    public struct Layout: Sendable, Equatable {
        /// Nachweis: the row of each cost row's code (groups, items, phase sums "1"/"2", "1+2").
        public var costRow: [String: Int] = [:]
        /// Nachweis: the last cost row (phase sum or 1+2), whose Ist is the proof's Ist.
        public var totalCostRow = 0
        /// Nachweis: the row showing the Belegliste's total.
        public var beleglisteCheckRow = 0
        /// Nachweis: the financing rows by code (3.1.1 … 3.1).
        public var financingRow: [String: Int] = [:]
        /// Belegliste: the subtotal row of each plan line, and the total row.
        public var subtotalRow: [String: Int] = [:]
        public var beleglisteTotalRow = 0
    }

    static let money = PlanWorkbook.money
    static let dateFormat = "DD.MM.YYYY"
    static let header = CellStyle(bold: true, fill: 0xD9E1F2, wrap: true, verticalTop: true, bottomBorder: true)
    static let headerRight = CellStyle(bold: true, fill: 0xD9E1F2, align: .right, verticalTop: true, bottomBorder: true)
    static let title = CellStyle(bold: true, fontSize: 14)
    static let section = CellStyle(bold: true, fill: 0xF2F2F2)

    /// Adds the four sheets to `workbook` ("Nachweis" active) and says where the figures are.
    @discardableResult
    public static func addSheets(to workbook: Workbook, proof: ProofOfUse) throws -> Layout {
        var layout = Layout()
        let nachweis = try workbook.addSheet(proofSheetName)
        let drawdowns = try workbook.addSheet(drawdownSheetName)
        let receipts = try workbook.addSheet(receiptsSheetName)
        let report = try workbook.addSheet(reportSheetName)
        // The Belegliste first: the Nachweis links to its total.
        writeReceipts(proof, on: receipts, layout: &layout)
        writeProof(proof, on: nachweis, layout: &layout)
        writeDrawdowns(proof, on: drawdowns)
        writeReport(proof, on: report)
        nachweis.activate()
        return layout
    }

    // MARK: - Cells

    /// A data text as an inert one-line cell text, within Excel's 32.767 characters.
    static func text(_ value: String) -> String {
        let inert = ProofRender.inert(value)
        return inert.unicodeScalars.count > 32_000 ? String(String.UnicodeScalarView(inert.unicodeScalars.prefix(32_000))) + "…"
            : inert
    }

    static func euros(_ money: Money) -> Double { Double(money.cents) / 100 }

    static func date(_ day: LocalDateTime, on sheet: Sheet, row: Int, column: Int, style: CellStyle = CellStyle()) {
        var style = style
        style.numberFormat = dateFormat
        style.align = .left
        sheet.write(year: day.year, month: day.month, day: day.day, row: row, column: column, style: style)
    }

    /// `SUM(D4:D10)` for contiguous rows, `SUM(D3,D11,D14)` otherwise.
    static func sum(_ rows: [Int], column: Int) -> String {
        guard let first = rows.first, let last = rows.last else { return "0" }
        if rows == Array(first...last) {
            return "SUM(\(CellReference.name(row: first, column: column)):\(CellReference.name(row: last, column: column)))"
        }
        return "SUM(" + rows.map { CellReference.name(row: $0, column: column) }.joined(separator: ",") + ")"
    }

    /// Page header and footer; `&` of the project name doubled (it is Excel's code character).
    static func printSetup(_ sheet: Sheet, proof: ProofOfUse, landscape: Bool, repeatRow: Int) {
        let name = String(text(proof.projectName).prefix(80)).replacingOccurrences(of: "&", with: "&&")
        sheet.printSetup(landscape: landscape, fitToWidth: true, repeatRows: repeatRow...repeatRow,
                         header: "&L&\"-,Bold\"Verwendungsnachweis – \(proof.title)&R\(name)",
                         footer: "&LStand: &D&RSeite &P von &N")
    }

    /// Title, project, period, Soll basis: rows 0…3 of the Nachweis.
    static func writeHead(_ proof: ProofOfUse, on sheet: Sheet, title heading: String) -> Int {
        sheet.write(text: heading, row: 0, column: 0, style: title)
        sheet.write(text: "Projekt", row: 1, column: 0, style: CellStyle(bold: true))
        sheet.write(text: text(proof.projectName), row: 1, column: 1)
        sheet.write(text: "Zahlungen bis", row: 2, column: 0, style: CellStyle(bold: true))
        date(proof.until, on: sheet, row: 2, column: 1)
        return 4
    }

    // MARK: - Nachweis

    static func writeProof(_ proof: ProofOfUse, on sheet: Sheet, layout: inout Layout) {
        var row = writeHead(proof, on: sheet, title: "Verwendungsnachweis – \(proof.title)")
        sheet.write(text: "Soll", row: 3, column: 0, style: CellStyle(bold: true))
        sheet.write(text: "Basisplan „\(text(proof.baselineName))“"
                    + (proof.phase == nil ? "" : "; Finanzierung anteilig nach den förderfähigen Kosten der Phase"),
                    row: 3, column: 1)
        sheet.write(text: "1. Zahlenmäßiger Nachweis – Ausgaben (förderfähige Kosten)", row: row, column: 0, style: section)
        for column in 1...4 { sheet.write(text: "", row: row, column: column, style: section) }
        row += 1
        let headerRow = row
        writeAmountHeader(on: sheet, row: row)
        row += 1

        // Rows first, so that sums can name their parts.
        let first = row
        for (offset, cost) in proof.costs.enumerated() { layout.costRow[cost.code] = first + offset }
        layout.totalCostRow = first + max(0, proof.costs.count - 1)
        let parts = costParts(proof.costs, firstRow: first)
        for (offset, cost) in proof.costs.enumerated() {
            writeAmountRow(cost, on: sheet, row: first + offset, parts: parts[offset], all: proof.costs, firstRow: first)
        }
        row = first + proof.costs.count

        // The Belegliste's total beside the Ist: difference 0,00.
        layout.beleglisteCheckRow = row
        let check = CellStyle(italic: true, topBorder: true)
        sheet.write(text: "", row: row, column: 0, style: check)
        sheet.write(text: "Summe der Belegliste (Blatt „\(receiptsSheetName)“); Differenz = Belegliste − Ist",
                    row: row, column: 1, style: CellStyle(italic: true, wrap: true, topBorder: true))
        sheet.write(text: "", row: row, column: 2, style: check)
        var checkNumber = CellStyle(numberFormat: money, italic: true, topBorder: true)
        sheet.write(formula: "='\(receiptsSheetName)'!\(CellReference.name(row: layout.beleglisteTotalRow, column: 5))",
                    cached: euros(proof.beleglisteTotal), row: row, column: 3, style: checkNumber)
        checkNumber.bold = true
        sheet.write(formula: "=\(CellReference.name(row: row, column: 3))-\(CellReference.name(row: layout.totalCostRow, column: 3))",
                    cached: euros(proof.beleglisteTotal - proof.totalIst), row: row, column: 4, style: checkNumber)
        row += 2

        sheet.write(text: "Finanzierung", row: row, column: 0, style: section)
        for column in 1...4 { sheet.write(text: "", row: row, column: column, style: section) }
        row += 1
        writeAmountHeader(on: sheet, row: row)
        row += 1
        let financingFirst = row
        for (offset, f) in proof.financing.enumerated() { layout.financingRow[f.code] = financingFirst + offset }
        let financingParts = proof.financing.map { f -> [Int] in
            f.kind == .group ? proof.financing.indices.filter { proof.financing[$0].kind == .item } : []
        }
        for (offset, f) in proof.financing.enumerated() {
            writeAmountRow(f, on: sheet, row: financingFirst + offset, parts: financingParts[offset], all: proof.financing,
                           firstRow: financingFirst)
        }
        row = financingFirst + proof.financing.count + 1
        sheet.write(text: "Mittel Dritter werden in teamwork nicht erfasst; Eigenmittel (Ist) = Ist-Ausgaben − eingegangene "
                    + "Bundesmittel (Blatt „\(drawdownSheetName)“).", row: row, column: 1,
                    style: CellStyle(italic: true, wrap: true))
        sheet.rowHeight(30, row: row)

        sheet.columnWidth(9, first: 0)
        sheet.columnWidth(58, first: 1)
        sheet.columnWidth(16, first: 2, last: 4)
        sheet.freeze(row: headerRow + 1, column: 2)
        printSetup(sheet, proof: proof, landscape: false, repeatRow: headerRow)
    }

    static func writeAmountHeader(on sheet: Sheet, row: Int) {
        sheet.write(text: "Nr", row: row, column: 0, style: header)
        sheet.write(text: "Bezeichnung", row: row, column: 1, style: header)
        for (i, label) in ["Soll (€)", "Ist (€)", "Differenz (€)"].enumerated() {
            sheet.write(text: label, row: row, column: 2 + i, style: headerRight)
        }
    }

    /// For each cost row, the indices of the rows it sums: a group its items, a phase its groups,
    /// 1+2 the phases; items nothing.
    static func costParts(_ costs: [ProofOfUse.Row], firstRow: Int) -> [[Int]] {
        var result = [[Int]](repeating: [], count: costs.count)
        var lastPhase = -1
        for (index, row) in costs.enumerated() {
            switch row.kind {
            case .item:
                break
            case .group:
                var next = index + 1
                while next < costs.count, costs[next].kind == .item { result[index].append(next); next += 1 }
            case .phase:
                result[index] = ((lastPhase + 1)..<index).filter { costs[$0].kind == .group }
                lastPhase = index
            case .total:
                result[index] = (0..<index).filter { costs[$0].kind == .phase }
            }
        }
        return result
    }

    /// Nr, Bezeichnung, Soll, Ist, Differenz. Soll and Ist of a row with parts are `SUM`s when the
    /// parts add up to the row's figure (a baseline whose group differs from its items keeps its
    /// stated figure as a number); Differenz is always `=Ist−Soll`; an Ist not recorded is text.
    static func writeAmountRow(_ r: ProofOfUse.Row, on sheet: Sheet, row: Int, parts: [Int], all: [ProofOfUse.Row],
                               firstRow: Int) {
        let bold = r.kind != .item
        let isTotal = r.kind == .phase || r.kind == .total
        sheet.write(text: text(r.code), row: row, column: 0, style: CellStyle(bold: bold, verticalTop: true, topBorder: isTotal))
        sheet.write(text: text(r.label), row: row, column: 1,
                    style: CellStyle(bold: bold, wrap: true, indent: r.kind == .item ? 1 : 0, verticalTop: true,
                                     topBorder: isTotal))
        let number = CellStyle(numberFormat: money, bold: bold, verticalTop: true, topBorder: isTotal)
        let partRows = parts.map { firstRow + $0 }
        let sollParts = parts.map { all[$0].soll }.sum()
        if !parts.isEmpty && sollParts == r.soll {
            sheet.write(formula: "=" + sum(partRows, column: 2), cached: euros(r.soll), row: row, column: 2, style: number)
        } else {
            sheet.write(number: euros(r.soll), row: row, column: 2, style: number)
        }
        guard let ist = r.ist else {
            sheet.write(text: "nicht erfasst", row: row, column: 3, style: CellStyle(italic: true, align: .right, verticalTop: true))
            sheet.write(text: "", row: row, column: 4, style: number)
            return
        }
        let istParts = parts.compactMap { all[$0].ist }.sum()
        if !parts.isEmpty && istParts == ist {
            sheet.write(formula: "=" + sum(partRows, column: 3), cached: euros(ist), row: row, column: 3, style: number)
        } else {
            sheet.write(number: euros(ist), row: row, column: 3, style: number)
        }
        sheet.write(formula: "=\(CellReference.name(row: row, column: 3))-\(CellReference.name(row: row, column: 2))",
                    cached: euros(ist - r.soll), row: row, column: 4, style: number)
        let lines = max(1, (r.label.count + 54) / 55)
        if lines > 1 { sheet.rowHeight(Double(lines) * 15, row: row) }
    }

    // MARK: - Mittelabrufe

    static func writeDrawdowns(_ proof: ProofOfUse, on sheet: Sheet) {
        var row = writeHead(proof, on: sheet, title: "Mittelabrufe – \(proof.title)")
        let titles = ["Nr", "Phase", "Abruf am", "Betrag (€)", "Eingang am", "Eingegangen (€)", "Notiz"]
        for (column, label) in titles.enumerated() {
            sheet.write(text: label, row: row, column: column, style: [3, 5].contains(column) ? headerRight : header)
        }
        let headerRow = row
        row += 1
        let first = row
        let number = CellStyle(numberFormat: money)
        if proof.drawdowns.isEmpty {
            sheet.write(text: "Keine Mittelabrufe im Zeitraum.", row: row, column: 1, style: CellStyle(italic: true))
            row += 1
        }
        for d in proof.drawdowns {
            sheet.write(number: Double(d.id), row: row, column: 0, style: CellStyle(align: .left))
            sheet.write(text: "\(d.phase.rawValue) \(d.phase.title)", row: row, column: 1)
            date(d.requestedOn, on: sheet, row: row, column: 2)
            sheet.write(number: euros(d.amount), row: row, column: 3, style: number)
            if let on = d.receivedOn {
                date(on, on: sheet, row: row, column: 4)
                sheet.write(number: euros(d.drawn), row: row, column: 5, style: number)
            } else {
                sheet.write(text: "offen", row: row, column: 4, style: CellStyle(italic: true))
            }
            sheet.write(text: text(d.note), row: row, column: 6)
            row += 1
        }
        let total = CellStyle(numberFormat: money, bold: true, topBorder: true)
        for column in [0, 1, 4, 6] { sheet.write(text: "", row: row, column: column, style: CellStyle(topBorder: true)) }
        sheet.write(text: "Summe", row: row, column: 2, style: CellStyle(bold: true, topBorder: true))
        let rows = proof.drawdowns.isEmpty ? [] : Array(first..<row)
        sheet.write(formula: "=" + sum(rows, column: 3), cached: euros(proof.drawdowns.map(\.amount).sum()),
                    row: row, column: 3, style: total)
        sheet.write(formula: "=" + sum(rows, column: 5), cached: euros(proof.receivedFederal), row: row, column: 5, style: total)
        sheet.columnWidth(6, first: 0)
        sheet.columnWidth(20, first: 1)
        sheet.columnWidth(12, first: 2)
        sheet.columnWidth(16, first: 3)
        sheet.columnWidth(12, first: 4)
        sheet.columnWidth(16, first: 5)
        sheet.columnWidth(40, first: 6)
        sheet.freeze(row: headerRow + 1, column: 0)
        printSetup(sheet, proof: proof, landscape: true, repeatRow: headerRow)
    }

    // MARK: - Belegliste

    static func writeReceipts(_ proof: ProofOfUse, on sheet: Sheet, layout: inout Layout) {
        var row = writeHead(proof, on: sheet, title: "Belegliste – \(proof.title)")
        let titles = ["Datum", "Planzeile", "Beleg-Nr.", "Empfänger", "Verwendungszweck", "Betrag (€)"]
        for (column, label) in titles.enumerated() {
            sheet.write(text: label, row: row, column: column, style: column == 5 ? headerRight : header)
        }
        let headerRow = row
        row += 1
        if proof.belegliste.isEmpty {
            sheet.write(text: "Keine Zahlungen im Zeitraum.", row: row, column: 3, style: CellStyle(italic: true))
            row += 1
        }
        let number = CellStyle(numberFormat: money, verticalTop: true)
        let top = CellStyle(verticalTop: true)
        var subtotals: [Int] = []
        for group in proof.belegliste {
            sheet.write(text: text("\(group.code) \(group.label)"), row: row, column: 0, style: section)
            for column in 1...5 { sheet.write(text: "", row: row, column: column, style: section) }
            row += 1
            let first = row
            for r in group.receipts {
                date(r.date, on: sheet, row: row, column: 0, style: top)
                sheet.write(text: text(r.line), row: row, column: 1, style: top)
                sheet.write(text: text(r.receipt), row: row, column: 2, style: top)
                sheet.write(text: text(r.payee), row: row, column: 3, style: CellStyle(wrap: true, verticalTop: true))
                sheet.write(text: text(r.purpose), row: row, column: 4, style: CellStyle(wrap: true, verticalTop: true))
                sheet.write(number: euros(r.amount), row: row, column: 5, style: number)
                let lines = max(1, (max(r.payee.count, r.purpose.count) + 39) / 40)
                if lines > 1 { sheet.rowHeight(Double(min(lines, 20)) * 15, row: row) }
                row += 1
            }
            for column in 0...3 { sheet.write(text: "", row: row, column: column, style: CellStyle(topBorder: true)) }
            sheet.write(text: "Zwischensumme \(text(group.code))", row: row, column: 4, style: CellStyle(bold: true, topBorder: true))
            sheet.write(formula: "=" + sum(Array(first..<row), column: 5), cached: euros(group.subtotal), row: row, column: 5,
                        style: CellStyle(numberFormat: money, bold: true, topBorder: true))
            layout.subtotalRow[group.code] = row
            subtotals.append(row)
            row += 2
        }
        layout.beleglisteTotalRow = row
        let total = CellStyle(bold: true, fill: 0xF2F2F2, topBorder: true, bottomBorder: true)
        for column in 0...3 { sheet.write(text: "", row: row, column: column, style: total) }
        sheet.write(text: "Summe Belegliste (= Ist)", row: row, column: 4, style: total)
        var totalNumber = total
        totalNumber.numberFormat = money
        sheet.write(formula: "=" + sum(subtotals, column: 5), cached: euros(proof.beleglisteTotal), row: row, column: 5,
                    style: totalNumber)
        sheet.columnWidth(11, first: 0)
        sheet.columnWidth(9, first: 1)
        sheet.columnWidth(16, first: 2)
        sheet.columnWidth(32, first: 3)
        sheet.columnWidth(42, first: 4)
        sheet.columnWidth(15, first: 5)
        sheet.freeze(row: headerRow + 1, column: 0)
        printSetup(sheet, proof: proof, landscape: true, repeatRow: headerRow)
    }
}
