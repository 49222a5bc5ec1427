/// The Kosten- und Finanzierungsplan read from a table of cells, as finance staff keep it in
/// Excel: shared by the CSV reader (`PlanCSV`) and the .xlsx reader (TeamworkXLSX).
///
/// Columns: Nr, Bezeichnung, 2021–2028, Gesamt. Tolerated, as in the KfW template: title and
/// section rows ("1 Kostenplanung (Strategiephase)", "Finanzierungsanteile": no amounts, no
/// line number), repeated header rows ("Nr;Kostenarten;2021;…", "Ifd.Nr.;Finanzierungsmittel;…"),
/// the Kontrollsumme row with an empty Nr (recognised by its label), trailing empty columns,
/// Excel's accounting zero (`-   €`), ` €`, `%` (share rows only) and NBSP. Limits as in the
/// cell editor: no negative amounts (the Kontrollsumme may be negative), at most
/// 999.999.999,99 € per item cell. Every problem is collected (up to `maxIssues`).
public enum PlanTable {
    /// One cell as a file holds it.
    public struct Field: Sendable, Equatable {
        /// Text of the cell (CSV field, shared or inline string). Empty for numeric cells.
        public var text: String
        /// A numeric cell's value as the decimal literal stored in the file ("18225000",
        /// "0.90399999999999991"), never converted through floating point.
        public var number: String?
        /// The numeric cell is formatted as a percentage (its value is a fraction: 0.904 = 90,40 %).
        public var isPercent: Bool
        /// Why the cell cannot be read at all (an error value, a formula without a stored result).
        public var unreadable: String?

        public init(text: String, number: String? = nil, isPercent: Bool = false, unreadable: String? = nil) {
            self.text = text; self.number = number; self.isPercent = isPercent; self.unreadable = unreadable
        }

        public static func text(_ text: String) -> Field { Field(text: text) }

        /// What the cell shows as text: the text, or the number literal.
        public var display: String { number ?? text }
        var isBlank: Bool { unreadable == nil && number == nil && text.allSatisfy(\.isWhitespace) }
    }

    /// One problem, by index into the rows given and 0-based column (the caller names the place).
    public struct Issue: Sendable, Equatable {
        public var row: Int
        public var column: Int
        var text: String
        /// For a duplicate line: the row where it first appeared.
        var earlier: Int?

        /// The German reason, naming an earlier row with `name` ("Zeile 7", "Zeile 7 des Blatts").
        public func reason(naming name: (Int) -> String) -> String {
            earlier.map { "\(text) (zuerst in \(name($0)))" } ?? text
        }
    }

    public enum Outcome: Sendable, Equatable {
        case plan(Plan)
        case issues([Issue])
    }

    enum Amount { case value(Int64), failure(String) }

    public static let maxIssues = 50
    /// Largest amount of one item cell, as in the cell editor: 999.999.999,99 €.
    public static let maxItemAmount: Int64 = 99_999_999_999

    /// The header fields: `Nr`, `Bezeichnung`, the years 2021–2028, `Gesamt`.
    public static let header: [String] = ["Nr", "Bezeichnung"] + KfW436.years.map(String.init) + ["Gesamt"]
    /// Codes of section rows ("1 Kostenplanung (Strategiephase)") that carry no amounts.
    static let sectionCodes: Set<String> = ["1", "2", "3", "3.3"]

