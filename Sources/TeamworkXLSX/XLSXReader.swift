import Foundation
import ZIPFoundation

/// Reads the cells of an .xlsx workbook (Office Open XML, as Excel and LibreOffice write it):
/// the ZIP container with ZIPFoundation, the XML parts with `XMLScanner`. Formula cells
/// give their cached value (what Excel last computed); shared and inline strings are resolved;
/// number cells keep their decimal literal (no floating point) and whether they are percent-formatted.
public enum XLSXReader {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    public enum Value: Equatable, Sendable {
        case text(String)
        /// The stored literal, e.g. "18225000" or "0.90399999999999991".
        case number(String)
        case boolean(Bool)
        /// An error value such as `#DIV/0!`.
        case error(String)
        /// A formula whose result the file does not hold.
        case formulaWithoutValue(String)
    }

    public struct Cell: Equatable, Sendable {
        public var row: Int
        public var column: Int
        public var value: Value
        public var isPercent: Bool
        /// The formula without `=`, when the cell has one.
        public var formula: String?
        public var reference: String { CellReference.name(row: row, column: column) }
    }

    public struct SheetData: Sendable {
        public var name: String
        public var cells: [Cell]

        /// Rows 0…last, each padded to at least `width` columns (absent cells are nil).
        public func grid(width: Int) -> [[Cell?]] {
            let lastRow = cells.map(\.row).max() ?? -1
            var rows = [[Cell?]](repeating: [], count: lastRow + 1)
            for cell in cells {
                if rows[cell.row].count <= cell.column {
                    rows[cell.row] += Array(repeating: nil, count: cell.column + 1 - rows[cell.row].count)
                }
                rows[cell.row][cell.column] = cell
            }
            for index in rows.indices where rows[index].count < width {
                rows[index] += Array(repeating: nil, count: width - rows[index].count)
            }
            return rows
        }
    }

    /// Largest part read (uncompressed): far above any plan, a guard against ZIP bombs.
    static let maxPartSize: UInt64 = 64 << 20

    /// Every sheet of the workbook in `data`, in workbook order.
    public static func sheets(_ data: Data) throws(Failure) -> [SheetData] {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw Failure(description: "keine .xlsx-Arbeitsmappe (kein lesbares ZIP-Archiv)")
        }
        func part(_ path: String) throws(Failure) -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= maxPartSize else {
                throw Failure(description: "\(path) ist zu groß (\(entry.uncompressedSize) Bytes)")
            }
            var out = Data()
            do { _ = try archive.extract(entry) { out.append($0) } } catch {
                throw Failure(description: "\(path) kann nicht entpackt werden: \(error)")
            }
            return out
        }
        guard let workbookXML = try part("xl/workbook.xml") else {
            throw Failure(description: "keine .xlsx-Arbeitsmappe (xl/workbook.xml fehlt)")
        }
        let workbook = try parse(WorkbookParser(), workbookXML, "xl/workbook.xml")
        let rels = try part("xl/_rels/workbook.xml.rels").map { data throws(Failure) in
            try parse(RelationshipsParser(), data, "xl/_rels/workbook.xml.rels").targets
        } ?? [:]
        let strings = try part("xl/sharedStrings.xml").map { data throws(Failure) in
            try parse(SharedStringsParser(), data, "xl/sharedStrings.xml").strings
        } ?? []
        let percentStyles = try part("xl/styles.xml").map { data throws(Failure) in
            try parse(StylesParser(), data, "xl/styles.xml").percentStyles
        } ?? []

        var result: [SheetData] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            var target = rels[sheet.relationship] ?? "worksheets/sheet\(index + 1).xml"
            target = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            guard let xml = try part(target) else {
                throw Failure(description: "Blatt „\(sheet.name)“: \(target) fehlt in der Arbeitsmappe")
            }
            let parser = try parse(SheetParser(strings: strings, percentStyles: percentStyles), xml, target)
            if let problem = parser.problem { throw Failure(description: "Blatt „\(sheet.name)“: \(problem)") }
            result.append(SheetData(name: sheet.name, cells: parser.cells))
        }
        return result
    }

    static func parse<P: XMLHandler>(_ handler: P, _ data: Data, _ name: String) throws(Failure) -> P {
        do {
            try XMLScanner.scan(data, into: handler)
        } catch {
            throw Failure(description: "\(name) ist kein gültiges XML (Zeile \(error.line)): \(error.reason)")
        }
        return handler
    }
}

// MARK: - Part parsers

/// The attribute `name` with or without a namespace prefix (`r:id`, `id`).
private func attribute(_ attributes: [String: String], _ name: String) -> String? {
    attributes[name] ?? attributes.first { $0.key.hasSuffix(":" + name) }?.value
}

private func localName(_ qualified: String) -> Substring {
    qualified.split(separator: ":").last ?? Substring(qualified)
}

