import Foundation
import Testing
import TeamworkCore
import TeamworkStore
@testable import TeamworkXLSX

private func day(_ text: String) -> LocalDateTime { try! Validation.parseDay(text) }
private func eur(_ text: String) -> Money { try! Money.parse(text) }

/// Cents of a number cell's literal ("199049.9", "-350", "1.5E-2" never occurs for our amounts).
func cents(_ literal: String) -> Int64? {
    guard let decimal = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
    var scaled = decimal * 100, rounded = Decimal()
    NSDecimalRound(&rounded, &scaled, 0, .plain)
    return NSDecimalNumber(decimal: rounded).int64Value
}

/// The proof workbook written with libxlsxwriter and read back with the project's reader: the
/// totals are the proof's (and the Markdown's), sums are formulas, data text stays inert text.
@Suite struct ProofWorkbookTests {
    static func input(phase: FundingPhase?) throws -> ProofInput {
        let project = try PlanWorkbookTests.seededProject()
        let receipts = [
            ProofReceipt(date: day("15.03.2022"), line: "1.1.1", receipt: "R-2022-002", payee: "Stadt Schwerin",
                         purpose: "Gehalt März", amount: eur("4.200,00")),
            ProofReceipt(date: day("01.03.2022"), line: "1.1.1", receipt: "R-2022-001", payee: "Stadt Schwerin",
                         purpose: "Gehalt Februar", amount: eur("4.200,01")),
            ProofReceipt(date: day("10.05.2022"), line: "1.1.5", receipt: "R-2022-010", payee: "=HYPERLINK(\"http://x\",\"y\")",
                         purpose: "+SUM(A1:A9)", amount: eur("11.900,00")),
            ProofReceipt(date: day("12.05.2022"), line: "1.1.5", receipt: "G-2022-001", payee: "Beratung\u{1B}[31m Nord",
                         purpose: "Gutschrift\u{202E} zu R-2022-010\nzweite Zeile", amount: eur("-1.900,00")),
            ProofReceipt(date: day("20.06.2022"), line: "1.2.1", receipt: "@R-2022-020", payee: "Werkstatt & Co",
                         purpose: "-Workshopreihe", amount: eur("2.500,50")),
            ProofReceipt(date: day("01.06.2024"), line: "2.1.1", receipt: "R-2024-001", payee: "Stadt Schwerin",
                         purpose: "Gehalt Mai", amount: eur("12.345,67")),
            // After the period: not in the proof.
            ProofReceipt(date: day("02.01.2027"), line: "1.1.1", receipt: "R-2027-001", payee: "x", purpose: "x", amount: eur("1")),
        ]
        let drawdowns = [
            Drawdown(id: 1, phase: .strategy, requestedOn: day("01.06.2022"), amount: eur("10.000"),
                     receivedOn: day("20.06.2022"), receivedAmount: eur("9.999,99"), note: "=1+1"),
            Drawdown(id: 2, phase: .implementation, requestedOn: day("15.12.2024"), amount: eur("5.000")),
        ]
        return ProofInput(projectName: "Smart City & \"Schwerin\"", phase: phase, until: day("31.12.2026"),
                          baselineName: "Antrag", baseline: project.plan, plan: project.plan, receipts: receipts,
                          drawdowns: drawdowns, measures: project.measures, events: project.events)
    }

    struct Read {
        var sheets: [XLSXReader.SheetData]
        func sheet(_ name: String) throws -> XLSXReader.SheetData { try #require(sheets.first { $0.name == name }) }
        func cell(_ sheet: String, _ row: Int, _ column: Int) throws -> XLSXReader.Cell {
            try #require(try self.sheet(sheet).cells.first { $0.row == row && $0.column == column }, "\(sheet) \(row),\(column)")
        }
        func amount(_ sheet: String, _ row: Int, _ column: Int) throws -> Int64 {
            let cell = try cell(sheet, row, column)
            guard case .number(let literal) = cell.value, let value = cents(literal) else {
                Issue.record("\(sheet)!\(cell.reference) ist keine Zahl: \(cell.value)")
                return .min
            }
            return value
        }
        func texts() throws -> [String] {
            sheets.flatMap(\.cells).compactMap { if case .text(let t) = $0.value { t } else { nil } }
        }
    }

    func written(_ proof: ProofOfUse) throws -> (Read, ProofWorkbook.Layout) {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("proof-\(UUID().uuidString).xlsx").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var layout = ProofWorkbook.Layout()
        try PlanWorkbook.atomically(path) { layout = try ProofWorkbook.addSheets(to: $0, proof: proof) }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(PlanXLSX.looksLikeWorkbook(data))
        #expect(try ProofWorkbook.data(proof).count > 0)
        return (Read(sheets: try XLSXReader.sheets(data)), layout)
    }

