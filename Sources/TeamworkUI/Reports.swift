import TeamworkCore

/// Plain-text output of `teamwork show` and `teamwork check`: German headings, numbers
/// right-aligned in German format, ANSI bold only when the caller says stdout is a terminal.
public enum Reports {
    public struct Column {
        public var title: String
        public var alignRight: Bool
        public var maxWidth: Int
        public init(_ title: String, right: Bool = false, maxWidth: Int = 60) {
            self.title = title; self.alignRight = right; self.maxWidth = maxWidth
        }
    }

    /// A table with a header and a rule line; columns are as wide as their widest cell.
    public static func table(_ columns: [Column], _ rows: [[String]], color: Bool = false) -> String {
        var widths = columns.map { Terminal.width($0.title) }
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = min(columns[i].maxWidth, max(widths[i], Terminal.width(cell)))
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, column) in columns.enumerated() {
                let cell = i < cells.count ? cells[i] : ""
                parts.append(TextLayout.pad(sanitize(cell), widths[i], right: column.alignRight))
            }
            var text = parts.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            return text
        }
        var out = line(columns.map(\.title))
        if color { out = "\u{1B}[1m" + out + "\u{1B}[0m" }
        out += "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    /// Control characters (ESC above all) never reach the terminal from data.
    static func sanitize(_ text: String) -> String {
        String(text.map { ch -> Character in
            let (symbol, _) = Terminal.display(ch)
            return symbol.count == 1 ? symbol.first! : ch
        })
    }

    public static func plan(_ plan: Plan, color: Bool = false) -> String {
        let columns = [Column("Nr"), Column("Bezeichnung", maxWidth: 44)]
            + plan.years.map { Column(String($0), right: true) } + [Column("Gesamt", right: true)]
        let rows = plan.lines.map { line -> [String] in
            let unit = line.kind == .share ? " %" : ""
            return [line.code, line.label] + line.values.map { Fixed2.format($0) + unit } + [Fixed2.format(line.statedTotal) + unit]
        }
        return "Kosten- und Finanzierungsplan (\(plan.lines.count) Zeilen, Beträge in €)\n\n" + table(columns, rows, color: color)
    }

    public static func measures(_ measures: [Measure], color: Bool = false) -> String {
        let sorted = measures.inDisplayOrder
        let rows = sorted.map { [$0.reference, $0.title, $0.stage.title, $0.planLine ?? "—", $0.cost?.formatted ?? "—"] }
        return table([Column("Nr"), Column("Maßnahme"), Column("Phase"), Column("Planzeile"), Column("Kosten (€)", right: true)],
                     rows, color: color)
    }

    public static func staffing(_ units: [StaffingUnit], color: Bool = false) -> String {
        let sorted = units.inDisplayOrder
        var rows = sorted.map { [$0.unit, Fixed2.format($0.involved), Fixed2.format($0.funded)] }
        rows.append(["Summe", Fixed2.format(sorted.map(\.involved).reduce(0, +)), Fixed2.format(sorted.map(\.funded).reduce(0, +))])
        return table([Column("Organisationseinheit"), Column("Stellen beteiligt", right: true), Column("Stellen gefördert", right: true)],
                     rows, color: color)
    }

    public static func stakeholders(_ list: [Stakeholder], color: Bool = false) -> String {
        let sorted = list.inDisplayOrder
        let rows = sorted.map { s in
            [s.name, s.kind.title, s.role, [s.contactPerson, s.email, s.phone].filter { !$0.isEmpty }.joined(separator: ", ")]
        }
        return table([Column("Name", maxWidth: 40), Column("Art"), Column("Rolle im Projekt", maxWidth: 70), Column("Kontakt")],
                     rows, color: color)
    }

    public static func events(_ events: [Event], series: [EventSeries], color: Bool = false) -> String {
        var rows = events.inDisplayOrder.map { e in
            [EventDate.startColumn(e), EventDate.endColumn(e), e.title, e.format, e.place]
        }
        rows += series.inDisplayOrder.map { s in
            [events.contains { $0.seriesID == s.id } ? "Reihe" : "Termin offen", "", s.title, s.format, s.cadence.isEmpty ? "—" : s.cadence]
        }
        return table([Column("Beginn"), Column("Ende"), Column("Titel", maxWidth: 70), Column("Format"), Column("Ort / Rhythmus")],
                     rows, color: color)
    }

    /// Findings grouped by severity, wrapped to `width` columns.
    public static func check(_ findings: [Finding], terms: FundingTerms, width: Int = 80, color: Bool = false) -> String {
        let errors = findings.filter { $0.severity == .error }
        let warnings = findings.filter { $0.severity == .warning }
        var out = "Prüfung des Kosten- und Finanzierungsplans (\(terms.name))\n"
        out += "Förderquote höchstens \(terms.federalQuota), kommunaler Anteil mindestens \(terms.minMunicipalShare), "
        out += "Beratung höchstens \(terms.consultantFractionText) der Personal- und Sachkosten\n\n"
        func section(_ title: String, _ list: [Finding]) {
            guard !list.isEmpty else { return }
            let heading = "\(title) (\(list.count))"
            out += (color ? "\u{1B}[1m" + heading + "\u{1B}[0m" : heading) + "\n"
            // Fits the usual rule ids (milestone-overdue); longer ones stand on their own line.
            let prefixWidth = 20
            for f in list {
                // A rule id too long for the column (actual-consulting-cap) stands on its own line.
                let long = f.rule.rawValue.count + 2 > prefixWidth
                if long { out += "  " + f.rule.rawValue + "\n" }
                let prefix = long ? String(repeating: " ", count: prefixWidth)
                    : TextLayout.pad("  " + f.rule.rawValue, prefixWidth)
                let wrapped = TextLayout.wrap(sanitize(f.message), max(20, width - prefixWidth - 1))
                for (i, piece) in wrapped.enumerated() {
                    out += (i == 0 ? prefix : String(repeating: " ", count: prefixWidth)) + " " + piece + "\n"
                }
            }
            out += "\n"
        }
        section("Fehler", errors)
        section("Warnungen", warnings)
        if findings.isEmpty { out += "Keine Befunde: der Plan hält alle Regeln ein.\n\n" }
        out += "Zusammenfassung: \(errors.count) Fehler, \(warnings.count) Warnungen\n"
        return out
    }

    public static func checkJSON(_ findings: [Finding]) -> String {
        let errors = findings.filter { $0.severity == .error }.count
        let items = findings.map { f in
            "{\"rule\":\(json(f.rule.rawValue)),\"severity\":\(json(f.severity.rawValue)),\"line\":\(json(f.line)),"
                + "\"year\":\(f.year.map(String.init) ?? "null"),\"expected\":\(json(f.expected)),"
                + "\"actual\":\(json(f.actual)),\"message\":\(json(f.message))}"
        }
        return "{\"findings\":[" + items.joined(separator: ",") + "],\"summary\":{\"errors\":\(errors),\"warnings\":\(findings.count - errors)}}\n"
    }

    public static func json(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
