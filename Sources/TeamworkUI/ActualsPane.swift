import TeamworkCore

extension PaneID {
    /// Soll/Ist of the cost plan (tab 10: no digit key; Tab reaches it).
    public static let actuals = PaneID(10, "actuals")
}

/// Which figure the Soll/Ist table shows in each year column (`b` cycles them).
public enum ActualsView: Int, CaseIterable, Sendable {
    case actual, plan, difference

    public var title: String {
        switch self {
        case .actual: "Ist"
        case .plan: "Soll"
        case .difference: "Δ Ist−Soll"
        }
    }
}

/// The Belegliste of one cell (line and year, or the whole period): computed once when opened
/// (and after each reload), drawn a screenful at a time.
public struct ReceiptsView: Sendable, Equatable {
    public var receipts: Receipts
    /// Equal to the cell (computed once: a frame does not add up 100.000 amounts).
    public let sum: Money
    public var cursor = 0
    public var scroll = 0

    /// Width of the Beleg-Nr. column: the longest number (at most 16), so numbers are not cut.
    public let receiptWidth: Int

    public init(receipts: Receipts) {
        self.receipts = receipts; sum = receipts.sum
        receiptWidth = min(16, max(9, receipts.expenses.lazy.map { Terminal.width($0.receipt) }.max() ?? 9))
    }

    public var line: String { receipts.line }
    public var year: Int? { receipts.year }
    public var selected: Expense? { receipts.expenses.indices.contains(cursor) ? receipts.expenses[cursor] : nil }
}

extension Panes {
    static let actuals: PaneSpec = {
        var spec = PaneSpec(.actuals, title: "Soll/Ist", shortTitle: "Ist", shape: .grid,
                            draw: { ActualsDraw.draw($0, in: $1, into: &$2) }, export: PaneExport.planCSV)
        spec.open = ("Belegliste der Zelle", "Belege")
        spec.edits = true; spec.deletes = true
        spec.folds = true
        spec.addForm = { state in .expense(nil, line: state.actualsSelectedItemLine, project: state.project, today: state.today) }
        spec.bindings = [
            Binding([.char("b"), .char("v")], .toggleBaseline, "Ist, Soll oder Δ zeigen", group: "Ansicht", footer: "Ist/Soll/Δ"),
        ]
        spec.buildGrid = { Models.grid($0, sections: [.strategy, .implementation], frozenBottom: KfW436.eligibleCosts) }
        spec.perform = { state, action in state.performActuals(action) }
        return spec
    }()
}

extension AppState {
    /// The value the Soll/Ist table shows in a cell (years, then Gesamt).
    public func actualsValue(code: String, column: Int) -> Int64 {
        let years = project.plan.years
        let year = column < years.count ? years[column] : nil
        let ist = models.ledger.actual(code, year: year).cents
        let soll = project.plan[code].map { column < years.count ? $0.values[column] : $0.statedTotal } ?? 0
        switch actualsView {
        case .actual: return ist
        case .plan: return soll
        case .difference: return ist - soll
        }
    }

    /// Ist over Soll in that cell.
    public func actualsOverPlan(code: String, column: Int) -> Bool {
        let years = project.plan.years
        let year = column < years.count ? years[column] : nil
        let ist = models.ledger.actual(code, year: year).cents
        let soll = project.plan[code].map { column < years.count ? $0.values[column] : $0.statedTotal } ?? 0
        return ist > soll
    }

    /// The item line under the cursor, if it is one (prefills the add form).
    var actualsSelectedItemLine: String? {
        guard let code = gridCursorCode(.actuals), let line = project.plan[code], KfW436.isBookable(line) else { return nil }
        return code
    }

    /// The pane's own handling: Enter opens the Belegliste, b/v cycles Soll/Ist/Δ; inside the
    /// Belegliste (its own key table, `KeyMap.receipts`) the movement keys move its cursor, e/d
    /// edit/delete the receipt, Esc closes it.
    mutating func performActuals(_ action: Action) -> Bool {
        if var view = receiptsView {
            let count = view.receipts.expenses.count
            let page = max(1, bodyHeight - 4)
            switch action {
            case .up: view.cursor = max(0, view.cursor - 1)
            case .down: view.cursor = max(0, min(count - 1, view.cursor + 1))
            case .pageUp: view.cursor = max(0, view.cursor - page)
            case .pageDown: view.cursor = max(0, min(count - 1, view.cursor + page))
            case .top: view.cursor = 0
            case .bottom: view.cursor = max(0, count - 1)
            case .back:
                receiptsView = nil
                return true
            case .edit:
                guard !readOnly else { status = AppState.readOnlyMessage; return true }
                guard let e = view.selected else { status = "Kein Beleg ausgewählt."; return true }
                mode = .form(.expense(e, line: e.line, project: project, today: today))
                return true
            case .delete:
                guard !readOnly else { status = AppState.readOnlyMessage; return true }
                guard let e = view.selected else { status = "Kein Beleg ausgewählt."; return true }
                mode = .confirm(Confirmation(message: "\(e.label) an „\(e.payee)“ löschen? (j/n)", effect: .deleteExpense(e),
                                             discardsForm: false, before: .expense(e), label: "\(e.label) gelöscht"))
                return true
            case .add:
                guard !readOnly else { status = AppState.readOnlyMessage; return true }
                mode = .form(.expense(nil, line: view.line, project: project, today: today))
                return true
            default:
                return false
            }
            let rows = max(1, bodyHeight - 4)
            if view.cursor < view.scroll { view.scroll = view.cursor }
            if view.cursor >= view.scroll + rows { view.scroll = view.cursor - rows + 1 }
            receiptsView = view
            return true
        }
        switch action {
        case .toggleBaseline:
            actualsView = ActualsView(rawValue: (actualsView.rawValue + 1) % ActualsView.allCases.count)!
            status = "Ansicht: \(actualsView.title) je Jahr (b/v wechselt Ist, Soll, Δ)"
            return true
        case .edit:
            // Edits go through the Belegliste: the cells are sums of receipts.
            openReceipts()
            if receiptsView != nil { status = "Belegliste: e bearbeitet den gewählten Beleg, a legt einen an." }
            return true
        case .delete:
            status = "Löschen in der Belegliste (Enter auf der Zelle, dann d)."
            return true
        case .open:
            if let code = gridCursorCode(.actuals), project.plan[code]?.kind == .group, grids[.actuals]!.filter.isEmpty {
                return false   // Enter folds a group, as in Kosten
            }
            openReceipts()
            return true
        default:
            return false
        }
    }

