import CNcurses
import Testing
import TeamworkTerminal
import TeamworkUI

/// The pure mapping functions of the ncurses backend: key codes → `Key`, `Style` → attributes and colours.
/// None of these tests needs a terminal.
@Suite struct KeyMappingTests {
    private func key(_ code: Int32, keyCode: Bool = false) -> Key? {
        NcursesScreen.key(fromKeyCode: code, isKeyCode: keyCode)
    }

    @Test func arrowKeys() {
        #expect(key(KEY_UP, keyCode: true) == .up)
        #expect(key(KEY_DOWN, keyCode: true) == .down)
        #expect(key(KEY_LEFT, keyCode: true) == .left)
        #expect(key(KEY_RIGHT, keyCode: true) == .right)
    }

    @Test func navigationKeysIncludingKeypadVariants() {
        #expect(key(KEY_PPAGE, keyCode: true) == .pageUp)
        #expect(key(KEY_A3, keyCode: true) == .pageUp)
        #expect(key(KEY_NPAGE, keyCode: true) == .pageDown)
        #expect(key(KEY_C3, keyCode: true) == .pageDown)
        #expect(key(KEY_HOME, keyCode: true) == .home)
        #expect(key(KEY_A1, keyCode: true) == .home)
        #expect(key(KEY_FIND, keyCode: true) == .home)
        #expect(key(KEY_END, keyCode: true) == .end)
        #expect(key(KEY_C1, keyCode: true) == .end)
        #expect(key(KEY_SELECT, keyCode: true) == .end)
        #expect(key(KEY_DC, keyCode: true) == .delete)
        #expect(key(KEY_RESIZE, keyCode: true) == .resize)
    }

    @Test(arguments: [Int32(10), 13]) func enterAsCharacter(code: Int32) {
        #expect(key(code) == .enter)
    }

    @Test func enterAsKeyCode() {
        #expect(key(KEY_ENTER, keyCode: true) == .enter)
    }

    @Test func escapeTabAndBackTab() {
        #expect(key(27) == .escape)
        #expect(key(9) == .tab)
        #expect(key(KEY_BTAB, keyCode: true) == .backTab)
    }

    @Test(arguments: [Int32(127), 8]) func backspaceAsCharacter(code: Int32) {
        #expect(key(code) == .backspace)
    }

    @Test func backspaceAsKeyCode() {
        #expect(key(KEY_BACKSPACE, keyCode: true) == .backspace)
    }

    @Test func controlLetters() {
        #expect(key(3) == .ctrl("c"))  // Ctrl-C arrives as a byte in raw mode
        #expect(key(1) == .ctrl("a"))
        #expect(key(12) == .ctrl("l"))
        #expect(key(21) == .ctrl("u"))
        #expect(key(26) == .ctrl("z"))
        // 8, 9, 10, 13 are Ctrl-H/I/J/M but mean backspace, tab and enter.
        #expect(key(8) != .ctrl("h"))
        #expect(key(9) != .ctrl("i"))
        #expect(key(13) != .ctrl("m"))
    }

    @Test func plainAndUmlautCharacters() {
        #expect(key(Int32(UInt8(ascii: "q"))) == .char("q"))
        #expect(key(Int32(UInt8(ascii: "3"))) == .char("3"))
        #expect(key(Int32(UInt8(ascii: " "))) == .char(" "))
        #expect(key(Int32(UInt8(ascii: "?"))) == .char("?"))
        #expect(key(0xE4) == .char("ä"))
        #expect(key(0xF6) == .char("ö"))
        #expect(key(0xFC) == .char("ü"))
        #expect(key(0xC4) == .char("Ä"))
        #expect(key(0xD6) == .char("Ö"))
        #expect(key(0xDC) == .char("Ü"))
        #expect(key(0xDF) == .char("ß"))
        #expect(key(0x20AC) == .char("€"))
    }

    @Test func unusedCodesAreIgnored() {
        #expect(key(0) == nil)
        #expect(key(28) == nil)
        #expect(key(31) == nil)
        #expect(key(0x80) == nil)  // C1 controls never reach the app
        #expect(key(0x9B) == nil)
        #expect(key(-1) == nil)
        #expect(key(0xD800) == nil)  // a lone surrogate is no scalar
        #expect(key(KEY_MOUSE, keyCode: true) == nil)
    }

    @Test func functionKeys() {
        #expect(key(KEY_F0 + 1, keyCode: true) == .function(1))
        #expect(key(KEY_F0 + 10, keyCode: true) == .function(10))
        #expect(key(KEY_F0 + 12, keyCode: true) == .function(12))
    }

