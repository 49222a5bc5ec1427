import Foundation
import PropertyBased
import Testing
@testable import TeamworkCore

private func day(_ text: String) -> LocalDateTime { try! Validation.parseDay(text) }
private func eur(_ text: String) -> Money { try! Money.parse(text) }

/// The cost item lines of the KfW 436 layout (where receipts book).
private let items = KfW436.rows.filter { $0.kind == .item && FundingPhase.of(line: $0.code) != nil }.map(\.code)

/// A small consistent plan: Soll per item line (Gesamt only), groups summed, financing 10 % own / 90 % federal.
private func proofPlan() -> Plan {
    var values: [String: (years: [Int64], total: Int64)] = [:]
    let zero = Array(repeating: Int64(0), count: 8)
    for (i, code) in items.enumerated() { values[code] = (zero, Int64(i + 1) * 1_000_000) }
    let plan = KfW436.plan(values: values)
    func total(_ code: String) -> Int64 {
        guard let line = plan[code] else { return 0 }
        return line.kind == .item ? line.statedTotal : line.parts.map(total).reduce(0, +)
    }
    var lines = plan.lines
    for (index, line) in lines.enumerated() where line.kind != .item && line.kind != .share && line.kind != .control {
        lines[index].statedTotal = total(line.code)
    }
    let eligible = total(KfW436.eligibleCosts)
    for (index, line) in lines.enumerated() {
        switch line.code {
        case KfW436.ownFunds: lines[index].statedTotal = eligible / 10
        case KfW436.federalFunds: lines[index].statedTotal = eligible - eligible / 10
        case KfW436.financingTotal: lines[index].statedTotal = eligible
        default: break
        }
    }
    return Plan(years: plan.years, lines: lines)
}

private func snapshotInput() -> ProofInput {
    let plan = proofPlan()
    let receipts = [
        ProofReceipt(date: day("15.03.2022"), line: "1.1.1", receipt: "R-2022-002", payee: "Stadt Schwerin, FD Personal",
                     purpose: "Gehalt März | Projektleitung", amount: eur("4.200,00")),
        ProofReceipt(date: day("01.03.2022"), line: "1.1.1", receipt: "R-2022-001", payee: "Stadt Schwerin, FD Personal",
                     purpose: "Gehalt Februar", amount: eur("4.200,00")),
        ProofReceipt(date: day("10.05.2022"), line: "1.1.5", receipt: "R-2022-010", payee: "Beratung \"Nord\"; GmbH",
                     purpose: "=HYPERLINK(\"x\")", amount: eur("11.900,00")),
        ProofReceipt(date: day("12.05.2022"), line: "1.1.5", receipt: "G-2022-001", payee: "Beratung Nord GmbH",
                     purpose: "Gutschrift\u{202E} Rechnung R-2022-010", amount: eur("-1.900,00")),
        ProofReceipt(date: day("20.06.2022"), line: "1.2.1", receipt: "R-2022-020", payee: "Werkstatt *Teamwork*",
                     purpose: "Workshopreihe", amount: eur("2.500,50")),
        // After the period and in the other phase: not in the report.
        ProofReceipt(date: day("02.01.2023"), line: "1.1.1", receipt: "R-2023-001", payee: "x", purpose: "x", amount: eur("1")),
        ProofReceipt(date: day("01.06.2022"), line: "2.1.1", receipt: "R-2022-900", payee: "x", purpose: "x", amount: eur("1")),
    ]
    let drawdowns = [
        Drawdown(id: 1, phase: .strategy, requestedOn: day("01.06.2022"), amount: eur("10.000"),
                 receivedOn: day("20.06.2022"), receivedAmount: eur("10.000"), note: "Abruf 1/2022"),
        Drawdown(id: 2, phase: .strategy, requestedOn: day("15.12.2022"), amount: eur("8.000"),
                 receivedOn: day("05.01.2023"), receivedAmount: eur("8.000")),
        Drawdown(id: 3, phase: .implementation, requestedOn: day("15.12.2022"), amount: eur("1")),
    ]
    let measures = [
        Measure(id: 5, stage: .strategy, number: 1, title: "Lebenshauptstadt ist Teamwork", planLine: "1.2.1",
                goal: "Veränderungsbereitschaft in der Verwaltung."),
        Measure(id: 6, stage: .implementation, number: 1, title: "Lebenshauptstadt ist Transformation", planLine: "2.2.1"),
    ]
    let events = [
        Event(id: 1, title: "Auftaktworkshop", format: "Workshop", start: LocalDateTime(year: 2022, month: 6, day: 21, hour: 10),
              end: LocalDateTime(year: 2022, month: 6, day: 21, hour: 16), place: "Rathaus", measureID: 5),
        Event(id: 2, title: "Forum 2023", format: "Forum", start: LocalDateTime(year: 2023, month: 5, day: 1, hour: 10),
              end: LocalDateTime(year: 2023, month: 5, day: 1, hour: 12), measureID: 5),
    ]
    // Maßnahmen-Controlling: in Umsetzung with a unit; one milestone done in the period, one
    // overdue at its end, one done only after it (open on 31.12.2022).
    let controlling = MeasureControlling(
        states: [MeasureState(measureID: 5, status: .inProgress, since: LocalDate(year: 2022, month: 4, day: 1), responsibleUnitID: 3)],
        milestones: [
            Milestone(id: 1, measureID: 5, title: "Workshopreihe beauftragt", due: LocalDate(year: 2022, month: 6, day: 1),
                      done: LocalDate(year: 2022, month: 5, day: 30)),
            Milestone(id: 2, measureID: 5, title: "Zwischenbericht", due: LocalDate(year: 2022, month: 11, day: 30)),
            Milestone(id: 3, measureID: 5, title: "Leitbild beschlossen", due: LocalDate(year: 2022, month: 12, day: 31),
                      done: LocalDate(year: 2023, month: 1, day: 10)),
        ])
    let staffing = [StaffingUnit(id: 3, unit: "Projektgruppe TEAMWORK", involved: 100, funded: 100)]
    return ProofInput(projectName: "Smart City Schwerin", phase: .strategy, until: day("31.12.2022"),
                      baselineName: "Antrag", baseline: plan, plan: plan, receipts: receipts, drawdowns: drawdowns,
                      measures: measures, events: events, controlling: controlling, staffing: staffing)
}

