import TeamworkCore

/// Navigation: the filter, the list panes' cursors and detail views, jumps from a finding,
/// and the overview's scroll.
extension AppState {
    // MARK: Filter

    public var currentFilter: String {
        if pane.isGrid { return grids[pane]!.filter }
        if pane.isList { return lists[pane]!.filter }
        return ""
    }

    mutating func setFilter(_ text: String) {
        if pane.isGrid {
            grids[pane]!.filter = text
            grids[pane]!.scroll = 0
            let rows = visibleGridRows(pane)
            let current = grids[pane]!.row
            if !rows.indices.contains(current) || !text.isEmpty {
                grids[pane]!.row = rows.firstIndex { gridRowMatches(pane, $0) } ?? 0
            }
        } else if pane.isList {
            lists[pane]!.filter = text
            refilter(pane)
            lists[pane]!.scroll = 0
            lists[pane]!.cursor = firstSelectable(in: pane)
        }
    }

    mutating func runFilter(_ action: FilterAction, key: Key, previous: String) {
        var text = currentFilter
        switch action {
        case .accept:
            mode = .normal
            if !text.isEmpty {
                let count = pane.isGrid ? visibleGridRows(pane).filter { gridRowMatches(pane, $0) }.count
                                        : visibleListRows(pane).filter { listModel(pane).rows[$0].selectable }.count
                status = "Filter \"\(text)\": \(count) Treffer – n/N springt, Esc hebt auf"
            }
            return
        case .discard:
            mode = .normal
            setFilter(previous)
            return
        case .deleteBackward:
            if !text.isEmpty { text.removeLast() }
        case .clear:
            text = ""
        case .type(let c):
            text.append(c)
        case .leaveAndMove:
            mode = .normal
            handle(key)
            return
        }
        setFilter(text)
    }

    // MARK: Lists

    /// Indices into the list model's rows that pass the filter (group headings stay with their group).
    /// Served from `filtered` (computed once per filter change or model change), so drawing and
    /// moving do not scan the rows again; computed afresh when no cached result fits.
    public func visibleListRows(_ pane: PaneID) -> [Int] {
        let model = listModel(pane)
        let filter = lists[pane]?.filter ?? ""
        guard !filter.isEmpty else { return Array(model.rows.indices) }
        if let cached = filtered[pane], cached.filter == filter, cached.rowCount == model.rows.count { return cached.rows }
        return AppState.filterRows(model, filter, within: nil)
    }

    /// The rows of `model` that match `filter`; `within` (the matches of a shorter filter that
    /// this one extends) limits the scan.
    static func filterRows(_ model: ListModel, _ filter: String, within: [Int]?) -> [Int] {
        var needle = TextLayout.fold(filter)
        needle.makeContiguousUTF8()
        var result: [Int] = []
        var pendingHeading: Int?
        // Through the buffers: a row is looked at in place (two fields), not copied with its
        // cells, texts and references for each of 100.000 rows and each keystroke.
        model.rows.withUnsafeBufferPointer { rows in
            needle.utf8.withContiguousStorageIfAvailable { bytes in
                func consider(_ index: Int) {
                    if !rows[index].selectable { pendingHeading = index; return }
                    if TextLayout.containsFolded(rows[index].foldedSearchText, needleBytes: bytes) {
                        if let h = pendingHeading { result.append(h); pendingHeading = nil }
                        result.append(index)
                    }
                }
                if let within { for index in within { consider(index) } } else { for index in rows.indices { consider(index) } }
            }
        }
        return result
    }

    /// Recomputes the cached matches of a list pane's filter (after the filter or the rows changed).
    mutating func refilter(_ pane: PaneID) {
        let filter = lists[pane]?.filter ?? ""
        let model = listModel(pane)
        guard !filter.isEmpty else { filtered[pane] = nil; return }
        var within: [Int]?
        // Typing one more character only narrows: scan the previous matches, not all rows.
        if let previous = filtered[pane], previous.rowCount == model.rows.count, !previous.filter.isEmpty,
           TextLayout.fold(filter).hasPrefix(TextLayout.fold(previous.filter)) {
            within = previous.rows
        }
        filtered[pane] = FilteredRows(filter: filter, rowCount: model.rows.count,
                                      rows: AppState.filterRows(model, filter, within: within))
    }

