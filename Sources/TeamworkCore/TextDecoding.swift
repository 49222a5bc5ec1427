/// The encodings files from the office's programs arrive in: German Excel and many finance
/// systems write Windows-1252 ("CSV (Trennzeichen-getrennt)"), newer ones UTF-8, often with a
/// byte order mark ("CSV UTF-8"). One decoder for every reader, so each says the same thing.
public enum TextEncoding: String, Sendable, Equatable {
    case utf8 = "UTF-8"
    case utf8WithBOM = "UTF-8 mit BOM"
    case windows1252 = "Windows-1252"

    /// How a message names it ("gelesen als Windows-1252").
    public var displayName: String { rawValue }
}

public struct DecodedText: Sendable, Equatable {
    public var text: String
    public var encoding: TextEncoding
}

public enum TextDecoding {
    /// UTF-8 (a leading byte order mark is dropped); bytes that are not valid UTF-8 are read as
    /// Windows-1252 when every byte is defined there. Nil when neither fits (a binary file).
    public static func decode(_ bytes: some Collection<UInt8>) -> DecodedText? {
        let array = Array(bytes)
        let hasBOM = array.starts(with: [0xEF, 0xBB, 0xBF])
        let body = hasBOM ? Array(array.dropFirst(3)) : array
        if let text = utf8(body) {
            return DecodedText(text: text, encoding: hasBOM ? .utf8WithBOM : .utf8)
        }
        if hasBOM { return nil }
        guard let text = windows1252(body) else { return nil }
        return DecodedText(text: text, encoding: .windows1252)
    }

    /// Strict UTF-8: nil on any invalid sequence (String(decoding:) would insert U+FFFD).
    public static func utf8(_ bytes: [UInt8]) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// Windows-1252; nil if a byte is one of the five the code page leaves undefined.
    public static func windows1252(_ bytes: some Sequence<UInt8>) -> String? {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            if byte < 0x80 || byte >= 0xA0 {
                scalars.append(Unicode.Scalar(byte))
                continue
            }
            let value = cp1252High[Int(byte - 0x80)]
            guard value != 0, let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
        }
        return String(scalars)
    }

    /// Text as Windows-1252 bytes; nil if a character has no place in the code page.
    public static func encodeWindows1252(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 || (value >= 0xA0 && value <= 0xFF) {
                bytes.append(UInt8(value))
            } else if let index = cp1252High.firstIndex(of: value), value != 0 {
                bytes.append(UInt8(0x80 + index))
            } else {
                return nil
            }
        }
        return bytes
    }

    /// 0x80…0x9F of Windows-1252 (0 = undefined: 0x81, 0x8D, 0x8F, 0x90, 0x9D).
    private static let cp1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
