import Foundation

/// Receives what `XMLScanner` finds, in document order.
protocol XMLHandler: AnyObject {
    func start(_ name: String, _ attributes: [String: String])
    func end(_ name: String)
    func text(_ text: String)
}

extension XMLHandler {
    func end(_ name: String) {}
    func text(_ text: String) {}
}

/// The XML of an .xlsx part, read in one pass over its bytes: elements with their attributes,
/// character data (entities and character references resolved, CDATA as is, line ends as LF),
/// comments and processing instructions skipped. A document type declaration is refused
/// (an .xlsx has none; entities from one are how XML bombs work), as is everything not
/// well-formed: unclosed or crossed elements, bad references, invalid UTF-8.
///
/// Written for the reader instead of Foundation's XMLParser, which links libxml2 and with it
/// ICU into every start of teamwork, not only into the reading of a workbook.
enum XMLScanner {
    struct Failure: Error {
        /// Line of the error, from 1.
        var line: Int
        var reason: String
    }

    static func scan(_ data: Data, into handler: some XMLHandler) throws(Failure) {
        let bytes = [UInt8](data)
        var scanner = Cursor(bytes: bytes)
        try scanner.document(handler)
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0
        var open: [String] = []
        var sawRoot = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        func failure(_ reason: String, at position: Int? = nil) -> Failure {
            let end = min(position ?? index, bytes.count)
            var line = 1
            for byte in bytes[..<end] where byte == 0x0A { line += 1 }
            return Failure(line: line, reason: reason)
        }

        func starts(with literal: StaticString, at position: Int) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard position + count <= bytes.count else { return false }
            return literal.withUTF8Buffer { prefix in
                for offset in 0..<count where bytes[position + offset] != prefix[offset] { return false }
                return true
            }
        }

        /// Index of `literal` at or after `from`, else nil.
        func find(_ literal: StaticString, from: Int) -> Int? {
            var position = from
            while position < bytes.count {
                if starts(with: literal, at: position) { return position }
                position += 1
            }
            return nil
        }

