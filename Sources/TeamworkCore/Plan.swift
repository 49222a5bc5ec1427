/// The Kosten- und Finanzierungsplan: lines × years, as the KfW 436 form lays it out.

public enum PlanSection: String, Sendable, Codable, CaseIterable {
    case strategy = "1"        // Kostenplanung (Strategiephase)
    case implementation = "2"  // Kostenplanung (Umsetzungsphase)
    case eligibleTotal = "1+2" // Summe förderfähige Kosten
    case financing = "3"       // Finanzierungsplanung
    case shares = "3.3"        // Finanzierungsanteile

    public var title: String {
        switch self {
        case .strategy: "Kostenplanung (Strategiephase)"
        case .implementation: "Kostenplanung (Umsetzungsphase)"
        case .eligibleTotal: "Summe förderfähige Kosten"
        case .financing: "Finanzierungsplanung"
        case .shares: "Finanzierungsanteile"
        }
    }
}

public enum LineKind: String, Sendable, Codable {
    /// An amount entered by hand (1.1.1, 3.1.3, …).
    case item
    /// A subtotal that must equal the sum of its `parts` (1.1, 2.2, 3.1, …).
    case group
    /// A grand total that must equal the sum of its `parts` (1+2, 3.1+3.2).
    case total
    /// The Kontrollsumme 3.1 − (1+2): must be zero.
    case control
    /// A stated share in hundredths of a percent (3.3.x).
    case share

    /// Rows whose values are money (all but the share rows).
    public var isMoney: Bool { self != .share }
    /// Rows derived from others (the editor never edits them directly).
    public var isDerived: Bool { self != .item }
}

public struct PlanLine: Hashable, Sendable, Codable {
    public var code: String
    public var label: String
    public var section: PlanSection
    public var kind: LineKind
    /// Codes of the lines this one sums (group/total), or for `control` [minuend, subtrahend],
    /// or for `share` [numerator, denominator].
    public var parts: [String]
    /// One value per plan year: cents for money rows, hundredths of a percent for share rows.
    public var values: [Int64]
    /// The Gesamt column as stated in the document (not recomputed).
    public var statedTotal: Int64

    public init(code: String, label: String, section: PlanSection, kind: LineKind, parts: [String] = [],
                values: [Int64], statedTotal: Int64) {
        self.code = code
        self.label = label
        self.section = section
        self.kind = kind
        self.parts = parts
        self.values = values
        self.statedTotal = statedTotal
    }

    /// Depth in the code hierarchy: "1.1" → 1, "1.1.5" → 2, "1+2" → 0.
    public var depth: Int {
        guard kind == .item || kind == .group || kind == .share else { return 0 }
        return max(0, code.split(separator: ".").count - 1)
    }

    public func value(at yearIndex: Int) -> Int64 { values[yearIndex] }
    public var computedTotal: Int64 { values.reduce(0, +) }

    /// German two-decimal text for a raw value of this line.
    public func format(_ raw: Int64) -> String { Fixed2.format(raw) }
}

public struct Plan: Hashable, Sendable {
    public var years: [Int]
    public var lines: [PlanLine]
    private var positions: [String: Int]

    public init(years: [Int], lines: [PlanLine]) {
        self.years = years
        self.lines = lines
        var positions: [String: Int] = [:]
        for (index, line) in lines.enumerated() { positions[line.code] = index }
        self.positions = positions
    }

    public subscript(code: String) -> PlanLine? {
        positions[code].map { lines[$0] }
    }

    public func index(of code: String) -> Int? { positions[code] }

    public func yearIndex(_ year: Int) -> Int? { years.firstIndex(of: year) }

    /// Sets one value and recomputes every derived line (parents, totals, control, shares),
    /// keeping the stated Gesamt in step with the years. Used by the editor and the tests.
    public mutating func set(code: String, yearIndex: Int, value: Int64) {
        guard let index = positions[code] else { return }
        lines[index].values[yearIndex] = value
        lines[index].statedTotal = lines[index].computedTotal
        recomputeDerived()
    }

