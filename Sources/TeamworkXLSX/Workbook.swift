import CXlsxWriter
import Foundation

/// A small Swift face of libxlsxwriter: a workbook of sheets with numbers, texts, formulas
/// (each with its cached value), cell styles, comments and links. Every workbook teamwork
/// writes (the plan; later Soll/Ist, Belegliste, drawdowns, the proof) is built with it.
///
/// Rows and columns are 0-based, as in libxlsxwriter; `CellReference` names them A1-style.
/// The only file that calls libxlsxwriter.
public final class Workbook {
    private let handle: UnsafeMutablePointer<lxw_workbook>
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    /// C strings that must live until `close()` (comment authors).
    private var retained: [UnsafeMutablePointer<CChar>] = []
    private var closed = false
    public let path: String
    /// The first error a call reported (libxlsxwriter keeps going; `close` throws it).
    private var firstError: String?

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    /// A new workbook that `close()` writes to `path`.
    public init(path: String) throws {
        if let reason = tw_xlsxwriter_unavailable() {
            throw WriteError(description: "Excel-Dateien können nicht geschrieben werden: libxlsxwriter fehlt "
                             + "(\(String(cString: reason)); Debian: apt install libxlsxwriter-dev, oder make)")
        }
        guard let handle = workbook_new(path) else {
            throw WriteError(description: "\"\(path)\" kann nicht als Arbeitsmappe angelegt werden")
        }
        self.handle = handle
        self.path = path
    }

    deinit {
        if !closed { _ = workbook_close(handle) }
        retained.forEach { free($0) }
    }

    /// Adds a sheet (name at most 31 characters, none of `[]:*?/\`).
    public func addSheet(_ name: String) throws -> Sheet {
        guard let sheet = workbook_add_worksheet(handle, name) else {
            throw WriteError(description: "Blatt \"\(name)\" kann nicht angelegt werden")
        }
        return Sheet(workbook: self, handle: sheet, name: name)
    }

    /// Writes the file. Throws the first error of any call, or the error of writing the file.
    public func close() throws {
        guard !closed else { return }
        closed = true
        let result = workbook_close(handle)
        if let firstError { throw WriteError(description: firstError) }
        guard result == LXW_NO_ERROR else {
            throw WriteError(description: "\"\(path)\" kann nicht geschrieben werden: "
                             + String(cString: lxw_strerror(result)))
        }
    }

    func format(_ style: CellStyle?) -> UnsafeMutablePointer<lxw_format>? {
        guard let style, style != CellStyle() else { return nil }
        if let format = formats[style] { return format }
        guard let format = workbook_add_format(handle) else { return nil }
        if let numberFormat = style.numberFormat { format_set_num_format(format, numberFormat) }
        if style.bold { format_set_bold(format) }
        if style.italic { format_set_italic(format) }
        if let size = style.fontSize { format_set_font_size(format, size) }
        if let color = style.fontColor { format_set_font_color(format, lxw_color_t(color)) }
        if let fill = style.fill {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, lxw_color_t(fill))
        }
        if style.wrap { format_set_text_wrap(format) }
        if style.indent > 0 { format_set_indent(format, UInt8(style.indent)) }
        if style.underline { format_set_underline(format, UInt8(LXW_UNDERLINE_SINGLE.rawValue)) }
        if style.topBorder { format_set_top(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if style.bottomBorder { format_set_bottom(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        switch style.align {
        case .general: break
        case .left: format_set_align(format, UInt8(LXW_ALIGN_LEFT.rawValue))
        case .right: format_set_align(format, UInt8(LXW_ALIGN_RIGHT.rawValue))
        case .center: format_set_align(format, UInt8(LXW_ALIGN_CENTER.rawValue))
        }
        if style.verticalTop { format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)) }
        formats[style] = format
        return format
    }

    func retain(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text)!
        retained.append(pointer)
        return pointer
    }

    func check(_ result: lxw_error, _ what: @autoclosure () -> String) {
        if result != LXW_NO_ERROR && firstError == nil {
            firstError = "\(what()): " + String(cString: lxw_strerror(result))
        }
    }
}

