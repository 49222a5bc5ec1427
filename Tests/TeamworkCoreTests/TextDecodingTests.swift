import Testing
@testable import TeamworkCore

@Suite struct TextDecodingTests {
    @Test func plainUTF8() {
        let decoded = TextDecoding.decode(Array("Förderfähige Kosten".utf8))
        #expect(decoded == DecodedText(text: "Förderfähige Kosten", encoding: .utf8))
    }

    @Test func utf8WithBOMDropsTheMark() {
        let decoded = TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("Straße".utf8))
        #expect(decoded == DecodedText(text: "Straße", encoding: .utf8WithBOM))
    }

    @Test func windows1252AsGermanExcelWritesIt() {
        // "Förderfähige Kosten – 5 €" in Windows-1252: ö=F6, ä=E4, en dash=96, euro=80.
        let bytes: [UInt8] = [0x46, 0xF6, 0x72, 0x64, 0x65, 0x72, 0x66, 0xE4, 0x68, 0x69, 0x67, 0x65, 0x20,
                              0x4B, 0x6F, 0x73, 0x74, 0x65, 0x6E, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]
        let decoded = TextDecoding.decode(bytes)
        #expect(decoded == DecodedText(text: "Förderfähige Kosten – 5 €", encoding: .windows1252))
        #expect(TextDecoding.encodeWindows1252("Förderfähige Kosten – 5 €") == bytes)
    }

    @Test func undefinedWindows1252ByteIsNeither() {
        #expect(TextDecoding.decode([0x41, 0x81, 0x42]) == nil)
        #expect(TextDecoding.encodeWindows1252("日本") == nil)
    }

    @Test func bomFollowedByInvalidUTF8IsRefused() {
        #expect(TextDecoding.decode([0xEF, 0xBB, 0xBF, 0xF6]) == nil)
    }

    @Test func everyDefinedByteRoundTrips() throws {
        let bytes = (0...255).map(UInt8.init).filter { ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains($0) }
        let text = try #require(TextDecoding.windows1252(bytes))
        #expect(TextDecoding.encodeWindows1252(text) == bytes)
    }
}
