// libFuzzer target: Fixed2.parse (German money/percent amounts). Compiled into the TeamworkCore
// module by Fuzz/run.sh, so it sees internal API too.
//
// Properties: parse never crashes or traps; a parsed value is within ±maxMagnitude; formatting it
// and parsing the result gives the same value (grouped and ungrouped); allowNegative: false never
// yields a negative value.

@_cdecl("LLVMFuzzerTestOneInput")
public func moneyFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let value = try? Fixed2.parse(text) else {
        _ = try? Fixed2.parse(text, allowNegative: false)
        return 0
    }
    precondition(abs(value) <= Fixed2.maxMagnitude, "out of range: \(value) from \(text.debugDescription)")
    for grouped in [true, false] {
        let formatted = Fixed2.format(value, grouped: grouped)
        let again: Int64
        do { again = try Fixed2.parse(formatted) } catch {
            preconditionFailure("format(\(value)) = \(formatted.debugDescription) does not parse: \(error)")
        }
        precondition(again == value, "round trip \(text.debugDescription) → \(formatted) → \(again)")
    }
    if let positive = try? Fixed2.parse(text, allowNegative: false) {
        precondition(positive >= 0 && positive == value, "allowNegative: false gave \(positive)")
    }
    return 0
}
