/// The CSV file in which the finance staff exchange the Kosten- und Finanzierungsplan with Excel.
///
/// Writing: UTF-8 with a byte order mark (so that a double-click in Excel shows umlauts; without
/// on request), fields separated by `;`, fields containing `;`, `"`, CR or LF quoted with `"` (a
/// `"` inside is doubled), LF after every row. The header is `Nr;Bezeichnung;2021;…;2028;Gesamt`;
/// then one row per plan line in document order. Amounts are German (`1.234,56`), share rows are
/// in percent (`90,40`).
///
/// Reading: UTF-8 with or without BOM, or Windows-1252 (German Excel's "CSV (Trennzeichen-
/// getrennt)"), see `read(bytes:)`; CRLF or LF; the KfW template's layout as `PlanTable` describes
/// it. Every error of the file is reported (up to 50), each with line and column.

public struct PlanCSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// 1-based physical line number of the file (the line on which the offending field starts).
    public let line: Int
    /// 1-based field index within the row.
    public let column: Int
    public let reason: String

    public init(line: Int, column: Int, reason: String) {
        self.line = line; self.column = column; self.reason = reason
    }

    /// `Zeile 26, Spalte 6: "35O.000,00" ist kein Betrag`
    public var description: String { "Zeile \(line), Spalte \(column): \(reason)" }
}

/// All errors of one file (at most `PlanTable.maxIssues`), in file order.
public struct PlanCSVErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public var errors: [PlanCSVError]
    public init(_ errors: [PlanCSVError]) { self.errors = errors }
    public var first: PlanCSVError { errors[0] }

    /// One error: its line. Several: a count, then one error per line.
    public var description: String {
        guard errors.count > 1 else { return errors.first?.description ?? "" }
        let more = errors.count >= PlanTable.maxIssues ? " (die ersten \(errors.count))" : ""
        return "\(errors.count) Fehler\(more):\n" + errors.map { "  " + $0.description }.joined(separator: "\n")
    }
}

public enum PlanCSV {
    /// The header fields: `Nr`, `Bezeichnung`, the years 2021–2028, `Gesamt`.
    public static let header: [String] = PlanTable.header

    /// The plan as CSV text (LF line ends), by default starting with a byte order mark (U+FEFF)
    /// so that Excel reads it as UTF-8. The header names the plan's own years.
    public static func write(_ plan: Plan, byteOrderMark: Bool = true) -> String {
        var out = byteOrderMark ? "\u{FEFF}" : ""
        out.reserveCapacity(64 + plan.lines.count * (plan.years.count + 2) * 14)
        out += (["Nr", "Bezeichnung"] + plan.years.map(String.init) + ["Gesamt"]).joined(separator: ";")
        out += "\n"
        for line in plan.lines {
            out += quoted(line.code)
            out += ";"
            out += quoted(line.label)
            for y in plan.years.indices {
                out += ";"
                out += Fixed2.format(y < line.values.count ? line.values[y] : 0)
            }
            out += ";"
            out += Fixed2.format(line.statedTotal)
            out += "\n"
        }
        return out
    }

    /// Reads the bytes of a file: UTF-8 (with or without BOM) or Windows-1252, through
    /// `TextDecoding.decode`; returns the plan and the encoding it was read in.
    public static func read(bytes: some Collection<UInt8>) throws(PlanCSVErrors) -> (plan: Plan, encoding: TextEncoding) {
        guard let decoded = TextDecoding.decode(bytes) else {
            throw PlanCSVErrors([PlanCSVError(line: 1, column: 1, reason: "weder UTF-8 noch Windows-1252 – ist das eine CSV-Datei?")])
        }
        return (try read(decoded.text), decoded.encoding)
    }