    @Test func keyCodeFlagDecidesTheMeaning() {
        // The same number is a character without KEY_CODE_YES and a curses key with it.
        #expect(key(KEY_UP, keyCode: false) == .char(Character(Unicode.Scalar(UInt32(KEY_UP))!)))
        #expect(key(9, keyCode: true) == nil)
    }
}

@Suite struct ColorMappingTests {
    private let bases: [(Color, Int16)] = [
        (.black, 0), (.red, 1), (.green, 2), (.yellow, 3), (.blue, 4), (.magenta, 5), (.cyan, 6), (.white, 7),
    ]
    private let brights: [(Color, Int16)] = [
        (.brightBlack, 8), (.brightRed, 9), (.brightGreen, 10), (.brightYellow, 11), (.brightBlue, 12),
        (.brightMagenta, 13), (.brightCyan, 14), (.brightWhite, 15),
    ]

    @Test(arguments: [8, 16, 256]) func baseColoursKeepTheirNumber(colorCount: Int) {
        for (color, number) in bases {
            let mapped = NcursesScreen.colorNumber(color, colorCount: colorCount)
            #expect(mapped.number == number, "\(color)")
            #expect(!mapped.needsBold, "\(color)")
        }
    }

    @Test(arguments: [16, 88, 256]) func brightColoursOnRichTerminals(colorCount: Int) {
        for (color, number) in brights {
            let mapped = NcursesScreen.colorNumber(color, colorCount: colorCount)
            #expect(mapped.number == number, "\(color)")
            #expect(!mapped.needsBold, "\(color)")
        }
    }

    @Test func brightColoursOnEightColourTerminalsBecomeBaseColourPlusBold() {
        for (color, number) in brights {
            let mapped = NcursesScreen.colorNumber(color, colorCount: 8)
            #expect(mapped.number == number - 8, "\(color)")
            #expect(mapped.needsBold, "\(color)")
        }
    }

    @Test(arguments: [0, 8, 256]) func defaultColourIsMinusOne(colorCount: Int) {
        let mapped = NcursesScreen.colorNumber(.default, colorCount: colorCount)
        #expect(mapped.number == -1)
        #expect(!mapped.needsBold)
    }

    @Test func noColoursWhenTheTerminalHasNone() {
        for color in Color.allCases {
            let mapped = NcursesScreen.colorNumber(color, colorCount: 0)
            #expect(mapped.number == -1 && !mapped.needsBold, "\(color)")
        }
        let style = Style(fg: .brightRed, bg: .blue, bold: false, reverse: true, underline: true, dim: true)
        let attributes = NcursesScreen.attributes(for: style, colorCount: 0)
        #expect(attributes == TerminalAttributes(bold: false, reverse: true, underline: true, dim: true))
        #expect(!attributes.hasColor)
    }

    @Test func attributesCarryTheStyleFlagsAndColours() {
        let style = Style(fg: .red, bg: .white, bold: true, reverse: false, underline: true, dim: false)
        let attributes = NcursesScreen.attributes(for: style, colorCount: 256)
        #expect(attributes == TerminalAttributes(bold: true, underline: true, foreground: 1, background: 7))
        #expect(attributes.hasColor)
    }

    @Test(arguments: [0, 8, 256]) func plainStyleNeedsNoColourPair(colorCount: Int) {
        let attributes = NcursesScreen.attributes(for: Style(), colorCount: colorCount)
        #expect(attributes == TerminalAttributes())
        #expect(!attributes.hasColor)
    }

    @Test func brightForegroundOnEightColoursAddsBold() {
        let attributes = NcursesScreen.attributes(for: Style(fg: .brightBlack), colorCount: 8)
        #expect(attributes == TerminalAttributes(bold: true, foreground: 0))
        let rich = NcursesScreen.attributes(for: Style(fg: .brightBlack), colorCount: 256)
        #expect(rich == TerminalAttributes(bold: false, foreground: 8))
    }

    @Test func brightBackgroundOnEightColoursDoesNotAddBold() {
        // Bold brightens only the foreground; a bright background falls back to its base colour.
        let attributes = NcursesScreen.attributes(for: Style(fg: .black, bg: .brightYellow), colorCount: 8)
        #expect(attributes == TerminalAttributes(bold: false, foreground: 0, background: 3))
    }

    @Test(arguments: [0, 8, 16, 256]) func everyThemeRoleMapsToValidColourNumbers(colorCount: Int) {
        let limit = Int16(min(colorCount, 16))
        for role in Role.allCases {
            let attributes = NcursesScreen.attributes(for: Theme.fallback.style(role), colorCount: colorCount)
            #expect(attributes.foreground == -1 || (0..<limit).contains(attributes.foreground), "\(role)")
            #expect(attributes.background == -1 || (0..<limit).contains(attributes.background), "\(role)")
        }
    }
}