/// How a cell looks; equal styles share one format in the file.
public struct CellStyle: Hashable, Sendable {
    public enum Align: Hashable, Sendable { case general, left, right, center }

    /// Excel number format code, e.g. `#,##0.00` or `0.00%` (shown the German way in a German locale).
    public var numberFormat: String?
    public var bold = false
    public var italic = false
    public var underline = false
    public var fontSize: Double?
    /// 0xRRGGBB.
    public var fontColor: UInt32?
    /// Solid fill, 0xRRGGBB.
    public var fill: UInt32?
    public var wrap = false
    public var indent = 0
    public var align = Align.general
    public var verticalTop = false
    public var topBorder = false
    public var bottomBorder = false

    public init(numberFormat: String? = nil, bold: Bool = false, italic: Bool = false, underline: Bool = false,
                fontSize: Double? = nil, fontColor: UInt32? = nil, fill: UInt32? = nil, wrap: Bool = false,
                indent: Int = 0, align: Align = .general, verticalTop: Bool = false,
                topBorder: Bool = false, bottomBorder: Bool = false) {
        self.numberFormat = numberFormat; self.bold = bold; self.italic = italic; self.underline = underline
        self.fontSize = fontSize; self.fontColor = fontColor; self.fill = fill; self.wrap = wrap
        self.indent = indent; self.align = align; self.verticalTop = verticalTop
        self.topBorder = topBorder; self.bottomBorder = bottomBorder
    }
}

/// One sheet of a `Workbook`.
public final class Sheet {
    unowned let workbook: Workbook
    let handle: UnsafeMutablePointer<lxw_worksheet>
    public let name: String

    init(workbook: Workbook, handle: UnsafeMutablePointer<lxw_worksheet>, name: String) {
        self.workbook = workbook; self.handle = handle; self.name = name
    }

    private func place(_ row: Int, _ column: Int) -> String { "\(name)!\(CellReference.name(row: row, column: column))" }

    public func write(number: Double, row: Int, column: Int, style: CellStyle? = nil) {
        workbook.check(worksheet_write_number(handle, lxw_row_t(row), lxw_col_t(column), number, workbook.format(style)),
                       place(row, column))
    }

    public func write(text: String, row: Int, column: Int, style: CellStyle? = nil) {
        workbook.check(worksheet_write_string(handle, lxw_row_t(row), lxw_col_t(column), text, workbook.format(style)),
                       place(row, column))
    }

    /// A calendar day as a real date cell (an Excel serial number); `style` should carry a date
    /// number format such as `DD.MM.YYYY`, or the cell shows the serial.
    public func write(year: Int, month: Int, day: Int, row: Int, column: Int, style: CellStyle? = nil) {
        var value = lxw_datetime(year: Int32(year), month: Int32(month), day: Int32(day), hour: 0, min: 0, sec: 0)
        workbook.check(worksheet_write_datetime(handle, lxw_row_t(row), lxw_col_t(column), &value, workbook.format(style)),
                       place(row, column))
    }

    /// A formula (`=SUM(C4:C10)`) with the value a viewer shows without recalculating.
    public func write(formula: String, cached: Double, row: Int, column: Int, style: CellStyle? = nil) {
        workbook.check(worksheet_write_formula_num(handle, lxw_row_t(row), lxw_col_t(column), formula,
                                                   workbook.format(style), cached),
                       place(row, column))
    }

    /// A link to a cell of this workbook (`'Blatt'!D17`) or a URL, showing `text`.
    public func write(link target: CellTarget, text: String, row: Int, column: Int, style: CellStyle? = nil) {
        workbook.check(worksheet_write_url_opt(handle, lxw_row_t(row), lxw_col_t(column), target.url,
                                               workbook.format(style), text, nil),
                       place(row, column))
    }