    /// Reads a plan in the KfW 436 layout. Labels are taken from the file as they are; sections,
    /// kinds and parts from `KfW436.rows`. Blank, title, section and repeated header rows are skipped.
    public static func read(_ text: String) throws(PlanCSVErrors) -> Plan {
        let records: [Record]
        do { records = try tokenize(text) } catch { throw PlanCSVErrors([error]) }
        let rows = records.map { $0.fields.map(PlanTable.Field.text) }
        switch PlanTable.read(rows) {
        case .plan(let plan):
            return plan
        case .issues(let issues):
            let lastLine = records.last.map { $0.endLine + 1 } ?? 1
            func lineOf(_ row: Int) -> Int { row < records.count ? records[row].line : lastLine }
            throw PlanCSVErrors(issues.map { issue in
                let line: Int
                if issue.row < records.count {
                    let record = records[issue.row]
                    line = issue.column < record.fieldLines.count ? record.fieldLines[issue.column] : record.endLine
                } else {
                    line = lastLine
                }
                return PlanCSVError(line: line, column: issue.column + 1,
                                    reason: issue.reason { "Zeile \(lineOf($0))" })
            })
        }
    }

    // MARK: - Quoting

    /// One CSV record in the same dialect (`;`, quotes where needed, LF), for other tables.
    public static func row(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ";") + "\n"
    }

    static func quoted(_ field: String) -> String {
        var needsQuotes = false
        for byte in field.utf8 where byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return field }
        var out = "\""
        for ch in field.unicodeScalars {
            if ch == "\"" { out += "\"\"" } else { out.unicodeScalars.append(ch) }
        }
        out += "\""
        return out
    }

    // MARK: - Tokenizer

    struct Record {
        var fields: [String] = []
        /// Physical line on which each field starts.
        var fieldLines: [Int] = []
        /// Physical line on which the record starts.
        var line: Int
        /// Physical line on which the record ends.
        var endLine: Int
    }

    /// Splits the text into records. Works on UTF-8 bytes, so CRLF is two bytes, not one Character.
    static func tokenize(_ text: String) throws(PlanCSVError) -> [Record] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let quote = UInt8(ascii: "\""), semicolon = UInt8(ascii: ";")
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let n = bytes.count
        var i = 0
        var line = 1
        var records: [Record] = []

        while i < n {
            var record = Record(line: line, endLine: line)
            fields: while true {
                let fieldLine = line
                var field: [UInt8] = []
                if i < n && bytes[i] == quote {
                    i += 1
                    while true {
                        guard i < n else {
                            throw PlanCSVError(line: fieldLine, column: record.fields.count + 1,
                                               reason: "das Anführungszeichen wird nicht geschlossen")
                        }
                        let byte = bytes[i]
                        if byte == quote {
                            if i + 1 < n && bytes[i + 1] == quote {
                                field.append(quote)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if byte == lf || (byte == cr && !(i + 1 < n && bytes[i + 1] == lf)) { line += 1 }
                        field.append(byte)
                        i += 1
                    }
                    if i < n && bytes[i] != semicolon && bytes[i] != cr && bytes[i] != lf {
                        throw PlanCSVError(line: line, column: record.fields.count + 1,
                                           reason: "nach dem schließenden Anführungszeichen muss ein Semikolon "
                                               + "oder das Zeilenende folgen")
                    }
                    record.fields.append(String(decoding: field, as: UTF8.self))
                } else {
                    // Unquoted: the field is a slice of the text, made a String without a copy in between.
                    let start = i
                    while i < n, bytes[i] != semicolon, bytes[i] != cr, bytes[i] != lf { i += 1 }
                    record.fields.append(bytes.withUnsafeBufferPointer {
                        String(decoding: UnsafeBufferPointer(rebasing: $0[start..<i]), as: UTF8.self)
                    })
                }
                record.fieldLines.append(fieldLine)
                if i < n && bytes[i] == semicolon {
                    i += 1
                    continue fields
                }
                // End of record: line end or end of text.
                record.endLine = line
                if i < n {
                    if bytes[i] == cr && i + 1 < n && bytes[i + 1] == lf { i += 2 } else { i += 1 }
                    line += 1
                }
                break fields
            }
            if record.fields.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) { continue }
            records.append(record)
        }
        return records
    }
}
