import Testing
import TeamworkCore
@testable import TeamworkUI

@Suite struct ReviewAndExportTests {
    static let now = UTCDateTime(year: 2026, month: 11, day: 26, hour: 8)

    @Test func slidesAdvanceAndGoBackAndUseTheProjectorTheme() {
        var state = AppState(project: Fixture.project, themes: [Theme.fallback, Theme(name: "Kontrast", styles: [:])],
                             width: 100, height: 30, today: Fixture.today)
        state.press(.char("r"))
        #expect(state.review?.slide == .overview)
        #expect(state.theme.name == "Kontrast")
        #expect(state.takeEffects() == [.loadChanges])
        #expect(state.screen.contains("ÜBERBLICK"))
        #expect(state.screen.contains("Nur Lesen"))
        #expect(state.screen.contains("26.11.2026"))
        state.press(.char(" "))
        #expect(state.screen.contains("BEFUNDE DER PRÜFUNG"))
        #expect(state.screen.contains("4 Fehler"))
        state.press(.pageDown, .pageDown)
        #expect(state.review?.slide == .funding)
        #expect(state.screen.contains("MITTELABRUF UND FRISTEN"))
        #expect(state.screen.contains("Mittelabrufe der Woche 23.11.2026 – 29.11.2026: 0"))
        state.press(.pageDown, .pageDown, .pageDown)
        #expect(state.review?.slide == .changes)
        state.press(.pageUp)
        #expect(state.review?.slide == .upcoming)
        #expect(state.screen.contains("Keine Termine mit Datum in den nächsten 14 Tagen"))
        state.press(.escape)
        #expect(state.review == nil)
        #expect(state.theme.name == "default")
        #expect(!state.shouldQuit)
    }

    @Test func reviewSnapshots() {
        var state = Fixture.state(width: 80, height: 24)
        state.startReview(standalone: true, lastReview: nil)
        state.changes = [ChangeRow(at: "2026-11-25T10:00:00Z", user: "anna", entity: "Plan", entityID: "2.1.3", field: "2025",
                                   old: "25.000,00", new: "26.000,00", summary: "Plan 2.1.3 / 2025: 25.000,00 → 26.000,00")]
        for slide in Slide.allCases {
            state.review?.slide = slide
            assertSnapshot(state.screen, named: "review-\(slide.rawValue + 1)-\(slide)-80x24")
        }
        state.press(.char("q"))
        #expect(state.shouldQuit)
    }

    @Test func markingTheEndOfAReviewIsAnEffectAndFiltersChanges() {
        var state = Fixture.state(width: 100, height: 30)
        state.startReview(standalone: false, lastReview: "2026-11-20T00:00:00Z")
        _ = state.takeEffects()
        state.changes = [
            ChangeRow(at: "2026-11-25T10:00:00Z", user: "anna", entity: "Plan", entityID: "1", field: "", old: "", new: "", summary: "neu"),
            ChangeRow(at: "2026-11-19T10:00:00Z", user: "bernd", entity: "Plan", entityID: "1", field: "", old: "", new: "", summary: "alt"),
        ]
        #expect(state.changesSinceReview.map(\.summary) == ["neu"])
        // A change at the very moment of the last review counts (>=, as the store's auditTrail(since:)).
        state.changes.append(ChangeRow(at: "2026-11-20T00:00:00Z", user: "cem", entity: "Plan", entityID: "1", field: "",
                                       old: "", new: "", summary: "genau dann"))
        #expect(state.changesSinceReview.map(\.summary) == ["neu", "genau dann"])
        state.press(.char("m"))
        let requests = state.takeRequests()
        #expect(requests.map(\.effect) == [.markReview])
        state.update(.result(requests[0].id, .reviewMarked(at: "2026-11-26T09:00:00Z")))
        #expect(state.lastReview == "2026-11-26T09:00:00Z")
        #expect(state.changesSinceReview.isEmpty)
    }

    @Test func upcomingEventsAreTheNextFourteenDays() {
        var project = Fixture.project
        project.events = [
            Event(id: 1, title: "Gestern", format: "Workshop", start: LocalDateTime(year: 2026, month: 11, day: 25, hour: 9),
                  end: LocalDateTime(year: 2026, month: 11, day: 25, hour: 10)),
            Event(id: 2, title: "Forum", format: "Forum", start: LocalDateTime(year: 2026, month: 12, day: 9, hour: 9),
                  end: LocalDateTime(year: 2026, month: 12, day: 9, hour: 12)),
            Event(id: 3, title: "Zu spät", format: "Forum", start: LocalDateTime(year: 2026, month: 12, day: 10, hour: 9),
                  end: LocalDateTime(year: 2026, month: 12, day: 10, hour: 12)),
        ]
        let state = Fixture.state(project: project)
        #expect(state.upcomingEvents(days: 14).map(\.title) == ["Forum"])
        #expect(LocalDateTime(year: 2026, month: 12, day: 25).adding(days: 14) == LocalDateTime(year: 2027, month: 1, day: 8))
        #expect(LocalDateTime(year: 2028, month: 2, day: 20).adding(days: 10) == LocalDateTime(year: 2028, month: 3, day: 1))
    }

