import Foundation

/// Which database teamwork opens, and which setting chose it. Later settings override earlier:
///
/// 1. the system-wide setting `/etc/teamwork/config.toml` (else `/etc/teamwork.toml`),
/// 2. the account's setting `$XDG_CONFIG_HOME/teamwork/config.toml` (else `~/.config/…`),
/// 3. the environment variable `TEAMWORK_DB`,
/// 4. the option `--db PATH`.
///
/// Without any of them: the default location `$XDG_DATA_HOME/teamwork/teamwork.sqlite`
/// (else `~/.local/share/teamwork/teamwork.sqlite`), the only one whose directories teamwork
/// creates. A setting file holds one line `db = "/srv/teamwork/teamwork.sqlite"` (TOML; comments
/// with `#`, other keys are ignored). `TEAMWORK_SYSTEM_CONFIG` names another system-wide file
/// (for tests and unusual installations).
public struct DatabaseLocation: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case option
        case environment
        case userConfig(file: String, line: Int)
        case systemConfig(file: String, line: Int)
        case defaultLocation
    }

    public let path: String
    public let source: Source
    /// Settings that named a database but were overridden by a later one (German, for `where`).
    public let overridden: [String]

    public init(path: String, source: Source, overridden: [String] = []) {
        self.path = path; self.source = source; self.overridden = overridden
    }

    /// Whether a missing database here may get its directories created (the default location).
    public var isDefault: Bool { source == .defaultLocation }

    /// The creation rule for commands that may create a database (dashboard, import, restore, init).
    public var creation: ProjectStore.Creation { isDefault ? .fileAndDirectories : .file }

    /// German: which setting chose the database.
    public var sourceDescription: String { Self.describe(source) }

    static func describe(_ source: Source) -> String {
        switch source {
        case .option: "Option --db"
        case .environment: "Umgebungsvariable TEAMWORK_DB"
        case .userConfig(let file, let line): "Einstellung des Kontos \(file), Zeile \(line)"
        case .systemConfig(let file, let line): "systemweite Einstellung \(file), Zeile \(line)"
        case .defaultLocation: "Standardort (keine Einstellung, keine Variable TEAMWORK_DB, kein --db)"
        }
    }

    /// Resolves the database for `option` (`--db`) and `environment`. A setting file that would
    /// be used but cannot be read or has an unusable `db` line is an error naming the file and
    /// line; an overridden one is only listed.
    public static func resolve(option: String?, environment: [String: String],
                               read: (String) -> ConfigRead = DatabaseLocation.readFile)
        throws(StoreError) -> DatabaseLocation {
        // Highest priority first: each step yields a location, nothing, or an error.
        let user = userConfigFile(environment)
        func step(_ index: Int) throws(StoreError) -> DatabaseLocation? {
            switch index {
            case 0:
                guard let option, !option.isEmpty else { return nil }
                return DatabaseLocation(path: option, source: .option)
            case 1:
                guard let env = environment["TEAMWORK_DB"], !env.isEmpty else { return nil }
                return DatabaseLocation(path: env, source: .environment)
            case 2:
                guard let found = try fromFile(user, read: read) else { return nil }
                return DatabaseLocation(path: found.path, source: .userConfig(file: user, line: found.line))
            default:
                for file in systemConfigFiles(environment) {
                    if let found = try fromFile(file, read: read) {
                        return DatabaseLocation(path: found.path, source: .systemConfig(file: file, line: found.line))
                    }
                    if read(file) != .missing { return nil }  // the first existing file counts
                }
                return nil
            }
        }
        var chosen: DatabaseLocation?
        var overridden: [String] = []
        for index in 0..<4 {
            if chosen == nil {
                chosen = try step(index)
            } else {
                do {
                    if let other = try step(index) { overridden.append("\(describe(other.source)): \(other.path)") }
                } catch {
                    overridden.append("fehlerhaft, nicht benutzt: \(error.message)")
                }
            }
        }
        let location = chosen ?? DatabaseLocation(path: ProjectStore.defaultPath(environment: [
            "XDG_DATA_HOME": environment["XDG_DATA_HOME"] ?? "", "HOME": environment["HOME"] ?? "",
        ]), source: .defaultLocation)
        return DatabaseLocation(path: location.path, source: location.source, overridden: overridden.reversed())
    }

    static func fromFile(_ file: String, read: (String) -> ConfigRead) throws(StoreError) -> (path: String, line: Int)? {
        switch read(file) {
        case .missing: return nil
        case .unreadable(let reason):
            throw StoreError(kind: .invalidInput, message: "Einstellung \"\(file)\" kann nicht gelesen werden: \(reason)")
        case .text(let text): return try parse(text, file: file)
        }
    }

    /// `TEAMWORK_SYSTEM_CONFIG` alone if set, else `/etc/teamwork/config.toml`, `/etc/teamwork.toml`
    /// (the first that exists counts).
    public static func systemConfigFiles(_ environment: [String: String]) -> [String] {
        if let file = environment["TEAMWORK_SYSTEM_CONFIG"], !file.isEmpty { return [file] }
        return ["/etc/teamwork/config.toml", "/etc/teamwork.toml"]
    }

    /// `$XDG_CONFIG_HOME/teamwork/config.toml`, else `$HOME/.config/teamwork/config.toml`.
    public static func userConfigFile(_ environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            return (xdg.hasSuffix("/") ? xdg : xdg + "/") + "teamwork/config.toml"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home.hasSuffix("/") ? home : home + "/") + ".config/teamwork/config.toml"
    }

    public enum ConfigRead: Sendable, Equatable {
        case missing
        case unreadable(String)
        case text(String)
    }

    public static func readFile(_ path: String) -> ConfigRead {
        var st = stat()
        guard stat(path, &st) == 0 else {
            let code = errno
            return code == ENOENT || code == ENOTDIR ? .missing : .unreadable(StoreError.explain(errno: code))
        }
        guard (st.st_mode & S_IFMT) != S_IFDIR else { return .unreadable("der Pfad ist ein Verzeichnis, keine Datei") }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .unreadable(access(path, R_OK) != 0 ? "keine Leserechte" : "Lesefehler")
        }
        guard let text = String(data: data, encoding: .utf8) else { return .unreadable("kein gültiges UTF-8") }
        return .text(text)
    }

    /// The top-level `db = "…"` of a setting file and its line; nil when the file names none.
    /// Only plain TOML strings ("…" with \" \\ escapes, or '…') are accepted; the path must be
    /// absolute.
    public static func parse(_ text: String, file: String) throws(StoreError) -> (path: String, line: Int)? {
        var section = ""
        var found: (String, Int)?
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            func fail(_ reason: String) -> StoreError {
                StoreError(kind: .invalidInput, message: "\(file), Zeile \(number): \(reason)")
            }
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "\r\u{FEFF}")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                section = line
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw fail("erwartet wird Schlüssel = \"Wert\", z. B. db = \"/srv/teamwork/teamwork.sqlite\"")
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard section.isEmpty, key == "db" else { continue }
            let rest = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard let value = stringValue(rest) else {
                throw fail("der Wert von db muss in Anführungszeichen stehen, z. B. db = \"/srv/teamwork/teamwork.sqlite\"")
            }
            guard value.hasPrefix("/") else {
                throw fail("db muss ein absoluter Pfad sein (beginnt mit /), nicht \"\(String(value.prefix(40)))\"")
            }
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                throw fail("db enthält Steuerzeichen")
            }
            found = (value, number)
        }
        return found
    }

    /// `"…"` (with escapes) or `'…'`, followed by nothing but an optional comment.
    static func stringValue(_ text: String) -> String? {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return nil }
        var result = ""
        var escaped = false
        var iterator = text.dropFirst().makeIterator()
        while let c = iterator.next() {
            if quote == "\"" && escaped {
                switch c {
                case "\"", "\\": result.append(c)
                case "t": result.append("\t")
                default: return nil
                }
                escaped = false
            } else if quote == "\"" && c == "\\" {
                escaped = true
            } else if c == quote {
                let tail = String(iterator).trimmingCharacters(in: .whitespaces)
                return tail.isEmpty || tail.hasPrefix("#") ? result : nil
            } else {
                result.append(c)
            }
        }
        return nil
    }
}