    /// A comment (note) on a cell, shown when the pointer rests on it.
    public func comment(_ text: String, row: Int, column: Int, author: String = "teamwork",
                        width: Int = 360, height: Int = 140) {
        var options = lxw_comment_options()
        options.author = workbook.retain(author)
        options.width = UInt16(width)
        options.height = UInt16(height)
        workbook.check(worksheet_write_comment_opt(handle, lxw_row_t(row), lxw_col_t(column), text, &options),
                       place(row, column))
    }

    /// Width in characters of the default font for columns `first`…`last`.
    public func columnWidth(_ width: Double, first: Int, last: Int? = nil, style: CellStyle? = nil) {
        workbook.check(worksheet_set_column(handle, lxw_col_t(first), lxw_col_t(last ?? first), width,
                                            workbook.format(style)),
                       "\(name) Spalte \(first)")
    }

    public func rowHeight(_ height: Double, row: Int) {
        workbook.check(worksheet_set_row(handle, lxw_row_t(row), height, nil), "\(name) Zeile \(row + 1)")
    }

    /// Rows above `row` and columns left of `column` stay in place when scrolling.
    public func freeze(row: Int, column: Int) {
        worksheet_freeze_panes(handle, lxw_row_t(row), lxw_col_t(column))
    }

    public func autofilter(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        workbook.check(worksheet_autofilter(handle, lxw_row_t(firstRow), lxw_col_t(firstColumn),
                                            lxw_row_t(lastRow), lxw_col_t(lastColumn)), "\(name) Autofilter")
    }

    /// Print setup: A4, landscape or not, all columns on one page wide, `repeatRows` on every page.
    public func printSetup(landscape: Bool, fitToWidth: Bool, repeatRows: ClosedRange<Int>? = nil,
                           header: String? = nil, footer: String? = nil) {
        worksheet_set_paper(handle, 9)  // A4
        if landscape { worksheet_set_landscape(handle) }
        if fitToWidth { worksheet_fit_to_pages(handle, 1, 0) }
        if let repeatRows {
            workbook.check(worksheet_repeat_rows(handle, lxw_row_t(repeatRows.lowerBound), lxw_row_t(repeatRows.upperBound)),
                           "\(name) Wiederholungszeilen")
        }
        if let header { workbook.check(worksheet_set_header(handle, header), "\(name) Kopfzeile") }
        if let footer { workbook.check(worksheet_set_footer(handle, footer), "\(name) Fußzeile") }
    }

    public func activate() { worksheet_activate(handle) }
}

/// Where a link goes.
public enum CellTarget: Sendable, Equatable {
    case cell(sheet: String, row: Int, column: Int)
    case url(String)

    var url: String {
        switch self {
        case .cell(let sheet, let row, let column):
            "internal:'\(sheet.replacingOccurrences(of: "'", with: "''"))'!\(CellReference.name(row: row, column: column))"
        case .url(let url): url
        }
    }
}

/// A1-style names of cells: column letters and a 1-based row.
public enum CellReference {
    /// 0 → A, 25 → Z, 26 → AA.
    public static func column(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            let remainder = (n - 1) % 26
            letters = String(UnicodeScalar(UInt8(65 + remainder))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// (row 16, column 3) → "D17".
    public static func name(row: Int, column: Int) -> String { Self.column(column) + String(row + 1) }

    /// "D17" → (row 16, column 3); nil when it is not a cell reference. `$` signs are ignored.
    public static func parse(_ reference: String) -> (row: Int, column: Int)? {
        var column = 0, row = 0, letters = 0, digits = 0
        for ch in reference.unicodeScalars where ch != "$" {
            switch ch.value {
            case 65...90 where digits == 0: column = column * 26 + Int(ch.value - 64); letters += 1
            case 97...122 where digits == 0: column = column * 26 + Int(ch.value - 96); letters += 1
            case 48...57 where letters > 0:
                row = row * 10 + Int(ch.value - 48); digits += 1
                if digits > 7 { return nil }
            default: return nil
            }
            if letters > 3 { return nil }
        }
        guard letters > 0, digits > 0, row > 0 else { return nil }
        return (row - 1, column - 1)
    }
}
