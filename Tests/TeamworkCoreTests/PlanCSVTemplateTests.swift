import Testing
@testable import TeamworkCore

/// The plan as German Excel writes it from the KfW template: Windows-1252, CRLF, title and
/// section rows, repeated headers, the Kontrollsumme with an empty Nr, trailing empty columns,
/// accounting format (`-   €`, ` €`, NBSP), percent signs in the share rows.
@Suite struct PlanCSVTemplateTests {
    let plain = PlanCSV.write(schwerinPlan(), byteOrderMark: false)

    /// `plain` rearranged into the template's layout, with Excel's formatting.
    var template: String {
        var out = ["Kosten- und Finanzierungsplan;;;;;;;;;;;;", ";;;;;;;;;;;;"]
        for raw in plain.split(separator: "\n").map(String.init) {
            var fields = raw.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let code = fields[0]
            if code == "Nr" {
                out.append("1 Kostenplanung (Strategiephase);;;;;;;;;;;;")
                fields[1] = "Kostenarten"
                out.append(fields.joined(separator: ";") + ";;")
                continue
            }
            if code == "2.1" {
                out.append("2;Kostenplanung (Umsetzungsphase);;;;;;;;;;;")
                out.append(";Kostenarten;2021;2022;2023;2024;2025;2026;2027;2028;Gesamt;;")
            }
            if code == "3.1" {
                out.append(" 3 Finanzierungsplanung;;;;;;;;;;;;")
                out.append("Ifd.Nr.;Finanzierungsmittel;2021;2022;2023;2024;2025;2026;2027;2028;Gesamt;;")
            }
            if code == "3.3.1" { out.append(";Finanzierungsanteile;;;;;;;;;;;") }
            if code == "3.1-(1+2)" { fields[0] = "" }
            for i in 2..<fields.count {
                if code.hasPrefix("3.3.") {
                    fields[i] += "%"
                } else if fields[i] == "0,00" {
                    fields[i] = " -   € "
                } else {
                    fields[i] = " " + fields[i] + "\u{00A0}€ "
                }
            }
            out.append(fields.joined(separator: ";") + ";;")
        }
        return out.joined(separator: "\r\n") + "\r\n"
    }