    func firstSelectable(in pane: PaneID) -> Int {
        let model = listModel(pane)
        let rows = visibleListRows(pane)
        return rows.firstIndex { model.rows[$0].selectable } ?? 0
    }

    /// Rows of the list body: the table header takes one row.
    var listViewport: Int { listViewport(pane) }

    /// Rows of a list body: the table header takes one, the preview area (if the pane has one) more.
    func listViewport(_ pane: PaneID) -> Int {
        max(1, bodyHeight - 1 - previewHeight(pane) - (Panes.spec(pane).summaryHeight?(self) ?? 0))
    }

    /// Height of the area under a list that shows the selected row's whole text (Prüfung: the
    /// finding's message with its advice), wrapped: a rule plus as many lines as the longest
    /// text needs (at most half the body), so the list does not jump while moving.
    func previewHeight(_ pane: PaneID) -> Int {
        guard Panes.spec(pane).preview, !(lists[pane]?.detailOpen ?? false) else { return 0 }
        let model = listModel(pane)
        let width = max(10, self.width - 2)
        let longest = model.details.map { TextLayout.wrap($0.first?.text ?? "", width).count }.max() ?? 0
        guard longest > 0 else { return 0 }
        return min(longest + 1, max(0, bodyHeight / 2))
    }

    mutating func clampList(_ pane: PaneID) {
        let count = visibleListRows(pane).count
        var s = lists[pane]!
        s.cursor = max(0, min(s.cursor, count - 1))
        s.scroll = max(0, min(s.scroll, max(0, count - listViewport(pane))))
        lists[pane] = s
    }

    mutating func moveList(_ action: Action) {
        var list = lists[pane]!
        let outcome = list.update(action, model: listModel(pane), rows: visibleListRows(pane),
                                  viewport: listViewport, detailPage: max(1, bodyHeight - 2))
        lists[pane] = list
        if case .jump(let target) = outcome { jump(to: target) }
    }

    mutating func jump(to target: JumpTarget) {
        switch target {
        case .planCell(let code, let column):
            // The plan table that shows the line (as a row or as its frozen sum row).
            guard let destination = Panes.all.first(where: { spec in
                guard let grid = models.grids[spec.id] else { return false }
                return grid.codes.contains(code) || grid.frozenBottom == code
            })?.id else { return }
            switchPane(destination)
            var g = grids[destination]!
            g.filter = ""
            if let parent = models.grid(destination).parent[code] { g.folded.remove(parent) }
            grids[destination] = g
            let rows = visibleGridRows(destination)
            grids[destination]!.row = rows.firstIndex(of: code) ?? rows.count  // frozen bottom = one past the end
            grids[destination]!.column = column
            ensureGridVisible(destination)
            // The status line then explains the cell on one line (`Renderer.drawStatus`), so it
            // never covers the row just jumped to; Prüfung shows the whole message.
            status = nil
        case .record(let ref):
            // The first list pane whose rows show the record.
            guard let destination = Panes.all.first(where: { spec in
                spec.shape == .list && listModel(spec.id).rows.contains { $0.record == ref }
            })?.id else { return }
            switchPane(destination)
            select(in: destination) { $0.record == ref }
        }
    }

    mutating func select(in pane: PaneID, where predicate: (ListRow) -> Bool) {
        lists[pane]!.filter = ""
        filtered[pane] = nil
        lists[pane]!.detailOpen = false
        let model = listModel(pane)
        if let index = model.rows.firstIndex(where: predicate) {
            lists[pane]!.cursor = index
            if index >= lists[pane]!.scroll + listViewport(pane) { lists[pane]!.scroll = index - listViewport(pane) + 1 }
            if index < lists[pane]!.scroll { lists[pane]!.scroll = index }
        }
    }

    // MARK: Overview

