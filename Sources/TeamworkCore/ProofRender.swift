/// The Verwendungsnachweis as Markdown (for reading and printing) and as one CSV file with sections
/// for German Excel: `;`, UTF-8 with BOM, decimal comma without thousands points, CRLF. Each section
/// starts with a title row, then a header row, and ends with an empty row; the sections are
/// Kopf, Ausgaben, Finanzierung, Mittelabrufe, Belegliste, Sachbericht.
///
/// Text from the data is inert in both: control and bidi characters are written as `<U+001B>`;
/// Markdown escapes its own syntax (`|`, `*`, `_`, …); CSV cells that Excel would read as a
/// formula (`=`, `+`, `-`, `@` at the start) get a leading `'`.
public enum ProofRender {
    // MARK: Markdown

    public static func markdown(_ p: ProofOfUse) -> String {
        var out = "# Verwendungsnachweis – \(p.title)\n\n"
        out += "- Projekt: \(md(p.projectName))\n"
        out += "- Zeitraum: Zahlungen bis einschließlich \(p.until.germanDate)\n"
        out += "- Soll: Basisplan „\(md(p.baselineName))“"
            + (p.phase == nil ? "" : "; Finanzierung anteilig nach den förderfähigen Kosten der Phase") + "\n\n"

        out += "## 1. Zahlenmäßiger Nachweis\n\n### Ausgaben (förderfähige Kosten)\n\n"
        out += tableHeader(["Nr.", "Bezeichnung", "Soll (€)", "Ist (€)", "Differenz (€)"], right: [2, 3, 4])
        for row in p.costs { out += costRow(row) }
        out += "\n### Finanzierung\n\n"
        out += tableHeader(["Nr.", "Bezeichnung", "Soll (€)", "Ist (€)", "Differenz (€)"], right: [2, 3, 4])
        for row in p.financing { out += costRow(row) }
        out += "\nMittel Dritter werden in teamwork nicht erfasst; Eigenmittel (Ist) = Ist-Ausgaben − eingegangene "
            + "Bundesmittel.\n\n### Mittelabrufe\n\n"
        if p.drawdowns.isEmpty {
            out += "Keine Mittelabrufe im Zeitraum.\n"
        } else {
            out += tableHeader(["Nr.", "Phase", "Abruf am", "Betrag (€)", "Eingang am", "Eingegangen (€)", "Notiz"],
                               right: [3, 5])
            for d in p.drawdowns {
                out += "| \(d.id) | \(d.phase.rawValue) | \(d.requestedOn.germanDate) | \(d.amount.formatted) | "
                    + "\(d.receivedOn?.germanDate ?? "offen") | \(d.receivedOn == nil ? "" : d.drawn.formatted) | \(md(d.note)) |\n"
            }
            out += "| | | **Summe** | **\(p.drawdowns.map(\.amount).sum().formatted)** | | **\(p.receivedFederal.formatted)** | |\n"
        }

        out += "\n## 2. Belegliste\n\n"
        if p.belegliste.isEmpty { out += "Keine Zahlungen im Zeitraum.\n\n" }
        for group in p.belegliste {
            out += "### \(group.code) \(md(group.label))\n\n"
            out += tableHeader(["Datum", "Beleg-Nr.", "Empfänger", "Verwendungszweck", "Betrag (€)"], right: [4])
            for r in group.receipts {
                out += "| \(r.date.germanDate) | \(md(r.receipt)) | \(md(r.payee)) | \(md(r.purpose)) | \(r.amount.formatted) |\n"
            }
            out += "| | | | **Zwischensumme \(group.code)** | **\(group.subtotal.formatted)** |\n\n"
        }
        out += "**Summe der Belegliste: \(p.beleglisteTotal.formatted) € (= Ist \(p.totalIst.formatted) €)**\n\n"

        out += "## 3. Sachbericht (Gerüst)\n\n"
        if p.measures.isEmpty { out += "Keine Maßnahmen dieser Phase im Antrag.\n\n" }
        for report in p.measures {
            let m = report.measure
            out += "### \(m.stage.title), Maßnahme \(m.number): \(md(m.title))\n\n"
            out += "- Ziel laut Antrag: \(m.goal.isEmpty ? "—" : md(m.goal))\n"
            if let row = report.line {
                out += "- Planzeile \(row.code): Soll \(row.soll.formatted) €, Ist \(row.ist?.formatted ?? "—") €, "
                    + "Differenz \(row.difference?.formatted ?? "—") €\n"
            } else {
                out += "- Planzeile: \(m.planLine.map(md) ?? "keine")\n"
            }
            out += "- Veranstaltungen im Zeitraum: " + (report.events.isEmpty ? "keine\n" : "\n")
            for e in report.events { out += "  - \(e.start.germanDate): \(md(e.title))\(e.place.isEmpty ? "" : ", " + md(e.place))\n" }
            out += "- Status: \(md(report.status)); verantwortlich: \(report.responsible.map(md) ?? "niemand eingetragen")\n"
            out += "- Meilensteine: " + (report.milestones.isEmpty ? "keine\n" : "\n")
            for line in report.milestones { out += "  - \(md(line.text))\n" }
            out += "- Stand der Umsetzung: _(vom Projektbüro zu ergänzen)_\n"
            out += "- Abweichungen vom Antrag und Gründe: _(vom Projektbüro zu ergänzen)_\n\n"
        }
        if !p.otherEvents.isEmpty {
            out += "### Weitere Veranstaltungen im Zeitraum\n\n"
            for e in p.otherEvents { out += "- \(e.start.germanDate): \(md(e.title))\(e.place.isEmpty ? "" : ", " + md(e.place))\n" }
            out += "\n"
        }
        return out
    }

