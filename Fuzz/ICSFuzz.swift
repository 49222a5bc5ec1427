// libFuzzer target: ICalendar.read (.ics import). Compiled into the TeamworkCore module by Fuzz/run.sh.
//
// Properties: read never crashes on any bytes; errors name a line ≥ 1; events that were read can be
// written and read back to the same times and titles (control characters written inert).

@_cdecl("LLVMFuzzerTestOneInput")
public func icsFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let imported: [ImportedEvent]
    do {
        imported = try ICalendar.read(text)
    } catch {
        precondition(error.line >= 0, "bad line in \(error)")
        return 0
    }
    let events = imported.enumerated().compactMap { index, e -> Event? in
        e.end < e.start ? nil : e.event(id: Int64(index + 1))
    }
    let written = ICalendar.write(events: events, series: nil, stakeholderNames: [:], measureTitles: [:],
                                  now: UTCDateTime(year: 2026, month: 1, day: 1))
    do {
        let again = try ICalendar.read(written)
        precondition(again.map(\.title) == events.map { ContentLines.inertText($0.title) }, "titles changed:\n\(written)")
        precondition(again.map(\.start) == events.map(\.start), "start times changed:\n\(written)")
    } catch {
        preconditionFailure("written calendar does not read back: \(error)\n\(written)")
    }
    return 0
}
