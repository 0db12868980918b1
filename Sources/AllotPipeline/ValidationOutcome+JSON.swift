import AllotCore
import AllotPublish

// MARK: - --format

extension ValidationOutcome {
    /// How `allot validate` writes the outcome on standard output.
    public enum Format: String, CaseIterable, Sendable {
        /// ``text``: the file table, then every reject, for a person.
        case text
        /// ``json``: one JSON document, for a program.
        case json
    }

    /// The bytes `allot validate --format <format>` writes on standard output.
    public func rendered(as format: Format) -> [UInt8] {
        switch format {
        case .text: return Array(text.utf8)
        case .json: return json
        }
    }
}

// MARK: - JSON

extension ValidationOutcome {
    /// The outcome as one JSON document (`allot validate --format json`).
    ///
    /// Deterministic: every object's members sorted by key, counts as integers, no clock reading; the same feeds
    /// give the same bytes. Members:
    /// - `status`: the exit status (0 nothing rejected, 3 otherwise);
    /// - `files`: `{path, encoding, records, accepted, rejected, superseded}` per input file in the order read
    ///   (`encoding` `null` for a file that is not a text table);
    /// - `totals`: the same four counts summed over the files;
    /// - `rejects`: `{file, line, field, source, record_id, code, message}` per reject, as the text lists them
    ///   (`line` 0 for a whole file, `field`, `source` and `record_id` empty when the reject names none);
    /// - `registry_fills`: the same fields, per request whose blanks the bureau's registry fills;
    /// - `warnings`: the messages the log warns with;
    /// - `possible_duplicates`: `{first, second, enterprise_id, material, needed_by, exclude_line}` per pair
    ///   (`needed_by` `null` when neither request names a day).
    /// - Complexity: O(size of the outcome).
    public var json: [UInt8] {
        let totals = files.reduce(into: (records: 0, accepted: 0, rejected: 0, superseded: 0)) {
            $0.records += $1.records
            $0.accepted += $1.accepted
            $0.rejected += $1.rejected
            $0.superseded += $1.superseded
        }
        return Self.object([
            ("status", .integer(status.rawValue)),
            ("files", .array(files.map(Self.file))),
            ("totals", Self.object([
                ("records", .integer(totals.records)),
                ("accepted", .integer(totals.accepted)),
                ("rejected", .integer(totals.rejected)),
                ("superseded", .integer(totals.superseded)),
            ])),
            ("rejects", .array(rejects.map(Self.reject))),
            ("registry_fills", .array(registryFills.map(Self.reject))),
            ("warnings", .array(warnings.map(JSONValue.string))),
            ("possible_duplicates", .array(possibleDuplicates.map(Self.possibleDuplicate))),
        ]).serialized()
    }

    /// An object with its members sorted by key.
    private static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members.sorted { $0.0 < $1.0 }.map { (key: $0.0, value: $0.1) })
    }

    private static func file(_ file: InputFileSummary) -> JSONValue {
        object([
            ("path", .string(file.path)),
            ("encoding", file.encoding.map(JSONValue.string) ?? .null),
            ("records", .integer(file.records)),
            ("accepted", .integer(file.accepted)),
            ("rejected", .integer(file.rejected)),
            ("superseded", .integer(file.superseded)),
        ])
    }

    private static func reject(_ reject: Reject) -> JSONValue {
        object([
            ("file", .string(reject.file)),
            ("line", .integer(reject.line)),
            ("field", .string(reject.field)),
            ("source", .string(reject.source)),
            ("record_id", .string(reject.recordID)),
            ("code", .string(reject.code.rawValue)),
            ("message", .string(reject.message)),
        ])
    }

    private static func possibleDuplicate(_ pair: PossibleDuplicate) -> JSONValue {
        object([
            ("first", .string(pair.first.description)),
            ("second", .string(pair.second.description)),
            ("enterprise_id", .string(pair.enterpriseID.description)),
            ("material", .string(pair.material.rawValue)),
            ("needed_by", pair.neededBy.map { .string($0.description) } ?? .null),
            ("exclude_line", .string(pair.excludeLine)),
        ])
    }
}
