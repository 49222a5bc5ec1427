import Testing
@testable import TeamworkCore

/// The Maßnahmen-Controlling rules at their boundaries, the status words, the dates and the
/// values the dashboard reads.
@Suite struct MeasureChecksTests {
    let today = CalendarDate(year: 2026, month: 12, day: 1)
    let plan = basePlan()

    var transformation: Measure {
        Measure(id: 6, stage: .implementation, number: 1, title: "Lebenshauptstadt ist Transformation",
                cost: plan["2.2.1"].map { Money(cents: $0.statedTotal) }, planLine: "2.2.1")
    }
    var servicekonto: Measure { Measure(id: 1, stage: .implemented, number: 1, title: "Online-Servicekonto") }

    func run(_ c: MeasureControlling, _ measures: [Measure]? = nil, actuals: MeasureChecks.ActualsByLine? = nil)
        -> [Finding] {
        MeasureChecks.run(measures: measures ?? [servicekonto, transformation], controlling: c, plan: plan,
                          actualsByLine: actuals, today: today)
    }

    func milestone(due: Int, done: Int? = nil, title: String = "Konzept") -> Milestone {
        Milestone(id: 1, measureID: transformation.id, title: title, due: today.adding(days: due),
                  done: done.map { today.adding(days: $0) })
    }

    // MARK: milestone-overdue

    @Test func dueYesterdayIsOverdueDueTodayIsNot() throws {
        let yesterday = run(MeasureControlling(milestones: [milestone(due: -1)]))
        #expect(yesterday.map(\.rule) == [.milestoneOverdue])
        let f = try #require(yesterday.first)
        #expect(f.severity == .warning)
        #expect(f.line == "Lebenshauptstadt ist Transformation")
        #expect(f.expected == "30.11.2026")
        #expect(f.message.contains("IV.2-1"))
        #expect(f.message.contains("seit 1 Tag überfällig"))
        #expect(run(MeasureControlling(milestones: [milestone(due: 0)])).isEmpty)
        #expect(run(MeasureControlling(milestones: [milestone(due: 1)])).isEmpty)
        #expect(!milestone(due: 0).isOverdue(today: today))
        #expect(milestone(due: -1).isOverdue(today: today))
    }

    @Test func doneMilestoneIsNeverOverdue() {
        #expect(run(MeasureControlling(milestones: [milestone(due: -30, done: -31)])).isEmpty)
        #expect(run(MeasureControlling(milestones: [milestone(due: -30, done: 0)])).isEmpty)
    }

    @Test func overdueCountsDays() throws {
        let f = try #require(run(MeasureControlling(milestones: [milestone(due: -11)])).first)
        #expect(f.message.contains("seit 11 Tagen überfällig"))
        #expect(f.message.contains("am 20.11.2026 fällig"))
    }

    // MARK: measure-stalled

    func inProgress(sinceDaysAgo days: Int?) -> MeasureState {
        MeasureState(measureID: transformation.id, status: .inProgress, since: days.map { today.adding(days: -$0) }, version: 1)
    }

    @Test func stalledAt90DaysNotAt89() {
        #expect(MeasureChecks.stalledAfterDays == 90)
        #expect(run(MeasureControlling(states: [inProgress(sinceDaysAgo: 89)])).isEmpty)
        let at90 = run(MeasureControlling(states: [inProgress(sinceDaysAgo: 90)]))
        #expect(at90.map(\.rule) == [.measureStalled])
        #expect(at90.first?.actual == "90 Tage")
        #expect(at90.first?.message.contains("letzter Eintrag 02.09.2026") == true)
        #expect(run(MeasureControlling(states: [inProgress(sinceDaysAgo: 91)])).map(\.actual) == ["91 Tage"])
    }

