import Foundation
import TeamworkCore
import TeamworkStore
import TeamworkUI

/// Shared parts of `teamwork measures` and `teamwork measure …`.
enum MeasureCLI {
    struct Context {
        let store: ProjectStore
        let project: Project
        let controlling: MeasureControlling

        /// The measure numbered `nr`, or exit 2 naming the valid numbers.
        func measure(_ nr: String) throws -> Measure {
            if let m = project.measures.measure(reference: nr) { return m }
            let known = MeasureChecks.applicationOrder(project.measures).map(\.reference).joined(separator: ", ")
            throw CLIError.unusable("keine Maßnahme \"\(MeasureCLI.inert(nr))\" – möglich: \(known.isEmpty ? "keine" : known)")
        }

        /// Runs a store write under the current user; store errors become exit 2.
        func write(_ body: (ProjectStore, String) throws -> Void) throws {
            do {
                try body(store, ProjectStore.currentUser(environment: ProcessInfo.processInfo.environment))
            } catch let error as StoreError {
                let fields = error.fieldErrors.map(\.description)
                throw CLIError.unusable(MeasureCLI.inert(fields.isEmpty ? error.message : fields.joined(separator: "; ")))
            }
        }
    }

    static func load(_ database: DatabaseOptions) throws -> Context {
        let store = try database.open()
        do {
            return Context(store: store, project: try store.loadProject(), controlling: try store.loadMeasureControlling())
        } catch {
            throw CLIError.unusable("\(error)")
        }
    }

    /// `Maßnahme IV.2-1 „Lebenshauptstadt ist Transformation“`.
    static func label(_ m: Measure) -> String { "Maßnahme \(m.reference) „\(inert(m.title))“" }

    /// One line on standard output, inert (see `inert`), with its line break.
    static func say(_ line: String) throws {
        try Output.write(inert(line) + "\n", to: nil)
    }

    /// Control characters and bidi overrides of data never reach the terminal.
    static func inert(_ text: String) -> String {
        String(text.map { ch -> Character in
            let (symbol, _) = Terminal.display(ch)
            return symbol.count == 1 ? symbol.first! : ch
        })
    }

    /// A Core field check; its message becomes exit 2.
    static func field<T>(_ body: () throws(Validation.FieldError) -> T) throws -> T {
        do { return try body() } catch { throw CLIError.unusable(inert(error.description)) }
    }

    /// `--date` as a day, today when absent.
    static func day(_ text: String?, option: String) throws -> CalendarDate {
        guard let text else { return CalendarDate(LocalDateTime.now()) }
        return try field { () throws(Validation.FieldError) in try Validation.parseDate(text, field: option) }
    }

    /// The element whose name is `query` (case-insensitive), else the only one whose name begins
    /// with it; otherwise exit 2 listing the names.
    static func pick<T>(_ query: String, in list: [T], by name: KeyPath<T, String>, what: String) throws -> T {
        let key = query.trimmingCharacters(in: .whitespaces).lowercased()
        let names = list.map { $0[keyPath: name] }
        func valid() -> String { names.map { "„\(inert($0))“" }.joined(separator: ", ") }
        guard !key.isEmpty else { throw CLIError.unusable("\(what) fehlt – möglich: \(valid())") }
        if let exact = list.first(where: { $0[keyPath: name].lowercased() == key }) { return exact }
        let candidates = list.filter { $0[keyPath: name].lowercased().hasPrefix(key) }
        if candidates.count == 1 { return candidates[0] }
        if candidates.isEmpty {
            throw CLIError.unusable("\(what) \"\(inert(query))\" gibt es nicht – möglich: \(valid())")
        }
        throw CLIError.unusable("\(what) \"\(inert(query))\" ist nicht eindeutig – gemeint sein können: "
                                + candidates.map { "„\(inert($0[keyPath: name]))“" }.joined(separator: ", "))
    }

    // MARK: Status table

    static func table(_ c: Context, width: Int) -> String {
        let today = CalendarDate(LocalDateTime.now())
        let rows = MeasureOverview.rows(measures: c.project.measures, controlling: c.controlling,
                                        staffing: c.project.staffing, stakeholders: c.project.stakeholders, today: today)
        let cells = rows.map { r in
            [r.measure.reference, r.measure.title, r.state.status.title, r.state.since?.german ?? "—",
             r.responsible ?? "—", r.nextText]
        }
        let headers = ["Nr", "Bezeichnung", "Status", "seit", "verantwortlich", "nächster Meilenstein"]
        let flexible = [false, true, false, false, true, true]
        var out: String
        if WrappedTable.layout(headers: headers, flexible: flexible, rows: cells, width: width).wordsFit {
            out = WrappedTable.render(headers: headers, flexible: flexible, rows: cells, width: width)
        } else {
            // Too narrow for six columns: the next milestone goes on its own line under the row.
            out = WrappedTable.render(
                headers: Array(headers.dropLast()), flexible: Array(flexible.dropLast()), rows: cells.map { Array($0.dropLast()) },
                subLines: rows.map { r in r.next.map { _ in "nächster Meilenstein: \(r.nextText)" + (r.nextIsOverdue ? " (überfällig)" : "") } },
                width: width)
        }
        let counts = MeasureOverview.countByStatus(measures: c.project.measures, controlling: c.controlling)
            .filter { $0.count > 0 }.map { "\($0.count) \($0.status.title)" }
        let overdue = MeasureOverview.overdueMilestones(measures: c.project.measures, controlling: c.controlling,
                                                        today: today).count
        var footer = "\(rows.count) Maßnahmen: " + (counts.isEmpty ? "keine" : counts.joined(separator: ", "))
        if overdue > 0 { footer += "; \(overdue) \(overdue == 1 ? "Meilenstein" : "Meilensteine") überfällig (!)" }
        return out + "\n" + TextLayout.wrap(footer, width).joined(separator: "\n") + "\n"
    }
}

