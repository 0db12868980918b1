import AllotCore
import AllotIngest
import AllotPlanner
import Foundation

/// The nightly run as typed stages (SPEC 1):
///
///     Inputs/ ──ingest──▶ IngestedNight ──plan──▶ NightRun ──publish──▶ Outputs/<date>/
///
/// Each stage is a function of the previous one's value; the executable only
/// parses arguments, calls these and maps errors to exit codes.
public enum NightlyPipeline {
    /// Stage 1: read and check the inputs folder.
    /// - Parameter allowBadOverrides: see `NightIngest.read`.
    public static func ingest(inputs: URL, config: URL?, allowBadOverrides: Bool = false) throws -> IngestedNight {
        try NightIngest.read(inputs: inputs, configFile: config, allowBadOverrides: allowBadOverrides)
    }

    /// Stage 2: plan the night; the result carries everything publishing writes.
    /// - Throws: `PlanningError` when the planner refuses the night (a material's totals past its limit).
    /// - Throws: `RunInterrupted` when `cancellation` is stopped before or while the materials are solved.
    public static func plan(_ night: IngestedNight, planDate: CalendarDate,
                            cancellation: RunCancellation = RunCancellation()) throws -> NightRun {
        nightRun(night, plan: try Planner.plan(planningInput(night, planDate: planDate), cancellation: cancellation),
                 planDate: planDate)
    }

    /// What the planner is given for a night.
    public static func planningInput(_ night: IngestedNight, planDate: CalendarDate) -> PlanningInput {
        PlanningInput(planDate: planDate, policy: night.policy, regions: night.reference.regions,
                      catalog: night.reference.catalog, offers: night.offers, requests: night.requests,
                      overrides: night.overrides)
    }

    /// The night and its plan, as publishing sees them.
    public static func nightRun(_ night: IngestedNight, plan: Plan, planDate: CalendarDate) -> NightRun {
        let inputs = night.files.counting(overrideRejects: plan.overrideRejects)
        var withdrawnPlan = plan
        withdrawnPlan.leftOut[.withdrawn] = night.withdrawn.sorted()
        var run = NightRun(planDate: planDate, policy: night.policy, catalog: night.reference.catalog,
                        regions: night.reference.regions, plan: withdrawnPlan, inputs: inputs, rejects: night.rejects + plan.overrideRejects,
                        withdrawn: night.withdrawn, warnings: night.warnings, overrides: night.overrides)
        run.warningCount = night.warningCount
        run.possibleDuplicates = night.possibleDuplicates
        run.overridesNotUsed = night.overridesNotUsed
        run.carriedOver = night.carriedOver
        let carried = Set(night.carriedOver ?? [])
        run.entitlementFlags = Entitlement.flags(
            night.requests.filter { !carried.contains($0.key) }, registryWorkers: { night.reference.registry[$0]?.workers },
            catalog: night.reference.catalog, horizonDays: night.policy.horizonDays,
            factor: ExactDecimal(String(night.policy.entitlementFactor)) ?? ExactDecimal(significand: 15, scale: 1))
        return run
    }

    /// Today in Asia/Shanghai, the default plan date (SPEC 1).
    public static func today(now: Date = Date()) -> CalendarDate {
        let seconds = Int64(now.timeIntervalSince1970.rounded(.down)) + Int64(Instant.shanghaiOffsetMinutes) * 60
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return CalendarDate(dayNumber: Int32(days))
    }
}
