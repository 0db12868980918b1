import AllotCore

/// `manifest.json`: what the night read, planned, left out and wrote (SPEC 9).
///
/// Deterministic: members in a fixed order, numbers formatted from integers
/// or fixed decimals, no clock reading. Two runs on the same inputs and
/// policy give the same bytes except inside `"timings"`, the last member.
///
/// Members, in order:
/// - `manifest_version` (1), `plan_date`, `exit_status`;
/// - `policy`: every key of `allot.toml`, tiers by category in SPEC order;
/// - `inputs`: `{path, role, sha256, encoding, records, accepted, rejected,
///   superseded}` per file in the order read (`encoding` `null` for files
///   that are not text tables);
/// - `totals`: the same four counts summed over the inputs;
/// - `plan`: counts of dispatch lines, pinned lines, planned requests and
///   requests with a shortfall;
/// - `materials`: by material code (every material offered within the
///   horizon, requested or shipped, in code order): `{unit, offered,
///   requested, delivered, delivered_by_tier, requested_by_tier,
///   unmet_requests, ton_km, earmarked_offered, earmarked_unused, shipped,
///   substituted_in}`; tiers are
///   every tier the policy names, as strings (`"1"`), in tier order; `ton_km`
///   is exact, rounded half up to 3 decimals; `earmarked_offered` is what the
///   earmarked offers' lots within the horizon hold (after excludes) and
///   `earmarked_unused` the part of it no request took (SPEC 12), both 0
///   for a material without earmarked offers; then `shipped` and
///   `substituted_in` (SPEC 13): `requested`, `delivered` and the tiers are
///   about the material's requests whatever served them, `shipped` is what
///   its lots sent to any request and `substituted_in` the part of it that
///   served requests of other materials (`offered` and `ton_km` are about
///   its lots too); without substitutes `shipped` = `delivered` and
///   `substituted_in` is 0;
/// - `left_out`: counts of accepted records taking no part, by reason
///   (`withdrawn`, `excluded`, `outside_horizon`), and `left_out_keys` the
///   records themselves as `{source, kind, id}` in key order;
/// - `entitlement_flagged`: how many requests ask more than their returning workers would use
///   (`Entitlement`; flagged in the report, never cut);
/// - with `carry_over = true` only, `carried_over`: how many requests the night planned again from the
///   work ledger (SPEC 15; under no input file, so the inputs' counts leave them out), and
///   `carried_over_keys` the requests themselves as `{source, kind, id}` in key order;
/// - `rejects`: `{rows, overrides}`: rows of `rejects.csv`, and how many of
///   them are overrides that could not hold;
/// - `warnings`: the warning count (SPEC 4.4: every ignored unknown element or attribute
///   counts); `warning_messages`: the messages, a repeated one once with "(N times)";
/// - `outputs`: `{file: sha256}` of the other plan files, by file name;
/// - `inputs_copy`: `{path: sha256}` of the copy of the inputs the plan folder
///   keeps (`inputs/feeds/a.csv`...), by path in the plan folder: every input
///   that was read, each digest the same as its entry in `inputs`;
/// - `timings`: stage → seconds with 6 decimals, by stage name.
public enum ManifestJSON {
    public static let fileName = "manifest.json"
    public static let version = 1

    /// The manifest's bytes.
    /// - Parameter outputs: the other files of the plan folder by name, whose SHA-256 the manifest lists.
    /// - Throws: `PlanFileError` when an input's counts do not add up or the plan names a record the night does not hold.
    /// - Complexity: O(size of the run + total size of the outputs).
    public static func render(_ run: NightRun, outputs: [String: [UInt8]]) throws -> [UInt8] {
        let rows = try DispatchRow.rows(of: run, file: fileName)
        return try render(run, rows: rows, materials: try MaterialTotals.all(of: run, rows: rows, file: fileName),
                          digests: outputs.mapValues { SHA256.hex(of: $0) })
    }

    /// The manifest from rows and totals already resolved and the other files' SHA-256 (hex) by name.
    static func render(_ run: NightRun, rows: [DispatchRow], materials: [MaterialTotals],
                       digests: [String: String]) throws -> [UInt8] {
        for input in run.inputs where input.accepted + input.rejected + input.superseded != input.records {
            throw PlanFileError.inputCountsDisagree(path: input.path, records: input.records, accepted: input.accepted,
                                                    rejected: input.rejected, superseded: input.superseded)
        }
        // Only with carry_over on: a night without it is published as in v1 (SPEC 11's note).
        let carried: [(key: String, value: JSONValue)] = run.carriedOver.map { keys in
            [("carried_over", .integer(keys.count)), ("carried_over_keys", .array(keys.map(recordKey)))]
        } ?? []
        let members: [(key: String, value: JSONValue)] = [
            ("manifest_version", .integer(version)),
            ("plan_date", .string(run.planDate.description)),
            ("exit_status", .integer(run.exitStatus)),
            ("policy", policy(run.policy)),
            ("inputs", .array(run.inputs.map(input))),
            ("totals", totals(run.inputs)),
            ("plan", .object([
                ("lines", .integer(rows.count)),
                ("pinned_lines", .integer(rows.lazy.filter(\.line.pinned).count)),
                ("requests", .integer(run.plan.outcomes.count)),
                ("unmet_requests", .integer(run.plan.outcomes.lazy.filter { $0.reason != nil }.count)),
            ])),
            ("materials", .object(materials.map { ($0.material.code.rawValue, material($0)) })),
            ("conversions", .array(run.plan.conversions.map(conversion))),
            ("left_out", .object(leftOut(run).map { ($0.reason.rawValue, .integer($0.keys.count)) })),
            ("left_out_keys", .object(leftOut(run).map { ($0.reason.rawValue, .array($0.keys.map(recordKey))) })),
            ("rejects", .object([
                ("rows", .integer(run.rejects.count)),
                ("overrides", .integer(run.plan.overrideRejects.count)),
            ])),
            ("entitlement_flagged", .integer(run.entitlementFlags.count)),
            ("warnings", .integer(run.warningCount)),
            ("warning_messages", .array(run.warnings.map(JSONValue.string))),
            ("outputs", .object(digests.keys.sorted().map { ($0, .string(digests[$0]!)) })),
            ("inputs_copy", .object(inputsCopy(run.inputs))),
            ("timings", .object(run.timings.keys.sorted().map { ($0, seconds(run.timings[$0]!)) })),
        ]
        let afterLeftOut = members.firstIndex { $0.key == "left_out_keys" }! + 1
        let document = JSONValue.object(Array(members[..<afterLeftOut]) + carried + members[afterLeftOut...])
        return document.serialized()
    }