    /// Recomputes all derived rows from the item rows, in document order of dependencies.
    public mutating func recomputeDerived() {
        var done = Set<String>()
        func compute(_ code: String) {
            guard !done.contains(code), let index = positions[code] else { return }
            done.insert(code)
            let line = lines[index]
            guard line.kind.isDerived else { return }
            line.parts.forEach(compute)
            var values = [Int64](repeating: 0, count: years.count)
            for y in years.indices {
                let partValues = line.parts.map { self[$0]?.values[y] ?? 0 }
                switch line.kind {
                case .group, .total: values[y] = partValues.reduce(0, +)
                case .control: values[y] = (partValues.first ?? 0) - (partValues.dropFirst().first ?? 0)
                case .share: values[y] = Fixed2.share(partValues[0], of: partValues[1]) ?? 0
                case .item: break
                }
            }
            lines[index].values = values
            if line.kind == .share {
                let totals = line.parts.map { self[$0]?.computedTotal ?? 0 }
                lines[index].statedTotal = Fixed2.share(totals[0], of: totals[1]) ?? 0
            } else {
                lines[index].statedTotal = values.reduce(0, +)
            }
        }
        lines.map(\.code).forEach(compute)
    }
}

/// The row layout of the KfW 436 Kosten- und Finanzierungsplan, with the labels as printed.
public enum KfW436 {
    public static let years = Array(2021...2028)

    public struct Row: Sendable {
        public let code: String
        public let label: String
        public let section: PlanSection
        public let kind: LineKind
        public let parts: [String]
    }

