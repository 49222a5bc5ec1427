import ArgumentParser
import Foundation
import TeamworkCore

extension Teamwork {
    /// The entry point: ArgumentParser parses and runs, but its English messages are replaced by
    /// German ones, and a usage error ends with exit code 2 (input unusable), like every other
    /// unusable input (ArgumentParser's own code would be 64).
    static func main() {
        StartupTimings.mark(.main)
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let fast = FastStart.parse(arguments) {
            StartupTimings.mark(.arguments)
            do {
                switch fast {
                case .version: FileHandle.standardOutput.write(Data((version + "\n").utf8))
                case .interactive(let launch): try launch.run()
                }
            } catch {
                exitInGerman(error)
            }
            Foundation.exit(0)
        }
        do {
            var command = try parseAsRoot(arguments)
            StartupTimings.mark(.arguments)
            try command.run()
        } catch {
            exitInGerman(error)
        }
        Foundation.exit(0)
    }

    static func exitInGerman(_ error: any Error) -> Never {
        if let code = error as? ExitCode { Foundation.exit(code.rawValue) }
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {  // --help, help SUBCOMMAND, --version
            FileHandle.standardOutput.write(Data((GermanArguments.help(message) + "\n").utf8))
            Foundation.exit(0)
        }
        if !message.isEmpty {
            FileHandle.standardError.write(Data((TerminalSafety.escaped(GermanArguments.error(message)) + "\n").utf8))
        }
        Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
    }
}

/// German for the texts ArgumentParser writes in English (errors, usage, help headings).
enum GermanArguments {
    /// `Error: Unknown option '--x'` … → `teamwork: unbekannte Option '--x'` …
    static func error(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        for i in lines.indices { lines[i] = errorLine(lines[i]) }
        while lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    static func errorLine(_ line: String) -> String {
        var line = line
        if line.hasPrefix("Error: ") { line = "teamwork: " + translateMessage(String(line.dropFirst(7))) }
        else if line.hasPrefix("Help:  ") { line = "Hilfe:  " + line.dropFirst(7) }
        else if line.hasPrefix("Usage: ") { line = "Aufruf: " + line.dropFirst(7) }
        line = replacing(line, #"^  See '(.*)' for more information\.$"#, "  Mehr dazu: '$1'.")
        return line
    }

    /// The message of one ArgumentParser error, German where its wording is known.
    static func translateMessage(_ message: String) -> String {
        let patterns: [(String, String)] = [
            (#"^Unknown option '(.*)'\. Did you mean '(.*)'\?$"#, "unbekannte Option '$1' – gemeint ist wohl '$2'"),
            (#"^Unknown option '(.*)'$"#, "unbekannte Option '$1'"),
            (#"^Missing value for '(.*)'$"#, "es fehlt ein Wert für '$1'"),
            (#"^Missing expected argument '(.*)'$"#, "es fehlt das Argument '$1'"),
            (#"^Missing one of: (.*)$"#, "es fehlt eins von: $1"),
            (#"^Unexpected argument '(.*)'$"#, "unerwartetes Argument '$1'"),
            (#"^(\d+) unexpected arguments: (.*)$"#, "$1 unerwartete Argumente: $2"),
            (#"^The option '(.*)' does not take any value, but '(.*)' was specified\.$"#,
             "die Option '$1' nimmt keinen Wert, angegeben war '$2'"),
            (#"^The value '(.*)' is invalid for '(.*)'\. Please provide one of (.*)\.$"#,
             "der Wert '$1' ist für '$2' ungültig – möglich sind $3"),
            (#"^The value '(.*)' is invalid for '(.*)'\. Please provide one of the following:$"#,
             "der Wert '$1' ist für '$2' ungültig – möglich sind:"),
            (#"^The value '(.*)' is invalid for '(.*)'(.*)$"#, "der Wert '$1' ist für '$2' ungültig$3"),
            (#"^Invalid option: (.*)$"#, "ungültige Option: $1"),
            (#"^Missing required subcommand\.$"#, "es fehlt ein Unterbefehl"),
            (#"^(.*) was specified multiple times\.?$"#, "$1 ist mehrfach angegeben"),
        ]
        for (pattern, template) in patterns {
            let translated = replacing(message, pattern, template)
            if translated != message {
                return translated.replacingOccurrences(of: "' or '", with: "' oder '").replacingOccurrences(of: "' and '", with: "' oder '")
            }
        }
        return message
    }

    /// The help text with German headings and German texts for the built-in options.
    static func help(_ text: String) -> String {
        var lines = text.components(separatedBy: "\n")
        for i in lines.indices {
            var line = lines[i]
            for (english, german) in [("OVERVIEW: ", "ÜBERSICHT: "), ("USAGE: ", "AUFRUF: "), ("ARGUMENTS:", "ARGUMENTE:"),
                                      ("OPTIONS:", "OPTIONEN:"), ("SUBCOMMANDS:", "UNTERBEFEHLE:")]
            where line.hasPrefix(english) {
                line = german + line.dropFirst(english.count)
            }
            line = line.replacingOccurrences(of: "Show help information.", with: "Zeigt diese Hilfe.")
            line = line.replacingOccurrences(of: "Show the version.", with: "Zeigt die Version.")
            line = replacing(line, #"\(default: (.*)\)"#, "(Standard: $1)")
            line = replacing(line, #"\(values: (.*); default: (.*)\)"#, "(Werte: $1; Standard: $2)")
            line = replacing(line, #"\(values: (.*)\)"#, "(Werte: $1)")
            line = replacing(line, #"^  See '(.*) <subcommand>' for detailed help\.$"#, "  Ausführliche Hilfe: '$1 <Unterbefehl>'.")
            line = line.replacingOccurrences(of: "(default)", with: "(Standard)")
            lines[i] = line
        }
        return lines.joined(separator: "\n")
    }

    static func replacing(_ text: String, _ pattern: String, _ template: String) -> String {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return regex.stringByReplacingMatches(in: text, range: range, withTemplate: template)
    }
}

/// The common start-ups without ArgumentParser: `teamwork [dashboard|review] [--db PATH]
/// [--theme NAME] [--read-only] [--baseline NAME]` and `teamwork --version`. ArgumentParser
/// builds its model of every command by reflection (Mirror, protocol-conformance look-ups over
/// the whole statically linked binary), which cost more than the dashboard's first frame.
/// Anything else (help, errors, other commands, a repeated option) goes to ArgumentParser, so
/// its behaviour and messages stay the reference.
enum FastStart {
    enum Command {
        case version
        case interactive(DashboardLaunch)
    }

    static func parse(_ arguments: [String]) -> Command? {
        if arguments == ["--version"] { return .version }
        var rest = arguments[...]
        var review = false
        if rest.first == "dashboard" { rest = rest.dropFirst() }
        else if rest.first == "review" { review = true; rest = rest.dropFirst() }
        var values: [String: String] = [:]
        var readOnly = false
        while let argument = rest.popFirst() {
            if argument == "--read-only" {
                guard !readOnly else { return nil }
                readOnly = true
                continue
            }
            let name: String, value: String
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            } else {
                guard let next = rest.popFirst() else { return nil }
                name = argument
                value = next
            }
            guard ["--db", "--theme", "--baseline"].contains(name), values[name] == nil,
                  !value.isEmpty, !value.hasPrefix("-") else { return nil }
            values[name] = value
        }
        return .interactive(DashboardLaunch(db: values["--db"], theme: values["--theme"], readOnly: readOnly,
                                            baseline: values["--baseline"], review: review))
    }
}