    @Test(arguments: [FundingPhase?.none, .strategy, .implementation])
    func totalsAreTheProofsAndTheMarkdowns(phase: FundingPhase?) throws {
        let proof = ProofOfUse.build(try Self.input(phase: phase))
        let (read, layout) = try written(proof)
        #expect(read.sheets.map(\.name) == ["Nachweis", "Mittelabrufe", "Belegliste", "Sachbericht"])

        let ist = try read.amount("Nachweis", layout.totalCostRow, 3)
        let belege = try read.amount("Belegliste", layout.beleglisteTotalRow, 5)
        #expect(ist == proof.totalIst.cents)
        #expect(belege == proof.totalIst.cents)
        #expect(try read.amount("Nachweis", layout.beleglisteCheckRow, 3) == belege)
        #expect(try read.amount("Nachweis", layout.beleglisteCheckRow, 4) == 0)
        #expect(try read.amount("Nachweis", layout.totalCostRow, 2) == proof.totalSoll.cents)
        let expectedIst: Int64 = switch phase {
        case .none: 33_246_18
        case .strategy: 20_900_51
        case .implementation: 12_345_67
        }
        #expect(ist == expectedIst, "hand sum of the receipts in the period")

        // The same figures as the Markdown proof.
        let md = ProofRender.markdown(proof)
        let formatted = Fixed2.format(belege)
        #expect(md.contains("**Summe der Belegliste: \(formatted) € (= Ist \(Fixed2.format(ist)) €)**"), "\(formatted)")
        for group in proof.belegliste {
            let row = try #require(layout.subtotalRow[group.code])
            #expect(try read.amount("Belegliste", row, 5) == group.subtotal.cents)
            #expect(md.contains("**Zwischensumme \(group.code)** | **\(group.subtotal.formatted)**"))
        }
        for cost in proof.costs {
            let row = try #require(layout.costRow[cost.code])
            #expect(try read.amount("Nachweis", row, 2) == cost.soll.cents, "\(cost.code) Soll")
            #expect(try read.amount("Nachweis", row, 3) == cost.ist?.cents, "\(cost.code) Ist")
            #expect(try read.amount("Nachweis", row, 4) == cost.difference?.cents, "\(cost.code) Differenz")
        }
        let federal = try #require(layout.financingRow[KfW436.federalFunds])
        #expect(try read.amount("Nachweis", federal, 3) == proof.receivedFederal.cents)
        let third = try read.cell("Nachweis", try #require(layout.financingRow[KfW436.thirdPartyFunds]), 3)
        #expect(third.value == .text("nicht erfasst"))
    }

    @Test func sumsAreFormulasAndDatesAreDateCells() throws {
        let proof = ProofOfUse.build(try Self.input(phase: nil))
        let (read, layout) = try written(proof)
        let total = try read.cell("Belegliste", layout.beleglisteTotalRow, 5)
        let subtotals = proof.belegliste.compactMap { layout.subtotalRow[$0.code] }
            .map { CellReference.name(row: $0, column: 5) }
        #expect(total.formula == "SUM(" + subtotals.joined(separator: ",") + ")")
        let sub = try read.cell("Belegliste", try #require(layout.subtotalRow["1.1.1"]), 5)
        #expect(sub.formula?.hasPrefix("SUM(F") == true)
        let phase = try read.cell("Nachweis", try #require(layout.costRow["1"]), 3)
        #expect(phase.formula?.hasPrefix("SUM(") == true, "phase Ist sums its groups")
        let totalRow = try read.cell("Nachweis", layout.totalCostRow, 3)
        #expect(totalRow.formula == "SUM(D\(layout.costRow["1"]! + 1),D\(layout.costRow["2"]! + 1))")
        #expect(try read.cell("Nachweis", layout.beleglisteCheckRow, 3).formula
                == "'Belegliste'!F\(layout.beleglisteTotalRow + 1)")
        // 01.03.2022 is Excel day 44621; the first receipt of 1.1.1 sits below its heading row.
        let firstReceipt = try read.cell("Belegliste", try #require(layout.subtotalRow["1.1.1"]) - 2, 0)
        #expect(firstReceipt.value == .number("44621"))
        #expect(firstReceipt.formula == nil)
    }

    @Test func dataTextIsInertTextNeverAFormula() throws {
        let proof = ProofOfUse.build(try Self.input(phase: .strategy))
        let (read, _) = try written(proof)
        let cells = read.sheets.flatMap(\.cells)
        let hyperlink = try #require(cells.first { $0.value == .text("=HYPERLINK(\"http://x\",\"y\")") })
        #expect(hyperlink.formula == nil)
        #expect(cells.contains { $0.value == .text("+SUM(A1:A9)") && $0.formula == nil })
        #expect(cells.contains { $0.value == .text("@R-2022-020") && $0.formula == nil })
        #expect(cells.contains { $0.value == .text("=1+1") && $0.formula == nil }, "a drawdown note")
        #expect(cells.contains { $0.value == .text("Beratung<U+001B>[31m Nord") })
        #expect(cells.contains { $0.value == .text("Gutschrift<U+202E> zu R-2022-010 zweite Zeile") })
        #expect(cells.contains { $0.value == .text("Smart City & \"Schwerin\"") })
        for text in try read.texts() {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" },
                    "\(text.debugDescription)")
        }
        // Every formula is our own: cell references, SUM, the Belegliste sheet; never a quote of data.
        for cell in cells {
            guard let formula = cell.formula else { continue }
            #expect(formula.wholeMatch(of: /[A-Z0-9:,()+\-'!]*|'Belegliste'![A-Z]+[0-9]+/) != nil
                    && !formula.contains("HYPERLINK"), "\(cell.reference): \(formula)")
        }
    }

    @Test func emptyPeriodStillHasItsTotals() throws {
        var input = try Self.input(phase: .implementation)
        input.receipts = []
        input.drawdowns = []
        input.until = day("01.01.2021")
        let proof = ProofOfUse.build(input)
        let (read, layout) = try written(proof)
        #expect(try read.amount("Belegliste", layout.beleglisteTotalRow, 5) == 0)
        #expect(try read.amount("Nachweis", layout.totalCostRow, 3) == 0)
        let texts = try read.texts()
        #expect(texts.contains("Keine Zahlungen im Zeitraum."))
        #expect(texts.contains("Keine Mittelabrufe im Zeitraum."))
    }
}
