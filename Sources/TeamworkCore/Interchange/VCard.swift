/// vCard 4.0 (RFC 6350) export of the stakeholders and import of contacts (vCard 3.0 or 4.0).
///
/// One card per stakeholder, in the given order, properties in this order (empty ones left out):
///
///     BEGIN:VCARD
///     VERSION:4.0
///     UID:urn:uuid:<UUID v5>          stable: derived from the stakeholder id and the domain
///     KIND:org
///     FN:<name>                        always
///     ORG:<name>                       always
///     N:<family>;<given>;;<prefixes>;  contact person, split for address books (best effort)
///     X-TEAMWORK-CONTACT:<contact>     contact person exactly as entered
///     ROLE:<role>
///     EMAIL:<email>
///     TEL;VALUE=text:<phone as typed>
///     ADR:;;<address>;;;;              the whole address as one street component
///     URL:<link>
///     NOTE:<notes>
///     CATEGORIES:<kind title>          always
///     END:VCARD
///
/// The UID is `urn:uuid:` and a name-based UUID (version 5, SHA-1, RFC 9562) of
/// `https://<uidDomain>/stakeholder/<id>` in the URL namespace; `VCard.uid(stakeholderID:)` gives it.
/// `URL` is a URI value and is written as it stands (control characters percent-encoded) and read
/// as it stands; all other values are TEXT (structured values per component).
///
/// Import: `read` accepts VERSION 3.0 and 4.0 (others are rejected) and needs `FN` in every card.
/// The contact person comes from `X-TEAMWORK-CONTACT`, else from `N`; the role from `ROLE`, else
/// `TITLE`; of several `EMAIL`/`TEL` the preferred one (`PREF`, `TYPE=pref`), else the first; the
/// address from `ADR` (street, then postal code and city, region, country), else its `LABEL`,
/// else a vCard 3.0 `LABEL` property. Several `NOTE`s are joined by line breaks, several
/// `CATEGORIES` by `, `. Unknown properties are ignored.

/// One vCard as read from a file.
public struct ImportedContact: Hashable, Sendable {
    /// `UID` (empty if the card has none).
    public var uid: String
    /// `FN`
    public var name: String
    /// `CATEGORIES`; our own exports carry the `StakeholderKind.title`.
    public var kindTitle: String
    public var role: String
    public var contactPerson: String
    public var email: String
    public var phone: String
    public var address: String
    public var link: String
    public var notes: String
    /// Line of `BEGIN:VCARD`.
    public var line: Int

    public init(uid: String = "", name: String, kindTitle: String = "", role: String = "", contactPerson: String = "",
                email: String = "", phone: String = "", address: String = "", link: String = "", notes: String = "",
                line: Int = 0) {
        self.uid = uid; self.name = name; self.kindTitle = kindTitle; self.role = role
        self.contactPerson = contactPerson; self.email = email; self.phone = phone; self.address = address
        self.link = link; self.notes = notes; self.line = line
    }

    /// The kind whose title (or raw value) is `kindTitle` or, failing that, one of its categories.
    public var kind: StakeholderKind? {
        func match(_ t: String) -> StakeholderKind? {
            StakeholderKind.allCases.first { $0.title == t || $0.rawValue == t }
        }
        if let k = match(kindTitle) { return k }
        for category in kindTitle.split(separator: ",") {
            if let k = match(category.contentTrimmed) { return k }
        }
        return nil
    }

    /// As a stakeholder. `VCard.write` of it gives the card it came from, if that card was our own
    /// export of the stakeholder with this id (and `kind` is `self.kind`).
    public func stakeholder(id: Int64, kind: StakeholderKind, version: Int64 = 1) -> Stakeholder {
        Stakeholder(id: id, name: name, kind: kind, role: role, contactPerson: contactPerson, email: email,
                    phone: phone, address: address, link: link, notes: notes, version: version)
    }
}

public enum VCard {
    public static let defaultUIDDomain = "teamwork.schwerin.de"

    /// `urn:uuid:` + UUID v5 (URL namespace) of `https://<uidDomain>/stakeholder/<id>`.
    public static func uid(stakeholderID: Int64, uidDomain: String = defaultUIDDomain) -> String {
        "urn:uuid:" + UUIDv5.url("https://\(uidDomain)/stakeholder/\(stakeholderID)")
    }

