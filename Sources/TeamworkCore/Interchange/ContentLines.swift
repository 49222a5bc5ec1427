/// Content lines as iCalendar (RFC 5545) and vCard (RFC 6350) share them.
///
/// Writing: every line ends in CRLF and is folded so that no physical line exceeds 75 octets
/// of UTF-8 (the leading space of a continuation line counts); a fold never falls inside a
/// multi-byte character. TEXT values escape `\` `;` `,` and line breaks (`\n`); CRLF and a lone
/// CR are written as `\n` too, so line breaks come back as LF.
///
/// Reading: a UTF-8 byte order mark is skipped; lines may end in CRLF, LF or CR; a line that
/// starts with a space or a tab continues the previous one (that one character is dropped);
/// blank lines are ignored. Property names and parameter names are case-insensitive, a group
/// prefix (`item1.TEL`) is dropped, parameter values may be quoted and use the RFC 6868 caret
/// escapes (`^n`, `^'`, `^^`).

/// An import that failed: the 1-based physical line of the file and a German reason.
public struct InterchangeError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line; self.reason = reason
    }

    /// `Zeile 12: DTSTART fehlt im VEVENT ab Zeile 8`
    public var description: String { "Zeile \(line): \(reason)" }
}

enum ContentLines {
    /// Longest physical line in octets, line break excluded (RFC 5545 3.1, RFC 6350 3.2).
    static let maxOctets = 75

    // MARK: Writing

    /// `NAME;params:value` folded, with CRLF. `params` is written as given (with its `;`).
    static func line(_ name: String, _ value: String, params: String = "") -> String {
        fold(name + params + ":" + value)
    }

    /// A property whose value is TEXT.
    static func text(_ name: String, _ value: String, params: String = "") -> String {
        line(name, escape(value), params: params)
    }

    /// The logical line folded at 75 octets, continuation lines starting with one space, CRLF after each.
    static func fold(_ logical: String) -> String {
        var out = String.UnicodeScalarView()
        var octets = 0
        for raw in logical.unicodeScalars {
            let scalar = inert(raw)
            let width = UTF8.width(scalar)
            if octets + width > maxOctets {
                out.append(contentsOf: "\r\n ".unicodeScalars)
                octets = 1
            }
            out.append(scalar)
            octets += width
        }
        out.append(contentsOf: "\r\n".unicodeScalars)
        return String(out)
    }

