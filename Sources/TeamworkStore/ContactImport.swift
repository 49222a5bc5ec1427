import Foundation
import GRDB
import TeamworkCore

// Stakeholders from vCard files (Google Contacts, Outlook, Thunderbird, our own export), in ONE
// write transaction with the audit rows.
//
// Matching:
// - a UID equal to `VCard.uid(stakeholderID:)` of an existing stakeholder → that stakeholder
//   (all fields from the card);
// - a foreign UID stored with a stakeholder → that one (non-empty fields of the card are taken;
//   organisation, further e-mail addresses and phone numbers from the card when it has them);
// - a stakeholder with the same name → that one (as above; it keeps the card's UID);
// - else a new stakeholder that keeps the card's UID (kind "Netzwerk" unless a category names one).

extension ProjectStore {
    /// The stakeholders as vCard text (4.0, or 3.0 for address books that want it), in id order.
    public func exportContacts(version: VCard.Version = .v4) throws(StoreError) -> String {
        VCard.write(try loadProject().stakeholders, version: version)
    }

    /// Adds or updates stakeholders from vCards in ONE transaction (see the matching rules at the
    /// top of this file). A new contact whose category names no known kind becomes "Netzwerk"
    /// (noted). An invalid card (e-mail, phone) rejects the whole import naming its position and
    /// line, or with `skipInvalid` is left out and listed in the notes.
    public func importContacts(_ contacts: [ImportedContact], user: String, dryRun: Bool = false,
                               skipInvalid: Bool = false) throws(StoreError) -> RecordImport {
        try transaction("Einlesen der Kontakte", user: user, dryRun: dryRun) { db, audit in
            var result = RecordImport()
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM stakeholder ORDER BY id")
            let byUID = Dictionary(ids.map { (VCard.uid(stakeholderID: $0), $0) }, uniquingKeysWith: { a, _ in a })
            var seen: [String: Int] = [:]
            for contact in contacts {
                let where_ = "Karte \(contact.position) (Zeile \(contact.line))"
                if !contact.uid.isEmpty {
                    if let earlier = seen[contact.uid] {
                        result.notes.append("\(where_): UID \(contact.uid) kam schon in Zeile \(earlier) vor – übersprungen")
                        continue
                    }
                    seen[contact.uid] = contact.line
                }
                var current: Stakeholder?
                var own = false
                let name = contact.name.trimmingCharacters(in: .whitespacesAndNewlines)
                if let id = byUID[contact.uid], let found = try Stakeholder.load(db, id: id) {
                    current = found; own = true
                } else if !contact.uid.isEmpty, let id = try Int64.fetchOne(db, sql: """
                    SELECT id FROM stakeholder WHERE uid = ? ORDER BY id LIMIT 1
                    """, arguments: [contact.uid]) {
                    current = try Stakeholder.load(db, id: id)
                } else if let id = try Int64.fetchOne(db, sql: "SELECT id FROM stakeholder WHERE name = ? ORDER BY id LIMIT 1",
                                                      arguments: [name]) {
                    current = try Stakeholder.load(db, id: id)
                }
                var value: Stakeholder
                if let current, own {
                    value = contact.stakeholder(id: current.id, kind: contact.kind ?? current.kind, version: current.version)
                } else if let current {
                    value = current
                    if let kind = contact.kind { value.kind = kind }
                    func take(_ keyPath: WritableKeyPath<Stakeholder, String>, _ text: String) {
                        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { value[keyPath: keyPath] = text }
                    }
                    take(\.role, contact.role); take(\.contactPerson, contact.contactPerson)
                    take(\.email, contact.email); take(\.phone, contact.phone); take(\.address, contact.address)
                    take(\.link, contact.link); take(\.notes, contact.notes); take(\.organisation, contact.organisation)
                    if contact.emails.count > 1 { value.moreEmails = Array(contact.emails.dropFirst()) }
                    if contact.phones.count > 1 { value.morePhones = Array(contact.phones.dropFirst()) }
                    if value.uid.isEmpty && contact.uid != VCard.uid(stakeholderID: current.id) { value.uid = contact.uid }
                } else {
                    let kind = contact.kind ?? .network
                    if contact.kind == nil {
                        result.notes.append("\(where_): \"\(contact.name)\" hat keine bekannte Art"
                                            + (contact.kindTitle.isEmpty ? "" : " (\"\(contact.kindTitle)\")")
                                            + " – angelegt als \"\(kind.title)\"")
                    }
                    value = contact.stakeholder(id: 0, kind: kind)
                }
                value.name = value.name.trimmingCharacters(in: .whitespacesAndNewlines)
                value.email = value.email.trimmingCharacters(in: .whitespacesAndNewlines)
                value.phone = value.phone.trimmingCharacters(in: .whitespacesAndNewlines)
                let context = "\(where_): Akteur \"\(contact.name)\""
                let problems = Validation.validate(value)
                guard problems.isEmpty else {
                    let why = problems.map(\.description).joined(separator: "; ")
                    if skipInvalid {
                        result.notes.append("\(context) übersprungen: \(why)")
                        continue
                    }
                    throw StoreError(kind: .invalidInput, message: "\(context) kann nicht eingelesen werden: \(why)",
                                     fieldErrors: problems)
                }
                let outcome = try Self.upsert(db, audit: audit, value, isNew: current == nil, tag: " (Import)",
                                              unreadable: "\(context): nach dem Einlesen nicht lesbar").outcome
                result.count(outcome)
                let extra = [value.organisation, ([value.email] + value.moreEmails).filter { !$0.isEmpty }
                    .joined(separator: ", ")].filter { !$0.isEmpty }
                result.details.append(RecordImport.detail(RecordImport.word(outcome),
                                                          value.name + (extra.isEmpty ? "" : " (\(extra.joined(separator: "; ")))")))
            }
            return result
        }
    }
}
