// The rules on the Kosten- und Finanzierungsplan itself (row-total, parent-sum, control-sum,
// consulting-cap, federal-quota, municipal-share, stated-share, measure-budget, phase-cap),
// run by `Checks.run(plan:terms:…)` in Checks.swift. Exact integer arithmetic throughout.

/// The plan and its terms with the lookups every plan rule needs (internal: `Checks.run` builds it).
struct PlanCheckContext {
    let plan: Plan
    let terms: FundingTerms
    let lines: [PlanLine]
    let years: [Int]

    init(plan: Plan, terms: FundingTerms) {
        self.plan = plan
        self.terms = terms
        self.lines = plan.lines
        self.years = plan.years
    }

    @inline(__always) func value(_ index: Int, _ y: Int) -> Int64 {
        let values = lines[index].values
        return y < values.count ? values[y] : 0
    }

    @inline(__always) func total(_ index: Int) -> Int64 { lines[index].statedTotal }

    func sum(_ indices: [Int], _ y: Int) -> Int64 {
        var s: Int64 = 0
        for i in indices { s = Exact.add(s, value(i, y)) }
        return s
    }

    func sumTotals(_ indices: [Int]) -> Int64 {
        var s: Int64 = 0
        for i in indices { s = Exact.add(s, lines[i].statedTotal) }
        return s
    }

    // MARK: row-total

    func rowTotals(_ out: inout [Finding]) {
        for line in lines where line.kind != .share {
            var s: Int64 = 0
            for y in years.indices { s = Exact.add(s, y < line.values.count ? line.values[y] : 0) }
            guard s != line.statedTotal else { continue }
            out.append(Finding(
                rule: .rowTotal, severity: .error, line: line.code, year: nil,
                expected: Fixed2.format(s), actual: Fixed2.format(line.statedTotal),
                message: "\(line.code) Gesamt: angegeben \(eur(line.statedTotal)), Summe der Jahre \(yearRange) "
                    + "\(eur(s)) (Differenz \(eur(Exact.sub(line.statedTotal, s)))); Gesamt auf \(eur(s)) "
                    + "setzen oder die Jahreswerte berichtigen"))
        }
    }

    private var yearRange: String {
        guard let first = years.first, let last = years.last else { return "" }
        return first == last ? "\(first)" : "\(first)–\(last)"
    }

    // MARK: parent-sum

    func parentSums(_ out: inout [Finding]) {
        for (index, line) in lines.enumerated() where line.kind == .group || line.kind == .total {
            var partIndices: [Int] = []
            partIndices.reserveCapacity(line.parts.count)
            var missing: [String] = []
            for code in line.parts {
                if let i = plan.index(of: code) { partIndices.append(i) } else { missing.append(code) }
            }
            for y in years.indices {
                let expected = sum(partIndices, y)
                let actual = value(index, y)
                guard expected != actual else { continue }
                out.append(parentFinding(line, year: years[y], expected: expected, actual: actual))
            }
            let expected = sumTotals(partIndices)
            if expected != line.statedTotal {
                out.append(parentFinding(line, year: nil, expected: expected, actual: line.statedTotal))
            }
            if !missing.isEmpty {
                out.append(Finding(
                    rule: .parentSum, severity: .error, line: line.code, year: nil,
                    expected: missing.joined(separator: ", "), actual: "fehlt",
                    message: "\(line.code): Unterposition \(missing.joined(separator: ", ")) fehlt im Plan"))
            }
        }
    }

    private func parentFinding(_ line: PlanLine, year: Int?, expected: Int64, actual: Int64) -> Finding {
        Finding(
            rule: .parentSum, severity: .error, line: line.code, year: year,
            expected: Fixed2.format(expected), actual: Fixed2.format(actual),
            message: "\(line.code) \(year.map(String.init) ?? "Gesamt"): angegeben \(eur(actual)), Summe von "
                + "\(codesText(line.parts)) \(eur(expected)) (Differenz \(eur(Exact.sub(actual, expected))))")
    }

    // MARK: control-sum