    /// No control character of the data is written raw (RFC 5545 3.3.11, RFC 6350 3.3 allow
    /// none but HTAB in a value, and a tab is written as a space): C0 controls, DEL and C1
    /// controls become U+FFFD. Line breaks never get here: `escape` writes them as `\n`.
    static func inert(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x09: return " "
        case 0x00..<0x20, 0x7F..<0xA0: return "\u{FFFD}"
        default: return scalar
        }
    }

    /// A TEXT value as it reads back after `text` (for round-trip checks): line breaks (LF,
    /// CRLF, CR) as LF, every other scalar through `inert`.
    static func inertText(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\r": out.append("\n")
            case "\n": if !afterCR { out.append("\n") }
            default: out.append(inert(scalar))
            }
            afterCR = scalar == "\r"
        }
        return String(out)
    }

    /// TEXT escaping: `\` → `\\`, `;` → `\;`, `,` → `\,`, line break (LF, CRLF, CR) → `\n`.
    /// Also right for one component of a structured value (N, ADR, ORG).
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var afterCR = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out.append(contentsOf: #"\\"#.unicodeScalars)
            case ";": out.append(contentsOf: #"\;"#.unicodeScalars)
            case ",": out.append(contentsOf: #"\,"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\n": if !afterCR { out.append(contentsOf: #"\n"#.unicodeScalars) }
            default: out.append(scalar)
            }
            afterCR = scalar == "\r"
        }
        return String(out)
    }

    /// Undoes `escape`: `\\` `\;` `\,` `\n` `\N`, and `\:` which some vCard 3.0 writers emit.
    /// Any other backslash is kept as it stands.
    static func unescape<S: StringProtocol>(_ text: S) -> String {
        guard text.contains("\\") else { return String(text) }
        var out = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                switch scalar {
                case "n", "N": out.append("\n")
                case "\\", ";", ",", ":": out.append(scalar)
                default: out.append("\\"); out.append(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                out.append(scalar)
            }
        }
        if escaped { out.append("\\") }
        return String(out)
    }

    /// Splits a raw (still escaped) value at each `separator` that is not preceded by a backslash escape.
    static func split(_ raw: String, at separator: Unicode.Scalar) -> [String] {
        var parts: [String] = []
        var current = String.UnicodeScalarView()
        var escaped = false
        for scalar in raw.unicodeScalars {
            if escaped {
                current.append(scalar); escaped = false
            } else if scalar == "\\" {
                current.append(scalar); escaped = true
            } else if scalar == separator {
                parts.append(String(current)); current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        parts.append(String(current))
        return parts
    }

    /// A list of TEXT values (`CATEGORIES:a,b\,c`), unescaped.
    static func textList(_ raw: String) -> [String] {
        split(raw, at: ",").map { unescape($0) }
    }

    // MARK: Reading

    struct Line: Equatable {
        /// Physical line on which this logical line starts.
        var number: Int
        /// Upper-cased, without group.
        var name: String
        /// Parameters in order; names upper-cased, values decoded (RFC 6868), quotes removed.
        var params: [(name: String, values: [String])]
        /// The raw value: unfolded, not unescaped.
        var value: String
        /// The value's octets as in the file (unfolded), for readers that decode per line (vCard 2.1 CHARSET).
        var raw: [UInt8] = []

        /// First value of the named parameter (case-insensitive name).
        func param(_ name: String) -> String? {
            params.first { $0.name == name }?.values.first
        }

        /// All values of all parameters with that name.
        func params(_ name: String) -> [String] {
            params.filter { $0.name == name }.flatMap(\.values)
        }

        static func == (a: Line, b: Line) -> Bool {
            a.number == b.number && a.name == b.name && a.value == b.value
                && a.params.map(\.name) == b.params.map(\.name) && a.params.map(\.values) == b.params.map(\.values)
        }
    }

    /// Logical lines with the physical line each starts on, and the number of physical lines
    /// (as text: for tests and for files known to be UTF-8; invalid bytes become U+FFFD).
    static func unfold(_ text: String) -> (lines: [(number: Int, text: String)], lineCount: Int) {
        let (lines, count) = unfold(bytes: Array(text.utf8))
        return (lines.map { ($0.number, String(decoding: $0.bytes, as: UTF8.self)) }, count)
    }

    /// Unfolds octets, before any decoding (RFC 5545 3.1 folds at 75 octets, so a fold may fall
    /// inside a multi-byte character). With `quotedPrintable`, a line whose parameters say
    /// `ENCODING=QUOTED-PRINTABLE` and whose value ends in `=` continues on the next physical line
    /// as it stands (a soft line break, vCard 2.1).
    static func unfold(bytes: [UInt8], quotedPrintable: Bool = false)
        -> (lines: [(number: Int, bytes: [UInt8])], lineCount: Int) {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var result: [(number: Int, bytes: [UInt8])] = []
        var current: [UInt8] = []
        var currentStart = 0
        var open = false
        var lineNumber = 0
        func flush() {
            if open { result.append((currentStart, current)) }
            open = false
        }
        while i < bytes.count {
            var j = i
            while j < bytes.count && bytes[j] != 0x0D && bytes[j] != 0x0A { j += 1 }
            lineNumber += 1
            let physical = bytes[i..<j]
            if open && quotedPrintable && current.last == UInt8(ascii: "=") && isQuotedPrintable(current) {
                current.removeLast()
                current.append(contentsOf: physical)
            } else if let first = physical.first, first == 0x20 || first == 0x09, open {
                current.append(contentsOf: physical.dropFirst())
            } else {
                flush()
                if !physical.isEmpty {
                    current = Array(physical); currentStart = lineNumber; open = true
                }
            }
            if j < bytes.count {
                i = bytes[j] == 0x0D && j + 1 < bytes.count && bytes[j + 1] == 0x0A ? j + 2 : j + 1
            } else {
                i = j
            }
        }
        flush()
        return (result, lineNumber)
    }

    /// The part before the first unquoted `:` names ENCODING=QUOTED-PRINTABLE (or 2.1's bare `;QUOTED-PRINTABLE`).
    private static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
        guard let colon = valueStart(line) else { return false }
        let head = String(decoding: line[..<colon], as: UTF8.self).uppercased()
        return head.contains("QUOTED-PRINTABLE")
    }

    /// Index of the `:` that ends name and parameters (quotes respected), nil if there is none.
    static func valueStart(_ line: [UInt8]) -> Int? {
        var quoted = false
        for (k, b) in line.enumerated() {
            if b == UInt8(ascii: "\"") { quoted.toggle() } else if b == UInt8(ascii: ":") && !quoted { return k }
        }
        return nil
    }

    /// Unfolds and parses every content line of UTF-8 text.
    static func parse(_ text: String) throws(InterchangeError) -> (lines: [Line], lineCount: Int) {
        try parse(bytes: Array(text.utf8))
    }

    /// Unfolds octets, then parses every content line; each value is decoded by `decode`
    /// (default: strict UTF-8, an invalid sequence names its line).
    static func parse(bytes: [UInt8], quotedPrintable: Bool = false,
                      decode: (Line, ArraySlice<UInt8>) throws(InterchangeError) -> String = utf8Value)
        throws(InterchangeError) -> (lines: [Line], lineCount: Int) {
        let (logical, count) = unfold(bytes: bytes, quotedPrintable: quotedPrintable)
        var lines: [Line] = []
        lines.reserveCapacity(logical.count)
        for (number, raw) in logical {
            guard let colon = valueStart(raw) else {
                _ = try parseLine(String(decoding: raw, as: UTF8.self), number: number)
                continue
            }
            let headBytes = Array(raw[..<colon])
            let head = TextDecoding.utf8(headBytes) ?? TextDecoding.windows1252(headBytes)
                ?? String(decoding: headBytes, as: UTF8.self)
            var line = try parseLine(head + ":", number: number)
            line.raw = Array(raw[(colon + 1)...])
            line.value = try decode(line, raw[(colon + 1)...])
            lines.append(line)
        }
        return (lines, count)
    }

    /// Strict UTF-8 for a value.
    static func utf8Value(_ line: Line, _ bytes: ArraySlice<UInt8>) throws(InterchangeError) -> String {
        guard let text = TextDecoding.utf8(Array(bytes)) else {
            throw InterchangeError(line: line.number, reason: "\(line.name): kein gültiges UTF-8")
        }
        return text
    }

    static func parseLine(_ text: String, number: Int) throws(InterchangeError) -> Line {
        let s = Array(text.unicodeScalars)
        func string(_ range: Range<Int>) -> String {
            var v = String.UnicodeScalarView(); v.append(contentsOf: s[range]); return String(v)
        }
        func fail(_ why: String) -> InterchangeError {
            let shown = s.count > 40 ? string(0..<40) + "…" : text
            return InterchangeError(line: number, reason: "\"\(shown)\" ist keine gültige Inhaltszeile (\(why))")
        }
        var i = 0
        while i < s.count && s[i] != ";" && s[i] != ":" { i += 1 }
        guard i < s.count else { throw fail("der Doppelpunkt fehlt") }
        var name = string(0..<i)
        if let dot = name.lastIndex(of: ".") { name = String(name[name.index(after: dot)...]) }
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ isNameScalar($0) }) else {
            throw fail("ungültiger Eigenschaftsname")
        }
        var params: [(name: String, values: [String])] = []
        while s[i] == ";" {
            i += 1
            let start = i
            while i < s.count && s[i] != "=" && s[i] != ";" && s[i] != ":" { i += 1 }
            let paramName = string(start..<i).uppercased()
            guard !paramName.isEmpty, paramName.unicodeScalars.allSatisfy({ isNameScalar($0) }) else {
                throw fail("ungültiger Parametername")
            }
            var values: [String] = []
            if i < s.count && s[i] == "=" {
                i += 1
                while true {
                    if i < s.count && s[i] == "\"" {
                        i += 1
                        let from = i
                        while i < s.count && s[i] != "\"" { i += 1 }
                        guard i < s.count else { throw fail("Anführungszeichen nicht geschlossen") }
                        values.append(decodeParam(string(from..<i)))
                        i += 1
                    } else {
                        let from = i
                        while i < s.count && s[i] != "," && s[i] != ";" && s[i] != ":" && s[i] != "\"" { i += 1 }
                        values.append(decodeParam(string(from..<i)))
                    }
                    if i < s.count && s[i] == "," { i += 1 } else { break }
                }
            }
            guard i < s.count else { throw fail("der Doppelpunkt fehlt") }
            guard s[i] == ";" || s[i] == ":" else { throw fail("unerwartetes Zeichen im Parameter \(paramName)") }
            params.append((paramName, values))
        }
        return Line(number: number, name: name.uppercased(), params: params, value: string((i + 1)..<s.count))
    }

    private static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(c) || ("a"..."z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_"
    }

    /// RFC 6868: `^n` → line break, `^'` → `"`, `^^` → `^`.
    private static func decodeParam(_ value: String) -> String {
        guard value.contains("^") else { return value }
        var out = String.UnicodeScalarView()
        var caret = false
        for c in value.unicodeScalars {
            if caret {
                switch c {
                case "n", "N": out.append("\n")
                case "'": out.append("\"")
                case "^": out.append("^")
                default: out.append("^"); out.append(c)
                }
                caret = false
            } else if c == "^" {
                caret = true
            } else {
                out.append(c)
            }
        }
        if caret { out.append("^") }
        return String(out)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var contentTrimmed: String {
        var scalars = Substring(self).unicodeScalars
        while let f = scalars.first, f == " " || f == "\t" { scalars.removeFirst() }
        while let l = scalars.last, l == " " || l == "\t" { scalars.removeLast() }
        return String(Substring(scalars))
    }
}
