import TeamworkCore

// The one order every list, report and export shows records in.

extension Sequence where Element == Measure {
    /// As the application numbers them: implemented (I.6), strategy (IV.1), implementation (IV.2).
    public var inDisplayOrder: [Measure] { sorted { ($0.stage.order, $0.number) < ($1.stage.order, $1.number) } }
}

extension Sequence where Element == StaffingUnit {
    public var inDisplayOrder: [StaffingUnit] { sorted { $0.position < $1.position } }
}

extension Sequence where Element == Stakeholder {
    /// Administration first, then by name.
    public var inDisplayOrder: [Stakeholder] { sorted { ($0.kind.order, $0.name) < ($1.kind.order, $1.name) } }
}

extension Sequence where Element == Event {
    public var inDisplayOrder: [Event] { sorted { ($0.start, $0.title) < ($1.start, $1.title) } }
}

extension Sequence where Element == EventSeries {
    /// As the application announces them.
    public var inDisplayOrder: [EventSeries] { sorted { $0.id < $1.id } }
}