    @Test func aNoteOrADoneMilestoneIsProgress() {
        let old = inProgress(sinceDaysAgo: 200)
        #expect(run(MeasureControlling(states: [old])).count == 1)
        let note = ProgressNote(id: 1, measureID: transformation.id, date: today.adding(days: -89), text: "Stand")
        #expect(run(MeasureControlling(states: [old], notes: [note])).isEmpty)
        var oldNote = note
        oldNote.date = today.adding(days: -90)
        #expect(run(MeasureControlling(states: [old], notes: [oldNote])).map(\.rule) == [.measureStalled])
        let done = milestone(due: 5, done: -3)
        #expect(run(MeasureControlling(states: [old], milestones: [done])).isEmpty)
        // A note of another measure does not count.
        var other = note
        other.measureID = servicekonto.id
        #expect(run(MeasureControlling(states: [old], notes: [other])).count == 1)
    }

    @Test func onlyMeasuresInUmsetzungStall() {
        for status in MeasureStatus.allCases where status != .inProgress {
            var s = inProgress(sinceDaysAgo: 400)
            s.status = status
            #expect(run(MeasureControlling(states: [s])).isEmpty, "\(status)")
        }
    }

    @Test func inUmsetzungWithoutAnyDateIsReported() throws {
        let f = try #require(run(MeasureControlling(states: [inProgress(sinceDaysAgo: nil)])).first)
        #expect(f.rule == .measureStalled)
        #expect(f.actual == "—")
    }

    // MARK: measure-budget (abgeschlossen, Soll not spent)