        static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }

        mutating func skipSpace() {
            while index < bytes.count, Self.isSpace(bytes[index]) { index += 1 }
        }

        mutating func document(_ handler: some XMLHandler) throws(Failure) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) {
                throw failure("UTF-16 wird nicht gelesen (Excel und LibreOffice schreiben UTF-8)")
            }
            while index < bytes.count {
                if bytes[index] == UInt8(ascii: "<") {
                    try markup(handler)
                } else {
                    let start = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                    let text = try decode(start, index, attribute: false)
                    if open.isEmpty {
                        guard text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\n" }) else {
                            throw failure("Text außerhalb des Wurzelelements", at: start)
                        }
                    } else if !text.isEmpty {
                        handler.text(text)
                    }
                }
            }
            if let unclosed = open.last { throw failure("Element <\(unclosed)> wird nicht geschlossen") }
            guard sawRoot else { throw failure("kein Element im Dokument") }
        }

        mutating func markup(_ handler: some XMLHandler) throws(Failure) {
            let start = index
            if starts(with: "<?", at: index) {
                guard let end = find("?>", from: index + 2) else { throw failure("<? ohne ?>", at: start) }
                index = end + 2
            } else if starts(with: "<!--", at: index) {
                guard let end = find("-->", from: index + 4) else { throw failure("Kommentar ohne -->", at: start) }
                index = end + 3
            } else if starts(with: "<![CDATA[", at: index) {
                guard !open.isEmpty else { throw failure("CDATA außerhalb des Wurzelelements", at: start) }
                guard let end = find("]]>", from: index + 9) else { throw failure("CDATA ohne ]]>", at: start) }
                let text = try utf8(index + 9, end, normalisingLineEnds: true)
                if !text.isEmpty { handler.text(text) }
                index = end + 3
            } else if starts(with: "<!", at: index) {
                throw failure("Dokumenttyp-Deklarationen (<!DOCTYPE …>) sind in einer .xlsx-Datei nicht erlaubt", at: start)
            } else if starts(with: "</", at: index) {
                index += 2
                let name = try self.name()
                skipSpace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                    throw failure("„>“ fehlt nach </\(name)", at: start)
                }
                index += 1
                guard let top = open.last else { throw failure("</\(name)> ohne öffnendes Element", at: start) }
                guard top == name else { throw failure("</\(name)> schließt <\(top)>", at: start) }
                open.removeLast()
                handler.end(name)
            } else {
                index += 1
                let name = try self.name()
                if open.isEmpty && sawRoot { throw failure("zweites Wurzelelement <\(name)>", at: start) }
                var attributes: [String: String] = [:]
                var selfClosing = false
                while true {
                    let before = index
                    skipSpace()
                    guard index < bytes.count else { throw failure("<\(name) wird nicht mit „>“ beendet", at: start) }
                    if bytes[index] == UInt8(ascii: ">") { index += 1; break }
                    if starts(with: "/>", at: index) { index += 2; selfClosing = true; break }
                    guard index > before else { throw failure("Leerzeichen vor dem Attribut fehlt in <\(name)>") }
                    let key = try self.name()
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                        throw failure("„=“ fehlt nach dem Attribut \(key) in <\(name)>")
                    }
                    index += 1
                    skipSpace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") else {
                        throw failure("Wert des Attributs \(key) in <\(name)> steht nicht in Anführungszeichen")
                    }
                    let quote = bytes[index]
                    let valueStart = index + 1
                    var valueEnd = valueStart
                    while valueEnd < bytes.count, bytes[valueEnd] != quote {
                        if bytes[valueEnd] == UInt8(ascii: "<") {
                            throw failure("„<“ im Wert des Attributs \(key)", at: valueEnd)
                        }
                        valueEnd += 1
                    }
                    guard valueEnd < bytes.count else { throw failure("Wert des Attributs \(key) endet nicht", at: valueStart) }
                    guard attributes[key] == nil else { throw failure("Attribut \(key) doppelt in <\(name)>") }
                    attributes[key] = try decode(valueStart, valueEnd, attribute: true)
                    index = valueEnd + 1
                }
                sawRoot = true
                handler.start(name, attributes)
                if selfClosing { handler.end(name) } else { open.append(name) }
            }
        }

        /// An element or attribute name (with its prefix, e.g. `r:id`).
        mutating func name() throws(Failure) -> String {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if Self.isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
                    || byte == UInt8(ascii: "<") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { break }
                index += 1
            }
            guard index > start else { throw failure("Name fehlt", at: start) }
            let first = bytes[start]
            if first == UInt8(ascii: "-") || first == UInt8(ascii: ".") || (first >= 0x30 && first <= 0x39) {
                throw failure("ungültiger Name", at: start)
            }
            return try utf8(start, index, normalisingLineEnds: false)
        }

        func utf8(_ from: Int, _ to: Int, normalisingLineEnds: Bool) throws(Failure) -> String {
            guard let text = String(validating: bytes[from..<to], as: UTF8.self) else {
                throw failure("ungültiges UTF-8", at: from)
            }
            guard normalisingLineEnds, bytes[from..<to].contains(0x0D) else { return text }
            return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }

        /// Character data or an attribute value: references resolved; in attributes, literal
        /// white space becomes a space (XML's attribute-value normalisation).
        func decode(_ from: Int, _ to: Int, attribute: Bool) throws(Failure) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(to - from)
            var position = from
            while position < to {
                let byte = bytes[position]
                if byte == UInt8(ascii: "&") {
                    guard let semicolon = bytes[position..<to].firstIndex(of: UInt8(ascii: ";")), semicolon - position <= 12 else {
                        throw failure("„&“ ohne „;“ (als Text: &amp;)", at: position)
                    }
                    let reference = bytes[(position + 1)..<semicolon]
                    let scalar: Unicode.Scalar?
                    switch String(decoding: reference, as: UTF8.self) {
                    case "lt": scalar = "<"
                    case "gt": scalar = ">"
                    case "amp": scalar = "&"
                    case "quot": scalar = "\""
                    case "apos": scalar = "'"
                    case let code where code.hasPrefix("#x"):
                        scalar = UInt32(code.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                    case let code where code.hasPrefix("#"):
                        scalar = UInt32(code.dropFirst(1), radix: 10).flatMap(Unicode.Scalar.init)
                    default:
                        throw failure("unbekannte Entität &\(String(decoding: reference, as: UTF8.self));", at: position)
                    }
                    guard let scalar, scalar.value != 0 else {
                        throw failure("ungültiger Zeichenverweis &\(String(decoding: reference, as: UTF8.self));", at: position)
                    }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                    position = semicolon + 1
                } else if byte == 0x0D {
                    out.append(attribute ? 0x20 : 0x0A)
                    position += (position + 1 < to && bytes[position + 1] == 0x0A) ? 2 : 1
                } else {
                    out.append(attribute && (byte == 0x09 || byte == 0x0A) ? 0x20 : byte)
                    position += 1
                }
            }
            guard let text = String(validating: out, as: UTF8.self) else { throw failure("ungültiges UTF-8", at: from) }
            return text
        }
    }
}