    func controlSums(_ out: inout [Finding]) {
        for (index, line) in lines.enumerated() where line.kind == .control && line.parts.count >= 2 {
            guard let a = plan.index(of: line.parts[0]), let b = plan.index(of: line.parts[1]) else { continue }
            let minuend = line.parts[0], subtrahend = line.parts[1]
            func check(year: Int?, _ va: Int64, _ vb: Int64, stated: Int64) {
                let diff = Exact.sub(va, vb)
                let label = "\(line.code) \(year.map(String.init) ?? "Gesamt")"
                if diff != 0 {
                    let hint = diff > 0
                        ? "\(minuend) übersteigt \(subtrahend) um \(eur(diff))"
                        : "\(minuend) deckt \(subtrahend) nicht, es fehlen \(eur(Exact.sub(0, diff)))"
                    out.append(Finding(
                        rule: .controlSum, severity: .error, line: line.code, year: year,
                        expected: Fixed2.format(0), actual: Fixed2.format(diff),
                        message: "\(label): \(minuend) (\(eur(va))) − \(subtrahend) (\(eur(vb))) = \(eur(diff)), "
                            + "muss 0,00 € sein; \(hint)"))
                }
                if stated != diff {
                    out.append(Finding(
                        rule: .controlSum, severity: .error, line: line.code, year: year,
                        expected: Fixed2.format(diff), actual: Fixed2.format(stated),
                        message: "\(label): angegebene Kontrollsumme \(eur(stated)), berechnet "
                            + "\(minuend) − \(subtrahend) = \(eur(diff))"))
                }
            }
            for y in years.indices {
                check(year: years[y], value(a, y), value(b, y), stated: value(index, y))
            }
            check(year: nil, total(a), total(b), stated: line.statedTotal)
        }
    }

    // MARK: consulting-cap

    func consultingCaps(_ out: inout [Finding]) {
        let numerator = terms.consultantNumerator, denominator = terms.consultantDenominator
        guard denominator > 0 else { return }
        let fraction = terms.consultantFractionText
        let targets = KfW436.consultingLines
            .compactMap { entry in plan.index(of: entry.code).map { (index: $0, base: entry.base) } }
            .sorted { $0.index < $1.index }
        for (index, baseCodes) in targets {
            let code = lines[index].code
            let base = baseCodes.compactMap { plan.index(of: $0) }
            let baseText = codesText(baseCodes)
            func check(year: Int?, consulting: Int64, baseSum: Int64) {
                // consulting ≤ baseSum × numerator / denominator, exactly.
                guard Exact.compare(consulting, denominator, baseSum, numerator) > 0 else { return }
                let shown = Exact.mulDiv(baseSum, numerator, denominator, .halfUp)
                let allowed = Exact.mulDiv(baseSum, numerator, denominator, .down)
                let excess = Exact.mulDiv(
                    Exact.sub(Exact.mul(consulting, denominator), Exact.mul(baseSum, numerator)), 1, denominator, .halfUp)
                var hint = "höchstens \(eur(allowed)) ansetzen"
                if numerator > 0 {
                    let neededBase = Exact.mulDiv(consulting, denominator, numerator, .up)
                    hint += " oder \(baseText) um mindestens \(eur(Exact.sub(neededBase, baseSum))) erhöhen"
                }
                out.append(Finding(
                    rule: .consultingCap, severity: year == nil ? .error : .warning, line: code, year: year,
                    expected: Fixed2.format(shown), actual: Fixed2.format(consulting),
                    message: "\(code) \(year.map(String.init) ?? "Gesamt"): Beratung \(eur(consulting)) übersteigt "
                        + "\(fraction) von \(baseText) (\(eur(shown))) um \(eur(excess)); \(hint)"))
            }
            for y in years.indices {
                check(year: years[y], consulting: value(index, y), baseSum: sum(base, y))
            }
            check(year: nil, consulting: total(index), baseSum: sumTotals(base))
        }
    }

    // MARK: federal-quota

