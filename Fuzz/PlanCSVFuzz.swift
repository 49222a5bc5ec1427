// libFuzzer target: PlanCSV.read (the plan interchange CSV). Compiled into the TeamworkCore module
// by Fuzz/run.sh.
//
// Properties: read never crashes or traps on any bytes; 1–50 errors, each with a line and column ≥ 1; a plan
// that was read can be written and read back to the same plan; the checks run on it without trapping.

@_cdecl("LLVMFuzzerTestOneInput")
public func planCSVFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let plan: Plan
    do {
        plan = try PlanCSV.read(text)
    } catch {
        precondition(!error.errors.isEmpty && error.errors.count <= PlanTable.maxIssues, "error count in \(error)")
        precondition(error.errors.allSatisfy { $0.line >= 1 && $0.column >= 1 }, "bad position in \(error)")
        return 0
    }
    let written = PlanCSV.write(plan)
    do {
        let again = try PlanCSV.read(written)
        precondition(again == plan, "round trip changed the plan:\n\(written)")
    } catch {
        preconditionFailure("written plan does not read back: \(error)\n\(written)")
    }
    _ = Checks.run(plan: plan, terms: .kfw436Haushaltsnotlage)
    return 0
}