    /// The stakeholders as vCard 4.0 text (UTF-8, CRLF, folded at 75 octets); empty for none.
    public static func write(_ stakeholders: [Stakeholder], uidDomain: String = defaultUIDDomain) -> String {
        typealias L = ContentLines
        var out = ""
        out.reserveCapacity(stakeholders.count * 400)
        for s in stakeholders {
            out += L.line("BEGIN", "VCARD")
            out += L.line("VERSION", "4.0")
            out += L.line("UID", uid(stakeholderID: s.id, uidDomain: uidDomain))
            out += L.line("KIND", "org")
            out += L.text("FN", s.name)
            out += L.line("ORG", L.escape(s.name))
            if !s.contactPerson.isEmpty {
                let n = nameComponents(s.contactPerson)
                out += L.line("N", [n.family, n.given, "", n.prefixes, ""].map(L.escape).joined(separator: ";"))
                out += L.text("X-TEAMWORK-CONTACT", s.contactPerson)
            }
            if !s.role.isEmpty { out += L.text("ROLE", s.role) }
            if !s.email.isEmpty { out += L.text("EMAIL", s.email) }
            if !s.phone.isEmpty { out += L.text("TEL", s.phone, params: ";VALUE=text") }
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
            if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "%" + (hex.count < 2 ? "0" : "") + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: Reading

    /// All cards of the text, in order; an empty text gives none.
    public static func read(_ text: String) throws(InterchangeError) -> [ImportedContact] {
        let (lines, lineCount) = try ContentLines.parse(text)
        var contacts: [ImportedContact] = []
        var draft: CardDraft?
        for l in lines {
            switch l.name {
            case "BEGIN":
                let component = l.value.contentTrimmed.uppercased()
                if let d = draft {
                    throw InterchangeError(line: l.number, reason: "BEGIN:\(l.value) innerhalb der vCard ab Zeile \(d.line) "
                        + "(END:VCARD fehlt?)")
                }
                guard component == "VCARD" else {
                    throw InterchangeError(line: l.number, reason: "erwartet wird BEGIN:VCARD, nicht BEGIN:\(l.value)")
                }
                draft = CardDraft(line: l.number)
            case "END":
                guard let d = draft else {
                    throw InterchangeError(line: l.number, reason: "END:\(l.value) ohne zugehöriges BEGIN:VCARD")
                }
                guard l.value.contentTrimmed.uppercased() == "VCARD" else {
                    throw InterchangeError(line: l.number, reason: "END:\(l.value) passt nicht zu BEGIN:VCARD in Zeile \(d.line)")
                }
                contacts.append(try d.finish(endLine: l.number))
                draft = nil
            default:
                guard draft != nil else {
                    throw InterchangeError(line: l.number, reason: "\(l.name) steht außerhalb von BEGIN:VCARD … END:VCARD")
                }
                try draft!.add(l)
            }
        }
        if let d = draft {
            throw InterchangeError(line: max(lineCount, 1), reason: "END:VCARD fehlt (BEGIN:VCARD in Zeile \(d.line))")
        }
        return contacts
    }

    private struct CardDraft {
        var line: Int
        var version: String?
        var uid: String?
        var fn: String?
        var n: String?
        var contact: String?
        var role: String?
        var title: String?
        var email: (value: String, pref: Int)?
        var phone: (value: String, pref: Int)?
        var address: String?
        var label: String?
        var url: String?
        var notes: [String] = []
        var categories: [String] = []

        init(line: Int) { self.line = line }

        mutating func add(_ l: ContentLines.Line) throws(InterchangeError) {
            typealias L = ContentLines
            switch l.name {
            case "VERSION":
                let v = l.value.contentTrimmed
                guard v == "4.0" || v == "3.0" else {
                    throw InterchangeError(line: l.number, reason: "vCard-Version \"\(v)\" wird nicht unterstützt "
                        + "(erwartet 3.0 oder 4.0)")
                }
                guard version == nil else {
                    throw InterchangeError(line: l.number, reason: "VERSION kommt in der vCard ab Zeile \(line) mehrfach vor")
                }
                version = v
            case "UID": if uid == nil { uid = L.unescape(l.value.contentTrimmed) }
            case "FN": if fn == nil { fn = L.unescape(l.value) }
            case "N": if n == nil { n = personName(l.value) }
            case "X-TEAMWORK-CONTACT": if contact == nil { contact = L.unescape(l.value) }
            case "ROLE": if role == nil { role = L.unescape(l.value) }
            case "TITLE": if title == nil { title = L.unescape(l.value) }
            case "EMAIL": email = preferred(email, L.unescape(l.value), l)
            case "TEL":
                var v = l.value
                let valueType = l.param("VALUE")?.lowercased()
                let isURI = valueType == "uri" || (valueType == nil && v.lowercased().hasPrefix("tel:"))
                if isURI && v.lowercased().hasPrefix("tel:") { v = String(v.dropFirst(4)) }
                phone = preferred(phone, isURI ? v : L.unescape(v), l)
            case "ADR":
                if address == nil {
                    var parts = L.split(l.value, at: ";").map { L.unescape($0) }
                    while parts.count < 7 { parts.append("") }
                    let others = parts.enumerated().filter { $0.offset != 2 }.map(\.element)
                    let street = parts[0...2].filter { !$0.contentTrimmed.isEmpty }.joined(separator: ", ")
                    let city = [parts[5], parts[3]].filter { !$0.contentTrimmed.isEmpty }.joined(separator: " ")
                    let text = [street, city, parts[4], parts[6]].filter { !$0.contentTrimmed.isEmpty }.joined(separator: ", ")
                    if !parts[2].isEmpty && others.allSatisfy(\.isEmpty) {
                        address = parts[2]          // our own form: the whole address as street
                    } else if !text.isEmpty {
                        address = text
                    } else if let label = l.param("LABEL"), !label.isEmpty {
                        address = oneLine(label)
                    }
                }
            case "LABEL": if label == nil { label = oneLine(L.unescape(l.value)) }
            case "URL": if url == nil { url = l.value }
            case "NOTE": notes.append(L.unescape(l.value))
            case "CATEGORIES": categories += L.textList(l.value).filter { !$0.isEmpty }
            default: break
            }
        }

        /// Keeps the value with the lower PREF (1 = most preferred; `TYPE=pref` counts as 1; default 100).
        private func preferred(_ current: (value: String, pref: Int)?, _ value: String,
                               _ l: ContentLines.Line) -> (value: String, pref: Int) {
            var pref = Int(l.param("PREF") ?? "") ?? 100
            if l.params("TYPE").contains(where: { $0.lowercased() == "pref" }) { pref = min(pref, 1) }
            if let current, current.pref <= pref { return current }
            return (value, pref)
        }

        /// `N` as written: prefixes, given, additional, family, suffixes.
        private func personName(_ raw: String) -> String {
            var parts = ContentLines.split(raw, at: ";").map {
                ContentLines.split($0, at: ",").map { ContentLines.unescape($0).contentTrimmed }
                    .filter { !$0.isEmpty }.joined(separator: " ")
            }
            while parts.count < 5 { parts.append("") }
            return [parts[3], parts[1], parts[2], parts[0], parts[4]].filter { !$0.isEmpty }.joined(separator: " ")
        }

        private func oneLine(_ text: String) -> String {
            text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                .map { $0.contentTrimmed }.filter { !$0.isEmpty }.joined(separator: ", ")
        }

        func finish(endLine: Int) throws(InterchangeError) -> ImportedContact {
            guard version != nil else {
                throw InterchangeError(line: endLine, reason: "VERSION fehlt in der vCard ab Zeile \(line)")
            }
            guard let fn else {
                throw InterchangeError(line: endLine, reason: "FN fehlt in der vCard ab Zeile \(line)")
            }
            return ImportedContact(uid: uid ?? "", name: fn, kindTitle: categories.joined(separator: ", "),
                                   role: role ?? title ?? "", contactPerson: contact ?? n ?? "",
                                   email: email?.value ?? "", phone: phone?.value ?? "",
                                   address: address ?? label ?? "", link: url ?? "",
                                   notes: notes.joined(separator: "\n"), line: line)
        }
    }
}

/// Name-based UUIDs, version 5 (RFC 9562 section 5.5).
enum UUIDv5 {
    /// Namespace for URLs: 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
    static let urlNamespace: [UInt8] = [0x6B, 0xA7, 0xB8, 0x11, 0x9D, 0xAD, 0x11, 0xD1,
                                        0x80, 0xB4, 0x00, 0xC0, 0x4F, 0xD4, 0x30, 0xC8]

    static func url(_ name: String) -> String { make(namespace: urlNamespace, name: name) }

    static func make(namespace: [UInt8], name: String) -> String {
        var bytes = Array(SHA1.hash(namespace + Array(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}

/// SHA-1 (FIPS 180-4), only for name-based UUIDs.
enum SHA1 {
    static func hash(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        var data = message
        let bitLength = UInt64(message.count) &* 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in (0..<8).reversed() { data.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let b = chunk + i * 4
                w[i] = UInt32(data[b]) << 24 | UInt32(data[b + 1]) << 16 | UInt32(data[b + 2]) << 8 | UInt32(data[b + 3])
            }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w[i] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for i in 0..<80 {
                let f: UInt32, k: UInt32
                switch i {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = b << 30 | b >> 2; b = a; a = t
            }
            h[0] &+= a; h[1] &+= b; h[2] &+= c; h[3] &+= d; h[4] &+= e
        }
        return h.flatMap { v in (0..<4).map { UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32($0))) } }
    }
}
