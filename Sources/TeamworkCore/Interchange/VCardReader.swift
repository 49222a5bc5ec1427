/// vCard import (versions 2.1, 3.0 and 4.0) as Google Contacts, Outlook, Thunderbird and
/// phones write them, and of our own exports.
///
/// The file is unfolded as octets; in 2.1 a quoted-printable value ending in `=` continues on
/// the next line (soft line break). Each value is then decoded per card: `ENCODING=QUOTED-PRINTABLE`
/// (also 2.1's bare `QUOTED-PRINTABLE`), then `CHARSET=` (UTF-8, Windows-1252, ISO-8859-1,
/// US-ASCII; without CHARSET UTF-8, and in 2.1 Windows-1252 when the bytes are not UTF-8 – the
/// decoder is `TextDecoding`). `ENCODING=BASE64`/`b` values (photos) are ignored. Escapes are
/// undone per version: 2.1 only `\;`; 3.0 and 4.0 `\\ \; \, \n`, and `\:` (Google writes
/// `https\://` in 3.0 URLs).
///
/// Fields: the name is `FN`, else `ORG`, else `N`; the organisation `ORG` (components joined
/// with `, `; left empty when it equals the name); the contact person `X-TEAMWORK-CONTACT`,
/// else `N`; the role `ROLE`, else `TITLE`; every `EMAIL` and `TEL`, the preferred one (`PREF`,
/// `TYPE=pref`, 2.1 `PREF`) first, else in file order; the address from `ADR` (street, then
/// postal code and city, region, country), else its `LABEL`, else a `LABEL` property. Several
/// `NOTE`s are joined by line breaks, several `CATEGORIES` by `, `. Unknown properties are ignored.
///
/// A card that cannot be read (no VERSION, an unknown version or charset, a broken
/// quoted-printable sequence, no name at all) is listed in `ContactFile.invalid` with its
/// position and reason; the other cards are read. A file whose BEGIN/END structure is broken is
/// refused as a whole.

struct ValueProblem: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}

/// One vCard as read from a file.
public struct ImportedContact: Hashable, Sendable {
    /// `UID` (empty if the card has none).
    public var uid: String
    /// `FN`, else `ORG`, else `N`.
    public var name: String
    /// `CATEGORIES`; our own exports carry the `StakeholderKind.title`.
    public var kindTitle: String
    public var role: String
    public var contactPerson: String
    /// `ORG`, empty when it is the name itself.
    public var organisation: String
    /// All addresses and numbers, the preferred first.
    public var emails: [String]
    public var phones: [String]
    public var address: String
    public var link: String
    public var notes: String
    /// `VERSION` of the card.
    public var version: String
    /// Line of `BEGIN:VCARD`.
    public var line: Int
    /// 1-based position of the card in the file.
    public var position: Int

    /// The primary (first) address / number; setting it replaces that one.
    public var email: String {
        get { emails.first ?? "" }
        set { if emails.isEmpty { if !newValue.isEmpty { emails = [newValue] } } else { emails[0] = newValue } }
    }
    public var phone: String {
        get { phones.first ?? "" }
        set { if phones.isEmpty { if !newValue.isEmpty { phones = [newValue] } } else { phones[0] = newValue } }
    }

    /// With one e-mail address and one phone number (empty: none).
    public init(uid: String = "", name: String, kindTitle: String = "", role: String = "", contactPerson: String = "",
                email: String, phone: String = "", address: String = "", link: String = "", notes: String = "",
                line: Int = 0) {
        self.init(uid: uid, name: name, kindTitle: kindTitle, role: role, contactPerson: contactPerson,
                  emails: email.isEmpty ? [] : [email], phones: phone.isEmpty ? [] : [phone], address: address,
                  link: link, notes: notes, line: line)
    }

