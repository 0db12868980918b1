import AllotCore

/// A night run the plan files cannot be written from: the run contradicts
/// itself, which is an internal failure (exit status 1, SPEC 11), never a
/// reason to publish a file with empty cells.
public enum PlanFileError: Error, Equatable, Sendable {
    /// A dispatch line names an offer the run does not hold.
    case unknownOffer(RecordKey, file: String)
    /// A dispatch line or an outcome names a request the run does not hold.
    case unknownRequest(RecordKey, file: String)
    /// A line, an outcome or an offered quantity names a material the catalog does not hold.
    case unknownMaterial(MaterialCode, file: String)
    /// An input file's records are not each counted once as accepted, rejected or superseded (SPEC 9).
    case inputCountsDisagree(path: String, records: Int, accepted: Int, rejected: Int, superseded: Int)
}

// MARK: - Messages

extension PlanFileError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .unknownOffer(let key, let file):
            return "\(file): the plan ships from offer \(key), which the night does not hold"
        case .unknownRequest(let key, let file):
            return "\(file): the plan names request \(key), which the night does not hold"
        case .unknownMaterial(let code, let file):
            return "\(file): the plan names material \(code), which the material catalog does not hold"
        case .inputCountsDisagree(let path, let records, let accepted, let rejected, let superseded):
            return "manifest.json: input \(path) counts \(records) records but \(accepted) accepted + \(rejected) "
                + "rejected + \(superseded) superseded = \(accepted + rejected + superseded)"
        }
    }
}