    // Codes with a role in the checks.
    public static let eligibleCosts = "1+2"
    public static let financingTotal = "3.1"
    public static let ownFunds = "3.1.1"
    public static let thirdPartyFunds = "3.1.2"
    public static let federalFunds = "3.1.3"
    public static let controlSum = "3.1-(1+2)"
    public static let strategyPhase = ["1.1", "1.2"]
    public static let firstInvestments = "1.2"
    public static let implementationPhase = ["2.1", "2.2"]
    /// External consultants (x.x.5) and the lines whose third caps them (x.x.1–x.x.4).
    public static let consultingLines: [(code: String, base: [String])] = [
        ("1.1.5", ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]),
        ("2.1.5", ["2.1.1", "2.1.2", "2.1.3", "2.1.4"]),
    ]

    public static let rows: [Row] = [
        Row(code: "1.1", label: "Personal- und Sachkosten (Strategiephase)", section: .strategy, kind: .group,
            parts: (1...7).map { "1.1.\($0)" }),
        Row(code: "1.1.1", label: "Personalkosten einer kommunalen Organisationseinheit Smart Cities einschließlich der Beiträge möglicher eingebundener Organisationseinheiten zur Strategie- und Konzeptentwicklung", section: .strategy, kind: .item, parts: []),
        Row(code: "1.1.2", label: "Personalkosten zur Entwicklung und Ausbau der lokalen Akteurspartnerschaften", section: .strategy, kind: .item, parts: []),
        Row(code: "1.1.3", label: "Sachkosten einer kommunalen Organisationseinheit Smart Cities einschließlich der Beiträge möglicher eingebundener Organisationseinheiten zur Strategie- und Konzeptentwicklung", section: .strategy, kind: .item, parts: []),
        Row(code: "1.1.4", label: "Sachkosten zur Entwicklung und Ausbau der lokalen Akteurspartnerschaften", section: .strategy, kind: .item, parts: []),
        Row(code: "1.1.5", label: "Beratung und Unterstützung durch externe Berater, Gutachter und Moderatoren (maximal ein Drittel von 1.1.1+1.1.2+1.1.3+1.1.4)", section: .strategy, kind: .item, parts: []),
        Row(code: "1.1.6", label: "Thematische Fortbildungen und fortbildungsbedingte Reisekosten für die unmittelbaren Projektbeteiligten", section: .strategy, kind: .item, parts: []),
        Row(code: "1.1.7", label: "Netzwerk-Aktivitäten und Beiträge zu Forschungsbegleitung, Wissenstransfer und Öffentlichkeitsarbeit inkl. Reisekosten", section: .strategy, kind: .item, parts: []),
        Row(code: "1.2", label: "Erste Investitionen (Strategiephase)", section: .strategy, kind: .group, parts: ["1.2.1"]),
        Row(code: "1.2.1", label: "Lebenshauptstadt ist Teamwork", section: .strategy, kind: .item, parts: []),
        Row(code: "2.1", label: "Personal- und Sachkosten (Umsetzungsphase)", section: .implementation, kind: .group,
            parts: (1...7).map { "2.1.\($0)" }),
        Row(code: "2.1.1", label: "Personalkosten zur Planung, Steuerung, Umsetzung, strategische Weiterentwicklung, Konkretisierung und Aktualisierung der Konzepte", section: .implementation, kind: .item, parts: []),
        Row(code: "2.1.2", label: "Personalkosten zur Entwicklung und Ausbau der lokalen Akteurspartnerschaften", section: .implementation, kind: .item, parts: []),
        Row(code: "2.1.3", label: "Sackosten zur Planung, Steuerung, Umsetzung, strategische Weiterentwicklung, Konkretisierung und Aktualisierung der Konzepte", section: .implementation, kind: .item, parts: []),
        Row(code: "2.1.4", label: "Sachkosten zur Entwicklung und Ausbau der lokalen Akteurspartnerschaften", section: .implementation, kind: .item, parts: []),
        Row(code: "2.1.5", label: "Beratung und Unterstützung durch externe Berater, Gutachter und Moderatoren (maximal ein Drittel von 2.1.1+2.1.2+2.1.3+2.1.4)", section: .implementation, kind: .item, parts: []),
        Row(code: "2.1.6", label: "Thematische Fortbildungen und fortbildungsbedingte Reisekosten für die unmittelbaren Projektbeteiligten", section: .implementation, kind: .item, parts: []),
        Row(code: "2.1.7", label: "Netzwerk-Aktivitäten, Beiträge zur Begleitforschung und zum Wissenstransfer und Reisekosten", section: .implementation, kind: .item, parts: []),
        Row(code: "2.2", label: "Investitionen und Maßnahmen (Umsetzungsphase)", section: .implementation, kind: .group,
            parts: ["2.2.1", "2.2.2", "2.2.3"]),
        Row(code: "2.2.1", label: "Lebenshauptstadt ist Transformation", section: .implementation, kind: .item, parts: []),
        Row(code: "2.2.2", label: "Lebenshauptstadt ist Solidarität", section: .implementation, kind: .item, parts: []),
        Row(code: "2.2.3", label: "Lebenshauptstadt ist Entschleunigung", section: .implementation, kind: .item, parts: []),
        Row(code: "1+2", label: "Summe förderfähige Kosten", section: .eligibleTotal, kind: .total,
            parts: ["1.1", "1.2", "2.1", "2.2"]),
        Row(code: "3.1", label: "Finanzierungsbeiträge für das Modellprojekt", section: .financing, kind: .group,
            parts: ["3.1.1", "3.1.2", "3.1.3"]),
        Row(code: "3.1.1", label: "Eigenmittel der Kommune", section: .financing, kind: .item, parts: []),
        Row(code: "3.1.2", label: "Mittel Dritter (zur Reduktion des kommunalen Eigenanteils)", section: .financing, kind: .item, parts: []),
        Row(code: "3.1.3", label: "Bundesmittel (Zuwendung)", section: .financing, kind: .item, parts: []),
        Row(code: "3.1-(1+2)", label: "Kontrollsumme förderfähige Kosten 3.1 - (1+2)", section: .financing, kind: .control,
            parts: ["3.1", "1+2"]),
        Row(code: "3.2", label: "Sonstige Finanzierungen von ggf. anderen Digitalprojekten in der Kommune - optional", section: .financing, kind: .group,
            parts: ["3.2.1", "3.2.2"]),
        Row(code: "3.2.1", label: "Eigenmittel der Kommune", section: .financing, kind: .item, parts: []),
        Row(code: "3.2.2", label: "Mittel anderer Geber", section: .financing, kind: .item, parts: []),
        Row(code: "3.1+3.2", label: "Gesamtfinanzierung", section: .financing, kind: .total, parts: ["3.1", "3.2"]),
        Row(code: "3.3.1", label: "Kommunaler Eigenanteil", section: .shares, kind: .share, parts: ["3.1.1", "3.1"]),
        Row(code: "3.3.2", label: "Substitution des kommunalen Eigenanteils", section: .shares, kind: .share, parts: ["3.1.2", "3.1"]),
        Row(code: "3.3.3", label: "Substitution des kommunalen Eigenanteils", section: .shares, kind: .share, parts: ["3.1.3", "3.1"]),
    ]

    public static func row(_ code: String) -> Row? { rows.first { $0.code == code } }

    /// A plan in this layout from values per code (years 2021–2028 plus the stated Gesamt).
    /// Codes missing from `values` get zeros.
    public static func plan(values: [String: (years: [Int64], total: Int64)]) -> Plan {
        Plan(years: years, lines: rows.map { row in
            let entry = values[row.code] ?? (Array(repeating: 0, count: years.count), 0)
            return PlanLine(code: row.code, label: row.label, section: row.section, kind: row.kind,
                            parts: row.parts, values: entry.years, statedTotal: entry.total)
        })
    }
}
