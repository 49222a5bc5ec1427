/// A value per pane, kept in an array by the pane's tab number.
///
/// Not a `[PaneID: Value]`: the first use of a dictionary or set keyed by a type of our own makes
/// the Swift runtime look up that type's `Hashable` conformance by scanning all of the binary's
/// 7.000 conformance records – about 450.000 instructions (0,15 ms) of every start, before the
/// first frame. PaneID is not Hashable for that reason; this and `PaneSet` take its place.
public struct PaneMap<Value>: ExpressibleByDictionaryLiteral {
    private var slots: [Value?] = []

    public init() {}

    public init(dictionaryLiteral elements: (PaneID, Value)...) {
        for (pane, value) in elements { self[pane] = value }
    }

    public subscript(pane: PaneID) -> Value? {
        get { pane.rawValue < slots.count ? slots[pane.rawValue] : nil }
        _modify {
            // One append at a time: append(contentsOf: repeatElement(…)) looks up the Collection
            // conformance of each Repeated<Value?> at run time – a scan again, per value type.
            while slots.count <= pane.rawValue { slots.append(nil) }
            yield &slots[pane.rawValue]
        }
    }
}

extension PaneMap: Sendable where Value: Sendable {}
extension PaneMap: Equatable where Value: Equatable {
    public static func == (a: PaneMap, b: PaneMap) -> Bool {
        let count = max(a.slots.count, b.slots.count)
        return (0..<count).allSatisfy { index in
            (index < a.slots.count ? a.slots[index] : nil) == (index < b.slots.count ? b.slots[index] : nil)
        }
    }
}

/// A set of panes, as a bit per tab number (see `PaneMap` for why not `Set<PaneID>`).
public struct PaneSet: Equatable, Sendable, ExpressibleByArrayLiteral {
    private var bits: UInt64 = 0

    public init() {}
    public init(arrayLiteral panes: PaneID...) { for pane in panes { insert(pane) } }
    public init(_ panes: some Sequence<PaneID>) { for pane in panes { insert(pane) } }

    public func contains(_ pane: PaneID) -> Bool { bits & (1 << UInt64(pane.rawValue)) != 0 }
    public mutating func insert(_ pane: PaneID) {
        precondition(pane.rawValue >= 0 && pane.rawValue < 64, "Reiter \(pane.rawValue) passt nicht in PaneSet")
        bits |= 1 << UInt64(pane.rawValue)
    }
    public var isEmpty: Bool { bits == 0 }
}