    func federalQuota(_ out: inout [Finding]) {
        guard let fin = plan.index(of: KfW436.financingTotal), let fed = plan.index(of: KfW436.federalFunds)
        else { return }
        let quota = terms.federalQuota.basisPoints
        let code = lines[fed].code
        func check(year: Int?, federal: Int64, financing: Int64) {
            // federal / financing ≤ quota, i.e. federal × 10 000 ≤ financing × quota.
            guard Exact.compare(federal, 10_000, financing, quota) > 0 else { return }
            let allowed = Exact.mulDiv(financing, quota, 10_000, .down)
            let excess = Exact.sub(federal, allowed) // the exact excess rounded up to the cent
            let share = Fixed2.share(federal, of: financing)
            let shareText = share.map(pct) ?? "—"
            out.append(Finding(
                rule: .federalQuota, severity: year == nil ? .error : .warning, line: code, year: year,
                expected: pct(quota), actual: shareText,
                message: "\(code) \(year.map(String.init) ?? "Gesamt"): Bundesmittel \(eur(federal)) sind "
                    + "\(share == nil ? "ohne Finanzierungsbeiträge" : shareText) von \(KfW436.financingTotal) "
                    + "(\(eur(financing))) und übersteigen die Förderquote von \(pct(quota)) (\(eur(allowed))) um "
                    + "\(eur(excess)); höchstens \(eur(allowed)) Bundesmittel ansetzen und den Rest aus "
                    + "Eigenmitteln oder Mitteln Dritter decken"))
        }
        for y in years.indices {
            check(year: years[y], federal: value(fed, y), financing: value(fin, y))
        }
        check(year: nil, federal: total(fed), financing: total(fin))
    }

    // MARK: municipal-share

    func municipalShare(_ out: inout [Finding]) {
        guard let fin = plan.index(of: KfW436.financingTotal), let own = plan.index(of: KfW436.ownFunds)
        else { return }
        let third = plan.index(of: KfW436.thirdPartyFunds)
        let minShare = terms.minMunicipalShare.basisPoints
        let code = lines[own].code
        let label = third == nil ? KfW436.ownFunds : "\(KfW436.ownFunds) + \(KfW436.thirdPartyFunds)"
        func check(year: Int?, municipal: Int64, financing: Int64) {
            // municipal × 10 000 ≥ financing × minShare.
            guard Exact.compare(municipal, 10_000, financing, minShare) < 0 else { return }
            let required = Exact.mulDiv(financing, minShare, 10_000, .up)
            let shortfall = Exact.sub(required, municipal) // the exact shortfall rounded up to the cent
            let share = Fixed2.share(municipal, of: financing)
            let shareText = share.map(pct) ?? "—"
            out.append(Finding(
                rule: .municipalShare, severity: year == nil ? .error : .warning, line: code, year: year,
                expected: pct(minShare), actual: shareText,
                message: "\(label) \(year.map(String.init) ?? "Gesamt"): Eigenmittel und Mittel Dritter "
                    + "\(eur(municipal)) sind \(share == nil ? "ohne Finanzierungsbeiträge" : shareText) von "
                    + "\(KfW436.financingTotal) (\(eur(financing))), mindestens \(pct(minShare)) "
                    + "(\(eur(required))) sind nötig; es fehlen \(eur(shortfall)) Eigenmittel oder Mittel Dritter"))
        }
        for y in years.indices {
            let municipal = Exact.add(value(own, y), third.map { value($0, y) } ?? 0)
            check(year: years[y], municipal: municipal, financing: value(fin, y))
        }
        check(year: nil, municipal: Exact.add(total(own), third.map(total) ?? 0), financing: total(fin))
    }

    // MARK: stated-share

    func statedShares(_ out: inout [Finding]) {
        for (index, line) in lines.enumerated() where line.kind == .share && line.parts.count >= 2 {
            guard let n = plan.index(of: line.parts[0]), let d = plan.index(of: line.parts[1]) else { continue }
            func check(year: Int?, part: Int64, whole: Int64, stated: Int64) {
                let expected = Fixed2.share(part, of: whole) ?? 0
                guard expected != stated else { return }
                let basis = whole == 0
                    ? "\(line.parts[1]) ist 0,00 €"
                    : "\(line.parts[0]) \(eur(part)) von \(line.parts[1]) \(eur(whole)), kaufmännisch gerundet"
                out.append(Finding(
                    rule: .statedShare, severity: .error, line: line.code, year: year,
                    expected: pct(expected), actual: pct(stated),
                    message: "\(line.code) \(year.map(String.init) ?? "Gesamt"): angegeben \(pct(stated)), "
                        + "berechnet \(pct(expected)) (\(basis))"))
            }
            for y in years.indices {
                check(year: years[y], part: value(n, y), whole: value(d, y), stated: value(index, y))
            }
            check(year: nil, part: total(n), whole: total(d), stated: line.statedTotal)
        }
    }

    // MARK: measure-budget

