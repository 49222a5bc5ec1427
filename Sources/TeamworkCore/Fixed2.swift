/// Numbers with exactly two decimal places, stored as an integer count of hundredths.
///
/// Money (cents), percentages (hundredths of a percent) and staff shares (hundredths of a
/// post) are all written the German way with two decimals, so they share one exact parser
/// and one formatter. Nothing here uses floating point.
public enum Fixed2 {
    /// Largest magnitude accepted: 999.999.999.999,99 — far beyond any municipal budget,
    /// and small enough that `value * 20_000` (share computation) cannot overflow Int64.
    public static let maxMagnitude: Int64 = 99_999_999_999_999

    public struct ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        public let input: String
        public let reason: String
        public var description: String { "\"\(input)\" ist kein Betrag: \(reason)" }
    }

    /// Formats hundredths as `1.234.567,89` (grouped) or `1234567,89` (ungrouped).
    public static func format(_ hundredths: Int64, grouped: Bool = true) -> String {
        // Written backwards into a small buffer: no Characters, one String at the end.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer in
            var magnitude = hundredths.magnitude
            var position = 32
            func put(_ byte: UInt8) { position -= 1; buffer[position] = byte }
            put(UInt8(48 + magnitude % 10)); magnitude /= 10
            put(UInt8(48 + magnitude % 10)); magnitude /= 10
            put(UInt8(ascii: ","))
            var count = 0
            repeat {
                if grouped && count > 0 && count % 3 == 0 { put(UInt8(ascii: ".")) }
                put(UInt8(48 + magnitude % 10)); magnitude /= 10
                count += 1
            } while magnitude > 0
            if hundredths < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[position..<32])),
                          as: UTF8.self)
        }
    }

    /// The former, Character-based formatter (kept for the equality test of the fast one).
    static func formatReference(_ hundredths: Int64, grouped: Bool = true) -> String {
        let negative = hundredths < 0
        let magnitude = hundredths.magnitude
        let whole = magnitude / 100
        let fraction = magnitude % 100
        var digits = String(whole)
        if grouped && digits.count > 3 {
            var out: [Character] = []
            out.reserveCapacity(digits.count + digits.count / 3)
            for (index, ch) in digits.enumerated() {
                if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
                out.append(ch)
            }
            digits = String(out)
        }
        let frac = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        return (negative ? "-" : "") + digits + "," + frac
    }

    /// Parses `1.234.567,89`, `-1.234,50`, `1234,5`, `1234` (an optional trailing `€` or `%`
    /// is allowed). Thousands separators are optional but, when present, must group by three.
    public static func parse(_ input: String, allowNegative: Bool = true) throws(ParseError) -> Int64 {
        if let value = parsePlain(input.utf8, allowNegative: allowNegative) { return value }
        return try parseGeneral(input, allowNegative: allowNegative)
    }

    /// `parse` without the fast path (every form, every reason).
    static func parseGeneral(_ input: String, allowNegative: Bool = true) throws(ParseError) -> Int64 {
        var text = Substring(input.trimmingWhitespace())
        func fail(_ reason: String) -> ParseError { ParseError(input: input, reason: reason) }
        if text.hasSuffix("€") || text.hasSuffix("%") {
            text = Substring(String(text.dropLast()).trimmingWhitespace())
        }
        guard !text.isEmpty else { throw fail("leere Eingabe") }
        var negative = false
        if text.first == "-" || text.first == "−" {
            negative = true
            text = text.dropFirst()
            guard allowNegative else { throw fail("negative Beträge sind hier nicht erlaubt") }
        } else if text.first == "+" {
            text = text.dropFirst()
        }
        guard !text.isEmpty else { throw fail("nach dem Vorzeichen fehlt die Zahl") }

        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw fail("mehr als ein Dezimalkomma") }
        let wholePart = parts[0]
        let fractionPart = parts.count == 2 ? parts[1] : ""
        if parts.count == 2 && fractionPart.isEmpty { throw fail("nach dem Komma fehlen Ziffern") }
        guard !wholePart.isEmpty else { throw fail("vor dem Komma fehlt eine Ziffer") }

        for (offset, ch) in text.enumerated() where !(ch.isASCII && (ch.isNumber || ch == "." || ch == ",")) {
            let position = offset + 1 + (negative ? 1 : 0)
            throw fail("unerwartetes Zeichen \"\(ch)\" an Stelle \(position)")
        }
        guard fractionPart.count <= 2 else { throw fail("mehr als zwei Nachkommastellen") }
        guard !fractionPart.contains(".") else { throw fail("Tausenderpunkt nach dem Komma") }

        let groups = wholePart.split(separator: ".", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard let first = groups.first, (1...3).contains(first.count),
                  groups.dropFirst().allSatisfy({ $0.count == 3 })
            else { throw fail("Tausenderpunkte müssen Dreiergruppen trennen (z. B. 1.234.567,89)") }
        }
        let digits = groups.joined()
        guard digits.count <= 13 else { throw fail("zu groß (höchstens 999.999.999.999,99)") }
        guard let whole = Int64(digits) else { throw fail("keine Zahl") }
        var fraction: Int64 = 0
        if !fractionPart.isEmpty {
            fraction = Int64(fractionPart)!
            if fractionPart.count == 1 { fraction *= 10 }
        }
        let value = whole * 100 + fraction
        guard value <= maxMagnitude else { throw fail("zu groß (höchstens 999.999.999.999,99)") }
        return negative ? -value : value
    }

    /// The common, valid forms without a byte to think about – `[-+]?d+` or `[-+]?d{1,3}(.ddd)+`,
    /// optionally `,d` or `,dd`, at most 13 whole digits and `maxMagnitude` – read straight from
    /// the bytes; nil for anything else (the general parser then decides and explains).
    @inline(__always)
    static func parsePlain(_ bytes: String.UTF8View, allowNegative: Bool) -> Int64? {
        var negative = false
        var index = bytes.startIndex
        let end = bytes.endIndex
        guard index < end else { return nil }
        if bytes[index] == UInt8(ascii: "-") {
            guard allowNegative else { return nil }
            negative = true
            bytes.formIndex(after: &index)
        } else if bytes[index] == UInt8(ascii: "+") {
            bytes.formIndex(after: &index)
        }
        var whole: Int64 = 0, digits = 0, group = 0, groups = 0
        var fraction: Int64 = 0, fractionDigits = -1
        while index < end {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                if fractionDigits >= 0 {
                    guard fractionDigits < 2 else { return nil }
                    fraction = fraction * 10 + Int64(byte - 48)
                    fractionDigits += 1
                } else {
                    digits += 1
                    guard digits <= 13 else { return nil }
                    whole = whole * 10 + Int64(byte - 48)
                    group += 1
                }
            } else if byte == UInt8(ascii: "."), fractionDigits < 0 {
                if groups == 0 {
                    guard (1...3).contains(group) else { return nil }
                } else {
                    guard group == 3 else { return nil }
                }
                groups += 1
                group = 0
            } else if byte == UInt8(ascii: ","), fractionDigits < 0 {
                fractionDigits = 0
            } else {
                return nil
            }
            bytes.formIndex(after: &index)
        }
        guard digits > 0, fractionDigits != 0, groups == 0 || group == 3 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        let value = whole * 100 + fraction
        guard value <= maxMagnitude else { return nil }
        return negative ? -value : value
    }

    /// `part / whole` as hundredths of a percent, rounded half up (away from zero for ties).
    /// Returns nil when `whole` is zero.
    public static func share(_ part: Int64, of whole: Int64) -> Int64? {
        guard whole != 0 else { return nil }
        let numerator = part * 10_000
        let quotient = numerator / whole
        let remainder = numerator % whole
        guard 2 * remainder.magnitude >= whole.magnitude else { return quotient }
        return (numerator < 0) == (whole < 0) ? quotient + 1 : quotient - 1
    }
}

extension String {
    /// Without leading and trailing white space (Unicode White_Space, line ends included), as
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` but without Foundation's bridging.
    public func trimmingWhitespace() -> String {
        // Fast path: first and last byte ASCII and not white space. The first Character then
        // starts with that ASCII scalar; the last one ends with it, and a grapheme cluster that
        // ends in an ASCII scalar starts with it or with a Prepend scalar, never with white space.
        if let first = utf8.first, let last = utf8.last, first < 0x80, last < 0x80,
           !String.asciiWhitespace(first), !String.asciiWhitespace(last) {
            return self
        }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }

    /// The ASCII scalars with the Unicode property White_Space (tab, LF, VT, FF, CR, space).
    @inline(__always) static func asciiWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
