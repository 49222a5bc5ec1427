/// The TOML a theme file is written in, read line by line: comments, `[table]` headers,
/// `key = "text"` / `'text'`, `key = true|false` and `key = { key = "text", key = true }`, with
/// bare ASCII keys – every shape a theme uses, and nothing else.
///
/// Our own reader rather than a TOML library: toml++ (under TOMLKit) aborted the whole process on
/// some malformed keys (found by fuzzing), so every line had to pass a shape check first anyway;
/// and parsing the three shipped themes through it cost the start more than the rest of the
/// colour-scheme thread. Errors name the line and say why, in German.
struct ThemeFile {
    enum Value: Equatable {
        case text(String)
        case flag(Bool)
        case table([Entry])
    }

    struct Entry: Equatable {
        var key: String
        var value: Value
        var line: Int
    }

    /// The keys before the first `[table]`.
    var top: [Entry] = []
    /// Each `[table]` with its keys, in the order of the file.
    var tables: [(name: String, line: Int, entries: [Entry])] = []

    struct Problem: Error, Equatable {
        var line: Int
        var reason: String
    }

    func entries(of table: String) -> [Entry]? { tables.first { $0.name == table }?.entries }

    static func parse(_ text: String) throws(Problem) -> ThemeFile {
        var file = ThemeFile()
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (index, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var reader = LineReader(line: Array(raw.hasSuffix("\r") ? raw.dropLast() : raw), number: index + 1)
            switch try reader.read() {
            case nil:
                break
            case .table(let name)?:
                if file.tables.contains(where: { $0.name == name }) {
                    throw Problem(line: index + 1, reason: "Tabelle [\(name)] steht zweimal in der Datei")
                }
                file.tables.append((name, index + 1, []))
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

    private struct LineReader {
        var line: [Character]
        let number: Int
        var i = 0

        init(line: [Character], number: Int) {
            self.line = line
            self.number = number
            while let last = self.line.last, last == " " || last == "\t" { self.line.removeLast() }
        }

        private func problem(_ reason: String) -> Problem { Problem(line: number, reason: reason) }
        private mutating func skipSpace() { while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 } }
        private func isBare(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") }
        private func shown(_ c: Character) -> String { Terminal.display(c).0 }
        private mutating func atEndOrComment() -> Bool { skipSpace(); return i == line.count || line[i] == "#" }

        private mutating func bareKey() -> String? {
            let start = i
            while i < line.count, isBare(line[i]) { i += 1 }
            return i > start ? String(line[start..<i]) : nil
        }

        mutating func read() throws(Problem) -> Line? {
            skipSpace()
            if i == line.count || line[i] == "#" { return nil }
            if line[i] == "[" {
                i += 1
                skipSpace()
                guard let name = bareKey() else {
                    throw problem("Tabellenname aus A–Z, a–z, 0–9, _ und - erwartet, z. B. [styles]")
                }
                skipSpace()
                guard i < line.count, line[i] == "]" else { throw problem("„]“ fehlt") }
                i += 1
                guard atEndOrComment() else { throw problem("nach „]“ steht noch etwas") }
                return .table(name)
            }
            guard let key = bareKey() else {
                throw problem("Schlüssel aus A–Z, a–z, 0–9, _ und - erwartet, gefunden „\(shown(line[i]))“")
            }
            skipSpace()
            guard i < line.count, line[i] == "=" else { throw problem("„=“ erwartet (Form: schlüssel = wert)") }
            i += 1
            let value = try value(inline: false)
            guard atEndOrComment() else { throw problem("nach dem Wert steht noch etwas") }
            return .entry(Entry(key: key, value: value, line: number))
        }

        private mutating func value(inline: Bool) throws(Problem) -> Value {
            skipSpace()
            guard i < line.count else { throw problem("nach „=“ fehlt der Wert") }
            let c = line[i]
            if c == "\"" || c == "'" { return .text(try string()) }
            if c == "{" && !inline { return .table(try inlineTable()) }
            for (word, flag) in [("true", true), ("false", false)] where Array(line[i...].prefix(word.count)) == Array(word) {
                i += word.count
                return .flag(flag)
            }
            throw problem("Wert „\(shown(c))…“ muss in Anführungszeichen stehen oder true/false sein")
        }

        /// At a quote: "…" with TOML's escapes, or '…' taken literally.
        private mutating func string() throws(Problem) -> String {
            let quote = line[i]
            i += 1
            var text = ""
            while i < line.count {
                let c = line[i]
                i += 1
                if c == quote { return text }
                guard quote == "\"" && c == "\\" else { text.append(c); continue }
                guard i < line.count else { break }
                let escape = line[i]
                i += 1
                switch escape {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "n": text.append("\n")
                case "t": text.append("\t")
                case "r": text.append("\r")
                case "b": text.append("\u{8}")
                case "f": text.append("\u{C}")
                case "u", "U":
                    let digits = escape == "u" ? 4 : 8
                    let hex = String(line[i..<min(line.count, i + digits)])
                    guard hex.count == digits, let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw problem("\\\(escape) braucht \(digits) Hexadezimalziffern eines gültigen Zeichens")
                    }
                    text.unicodeScalars.append(scalar)
                    i += digits
                default:
                    throw problem("unbekannte Escape-Sequenz „\\\(shown(escape))“ (erlaubt: \\\" \\\\ \\n \\t \\r \\b \\f \\u \\U)")
                }
            }
            throw problem("Anführungszeichen nicht geschlossen")
        }

        /// At "{": `{ key = value, … }` on one line, values without nested tables.
        private mutating func inlineTable() throws(Problem) -> [Entry] {
            i += 1
            skipSpace()
            var entries: [Entry] = []
            if i < line.count, line[i] == "}" { i += 1; return entries }
            while true {
                skipSpace()
                guard let key = bareKey() else {
                    throw problem(i < line.count ? "Schlüssel erwartet, gefunden „\(shown(line[i]))“" : "„}“ fehlt")
                }
                skipSpace()
                guard i < line.count, line[i] == "=" else { throw problem("nach dem Schlüssel fehlt „=“") }
                i += 1
                if entries.contains(where: { $0.key == key }) { throw problem("Schlüssel \"\(key)\" steht zweimal") }
                entries.append(Entry(key: key, value: try value(inline: true), line: number))
                skipSpace()
                guard i < line.count else { throw problem("„}“ fehlt") }
                if line[i] == "}" { i += 1; return entries }
                guard line[i] == "," else { throw problem("„,“ oder „}“ erwartet, gefunden „\(shown(line[i]))“") }
                i += 1
            }
        }
    }
}
