import PropertyBased
import Testing
@testable import TeamworkCore

@Suite struct Fixed2Tests {
    @Test(arguments: [
        ("1.234.567,89", Int64(123_456_789)),
        ("-1.234,50", -123_450),
        ("1234,5", 123_450),
        ("1234", 123_400),
        ("0,00", 0),
        ("0,01", 1),
        ("-0,01", -1),
        ("999.999.999.999,99", 99_999_999_999_999),
        ("  12,30 € ", 1_230),
        ("90,40 %", 9_040),
        ("+5", 500),
    ])
    func parses(_ text: String, _ cents: Int64) throws {
        #expect(try Fixed2.parse(text) == cents)
        #expect(try Money.parse(text) == Money(cents: cents))
    }

    @Test(arguments: ["12.34", "1,234", "abc", "1.2345,00", "", "   ", "-", "1,", ",5", "1,2,3", "12a,00",
                      "1.000.000.000.000,00", "99999999999999999999", "1.234,5.6", "1..234"])
    func rejects(_ text: String) {
        #expect(throws: Fixed2.ParseError.self) { try Fixed2.parse(text) }
    }

    @Test func rejectsNegativeWhenAsked() {
        #expect(throws: Fixed2.ParseError.self) { try Fixed2.parse("-1,00", allowNegative: false) }
        #expect(throws: Fixed2.ParseError.self) { try Money.parse("-1,00", allowNegative: false) }
    }

    @Test(arguments: [
        (Int64(123_456_789), "1.234.567,89"), (-123_450, "-1.234,50"), (0, "0,00"), (5, "0,05"),
        (-5, "-0,05"), (100_000, "1.000,00"), (99_999, "999,99"), (80_500_000, "805.000,00"),
    ])
    func formats(_ cents: Int64, _ text: String) {
        #expect(Fixed2.format(cents) == text)
        #expect(Money(cents: cents).formatted == text)
    }

    @Test func formatsUngrouped() {
        #expect(Fixed2.format(123_456_789, grouped: false) == "1234567,89")
        #expect(Percent(basisPoints: 9_040).description == "90,40 %")
    }

    @Test func roundTripProperty() async {
        await propertyCheck(count: 500, input: Gen.int64(in: -Fixed2.maxMagnitude...Fixed2.maxMagnitude)) { value in
            #expect((try? Fixed2.parse(Fixed2.format(value))) == value)
            #expect((try? Fixed2.parse(Fixed2.format(value, grouped: false))) == value)
        }
    }

    @Test(arguments: [
        (Int64(1), Int64(8), Int64?(1_250)),       // exact
        (1, 3, 3_333),                             // 33,333… → down
        (2, 3, 6_667),                             // 66,666… → up
        (1, 20_000, 1),                            // 0,005 % → tie rounds up
        (-1, 20_000, -1),                          // tie rounds away from zero
        (1, 80_000, 0),                            // 0,00125 % → down
        (164_725_000, 1_822_500_000, 904),         // Schwerin 3.3.1: 9,038… %
        (1_647_500_000, 1_822_500_000, 9_040),     // Schwerin 3.3.3: 90,397… %
        (3_445_000_00, 3_800_000_00, 9_066),       // 90,657… %
        (5, 0, nil),
    ])
    func shareRoundsHalfUp(_ part: Int64, _ whole: Int64, _ expected: Int64?) {
        #expect(Fixed2.share(part, of: whole) == expected)
    }

    @Test func percentShare() {
        #expect(Percent.share(Money(euros: 16_475_000), of: Money(euros: 18_225_000)) == Percent(basisPoints: 9_040))
        #expect(Percent.share(Money(euros: 1), of: .zero) == nil)
    }

    @Test func exactMulDivRounds() {
        #expect(Exact.mulDiv(107_000_000, 1, 3, .halfUp) == 35_666_667)
        #expect(Exact.mulDiv(107_000_000, 1, 3, .down) == 35_666_666)
        #expect(Exact.mulDiv(107_000_000, 1, 3, .up) == 35_666_667)
        #expect(Exact.mulDiv(-7, 1, 2, .halfUp) == -4)
        #expect(Exact.mulDiv(-7, 1, 2, .down) == -4)
        #expect(Exact.mulDiv(-7, 1, 2, .up) == -3)
        #expect(Exact.mulDiv(Int64.max, Int64.max, 1, .down) == Int64.max)
        #expect(Exact.compare(Int64.max, 10_000, Int64.max, 9_000) == 1)
        #expect(Exact.compare(-3, 2, 2, -3) == 0)
    }
}
