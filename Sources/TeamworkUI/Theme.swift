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
    /// The file's name without ".toml" (what `--theme` and the config name it by); nil when built in code.
    public var file: String?

    public init(name: String, styles: RoleStyles, file: String? = nil) {
        self.name = name
        self.styles = styles
        self.file = file
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
        let document: ThemeFile
        do {
            document = try ThemeFile.parse(text)
        } catch {
            throw ThemeError(file: file, line: error.line, reason: error.reason)
        }
        var styles = Theme.fallback.styles
        let fileName = file.split(separator: "/").last.map { String($0) } ?? file
        var name = fileName
        if let entry = document.top.first(where: { $0.key == "name" }), case .text(let text) = entry.value { name = text }
        guard let styleEntries = document.entries(of: "styles") else {
            throw ThemeError(file: file, line: nil, reason: "Abschnitt [styles] fehlt")
        }
        for entry in styleEntries {
            let key = entry.key
            guard let role = Role(rawValue: key) else {
                let known = Role.allCases.map(\.rawValue).joined(separator: ", ")
                throw ThemeError(file: file, line: entry.line, reason: "unbekannte Rolle \"\(key)\" (bekannt: \(known))")
            }
            guard case .table(let attributeEntries) = entry.value else {
                throw ThemeError(file: file, line: entry.line, reason: "\"\(key)\" muss eine Tabelle sein, z. B. { fg = \"white\" }")
            }
            var style = Style()
            for attribute in attributeEntries {
                guard attributes.contains(attribute.key) else {
                    throw ThemeError(file: file, line: entry.line,
                                     reason: "unbekanntes Attribut \"\(attribute.key)\" bei \"\(key)\" (erlaubt: \(attributes.joined(separator: ", ")))")
                }
                switch (attribute.key, attribute.value) {
                case ("fg", .text(let colorName)), ("bg", .text(let colorName)):
                    guard let color = colorNames[colorName.lowercased()] else {
                        throw ThemeError(file: file, line: entry.line,
                                         reason: "unbekannte Farbe bei \"\(key).\(attribute.key)\" (erlaubt: \(colorNames.keys.sorted().joined(separator: ", ")))")
                    }
                    if attribute.key == "fg" { style.fg = color } else { style.bg = color }
                case ("fg", _), ("bg", _):
                    throw ThemeError(file: file, line: entry.line,
                                     reason: "\"\(key).\(attribute.key)\" muss ein Farbname in Anführungszeichen sein, z. B. \"white\"")
                case (_, .flag(let flag)):
                    switch attribute.key {
                    case "bold": style.bold = flag
                    case "reverse": style.reverse = flag
                    case "underline": style.underline = flag
                    default: style.dim = flag
                    }
                default:
                    throw ThemeError(file: file, line: entry.line, reason: "\"\(key).\(attribute.key)\" muss true oder false sein")
                }
            }
            styles[role] = style
        }
        let stem = fileName.lowercased().hasSuffix(".toml") ? String(fileName.dropLast(5)) : fileName
        return Theme(name: name, styles: styles, file: stem)
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