    /// Reads the plan from rows of cells (each row from column A; a reader of sparse sheets pads
    /// its rows to the header's width). A missing-lines error points at the row after the last.
    public static func read(_ rows: [[Field]]) -> Outcome {
        var issues: [Issue] = []
        func add(_ row: Int, _ column: Int, _ reason: String, earlier: Int? = nil) {
            if issues.count < maxIssues { issues.append(Issue(row: row, column: column, text: reason, earlier: earlier)) }
        }
        let layout = KfW436.rows
        var rowIndex: [String: Int] = [:]
        for (index, row) in layout.enumerated() { rowIndex[row.code] = index }
        var found = [(row: Int, label: String, values: [Int64], total: Int64)?](repeating: nil, count: layout.count)
        let yearCount = KfW436.years.count
        var sawHeader = false
        var lastContentRow = -1

        for (r, raw) in rows.enumerated() {
            var fields = raw
            while let last = fields.last, last.isBlank { fields.removeLast() }
            guard !fields.isEmpty else { continue }
            lastContentRow = r
            let code = fields[0].display.trimmingWhitespace()
            let label = fields.count > 1 ? fields[1].display : ""

            if isHeaderLike(fields) {
                checkHeader(fields, row: r) { add($0, $1, $2) }
                sawHeader = true
                continue
            }
            let hasAmounts = fields.dropFirst(2).contains { !$0.isBlank }
            var lineCode = code
            if code.isEmpty && label.trimmingWhitespace().lowercased().hasPrefix("kontrollsumme") {
                lineCode = KfW436.controlSum
            }
            guard let index = rowIndex[lineCode] else {
                if !hasAmounts && (code.isEmpty || sectionCodes.contains(code) || !looksLikeLineCode(code)) {
                    continue  // title or section row
                }
                if code.isEmpty {
                    add(r, 0, "die Nummer (Nr) fehlt")
                } else {
                    add(r, 0, "unbekannte Nummer \"\(TerminalSafety.echo(fields[0].display))\"")
                }
                continue
            }
            if !sawHeader {
                add(r, 0, "vor der ersten Planzeile fehlt die Kopfzeile " + header.joined(separator: ";"))
                sawHeader = true  // say it once
            }
            if let earlier = found[index] {
                add(r, 0, "Nummer \"\(lineCode)\" kommt doppelt vor", earlier: earlier.row)
                continue
            }
            // Trailing empty columns are fine; a row cut short or with more filled cells is not.
            if raw.count < header.count || fields.count > header.count {
                let count = raw.count < header.count ? raw.count : fields.count
                add(r, min(count, header.count), "\(header.count) Felder erwartet, \(count) gefunden")
                found[index] = (r, label, [], 0)  // present, so not also reported missing
                continue
            }
            let kind = layout[index].kind
            var amounts: [Int64] = []
            var ok = true
            for column in 2..<header.count {
                let field = column < fields.count ? fields[column] : Field(text: "")
                switch amount(field, kind: kind, isYear: column < 2 + yearCount) {
                case .value(let value): amounts.append(value)
                case .failure(let reason): add(r, column, reason); ok = false
                }
            }
            if ok {
                found[index] = (r, label, Array(amounts.prefix(yearCount)), amounts[yearCount])
            } else {
                found[index] = (r, label, [], 0)
            }
        }
        if !sawHeader && issues.isEmpty {
            add(0, 0, rows.isEmpty || lastContentRow < 0
                ? "die Datei ist leer; erwartet wird die Kopfzeile " + header.joined(separator: ";")
                : "die Kopfzeile fehlt; erwartet wird " + header.joined(separator: ";"))
        }
        let missing = layout.indices.filter { found[$0] == nil }.map { layout[$0].code }
        if !missing.isEmpty && sawHeader {
            add(lastContentRow + 1, 0, (missing.count == 1 ? "es fehlt die Zeile " : "es fehlen die Zeilen ")
                + missing.joined(separator: ", "))
        }
        guard issues.isEmpty else { return .issues(issues) }
        return .plan(Plan(years: KfW436.years, lines: layout.enumerated().map { index, row in
            let entry = found[index]!
            return PlanLine(code: row.code, label: entry.label, section: row.section, kind: row.kind,
                            parts: row.parts, values: entry.values, statedTotal: entry.total)
        }))
    }

    // MARK: - Rows

    /// A header row: its third cell is a year (2021) or its first says Nr (Nr, Nr., lfd. Nr., Ifd.Nr.).
    static func isHeaderLike(_ fields: [Field]) -> Bool {
        let first = fields[0].display.lowercased().filter { $0.isLetter }
        if ["nr", "lfdnr", "ifdnr", "nummer"].contains(first) { return true }
        guard fields.count > 2 else { return false }
        let third = fields[2].display.trimmingWhitespace()
        return third.count == 4 && third.allSatisfy(\.isNumber) && fields[0].display.trimmingWhitespace().isEmpty
            && !fields[1].display.lowercased().hasPrefix("kontrollsumme")
    }

    static func checkHeader(_ fields: [Field], row: Int, _ add: (Int, Int, String) -> Void) {
        let expected = "erwartet wird " + header.joined(separator: ";")
        for column in 2..<header.count {
            guard column < fields.count, !fields[column].isBlank else {
                add(row, column, "Kopfzeile: die Spalte \"\(header[column])\" fehlt; \(expected)")
                return
            }
            let actual = fields[column].display.trimmingWhitespace()
            if actual.lowercased() != header[column].lowercased() {
                add(row, column, "Kopfzeile: \"\(TerminalSafety.echo(fields[column].display))\" statt \"\(header[column])\"; \(expected)")
                return
            }
        }
        if fields.count > header.count {
            add(row, header.count, "Kopfzeile: überzählige Spalte \"\(TerminalSafety.echo(fields[header.count].display))\"")
        }
    }

