/// vCard export of the stakeholders, as 4.0 (RFC 6350, default) or 3.0 (RFC 2426, for Outlook
/// and older phones).
///
/// One card per stakeholder, in the given order, properties in this order (empty ones left out):
///
///     BEGIN:VCARD
///     VERSION:4.0                      or 3.0
///     UID:<uid>                        the card's own UID if imported, else urn:uuid:<UUID v5>
///     KIND:org                         4.0 only
///     FN:<name>                        always
///     ORG:<organisation or name>       always
///     N:<family>;<given>;;<prefixes>;  contact person, split (best effort); 3.0: always (may be empty)
///     X-TEAMWORK-CONTACT:<contact>     contact person exactly as entered
///     ROLE:<role>
///     EMAIL;PREF=1:<email>             3.0: EMAIL;TYPE=INTERNET,pref; further addresses without PREF
///     TEL;VALUE=text;PREF=1:<phone>    3.0: TEL;TYPE=pref; further numbers without PREF
///     ADR:;;<address>;;;;              the whole address as one street component
///     URL:<link>
///     NOTE:<notes>
///     CATEGORIES:<kind title>          always
///     END:VCARD
///
/// The UID of our own cards is `urn:uuid:` and a name-based UUID (version 5, SHA-1, RFC 9562) of
/// `https://<uidDomain>/stakeholder/<id>` in the URL namespace; `VCard.uid(stakeholderID:)` gives it.
/// `URL` is a URI value and is written as it stands (control characters percent-encoded); all
/// other values are TEXT (structured values per component). No control character of the data
/// is written raw (see `ContentLines.inert`). Reading: see VCardReader.swift.
public enum VCard {
    public static let defaultUIDDomain = "teamwork.schwerin.de"

    public enum Version: String, Sendable, CaseIterable {
        case v3 = "3.0", v4 = "4.0"
    }

    /// `urn:uuid:` + UUID v5 (URL namespace) of `https://<uidDomain>/stakeholder/<id>`.
    public static func uid(stakeholderID: Int64, uidDomain: String = defaultUIDDomain) -> String {
        "urn:uuid:" + UUIDv5.url("https://\(uidDomain)/stakeholder/\(stakeholderID)")
    }

    /// The UID a stakeholder is exported with: its own (imported) one, else `uid(stakeholderID:)`.
    public static func uid(of s: Stakeholder, uidDomain: String = defaultUIDDomain) -> String {
        s.uid.isEmpty ? uid(stakeholderID: s.id, uidDomain: uidDomain) : s.uid
    }

    /// The stakeholders as vCard text (UTF-8, CRLF, folded at 75 octets); empty for none.
    public static func write(_ stakeholders: [Stakeholder], version: Version = .v4,
                             uidDomain: String = defaultUIDDomain) -> String {
        typealias L = ContentLines
        let v4 = version == .v4
        var out = ""
        out.reserveCapacity(stakeholders.count * 400)
        for s in stakeholders {
            out += L.line("BEGIN", "VCARD")
            out += L.line("VERSION", version.rawValue)
            out += L.line("UID", uid(of: s, uidDomain: uidDomain))
            if v4 { out += L.line("KIND", "org") }
            out += L.text("FN", s.name)
            out += L.line("ORG", L.escape(s.organisation.isEmpty ? s.name : s.organisation))
            if !s.contactPerson.isEmpty {
                let n = nameComponents(s.contactPerson)
                out += L.line("N", [n.family, n.given, "", n.prefixes, ""].map(L.escape).joined(separator: ";"))
                out += L.text("X-TEAMWORK-CONTACT", s.contactPerson)
            } else if !v4 {
                out += L.line("N", ";;;;")
            }
            if !s.role.isEmpty { out += L.text("ROLE", s.role) }
            for (i, email) in ([s.email] + s.moreEmails).filter({ !$0.isEmpty }).enumerated() {
                let params = v4 ? (i == 0 ? ";PREF=1" : "") : (i == 0 ? ";TYPE=INTERNET,pref" : ";TYPE=INTERNET")
                out += L.text("EMAIL", email, params: params)
            }
            for (i, phone) in ([s.phone] + s.morePhones).filter({ !$0.isEmpty }).enumerated() {
                let params = v4 ? ";VALUE=text" + (i == 0 ? ";PREF=1" : "") : (i == 0 ? ";TYPE=pref" : "")
                out += L.text("TEL", phone, params: params)
            }
            if !s.address.isEmpty { out += L.line("ADR", ";;" + L.escape(s.address) + ";;;;") }
            if !s.link.isEmpty { out += L.line("URL", uriValue(s.link)) }
            if !s.notes.isEmpty { out += L.text("NOTE", s.notes) }
            out += L.text("CATEGORIES", s.kind.title)
            out += L.line("END", "VCARD")
        }
        return out
    }

    /// Splits a person's name for `N`: leading titles and salutations (`Dr.`, `Prof.`, `Frau`, `Herr`)
    /// are prefixes, the last remaining word is the family name, the rest the given names.
    static func nameComponents(_ person: String) -> (family: String, given: String, prefixes: String) {
        var words = person.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        var prefixes: [String] = []
        while words.count > 1, let w = words.first, w.hasSuffix(".") || ["Frau", "Herr"].contains(w) {
            prefixes.append(w); words.removeFirst()
        }
        guard let family = words.popLast() else { return ("", "", prefixes.joined(separator: " ")) }
        return (family, words.joined(separator: " "), prefixes.joined(separator: " "))
    }

    /// A link as URI value: control characters (which cannot stand in a content line) percent-encoded.
    static func uriValue(_ link: String) -> String {
        var out = ""
        for scalar in link.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                for byte in String(scalar).utf8 {
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (hex.count < 2 ? "0" : "") + hex
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
