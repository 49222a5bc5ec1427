// libFuzzer target: VCard.read (.vcf import). Compiled into the TeamworkCore module by Fuzz/run.sh.
//
// Properties: read never crashes on any bytes; errors name a line ≥ 1; contacts that were read can
// be written and read back with the same names, e-mails and phones (control characters written inert).

@_cdecl("LLVMFuzzerTestOneInput")
public func vcfFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let contacts: [ImportedContact]
    do {
        contacts = try VCard.read(text)
    } catch {
        precondition(error.line >= 0, "bad line in \(error)")
        return 0
    }
    let stakeholders = contacts.enumerated().map { index, c in c.stakeholder(id: Int64(index + 1), kind: c.kind ?? .business) }
    let written = VCard.write(stakeholders)
    do {
        let again = try VCard.read(written)
        precondition(again.map(\.name) == stakeholders.map { ContentLines.inertText($0.name) }, "names changed:\n\(written)")
        precondition(again.map(\.email) == stakeholders.map { ContentLines.inertText($0.email) }, "e-mails changed:\n\(written)")
        precondition(again.map(\.phone) == stakeholders.map { ContentLines.inertText($0.phone) }, "phones changed:\n\(written)")
    } catch {
        preconditionFailure("written cards do not read back: \(error)\n\(written)")
    }
    return 0
}