/// Byte-exact comparison with `Snapshots/NAME`; `UPDATE_SNAPSHOTS=1` writes the file instead.
private func assertFileSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots/\(name)")
    let data = Data(text.utf8)
    if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != nil {
        try! FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try! data.write(to: file)
        return
    }
    guard let expected = FileManager.default.contents(atPath: file.path) else {
        Issue.record("Snapshot \(name) fehlt – mit UPDATE_SNAPSHOTS=1 anlegen und prüfen", sourceLocation: sourceLocation)
        return
    }
    #expect(expected == data, "Snapshot \(name) weicht ab:\n\(text)", sourceLocation: sourceLocation)
}

@Suite struct ProofTests {
    @Test func numbersOfTheStrategyPhaseCheckedByHand() throws {
        let proof = ProofOfUse.build(snapshotInput())
        // 4.200 + 4.200 on 1.1.1, 11.900 − 1.900 on 1.1.5, 2.500,50 on 1.2.1; the 2023 and 2.1.1 payments are out.
        #expect(proof.totalIst == eur("20.900,50"))
        #expect(proof.beleglisteTotal == proof.totalIst)
        #expect(proof.belegliste.map(\.code) == ["1.1.1", "1.1.5", "1.2.1"])
        #expect(proof.belegliste[0].receipts.map(\.receipt) == ["R-2022-001", "R-2022-002"], "by date")
        #expect(proof.belegliste[1].subtotal == eur("10.000"))
        let row115 = try #require(proof.costs.first { $0.code == "1.1.5" })
        #expect(row115.soll == eur("50.000") && row115.difference == eur("-40.000"))
        #expect(proof.costs.last?.code == "1" && proof.costs.last?.kind == .phase)
        // Only drawdown 1 arrived by 31.12.2022; drawdown 2 is shown as not yet received.
        #expect(proof.drawdowns.map(\.id) == [1, 2])
        #expect(proof.receivedFederal == eur("10.000"))
        let federal = try #require(proof.financing.first { $0.code == KfW436.federalFunds })
        #expect(federal.ist == eur("10.000"))
        #expect(proof.financing.first { $0.code == KfW436.ownFunds }?.ist == eur("10.900,50"))
        #expect(proof.financing.last?.soll == proof.totalSoll, "financing Soll covers the phase's costs")
        #expect(proof.measures.map(\.measure.id) == [5])
        #expect(proof.measures.first?.events.map(\.id) == [1], "the 2023 forum is after the period")
    }

    @Test func markdownSnapshot() {
        let text = ProofRender.markdown(ProofOfUse.build(snapshotInput()))
        assertFileSnapshot(text, named: "proof-strategy.md")
        #expect(!text.contains("\u{202E}"))
        #expect(text.contains("Gehalt März \\| Projektleitung"))
        #expect(text.contains("- Status: in Umsetzung seit 01.04.2022; verantwortlich: Projektgruppe TEAMWORK\n"))
        #expect(text.contains("  - 01.06.2022 Workshopreihe beauftragt – erledigt am 30.05.2022\n"))
        #expect(text.contains("  - 30.11.2022 Zwischenbericht – überfällig\n"))
        #expect(text.contains("  - 31.12.2022 Leitbild beschlossen – offen\n"))
    }