    public init(uid: String = "", name: String, kindTitle: String = "", role: String = "", contactPerson: String = "",
                organisation: String = "", emails: [String] = [], phones: [String] = [], address: String = "",
                link: String = "", notes: String = "", version: String = "4.0", line: Int = 0, position: Int = 1) {
        self.uid = uid; self.name = name; self.kindTitle = kindTitle; self.role = role
        self.contactPerson = contactPerson; self.organisation = organisation; self.emails = emails
        self.phones = phones; self.address = address; self.link = link; self.notes = notes
        self.version = version; self.line = line; self.position = position
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
    /// export of the stakeholder with this id (and `kind` is `self.kind`). A foreign UID is kept.
    public func stakeholder(id: Int64, kind: StakeholderKind, version: Int64 = 1) -> Stakeholder {
        Stakeholder(id: id, name: name, kind: kind, role: role, contactPerson: contactPerson, email: email,
                    phone: phone, address: address, link: link, notes: notes, organisation: organisation,
                    moreEmails: Array(emails.dropFirst()), morePhones: Array(phones.dropFirst()),
                    uid: uid == VCard.uid(stakeholderID: id) ? "" : uid, version: version)
    }
}

/// A card that could not be read.
public struct InvalidCard: Error, Hashable, Sendable, CustomStringConvertible {
    public var position: Int
    public var line: Int
    /// `FN` if it could be read.
    public var name: String
    public var reason: String

    /// `Karte 3 (Zeile 17, „Max Muster“): vCard-Version "5.0" wird nicht unterstützt`
    public var description: String {
        "Karte \(position) (Zeile \(line)" + (name.isEmpty ? "" : ", „\(name)“") + "): \(reason)"
    }
}

/// What a vCard file holds.
public struct ContactFile: Hashable, Sendable {
    public var contacts: [ImportedContact]
    public var invalid: [InvalidCard]
}

extension VCard {
    /// All cards of UTF-8 text, in order; an empty text gives none. The first unreadable card
    /// fails the whole text (see `readFile` for every card at once).
    public static func read(_ text: String) throws(InterchangeError) -> [ImportedContact] {
        let file = try readFile(Array(text.utf8))
        if let bad = file.invalid.first {
            throw InterchangeError(line: bad.line, reason: "Karte \(bad.position)" + (bad.name.isEmpty ? "" : " („\(bad.name)“)")
                + ": \(bad.reason)")
        }
        return file.contacts
    }

    /// Every card of the file, readable or not (see the notes at the top of this file).
    public static func readFile(_ bytes: [UInt8]) throws(InterchangeError) -> ContactFile {
        let (lines, lineCount) = try ContentLines.parse(bytes: bytes, quotedPrintable: true) { _, _ in "" }
        var contacts: [ImportedContact] = []
        var invalid: [InvalidCard] = []
        var card: (line: Int, lines: [ContentLines.Line])?
        var position = 0
        for l in lines {
            switch l.name {
            case "BEGIN":
                let component = String(decoding: l.raw, as: UTF8.self).contentTrimmed.uppercased()
                if let c = card {
                    throw InterchangeError(line: l.number, reason: "BEGIN:\(component) innerhalb der vCard ab Zeile \(c.line) "
                        + "(END:VCARD fehlt?)")
                }
                guard component == "VCARD" else {
                    throw InterchangeError(line: l.number, reason: "erwartet wird BEGIN:VCARD, nicht BEGIN:\(component)")
                }
                card = (l.number, [])
            case "END":
                let component = String(decoding: l.raw, as: UTF8.self).contentTrimmed.uppercased()
                guard let c = card else {
                    throw InterchangeError(line: l.number, reason: "END:\(component) ohne zugehöriges BEGIN:VCARD")
                }
                guard component == "VCARD" else {
                    throw InterchangeError(line: l.number, reason: "END:\(component) passt nicht zu BEGIN:VCARD in Zeile \(c.line)")
                }
                position += 1
                switch readCard(c.lines, line: c.line, position: position) {
                case .success(let contact): contacts.append(contact)
                case .failure(let bad): invalid.append(bad)
                }
                card = nil
            default:
                guard card != nil else {
                    throw InterchangeError(line: l.number, reason: "\(l.name) steht außerhalb von BEGIN:VCARD … END:VCARD")
                }
                card!.lines.append(l)
            }
        }
        if let c = card {
            throw InterchangeError(line: max(lineCount, 1), reason: "END:VCARD fehlt (BEGIN:VCARD in Zeile \(c.line))")
        }
        return ContactFile(contacts: contacts, invalid: invalid)
    }

