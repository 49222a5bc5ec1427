import Foundation
import TeamworkCore
import TeamworkXLSX

// The plan's files for Excel: CSV (UTF-8 with BOM on export; UTF-8 or Windows-1252 on import)
// and .xlsx (libxlsxwriter on export; ZIPFoundation + XMLScanner on import).
enum PlanFiles {
    /// Reads a plan from a CSV or .xlsx file (`-` = standard input), telling which by content.
    /// `source` says how it was read ("Zeichensatz Windows-1252", "Blatt „…“").
    /// Unusable input: `CLIError` with every error of the file (line/column or sheet/cell).
    static func read(_ file: String) throws -> (plan: Plan, source: String) {
        let name = InterchangeIO.displayName(file)
        let data = try bytes(file)
        if PlanXLSX.looksLikeWorkbook(data) {
            do {
                let result = try PlanXLSX.read(data)
                return (result.plan, "Blatt „\(result.sheet)“")
            } catch {
                throw CLIError.unusable("\(name): \(error)")
            }
        }
        do {
            let result = try PlanCSV.read(bytes: data)
            return (result.plan, "Zeichensatz \(result.encoding.displayName)")
        } catch {
            throw CLIError.unusable("\(name): \(error)")
        }
    }

    static func bytes(_ file: String) throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError.unusable("\"\(file)\" ist ein Verzeichnis, keine Datei")
        }
        guard let contents = FileManager.default.contents(atPath: file) else {
            throw CLIError.unusable("Datei \"\(file)\" kann nicht gelesen werden (fehlt oder keine Leserechte)")
        }
        return contents
    }

    /// `export plan --format xlsx`: the workbook to `output` (atomically), or to standard output
    /// when that is not a terminal.
    static func exportXLSX(_ project: Project, output: String?) throws {
        do {
            if let output, output != "-" {
                try PlanWorkbook.write(project: project, to: output)
                let findings = Checks.run(project)
                let errors = findings.filter { $0.severity == .error }.count
                FileHandle.standardError.write(Data(
                    "Plan geschrieben: \(output) (Excel-Arbeitsmappe, Prüfung: \(errors) Fehler, \(findings.count - errors) Warnungen)\n".utf8))
            } else {
                guard isatty(STDOUT_FILENO) == 0 else {
                    throw CLIError.unusable("eine .xlsx-Datei ist binär: bitte --output FILE.xlsx angeben")
                }
                FileHandle.standardOutput.write(try PlanWorkbook.data(project: project))
            }
        } catch let error as Workbook.WriteError {
            throw CLIError.unusable(error.description)
        }
    }
}
