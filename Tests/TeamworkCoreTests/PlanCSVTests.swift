import Testing
@testable import TeamworkCore

@Suite struct PlanCSVTests {
    let exported = PlanCSV.write(schwerinPlan(), byteOrderMark: false)

    func replacing(_ text: String, line number: Int, with newLine: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[number - 1] = newLine
        return lines.joined(separator: "\n")
    }

    func line(_ text: String, _ number: Int) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: false)[number - 1])
    }

    /// The first error of the file.
    func error(_ text: String) -> PlanCSVError? { errors(text).first }

    func errors(_ text: String) -> [PlanCSVError] {
        do {
            _ = try PlanCSV.read(text)
            return []
        } catch {
            return error.errors
        }
    }

    @Test func format() throws {
        let lines = exported.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "Nr;Bezeichnung;2021;2022;2023;2024;2025;2026;2027;2028;Gesamt")
        #expect(lines[1] == "1.1;Personal- und Sachkosten (Strategiephase);195.000,00;890.000,00;620.000,00;0,00;0,00;0,00;0,00;0,00;1.705.000,00")
        #expect(lines[27] == "3.1.3;Bundesmittel (Zuwendung);220.500,00;1.071.000,00;1.176.500,00;3.400.000,00;3.445.000,00;3.454.000,00;2.079.000,00;1.629.000,00;16.475.000,00")
        #expect(lines[35] == "3.3.3;Substitution des kommunalen Eigenanteils;90,00;90,00;89,81;90,67;90,66;90,66;90,00;90,00;90,40")
        #expect(lines.count == 37 && lines[36] == "")  // LF after every row
        #expect(!exported.contains("\r"))
        #expect(!exported.hasPrefix("\u{FEFF}"))
        // By default with a byte order mark, so that Excel reads UTF-8 (umlauts intact).
        let excel = PlanCSV.write(schwerinPlan())
        #expect(Array(excel.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(excel.dropFirst()) == exported)
        #expect(try PlanCSV.read(excel) == schwerinPlan())
        #expect(try PlanCSV.read(bytes: Array(excel.utf8)).encoding == .utf8WithBOM)
    }

    @Test func roundTrip() throws {
        let plan = try PlanCSV.read(exported)
        #expect(plan == schwerinPlan())
        #expect(PlanCSV.write(plan, byteOrderMark: false) == exported)
        #expect(try PlanCSV.read(PlanCSV.write(basePlan())) == basePlan())
    }

    @Test func byteOrderMarkAndCRLF() throws {
        #expect(try PlanCSV.read("\u{FEFF}" + exported) == schwerinPlan())
        let crlf = exported.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        #expect(Array(crlf.utf8).contains(13))
        #expect(try PlanCSV.read(crlf) == schwerinPlan())
        #expect(try PlanCSV.read("\u{FEFF}" + crlf) == schwerinPlan())
        // No final line end, and trailing blank rows as Excel writes them.
        #expect(try PlanCSV.read(String(exported.dropLast())) == schwerinPlan())
        #expect(try PlanCSV.read(exported + ";;;;;;;;;;\n\n") == schwerinPlan())
    }

    @Test func quotedFields() throws {
        var plan = schwerinPlan()
        let labels = ["Mit; Semikolon", "Mit \"Anführungszeichen\"", "Zwei\nZeilen", "Windows\r\nZeilen", "Sackosten"]
        for (offset, label) in labels.enumerated() { plan.lines[offset + 1].label = label }
        let text = PlanCSV.write(plan, byteOrderMark: false)
        #expect(text.contains("1.1.1;\"Mit; Semikolon\";"))
        #expect(text.contains("1.1.2;\"Mit \"\"Anführungszeichen\"\"\";"))
        #expect(text.contains("1.1.3;\"Zwei\nZeilen\";"))
        #expect(text.contains("1.1.5;Sackosten;"))  // typos round-trip, nothing quoted without need
        let read = try PlanCSV.read(text)
        #expect(read == plan)
        #expect(PlanCSV.write(read, byteOrderMark: false) == text)
        // Quoted amounts and codes are fine, too.
        let quoted = exported.replacingFirst("1.1.1;", with: "\"1.1.1\";").replacingFirst(";450.000,00\n", with: ";\"450.000,00\"\n")
        #expect(quoted != exported)
        #expect(try PlanCSV.read(quoted) == schwerinPlan())
    }

    @Test func emptyCellIsZero() throws {
        let text = replacing(exported, line: 31, with: "3.2.1;Eigenmittel der Kommune;;;;;;;;;")
        #expect(try PlanCSV.read(text) == schwerinPlan())
    }

    @Test func badAmount() throws {
        #expect(line(exported, 26).hasPrefix("3.1.1;"))
        let text = exported.replacingFirst(";350.000,00;", with: ";35O.000,00;")
        let failure = try #require(error(text))
        let reason = "\"35O.000,00\" ist kein Betrag: unerwartetes Zeichen \"O\" an Stelle 3"
        #expect(failure == PlanCSVError(line: 26, column: 6, reason: reason))
        #expect(failure.description == "Zeile 26, Spalte 6: " + reason)
        // Three decimals, and a Gesamt column.
        #expect(error(exported.replacingFirst(";12.250,00;", with: ";12.250,000;"))?.column == 3)
        #expect(error(exported.replacingFirst(";16.475.000,00", with: ";16,475,000.00"))
            == PlanCSVError(line: 28, column: 11, reason: "\"16,475,000.00\" ist kein Betrag: mehr als ein Dezimalkomma"))
    }

    @Test func lineNumbersCountPhysicalLines() throws {
        // A label over two lines shifts every later line by one.
        var plan = schwerinPlan()
        plan.lines[1].label = "Zwei\r\nZeilen"
        let text = PlanCSV.write(plan).replacingFirst(";350.000,00;", with: ";35O.000,00;")
        #expect(error(text) == PlanCSVError(line: 27, column: 6,
                                            reason: "\"35O.000,00\" ist kein Betrag: unerwartetes Zeichen \"O\" an Stelle 3"))
        // An amount inside a quoted field that spans lines is reported where the field starts.
        let multi = exported.replacingFirst(";45.000,00\n", with: ";\"45.0\n00,00\"\n")
        #expect(error(multi) == PlanCSVError(line: 9, column: 11,
                                             reason: "\"45.0\n00,00\" ist kein Betrag: unerwartetes Zeichen \"\n\" an Stelle 5"))
    }

    @Test func unknownCode() {
        let text = exported.replacingFirst("3.2.2;", with: "3.2.9;")
        #expect(error(text) == PlanCSVError(line: 32, column: 1, reason: "unbekannte Nummer \"3.2.9\""))
    }

    @Test func duplicateCode() {
        let text = exported.replacingFirst("3.2.2;", with: "3.2.1;")
        let failure = error(text)
        #expect(failure?.line == 32)
        #expect(failure?.column == 1)
        #expect(failure?.reason == "Nummer \"3.2.1\" kommt doppelt vor (zuerst in Zeile 31)")
    }

    @Test func wrongHeader() {
        #expect(error(exported.replacingFirst(";2021;", with: ";2020;"))?.column == 3)
        #expect(error(exported.replacingFirst(";2021;", with: ";2020;"))?.line == 1)
        // Header labels vary in the template (Nr, Ifd.Nr., Kostenarten, Finanzierungsmittel); the years decide.
        #expect(error(exported.replacingFirst("Nr;Bezeichnung;", with: "Ifd.Nr.;Kostenarten;")) == nil)
        #expect(error(exported.replacingFirst("Nr;Bezeichnung;2021;", with: "Nr;Kostenarten;21;"))?.column == 3)
        #expect(error(exported.replacingFirst(";Gesamt", with: ""))
            == PlanCSVError(line: 1, column: 11, reason: "Kopfzeile: die Spalte \"Gesamt\" fehlt; erwartet wird "
                + "Nr;Bezeichnung;2021;2022;2023;2024;2025;2026;2027;2028;Gesamt"))
        #expect(error(exported.replacingFirst(";Gesamt", with: ";Gesamt;Summe"))?.column == 12)
        #expect(error("")?.line == 1)
        #expect(error("\u{FEFF}")?.description.hasPrefix("Zeile 1, Spalte 1: die Datei ist leer") == true)
    }

    @Test func missingRows() {
        var lines = exported.split(separator: "\n", omittingEmptySubsequences: false)
        lines.remove(at: 35)  // 3.3.3
        lines.remove(at: 30)  // 3.2.1
        let failure = error(lines.joined(separator: "\n"))
        #expect(failure == PlanCSVError(line: 35, column: 1, reason: "es fehlen die Zeilen 3.2.1, 3.3.3"))
        #expect(error(line(exported, 1) + "\n")?.reason.hasPrefix("es fehlen die Zeilen 1.1, 1.1.1,") == true)
    }

    @Test func wrongFieldCount() {
        let row = line(exported, 10)  // 1.2.1
        let short = replacing(exported, line: 10, with: String(row[..<row.lastIndex(of: ";")!]))
        #expect(errors(short) == [PlanCSVError(line: 10, column: 11, reason: "11 Felder erwartet, 10 gefunden")])
        let long = replacing(exported, line: 10, with: row + ";1,00")
        #expect(error(long) == PlanCSVError(line: 10, column: 12, reason: "11 Felder erwartet, 12 gefunden"))
        // A semicolon in an unquoted label splits it.
        let split = exported.replacingFirst("Mittel anderer Geber", with: "Mittel; anderer Geber")
        #expect(error(split)?.reason == "11 Felder erwartet, 12 gefunden")
    }

    @Test func malformedQuotes() {
        let open = exported.replacingFirst("3.2.2;Mittel", with: "3.2.2;\"Mittel")
        #expect(error(open) == PlanCSVError(line: 32, column: 2, reason: "das Anführungszeichen wird nicht geschlossen"))
        let after = exported.replacingFirst("3.2.2;Mittel anderer Geber", with: "3.2.2;\"Mittel\" anderer Geber")
        #expect(error(after)?.line == 32)
        #expect(error(after)?.column == 2)
    }
}

extension String {
    /// Replaces the first occurrence of `target` (which must occur).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        let chars = Array(self.unicodeScalars), t = Array(target.unicodeScalars)
        guard t.count <= chars.count else { return self }
        for start in 0...(chars.count - t.count) where Array(chars[start..<(start + t.count)]) == t {
            var out = String.UnicodeScalarView()
            out.append(contentsOf: chars[..<start])
            out.append(contentsOf: replacement.unicodeScalars)
            out.append(contentsOf: chars[(start + t.count)...])
            return String(out)
        }
        preconditionFailure("\(target) not found")
    }
}
