import AllotCore
import XCTest
@testable import AllotIngest

final class PolicyFileTests: XCTestCase {
    func test_parse_specDefaultsWrittenOut_equalDefaults() throws {
        let text = """
        horizon_days = 3
        road_factor = 1.25
        speed_km_per_day = 400
        max_distance_km = 800
        share = "maxmin"        # or "none"
        truck_capacity_kg = 10000       # for transport passes

        [tiers]                 # category -> tier, 1 is served first
        epidemic_producer = 1
        medical = 1
        key_enterprise = 2
        above_scale = 3
        sme = 4
        """
        XCTAssertEqual(try PolicyFile.parse(text, path: "allot.toml"), Policy())
    }

    func test_parse_changedValues() throws {
        let policy = try PolicyFile.parse("""
        horizon_days = 5
        max_distance_km = 0
        share = 'none'
        truck_capacity_kg = 7500.5
        entitlement_factor = 2
        tiers.sme = 3
        [tiers]
        "medical" = 2
        """, path: "allot.toml")
        XCTAssertEqual(policy.horizonDays, 5)
        XCTAssertEqual(policy.maxDistanceKm, 0)
        XCTAssertEqual(policy.truckCapacityKilograms, 7500.5)
        XCTAssertEqual(policy.entitlementFactor, 2)
        XCTAssertEqual(policy.share, ShareMode.none)
        XCTAssertEqual(policy.tier(of: .sme), 3)
        XCTAssertEqual(policy.tier(of: .medical), 2)
        XCTAssertEqual(policy.tier(of: .epidemicProducer), 1)
    }

    func test_parse_limits_defaultsAndChangedValues() throws {
        XCTAssertEqual(Policy().limits, InputLimits())
        let policy = try PolicyFile.parse("""
        [limits]
        line_bytes = 4096
        field_bytes = 100
        xml_depth = 8
        attribute_bytes = 200
        attributes_per_element = 16
        records_per_file = 10
        input_bytes = 1_000_000_000_000
        """, path: "allot.toml")
        var expected = InputLimits()
        expected.lineBytes = 4096
        expected.fieldBytes = 100
        expected.xmlDepth = 8
        expected.attributeBytes = 200
        expected.attributesPerElement = 16
        expected.recordsPerFile = 10
        expected.inputBytes = 1_000_000_000_000
        XCTAssertEqual(policy.limits, expected)
        XCTAssertEqual(policy.horizonDays, Policy().horizonDays)
    }

    func test_parse_unknownKey_namesIt() {
        XCTAssertThrowsError(try PolicyFile.parse("horizon_days = 3\nhorizon = 4\n", path: "allot.toml")) { error in
            let e = error as! PolicyError
            XCTAssertEqual(e.key, "horizon")
            XCTAssertEqual(e.line, 2)
            XCTAssertEqual(e.description, "allot.toml:2: unknown policy key 'horizon'; the keys are horizon_days, road_factor, speed_km_per_day, max_distance_km, share, tiers, limits, substitutes, ledger, carry_over, truck_capacity_kg, entitlement_factor")
        }
        XCTAssertThrowsError(try PolicyFile.parse("[tiers]\nvolunteer = 2\n", path: "p.toml")) { error in
            XCTAssertEqual((error as! PolicyError).key, "tiers.volunteer")
        }
    }

    /// SPEC 13's example, with a trailing comma and a comment; the lists in file order, best first.
    func test_parse_substitutes() throws {
        let policy = try PolicyFile.parse("""
            share = "maxmin"
            [substitutes]            # requested material -> materials that may serve it, best first
            MASK-MEDICAL = ["MASK-SURGICAL", "MASK-N95"]
            MASK-SURGICAL = [ 'MASK-N95', ]   # N95 where surgical masks are short
            SUIT = []
            MASK-N95 = [
              "MASK-SURGICAL",   # a list over several lines, as TOML allows
            ]
            """, path: "allot.toml")
        XCTAssertEqual(policy.substitutes.entries, [
            Substitutes.Entry(requested: MaterialCode("MASK-MEDICAL"),
                              substitutes: [MaterialCode("MASK-SURGICAL"), MaterialCode("MASK-N95")], line: 3),
            Substitutes.Entry(requested: MaterialCode("MASK-SURGICAL"), substitutes: [MaterialCode("MASK-N95")], line: 4),
            Substitutes.Entry(requested: MaterialCode("SUIT"), substitutes: [], line: 5),
            Substitutes.Entry(requested: MaterialCode("MASK-N95"), substitutes: [MaterialCode("MASK-SURGICAL")], line: 6),
        ])
        XCTAssertTrue(Policy().substitutes.isEmpty)
    }