    func measureBudgets(_ measures: [Measure], _ out: inout [Finding]) {
        for measure in measures {
            guard let code = measure.planLine, !code.isEmpty else { continue }
            guard let index = plan.index(of: code) else {
                out.append(Finding(
                    rule: .measureBudget, severity: .error, line: measure.title, year: nil,
                    expected: code, actual: "fehlt",
                    message: "Maßnahme „\(measure.title)“: die zugeordnete Planzeile \(code) gibt es im Plan nicht"))
                continue
            }
            let stated = lines[index].statedTotal
            guard let cost = measure.cost else {
                out.append(Finding(
                    rule: .measureBudget, severity: .error, line: measure.title, year: nil,
                    expected: Fixed2.format(stated), actual: "—",
                    message: "Maßnahme „\(measure.title)“: keine Kosten angegeben; Planzeile \(code) "
                        + "sieht \(eur(stated)) vor"))
                continue
            }
            guard cost.cents != stated else { continue }
            out.append(Finding(
                rule: .measureBudget, severity: .error, line: measure.title, year: nil,
                expected: Fixed2.format(stated), actual: Fixed2.format(cost.cents),
                message: "Maßnahme „\(measure.title)“: Kosten \(eur(cost.cents)), Planzeile \(code) Gesamt "
                    + "\(eur(stated)) (Differenz \(eur(Exact.sub(cost.cents, stated))))"))
        }
    }

    // MARK: phase-cap

    func phaseCaps(_ out: inout [Finding]) {
        let quota = terms.federalQuota.basisPoints
        let phases: [(line: String, name: String, codes: [String], max: Money)] = [
            ("1", "Strategiephase", KfW436.strategyPhase, terms.strategyPhaseMaxGrant),
            ("1.2", "Erste Investitionen", [KfW436.firstInvestments], terms.firstInvestmentsMaxGrant),
            ("2", "Umsetzungsphase", KfW436.implementationPhase, terms.implementationPhaseMaxGrant),
        ]
        for phase in phases {
            let indices = phase.codes.compactMap { plan.index(of: $0) }
            guard indices.count == phase.codes.count else { continue }
            let costs = sumTotals(indices)
            let max = phase.max.cents
            // grant = costs × quota ≤ max, i.e. costs × quota ≤ max × 10 000.
            guard Exact.compare(costs, quota, max, 10_000) > 0 else { continue }
            let grant = Exact.mulDiv(costs, quota, 10_000, .halfUp)
            let excess = Exact.sub(grant, max)
            let maxCosts = quota > 0 ? Exact.mulDiv(max, 10_000, quota, .down) : costs
            out.append(Finding(
                rule: .phaseCap, severity: .error, line: phase.line, year: nil,
                expected: Fixed2.format(max), actual: Fixed2.format(grant),
                message: "\(phase.name) (\(phase.codes.joined(separator: " + "))): Zuwendung \(eur(grant)) "
                    + "(\(pct(quota)) von \(eur(costs))) übersteigt die Höchstförderung von \(eur(max)) um "
                    + "\(eur(excess)); förderfähige Kosten höchstens \(eur(maxCosts)) ansetzen "
                    + "(Zuwendung kaufmännisch auf Cent gerundet)"))
        }
    }
}

// MARK: - Formatting helpers

@inline(__always) private func eur(_ cents: Int64) -> String { Fixed2.format(cents) + " €" }
@inline(__always) private func pct(_ basisPoints: Int64) -> String { Fixed2.format(basisPoints) + " %" }

/// "2.1.1–2.1.4" for a consecutive run of at least three sibling codes, otherwise "1.1 + 1.2 + 2.1".
private func codesText(_ codes: [String]) -> String {
    guard codes.count >= 3, let first = codes.first, let last = codes.last else {
        return codes.joined(separator: " + ")
    }
    func split(_ code: String) -> (prefix: Substring, number: Int)? {
        guard let dot = code.lastIndex(of: "."), let number = Int(code[code.index(after: dot)...]) else { return nil }
        return (code[..<dot], number)
    }
    if let head = split(first) {
        var consecutive = true
        for (offset, code) in codes.enumerated() {
            guard let part = split(code), part.prefix == head.prefix, part.number == head.number + offset else {
                consecutive = false
                break
            }
        }
        if consecutive { return "\(first)–\(last)" }
    }
    if codes.count > 6 { return "\(first) … \(last) (\(codes.count) Positionen)" }
    return codes.joined(separator: " + ")
}

