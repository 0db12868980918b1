import AllotCore
import AllotLedger
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// The work ledger through the built executable (SPEC 15): each run records its night, `rebuild` gives the
/// same nights from the plan folders, and a file that is not a ledger is never written over.
final class LedgerCommandTests: ScratchCommandTestCase {
    private func run(_ inputs: URL, _ outputs: URL, date: String) throws -> AllotCommand.Result {
        try AllotCommand.run(["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date,
                              "--now", "\(date)T01:30:00+08:00"])
    }

    func test_run_recordsEachNight_andRebuildGivesTheSameNights() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        for date in ["2020-02-10", "2020-02-11", "2020-02-11"] {
            let result = try run(inputs, outputs, date: date)
            XCTAssertEqual(result.status, 0, result.stderr)
        }
        let dates = [CalendarDate(iso: "2020-02-10")!, CalendarDate(iso: "2020-02-11")!]
        func nights(_ ledger: Ledger) throws -> [LedgerNight?] { try dates.map { try ledger.night($0) } }
        let recorded = try nights(Ledger.open(outputs.appendingPathComponent("ledger.sqlite")))
        for (date, night) in zip(dates, recorded) {
            let snapshot = try PlanSnapshot.read(outputs: outputs, date: date)
            XCTAssertEqual(night, try LedgerNight(snapshot), "\(date)")
            XCTAssertEqual(night?.lines.count, snapshot.dispatch.count)
            XCTAssertEqual(night?.requests.filter { $0.reason != nil }.count, snapshot.unmet.count)
        }
        // A ledger lost: rebuild brings back the same nights from the plan folders.
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: outputs.appendingPathComponent("ledger.sqlite" + suffix))
        }
        let rebuild = try AllotCommand.run(["ledger", "rebuild", "--outputs", outputs.path, "--inputs", inputs.path])
        XCTAssertEqual(rebuild.status, 0, rebuild.stderr)
        XCTAssertTrue(rebuild.stderr.contains("2 nights recorded"), rebuild.stderr)
        let ledger = try Ledger.open(outputs.appendingPathComponent("ledger.sqlite"))
        XCTAssertEqual(try nights(ledger), recorded)
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])
    }

    /// A file at the ledger's path that is not a ledger stops the run before anything is published (exit 2),
    /// and is left as it was; `ledger = "PATH"` in allot.toml moves the ledger.
    func test_run_foreignFileAtTheLedgersPath_exits2AndPublishesNothing() throws {
        let inputs = try sampleInputs(), outputs = work.appendingPathComponent("Outputs")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        let foreign = outputs.appendingPathComponent("ledger.sqlite")
        try Data("台账.xlsx 另存为\n".utf8).write(to: foreign)
        let refused = try run(inputs, outputs, date: "2020-02-11")
        XCTAssertEqual(refused.status, 2, refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(foreign.path) is not allot's ledger (it is not an SQLite database)"),
                      refused.stderr)
        XCTAssertEqual(try Data(contentsOf: foreign), Data("台账.xlsx 另存为\n".utf8))
        XCTAssertFalse(FileManager.default.fileExists(atPath: outputs.appendingPathComponent("2020-02-11").path))

        let policy = inputs.appendingPathComponent("allot.toml")
        try ("ledger = \"work-ledger.sqlite\"\n" + (try String(contentsOf: policy, encoding: .utf8)))
            .write(to: policy, atomically: true, encoding: .utf8)
        let moved = try run(inputs, outputs, date: "2020-02-11")
        XCTAssertEqual(moved.status, 0, moved.stderr)
        XCTAssertEqual(try Ledger.open(outputs.appendingPathComponent("work-ledger.sqlite")).nightDates(),
                       [CalendarDate(iso: "2020-02-11")!])
    }
}