final class WorkbookParser: XMLHandler {
    var sheets: [(name: String, relationship: String)] = []
    func start(_ elementName: String, _ attributes: [String: String]) {
        guard localName(elementName) == "sheet" else { return }
        sheets.append((attributes["name"] ?? "Blatt \(sheets.count + 1)", attribute(attributes, "id") ?? ""))
    }
}

final class RelationshipsParser: XMLHandler {
    var targets: [String: String] = [:]
    func start(_ elementName: String, _ attributes: [String: String]) {
        guard localName(elementName) == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else {
            return
        }
        targets[id] = target
    }
}

/// `<si>` items: the text of their `<t>` elements (rich-text runs joined), phonetic runs skipped.
final class SharedStringsParser: XMLHandler {
    var strings: [String] = []
    private var current = ""
    private var inText = false
    private var inPhonetic = false
    func start(_ elementName: String, _ attributes: [String: String]) {
        switch localName(elementName) {
        case "si": current = ""
        case "t": inText = !inPhonetic
        case "rPh": inPhonetic = true
        default: break
        }
    }
    func end(_ elementName: String) {
        switch localName(elementName) {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
    func text(_ string: String) {
        if inText { current += string }
    }
}

/// Which cell styles (`s` index into `cellXfs`) show a percentage.
final class StylesParser: XMLHandler {
    private var customPercent: Set<Int> = []
    private var inCellXfs = false
    private var styleIndex = 0
    var percentStyles: Set<Int> = []
    func start(_ elementName: String, _ attributes: [String: String]) {
        switch localName(elementName) {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"], code.contains("%") {
                customPercent.insert(id)
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            if id == 9 || id == 10 || customPercent.contains(id) { percentStyles.insert(styleIndex) }
            styleIndex += 1
        default: break
        }
    }
    func end(_ elementName: String) {
        if localName(elementName) == "cellXfs" { inCellXfs = false }
    }
}

/// `<sheetData>`: rows of `<c r="D17" t="s" s="3"><f>…</f><v>…</v></c>`.
final class SheetParser: XMLHandler {
    let strings: [String]
    let percentStyles: Set<Int>
    var cells: [XLSXReader.Cell] = []
    var problem: String?
    private var row = -1, column = -1
    private var type = "", style = 0
    private var value = "", formula: String?, inline = ""
    private var hasValue = false
    private var capture: String?  // "v", "f", "t"
    private var inInline = false

    init(strings: [String], percentStyles: Set<Int>) {
        self.strings = strings; self.percentStyles = percentStyles
    }

    func start(_ elementName: String, _ attributes: [String: String]) {
        switch localName(elementName) {
        case "row":
            if let r = attributes["r"].flatMap(Int.init) { row = r - 1 } else { row += 1 }
            column = -1
        case "c":
            if let reference = attributes["r"], let parsed = CellReference.parse(reference) {
                row = parsed.row; column = parsed.column
            } else {
                column += 1
            }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""; formula = nil; inline = ""; hasValue = false; inInline = false
        case "v": capture = "v"; hasValue = true
        case "f": capture = "f"; formula = formula ?? ""
        case "is": inInline = true
        case "t" where inInline: capture = "t"; hasValue = true
        case "rPh": inInline = false
        default: break
        }
    }

    func text(_ string: String) {
        switch capture {
        case "v": value += string
        case "f": formula! += string
        case "t": inline += string
        default: break
        }
    }

    func end(_ elementName: String) {
        switch localName(elementName) {
        case "v", "f", "t": capture = nil
        case "is": inInline = false
        case "c": finishCell()
        default: break
        }
    }

    private func finishCell() {
        guard row >= 0, column >= 0 else { return }
        let result: XLSXReader.Value
        if !hasValue || (formula != nil && value.isEmpty && type != "str" && type != "inlineStr") {
            // No <v>, or an empty one as openpyxl writes for formulas it cannot calculate.
            guard let formula else { return }  // a styled empty cell
            result = .formulaWithoutValue(formula)
        } else {
            switch type {
            case "s":
                guard let index = Int(value.trimmingCharacters(in: .whitespaces)), strings.indices.contains(index) else {
                    problem = problem ?? "Zelle \(CellReference.name(row: row, column: column)): Textverweis \(value) fehlt in xl/sharedStrings.xml"
                    return
                }
                result = .text(strings[index])
            case "str": result = .text(value)
            case "inlineStr": result = .text(inline)
            case "b": result = .boolean(value == "1")
            case "e": result = .error(value)
            default: result = value.isEmpty ? .text("") : .number(value)
            }
        }
        cells.append(XLSXReader.Cell(row: row, column: column, value: result, isPercent: percentStyles.contains(style),
                                     formula: formula))
    }
}
