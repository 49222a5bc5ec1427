import TOMLKit

/// What a style is used for. Themes map roles to styles; panes only ever name roles.
public enum Role: String, CaseIterable, Sendable {
    case body, dim, title, header, tab, tabActive, footer, footerKey, status, border
    case selection, cursorCell, frozen, sumRow, groupRow, match
    case error, warning, ok, bar, gaugeFederal, gaugeOwn, overlay, overlayTitle
}

/// The style of each role a theme sets, in an array by the role's place in `Role.allCases`: a
/// `[Role: Style]` cost the theme thread a scan of the runtime's conformance records at every
/// start (PaneMap says more).
public struct RoleStyles: Sendable, Equatable, ExpressibleByDictionaryLiteral {
    private var slots = [Style?](repeating: nil, count: Role.allCases.count)

    public init() {}

    public init(dictionaryLiteral elements: (Role, Style)...) {
        for (role, style) in elements { self[role] = style }
    }

    public subscript(role: Role) -> Style? {
        get { slots[role.index] }
        set { slots[role.index] = newValue }
    }

    /// The styles that are set, in role order.
    public var values: [Style] { slots.compactMap { $0 } }
}

extension Role {
    private static let ordered = Role.allCases
    fileprivate var index: Int { Role.ordered.firstIndex(of: self)! }
}

public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: RoleStyles

    public init(name: String, styles: RoleStyles) {
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

    /// `checkShape: false` skips the line-shape check, for the shipped themes only (their texts
    /// are tested; the check guards toml++ against user files and costs start-up time).
    public static func parse(_ text: String, file: String, checkShape: Bool = true) throws(ThemeError) -> Theme {
        if checkShape, let problem = shapeProblem(text) {
            throw ThemeError(file: file, line: problem.line, reason: problem.reason)
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
    /// Checks that every line has one of the shapes a theme uses – a comment, `[table]`,
    /// `key = "text"`, `key = true|false` or `key = { key = "text", key = true }` – with bare
    /// ASCII keys. toml++ (under TOMLKit) aborts the whole process on some malformed keys
    /// instead of reporting them, so nothing it could choke on reaches it.
    /// Returns the first offending line and a German reason.
    static func shapeProblem(_ text: String) -> (line: Int, reason: String)? {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (index, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Array(raw.hasSuffix("\r") ? raw.dropLast() : raw)
            while let last = line.last, last == " " || last == "\t" { line.removeLast() }
            var i = 0
            func skipSpace() { while i < line.count, line[i] == " " || line[i] == "\t" { i += 1 } }
            func isBare(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") }
            func bareKey() -> Bool {
                let start = i
                while i < line.count, isBare(line[i]) { i += 1 }
                return i > start
            }
            func shown(_ c: Character) -> String { Terminal.display(c).0 }
            func atEndOrComment() -> Bool { skipSpace(); return i == line.count || line[i] == "#" }
            func string() -> String? {  // at a quote: reads "…" (with \ escapes) or '…'
                let quote = line[i]
                i += 1
                while i < line.count {
                    if line[i] == quote { i += 1; return nil }
                    if quote == "\"" && line[i] == "\\" { i += 1 }
                    i += 1
                }
                return "Anführungszeichen nicht geschlossen"
            }
            func value(inline: Bool) -> String? {
                skipSpace()
                guard i < line.count else { return "nach „=“ fehlt der Wert" }
                let c = line[i]
                if c == "\"" || c == "'" { return string() }
                if c == "{" && !inline { return inlineTable() }
                for word in ["true", "false"] where Array(line[i...].prefix(word.count)) == Array(word) {
                    i += word.count
                    return nil
                }
                return "Wert „\(shown(c))…“ muss in Anführungszeichen stehen oder true/false sein"
            }
            func inlineTable() -> String? {  // at "{"
                i += 1
                skipSpace()
                if i < line.count, line[i] == "}" { i += 1; return nil }
                while true {
                    skipSpace()
                    guard bareKey() else {
                        return i < line.count ? "Schlüssel erwartet, gefunden „\(shown(line[i]))“" : "„}“ fehlt"
                    }
                    skipSpace()
                    guard i < line.count, line[i] == "=" else { return "nach dem Schlüssel fehlt „=“" }
                    i += 1
                    if let problem = value(inline: true) { return problem }
                    skipSpace()
                    guard i < line.count else { return "„}“ fehlt" }
                    if line[i] == "}" { i += 1; return nil }
                    guard line[i] == "," else { return "„,“ oder „}“ erwartet, gefunden „\(shown(line[i]))“" }
                    i += 1
                }
            }
            let problem: String?
            skipSpace()
            if i == line.count || line[i] == "#" {
                problem = nil
            } else if line[i] == "[" {
                i += 1
                skipSpace()
                if !bareKey() {
                    problem = "Tabellenname aus A–Z, a–z, 0–9, _ und - erwartet, z. B. [styles]"
                } else {
                    skipSpace()
                    if i < line.count, line[i] == "]" {
                        i += 1
                        problem = atEndOrComment() ? nil : "nach „]“ steht noch etwas"
                    } else {
                        problem = "„]“ fehlt"
                    }
                }
            } else if !bareKey() {
                problem = "Schlüssel aus A–Z, a–z, 0–9, _ und - erwartet, gefunden „\(shown(line[i]))“"
            } else {
                skipSpace()
                if i < line.count, line[i] == "=" {
                    i += 1
                    problem = value(inline: false) ?? (atEndOrComment() ? nil : "nach dem Wert steht noch etwas")
                } else {
                    problem = "„=“ erwartet (Form: schlüssel = wert)"
                }
            }
            if let problem { return (index + 1, problem) }
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
