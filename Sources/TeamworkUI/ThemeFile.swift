/// The TOML a theme file is written in, read line by line: comments, `[table]` headers,
/// `key = "text"` / `'text'`, `key = true|false` and `key = { key = "text", key = true }`, with
/// bare ASCII keys – every shape a theme uses, and nothing else.
///
/// Our own reader rather than a TOML library: toml++ (under TOMLKit) aborted the whole process on
/// some malformed keys (found by fuzzing), so every line had to pass a shape check first anyway;
/// and parsing the three shipped themes through it cost the start more than the rest of the
/// colour-scheme thread. Errors name the line and say why, in German.
struct ThemeFile {
    enum Value {
        case text(String)
        case flag(Bool)
        case table([Entry])
    }

    struct Entry {
        var key: String
        var value: Value
        var line: Int
    }

    /// The keys before the first `[table]`.
    var top: [Entry] = []
    /// Each `[table]` with its keys, in the order of the file.
    var tables: [(name: String, entries: [Entry])] = []

    struct Problem: Error {
        var line: Int
        var reason: String
    }

    func entries(of table: String) -> [Entry]? { tables.first { $0.name == table }?.entries }

    static func parse(_ text: String) throws(Problem) -> ThemeFile {
        var file = ThemeFile()
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        for (index, raw) in bytes.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            var reader = LineReader(line: Array(raw.last == 13 ? raw.dropLast() : raw), number: index + 1)
            switch try reader.read() {
            case nil:
                break
            case .table(let name)?:
                if file.tables.contains(where: { $0.name == name }) {
                    throw Problem(line: index + 1, reason: "Tabelle [\(name)] steht zweimal in der Datei")
                }
                file.tables.append((name, []))
            case .entry(let entry)?:
                let existing = file.tables.last?.entries ?? file.top
                if existing.contains(where: { $0.key == entry.key }) {
                    throw Problem(line: index + 1, reason: "Schlüssel \"\(entry.key)\" steht zweimal")
                }
                if file.tables.isEmpty { file.top.append(entry) } else { file.tables[file.tables.count - 1].entries.append(entry) }
            }
        }
        return file
    }

    /// One line: nothing (blank or comment), a table header or an entry.
    private enum Line {
        case table(String)
        case entry(Entry)
    }

    /// Reads one line as UTF-8 bytes: every byte that matters is ASCII, and Characters (grapheme
    /// breaking) made reading the shipped themes cost more than toml++ had.
    private struct LineReader {
        var line: [UInt8]
        let number: Int
        var i = 0

        init(line: [UInt8], number: Int) {
            self.line = line
            self.number = number
            while let last = self.line.last, last == 32 || last == 9 { self.line.removeLast() }
        }

        private static let quote = UInt8(ascii: "\""), apostrophe = UInt8(ascii: "'"), backslash = UInt8(ascii: "\\")

        private func problem(_ reason: String) -> Problem { Problem(line: number, reason: reason) }
        private mutating func skipSpace() { while i < line.count, line[i] == 32 || line[i] == 9 { i += 1 } }
        private func at(_ ascii: Unicode.Scalar) -> Bool { i < line.count && line[i] == UInt8(ascii: ascii) }
        private func isBare(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }
        /// The character at `i`, shown inert.
        private func shown() -> String {
            var end = i + 1
            while end < line.count, line[end] & 0xC0 == 0x80 { end += 1 }
            let text = String(decoding: line[i..<end], as: UTF8.self)
            return text.first.map { Terminal.display($0).0 } ?? ""
        }
        private mutating func atEndOrComment() -> Bool { skipSpace(); return i == line.count || at("#") }

        private mutating func bareKey() -> String? {
            let start = i
            while i < line.count, isBare(line[i]) { i += 1 }
            return i > start ? String(decoding: line[start..<i], as: UTF8.self) : nil
        }

        mutating func read() throws(Problem) -> Line? {
            skipSpace()
            if i == line.count || at("#") { return nil }
            if at("[") {
                i += 1
                skipSpace()
                guard let name = bareKey() else {
                    throw problem("Tabellenname aus A–Z, a–z, 0–9, _ und - erwartet, z. B. [styles]")
                }
                skipSpace()
                guard at("]") else { throw problem("„]“ fehlt") }
                i += 1
                guard atEndOrComment() else { throw problem("nach „]“ steht noch etwas") }
                return .table(name)
            }
            guard let key = bareKey() else {
                throw problem("Schlüssel aus A–Z, a–z, 0–9, _ und - erwartet, gefunden „\(shown())“")
            }
            skipSpace()
            guard at("=") else { throw problem("„=“ erwartet (Form: schlüssel = wert)") }
            i += 1
            let value = try value(inline: false)
            guard atEndOrComment() else { throw problem("nach dem Wert steht noch etwas") }
            return .entry(Entry(key: key, value: value, line: number))
        }

        private mutating func value(inline: Bool) throws(Problem) -> Value {
            skipSpace()
            guard i < line.count else { throw problem("nach „=“ fehlt der Wert") }
            let c = line[i]
            if c == Self.quote || c == Self.apostrophe { return .text(try string()) }
            if at("{") && !inline { return .table(try inlineTable()) }
            if line[i...].starts(with: "true".utf8) {
                i += 4
                return .flag(true)
            }
            if line[i...].starts(with: "false".utf8) {
                i += 5
                return .flag(false)
            }
            throw problem("Wert „\(shown())…“ muss in Anführungszeichen stehen oder true/false sein")
        }

        /// At a quote: "…" with TOML's escapes, or '…' taken literally.
        private mutating func string() throws(Problem) -> String {
            let quote = line[i]
            i += 1
            var text: [UInt8] = []
            while i < line.count {
                let c = line[i]
                i += 1
                if c == quote { return String(decoding: text, as: UTF8.self) }
                guard quote == Self.quote && c == Self.backslash else { text.append(c); continue }
                guard i < line.count else { break }
                let escape = line[i]
                switch Unicode.Scalar(escape) {
                case "\"": text.append(Self.quote)
                case "\\": text.append(Self.backslash)
                case "n": text.append(10)
                case "t": text.append(9)
                case "r": text.append(13)
                case "b": text.append(8)
                case "f": text.append(12)
                case "u", "U":
                    let digits = escape == UInt8(ascii: "u") ? 4 : 8
                    let hex = String(decoding: line[(i + 1)..<min(line.count, i + 1 + digits)], as: UTF8.self)
                    guard hex.utf8.count == digits, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw problem("\\\(Character(Unicode.Scalar(escape))) braucht \(digits) Hexadezimalziffern eines gültigen Zeichens")
                    }
                    text.append(contentsOf: Array(String(Character(scalar)).utf8))
                    i += digits
                default:
                    throw problem("unbekannte Escape-Sequenz „\\\(shown())“ (erlaubt: \\\" \\\\ \\n \\t \\r \\b \\f \\u \\U)")
                }
                i += 1
            }
            throw problem("Anführungszeichen nicht geschlossen")
        }

        /// At "{": `{ key = value, … }` on one line, values without nested tables.
        private mutating func inlineTable() throws(Problem) -> [Entry] {
            i += 1
            skipSpace()
            var entries: [Entry] = []
            if at("}") { i += 1; return entries }
            while true {
                skipSpace()
                guard let key = bareKey() else {
                    throw problem(i < line.count ? "Schlüssel erwartet, gefunden „\(shown())“" : "„}“ fehlt")
                }
                skipSpace()
                guard at("=") else { throw problem("nach dem Schlüssel fehlt „=“") }
                i += 1
                if entries.contains(where: { $0.key == key }) { throw problem("Schlüssel \"\(key)\" steht zweimal") }
                entries.append(Entry(key: key, value: try value(inline: true), line: number))
                skipSpace()
                guard i < line.count else { throw problem("„}“ fehlt") }
                if at("}") { i += 1; return entries }
                guard at(",") else { throw problem("„,“ oder „}“ erwartet, gefunden „\(shown())“") }
                i += 1
            }
        }
    }
}
