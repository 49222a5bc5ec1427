/// The CSV file in which the finance staff exchange the Kosten- und Finanzierungsplan with Excel.
///
/// Format: UTF-8 (a byte order mark is accepted on reading, never written), fields separated
/// by `;`, fields containing `;`, `"`, CR or LF quoted with `"` (a `"` inside is doubled),
/// lines ending in CRLF or LF on reading and LF on writing (every row, the last one included).
/// The header is exactly `Nr;Bezeichnung;2021;…;2028;Gesamt`; then one row per plan line in
/// document order. Amounts are German (`1.234,56`, an empty cell is 0,00), share rows are in
/// percent (`90,40`).

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

public enum PlanCSV {
    /// The header fields: `Nr`, `Bezeichnung`, the years 2021–2028, `Gesamt`.
    public static let header: [String] = ["Nr", "Bezeichnung"] + KfW436.years.map(String.init) + ["Gesamt"]

    /// The plan as CSV text (no BOM, LF line ends). The header names the plan's own years.
    public static func write(_ plan: Plan) -> String {
        var out = ""
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

    /// Reads a plan in the KfW 436 layout. Labels are taken from the file as they are; sections,
    /// kinds and parts from `KfW436.rows`. Blank rows (no text in any field) are ignored.
    public static func read(_ text: String) throws(PlanCSVError) -> Plan {
        let records = try tokenize(text)
        guard let head = records.first else {
            throw PlanCSVError(line: 1, column: 1, reason: "die Datei ist leer; erwartet wird die Kopfzeile "
                + header.joined(separator: ";"))
        }
        try checkHeader(head)

        let rows = KfW436.rows
        var rowIndex: [String: Int] = [:]
        for (index, row) in rows.enumerated() { rowIndex[row.code] = index }
        var found = [(line: Int, label: String, values: [Int64], total: Int64)?](repeating: nil, count: rows.count)
        let yearCount = KfW436.years.count

        for record in records.dropFirst() {
            let fields = record.fields
            guard fields.count == header.count else {
                throw PlanCSVError(
                    line: record.line, column: fields.count < header.count ? fields.count + 1 : header.count + 1,
                    reason: "\(header.count) Felder erwartet, \(fields.count) gefunden")
            }
            let code = fields[0].trimmingWhitespace()
            guard !code.isEmpty else {
                throw PlanCSVError(line: record.fieldLines[0], column: 1, reason: "die Nummer (Nr) fehlt")
            }
            guard let index = rowIndex[code] else {
                throw PlanCSVError(line: record.fieldLines[0], column: 1,
                                   reason: "unbekannte Nummer \"\(TerminalSafety.echo(fields[0]))\"")
            }
            if let earlier = found[index] {
                throw PlanCSVError(line: record.fieldLines[0], column: 1,
                                   reason: "Nummer \"\(TerminalSafety.echo(code))\" kommt doppelt vor (zuerst in Zeile \(earlier.line))")
            }
            var amounts: [Int64] = []
            amounts.reserveCapacity(yearCount + 1)
            for column in 2..<header.count {
                let field = fields[column]
                if field.allSatisfy(\.isWhitespace) {
                    amounts.append(0)
                    continue
                }
                do {
                    amounts.append(try Fixed2.parse(field))
                } catch {
                    throw PlanCSVError(line: record.fieldLines[column], column: column + 1,
                                       reason: "\"\(TerminalSafety.echo(field))\" ist kein Betrag")
                }
            }
            found[index] = (record.line, fields[1], Array(amounts.prefix(yearCount)), amounts[yearCount])
        }

        let missing = rows.indices.filter { found[$0] == nil }.map { rows[$0].code }
        if !missing.isEmpty {
            let last = records.last.map { $0.endLine + 1 } ?? 1
            throw PlanCSVError(line: last, column: 1,
                               reason: (missing.count == 1 ? "es fehlt die Zeile " : "es fehlen die Zeilen ")
                                   + missing.joined(separator: ", "))
        }

        return Plan(years: KfW436.years, lines: rows.enumerated().map { index, row in
            let entry = found[index]!
            return PlanLine(code: row.code, label: entry.label, section: row.section, kind: row.kind,
                            parts: row.parts, values: entry.values, statedTotal: entry.total)
        })
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
                } else {
                    while i < n, bytes[i] != semicolon, bytes[i] != cr, bytes[i] != lf {
                        field.append(bytes[i])
                        i += 1
                    }
                }
                record.fields.append(String(decoding: field, as: UTF8.self))
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

    static func checkHeader(_ record: Record) throws(PlanCSVError) {
        let fields = record.fields
        for (index, expected) in header.enumerated() {
            guard index < fields.count else {
                throw PlanCSVError(line: record.line, column: index + 1,
                                   reason: "Kopfzeile: die Spalte \"\(expected)\" fehlt; erwartet wird "
                                       + header.joined(separator: ";"))
            }
            let actual = index == 0 ? fields[0].trimmingWhitespace() : fields[index]
            guard actual == expected else {
                throw PlanCSVError(line: record.fieldLines[index], column: index + 1,
                                   reason: "Kopfzeile: \"\(TerminalSafety.echo(fields[index]))\" statt \"\(expected)\"; erwartet wird "
                                       + header.joined(separator: ";"))
            }
        }
        if fields.count > header.count {
            throw PlanCSVError(line: record.fieldLines[header.count], column: header.count + 1,
                               reason: "Kopfzeile: überzählige Spalte \"\(TerminalSafety.echo(fields[header.count]))\"")
        }
    }
}
