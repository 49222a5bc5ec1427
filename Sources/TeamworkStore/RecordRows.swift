import GRDB

// Hand-written row decoding for the plan tables, read at every start (the plan and the
// baseline: about 600 rows). GRDB's default for Decodable records goes through Codable's keyed
// containers, whose generic metadata and conformance look-ups cost more than the rows
// themselves at start-up; reading the columns directly does not.

extension PlanLineRecord {
    init(row: Row) throws {
        code = try row.decode(forColumn: "code")
        position = try row.decode(forColumn: "position")
        label = try row.decode(forColumn: "label")
        section = try row.decode(forColumn: "section")
        kind = try row.decode(forColumn: "kind")
        parts = try row.decode(forColumn: "parts")
        statedTotal = try row.decode(forColumn: "stated_total")
        version = try row.decode(forColumn: "version")
    }
}

extension PlanValueRecord {
    init(row: Row) throws {
        lineCode = try row.decode(forColumn: "line_code")
        year = try row.decode(forColumn: "year")
        value = try row.decode(forColumn: "value")
        version = try row.decode(forColumn: "version")
    }
}
