import AllotCore
import Foundation

/// A policy file that cannot be used: the run stops with exit 2 (SPEC 11).
public struct PolicyError: Error, Equatable, CustomStringConvertible, Sendable {
    public var path: String
    public var line: Int
    /// The offending key, when one is to blame.
    public var key: String?
    public var message: String

    public var description: String {
        line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    }
}

extension PolicyError {
    /// A policy file `InputFolder` would not open or could not.
    public init(_ error: InputFileError) {
        self.init(path: error.path, line: 0, key: nil, message: error.explained("the policy must be a file"))
    }
}

/// Reads `allot.toml` (SPEC 6): every key optional, unknown keys refused.
public enum PolicyFile {
    /// The top-level keys, for the message naming an unknown one.
    public static let knownKeys = ["horizon_days", "road_factor", "speed_km_per_day", "max_distance_km", "share", "tiers", "limits",
                                   "substitutes", "ledger", "carry_over", "truck_capacity_kg", "entitlement_factor"]

    /// Reads the policy file `InputFolder` opened; the defaults when `file` is `nil`.
    public static func load(from file: InputFile?) throws -> Policy {
        guard let file else { return Policy() }
        let bytes: [UInt8]
        do throws(InputFileError) { bytes = try file.bytes() } catch {
            throw PolicyError(path: file.path, line: 0, message: error.problem)
        }
        guard let text = String(data: Data(bytes), encoding: .utf8) else {
            throw PolicyError(path: file.path, line: 0, message: "is not UTF-8 text")
        }
        return try parse(text, path: file.path)
    }


    /// Reads policy text; `path` names the file in errors.
    public static func parse(_ text: String, path: String) throws -> Policy {
        let document: TOMLDocument
        do { document = try TOMLDocument(parsing: text) } catch let e as TOMLDocument.SyntaxError {
            throw PolicyError(path: path, line: e.line, message: e.message)
        }
        var policy = Policy()
        for entry in document.entries {
            try apply(entry, to: &policy, path: path)
        }
        return policy
    }

    private static func apply(_ entry: TOMLDocument.Entry, to policy: inout Policy, path: String) throws {
        let name = entry.path.joined(separator: ".")
        func fail(_ message: String) -> PolicyError {
            PolicyError(path: path, line: entry.line, key: name, message: message)
        }
        func number(min: Double, inclusive: Bool) throws -> Double {
            guard let n = entry.value.number else { throw fail("\(name) must be a number, not \(entry.value.typeName)") }
            guard inclusive ? n >= min : n > min else {
                throw fail("\(name) must be \(inclusive ? "at least" : "more than") \(min.formatted), not \(n.formatted)")
            }
            return n
        }
        switch entry.path.first! {
        case "horizon_days":
            guard entry.path.count == 1, case .integer(let days) = entry.value else {
                throw fail("horizon_days must be a whole number of days")
            }
            guard (1...366).contains(days) else { throw fail("horizon_days must be between 1 and 366, not \(days)") }
            policy.horizonDays = Int(days)
        case "road_factor" where entry.path.count == 1:
            policy.roadFactor = try number(min: 0, inclusive: false)
        case "speed_km_per_day" where entry.path.count == 1:
            policy.speedKmPerDay = try number(min: 0, inclusive: false)
        case "max_distance_km" where entry.path.count == 1:
            policy.maxDistanceKm = try number(min: 0, inclusive: true)
        case "share" where entry.path.count == 1:
            guard case .string(let s) = entry.value, let mode = ShareMode(rawValue: s) else {
                throw fail("share must be \"maxmin\" or \"none\"")
            }
            policy.share = mode
        case "tiers" where entry.path.count == 2:
            guard let category = Category(text: entry.path[1]) else {
                throw fail("unknown policy key '\(name)': tiers are set per category (\(Category.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard case .integer(let tier) = entry.value, tier >= 1, tier <= 100 else {
                throw fail("\(name) must be a tier number from 1 (served first) to 100")
            }
            policy.tiers[category] = Int(tier)
        case "limits" where entry.path.count == 2:
            guard let key = InputLimits.keys.first(where: { $0.name == entry.path[1] }) else {
                throw fail("unknown policy key '\(name)': the limits are \(InputLimits.keys.map(\.name).joined(separator: ", "))")
            }
            guard case .integer(let n) = entry.value else { throw fail("\(name) must be a whole number of \(key.unit)") }
            guard let value = Int(exactly: n), key.range.contains(value) else {
                throw fail("\(name) must be between \(key.range.lowerBound) and \(key.range.upperBound) \(key.unit), not \(n)")
            }
            policy.limits[keyPath: key.keyPath] = value
        case "truck_capacity_kg" where entry.path.count == 1:
            policy.truckCapacityKilograms = try number(min: 0, inclusive: false)
        case "entitlement_factor" where entry.path.count == 1:
            policy.entitlementFactor = try number(min: 0, inclusive: false)
        case "ledger" where entry.path.count == 1:
            guard case .string(let path) = entry.value, !path.isEmpty else {
                throw fail("ledger must be a path in quotes, relative to the outputs folder: ledger = \"ledger.sqlite\"")
            }
            policy.ledger = path
        case "carry_over" where entry.path.count == 1:
            guard case .boolean(let on) = entry.value else {
                throw fail("carry_over must be true or false, not \(entry.value.typeName)")
            }
            policy.carryOver = on
        case "substitutes" where entry.path.count == 2:
            // The codes are checked against the catalog once it is read (`Substitutes.problem(in:)`).
            guard case .array(let items) = entry.value else {
                throw fail("\(name) must be a list of materials, best first: \(name) = [\"MASK-N95\"]")
            }
            let codes = try items.map { item -> MaterialCode in
                guard case .string(let code) = item, !code.isEmpty else {
                    throw fail("\(name) must list materials as quoted codes, not \(item.typeName)")
                }
                return MaterialCode(code)
            }
            policy.substitutes.add(Substitutes.Entry(requested: MaterialCode(entry.path[1]), substitutes: codes,
                                                     line: entry.line))
        default:
            throw fail("unknown policy key '\(name)'; the keys are \(knownKeys.joined(separator: ", "))")
        }
    }
}

private extension Double {
    /// A whole number without `.0` when it has at most 15 digits (`-1e30` stays
    /// `-1e+30`: converting it to `Int64` would trap).
    var formatted: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
}
