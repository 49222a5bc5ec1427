/// The receipts file from the city's finance system, and teamwork's own export of the ledger.
///
/// Reading: columns by header name, not position, in any order. The canonical header is
/// `Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr` (export adds the optional
/// `Buchungsreferenz;Notiz`); the usual export names are recognised (see `aliases`), other
/// columns are ignored and named. UTF-8 with or without BOM, or Windows-1252 (`TextDecoding`);
/// CRLF or LF; `;` separated, fields in `"` where needed. Dates `TT.MM.JJJJ` (also `JJJJ-MM-TT`),
/// amounts German (`1.234,56`, `-1.234,56`, `1.234,56-`, optionally with `€`). Every bad field of
/// every row is reported with line, column and reason.
///
/// Writing: the canonical header plus the optional columns, UTF-8 without BOM, LF, in the order
/// date, Beleg-Nr., id; read back by `read` to the same expenses.
public enum ExpenseCSV {
    public enum Field: String, CaseIterable, Sendable {
        case date, line, payee, purpose, amount, receipt, bookingReference, note

        /// Canonical header name.
        public var header: String {
            switch self {
            case .date: "Datum"
            case .line: "Planzeile"
            case .payee: "Empfänger"
            case .purpose: "Verwendungszweck"
            case .amount: "Betrag"
            case .receipt: "Beleg-Nr"
            case .bookingReference: "Buchungsreferenz"
            case .note: "Notiz"
            }
        }

        /// Header names recognised, in order of preference (normalised: lower case, no final dot).
        public var aliases: [String] {
            switch self {
            case .date: ["datum", "zahlungsdatum", "buchungsdatum"]
            case .line: ["planzeile", "kostenart", "nr"]
            case .payee: ["empfänger", "zahlungsempfänger"]
            case .purpose: ["verwendungszweck", "zweck", "buchungstext"]
            case .amount: ["betrag", "betrag (€)", "betrag eur", "betrag (eur)", "betrag in €", "betrag in eur"]
            case .receipt: ["beleg-nr", "beleg", "belegnummer", "beleg-nummer", "belegnr", "beleg nr"]
            case .bookingReference: ["buchungsreferenz", "buchungsnummer", "buchungs-nr"]
            case .note: ["notiz", "bemerkung"]
            }
        }

        public var isRequired: Bool { self != .bookingReference && self != .note }
    }

