import AllotCore
import AllotIngest
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// Every command run as the built executable, as cron and the operator run
/// it: each exit status it can give (SPEC 11) and the message for a few.
final class CommandExitStatusTests: XCTestCase {
    static let sample = SampleNightPlanTests.sampleInputs

    private func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-status-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// An outputs folder with the sample night published for each date.
    private func published(_ dates: [String] = ["2020-02-10", "2020-02-11"]) throws -> URL {
        let outputs = try scratch().appendingPathComponent("Outputs")
        for date in dates {
            _ = try NightlyPipeline.run(RunOptions(inputs: Self.sample, outputs: outputs, planDate: CalendarDate(iso: date)!))
        }
        return outputs
    }

    /// A path whose parent is a file, so nothing can be written there, whoever runs the test.
    private func unwritablePath(_ name: String) throws -> URL {
        let file = try scratch().appendingPathComponent("not-a-folder")
        try Data("x".utf8).write(to: file)
        return file.appendingPathComponent(name)
    }

    /// An inputs folder with `feeds/` and nothing in it.
    private func inputsWithoutFeeds() throws -> URL {
        let inputs = try scratch().appendingPathComponent("Inputs")
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("feeds"), withIntermediateDirectories: true)
        return inputs
    }

    /// Overwrites a published plan file with a header that lacks most of its columns.
    private func breakPlanFile(_ name: String, in outputs: URL, date: String = "2020-02-11") throws -> URL {
        let file = outputs.appendingPathComponent("\(date)/\(name)")
        try Data("\u{FEFF}request_source,request_id\r\nx,y\r\n".utf8).write(to: file)
        return file
    }

    private func firstLine(_ text: String) -> String { String(text.prefix { $0 != "\n" }) }

    private static let dateUsage = "is not a date: write YYYY-MM-DD, for example 2020-02-11"
    /// A published plan's date, which may also be `latest` (explain, export, diff).
    private static let planDateUsage = dateUsage + ", or latest for the newest plan"

    // MARK: - run

    func test_run_sampleNight_exits0AndSumsUp() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("allot: published \(outputs.path)/2020-02-11: 150 shipments; "
            + "feeds: 214 records (197 accepted, 10 rejected, 7 superseded); overrides: 2 (2 applied, 0 rejected); "
            + "rejects.csv: 10 rows\n"), result.stderr)
    }

    func test_run_unwritableOutputs_exits1() throws {
        let outputs = try unwritablePath("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("allot: cannot create the outputs folder \(outputs.path): Not a directory (errno 20); "
            + "a part of that path is a file, not a folder\n"), result.stderr)
    }

    func test_run_dateNotYYYYMMDD_exits2NamingTheOption() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        for date in ["2020年2月11日", "2020/2/11", "2020-2-11", "2020-02-30"] {
            let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", date])
            XCTAssertEqual(result.status, 2, date)
            XCTAssertEqual(firstLine(result.stderr), "Error: --date \(date) \(Self.dateUsage)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.path), "nothing published")
    }

    func test_run_missingPolicyFile_exits2() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        let config = outputs.deletingLastPathComponent().appendingPathComponent("none.toml")
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", "2020-02-11",
                                           "--config", config.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "allot: policy error: \(config.path): the policy file does not exist\n")
    }

    func test_run_strictWithRejects_exits3() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", "2020-02-11",
                                           "--strict"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix(
            "allot: --strict: 10 records rejected (see them with allot validate); nothing published\n"), result.stderr)
    }

    /// The sample inputs copied, with `overrides.csv` replaced by `text`.
    private func sampleWithOverrides(_ text: String) throws -> URL {
        let inputs = try scratch().appendingPathComponent("Inputs")
        try FileManager.default.copyItem(at: Self.sample, to: inputs)
        try Data(text.utf8).write(to: inputs.appendingPathComponent("overrides.csv"))
        return inputs
    }

    /// A misspelled header dropped every decision, and the report then said there were none.
    func test_run_overridesWithABadHeader_exits3NamingTheFile() throws {
        let inputs = try sampleWithOverrides("act,offer_id,request_id,enterprise_id,material,quantity,note\n"
            + "cap,,,91371523779066507N,MASK-MEDICAL,100000,\n")
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("allot: inputs unusable: overrides.csv cannot be used (line 1: the header "
            + "has no action column); the coordinators' decisions are never dropped silently: fix the file, or run with "
            + "--allow-bad-overrides to plan without it\n"), result.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.appendingPathComponent("2020-02-11").path))
    }

    func test_run_overridesNotAFile_exits3() throws {
        let inputs = try sampleWithOverrides("")
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("overrides.csv"))
        try FileManager.default.createDirectory(at: inputs.appendingPathComponent("overrides.csv"), withIntermediateDirectories: false)
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("allot: inputs unusable: overrides.csv cannot be used (overrides.csv is a folder"),
                      result.stderr)
    }

    func test_run_allowBadOverrides_plansWithoutThemAndTheReportSaysWhy() throws {
        let inputs = try sampleWithOverrides("act,offer_id,request_id,enterprise_id,material,quantity,note\n"
            + "cap,,,91371523779066507N,MASK-MEDICAL,100000,\n")
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11",
                                           "--allow-bad-overrides"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stderr.contains("overrides.csv was not used (line 1: the header has no action column)"),
                      result.stderr)
        let report = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("overrides.csv 未被采用：line 1: the header has no action column。"), report)
        XCTAssertFalse(report.contains("本次计划没有人工干预"), report)
        let rejects = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/rejects.csv"), encoding: .utf8)
        XCTAssertTrue(rejects.contains("overrides.csv,1,action,,,missing_column,the header has no action column"), rejects)
    }

    /// The report's own names for the columns and actions are read, and every row that did not hold
    /// is listed with its reason, those that could not be read too.
    func test_run_chineseOverrides_areReadAndRowsThatDidNotHoldAreListed() throws {
        let inputs = try sampleWithOverrides("操作,供给编号,需求编号,企业信用代码,物资,数量,备注\n"
            + "锁定,liaocheng-offers:LCO-003,county-chiping:CP-001,,,12000,捐赠\n"
            + "上限,,,91371523779066507N,MASK-MEDICAL,100000,\n"
            + "禁止,liaocheng-offers:NOPE,county-chiping:CP-001,,,,\n")
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let dispatch = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/dispatch.csv"), encoding: .utf8)
        XCTAssertTrue(dispatch.contains(",county-chiping,CP-001,") && dispatch.range(of: ",true,[A-Z0-9-]+\r\n", options: .regularExpression) != nil, dispatch)
        let report = try String(contentsOf: outputs.appendingPathComponent("2020-02-11/report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("<th>供给编号</th><th>需求编号</th><th>企业信用代码</th>"), report)
        XCTAssertTrue(report.contains("<tr class=\"failed\"><td colspan=\"7\"><code>禁止,liaocheng-offers:NOPE,county-chiping:CP-001,,,,"
            + "</code></td><td><span class=\"badge failed\">未生效</span><div class=\"sub\">offer_id: no offer "
            + "liaocheng-offers:NOPE in tonight&#39;s feeds"), report)
    }

    func test_run_noFeeds_exits3() throws {
        let inputs = try inputsWithoutFeeds()
        let outputs = inputs.deletingLastPathComponent().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("allot: inputs unusable: no feed files"), result.stderr)
    }

    func test_run_whileThisProcessHoldsTheLock_exits4() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        let lock = try OutputLock.acquire(outputs: outputs)
        defer { lock.release() }
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 4, result.stderr)
        XCTAssertTrue(result.stderr.contains("allot: another allot run holds the lock on the outputs folder \(outputs.path): "
            + "pid \(getpid()), started "), result.stderr)
        XCTAssertEqual(try PublishedPlans.dates(in: outputs), [])
    }

    func test_run_keepDaysReRunningAnOlderDate_keepsThePlanItPublished() throws {
        let outputs = try published()
        let result = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path,
                                           "--date", "2020-02-09", "--keep-days", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertFalse(result.stderr.contains("removed plan folder"), result.stderr)
        XCTAssertEqual(try PublishedPlans.dates(in: outputs).map(\.description), ["2020-02-09", "2020-02-10", "2020-02-11"])
        XCTAssertEqual(try PublishedPlans.latestDate(in: outputs)?.description, "2020-02-11")
    }

    // MARK: - allot.prom

    private func exitStatusRecorded(in outputs: URL) throws -> String? {
        let text = try String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)
        return text.split(separator: "\n").first { $0.hasPrefix("allot_last_exit_status ") }.map { String($0.dropFirst(23)) }
    }

    func test_run_usageError_recordsExit2InAllotProm() throws {
        let outputs = try published(["2020-02-11"])
        XCTAssertEqual(try exitStatusRecorded(in: outputs), "0")
        let badValue = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", "2020/2/12"])
        XCTAssertEqual(badValue.status, 2, badValue.stderr)
        XCTAssertEqual(try exitStatusRecorded(in: outputs), "2")

        let again = try scratch().appendingPathComponent("Outputs")
        _ = try NightlyPipeline.run(RunOptions(inputs: Self.sample, outputs: again, planDate: CalendarDate(iso: "2020-02-11")!))
        let unknownOption = try AllotCommand.run(["run", "--keep-day", "30", "--outputs", again.path])
        XCTAssertEqual(unknownOption.status, 2, unknownOption.stderr)
        XCTAssertEqual(try exitStatusRecorded(in: again), "2")
        let text = try String(contentsOf: again.appendingPathComponent("allot.prom"), encoding: .utf8)
        XCTAssertTrue(text.contains("allot_delivered{material=\"MASK-MEDICAL\",unit=\"piece\"}"), "the published plan's series stay")
    }

    func test_run_lockRefused_recordsExit4AndKeepsTheHoldersMetrics() throws {
        let outputs = try published(["2020-02-11"])
        let before = try String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)
        let lock = try OutputLock.acquire(outputs: outputs)
        let refused = try AllotCommand.run(["run", "--inputs", Self.sample.path, "--outputs", outputs.path, "--date", "2020-02-12"])
        XCTAssertEqual(refused.status, 4, refused.stderr)
        let after = try String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)
        XCTAssertEqual(try exitStatusRecorded(in: outputs), "4")
        XCTAssertTrue(after.contains("\nallot_last_lock_refusal_timestamp_seconds "), after)
        for line in before.split(separator: "\n") where line.hasPrefix("allot_delivered") || line.hasPrefix("allot_last_success") {
            XCTAssertTrue(after.contains(line), "\(line) kept")
        }
        lock.release()
        // The next run that holds the lock records its own status, and the refusal stays on record.
        _ = try NightlyPipeline.run(RunOptions(inputs: Self.sample, outputs: outputs, planDate: CalendarDate(iso: "2020-02-12")!))
        XCTAssertEqual(try exitStatusRecorded(in: outputs), "0")
        let last = try String(contentsOf: outputs.appendingPathComponent("allot.prom"), encoding: .utf8)
        XCTAssertTrue(last.contains("\nallot_last_lock_refusal_timestamp_seconds "), last)
    }

    // MARK: - validate

    func test_validate_cleanFeeds_exits0() throws {
        let inputs = try inputsWithoutFeeds()
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: inputs.appendingPathComponent("reference"), withIntermediateDirectories: true)
        for path in ["reference/enterprises.csv", "feeds/county-chiping.csv", "feeds/county-donge.csv"] {
            try fileManager.copyItem(at: Self.sample.appendingPathComponent(path), to: inputs.appendingPathComponent(path))
        }
        let result = try AllotCommand.run(["validate", "--inputs", inputs.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.text, """
            file\tencoding\trecords\taccepted\trejected\tsuperseded
            reference/enterprises.csv\tUTF-8\t48\t48\t0\t0
            feeds/county-chiping.csv\tUTF-8\t21\t21\t0\t0
            feeds/county-donge.csv\tUTF-8\t15\t15\t0\t0
            total\t\t84\t84\t0\t0

            no rejects

            """)
    }

    func test_validate_missingPolicyFile_exits2() throws {
        let config = try scratch().appendingPathComponent("none.toml")
        let result = try AllotCommand.run(["validate", "--inputs", Self.sample.path, "--config", config.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "allot: policy error: \(config.path): the policy file does not exist\n")
    }

    func test_validate_sampleNightRejects_exits3ListingThem() throws {
        let result = try AllotCommand.run(["validate", "--inputs", Self.sample.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.text.contains("total\t\t264\t247\t10\t7\n\n10 rejects:\n"), result.text)
        XCTAssertTrue(result.text.contains("feeds/county-gaotang-gb18030.csv:15 county-gaotang-gb18030:GT-014 "
            + "wrong_field_count: row has 12 fields, the header has 11\n"), result.text)
        XCTAssertTrue(result.text.contains("\n9 possible duplicate requests (both are planned):\n"), result.text)
        XCTAssertTrue(result.text.contains("county-chiping:CP-003 and sd-platform:LC-0041: exclude one with the "
            + "overrides.csv row exclude,,sd-platform:LC-0041,,,,possible duplicate of county-chiping:CP-003\n"), result.text)
    }

    func test_validate_noFeeds_exits3() throws {
        let result = try AllotCommand.run(["validate", "--inputs", try inputsWithoutFeeds().path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.contains("allot: inputs unusable: no feed files"), result.stderr)
    }

    // MARK: - explain

    func test_explain_sampleRequest_exits0() throws {
        let outputs = try published(["2020-02-11"])
        let result = try AllotCommand.run(["explain", "county-chiping:CP-003", "--outputs", outputs.path, "--date", "2020-02-11"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.text.hasPrefix("plan 2020-02-11\nmatches the published 2020-02-11/dispatch.csv\n"), result.text)
    }

    func test_explain_malformedOrUnknownRecord_exits2() throws {
        let outputs = try published(["2020-02-11"])
        let malformed = try AllotCommand.run(["explain", "CP-003", "--outputs", outputs.path])
        XCTAssertEqual(malformed.status, 2, malformed.stderr)
        XCTAssertEqual(malformed.stderr, "allot: CP-003 is not SOURCE:ID (the feed's source, a colon, the record's id, "
            + "e.g. county-chiping:CP-001)\n")
        let unknown = try AllotCommand.run(["explain", "county-chiping:NOPE", "--outputs", outputs.path])
        XCTAssertEqual(unknown.status, 2, unknown.stderr)
        XCTAssertEqual(unknown.stderr, "allot: no offer or request county-chiping:NOPE among the accepted records "
            + "of the plan of 2020-02-11\n")
    }

    func test_explain_noPublishedPlan_exits2() throws {
        let outputs = try scratch().appendingPathComponent("Outputs")
        let result = try AllotCommand.run(["explain", "county-chiping:CP-003", "--outputs", outputs.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "allot: \(outputs.path) holds no published plan (run allot run first, or pass --outputs)\n")
    }

    func test_explain_dateNotYYYYMMDD_exits2() throws {
        let result = try AllotCommand.run(["explain", "county-chiping:CP-003", "--date", "2020/2/11"])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(firstLine(result.stderr), "Error: --date 2020/2/11 \(Self.planDateUsage)")
    }

    // MARK: - diff

    func test_diff_twoNights_exits0() throws {
        let outputs = try published()
        let result = try AllotCommand.run(["diff", "2020-02-10", "2020-02-11", "--outputs", outputs.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.text.hasPrefix("plan 2020-02-10 → 2020-02-11\n"), result.text)
    }

    func test_diff_latest_namesTheNewestPlan() throws {
        let outputs = try published()
        let named = try AllotCommand.run(["diff", "2020-02-10", "2020-02-11", "--outputs", outputs.path])
        let latest = try AllotCommand.run(["diff", "2020-02-10", "latest", "--outputs", outputs.path])
        XCTAssertEqual(latest.status, 0, latest.stderr)
        XCTAssertEqual(latest.text, named.text)
        let none = try AllotCommand.run(["diff", "latest", "latest", "--outputs", outputs.path + "-none"])
        XCTAssertEqual(none.status, 2, none.stderr)
    }

    /// `--date latest` names the newest plan for explain and export too.
    func test_explainAndExport_dateLatest_namesTheNewestPlan() throws {
        let outputs = try published()
        for command in [["explain", "county-chiping:CP-003"], ["export", "province", "--format", "csv"]] {
            let named = try AllotCommand.run(command + ["--outputs", outputs.path, "--date", "2020-02-11"])
            let latest = try AllotCommand.run(command + ["--outputs", outputs.path, "--date", "latest"])
            XCTAssertEqual(latest.status, 0, latest.stderr)
            XCTAssertEqual(latest.text, named.text, "\(command[0])")
            XCTAssertFalse(latest.text.isEmpty)
        }
    }

    func test_diff_unwritableOut_exits1() throws {
        let outputs = try published()
        let out = try unwritablePath("diff.txt")
        let result = try AllotCommand.run(["diff", "2020-02-10", "2020-02-11", "--outputs", outputs.path, "--out", out.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, "allot: cannot write \(out.path): Not a directory (errno 20); "
            + "a part of that path is a file, not a folder\n")
    }

    func test_diff_dateWithNoPlan_exits2NamingWhatIsPublished() throws {
        let outputs = try published()
        let result = try AllotCommand.run(["diff", "2020-02-11", "2020-02-12", "--outputs", outputs.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "allot: \(outputs.path) has no plan for 2020-02-12; published: 2020-02-10, 2020-02-11\n")
    }

    func test_diff_dateNotYYYYMMDD_exits2NamingTheArgument() throws {
        let a = try AllotCommand.run(["diff", "2020年2月10日", "2020-02-11"])
        XCTAssertEqual(a.status, 2, a.stderr)
        XCTAssertEqual(firstLine(a.stderr), "Error: <date-a> 2020年2月10日 \(Self.planDateUsage)")
        let b = try AllotCommand.run(["diff", "2020-02-10", "2020/2/11"])
        XCTAssertEqual(b.status, 2, b.stderr)
        XCTAssertEqual(firstLine(b.stderr), "Error: <date-b> 2020/2/11 \(Self.planDateUsage)")
    }

    func test_diff_malformedPlanFile_exits3NamingFileAndLine() throws {
        let outputs = try published()
        let file = try breakPlanFile("dispatch.csv", in: outputs)
        let result = try AllotCommand.run(["diff", "2020-02-10", "2020-02-11", "--outputs", outputs.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertTrue(result.stderr.hasPrefix("allot: \(file.path) line 1, field "), result.stderr)
    }

    // MARK: - export

    func test_export_provinceCSV_exits0() throws {
        let outputs = try published(["2020-02-11"])
        let out = outputs.deletingLastPathComponent().appendingPathComponent("province.csv")
        let result = try AllotCommand.run(["export", "province", "--format", "csv", "--outputs", outputs.path,
                                           "--inputs", Self.sample.path, "--out", out.path])
        XCTAssertEqual(result.status, 0, result.stderr)
        let bytes = try Data(contentsOf: out)
        XCTAssertEqual(result.stderr, "allot: wrote \(out.path) (\(bytes.count) bytes) from plan 2020-02-11\n")
    }

    func test_export_unwritableOut_exits1() throws {
        let outputs = try published(["2020-02-11"])
        let out = try unwritablePath("unmet.xlsx")
        let result = try AllotCommand.run(["export", "unmet", "--format", "xlsx", "--outputs", outputs.path,
                                           "--inputs", Self.sample.path, "--out", out.path])
        XCTAssertEqual(result.status, 1, result.stderr)
        XCTAssertEqual(result.stderr, "allot: cannot write \(out.path): Not a directory (errno 20); "
            + "a part of that path is a file, not a folder\n")
    }

    func test_export_outInAFolderThatDoesNotExist_exits2NamingTheFolder() throws {
        let outputs = try published(["2020-02-11"])
        let folder = outputs.deletingLastPathComponent().appendingPathComponent("nonexistent/dir")
        let out = folder.appendingPathComponent("x.xlsx")
        let result = try AllotCommand.run(["export", "unmet", "--format", "xlsx", "--outputs", outputs.path,
                                           "--inputs", Self.sample.path, "--out", out.path])
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertEqual(result.stderr, "allot: --out \(out.path): the folder \(folder.path) does not exist; "
            + "create it, or name a file in a folder that exists\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.path))
    }

    func test_export_dateWithNoPlanOrNotYYYYMMDD_exits2() throws {
        let outputs = try published(["2020-02-11"])
        let missing = try AllotCommand.run(["export", "dispatch", "--format", "csv", "--outputs", outputs.path,
                                            "--date", "2020-02-12"])
        XCTAssertEqual(missing.status, 2, missing.stderr)
        XCTAssertEqual(missing.stderr, "allot: \(outputs.path) has no plan for 2020-02-12; published: 2020-02-11\n")
        let malformed = try AllotCommand.run(["export", "dispatch", "--format", "csv", "--outputs", outputs.path,
                                              "--date", "2020-2-11"])
        XCTAssertEqual(malformed.status, 2, malformed.stderr)
        XCTAssertEqual(firstLine(malformed.stderr), "Error: --date 2020-2-11 \(Self.planDateUsage)")
    }

    func test_export_malformedPlanFile_exits3NamingFileAndLine() throws {
        let outputs = try published(["2020-02-11"])
        let file = try breakPlanFile("unmet.csv", in: outputs)
        let result = try AllotCommand.run(["export", "unmet", "--format", "csv", "--outputs", outputs.path,
                                           "--inputs", Self.sample.path])
        XCTAssertEqual(result.status, 3, result.stderr)
        XCTAssertEqual(result.stderr, "allot: \(file.path) line 1, field enterprise_id: the header has no enterprise_id column\n")
        XCTAssertTrue(result.stdout.isEmpty)
    }

    // MARK: - The table

    /// Errors the commands above cannot meet on the sample night, mapped as `ExitStatus` documents.
    func test_exitStatus_errorsNoCommandAboveProvokes() {
        XCTAssertEqual(ExitStatus(for: PlanFolderError.outputsUnreadable(outputs: "Outputs", reason: "Permission denied")),
                       .inputsUnusable)
        XCTAssertEqual(ExitStatus(for: ReferenceTableError(path: "reference/regions.csv", line: 2, message: "bad")),
                       .inputsUnusable)
        XCTAssertEqual(ExitStatus(for: PublishError.negativeKeepDays(-1)), .usageOrPolicy)
        XCTAssertEqual(ExitStatus(for: IngestError.overridesUnusable(path: "overrides.csv", problem: "bad")), .inputsUnusable)
        XCTAssertEqual(ExitStatus(for: PublishError.latestIsNotALink(path: "Outputs/latest")), .internalFailure)
        XCTAssertEqual(ExitStatus(for: CocoaError(.fileWriteUnknown)), .internalFailure)
    }
}