    mutating func openReceipts() {
        guard let code = gridCursorCode(.actuals), let line = project.plan[code] else { return }
        guard KfW436.isBookable(line) else {
            status = "\(code) ist eine Summenzeile – Belege stehen an den Einzelposten (Leertaste klappt)."
            return
        }
        let column = grids[.actuals]!.column
        let years = project.plan.years
        let year = column < years.count ? years[column] : nil
        receiptsView = ReceiptsView(receipts: models.ledger.receipts(line: code, year: year))
    }

    /// After a reload: the open Belegliste shows the stored receipts again.
    mutating func refreshReceipts() {
        guard let view = receiptsView else { return }
        var fresh = ReceiptsView(receipts: models.ledger.receipts(line: view.line, year: view.year))
        fresh.cursor = min(view.cursor, max(0, fresh.receipts.expenses.count - 1))
        fresh.scroll = min(view.scroll, fresh.cursor)
        receiptsView = fresh
    }
}

enum ActualsDraw {
    static func draw(_ state: AppState, in area: Rect, into buffer: inout Buffer) {
        if let view = state.receiptsView {
            drawReceipts(state, view, in: area, into: &buffer)
        } else {
            GridView.draw(state, pane: .actuals, in: area, into: &buffer)
        }
    }

    /// Datum, Beleg-Nr., Empfänger, Zweck, Betrag; the sum row at the bottom equals the cell.
    static func drawReceipts(_ state: AppState, _ view: ReceiptsView, in area: Rect, into buffer: inout Buffer) {
        let theme = state.theme
        let label = state.project.plan[view.line]?.label ?? ""
        let period = view.year.map(String.init) ?? "gesamt"
        let expenses = view.receipts.expenses
        buffer.put(TextLayout.pad(" Belegliste \(view.line) · \(period) · \(expenses.count) Belege · \(label)", area.width),
                   x: area.x, y: area.y, style: theme.style(.title))
        let amountWidth = 14, dateWidth = 10, receiptWidth = view.receiptWidth
        let rest = max(10, area.width - 2 - dateWidth - receiptWidth - amountWidth - 4)
        let payeeWidth = rest * 2 / 5, purposeWidth = rest - payeeWidth
        func line(_ cells: [String]) -> String {
            " " + TextLayout.pad(cells[0], dateWidth) + " " + TextLayout.pad(cells[1], receiptWidth) + " "
                + TextLayout.pad(cells[2], payeeWidth) + " " + TextLayout.pad(cells[3], purposeWidth) + " "
                + TextLayout.pad(cells[4], amountWidth, right: true)
        }
        buffer.fill(Rect(x: area.x, y: area.y + 1, width: area.width, height: 1), style: theme.style(.frozen))
        buffer.put(line(["Datum", "Beleg-Nr.", "Empfänger", "Zweck", "Betrag (€)"]), x: area.x, y: area.y + 1, style: theme.style(.frozen))
        let rows = max(1, area.height - 4)
        let scroll = max(0, min(view.scroll, max(0, expenses.count - rows)))
        if expenses.isEmpty {
            buffer.put(" Keine Belege in dieser Zelle – a erfasst eine Ausgabe.", x: area.x, y: area.y + 2, style: theme.style(.dim))
        }
        for i in 0..<min(rows, max(0, expenses.count - scroll)) {
            let e = expenses[scroll + i]
            let text = line([e.date.german, TerminalSafety.escaped(e.receipt), TerminalSafety.escaped(e.payee), TerminalSafety.escaped(e.purpose), e.amount.formatted])
            let selected = scroll + i == view.cursor
            buffer.put(TextLayout.pad(text, area.width), x: area.x, y: area.y + 2 + i, style: theme.style(selected ? .selection : .body))
        }
        ScrollBar.draw(theme, in: Rect(x: area.x, y: area.y + 2, width: area.width, height: rows), offset: scroll,
                       total: expenses.count, into: &buffer)
        let sumY = area.maxY - 2
        buffer.fill(Rect(x: area.x, y: sumY, width: area.width, height: 1), style: theme.style(.sumRow))
        buffer.put(line(["Summe", "", "", "= Ist der Zelle", view.sum.formatted]), x: area.x, y: sumY, style: theme.style(.sumRow))
        let position = expenses.isEmpty ? "" : "Beleg \(view.cursor + 1) von \(expenses.count)"
        buffer.put(" " + position, x: area.x, y: area.maxY - 1, style: theme.style(.dim), maxWidth: area.width - 1)
    }
}