    func errors(_ text: String) -> [PlanCSVError] {
        do {
            _ = try PlanCSV.read(text)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func templateLayoutIsRead() throws {
        let text = template
        #expect(text.contains(";Kontrollsumme förderfähige Kosten 3.1 - (1+2); -   € ;"))
        #expect(text.contains("; 50.000,00\u{00A0}€ ;"))
        #expect(text.contains(";90,40%;;"))
        #expect(try PlanCSV.read(text) == schwerinPlan())
    }

    @Test func windows1252IsDetectedAndSaid() throws {
        let bytes = try #require(TextDecoding.encodeWindows1252(template))
        #expect(TextDecoding.utf8(bytes) == nil)  // ü, ß, € as single bytes: not UTF-8
        #expect(bytes.contains(0x80))  // € in Windows-1252
        let result = try PlanCSV.read(bytes: bytes)
        #expect(result.encoding == .windows1252)
        #expect(result.plan == schwerinPlan())
        #expect(result.plan["1.1.1"]?.label.contains("einschließlich") == true)
        let utf8 = try PlanCSV.read(bytes: Array(plain.utf8))
        #expect(utf8.encoding == .utf8 && utf8.plan == schwerinPlan())
        // Neither encoding: refused, no guess.
        #expect(throws: PlanCSVErrors.self) { try PlanCSV.read(bytes: [0xEF, 0xBB, 0xBF, 0x81, 0xFF]) }
    }

    @Test func threeErrorsAreAllNamed() {
        // 1.1.2 2021 not an amount, 2.1.5 2024 negative, 3.1.1 Gesamt a percentage.
        let text = template
            .replacingFirst("; 40.000,00\u{00A0}€ ;", with: ";4O.000,00;")
            .replacingFirst("; 250.000,00\u{00A0}€ ;", with: ";-250.000,00;")
            .replacingFirst("; 1.647.250,00\u{00A0}€ ;", with: ";25.000,00 %;")
        let found = errors(text)
        #expect(found.count == 3)
        #expect(found.map(\.line) == [7, 22, 33])
        #expect(found.map(\.column) == [3, 6, 11])
        #expect(found[0].reason == "\"4O.000,00\" ist kein Betrag: unerwartetes Zeichen \"O\" an Stelle 2")
        #expect(found[1].reason == "-250.000,00 ist negativ; Beträge und Anteile dürfen nicht negativ sein")
        #expect(found[2].reason == "\"25.000,00 %\" ist eine Prozentangabe – in einer Betragszeile steht ein Betrag in Euro")
        let message = PlanCSVErrors(found).description
        #expect(message.hasPrefix("3 Fehler:\n  Zeile 7, Spalte 3: "))
        #expect(message.contains("\n  Zeile 22, Spalte 6: ") && message.contains("\n  Zeile 33, Spalte 11: "))
    }

    @Test func limitsOfTheCellEditor() {
        let tooLarge = plain.replacingFirst(";50.000,00;", with: ";1.000.000.000,00;")
        #expect(errors(tooLarge) == [PlanCSVError(line: 3, column: 3,
            reason: "1.000.000.000,00 € ist zu groß: höchstens 999.999.999,99 € je Zelle")])
        let largest = plain.replacingFirst(";50.000,00;", with: ";999.999.999,99;")
        #expect(errors(largest).isEmpty)
        // The Kontrollsumme may be negative (it is derived and says how far off the plan is).
        let control = plain.replacingFirst("3.1-(1+2);Kontrollsumme förderfähige Kosten 3.1 - (1+2);0,00;",
                                           with: "3.1-(1+2);Kontrollsumme förderfähige Kosten 3.1 - (1+2);-5,00;")
        #expect(errors(control).isEmpty)
        // A percent sign is fine in a share row, with or without space.
        #expect(errors(plain.replacingFirst(";90,40\n", with: ";90,40 %\n")).isEmpty)
    }

    @Test func atMostFiftyErrors() {
        var lines = plain.split(separator: "\n").map(String.init)
        for index in 1..<lines.count where !lines[index].hasPrefix("3.3.") {
            var fields = lines[index].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            for i in 2..<fields.count { fields[i] = "x" }
            lines[index] = fields.joined(separator: ";")
        }
        let found = errors(lines.joined(separator: "\n"))
        #expect(found.count == PlanTable.maxIssues)
        #expect(PlanCSVErrors(found).description.hasPrefix("50 Fehler (die ersten 50):"))
    }

    @Test func sectionAndTitleRowsAreSkippedButUnknownLinesAreNot() {
        let text = template.replacingFirst("2;Kostenplanung (Umsetzungsphase);;", with: "2.9;Kostenplanung (Umsetzungsphase);1,00;")
        #expect(errors(text).first?.reason == "unbekannte Nummer \"2.9\"")
        // A row of amounts without a number is an error, not a section.
        let noCode = plain.replacingFirst("3.2.2;", with: ";")
        #expect(errors(noCode).first == PlanCSVError(line: 32, column: 1, reason: "die Nummer (Nr) fehlt"))
        // A line before any header.
        let headless = String(plain.drop { $0 != "\n" }.dropFirst())
        #expect(errors(headless).first?.reason.hasPrefix("vor der ersten Planzeile fehlt die Kopfzeile") == true)
    }

    @Test func exactDecimalsOfSpreadsheetFiles() {
        #expect(ExactDecimal.hundredths("18225000", scale: 2, strict: true) == 1_822_500_000)
        #expect(ExactDecimal.hundredths("356666.66999999998", scale: 2, strict: true) == 35_666_667)
        #expect(ExactDecimal.hundredths("0.30000000000000004", scale: 2, strict: true) == 30)
        #expect(ExactDecimal.hundredths("1.8225E7", scale: 2, strict: true) == 1_822_500_000)
        #expect(ExactDecimal.hundredths("1234.565", scale: 2, strict: true) == nil)
        #expect(ExactDecimal.hundredths("0.90399999999999991", scale: 4, strict: false) == 9_040)
        #expect(ExactDecimal.hundredths("7.8244274809160305E-2", scale: 4, strict: false) == 782)
        #expect(ExactDecimal.hundredths("-5", scale: 2, strict: true) == -500)
        #expect(ExactDecimal.hundredths("abc", scale: 2, strict: true) == nil)
        #expect(ExactDecimal.hundredths("1E30", scale: 2, strict: true) == nil)
    }
}