    private static func readCard(_ lines: [ContentLines.Line], line: Int, position: Int) -> Result<ImportedContact, InvalidCard> {
        func bad(_ reason: String, _ name: String = "") -> Result<ImportedContact, InvalidCard> {
            .failure(InvalidCard(position: position, line: line, name: name, reason: reason))
        }
        let versions = lines.filter { $0.name == "VERSION" }
        guard let versionLine = versions.first else { return bad("VERSION fehlt") }
        let version = String(decoding: versionLine.raw, as: UTF8.self).contentTrimmed
        guard ["2.1", "3.0", "4.0"].contains(version) else {
            return bad("vCard-Version \"\(version)\" wird nicht unterstützt (erwartet 2.1, 3.0 oder 4.0)")
        }
        guard versions.count == 1 else { return bad("VERSION kommt mehrfach vor (Zeile \(versions[1].number))") }
        var draft = CardDraft(version: version)
        var failure: String?
        for var l in lines where l.name != "VERSION" {
            switch decodeValue(l, version: version) {
            case .success(let value?): l.value = value; draft.add(l)
            case .success(.none): continue
            case .failure(let problem): if failure == nil { failure = "Zeile \(l.number): \(l.name): \(problem.reason)" }
            }
        }
        if let failure { return bad(failure, draft.fn ?? "") }
        guard let name = [draft.fn, draft.org, draft.n].compactMap({ $0 }).first(where: { !$0.contentTrimmed.isEmpty })
        else {
            return bad("kein Name: FN, ORG und N sind leer oder fehlen")
        }
        var org = draft.org ?? ""
        if org == name.contentTrimmed || org == name { org = "" }
        return .success(ImportedContact(
            uid: draft.uid ?? "", name: name, kindTitle: draft.categories.joined(separator: ", "),
            role: draft.role ?? draft.title ?? "", contactPerson: draft.contact ?? draft.n ?? "", organisation: org,
            emails: draft.emails.sortedByPreference, phones: draft.phones.sortedByPreference,
            address: draft.address ?? draft.label ?? "", link: draft.url ?? "",
            notes: draft.notes.joined(separator: "\n"), version: version, line: line, position: position))
    }

    /// The value as text: quoted-printable undone, charset applied; nil for a value to ignore (BASE64).
    private static func decodeValue(_ l: ContentLines.Line, version: String) -> Result<String?, ValueProblem> {
        var bytes = l.raw
        let bare = Set(l.params.filter { $0.values.isEmpty }.map(\.name))
        let encoding = (l.param("ENCODING") ?? (bare.contains("QUOTED-PRINTABLE") ? "QUOTED-PRINTABLE"
            : bare.contains("BASE64") ? "BASE64" : "")).uppercased()
        switch encoding {
        case "QUOTED-PRINTABLE":
            guard let decoded = quotedPrintable(bytes) else { return .failure(ValueProblem("ungültige Quoted-Printable-Folge")) }
            bytes = decoded
        case "BASE64", "B": return .success(nil)
        case "", "8BIT", "7BIT": break
        default: return .failure(ValueProblem("Kodierung \"\(encoding)\" wird nicht unterstützt"))
        }
        let charset = (l.param("CHARSET") ?? "").uppercased()
        switch charset {
        case "", "UTF-8", "UTF8", "US-ASCII", "ASCII":
            if let text = TextDecoding.utf8(bytes) { return .success(text) }
            if version == "2.1" || charset.isEmpty && version != "4.0", let text = TextDecoding.windows1252(bytes) {
                return .success(text)
            }
            return .failure(ValueProblem("kein gültiges UTF-8"))
        case "WINDOWS-1252", "CP1252", "ISO-8859-1", "ISO8859-1", "LATIN1", "LATIN-1":
            guard let text = TextDecoding.windows1252(bytes) else { return .failure(ValueProblem("kein gültiges \(charset)")) }
            return .success(text)
        default:
            return .failure(ValueProblem("Zeichensatz \"\(charset)\" wird nicht unterstützt (möglich: UTF-8, Windows-1252, ISO-8859-1)"))
        }
    }

