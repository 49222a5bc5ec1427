import Testing
@testable import TeamworkCore

private let plan = schwerinPlan()
private let header = "Datum;Planzeile;Empfänger;Verwendungszweck;Betrag;Beleg-Nr"

private func read(_ text: String) throws(ExpenseCSV.Problem) -> ExpenseCSV.File { try ExpenseCSV.read(Array(text.utf8), plan: plan) }

@Suite struct ExpenseCSVTests {
    @Test func canonicalFileReadsEveryField() throws {
        let file = try read(header + "\n05.03.2024;2.1.3;Büro GmbH;Papier;1.234,50;R-1\n")
        #expect(file.encoding == .utf8 && file.lineEnding == "LF" && file.problems.isEmpty && file.ignored.isEmpty)
        #expect(file.rows.map(\.line) == [2])
        let e = file.rows[0].expense
        #expect(e.line == "2.1.3" && e.date == LocalDate(year: 2024, month: 3, day: 5) && e.payee == "Büro GmbH")
        #expect(e.purpose == "Papier" && e.amount.cents == 123_450 && e.receipt == "R-1")
    }

    @Test func aliasesInAnyOrderOtherColumnsIgnoredAndNamed() throws {
        let text = "Kostenstelle;Betrag (€);Belegnummer;Buchungsdatum;Zahlungsdatum;Zweck;Nr.;Zahlungsempfänger\r\n"
            + "61000;99,00;B-7;01.01.2024;03.01.2024;Miete;1.1.3;Vermieter\r\n"
        let file = try read(text)
        #expect(file.lineEnding == "CRLF")
        #expect(file.ignored == ["Kostenstelle", "Buchungsdatum (statt dessen gilt \"Zahlungsdatum\")"])
        #expect(file.columns.map(\.header) == ["Zahlungsdatum", "Nr.", "Zahlungsempfänger", "Zweck", "Betrag (€)", "Belegnummer"])
        #expect(file.rows.first?.expense.date == LocalDate(year: 2024, month: 1, day: 3))
        #expect(file.rows.first?.expense.line == "1.1.3")
    }

    @Test func windows1252AndBOMAreDetected() throws {
        let text = "Datum;Kostenart;Empfänger;Buchungstext;Betrag EUR;Beleg\r\n01.02.2022;1.1.3;Müller;Straße „Süd“ €;5,00;X\r\n"
        let bytes = TextDecoding.encodeWindows1252(text)!
        let file = try ExpenseCSV.read(bytes, plan: plan)
        #expect(file.encoding == .windows1252)
        #expect(file.rows.first?.expense.purpose == "Straße „Süd“ €")
        let bom = try ExpenseCSV.read([0xEF, 0xBB, 0xBF] + Array(text.utf8), plan: plan)
        #expect(bom.encoding == .utf8WithBOM && bom.rows.count == 1)
    }

    @Test func everyBadRowIsNamedWithLineColumnAndReason() throws {
        let text = header + "\n"
            + "05.03.2024;1.1.9;A;x;1,00;R1\n"        // 2: unknown line
            + "05.03.2024;1.1;A;x;1,00;R2\n"          // 3: group line
            + "05.03.2024;1.1.1;A;x;1,234;R3\n"       // 4: malformed amount
            + "5.3.24;1.1.1;A;x;1,00;R4\n"            // 5: malformed date
            + "05.03.2020;1.1.1;A;x;1,00;R5\n"        // 6: outside the plan years
            + "05.03.2024;3.1.3;A;x;1,00;R6\n"        // 7: financing line
            + "05.03.2024;1.1.1;;;-1,00;\n"           // 8: payee, purpose (refund), receipt
            + "05.03.2024;1.1.1;A;x;0,00;R8\n"        // 9: zero
            + "05.03.2024;1.1.1;A;x;1,00;R9\n"        // 10: good
            + "05.03.2024;1.1.2;B;y;1,00;R9\n"        // 11: same key as line 10
            + "05.03.2024;1.1.1;A;x;1,00;R10;extra\n" // 12: extra field
        let file = try read(text)
        let found = file.problems.map { "\($0.line):\($0.column)" }
        #expect(found == ["2:2", "3:2", "4:5", "5:1", "6:1", "7:2", "8:3", "8:4", "8:6", "9:5", "11:6", "12:7"])
        #expect(file.problems[0].description.hasPrefix("Zeile 2, Spalte 2 (Planzeile): \"1.1.9\" gibt es im Finanzplan nicht"))
        #expect(file.problems[1].reason.contains("Zwischensumme"))
        #expect(file.problems[2].reason.contains("mehr als zwei Nachkommastellen"))
        #expect(file.problems[3].reason.contains("vierstellig"))
        #expect(file.problems[4].reason == "05.03.2020 liegt außerhalb der Planjahre 2021–2028")
        #expect(file.problems[5].reason.contains("Finanzierungszeile"))
        #expect(file.problems[7].reason.contains("Verwendungszweck"))
        #expect(file.problems[9].reason == "0,00 ist keine Zahlung")
        #expect(file.problems[10].reason.contains("steht schon in Zeile 10"))
        #expect(file.rows.map(\.line) == [10])
        #expect(file.dataRows == 11)
    }

    @Test func aFileWithoutARequiredColumnIsRefusedAsAWhole() {
        #expect(throws: ExpenseCSV.Problem.self) { try read("Datum;Planzeile;Empfänger;Betrag\n01.01.2022;1.1.1;A;1,00\n") }
        do {
            _ = try read("Datum;Planzeile;Empfänger;Betrag\n")
        } catch {
            #expect(error.line == 1 && error.reason.contains("Verwendungszweck") && error.reason.contains("Beleg-Nr"))
        }
        #expect(throws: ExpenseCSV.Problem.self) { try read("") }
        #expect(throws: ExpenseCSV.Problem.self) { try ExpenseCSV.read([0xEF, 0xBB, 0xBF, 0xFF], plan: plan) }
        #expect(throws: ExpenseCSV.Problem.self) { try read(header + "\n\"offen;1.1.1\n") }
    }

    @Test func matchSkipsEqualRowsAndRefusesTheSameReceiptOnAnotherLine() throws {
        let file = try read(header + "\n05.03.2024;1.1.1;A;x;1,00;R1\n06.03.2024;1.1.2;A;x;2,00;R2\n07.03.2024;1.1.3;A;x;3,00;R3\n")
        let stored = [Expense(id: 1, line: "1.1.1", date: LocalDate(year: 2024, month: 3, day: 5), payee: "anders",
                              purpose: "", amount: Money(cents: 100), receipt: "R1"),
                      Expense(id: 2, line: "2.1.2", date: LocalDate(year: 2024, month: 3, day: 6), payee: "A",
                              purpose: "x", amount: Money(cents: 200), receipt: "R2")]
        let matched = ExpenseCSV.match(file.rows, stored: stored)
        #expect(matched.skipped.map(\.line) == [2])
        #expect(matched.new.map(\.line) == [4])
        #expect(matched.problems.map { "\($0.line):\($0.column)" } == ["3:2"])
        #expect(matched.problems[0].reason.contains("schon auf Planzeile 2.1.2 gebucht"))
    }
}
