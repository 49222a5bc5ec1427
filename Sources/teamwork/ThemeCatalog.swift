import Foundation
import TeamworkUI

/// The colour schemes: the shipped ones built into the binary (`ShippedThemes`, from Themes/),
/// overridden or extended by `*.toml` files in `$XDG_CONFIG_HOME/teamwork/themes`
/// (`~/.config/teamwork/themes`) and, before those, in `$TEAMWORK_THEMES`.
enum ThemeCatalog {
    static func fileName(_ theme: Theme) -> String {
        if let file = theme.file { return file.lowercased() }
        return switch theme.name {
        case "Standard", "default": "default"
        case "Kontrast": "kontrast"
        case "Monochrom": "monochrom"
        default: theme.name.lowercased()
        }
    }

    /// Folders with theme files, the first one winning.
    static func directories(environment: [String: String]) -> [String] {
        var list: [String] = []
        if let dir = environment["TEAMWORK_THEMES"], !dir.isEmpty { list.append(dir) }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            list.append(config + "/teamwork/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            list.append(home + "/.config/teamwork/themes")
        }
        return list
    }

    /// Themes in a fixed order (default first, then by file name), plus German warnings for files
    /// that failed (a failed file leaves the shipped theme of that name, if any, in place).
    static func load(environment: [String: String]) -> ([Theme], [String]) {
        var warnings: [String] = []
        var themes: [String: Theme] = [:]
        for file in ShippedThemes.files {
            do { themes[file.name] = try ThemeLoader.parse(file.text, file: file.name) } catch {
                warnings.append("\(error) – Standard wird verwendet")
            }
        }
        for dir in directories(environment: environment).reversed() {
            guard let files = try? FileManager.default.contentsOfDirectory(atPath: dir) else { continue }
            for file in files.sorted() where file.hasSuffix(".toml") {
                let path = dir + "/" + file
                guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                    warnings.append("Theme \"\(path)\" kann nicht gelesen werden – Standard wird verwendet")
                    continue
                }
                do { themes[file] = try ThemeLoader.parse(text, file: path) } catch {
                    warnings.append("\(error) – Standard wird verwendet")
                }
            }
        }
        var list = themes.keys.sorted { a, b in (a == "default.toml" ? "" : a) < (b == "default.toml" ? "" : b) }
            .compactMap { themes[$0] }
        if !list.contains(where: { fileName($0) == "default" }) { list.insert(Theme.fallback, at: 0) }
        return (list, warnings)
    }
}