    @Test func csvSnapshotIsGermanExcel() {
        let text = ProofRender.csv(ProofOfUse.build(snapshotInput()))
        assertFileSnapshot(text, named: "proof-strategy.csv")
        #expect(text.hasPrefix("\u{FEFF}Verwendungsnachweis;Strategiephase\r\n"))
        #expect(text.contains("\r\n1.1.5;10.05.2022;R-2022-010;\"Beratung \"\"Nord\"\"; GmbH\";\"'=HYPERLINK(\"\"x\"\")\";11900,00\r\n"))
        #expect(text.contains(";Summe Belegliste;20900,50\r\n"))
        #expect(text.contains("1.1.5;Beratung und Unterstützung"), "label kept")
        #expect(text.contains(";-40000,00\r\n"), "a negative difference stays a number")
        #expect(!text.contains("\u{202E}"))
    }

    @Test func bothPhasesEndWithTheEligibleTotal() {
        var input = snapshotInput()
        input.phase = nil
        let proof = ProofOfUse.build(input)
        #expect(proof.costs.last?.code == KfW436.eligibleCosts)
        #expect(proof.totalIst == eur("20.901,50"), "with the 2.1.1 payment")
        #expect(proof.financing.first { $0.code == KfW436.federalFunds }?.soll
                == Money(cents: input.baseline[KfW436.federalFunds]!.statedTotal))
    }

    @Test func beleglisteTotalEqualsIstForRandomReceipts() async {
        let gen = PropertyBased.zip(Gen.int(in: 0..<items.count), Gen.int(in: 0..<(8 * 365)), Gen.int64(in: -500_000...5_000_000))
            .array(of: 0...60)
        await propertyCheck(count: 150, input: gen, Gen.int(in: 0..<(8 * 365)), Gen.int(in: 0...2)) { raw, cut, which in
            let start = day("01.01.2021").dayNumber
            let receipts = raw.enumerated().map { i, r in
                ProofReceipt(date: LocalDateTime(dayNumber: start + r.1), line: items[r.0], receipt: "B-\(i)",
                             payee: "P", purpose: "Z", amount: Money(cents: r.2 == 0 ? 1 : r.2))
            }
            var input = snapshotInput()
            input.receipts = receipts
            input.until = LocalDateTime(dayNumber: start + cut)
            input.phase = which == 0 ? nil : FundingPhase(rawValue: which)
            let proof = ProofOfUse.build(input)
            let phases = input.phase.map { [$0] } ?? FundingPhase.allCases
            let expected = receipts.filter { $0.date <= input.until && phases.contains(FundingPhase.of(line: $0.line)!) }
                .map(\.amount).sum()
            #expect(proof.beleglisteTotal == expected)
            #expect(proof.totalIst == expected)
            for group in proof.belegliste {
                #expect(proof.costs.first { $0.code == group.code }?.ist == group.subtotal)
                #expect(group.receipts.map(\.date) == group.receipts.map(\.date).sorted())
            }
        }
    }

    @Test func beleglisteTotalEqualsTheLedgersIstForRandomLedgers() async {
        let gen = PropertyBased.zip(Gen.int(in: 0..<items.count), Gen.int(in: 0..<(8 * 365)), Gen.int64(in: -500_000...5_000_000))
            .array(of: 0...80)
        await propertyCheck(count: 150, input: gen, Gen.int(in: 0..<(8 * 365)), Gen.int(in: 0...2)) { raw, cut, which in
            let start = day("01.01.2021").dayNumber
            let plan = proofPlan()
            let expenses = raw.enumerated().map { i, r in
                let d = LocalDateTime(dayNumber: start + r.1)
                return Expense(id: Int64(i + 1), line: items[r.0], date: LocalDate(d), payee: "P", purpose: "Z",
                               amount: Money(cents: r.2 == 0 ? 1 : r.2), receipt: "B-\(i)")
            }
            let ledger = Ledger(plan: plan, expenses: expenses)
            let until = LocalDateTime(dayNumber: start + cut)
            var input = snapshotInput()
            input.receipts = ledger.receipts(through: LocalDate(until)).map(ProofReceipt.init)
            input.until = until
            input.phase = which == 0 ? nil : FundingPhase(rawValue: which)
            let proof = ProofOfUse.build(input)
            let ist = ledger.paid(phase: input.phase?.rawValue, through: LocalDate(until))
            #expect(proof.beleglisteTotal == ist)
            #expect(proof.totalIst == ist)
            for row in proof.costs where row.kind == .item {
                #expect(row.ist == ledger.paid(lines: [row.code], through: LocalDate(until)), "\(row.code)")
            }
            if input.phase == nil && cut == 8 * 365 - 1 {
                #expect(proof.totalIst == ledger.actual(KfW436.eligibleCosts))
            }
        }
    }
}
