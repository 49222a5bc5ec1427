import Testing
import TeamworkCore
@testable import TeamworkUI

/// The concerns' own updates, without the rest of the dashboard.
@Suite struct SubStateTests {
    @Test func historyBooksEditsUndoAndRedo() {
        var history = EditHistory()
        let before = Snapshot.planValue(code: "1.1.1", yearIndex: 0, value: 1)
        let after = Snapshot.planValue(code: "1.1.1", yearIndex: 0, value: 2)
        #expect(history.settle(.edit(label: "x", before: before), after: after) == "")
        #expect(history.undoStack.count == 1 && history.redoStack.isEmpty)
        #expect(history.settle(.undo, after: before) == "Rückgängig: ")
        #expect(history.undoStack.isEmpty && history.redoStack.first?.before == before)
        #expect(history.settle(.redo, after: after) == "Wiederholt: ")
        #expect(history.undoStack.count == 1 && history.redoStack.isEmpty)
        // A result nobody asked for (a reload) books nothing.
        #expect(history.settle(nil, after: after) == "" && history.undoStack.count == 1)
    }

    @Test func listSkipsHeadingsAndJumpsWhereARowLeads() {
        let model = ListModel(columns: [ListColumn("A", width: 4)], rows: [
            ListRow(cells: ["Kopf"], role: .groupRow, selectable: false),
            ListRow(cells: ["a"]),
            ListRow(cells: ["Kopf 2"], role: .groupRow, selectable: false),
            ListRow(cells: ["b"], target: .planCell(code: "1.1.1", column: 0)),
        ], details: [[], [], [], []], emptyText: "")
        var list = ListState()
        list.cursor = 1
        _ = list.update(.down, model: model, rows: [0, 1, 2, 3], viewport: 10, detailPage: 5)
        #expect(list.cursor == 3)
        guard case .jump(.planCell("1.1.1", 0)) = list.update(.open, model: model, rows: [0, 1, 2, 3], viewport: 10, detailPage: 5)
        else { Issue.record("kein Sprung"); return }
        _ = list.update(.up, model: model, rows: [0, 1, 2, 3], viewport: 10, detailPage: 5)
        #expect(list.cursor == 1)
        _ = list.update(.open, model: model, rows: [0, 1, 2, 3], viewport: 10, detailPage: 5)
        #expect(list.detailOpen)
    }
}