    mutating func moveOverview(_ action: Action) {
        let page = max(1, bodyHeight - 1)
        switch action {
        case .up: overviewScroll = max(0, overviewScroll - 1)
        case .down: overviewScroll += 1
        case .pageUp: overviewScroll = max(0, overviewScroll - page)
        case .pageDown: overviewScroll += page
        case .top: overviewScroll = 0
        case .bottom: overviewScroll = Int.max / 2
        default: break
        }
    }
}

extension AppState {
    /// The list a pane shows: from the project, or the audit trail for Änderungen.
    public func listModel(_ pane: PaneID) -> ListModel {
        pane == .changes ? changesModel : models.list(pane)
    }
}

extension Models {
    public func list(_ pane: PaneID) -> ListModel {
        lists.model(pane) ?? ListModel(columns: [], rows: [], details: [], emptyText: "")
    }

    public func grid(_ pane: PaneID) -> GridModel { grids[pane]! }
}

extension ListState {
    /// What a list's update asks of the rest of the dashboard.
    enum Outcome { case done, jump(JumpTarget) }

    /// Moves the cursor (skipping headings) or scrolls the open detail; Enter opens the detail,
    /// or jumps when the row leads somewhere (a finding to its cell). `rows` are the visible
    /// indices into `model.rows`; `viewport` the rows the list shows.
    mutating func update(_ action: Action, model: ListModel, rows: [Int], viewport: Int, detailPage: Int) -> Outcome {
        if detailOpen {
            // A detail with selectable lines (a measure's milestones and notes): ↑↓ select them.
            let items = rows.indices.contains(cursor) ? model.details[rows[cursor]].filter { $0.item != nil }.count : 0
            switch action {
            case .up where items > 0: detailItem = max(0, min(detailItem, items - 1) - 1); detailScroll = 0
            case .down where items > 0: detailItem = min(items - 1, detailItem + 1); detailScroll = 0
            case .up: detailScroll = max(0, detailScroll - 1)
            case .down: detailScroll += 1
            case .pageUp: detailScroll = max(0, detailScroll - detailPage)
            case .pageDown: detailScroll += detailPage
            case .top: detailScroll = 0
            case .bottom: detailScroll = Int.max / 2
            case .open: detailOpen = false
            default: break
            }
            return .done
        }
        guard !rows.isEmpty else { return .done }
        func step(_ from: Int, _ delta: Int) -> Int {
            var i = from
            repeat { i += delta } while rows.indices.contains(i) && !model.rows[rows[i]].selectable
            return rows.indices.contains(i) ? i : from
        }
        func selectableNear(_ i: Int, preferDown: Bool) -> Int {
            let clamped = max(0, min(i, rows.count - 1))
            if model.rows[rows[clamped]].selectable { return clamped }
            let a = step(clamped, preferDown ? 1 : -1)
            return a != clamped ? a : step(clamped, preferDown ? -1 : 1)
        }
        let page = max(1, viewport - 1)
        switch action {
        case .up: cursor = step(cursor, -1)
        case .down: cursor = step(cursor, 1)
        case .pageUp: cursor = selectableNear(cursor - page, preferDown: false)
        case .pageDown: cursor = selectableNear(cursor + page, preferDown: true)
        case .top: cursor = selectableNear(0, preferDown: true)
        case .bottom: cursor = selectableNear(rows.count - 1, preferDown: false)
        case .nextMatch, .previousMatch:
            let delta = action == .nextMatch ? 1 : -1
            let n = rows.count
            var i = cursor
            for _ in 0..<n {
                i = (i + delta + n) % n
                if model.rows[rows[i]].selectable { break }
            }
            cursor = i
        case .open:
            guard rows.indices.contains(cursor) else { break }
            if let target = model.rows[rows[cursor]].target { return .jump(target) }
            detailOpen = true
            detailScroll = 0
            detailItem = 0
        default: break
        }
        if cursor < scroll { scroll = cursor }
        if cursor >= scroll + viewport { scroll = cursor - viewport + 1 }
        return .done
    }
}
