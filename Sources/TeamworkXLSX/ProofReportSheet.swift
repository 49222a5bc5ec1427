import Foundation
import TeamworkCore

// The sheet "Sachbericht" of the proof workbook: the skeleton per measure (goal, plan line
// Soll/Ist, events, status, responsible, milestones) with the parts the office writes itself.

extension ProofWorkbook {
    static func writeReport(_ proof: ProofOfUse, on sheet: Sheet) {
        var row = writeHead(proof, on: sheet, title: "Sachbericht (Gerüst) – \(proof.title)")
        for (column, label) in ["Angabe", "Inhalt"].enumerated() {
            sheet.write(text: label, row: row, column: column, style: header)
        }
        for (i, label) in ["Soll (€)", "Ist (€)", "Differenz (€)"].enumerated() {
            sheet.write(text: label, row: row, column: 2 + i, style: headerRight)
        }
        let headerRow = row
        row += 1
        let label = CellStyle(bold: true, verticalTop: true)
        let body = CellStyle(wrap: true, verticalTop: true)
        let open = CellStyle(italic: true, fontColor: 0x7F7F7F, verticalTop: true)
        let number = CellStyle(numberFormat: money, verticalTop: true)
        func events(_ list: [Event], caption: String) {
            sheet.write(text: caption, row: row, column: 0, style: label)
            if list.isEmpty { sheet.write(text: "keine", row: row, column: 1, style: body); row += 1 }
            for e in list {
                sheet.write(text: text("\(e.start.germanDate): \(e.title)\(e.place.isEmpty ? "" : ", " + e.place)"),
                            row: row, column: 1, style: body)
                row += 1
            }
        }
        if proof.measures.isEmpty {
            sheet.write(text: "Keine Maßnahmen dieser Phase im Antrag.", row: row, column: 1, style: CellStyle(italic: true))
            row += 2
        }
        for report in proof.measures {
            let m = report.measure
            sheet.write(text: "\(m.stage.title), Maßnahme \(m.number)", row: row, column: 0, style: section)
            sheet.write(text: text(m.title), row: row, column: 1, style: section)
            for column in 2...4 { sheet.write(text: "", row: row, column: column, style: section) }
            row += 1
            sheet.write(text: "Ziel laut Antrag", row: row, column: 0, style: label)
            sheet.write(text: m.goal.isEmpty ? "—" : text(m.goal), row: row, column: 1, style: body)
            let lines = max(1, (m.goal.count + 69) / 70)
            if lines > 1 { sheet.rowHeight(Double(min(lines, 20)) * 15, row: row) }
            row += 1
            sheet.write(text: "Planzeile", row: row, column: 0, style: label)
            if let line = report.line {
                sheet.write(text: text("\(line.code) \(line.label)"), row: row, column: 1, style: body)
                sheet.write(number: euros(line.soll), row: row, column: 2, style: number)
                if let ist = line.ist {
                    sheet.write(number: euros(ist), row: row, column: 3, style: number)
                    sheet.write(formula: "=\(CellReference.name(row: row, column: 3))-\(CellReference.name(row: row, column: 2))",
                                cached: euros(ist - line.soll), row: row, column: 4, style: number)
                }
            } else {
                sheet.write(text: m.planLine.map(text) ?? "keine", row: row, column: 1, style: body)
            }
            row += 1
            events(report.events, caption: "Veranstaltungen im Zeitraum")
            sheet.write(text: "Status", row: row, column: 0, style: label)
            sheet.write(text: text(report.status + "; verantwortlich: " + (report.responsible ?? "niemand eingetragen")),
                        row: row, column: 1, style: body)
            row += 1
            sheet.write(text: "Meilensteine", row: row, column: 0, style: label)
            if report.milestones.isEmpty { sheet.write(text: "keine", row: row, column: 1, style: body); row += 1 }
            for line in report.milestones {
                sheet.write(text: text(line.text), row: row, column: 1, style: body)
                row += 1
            }
            sheet.write(text: "Stand der Umsetzung", row: row, column: 0, style: label)
            sheet.write(text: "(vom Projektbüro zu ergänzen)", row: row, column: 1, style: open)
            row += 1
            sheet.write(text: "Abweichungen vom Antrag und Gründe", row: row, column: 0, style: CellStyle(bold: true, wrap: true, verticalTop: true))
            sheet.write(text: "(vom Projektbüro zu ergänzen)", row: row, column: 1, style: open)
            row += 2
        }
        if !proof.otherEvents.isEmpty {
            sheet.write(text: "Weitere Veranstaltungen", row: row, column: 0, style: section)
            for column in 1...4 { sheet.write(text: "", row: row, column: column, style: section) }
            row += 1
            events(proof.otherEvents, caption: "im Zeitraum")
        }
        sheet.columnWidth(30, first: 0)
        sheet.columnWidth(70, first: 1)
        sheet.columnWidth(15, first: 2, last: 4)
        sheet.freeze(row: headerRow + 1, column: 0)
        printSetup(sheet, proof: proof, landscape: true, repeatRow: headerRow)
    }
}