    private static func tableHeader(_ titles: [String], right: Set<Int>) -> String {
        "| " + titles.joined(separator: " | ") + " |\n|"
            + titles.indices.map { right.contains($0) ? "--:|" : "---|" }.joined() + "\n"
    }

    private static func costRow(_ row: ProofOfUse.Row) -> String {
        let bold = row.kind != .item
        func b(_ s: String) -> String { bold && !s.isEmpty ? "**\(s)**" : s }
        let ist = row.ist?.formatted ?? "nicht erfasst"
        let diff = row.difference?.formatted ?? ""
        return "| \(b(row.code)) | \(b(md(row.label))) | \(b(row.soll.formatted)) | \(b(ist)) | \(b(diff)) |\n"
    }

    /// Markdown text: inert control/bidi characters, escaped syntax, one line.
    static func md(_ text: String) -> String {
        var out = ""
        for scalar in inert(text).unicodeScalars {
            switch scalar {
            case "\\", "|", "*", "_", "`", "[", "]", "<", ">", "#", "~": out += "\\" + String(scalar)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Control characters (C0, DEL, C1), line and paragraph separators and bidi controls as `<U+XXXX>`;
    /// CR/LF/TAB become a space (one-line cells). Also what the .xlsx proof writes (TeamworkXLSX).
    public static func inert(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A || v == 0x0D || v == 0x09 { out += " "; continue }
            if v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
                || v == 0x200E || v == 0x200F || v == 0x2028 || v == 0x2029 {
                let hex = String(v, radix: 16, uppercase: true)
                out += "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: CSV

    public static func csv(_ p: ProofOfUse) -> String {
        var out = "\u{FEFF}"
        func row(_ fields: [String]) { out += fields.map(csvField).joined(separator: ";") + "\r\n" }
        func amount(_ m: Money?) -> String { m.map { Fixed2.format($0.cents, grouped: false) } ?? "" }
        row(["Verwendungsnachweis", p.title])
        row(["Projekt", p.projectName])
        row(["Zahlungen bis", p.until.germanDate])
        row(["Soll", "Basisplan \(p.baselineName)" + (p.phase == nil ? "" : " (Finanzierung anteilig)")])
        row([])
        row(["Ausgaben"])
        row(["Nr", "Bezeichnung", "Soll", "Ist", "Differenz"])
        for r in p.costs { row([r.code, r.label, amount(r.soll), amount(r.ist), amount(r.difference)]) }
        row([])
        row(["Finanzierung"])
        row(["Nr", "Bezeichnung", "Soll", "Ist", "Differenz"])
        for r in p.financing { row([r.code, r.label, amount(r.soll), r.ist == nil ? "nicht erfasst" : amount(r.ist), amount(r.difference)]) }
        row([])
        row(["Mittelabrufe"])
        row(["Nr", "Phase", "Abruf am", "Betrag", "Eingang am", "Eingegangen", "Notiz"])
        for d in p.drawdowns {
            row(["\(d.id)", "\(d.phase.rawValue)", d.requestedOn.germanDate, amount(d.amount), d.receivedOn?.germanDate ?? "",
                 d.receivedOn == nil ? "" : amount(d.drawn), d.note])
        }
        row(["", "", "Summe", amount(p.drawdowns.map(\.amount).sum()), "", amount(p.receivedFederal), ""])
        row([])
        row(["Belegliste"])
        row(["Planzeile", "Datum", "Beleg-Nr", "Empfänger", "Verwendungszweck", "Betrag"])
        for group in p.belegliste {
            for r in group.receipts {
                row([group.code, r.date.germanDate, r.receipt, r.payee, r.purpose, amount(r.amount)])
            }
            row([group.code, "", "", "", "Zwischensumme \(group.code)", amount(group.subtotal)])
        }
        row(["", "", "", "", "Summe Belegliste", amount(p.beleglisteTotal)])
        row([])
        row(["Sachbericht"])
        row(["Maßnahme", "Titel", "Ziel laut Antrag", "Planzeile", "Soll", "Ist", "Veranstaltungen im Zeitraum", "Status",
             "Verantwortlich", "Meilensteine"])
        for report in p.measures {
            let m = report.measure
            row(["\(m.stage.title) \(m.number)", m.title, m.goal, m.planLine ?? "", amount(report.line?.soll),
                 amount(report.line?.ist),
                 report.events.map { "\($0.start.germanDate) \($0.title)" }.joined(separator: " / "),
                 report.status, report.responsible ?? "", report.milestones.map(\.text).joined(separator: " / ")])
        }
        return out
    }

    /// One CSV cell: inert, formula-safe, quoted when it contains `;`, `"` or a line break.
    /// Every CSV that goes to Excel and is not read back by teamwork uses it (the proof, the
    /// dashboard's list exports).
    public static func csvField(_ text: String) -> String {
        var value = inert(text)
        if let first = value.unicodeScalars.first, "=+-@".unicodeScalars.contains(first),
           Fixed2ParseCheck.isAmount(value) == false {
            value = "'" + value
        }
        guard value.contains(where: { $0 == ";" || $0 == "\"" }) else { return value }
        var quoted = "\""
        for ch in value { quoted += ch == "\"" ? "\"\"" : String(ch) }
        return quoted + "\""
    }
}

/// Whether a cell is one of our own amounts (a negative difference must stay a number for Excel).
enum Fixed2ParseCheck {
    static func isAmount(_ text: String) -> Bool {
        guard text.first == "-" else { return false }
        return text.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0 == ",") }
    }
}