    @Test func statusReportHasEverySection() {
        let changes = [ChangeRow(at: "2026-11-25T10:00:00Z", user: "anna", entity: "Plan", entityID: "2.1.3", field: "2025",
                                 old: "25.000,00", new: "26.000|27.000", summary: "")]
        func render(since: String, _ format: StatusReport.Format) -> String {
            StatusReport.render(project: Fixture.project, changes: changes, since: since, today: Fixture.today, format: format)
        }
        let md = render(since: "2026-11-20T00:00:00Z", .md)
        for heading in ["# Statusbericht Smart City Schwerin – 26.11.2026", "## Überblick", "## Befunde der Prüfung",
                        "## Kosten und Finanzierung je Jahr", "## Termine der nächsten 14 Tage", "## Änderungen seit 2026-11-20"] {
            #expect(md.contains(heading + "\n"), "\(heading)")
        }
        #expect(md.contains("| Bundesmittel (3.1.3) | 16.475.000,00 | 90,40 % |"))
        #expect(md.contains("| 2024 | 3.750.000,00 | 3.400.000,00 | 90,67 % | 9,33 % |"))
        #expect(md.contains("4 Fehler, 14 Warnungen."))
        // The time without its T, a pipe inside a cell kept out of the table's structure.
        #expect(md.contains("| 2026-11-25 10:00 | anna | Plan | 2025: 25.000,00 → 26.000/27.000 |"))
        let text = render(since: "2026-11-26T00:00:00Z", .text)
        #expect(!text.contains("| ---"))
        #expect(text.contains("Keine Änderungen."))
    }

    @Test func exportWritesEachPaneInItsNaturalFormat() throws {
        var state = Fixture.state()
        state.press(.char("3"))
        let plan = PaneExport.file(for: state, now: Self.now)
        #expect(plan.name == "teamwork-plan-2026-11-26.csv")
        #expect(plan.contents == PlanCSV.write(Fixture.project.plan))
        #expect(try PlanCSV.read(plan.contents) == Fixture.project.plan)

        state.press(.char("6"))
        let cards = PaneExport.file(for: state, now: Self.now)
        #expect(cards.name.hasSuffix(".vcf"))
        #expect(try VCard.read(cards.contents).count == Fixture.project.stakeholders.count)

        state.press(.char("7"))
        let calendar = PaneExport.file(for: state, now: Self.now)
        #expect(calendar.contents.hasPrefix("BEGIN:VCALENDAR\r\n"))

        state.press(.char("2"))
        let measures = PaneExport.file(for: state, now: Self.now)
        // For German Excel: BOM, semicolons, CRLF.
        let lines = measures.contents.components(separatedBy: "\r\n").dropLast()
        #expect(lines.first == "\u{FEFF}Nr;Maßnahme;Status;Verantwortlich;Nächster Meilenstein")
        #expect(lines.count == 1 + Fixture.project.measures.count)

        state.press(.char("1"))
        #expect(PaneExport.file(for: state, now: Self.now).name == "teamwork-statusbericht-2026-11-26.md")
        // x carries the file itself to the runner: what the test built is what gets written.
        state.update(.tick(Self.now))
        state.press(.char("x"))
        #expect(state.takeEffects() == [.export(PaneExport.file(for: state, now: Self.now), directory: ".")])
    }
}

@Suite struct SeriesDatingTests {
    @Test func aDatedSeriesShowsItsNextDate() {
        var project = Fixture.project
        let series = project.series.sorted { $0.id < $1.id }[1]
        project.events = [Event(id: 1, seriesID: series.id, title: series.title, format: series.format,
                                start: LocalDateTime(year: 2027, month: 5, day: 12, hour: 10),
                                end: LocalDateTime(year: 2027, month: 5, day: 12, hour: 16))]
        var state = Fixture.state(width: 120, height: 40, project: project)
        state.press(.char("7"))
        #expect(state.screen.contains("→ 12.05.2027"))
        #expect(state.screen.split(separator: "\n").filter { $0.contains("Termin offen") }.count == project.series.count - 1)
    }
}