    /// SPEC 6, 15: `carry_over` is off unless the file turns it on.
    func test_parse_carryOver() throws {
        XCTAssertFalse(Policy().carryOver)
        XCTAssertFalse(try PolicyFile.parse("horizon_days = 3\n", path: "allot.toml").carryOver)
        XCTAssertTrue(try PolicyFile.parse("carry_over = true   # plan open items again\n", path: "allot.toml").carryOver)
        XCTAssertFalse(try PolicyFile.parse("carry_over = false\n", path: "allot.toml").carryOver)
    }

    func test_parse_badValues_areRefusedWithTheirLine() {
        let cases: [(String, Int, String)] = [
            ("horizon_days = 0", 1, "horizon_days must be between 1 and 366, not 0"),
            ("horizon_days = 2.5", 1, "horizon_days must be a whole number of days"),
            ("\nroad_factor = \"fast\"", 2, "road_factor must be a number, not a string"),
            ("speed_km_per_day = -1", 1, "speed_km_per_day must be more than 0, not -1"),
            ("truck_capacity_kg = 0", 1, "truck_capacity_kg must be more than 0, not 0"),
            ("truck_capacity_kg = \"10t\"", 1, "truck_capacity_kg must be a number, not a string"),
            ("entitlement_factor = -1.5", 1, "entitlement_factor must be more than 0, not -1.5"),
            // Found by the policy fuzz target: a whole number past Int64 trapped in the message.
            ("road_factor = -1e30", 1, "road_factor must be more than 0, not -1e+30"),
            ("share = \"fair\"", 1, "share must be \"maxmin\" or \"none\""),
            ("share = maxmin", 1, "maxmin is not a value (strings need quotes)"),
            ("horizon_days = 3\nhorizon_days = 4", 2, "the key horizon_days is defined twice"),
            ("[tiers]\nsme = 0", 2, "tiers.sme must be a tier number from 1 (served first) to 100"),
            ("road_factor = [1, 2]", 1, "road_factor must be a number, not an array"),
            ("road_factor = {a = 1}", 1, "inline tables are not supported in a policy file"),
            ("[substitutes]\nMASK-MEDICAL = \"MASK-N95\"", 2,
             "substitutes.MASK-MEDICAL must be a list of materials, best first: substitutes.MASK-MEDICAL = [\"MASK-N95\"]"),
            ("[substitutes]\nMASK-MEDICAL = [\"MASK-N95\", 3]", 2,
             "substitutes.MASK-MEDICAL must list materials as quoted codes, not an integer"),
            ("[substitutes]\nMASK-MEDICAL = [\"MASK-N95\",\n\"MASK-SURGICAL\"", 3,
             "the array is not closed with ']' before the end of the file"),
            ("[substitutes]\nMASK-MEDICAL = [[\"MASK-N95\"]]", 2, "arrays of arrays are not supported in a policy file"),
            ("[substitutes]\nMASK-MEDICAL = [\"MASK-N95\" \"MASK-SURGICAL\"]", 2, "expected ',' or ']' in the array"),
            ("[limits]\nline_bytes = 10", 2, "limits.line_bytes must be between 1024 and 1073741824 bytes, not 10"),
            ("[limits]\nfield_bytes = 50000", 2, "limits.field_bytes must be between 64 and 32767 bytes, not 50000"),
            ("limits.xml_depth = 2.5", 1, "limits.xml_depth must be a whole number of levels"),
            ("carry_over = \"yes\"", 1, "carry_over must be true or false, not a string"),
            ("\ncarry_over = 1", 2, "carry_over must be true or false, not an integer"),
            ("carry_over = yes", 1, "yes is not a value (strings need quotes)"),
            ("[limits]\nlines = 3", 2, "unknown policy key 'limits.lines': the limits are line_bytes, field_bytes, xml_depth, attribute_bytes, attributes_per_element, records_per_file, input_bytes"),
        ]
        for (text, line, message) in cases {
            XCTAssertThrowsError(try PolicyFile.parse(text, path: "allot.toml"), text) { error in
                let e = error as! PolicyError
                XCTAssertEqual(e.line, line, text)
                XCTAssertEqual(e.message, message, text)
            }
        }
    }
}
