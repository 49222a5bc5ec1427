import Foundation
import Testing
@testable import TeamworkXLSX

/// The XML reader of the .xlsx import (instead of Foundation's XMLParser): what Excel and
/// LibreOffice write, and the errors of what they do not.
@Suite struct XMLScannerTests {
    final class Recorder: XMLHandler {
        var events: [String] = []
        func start(_ name: String, _ attributes: [String: String]) {
            events.append("<\(name)" + attributes.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined() + ">")
        }
        func end(_ name: String) { events.append("</\(name)>") }
        func text(_ text: String) { events.append("'\(text)'") }
    }

    func events(_ xml: String) throws -> [String] {
        let recorder = Recorder()
        try XMLScanner.scan(Data(xml.utf8), into: recorder)
        return recorder.events
    }

    func failure(_ xml: String) -> XMLScanner.Failure? {
        do { _ = try events(xml) } catch let error as XMLScanner.Failure { return error } catch { return nil }
        return nil
    }

    @Test func elementsAttributesAndText() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!-- written by hand -->
            <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count='2'>\
            <si><t xml:space="preserve"> Größe &amp; Preis &lt;1&gt; &quot;x&quot; &apos;y&apos; &#8364; &#x20AC;</t></si>\
            <si><r><t>a</t></r><r><t><![CDATA[<b> & </b>]]></t></r><rPh sb="0" eb="1"><t>ア</t></rPh></si>\
            <empty/></sst>
            """
        #expect(try events(xml) == [
            "<sst count=2 xmlns=http://schemas.openxmlformats.org/spreadsheetml/2006/main>",
            "<si>", "<t xml:space=preserve>", "' Größe & Preis <1> \"x\" 'y' € €'", "</t>", "</si>",
            "<si>", "<r>", "<t>", "'a'", "</t>", "</r>", "<r>", "<t>", "'<b> & </b>'", "</t>", "</r>",
            "<rPh eb=1 sb=0>", "<t>", "'ア'", "</t>", "</rPh>", "</si>",
            "<empty>", "</empty>", "</sst>",
        ])
    }

    @Test func lineEndsBecomeLineFeedsAndAttributeWhiteSpaceSpaces() throws {
        #expect(try events("\u{FEFF}<a b=\"1\r\n2\tx\">x\r\ny\rz&#13;</a>") == ["<a b=1 2 x>", "'x\ny\nz\r'", "</a>"])
    }

    @Test func errorsNameTheLineAndWhy() throws {
        let unclosed = try #require(failure("<a>\n<b>\n</a>"))
        #expect(unclosed.line == 3 && unclosed.reason == "</a> schließt <b>")
        #expect(failure("<a><b></b>")?.reason == "Element <a> wird nicht geschlossen")
        #expect(failure("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>")?.reason.contains("DOCTYPE") == true)
        #expect(failure("<a>&bogus;</a>")?.reason == "unbekannte Entität &bogus;")
        #expect(failure("<a>&#0;</a>")?.reason == "ungültiger Zeichenverweis &#0;")
        #expect(failure("<a>R&D</a>")?.reason == "„&“ ohne „;“ (als Text: &amp;)")
        #expect(failure("<a b=1/>")?.reason == "Wert des Attributs b in <a> steht nicht in Anführungszeichen")
        #expect(failure("<a b=\"1\" b=\"2\"/>")?.reason == "Attribut b doppelt in <a>")
        #expect(failure("<a/><b/>")?.reason == "zweites Wurzelelement <b>")
        #expect(failure("<a/>x")?.reason == "Text außerhalb des Wurzelelements")
        #expect(failure("")?.reason == "kein Element im Dokument")
        #expect(failure("<a>\n\n<!-- open")?.line == 3)
        // "<a>ä</a>" in Latin-1, and UTF-16 with its byte-order mark.
        let recorder = Recorder()
        let latin1 = #expect(throws: XMLScanner.Failure.self) {
            try XMLScanner.scan(Data([0x3C, 0x61, 0x3E, 0xE4, 0x3C, 0x2F, 0x61, 0x3E]), into: recorder)
        }
        #expect(latin1?.reason == "ungültiges UTF-8")
        let utf16 = #expect(throws: XMLScanner.Failure.self) { try XMLScanner.scan(Data([0xFF, 0xFE, 0x3C, 0x00]), into: recorder) }
        #expect(utf16?.reason.hasPrefix("UTF-16") == true)
    }
}
