// Issue 17 item 12: one filter keystroke over 100.000 rows (update + render), in the process.
import Dispatch
import Foundation
import TeamworkCore
import TeamworkUI

enum FilterBench {
    /// The Termine pane with `count` events, `/` then "forum stadt" typed one key at a time;
    /// each sample is one keystroke: `AppState.update` plus `Renderer.render` of the frame.
    /// Returns (first keystroke, median of the others, slowest) in ms.
    static func keystrokes(project: Project, events count: Int, columns: Int, rows: Int) -> (first: Double, median: Double, max: Double) {
        var project = project
        project.events = (0..<count).map { i in
            Event(id: Int64(i + 1), title: "Veranstaltung \(i + 1) – Smart City Schwerin",
                  format: ["Workshop", "Forum", "Schulung", "Meetup", "Sprechstunde"][i % 5],
                  start: LocalDateTime(year: 2021 + i % 8, month: 1 + i % 12, day: 1 + i % 28, hour: 9, minute: 0),
                  end: LocalDateTime(year: 2021 + i % 8, month: 1 + i % 12, day: 1 + i % 28, hour: 11, minute: 0),
                  place: ["Rathaus", "Stadtbibliothek", "VHS", "online"][i % 4], organiser: "TEAMWORK")
        }
        var state = AppState(project: project, width: columns, height: rows)
        state.handle(.char("7"))
        state.handle(.char("/"))
        _ = Renderer.render(state)
        var samples: [Double] = []
        for ch in "forum stadt" {
            let start = DispatchTime.now().uptimeNanoseconds
            state.handle(.char(ch))
            let updated = DispatchTime.now().uptimeNanoseconds
            _ = Renderer.render(state)
            let end = DispatchTime.now().uptimeNanoseconds
            samples.append(Double(end - start) / 1_000_000)
            if getenv("FILTER_SPLIT") != nil {
                print("\(ch): Aktualisieren \(Double(updated - start) / 1e6) ms, Bild \(Double(end - updated) / 1e6) ms")
            }
        }
        let rest = samples.dropFirst().sorted()
        return (samples[0], rest[rest.count / 2], samples.max() ?? 0)
    }
}
