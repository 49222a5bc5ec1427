import PropertyBased
import Testing
@testable import TeamworkCore

/// Cost items entered freely (all but the consulting lines, which the generator keeps in bounds).
private let freeItems = costItems.filter { code in !KfW436.consultingLines.contains { $0.code == code } }
/// Every item line of the KfW 436 layout (cost and financing side).
private let allItems = KfW436.rows.filter { $0.kind == .item }.map(\.code)

/// A consistent plan from generated numbers: free cost cells (cents, 8 per item), consulting
/// as a percentage of its allowed third per year, the third-party part of the municipal share
/// per year, and other financing (3.2.1) per year.
private func generatedPlan(cells: [Int64], consulting: [Int64], thirdParty: [Int64], other: [Int64]) -> Plan {
    var costs: [String: [Int64]] = [:]
    for (k, code) in freeItems.enumerated() { costs[code] = Array(cells[(k * 8)..<(k * 8 + 8)]) }
    for (c, entry) in KfW436.consultingLines.enumerated() {
        costs[entry.code] = (0..<8).map { y in
            let base = entry.base.map { costs[$0]![y] }.reduce(0, +)
            return base / 3 * consulting[c * 8 + y] / 100
        }
    }
    return consistentPlan(costs: costs, thirdPartyPercent: thirdParty, other: other)
}

@Suite struct ChecksPropertyTests {
    // Cells up to 20.000 € keep every phase below its cap at 90 %.
    let cells = Gen.int64(in: 0...2_000_000).array(of: freeItems.count * 8)
    let consulting = Gen.int64(in: 0...100).array(of: KfW436.consultingLines.count * 8)
    let thirdParty = Gen.int64(in: 0...100).array(of: 8)
    let other = Gen.int64(in: 0...1_000_000).array(of: 8)

    @Test func consistentPlansHaveNoFindings() async {
        await propertyCheck(count: 200, input: cells, consulting, thirdParty, other) { cells, consulting, thirdParty, other in
            let plan = generatedPlan(cells: cells, consulting: consulting, thirdParty: thirdParty, other: other)
            #expect(Checks.run(plan: plan, terms: terms) == [])
        }
    }

    @Test func oneCentChangeIsFoundWhereItHappened() async {
        // mutation encodes (item, year, ±1 ct)
        let mutation = Gen.int(in: 0...(allItems.count * 8 * 2 - 1))
        await propertyCheck(count: 300, input: cells, consulting, thirdParty, other, mutation) {
            cells, consulting, thirdParty, other, mutation in
            var plan = generatedPlan(cells: cells, consulting: consulting, thirdParty: thirdParty, other: other)
            let code = allItems[mutation / 16]
            let y = (mutation / 2) % 8
            let delta: Int64 = mutation % 2 == 0 ? -1 : 1
            plan.lines[plan.index(of: code)!].values[y] += delta  // without recomputing

            let found = Checks.run(plan: plan, terms: terms)
            #expect(!found.isEmpty)
            // The line's own Gesamt no longer matches its years.
            #expect(found.contains { $0.rule == .rowTotal && $0.line == code && $0.year == nil })
            let allowed = ancestors(of: code, in: plan).union([code])
            for finding in found where finding.rule == .rowTotal || finding.rule == .parentSum {
                #expect(allowed.contains(finding.line), "\(finding.key) after changing \(code) \(plan.years[y])")
                #expect(finding.year == nil || finding.year == plan.years[y], "\(finding.key)")
            }
        }
    }

    @Test func sampleGeneratedPlansAreConsistent() {
        for (lines, seed) in [(4, UInt64(1)), (37, 2), (500, 3), (10_000, 42)] {
            let plan = SamplePlans.generated(lines: lines, seed: seed)
            #expect(plan.lines.filter { $0.kind == .item && ($0.section == .strategy || $0.section == .implementation) }
                .count == max(lines, 4))
            #expect(Checks.run(plan: plan, terms: terms) == [], "lines \(lines)")
            #expect(SamplePlans.generated(lines: lines, seed: seed) == plan)  // deterministic
        }
    }

    /// Speed is measured by `make bench`; here only correctness on a large plan.
    @Test func checksOnTenThousandLinesFindNothingInAConsistentPlan() {
        let plan = SamplePlans.generated(lines: 10_000, seed: 7)
        #expect(plan.lines.count > 10_000)
        #expect(Checks.run(plan: plan, terms: terms).isEmpty)
    }
}
