/// Large, consistent plans for benchmarks and tests.

public enum SamplePlans {
    /// A consistent plan with `lines` item lines for the cost side, spread over the groups
    /// 1.1 (10 %), 1.2 (5 %), 2.1 (25 %) and 2.2 (the rest), plus the financing rows of KfW 436
    /// (3.1 with 3.1.1–3.1.3, the Kontrollsumme, 3.2, 3.1+3.2, the shares 3.3.1–3.3.3), years
    /// 2021–2028. Every derived row is recomputed, so `Checks.run` with
    /// `FundingTerms.kfw436Haushaltsnotlage` finds nothing:
    /// - each group has a budget (1.1: 1,5 Mio. €, 1.2: 0,75 Mio. €, 2.1: 3,75 Mio. €,
    ///   2.2: 9 Mio. €) that its cells cannot exceed, so each phase stays below its cap at 90 %;
    /// - the consulting lines 1.1.5 and 2.1.5, where present, are 0;
    /// - per year, 3.1.1 + 3.1.2 is exactly 10 % of the costs rounded up to the cent, and 3.1.3
    ///   the rest (so at most 90 %).
    /// Deterministic for a given `seed` (SplitMix64).
    public static func generated(lines: Int, seed: UInt64) -> Plan {
        let years = KfW436.years
        let yearCount = years.count
        let count = max(lines, 4)
        var rng = SplitMix64(seed: seed)

        // Group budgets in cents (upper bounds): 1,5 Mio., 0,75 Mio., 3,75 Mio., 9 Mio. €.
        let groups: [(code: String, label: String, section: PlanSection, items: Int, budget: Int64)] = {
            let strategy = max(1, count / 10)
            let first = max(1, count / 20)
            let implementation = max(1, count / 4)
            let investments = count - strategy - first - implementation
            return [
                ("1.1", "Personal- und Sachkosten (Strategiephase)", .strategy, strategy, 150_000_000),
                ("1.2", "Erste Investitionen (Strategiephase)", .strategy, first, 75_000_000),
                ("2.1", "Personal- und Sachkosten (Umsetzungsphase)", .implementation, implementation, 375_000_000),
                ("2.2", "Investitionen und Maßnahmen (Umsetzungsphase)", .implementation, investments, 900_000_000),
            ]
        }()

        var planLines: [PlanLine] = []
        planLines.reserveCapacity(count + 20)
        let zeros = [Int64](repeating: 0, count: yearCount)
        var costs = zeros
        for group in groups {
            let codes = (1...group.items).map { "\(group.code).\($0)" }
            let maxCell = max(Int64(1), group.budget / Int64(group.items * yearCount))
            planLines.append(PlanLine(code: group.code, label: group.label, section: group.section, kind: .group,
                                      parts: codes, values: zeros, statedTotal: 0))
            for code in codes {
                var values = zeros
                if code != "1.1.5" && code != "2.1.5" {
                    for y in 0..<yearCount {
                        values[y] = Int64(rng.next() % UInt64(maxCell + 1))
                        costs[y] += values[y]
                    }
                }
                planLines.append(PlanLine(code: code, label: "Position \(code)", section: group.section, kind: .item,
                                          values: values, statedTotal: values.reduce(0, +)))
            }
        }
        planLines.append(PlanLine(code: KfW436.eligibleCosts, label: "Summe förderfähige Kosten",
                                  section: .eligibleTotal, kind: .total, parts: groups.map(\.code),
                                  values: zeros, statedTotal: 0))

        // Financing: 10 % (rounded up) municipal, split between own and third-party funds; the rest federal.
        var own = zeros, third = zeros, federal = zeros
        for y in 0..<yearCount {
            let municipal = (costs[y] * 1_000 + 9_999) / 10_000
            third[y] = municipal == 0 ? 0 : Int64(rng.next() % UInt64(municipal + 1)) / 4
            own[y] = municipal - third[y]
            federal[y] = costs[y] - municipal
        }
        func item(_ code: String, _ values: [Int64]) -> PlanLine {
            let row = KfW436.row(code)!
            return PlanLine(code: code, label: row.label, section: row.section, kind: .item,
                            values: values, statedTotal: values.reduce(0, +))
        }
        func derived(_ code: String) -> PlanLine {
            let row = KfW436.row(code)!
            return PlanLine(code: code, label: row.label, section: row.section, kind: row.kind, parts: row.parts,
                            values: zeros, statedTotal: 0)
        }
        planLines.append(derived("3.1"))
        planLines.append(item("3.1.1", own))
        planLines.append(item("3.1.2", third))
        planLines.append(item("3.1.3", federal))
        planLines.append(derived(KfW436.controlSum))
        planLines.append(derived("3.2"))
        planLines.append(item("3.2.1", zeros))
        planLines.append(item("3.2.2", zeros))
        planLines.append(derived("3.1+3.2"))
        planLines.append(derived("3.3.1"))
        planLines.append(derived("3.3.2"))
        planLines.append(derived("3.3.3"))

        var plan = Plan(years: years, lines: planLines)
        plan.recomputeDerived()
        return plan
    }
}

/// A small, fast, deterministic random number generator (Steele, Lea, Flood 2014).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
