import Testing
@testable import TeamworkCore

/// The checks on the plan exactly as the Schwerin application states it.
@Suite struct SchwerinChecksTests {
    @Test func exactFindings() {
        let found = Checks.run(plan: schwerinPlan(), terms: .kfw436Haushaltsnotlage)
        let expected: [(RuleID, String, Int?, Severity)] = [
            // 1.1.5: a third of 1.1.1–1.1.4 is 183.333,33 (2022), 126.666,67 (2023), 356.666,67 (Gesamt).
            (.consultingCap, "1.1.5", 2022, .warning),
            (.consultingCap, "1.1.5", 2023, .warning),
            (.consultingCap, "1.1.5", nil, .error),
            // 2.1.5: a third is 55.000 (2023), 150.000 (2024), 166.666,67 (2025–2027), 100.000 (2028), 805.000 (Gesamt).
            (.consultingCap, "2.1.5", 2023, .warning),
            (.consultingCap, "2.1.5", 2024, .warning),
            (.consultingCap, "2.1.5", 2025, .warning),
            (.consultingCap, "2.1.5", 2026, .warning),
            (.consultingCap, "2.1.5", 2027, .warning),
            (.consultingCap, "2.1.5", 2028, .warning),
            (.consultingCap, "2.1.5", nil, .error),
            // 3.1.3: 90,67 / 90,66 / 90,66 % in 2024–2026, 90,40 % in total.
            (.federalQuota, "3.1.3", 2024, .warning),
            (.federalQuota, "3.1.3", 2025, .warning),
            (.federalQuota, "3.1.3", 2026, .warning),
            (.federalQuota, "3.1.3", nil, .error),
            // 3.1.1 + 3.1.2: 9,33 / 9,34 / 9,34 % in 2024–2026, 9,60 % in total.
            (.municipalShare, "3.1.1", 2024, .warning),
            (.municipalShare, "3.1.1", 2025, .warning),
            (.municipalShare, "3.1.1", 2026, .warning),
            (.municipalShare, "3.1.1", nil, .error),
        ]
        #expect(found.map(\.key) == expected.map {
            Finding(rule: $0.0, severity: $0.3, line: $0.1, year: $0.2, expected: "", actual: "", message: "").key
        })
    }

    @Test func messages() throws {
        let found = Checks.run(plan: schwerinPlan(), terms: .kfw436Haushaltsnotlage)
        func finding(_ rule: RuleID, _ line: String, _ year: Int?) throws -> Finding {
            try #require(found.first { $0.rule == rule && $0.line == line && $0.year == year })
        }
        let consulting = try finding(.consultingCap, "2.1.5", nil)
        #expect(consulting.message == "2.1.5 Gesamt: Beratung 1.350.000,00 € übersteigt ein Drittel von 2.1.1–2.1.4 "
            + "(805.000,00 €) um 545.000,00 €; höchstens 805.000,00 € ansetzen oder 2.1.1–2.1.4 um mindestens "
            + "1.635.000,00 € erhöhen")
        #expect(consulting.expected == "805.000,00")
        #expect(consulting.actual == "1.350.000,00")

        let consulting11 = try finding(.consultingCap, "1.1.5", nil)
        #expect(consulting11.expected == "356.666,67")  // display rounds half up …
        #expect(consulting11.message.contains("um 173.333,33 €; höchstens 356.666,66 € ansetzen"))  // … the hint down

        let federal = try finding(.federalQuota, "3.1.3", nil)
        #expect(federal.expected == "90,00 %")
        #expect(federal.actual == "90,40 %")
        #expect(federal.message == "3.1.3 Gesamt: Bundesmittel 16.475.000,00 € sind 90,40 % von 3.1 (18.225.000,00 €) "
            + "und übersteigen die Förderquote von 90,00 % (16.402.500,00 €) um 72.500,00 €; höchstens "
            + "16.402.500,00 € Bundesmittel ansetzen und den Rest aus Eigenmitteln oder Mitteln Dritter decken")
        #expect(try finding(.federalQuota, "3.1.3", 2024).actual == "90,67 %")
        #expect(try finding(.federalQuota, "3.1.3", 2025).message.contains("um 25.000,00 €"))

        let municipal = try finding(.municipalShare, "3.1.1", nil)
        #expect(municipal.expected == "10,00 %")
        #expect(municipal.actual == "9,60 %")
        #expect(municipal.message == "3.1.1 + 3.1.2 Gesamt: Eigenmittel und Mittel Dritter 1.750.000,00 € sind 9,60 % "
            + "von 3.1 (18.225.000,00 €), mindestens 10,00 % (1.822.500,00 €) sind nötig; es fehlen 72.500,00 € "
            + "Eigenmittel oder Mittel Dritter")
        #expect(try finding(.municipalShare, "3.1.1", 2026).actual == "9,34 %")
    }

    @Test func recomputingChangesNothing() {
        // The document's derived rows (sums, Kontrollsumme, shares) are all right.
        var recomputed = schwerinPlan()
        recomputed.recomputeDerived()
        #expect(recomputed == schwerinPlan())
    }
}