/// A text table whose flexible columns wrap within `width` terminal columns.
enum WrappedTable {
    struct Layout {
        var widths: [Int]
        var gap: Int
        /// Every flexible column is at least as wide as its longest (breakable) word.
        var wordsFit: Bool
    }

    static func layout(headers: [String], flexible: [Bool], rows: [[String]], width: Int) -> Layout {
        // Two spaces between columns when everything fits on one line each, else one.
        let oneLine = headers.indices.map { i in rows.map { Terminal.width($0[i]) }.max() ?? 0 }
            .enumerated().map { i, w in max(w, Terminal.width(headers[i])) }
        let gap = oneLine.reduce(0, +) + 2 * (headers.count - 1) <= width ? 2 : 1
        // A header may wrap at its spaces ("nächster / Meilenstein"): its longest word is its minimum.
        let minimum = headers.enumerated().map { i, h in
            flexible[i] ? h.split(separator: " ").map { Terminal.width(String($0)) }.max() ?? 0 : Terminal.width(h)
        }
        var natural = minimum
        for row in rows {
            for (i, cell) in row.enumerated() where i < natural.count { natural[i] = max(natural[i], Terminal.width(cell)) }
        }
        if oneLine.reduce(0, +) + gap * (headers.count - 1) <= width { natural = oneLine }
        // Prefer every flexible column at least as wide as its longest word, when that fits.
        let available = width - gap * (headers.count - 1)
        let words = headers.indices.map { i in
            flexible[i] ? max(minimum[i], rows.map { longestWord($0[i]) }.max() ?? 0) : minimum[i]
        }
        let needed = headers.indices.map { flexible[$0] ? min(words[$0], natural[$0]) : natural[$0] }.reduce(0, +)
        let widths = fit(natural: natural, minimum: needed <= available ? words : minimum,
                         flexible: flexible, available: available)
        let wordsFit = headers.indices.allSatisfy { i in !flexible[i] || widths[i] >= words[i] }
        return Layout(widths: widths, gap: gap, wordsFit: wordsFit)
    }

    /// The table; `subLines[i]`, when given, follows row `i` indented under the second column.
    static func render(headers: [String], flexible: [Bool], rows: [[String]], subLines: [String?] = [],
                       width: Int) -> String {
        let rows = rows.map { $0.map(MeasureCLI.inert) }
        let l = layout(headers: headers, flexible: flexible, rows: rows, width: width)
        let widths = l.widths, space = String(repeating: " ", count: l.gap)
        func lines(_ cells: [String]) -> String {
            let wrapped = cells.enumerated().map { i, cell in
                Terminal.width(cell) <= widths[i] ? [cell] : TextLayout.wrap(breakable(cell, widths[i]), widths[i])
            }
            let height = wrapped.map(\.count).max() ?? 1
            var out = ""
            for line in 0..<height {
                var text = wrapped.enumerated().map { i, parts in
                    TextLayout.pad(line < parts.count ? parts[line] : "", widths[i])
                }.joined(separator: space)
                while text.hasSuffix(" ") { text.removeLast() }
                out += text + "\n"
            }
            return out
        }
        let indent = (widths.first ?? 0) + l.gap
        var out = lines(headers) + widths.map { String(repeating: "-", count: $0) }.joined(separator: space) + "\n"
        for (i, row) in rows.enumerated() {
            out += lines(row)
            if i < subLines.count, let sub = subLines[i] {
                for piece in TextLayout.wrap(breakable(MeasureCLI.inert(sub), width - indent), width - indent) {
                    out += String(repeating: " ", count: indent) + piece + "\n"
                }
            }
        }
        return out
    }

    /// Width of the longest word once "-" and "/" allow a break.
    static func longestWord(_ text: String) -> Int {
        breakable(text, 0).split(separator: " ").map { Terminal.width(String($0)) }.max() ?? 0
    }

    /// Words longer than `width` get a space after each "-" and "/", so they wrap there
    /// ("Ideen-/ Beschwerdemanagement") rather than at an arbitrary letter.
    static func breakable(_ text: String, _ width: Int) -> String {
        text.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            guard Terminal.width(String(word)) > width else { return String(word) }
            var out = ""
            for (i, ch) in word.enumerated() {
                out.append(ch)
                let next = word.index(word.startIndex, offsetBy: i + 1)
                if (ch == "-" || ch == "/") && next < word.endIndex && word[next] != "/" && word[next] != "-" { out.append(" ") }
            }
            return out
        }.joined(separator: " ")
    }

    /// Fixed columns keep their natural width; the flexible ones share the rest, none narrower
    /// than its header, each at most its natural width (water-filling).
    static func fit(natural: [Int], minimum: [Int], flexible: [Bool], available: Int) -> [Int] {
        var widths = natural
        let flex = natural.indices.filter { flexible[$0] }
        guard natural.reduce(0, +) > available, !flex.isEmpty else { return widths }
        for i in flex { widths[i] = min(minimum[i], natural[i]) }
        var left = available - widths.reduce(0, +)
        var open = flex.filter { natural[$0] > widths[$0] }.sorted { natural[$0] - widths[$0] < natural[$1] - widths[$1] }
        while !open.isEmpty && left > 0 {
            let share = max(1, left / open.count)
            let i = open.removeFirst()
            let add = min(natural[i] - widths[i], share)
            widths[i] += add
            left -= add
        }
        return widths
    }
}

extension Output {
    /// Columns of the terminal on standard output; nil when it is no terminal.
    static var terminalWidth: Int? {
        guard isTerminal else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 else { return nil }
        return Int(size.ws_col)
    }
}
