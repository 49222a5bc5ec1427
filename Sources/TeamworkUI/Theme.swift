import TOMLKit

/// What a style is used for. Themes map roles to styles; panes only ever name roles.
public enum Role: String, CaseIterable, Sendable {
    case body, dim, title, header, tab, tabActive, footer, footerKey, status, border
    case selection, cursorCell, frozen, sumRow, groupRow, match
    case error, warning, ok, bar, gaugeFederal, gaugeOwn, overlay, overlayTitle
}

public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [Role: Style]

    public init(name: String, styles: [Role: Style]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: Role) -> Style { styles[role] ?? styles[.body] ?? .plain }

    /// Built into the binary so the dashboard always has a theme, even without the Themes folder.
    public static let fallback = Theme(name: "default", styles: [
        .body: Style(), .dim: Style(fg: .brightBlack), .title: Style(bold: true),
        .header: Style(fg: .white, bg: .blue, bold: true), .tab: Style(fg: .white, bg: .blue),
        .tabActive: Style(fg: .black, bg: .cyan, bold: true), .footer: Style(fg: .black, bg: .white),
        .footerKey: Style(fg: .blue, bg: .white, bold: true), .status: Style(fg: .cyan),
        .border: Style(fg: .brightBlack), .selection: Style(reverse: true),
        .cursorCell: Style(fg: .black, bg: .yellow, bold: true), .frozen: Style(bold: true),
        .sumRow: Style(bold: true, underline: false), .groupRow: Style(bold: true), .match: Style(fg: .black, bg: .green),
        .error: Style(fg: .red, bold: true), .warning: Style(fg: .yellow), .ok: Style(fg: .green),
        .bar: Style(fg: .cyan), .gaugeFederal: Style(fg: .blue), .gaugeOwn: Style(fg: .green),
        .overlay: Style(fg: .white, bg: .black), .overlayTitle: Style(fg: .cyan, bg: .black, bold: true),
    ])
}

public struct ThemeError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let reason: String
    public var description: String {
        if let line { return "Theme \"\(file)\", Zeile \(line): \(reason)" }
        return "Theme \"\(file)\": \(reason)"
    }
}

/// Reads themes from TOML:
/// ```toml
/// name = "Kontrast"
/// [styles]
/// header = { fg = "white", bg = "blue", bold = true }
/// ```
/// Roles missing from a file are taken from the built-in default theme.
public enum ThemeLoader {
    static let colorNames: [String: Color] = [
        "default": .default, "black": .black, "red": .red, "green": .green, "yellow": .yellow, "blue": .blue,
        "magenta": .magenta, "cyan": .cyan, "white": .white, "bright-black": .brightBlack, "gray": .brightBlack,
        "grey": .brightBlack, "bright-red": .brightRed, "bright-green": .brightGreen, "bright-yellow": .brightYellow,
        "bright-blue": .brightBlue, "bright-magenta": .brightMagenta, "bright-cyan": .brightCyan,
        "bright-white": .brightWhite,
    ]
    static let attributes = ["fg", "bg", "bold", "reverse", "underline", "dim"]

    public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
        if let (line, character) = firstCharacterOutsideStrings(text) {
            // TOML allows non-ASCII only inside strings and comments; toml++ (under TOMLKit)
            // aborts the process on some such input instead of reporting it, so it is caught here.
            let shown = Terminal.display(character).0
            throw ThemeError(file: file, line: line,
                             reason: "Zeichen \"\(shown)\" außerhalb von Anführungszeichen – Schlüssel ohne Anführungszeichen dürfen nur A–Z, a–z, 0–9, _ und - enthalten")
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(file: file, line: Int(error.source.begin.line),
                             reason: "kein gültiges TOML (\(error.description))")
        } catch {
            throw ThemeError(file: file, line: nil, reason: "kein gültiges TOML")
        }
        func lineOf(_ needle: String) -> Int? {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.trimmingCharacters(in: " \t").hasPrefix(needle) {
                return index + 1
            }
            return nil
        }
        var styles = Theme.fallback.styles
        let name = table["name"]?.string ?? (file.split(separator: "/").last.map { String($0) } ?? file)
        guard let styleTable = table["styles"]?.table else {
            throw ThemeError(file: file, line: nil, reason: "Abschnitt [styles] fehlt")
        }
        for key in styleTable.keys {
            guard let role = Role(rawValue: key) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(file: file, line: lineOf(key), reason: "unbekannte Rolle \"\(key)\" (bekannt: \(known))")
            }
            guard let entry = styleTable[key]?.table else {
                throw ThemeError(file: file, line: lineOf(key), reason: "\"\(key)\" muss eine Tabelle sein, z. B. { fg = \"white\" }")
            }
            var style = Style()
            for attribute in entry.keys {
                guard attributes.contains(attribute) else {
                    throw ThemeError(file: file, line: lineOf(key),
                                     reason: "unbekanntes Attribut \"\(attribute)\" bei \"\(key)\" (erlaubt: \(attributes.joined(separator: ", ")))")
                }
                let value = entry[attribute]!
                switch attribute {
                case "fg", "bg":
                    guard let colorName = value.string, let color = colorNames[colorName.lowercased()] else {
                        throw ThemeError(file: file, line: lineOf(key),
                                         reason: "unbekannte Farbe bei \"\(key).\(attribute)\" (erlaubt: \(colorNames.keys.sorted().joined(separator: ", ")))")
                    }
                    if attribute == "fg" { style.fg = color } else { style.bg = color }
                default:
                    guard let flag = value.bool else {
                        throw ThemeError(file: file, line: lineOf(key), reason: "\"\(key).\(attribute)\" muss true oder false sein")
                    }
                    switch attribute {
                    case "bold": style.bold = flag
                    case "reverse": style.reverse = flag
                    case "underline": style.underline = flag
                    default: style.dim = flag
                    }
                }
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }
}

extension ThemeLoader {
    /// The first non-ASCII or control character outside strings and comments, with its line.
    static func firstCharacterOutsideStrings(_ text: String) -> (Int, Character)? {
        let chars = Array(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text)
        let tripleDouble: [Character] = ["\"", "\"", "\""], tripleSingle: [Character] = ["'", "'", "'"]
        var line = 1
        var quote: [Character]?  // the delimiter of the string we are in
        var comment = false
        var i = 0
        func starts(with delimiter: [Character], at index: Int) -> Bool {
            index + delimiter.count <= chars.count && Array(chars[index..<index + delimiter.count]) == delimiter
        }
        while i < chars.count {
            let c = chars[i]
            if c == "\n" || c == "\r\n" {
                line += 1
                comment = false
                if quote?.count == 1 { quote = nil }  // single-line strings end at the line (TOML reports the error)
                i += 1
                continue
            }
            if comment { i += 1; continue }
            if let q = quote {
                if q.first == "\"" && c == "\\" { i += 2; continue }
                if starts(with: q, at: i) { quote = nil; i += q.count; continue }
                i += 1
                continue
            }
            if c == "#" { comment = true; i += 1; continue }
            for delimiter in [tripleDouble, tripleSingle, ["\""], ["'"]] where starts(with: delimiter, at: i) {
                quote = delimiter
                break
            }
            if let q = quote { i += q.count; continue }
            let isControl = c.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\t" && $0 != "\r") || $0.value == 0x7F }
            if !c.isASCII || isControl { return (line, c) }
            i += 1
        }
        return nil
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