    /// `1.1.5`, `3.1+3.2`, `3.1-(1+2)`: digits and dots, plus signs, parentheses.
    static func looksLikeLineCode(_ code: String) -> Bool {
        !code.isEmpty && code.allSatisfy { $0.isASCII && ($0.isNumber || ".+-()".contains($0)) }
            && code.contains(where: \.isNumber)
    }

    // MARK: - Amounts

    /// Cents for money rows, hundredths of a percent for share rows; the reason when not.
    static func amount(_ field: Field, kind: LineKind, isYear: Bool) -> Amount {
        if let reason = field.unreadable { return .failure(reason) }
        let value: Int64
        if let number = field.number {
            if kind.isMoney && field.isPercent {
                return .failure("\(number) ist als Prozent formatiert – in einer Betragszeile steht ein Betrag in Euro")
            }
            guard let parsed = ExactDecimal.hundredths(number, scale: kind.isMoney ? 2 : 4, strict: kind.isMoney) else {
                return .failure("\(number) ist kein Betrag mit höchstens zwei Nachkommastellen")
            }
            value = parsed
        } else {
            var text = field.text.trimmingWhitespace()
            if text.isEmpty { return .value(0) }
            let shown = field.text
            if text.contains("%") {
                guard !kind.isMoney else {
                    return .failure("\"\(shown)\" ist eine Prozentangabe – in einer Betragszeile steht ein Betrag in Euro")
                }
                text = String(text.filter { $0 != "%" }).trimmingWhitespace()
            }
            if text.hasSuffix("€") { text = String(text.dropLast()).trimmingWhitespace() }
            if text.hasPrefix("€") { text = String(text.dropFirst()).trimmingWhitespace() }
            // Excel's accounting format writes zero as "-   €".
            if text == "-" || text == "–" { return .value(0) }
            do { value = try Fixed2.parse(text) } catch {
                return .failure("\"\(TerminalSafety.echo(shown))\" ist kein Betrag: \(error.reason)")
            }
        }
        if value < 0 && kind != .control {
            return .failure("\(Fixed2.format(value)) ist negativ; Beträge und Anteile dürfen nicht negativ sein")
        }
        if kind == .item && isYear && value > maxItemAmount {
            return .failure("\(Fixed2.format(value)) € ist zu groß: höchstens \(Fixed2.format(maxItemAmount)) € je Zelle")
        }
        return .value(value)
    }
}

/// Exact conversion of a decimal literal as spreadsheet files store numbers ("356666.66999999998",
/// "1.8225E7") to an integer count of 10^-scale, without floating point.
public enum ExactDecimal {
    /// The literal in units of 10^-scale, rounded half away from zero. With `strict`, nil when the
    /// literal has more digits than the scale beyond binary noise (a digit run of 0 or 9 after it).
    public static func hundredths(_ literal: String, scale: Int, strict: Bool) -> Int64? {
        var text = Substring(literal.trimmingWhitespace())
        var negative = false
        if text.first == "-" { negative = true; text = text.dropFirst() } else if text.first == "+" { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let value = Int(text[text.index(after: e)...]), abs(value) < 400 else { return nil }
            exponent = value
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !text.isEmpty else { return nil }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty),
              (whole + fraction).allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        // value = digits × 10^(exponent − fraction.count); in units: × 10^scale.
        var digits = Array(whole + fraction)
        let shift = exponent - fraction.count + scale
        if shift >= 0 {
            digits += Array(repeating: "0", count: shift)
            let trimmed = digits.drop { $0 == "0" }
            guard trimmed.count <= 18, let value = Int64(String(trimmed.isEmpty ? ["0"] : Array(trimmed))) else {
                return nil
            }
            return negative ? -value : value
        }
        let cut = -shift
        if digits.count < cut + 1 { digits = Array(repeating: "0", count: cut + 1 - digits.count) + digits }
        let head = digits[..<(digits.count - cut)], tail = digits[(digits.count - cut)...]
        let trimmedHead = head.drop { $0 == "0" }
        guard trimmedHead.count <= 18, var value = Int64(String(trimmedHead.isEmpty ? ["0"] : Array(trimmedHead))) else {
            return nil
        }
        if strict {
            // Binary noise of a stored double: 0.1 + 0.2 = 0.30000000000000004, 356666.66999999998.
            let noise = tail.count >= 4 && (tail.prefix(3).allSatisfy { $0 == "0" } || tail.prefix(3).allSatisfy { $0 == "9" })
            guard tail.allSatisfy({ $0 == "0" }) || noise else { return nil }
        }
        if let first = tail.first, first >= "5" { value += 1 }
        return negative ? -value : value
    }
}