    // MARK: - Members

    /// One conversion offer (SPEC 14): `offer`, `input_material`, `input_received` (delivered to its pool,
    /// without stocks), `input_used` (what its own lots consume, exact) and `produced`.
    private static func conversion(_ c: ConversionOutcome) -> JSONValue {
        .object([
            ("offer", .string(c.offer.description)),
            ("input_material", .string(c.inputMaterial.rawValue)),
            ("input_received", .integer(c.inputReceived)),
            ("input_used", .number(c.inputUsed.description)),
            ("produced", .integer(c.produced)),
        ])
    }

    private static func policy(_ policy: Policy) -> JSONValue {
        func number(_ value: Double) -> JSONValue { DecimalText.shortest(value).map(JSONValue.number) ?? .null }
        return .object([
            ("horizon_days", .integer(policy.horizonDays)),
            ("road_factor", number(policy.roadFactor)),
            ("speed_km_per_day", number(policy.speedKmPerDay)),
            ("max_distance_km", number(policy.maxDistanceKm)),
            ("share", .string(policy.share.rawValue)),
            ("truck_capacity_kg", number(policy.truckCapacityKilograms)),
            ("entitlement_factor", number(policy.entitlementFactor)),
            ("tiers", .object(Category.allCases.compactMap { c in policy.tiers[c].map { (c.rawValue, .integer($0)) } })),
        ])
    }

    /// The plan folder's copy of the inputs: path in the plan folder → digest, in path order.
    private static func inputsCopy(_ inputs: [InputFileSummary]) -> [(String, JSONValue)] {
        inputs.compactMap { file in
            file.copyPath.map { ("\(InputFileSummary.copyFolder)/\($0)", JSONValue.string(file.sha256)) }
        }.sorted { $0.0 < $1.0 }
    }

    private static func input(_ file: InputFileSummary) -> JSONValue {
        .object([
            ("path", .string(file.path)),
            ("role", .string(file.role.rawValue)),
            ("sha256", .string(file.sha256)),
            ("encoding", file.encoding.map(JSONValue.string) ?? .null),
            ("records", .integer(file.records)),
            ("accepted", .integer(file.accepted)),
            ("rejected", .integer(file.rejected)),
            ("superseded", .integer(file.superseded)),
        ])
    }

    private static func totals(_ inputs: [InputFileSummary]) -> JSONValue {
        .object([
            ("records", .integer(inputs.reduce(0) { $0 + $1.records })),
            ("accepted", .integer(inputs.reduce(0) { $0 + $1.accepted })),
            ("rejected", .integer(inputs.reduce(0) { $0 + $1.rejected })),
            ("superseded", .integer(inputs.reduce(0) { $0 + $1.superseded })),
        ])
    }

    private static func material(_ t: MaterialTotals) -> JSONValue {
        .object([
            ("unit", .string(t.material.canonicalUnit.rawValue)),
            ("offered", .integer(t.offered)),
            ("requested", .integer(t.requested)),
            ("delivered", .integer(t.delivered)),
            ("delivered_by_tier", .object(t.tiers.map { (String($0.tier), .integer($0.delivered)) })),
            ("requested_by_tier", .object(t.tiers.map { (String($0.tier), .integer($0.requested)) })),
            ("unmet_requests", .integer(t.unmetRequests)),
            ("ton_km", .number(t.tonKm)),
            ("earmarked_offered", .integer(t.earmarkedOffered)),
            ("earmarked_unused", .integer(t.earmarkedUnused)),
            ("shipped", .integer(t.shipped)),
            ("substituted_in", .integer(t.substitutedIn)),
        ])
    }

    /// Every reason in SPEC order with its keys, sorted; a withdrawal counts
    /// once whether the plan or the night recorded it.
    private static func leftOut(_ run: NightRun) -> [(reason: LeftOutReason, keys: [RecordKey])] {
        LeftOutReason.allCases.map { reason in
            var keys = Set(run.plan.leftOut[reason] ?? [])
            if reason == .withdrawn { keys.formUnion(run.withdrawn) }
            return (reason, keys.sorted())
        }
    }

    private static func recordKey(_ key: RecordKey) -> JSONValue {
        .object([("source", .string(key.source)), ("kind", .string(key.kind.rawValue)), ("id", .string(key.id))])
    }

    /// Seconds with 6 decimals (microseconds), `null` when not finite.
    private static func seconds(_ value: Double) -> JSONValue {
        guard value.isFinite, value.magnitude < 9e12 else { return .null }
        return .number(DecimalText.fixed(Int64((value * 1_000_000).rounded(.toNearestOrAwayFromZero)), scale: 6))
    }
}
