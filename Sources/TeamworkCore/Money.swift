/// An amount of euros, exact to the cent. Never floating point.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var cents: Int64

    public init(cents: Int64) { self.cents = cents }
    public init(euros: Int64) { self.cents = euros * 100 }

    public static let zero = Money(cents: 0)

    /// German notation with thousands separators: `1.234.567,89`, `-1.234,50`.
    public var formatted: String { Fixed2.format(cents) }
    public var description: String { formatted }

    /// Accepts `1.234.567,89`, `-1.234,50`, `1234,5`, `1234` (optionally with `€`).
    public static func parse(_ text: String, allowNegative: Bool = true) throws(Fixed2.ParseError) -> Money {
        Money(cents: try Fixed2.parse(text, allowNegative: allowNegative))
    }

    public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }
    public static func + (a: Money, b: Money) -> Money { Money(cents: a.cents + b.cents) }
    public static func - (a: Money, b: Money) -> Money { Money(cents: a.cents - b.cents) }
    public static func += (a: inout Money, b: Money) { a.cents += b.cents }
    public static prefix func - (a: Money) -> Money { Money(cents: -a.cents) }
}

extension Sequence where Element == Money {
    public func sum() -> Money { reduce(.zero, +) }
}

/// A percentage exact to a hundredth of a percent: `Percent(basisPoints: 9040)` is 90,40 %.
public struct Percent: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var basisPoints: Int64
    public init(basisPoints: Int64) { self.basisPoints = basisPoints }
    public static let hundred = Percent(basisPoints: 10_000)

    /// `90,40`
    public var formatted: String { Fixed2.format(basisPoints) }
    /// `90,40 %`
    public var description: String { formatted + " %" }

    public static func parse(_ text: String) throws(Fixed2.ParseError) -> Percent {
        Percent(basisPoints: try Fixed2.parse(text))
    }

    /// The share `part / whole`, rounded half up to hundredths of a percent; nil when whole is 0.
    public static func share(_ part: Money, of whole: Money) -> Percent? {
        Fixed2.share(part.cents, of: whole.cents).map(Percent.init(basisPoints:))
    }

    public static func < (a: Percent, b: Percent) -> Bool { a.basisPoints < b.basisPoints }
}