    /// `=C3=BC` → bytes; a soft line break (`=` at the end) has been joined by the unfolding.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "=") {
                if i + 1 == bytes.count { break }            // trailing soft break
                guard i + 2 < bytes.count, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) else { return nil }
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return out
    }

    private struct CardDraft {
        var version: String
        var uid: String?
        var fn: String?
        var n: String?
        var org: String?
        var contact: String?
        var role: String?
        var title: String?
        var emails: [(value: String, pref: Int)] = []
        var phones: [(value: String, pref: Int)] = []
        var address: String?
        var label: String?
        var url: String?
        var notes: [String] = []
        var categories: [String] = []

        init(version: String) { self.version = version }

        /// TEXT unescaped per version; line breaks (quoted-printable `=0D=0A` in 2.1) as LF.
        func text<S: StringProtocol>(_ raw: S) -> String {
            guard version == "2.1" else { return ContentLines.unescape(raw) }
            let text = String(raw).replacingBackslashSemicolon
            guard text.unicodeScalars.contains("\r") else { return text }
            var out = String.UnicodeScalarView(), afterCR = false
            for c in text.unicodeScalars {
                if c == "\r" { out.append("\n") } else if !(c == "\n" && afterCR) { out.append(c) }
                afterCR = c == "\r"
            }
            return String(out)
        }

        func split(_ raw: String, at separator: Unicode.Scalar) -> [String] {
            ContentLines.split(raw, at: separator).map { text($0) }
        }

        mutating func add(_ l: ContentLines.Line) {
            switch l.name {
            case "UID": if uid == nil { uid = text(l.value.contentTrimmed) }
            case "FN": if fn == nil { fn = text(l.value) }
            case "N": if n == nil { n = personName(l.value) }
            case "ORG":
                if org == nil {
                    org = split(l.value, at: ";").map { $0.contentTrimmed }.filter { !$0.isEmpty }.joined(separator: ", ")
                }
            case "X-TEAMWORK-CONTACT": if contact == nil { contact = text(l.value) }
            case "ROLE": if role == nil { role = text(l.value) }
            case "TITLE": if title == nil { title = text(l.value) }
            case "EMAIL":
                let v = text(l.value)
                if !v.contentTrimmed.isEmpty && !emails.contains(where: { $0.value == v }) { emails.append((v, preference(l))) }
            case "TEL":
                var v = l.value
                let valueType = l.param("VALUE")?.lowercased()
                let isURI = valueType == "uri" || (valueType == nil && v.lowercased().hasPrefix("tel:"))
                if isURI && v.lowercased().hasPrefix("tel:") { v = String(v.dropFirst(4)) }
                v = isURI ? v : text(v)
                if !v.contentTrimmed.isEmpty && !phones.contains(where: { $0.value == v }) { phones.append((v, preference(l))) }
            case "ADR":
                if address == nil {
                    var parts = split(l.value, at: ";")
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
            case "LABEL": if label == nil { label = oneLine(text(l.value)) }
            case "URL":
                // 3.0 writers escape `:` and `,` in URLs; 4.0 and 2.1 write them as they stand.
                if url == nil { url = version == "3.0" ? ContentLines.unescape(l.value) : l.value }
            case "NOTE": notes.append(text(l.value))
            case "CATEGORIES": categories += split(l.value, at: ",").map { $0.contentTrimmed }.filter { !$0.isEmpty }
            default: break
            }
        }

        /// 1 = most preferred (`PREF=1`, `TYPE=pref`, 2.1 `PREF`); 100 when not stated.
        private func preference(_ l: ContentLines.Line) -> Int {
            var pref = Int(l.param("PREF") ?? "") ?? 100
            if l.params("TYPE").contains(where: { $0.lowercased() == "pref" })
                || l.params.contains(where: { $0.name == "PREF" && $0.values.isEmpty }) {
                pref = min(pref, 1)
            }
            return pref
        }

        /// `N` as written: family; given; additional; prefixes; suffixes → "prefixes given additional family suffixes".
        private func personName(_ raw: String) -> String {
            var parts = ContentLines.split(raw, at: ";").map {
                ContentLines.split($0, at: ",").map { text($0).contentTrimmed }
                    .filter { !$0.isEmpty }.joined(separator: " ")
            }
            while parts.count < 5 { parts.append("") }
            return [parts[3], parts[1], parts[2], parts[0], parts[4]].filter { !$0.isEmpty }.joined(separator: " ")
        }

        private func oneLine(_ text: String) -> String {
            text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
                .map { $0.contentTrimmed }.filter { !$0.isEmpty }.joined(separator: ", ")
        }
    }
}

extension [(value: String, pref: Int)] {
    /// Values, the most preferred first, otherwise in file order.
    var sortedByPreference: [String] {
        enumerated().sorted { ($0.element.pref, $0.offset) < ($1.element.pref, $1.offset) }.map(\.element.value)
    }
}

extension String {
    /// vCard 2.1: `\;` stands for `;`; every other backslash is literal.
    var replacingBackslashSemicolon: String {
        guard contains("\\;") else { return self }
        var out = "", pending = false
        for c in self {
            if pending { out.append(c == ";" ? ";" : "\\"); if c != ";" { out.append(c) }; pending = false }
            else if c == "\\" { pending = true } else { out.append(c) }
        }
        if pending { out.append("\\") }
        return out
    }
}
