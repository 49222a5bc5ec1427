@testable import TeamworkCore

/// The Kosten- und Finanzierungsplan of the Schwerin application, transcribed from the
/// document: 2021–2028 and the stated Gesamt, in KfW 436 row order.
let schwerinTable: [(code: String, cells: String)] = [
    ("1.1", "195.000,00 890.000,00 620.000,00 0,00 0,00 0,00 0,00 0,00 1.705.000,00"),
    ("1.1.1", "50.000,00 240.000,00 160.000,00 0,00 0,00 0,00 0,00 0,00 450.000,00"),
    ("1.1.2", "40.000,00 160.000,00 120.000,00 0,00 0,00 0,00 0,00 0,00 320.000,00"),
    ("1.1.3", "30.000,00 100.000,00 50.000,00 0,00 0,00 0,00 0,00 0,00 180.000,00"),
    ("1.1.4", "20.000,00 50.000,00 50.000,00 0,00 0,00 0,00 0,00 0,00 120.000,00"),
    ("1.1.5", "30.000,00 300.000,00 200.000,00 0,00 0,00 0,00 0,00 0,00 530.000,00"),
    ("1.1.6", "20.000,00 20.000,00 20.000,00 0,00 0,00 0,00 0,00 0,00 60.000,00"),
    ("1.1.7", "5.000,00 20.000,00 20.000,00 0,00 0,00 0,00 0,00 0,00 45.000,00"),
    ("1.2", "50.000,00 300.000,00 200.000,00 0,00 0,00 0,00 0,00 0,00 550.000,00"),
    ("1.2.1", "50.000,00 300.000,00 200.000,00 0,00 0,00 0,00 0,00 0,00 550.000,00"),
    ("2.1", "0,00 0,00 265.000,00 750.000,00 800.000,00 810.000,00 810.000,00 610.000,00 4.045.000,00"),
    ("2.1.1", "0,00 0,00 80.000,00 240.000,00 270.000,00 270.000,00 270.000,00 150.000,00 1.280.000,00"),
    ("2.1.2", "0,00 0,00 60.000,00 160.000,00 180.000,00 180.000,00 180.000,00 100.000,00 860.000,00"),
    ("2.1.3", "0,00 0,00 0,00 25.000,00 25.000,00 25.000,00 25.000,00 25.000,00 125.000,00"),
    ("2.1.4", "0,00 0,00 25.000,00 25.000,00 25.000,00 25.000,00 25.000,00 25.000,00 150.000,00"),
    ("2.1.5", "0,00 0,00 100.000,00 250.000,00 250.000,00 250.000,00 250.000,00 250.000,00 1.350.000,00"),
    ("2.1.6", "0,00 0,00 0,00 25.000,00 25.000,00 30.000,00 30.000,00 30.000,00 140.000,00"),
    ("2.1.7", "0,00 0,00 0,00 25.000,00 25.000,00 30.000,00 30.000,00 30.000,00 140.000,00"),
    ("2.2", "0,00 0,00 225.000,00 3.000.000,00 3.000.000,00 3.000.000,00 1.500.000,00 1.200.000,00 11.925.000,00"),
    ("2.2.1", "0,00 0,00 75.000,00 1.000.000,00 1.000.000,00 1.000.000,00 500.000,00 400.000,00 3.975.000,00"),
    ("2.2.2", "0,00 0,00 75.000,00 1.000.000,00 1.000.000,00 1.000.000,00 500.000,00 400.000,00 3.975.000,00"),
    ("2.2.3", "0,00 0,00 75.000,00 1.000.000,00 1.000.000,00 1.000.000,00 500.000,00 400.000,00 3.975.000,00"),
    ("1+2", "245.000,00 1.190.000,00 1.310.000,00 3.750.000,00 3.800.000,00 3.810.000,00 2.310.000,00 1.810.000,00 18.225.000,00"),
    ("3.1", "245.000,00 1.190.000,00 1.310.000,00 3.750.000,00 3.800.000,00 3.810.000,00 2.310.000,00 1.810.000,00 18.225.000,00"),
    ("3.1.1", "12.250,00 59.500,00 102.500,00 350.000,00 355.000,00 356.000,00 231.000,00 181.000,00 1.647.250,00"),
    ("3.1.2", "12.250,00 59.500,00 31.000,00 0,00 0,00 0,00 0,00 0,00 102.750,00"),
    ("3.1.3", "220.500,00 1.071.000,00 1.176.500,00 3.400.000,00 3.445.000,00 3.454.000,00 2.079.000,00 1.629.000,00 16.475.000,00"),
    ("3.1-(1+2)", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
    ("3.2", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
    ("3.2.1", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
    ("3.2.2", "0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00 0,00"),
    ("3.1+3.2", "245.000,00 1.190.000,00 1.310.000,00 3.750.000,00 3.800.000,00 3.810.000,00 2.310.000,00 1.810.000,00 18.225.000,00"),
    ("3.3.1", "5,00 5,00 7,82 9,33 9,34 9,34 10,00 10,00 9,04"),
    ("3.3.2", "5,00 5,00 2,37 0,00 0,00 0,00 0,00 0,00 0,56"),
    ("3.3.3", "90,00 90,00 89,81 90,67 90,66 90,66 90,00 90,00 90,40"),
]

/// The Schwerin plan as stated in the document (not recomputed).
func schwerinPlan() -> Plan {
    var values: [String: (years: [Int64], total: Int64)] = [:]
    for (code, cells) in schwerinTable {
        let numbers = cells.split(separator: " ").map { try! Fixed2.parse(String($0)) }
        precondition(numbers.count == 9, code)
        values[code] = (Array(numbers.prefix(8)), numbers[8])
    }
    return KfW436.plan(values: values)
}

let terms = FundingTerms.kfw436Haushaltsnotlage

/// Cost item codes of the KfW 436 layout (everything in sections 1 and 2 entered by hand).
let costItems: [String] = KfW436.rows
    .filter { $0.kind == .item && ($0.section == .strategy || $0.section == .implementation) }
    .map(\.code)

/// A consistent plan from cost item values per code (8 years each; missing codes are 0):
/// derived rows recomputed, financing per year exactly the costs, with the municipal share
/// 10 % rounded up to the cent (`thirdPartyPercent` of it as third-party funds) and the rest
/// federal — so no rule fails as long as the consulting lines and the phase caps hold.
func consistentPlan(costs: [String: [Int64]], thirdPartyPercent: [Int64] = Array(repeating: 0, count: 8),
                    other: [Int64] = Array(repeating: 0, count: 8)) -> Plan {
    var values: [String: (years: [Int64], total: Int64)] = [:]
    for (code, years) in costs { values[code] = (years, years.reduce(0, +)) }
    var plan = KfW436.plan(values: values)
    plan.recomputeDerived()
    let eligible = plan["1+2"]!.values
    var own: [Int64] = [], third: [Int64] = [], federal: [Int64] = []
    for y in 0..<8 {
        let municipal = (eligible[y] * 1_000 + 9_999) / 10_000
        let t = municipal * thirdPartyPercent[y] / 100
        third.append(t)
        own.append(municipal - t)
        federal.append(eligible[y] - municipal)
    }
    setItem(&plan, "3.1.1", own)
    setItem(&plan, "3.1.2", third)
    setItem(&plan, "3.1.3", federal)
    setItem(&plan, "3.2.1", other)
    plan.recomputeDerived()
    return plan
}

func setItem(_ plan: inout Plan, _ code: String, _ years: [Int64]) {
    let index = plan.index(of: code)!
    plan.lines[index].values = years
    plan.lines[index].statedTotal = years.reduce(0, +)
}

/// Euros to cents, padded to eight years.
func euros(_ values: [Int64]) -> [Int64] {
    (values + Array(repeating: 0, count: 8 - values.count)).map { $0 * 100 }
}

/// A small consistent plan used by the rule examples: 1.1.1–1.1.4 100.000 € each in 2021 and
/// 2022 with consulting 1.1.5 just within a third, investments, implementation costs.
func basePlan() -> Plan {
    var costs: [String: [Int64]] = [:]
    for code in ["1.1.1", "1.1.2", "1.1.3", "1.1.4"] { costs[code] = euros([100_000, 100_000]) }
    costs["1.1.5"] = euros([133_333, 133_333])           // a third of 400.000 is 133.333,33…
    costs["1.1.6"] = euros([10_000, 10_000])
    costs["1.2.1"] = euros([200_000, 300_000])
    for code in ["2.1.1", "2.1.2", "2.1.3", "2.1.4"] { costs[code] = euros([0, 0, 150_000, 150_000, 150_000]) }
    costs["2.1.5"] = euros([0, 0, 200_000, 200_000, 200_000])
    costs["2.2.1"] = euros([0, 0, 1_000_000, 2_000_000, 1_000_000])
    costs["2.2.2"] = euros([0, 0, 500_000, 500_000, 500_000, 500_000])
    return consistentPlan(costs: costs, thirdPartyPercent: [0, 50, 0, 20, 0, 0, 0, 0])
}

/// Codes of the group/total lines that contain `code`, transitively.
func ancestors(of code: String, in plan: Plan) -> Set<String> {
    var result = Set<String>()
    var frontier = [code]
    while let current = frontier.popLast() {
        for line in plan.lines where (line.kind == .group || line.kind == .total) && line.parts.contains(current) {
            if result.insert(line.code).inserted { frontier.append(line.code) }
        }
    }
    return result
}

extension Finding {
    /// "consulting-cap 2.1.5 2024 warning"
    var key: String { "\(rule.rawValue) \(line) \(year.map(String.init) ?? "Gesamt") \(severity.rawValue)" }
}