    @Test func completedWithSollLeftIsAWarningOnceActualsExist() throws {
        let done = MeasureState(measureID: transformation.id, status: .completed, version: 1)
        let c = MeasureControlling(states: [done])
        // No ledger yet: nothing to compare.
        #expect(run(c, actuals: nil).isEmpty)
        let soll = try #require(plan["2.2.1"]).statedTotal
        let nothingSpent = run(c, actuals: [:])
        #expect(nothingSpent.map(\.rule) == [.measureBudget])
        #expect(nothingSpent.first?.severity == .warning)
        #expect(nothingSpent.first?.expected == Fixed2.format(soll))
        #expect(nothingSpent.first?.actual == "0,00")
        let partly = run(c, actuals: ["2.2.1": Money(cents: soll - 1)])
        #expect(partly.first?.message.contains("offen 0,01 €") == true)
        #expect(run(c, actuals: ["2.2.1": Money(cents: soll)]).isEmpty)
        #expect(run(c, actuals: ["2.2.1": Money(cents: soll + 100)]).isEmpty)
        // Not abgeschlossen: no warning; no plan line (I.6): no warning.
        #expect(run(MeasureControlling(states: [MeasureState(measureID: transformation.id, status: .stopped)]),
                    actuals: [:]).isEmpty)
        #expect(run(MeasureControlling(), [servicekonto], actuals: [:]).isEmpty)
    }

    @Test func mergedWithThePlanChecksInRuleOrder() {
        let project = Project(name: "T", plan: schwerinPlan(), terms: terms, measures: [servicekonto, transformation])
        let c = MeasureControlling(states: [inProgress(sinceDaysAgo: 100)], milestones: [milestone(due: -2)])
        let all = Checks.run(project, controlling: c, today: today)
        #expect(Array(all.prefix(Checks.run(project).count)) == Checks.run(project))
        #expect(all.suffix(2).map(\.rule) == [.milestoneOverdue, .measureStalled])
        let order = Dictionary(uniqueKeysWithValues: RuleID.allCases.enumerated().map { ($1, $0) })
        #expect(all.map { order[$0.rule]! } == all.map { order[$0.rule]! }.sorted())
    }

    // MARK: status words

    @Test func statusWordsCaseInsensitive() {
        #expect(MeasureStatus.parse("umsetzung") == .inProgress)
        #expect(MeasureStatus.parse("In Umsetzung") == .inProgress)
        #expect(MeasureStatus.parse("  in   umsetzung ") == .inProgress)
        #expect(MeasureStatus.parse("in-umsetzung") == .inProgress)
        #expect(MeasureStatus.parse("VORBEREITUNG") == .preparing)
        #expect(MeasureStatus.parse("Abgeschlossen") == .completed)
        #expect(MeasureStatus.parse("abgeschl") == .completed)
        #expect(MeasureStatus.parse("verschoben") == .postponed)
        for status in MeasureStatus.allCases { #expect(MeasureStatus.parse(status.title) == status) }
        #expect(MeasureStatus.parse("in") == nil)      // in Vorbereitung or in Umsetzung
        #expect(MeasureStatus.parse("ge") == nil)      // geplant or gestoppt
        #expect(MeasureStatus.parse("fertig") == nil)
        #expect(MeasureStatus.parse("") == nil)
    }

    @Test func badStatusNamesTheValidWords() {
        #expect(throws: Validation.FieldError(field: "Status", message: "\"fertig\" ist kein Status – möglich: geplant, "
                                              + "in Vorbereitung, in Umsetzung, abgeschlossen, verschoben, gestoppt")) {
            try Validation.parseStatus("fertig")
        }
    }

    // MARK: dates

    @Test func germanDates() throws {
        #expect(try Validation.parseDate("31.03.2027") == CalendarDate(year: 2027, month: 3, day: 31))
        #expect(try Validation.parseDate(" 1.4.2027 ") == CalendarDate(year: 2027, month: 4, day: 1))
        #expect(try Validation.parseDate("2027-03-31") == CalendarDate(year: 2027, month: 3, day: 31))
        #expect(try Validation.parseDate("29.02.2028").german == "29.02.2028")
        for bad in ["31.02.2027", "29.02.2027", "31.03.2027 10:00", "", "2027", "31.3.27", "00.01.2027", "1.13.2026"] {
            #expect(throws: Validation.FieldError.self, "\(bad)") { try Validation.parseDate(bad) }
        }
        #expect(throws: Validation.FieldError(field: "--due", message: "\"31.02.2027\" – den 31. gibt es im Monat 02.2027 nicht")) {
            try Validation.parseDate("31.02.2027", field: "--due")
        }
        #expect(throws: Validation.FieldError(field: "Datum", message: "fehlt (Format TT.MM.JJJJ, z. B. 31.03.2027)")) {
            try Validation.parseDate("  ")
        }
    }

    @Test func calendarArithmetic() {
        #expect(CalendarDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CalendarDate(iso: "2026-12-01") == today)
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(today.iso == "2026-12-01")
        #expect(today.weekdayIndex == 1)  // Tuesday
        #expect(today.week.lowerBound.german == "30.11.2026")
        #expect(today.week.upperBound.german == "06.12.2026")
        #expect(CalendarDate(year: 2028, month: 2, day: 28).adding(days: 1).german == "29.02.2028")
        #expect(today.adding(days: 31).german == "01.01.2027")
        // Day by day from 1900: every next day is later, valid, one day on, and round-trips.
        var day = CalendarDate(year: 1900, month: 1, day: 1)
        var broken: CalendarDate?
        for _ in 0..<(366 * 210) {
            let next = day.adding(days: 1)
            if !(next > day && day.days(until: next) == 1 && next.isValid && CalendarDate(dayNumber: next.dayNumber) == next
                 && CalendarDate(iso: next.iso) == next) {
                broken = day
                break
            }
            day = next
        }
        #expect(broken == nil)
        #expect(day == CalendarDate(year: 2110, month: 6, day: 9))
        #expect(CalendarDate(year: 2000, month: 3, day: 1).dayNumber == 11_017)
        #expect(CalendarDate(dayNumber: -1).german == "31.12.1969")
    }

    @Test func milestoneValidation() {
        #expect(Validation.validate(milestone(due: 3)).isEmpty)
        #expect(Validation.validate(milestone(due: 3, title: "  ")).map(\.field) == ["Titel"])
        #expect(Validation.validate(milestone(due: 3, title: "a\nb")).map(\.field) == ["Titel"])
        #expect(Validation.validate(milestone(due: 3, title: String(repeating: "x", count: 201))).map(\.field) == ["Titel"])
        var bad = milestone(due: 3)
        bad.due = CalendarDate(year: 2027, month: 2, day: 30)
        #expect(Validation.validate(bad).map(\.field) == ["Fällig"])
        #expect(Validation.validate(ProgressNote(measureID: 1, date: today, text: " ")).map(\.field) == ["Notiz"])
        #expect(Validation.validate(milestone(due: 3, title: "Rot\u{1B}[31m")).map(\.message) == ["enthält Steuerzeichen"])
        #expect(Validation.validate(milestone(due: 3, title: "a\u{202E}b")).map(\.field) == ["Titel"])
        #expect(Validation.validate(ProgressNote(measureID: 1, date: today, text: "Zeile 1\nZeile 2")).isEmpty)
        #expect(Validation.validate(ProgressNote(measureID: 1, date: today, text: "\u{1B}]0;x\u{07}")).map(\.field) == ["Notiz"])
    }

    // MARK: numbering and dashboard data

    @Test func numberingAsInTheApplication() {
        #expect(servicekonto.reference == "I.6-1")
        #expect(transformation.reference == "IV.2-1")
        #expect(Measure(stage: .strategy, number: 1, title: "T").reference == "IV.1-1")
        #expect([servicekonto, transformation].measure(reference: "iv.2-1")?.id == 6)
        #expect([servicekonto, transformation].measure(reference: " I.6-1 ")?.id == 1)
        #expect([servicekonto, transformation].measure(reference: "IV.2-2") == nil)
    }

    @Test func initialStateFollowsTheApplication() {
        #expect(MeasureState.initial(for: servicekonto).status == .completed)
        #expect(MeasureState.initial(for: transformation).status == .planned)
        #expect(MeasureState.initial(for: transformation).version == 0)
        #expect(MeasureControlling().state(of: servicekonto).since == nil)
    }

    @Test func dashboardFigures() {
        let m = [servicekonto, transformation]
        let c = MeasureControlling(
            states: [inProgress(sinceDaysAgo: 3)],
            milestones: [milestone(due: -1, title: "A"), milestone(due: 0, title: "B"), milestone(due: 13, title: "C"),
                         milestone(due: 14, title: "D"), milestone(due: -2, done: -1, title: "E")])
        let counts = MeasureOverview.countByStatus(measures: m, controlling: c)
        #expect(counts.map(\.status) == MeasureStatus.allCases)
        #expect(counts.first { $0.status == .completed }?.count == 1)
        #expect(counts.first { $0.status == .inProgress }?.count == 1)
        #expect(counts.map(\.count).reduce(0, +) == 2)
        #expect(MeasureOverview.overdueMilestones(measures: m, controlling: c, today: today).map(\.milestone.title) == ["A"])
        #expect(MeasureOverview.milestonesDue(measures: m, controlling: c, today: today).map(\.milestone.title) == ["B", "C"])
        let week = MeasureOverview.milestones(in: today.week, measures: m, controlling: c)
        #expect(week.done.map(\.milestone.title) == ["E"])
        #expect(week.due.map(\.milestone.title) == ["A", "B"])
        let rows = MeasureOverview.rows(measures: m, controlling: c, staffing: [], stakeholders: [], today: today)
        #expect(rows.map(\.measure.reference) == ["I.6-1", "IV.2-1"])
        #expect(rows[1].next?.title == "A")
        #expect(rows[1].nextIsOverdue)
        #expect(rows[1].nextText == "! 30.11.2026 A")
        #expect(rows[0].nextText == "—")
    }

    @Test func milestonesAsAllDayEvents() throws {
        let c = MeasureControlling(milestones: [milestone(due: 5, title: "Konzept"),
                                               Milestone(id: 2, measureID: 6, title: "Start", due: today, done: today)])
        let events = MeasureCalendar.events(measures: [transformation], controlling: c, staffing: [])
        #expect(events.map(\.uid) == ["milestone-2@teamwork.schwerin.de", "milestone-1@teamwork.schwerin.de"])
        let first = try #require(events.first?.event)
        #expect(first.title == "Meilenstein IV.2-1: Start (erledigt 01.12.2026)")
        #expect(first.start == LocalDateTime(year: 2026, month: 12, day: 1))
        #expect(first.end == LocalDateTime(year: 2026, month: 12, day: 2))
        #expect(first.measureID == 6)
        #expect(events[1].event.title == "Meilenstein IV.2-1: Konzept")
        // A milestone of an unknown measure is left out.
        let orphan = MeasureControlling(milestones: [Milestone(id: 3, measureID: 99, title: "X", due: today)])
        #expect(MeasureCalendar.events(measures: [transformation], controlling: orphan, staffing: []).isEmpty)
    }
}
