import Foundation
import TeamworkCore

/// Reads the Kosten- und Finanzierungsplan from an .xlsx workbook: the sheet named
/// "Kosten- und Finanzierungsplan" (or one whose name contains "Finanzierungsplan"), else the
/// first sheet with a line 1.1.1 in column A. The layout is the one `PlanTable` reads (the KfW
/// template's title, section and header rows tolerated); formula cells give their cached values.
public enum PlanXLSX {
    /// One unreadable cell: `Blatt „Kosten- und Finanzierungsplan“, Zelle D17: …`.
    public struct CellError: Error, Equatable, Sendable, CustomStringConvertible {
        public var sheet: String
        /// `D17`; empty for an error of the whole workbook.
        public var reference: String
        public var reason: String
        public var description: String {
            reference.isEmpty ? (sheet.isEmpty ? reason : "Blatt „\(sheet)“: \(reason)")
                : "Blatt „\(sheet)“, Zelle \(reference): \(reason)"
        }
    }

    public struct Errors: Error, Equatable, Sendable, CustomStringConvertible {
        public var errors: [CellError]
        public var description: String {
            guard errors.count > 1 else { return errors.first?.description ?? "" }
            let more = errors.count >= PlanTable.maxIssues ? " (die ersten \(errors.count))" : ""
            return "\(errors.count) Fehler\(more):\n" + errors.map { "  " + $0.description }.joined(separator: "\n")
        }
    }

    /// True when `bytes` start like a ZIP archive (an .xlsx file), whatever the file is called.
    public static func looksLikeWorkbook(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
    }

    /// The plan and the name of the sheet it was read from.
    public static func read(_ data: Data) throws(Errors) -> (plan: Plan, sheet: String) {
        let sheets: [XLSXReader.SheetData]
        do { sheets = try XLSXReader.sheets(data) } catch {
            throw Errors(errors: [CellError(sheet: "", reference: "", reason: error.description)])
        }
        guard let sheet = planSheet(sheets) else {
            let names = sheets.map { "„\($0.name)“" }.joined(separator: ", ")
            throw Errors(errors: [CellError(sheet: "", reference: "", reason:
                "kein Blatt mit dem Plan gefunden (gesucht: „\(PlanWorkbook.planSheetName)“ oder ein Blatt mit "
                + "der Zeile 1.1.1 in Spalte A); die Mappe hat \(names.isEmpty ? "keine Blätter" : names)")])
        }
        let grid = sheet.grid(width: PlanTable.header.count)
        let rows = grid.map { $0.map(field) }
        switch PlanTable.read(rows) {
        case .plan(let plan):
            return (plan, sheet.name)
        case .issues(let issues):
            throw Errors(errors: issues.map { issue in
                CellError(sheet: sheet.name, reference: CellReference.name(row: issue.row, column: issue.column),
                          reason: issue.reason { "Zeile \($0 + 1)" })
            })
        }
    }

    static func planSheet(_ sheets: [XLSXReader.SheetData]) -> XLSXReader.SheetData? {
        if let named = sheets.first(where: { $0.name == PlanWorkbook.planSheetName })
            ?? sheets.first(where: { $0.name.localizedCaseInsensitiveContains("Finanzierungsplan") }) {
            return named
        }
        return sheets.first { sheet in
            sheet.cells.contains { cell in
                guard cell.column == 0 else { return false }
                if case .text(let text) = cell.value { return text.trimmingCharacters(in: .whitespaces) == "1.1.1" }
                return false
            }
        }
    }

    static func field(_ cell: XLSXReader.Cell?) -> PlanTable.Field {
        guard let cell else { return PlanTable.Field(text: "") }
        switch cell.value {
        case .text(let text): return PlanTable.Field(text: text)
        case .number(let literal): return PlanTable.Field(text: "", number: literal, isPercent: cell.isPercent)
        case .boolean(let value):
            return PlanTable.Field(text: value ? "WAHR" : "FALSCH", unreadable: "ein Wahrheitswert ist kein Betrag")
        case .error(let value):
            return PlanTable.Field(text: value, unreadable: "die Zelle enthält den Fehlerwert \(value)")
        case .formulaWithoutValue(let formula):
            return PlanTable.Field(text: "=" + formula, unreadable: "die Formel =\(formula) hat keinen gespeicherten Wert "
                                   + "– die Datei in Excel oder LibreOffice öffnen, neu berechnen lassen und speichern")
        }
    }
}
