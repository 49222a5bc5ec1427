// libFuzzer target: ThemeLoader.parse (TOML themes, read by ThemeFile). Compiled into the
// TeamworkUI module by Fuzz/run.sh and linked against the TeamworkCore objects SwiftPM built.
//
// Properties: parse never crashes or traps; an error has a line ≥ 1 when it has one; a theme that
// loads has a style for every role.

@_cdecl("LLVMFuzzerTestOneInput")
public func themeFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let theme = try ThemeLoader.parse(text, file: "fuzz.toml")
        for role in Role.allCases { _ = theme.style(role) }
    } catch {
        if let line = error.line { precondition(line >= 0, "negative line in \(error)") }
    }
    return 0
}
