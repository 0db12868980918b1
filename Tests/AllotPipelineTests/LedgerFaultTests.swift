import AllotCore
import AllotLedger
import AllotPipeline
import AllotPublish
import Foundation
import XCTest

/// The ledger under faults (SPEC 15): a run killed inside the ledger's transaction, a ledger another
/// process holds, a corrupt ledger file.
final class LedgerFaultTests: ScratchCommandTestCase {
    private var inputs: URL!
    private var outputs: URL!
    private var ledgerURL: URL { outputs.appendingPathComponent("ledger.sqlite") }

    override func setUpWithError() throws {
        try super.setUpWithError()
        inputs = try sampleInputs()
        outputs = work.appendingPathComponent("Outputs")
    }

    private func runArguments(_ date: String) -> [String] {
        ["run", "--inputs", inputs.path, "--outputs", outputs.path, "--date", date, "--now", "\(date)T01:30:00+08:00"]
    }

    private func snapshotNight(_ date: String) throws -> LedgerNight {
        try LedgerNight(PlanSnapshot.read(outputs: outputs, date: CalendarDate(iso: date)!))
    }

    /// Killed (SIGKILL) with the night's rows written but not committed: the plan stays published, the ledger is
    /// as it was before that night, and the next run records the missed night before tonight's, so ages count it.
    func test_killedInsideTheLedgerTransaction_ledgerAsBefore_nextRunBringsItInStep() throws {
        XCTAssertEqual(try AllotCommand.run(runArguments("2020-02-10")).status, 0)
        let before = try Ledger.open(ledgerURL).night(CalendarDate(iso: "2020-02-10")!)

        let killed = try AllotCommand.run(runArguments("2020-02-11"), environment: ["ALLOT_FAULT_INJECT": "ledger:kill"],
                                          timeout: 60)
        XCTAssertEqual(killed.status, SIGKILL, "killed by SIGKILL: \(killed.stderr)")
        XCTAssertEqual(try PublishedPlans.dates(in: outputs).map(\.description), ["2020-02-10", "2020-02-11"])
        let ledger = try Ledger.open(ledgerURL)
        XCTAssertEqual(try ledger.nightDates().map(\.description), ["2020-02-10"])
        XCTAssertEqual(try ledger.night(CalendarDate(iso: "2020-02-10")!), before)
        XCTAssertEqual(try ledger.integrityCheck(), ["ok"])

        let next = try AllotCommand.run(runArguments("2020-02-12"))
        XCTAssertEqual(next.status, 0, next.stderr)
        XCTAssertEqual(try ledger.nightDates().map(\.description), ["2020-02-10", "2020-02-11", "2020-02-12"])
        XCTAssertEqual(try ledger.night(CalendarDate(iso: "2020-02-11")!), try snapshotNight("2020-02-11"))
        // Ages on the third night count the night the killed run published.
        let unmet = { (date: String) in Set(try PlanSnapshot.read(outputs: self.outputs, date: CalendarDate(iso: date)!).unmet.map(\.request)) }
        let onAllThree = try unmet("2020-02-10").intersection(unmet("2020-02-11"))
        let third = try PlanSnapshot.read(outputs: outputs, date: CalendarDate(iso: "2020-02-12")!).unmet
        let threeNightsOld = third.filter { onAllThree.contains($0.request) }
        XCTAssertFalse(threeNightsOld.isEmpty)
        XCTAssertEqual(Set(threeNightsOld.map(\.age)), [3])
    }

    /// Killed in the transaction of a re-run: the ledger keeps the earlier version, which `rebuild` replaces.
    func test_killedWhileReRecordingADate_rebuildRecordsThePublishedVersion() throws {
        XCTAssertEqual(try AllotCommand.run(runArguments("2020-02-11")).status, 0)
        let first = try snapshotNight("2020-02-11")
        let overrides = inputs.appendingPathComponent("overrides.csv")
        try Data().write(to: overrides)   // the re-run plans without the night's pins: another version
        let killed = try AllotCommand.run(runArguments("2020-02-11"), environment: ["ALLOT_FAULT_INJECT": "ledger:kill"],
                                          timeout: 60)
        XCTAssertEqual(killed.status, SIGKILL, killed.stderr)
        let republished = try snapshotNight("2020-02-11")
        XCTAssertNotEqual(republished.manifestSHA256, first.manifestSHA256)
        XCTAssertEqual(try Ledger.open(ledgerURL).night(CalendarDate(iso: "2020-02-11")!), first)

        let rebuild = try AllotCommand.run(["ledger", "rebuild", "--outputs", outputs.path, "--inputs", inputs.path])
        XCTAssertEqual(rebuild.status, 0, rebuild.stderr)
        XCTAssertEqual(try Ledger.open(ledgerURL).night(CalendarDate(iso: "2020-02-11")!), republished)
    }

    /// Another process reading the ledger all through a run (WAL) does not stop it; one holding the write lock
    /// for a moment makes the run wait, not fail.
    func test_ledgerHeldByAnotherProcess_runWaitsAndRecords() throws {
        XCTAssertEqual(try AllotCommand.run(runArguments("2020-02-10")).status, 0)
        for (mode, seconds) in [("read", 0.0), ("write", 2.0)] {
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            let ready = work.appendingPathComponent("holding-\(mode)")
            holder.arguments = ["python3", "-c", """
                import sqlite3, sys, time, pathlib
                c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
                if sys.argv[2] == 'read':
                    c.execute('BEGIN'); c.execute('SELECT count(*) FROM night_request').fetchone()
                else:
                    c.execute('BEGIN IMMEDIATE')
                pathlib.Path(sys.argv[3]).touch()
                time.sleep(float(sys.argv[4]) if sys.argv[2] == 'write' else 30)
                c.execute('COMMIT')
                """, ledgerURL.path, mode, ready.path, String(seconds)]
            try holder.run()
            defer { if holder.isRunning { holder.terminate() } }
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: ready.path) && Date() < deadline { usleep(20_000) }
            let result = try AllotCommand.run(runArguments("2020-02-11"), timeout: 60)
            XCTAssertEqual(result.status, 0, "\(mode): \(result.stderr)")
            XCTAssertEqual(try Ledger.open(ledgerURL).night(CalendarDate(iso: "2020-02-11")!), try snapshotNight("2020-02-11"),
                           mode)
            holder.terminate()
            holder.waitUntilExit()
        }
    }

    /// A ledger file damaged inside (its pages overwritten) is never written over: the run stops with exit 2
    /// naming it, before publishing, and the file is left as it was.
    func test_corruptLedger_exits2NamingIt_andIsLeftAsItWas() throws {
        XCTAssertEqual(try AllotCommand.run(runArguments("2020-02-10")).status, 0)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(at: URL(fileURLWithPath: ledgerURL.path + suffix)) }
        var bytes = try Data(contentsOf: ledgerURL)
        XCTAssertGreaterThan(bytes.count, 8192)
        for i in 100..<min(bytes.count, 8192) { bytes[i] = 0xA5 }   // the header's tail and the schema page
        try bytes.write(to: ledgerURL)
        let result = try AllotCommand.run(runArguments("2020-02-11"))
        XCTAssertEqual(result.status, 2, result.stderr)
        XCTAssertTrue(result.stderr.contains(ledgerURL.path), result.stderr)
        XCTAssertEqual(try Data(contentsOf: ledgerURL), bytes)
        XCTAssertEqual(try PublishedPlans.dates(in: outputs).map(\.description), ["2020-02-10"])
    }
}