    /// One position in the file and why it is not usable.
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public var line: Int
        public var column: Int
        /// Header of the column as in the file ("" when there is none).
        public var header: String
        public var reason: String
        public init(line: Int, column: Int, header: String = "", reason: String) {
            self.line = line; self.column = column; self.header = header; self.reason = reason
        }
        /// `Zeile 5, Spalte 3 (Betrag EUR)`
        public var position: String { "Zeile \(line), Spalte \(column)" + (header.isEmpty ? "" : " (\(header))") }
        /// `Zeile 5, Spalte 3 (Betrag EUR): "12,345" ist kein Betrag: mehr als zwei Nachkommastellen`
        public var description: String { "\(position): \(reason)" }
    }

    /// One usable data row.
    public struct Row: Hashable, Sendable {
        public var line: Int
        public var expense: Expense
        public init(line: Int, expense: Expense) { self.line = line; self.expense = expense }
    }

    public struct File: Sendable {
        public var encoding: TextEncoding
        /// "CRLF", "LF" or "CR" ("LF" for a file of one line).
        public var lineEnding: String
        /// Which column of the file feeds which field: (field, header as in the file, 1-based column).
        public var columns: [(field: Field, header: String, column: Int)]
        /// Headers of the columns not read, with a remark where another column was preferred.
        public var ignored: [String]
        public var rows: [Row]
        /// Every bad field of every row, in file order.
        public var problems: [Problem]
        /// Data rows read (good and bad).
        public var dataRows: Int
    }

    // MARK: Reading

    /// Reads the file's bytes. Throws one `Problem` when the file as a whole is unusable (not
    /// text, empty, a required column missing, an unclosed quote); bad rows are in `problems`.
    public static func read(_ bytes: [UInt8], plan: Plan) throws(Problem) -> File {
        guard let decoded = TextDecoding.decode(bytes) else {
            throw Problem(line: 1, column: 1, reason: "die Datei ist weder UTF-8 noch Windows-1252 (keine Textdatei?)")
        }
        return try read(decoded.text, encoding: decoded.encoding, plan: plan)
    }

    public static func read(_ text: String, encoding: TextEncoding = .utf8, plan: Plan) throws(Problem) -> File {
        let records: [PlanCSV.Record]
        do { records = try PlanCSV.tokenize(text) } catch {
            throw Problem(line: error.line, column: error.column, reason: error.reason)
        }
        guard let head = records.first else {
            throw Problem(line: 1, column: 1, reason: "die Datei ist leer; erwartet wird die Kopfzeile "
                          + canonicalHeader.joined(separator: ";"))
        }
        // Columns by header name.
        var chosen: [Field: (rank: Int, column: Int)] = [:]
        var ignored: [Int: String] = [:]
        for (index, raw) in head.fields.enumerated() {
            let name = normalise(raw)
            var matched = false
            for field in Field.allCases {
                guard let rank = field.aliases.firstIndex(of: name) else { continue }
                matched = true
                if let current = chosen[field] {
                    if rank < current.rank {
                        ignored[current.column] = head.fields[current.column].trimmingWhitespace()
                            + " (statt dessen gilt \"\(raw.trimmingWhitespace())\")"
                        chosen[field] = (rank, index)
                    } else {
                        ignored[index] = raw.trimmingWhitespace()
                            + " (statt dessen gilt \"\(head.fields[current.column].trimmingWhitespace())\")"
                    }
                } else {
                    chosen[field] = (rank, index)
                }
            }
            if !matched && !raw.trimmingWhitespace().isEmpty { ignored[index] = raw.trimmingWhitespace() }
        }
        let missing = Field.allCases.filter { $0.isRequired && chosen[$0] == nil }
        if !missing.isEmpty {
            let names = missing.map { f in
                "\(f.header) (oder " + f.aliases.dropFirst().map { "\"\($0)\"" }.joined(separator: ", ") + ")"
            }
            throw Problem(line: head.line, column: 1,
                          reason: "Kopfzeile: " + (missing.count == 1 ? "es fehlt die Spalte " : "es fehlen die Spalten ")
                              + names.joined(separator: "; ") + "; erwartet wird z. B. "
                              + canonicalHeader.prefix(6).joined(separator: ";"))
        }
        let columns = Field.allCases.compactMap { f in
            chosen[f].map { (field: f, header: head.fields[$0.column].trimmingWhitespace(), column: $0.column + 1) }
        }
        let index = Dictionary(uniqueKeysWithValues: columns.map { ($0.field, $0.column - 1) })
        let headers = head.fields.map { $0.trimmingWhitespace() }

        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        var problems: [Problem] = []
        var seen: [Expense.Key: Int] = [:]
        seen.reserveCapacity(records.count)
        let years = (plan.years.first ?? 0, plan.years.last ?? 0)
        for record in records.dropFirst() {
            let fields = record.fields
            var bad: [Problem] = []
            func problem(_ field: Field, _ reason: String) {
                let c = index[field] ?? 0
                bad.append(Problem(line: c < record.fieldLines.count ? record.fieldLines[c] : record.line,
                                   column: c + 1, header: headers[c], reason: reason))
            }
            if fields.count > headers.count,
               let extra = fields[headers.count...].firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }) {
                bad.append(Problem(line: record.fieldLines[extra], column: extra + 1,
                                   reason: "\(fields.count) Felder, die Kopfzeile hat \(headers.count)"))
            }
            func value(_ field: Field) -> String {
                guard let c = index[field], c < fields.count else { return "" }
                return fields[c]
            }
            // Date
            var date = LocalDate(year: 0, month: 0, day: 0)
            do {
                date = try LocalDate.parse(value(.date))
                if date.year < years.0 || date.year > years.1 || plan.yearIndex(date.year) == nil {
                    problem(.date, "\(date.german) liegt außerhalb der Planjahre \(years.0)–\(years.1)")
                }
            } catch { problem(.date, error.message) }
            // Plan line
            var code = value(.line).trimmingWhitespace()
            if plan[code] == nil, let first = code.split(separator: " ").first, plan[String(first)] != nil {
                code = String(first)
            }
            if let e = Validation.bookableLine(code, in: plan) { problem(.line, e.message) }
            // Texts
            let payee = clean(value(.payee)), purpose = clean(value(.purpose)), receipt = clean(value(.receipt))
            let reference = clean(value(.bookingReference)), note = clean(value(.note))
            if payee.isEmpty { problem(.payee, "der Empfänger fehlt") }
            if receipt.isEmpty { problem(.receipt, "die Beleg-Nr. fehlt") }
            for (field, text) in [(Field.payee, payee), (.purpose, purpose), (.receipt, receipt),
                                  (.bookingReference, reference), (.note, note)]
            where Validation.hasControlCharacter(text) {
                problem(field, "enthält Steuerzeichen")
            }
            // Amount
            var amount = Money.zero
            do {
                amount = try Validation.parseExpenseAmount(value(.amount))
                if amount.cents == 0 { problem(.amount, "0,00 ist keine Zahlung") }
                if amount.cents < 0 && purpose.isEmpty {
                    problem(.purpose, "eine Erstattung oder Gutschrift (\(amount.formatted)) braucht einen Verwendungszweck")
                }
            } catch { problem(.amount, error.message) }
            let expense = Expense(line: code, date: date, payee: payee, purpose: purpose, amount: amount,
                                  receipt: receipt, bookingReference: reference, note: note)
            if bad.isEmpty {
                if let earlier = seen[expense.key] {
                    problem(.receipt, "Beleg-Nr. \(receipt) mit Datum \(date.german) und Betrag \(amount.formatted) "
                            + "steht schon in Zeile \(earlier)")
                } else {
                    seen[expense.key] = record.line
                }
            }
            if bad.isEmpty {
                rows.append(Row(line: record.line, expense: expense))
            } else {
                problems += bad.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
            }
        }
        return File(encoding: encoding, lineEnding: lineEnding(text), columns: columns,
                    ignored: ignored.keys.sorted().map { ignored[$0]! }, rows: rows, problems: problems,
                    dataRows: records.count - 1)
    }

    /// Compares the rows of a file with the stored expenses: a row equal to a stored one
    /// (Beleg-Nr., date, amount and line) is skipped; a row with a stored Beleg-Nr., date and
    /// amount on another line is a problem (in the line column); all others are new.
    public static func match(_ rows: [Row], stored: [Expense], lineColumn: Int = 2, lineHeader: String = "Planzeile")
        -> (new: [Row], skipped: [Row], problems: [Problem]) {
        // Nothing stored yet (the first import): every row is new, no key to hash.
        if stored.isEmpty { return (rows, [], []) }
        var byKey: [Expense.Key: Expense] = [:]
        byKey.reserveCapacity(stored.count)
        for e in stored { byKey[e.key] = e }
        var new: [Row] = [], skipped: [Row] = [], problems: [Problem] = []
        new.reserveCapacity(rows.count)
        for row in rows {
            guard let existing = byKey[row.expense.key] else { new.append(row); continue }
            if existing.line == row.expense.line {
                skipped.append(row)
            } else {
                problems.append(Problem(
                    line: row.line, column: lineColumn, header: lineHeader,
                    reason: "\(row.expense.label) ist schon auf Planzeile \(existing.line) gebucht, hier steht "
                        + "\(row.expense.line); erst die gespeicherte Buchung ändern oder löschen"))
            }
        }
        return (new, skipped, problems)
    }

    // MARK: Writing

    public static let canonicalHeader: [String] = Field.allCases.map(\.header)

    /// The ledger in the canonical form (UTF-8 without BOM, LF), by date, Beleg-Nr., id.
    public static func write(_ expenses: [Expense]) -> String {
        var out = canonicalHeader.joined(separator: ";") + "\n"
        out.reserveCapacity(64 + expenses.count * 96)
        for e in expenses.sorted(by: Receipts.order) {
            out += e.date.german
            out += ";"; out += PlanCSV.quoted(e.line)
            out += ";"; out += PlanCSV.quoted(e.payee)
            out += ";"; out += PlanCSV.quoted(e.purpose)
            out += ";"; out += Fixed2.format(e.amount.cents)
            out += ";"; out += PlanCSV.quoted(e.receipt)
            out += ";"; out += PlanCSV.quoted(e.bookingReference)
            out += ";"; out += PlanCSV.quoted(e.note)
            out += "\n"
        }
        return out
    }

    // MARK: Helpers

    /// `"Betrag (€) "` → `"betrag (€)"`, `"Beleg-Nr."` → `"beleg-nr"`, `"Nr."` → `"nr"`.
    static func normalise(_ header: String) -> String {
        var text = header.trimmingWhitespace().lowercased()
        while text.hasSuffix(".") || text.hasSuffix(":") { text.removeLast() }
        return text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// Trimmed; line breaks and tabs inside a quoted field become single spaces.
    static func clean(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            return text.trimmingWhitespace()
        }
        return text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" || $0 == "\t" })
            .map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func lineEnding(_ text: String) -> String {
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") { return previous == UInt8(ascii: "\r") ? "CRLF" : "LF" }
            if previous == UInt8(ascii: "\r") { return "CR" }
            previous = byte
        }
        return previous == UInt8(ascii: "\r") ? "CR" : "LF"
    }
}
