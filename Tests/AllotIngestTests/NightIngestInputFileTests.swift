import AllotCore
import Foundation
import XCTest
@testable import AllotIngest
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A night whose inputs folder holds what is not a feed: pipes, folders,
/// links out of the folder, region tables that go round in circles. Each is
/// one reject or one clear error, never a hang and never a file from
/// outside the folder.
final class NightIngestInputFileTests: XCTestCase, ScratchInputs {
    var scratch: URL!
    var inputs: URL { scratch.appendingPathComponent("Inputs") }

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("allot-hostile-\(UUID().uuidString)")
        try makeFolder("feeds")
        try write("Inputs/feeds/a.csv", Self.offerHeader + "A1,\(TestReference.creditCode(1)),S,371522,SUIT,5,,\n")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    static let offerHeader = "offer_id,supplier_id,supplier_name,region,material,quantity,updated_at,status\n"
    static let regionsHeader = "code,name,level,parent_code,lat,lon\n"
    private static let passwdLine = "root:x:0:0:root:/root:/bin/bash"

    /// What `NightIngest.read` gives, or a failure when it has not finished
    /// within `seconds` (the read is left running on its thread).
    func ingestOutcome(config: URL? = nil, allowBadOverrides: Bool = false, within seconds: Double = 20,
                        file: StaticString = #filePath, line: UInt = #line) throws -> Result<IngestedNight, Error>? {
        let inputs = self.inputs
        let outcome = Outcome()
        let thread = Thread {
            outcome.set(Result { try NightIngest.read(inputs: inputs, configFile: config, allowBadOverrides: allowBadOverrides) })
        }
        thread.start()
        guard outcome.wait(seconds) else {
            XCTFail("NightIngest.read did not finish in \(seconds) s", file: file, line: line)
            return nil
        }
        return outcome.value
    }

    private func night(file: StaticString = #filePath, line: UInt = #line) throws -> IngestedNight? {
        try ingestOutcome(file: file, line: line)?.get()
    }

    private func ingestError(config: URL? = nil, file: StaticString = #filePath,
                             line: UInt = #line) throws -> IngestError? {
        guard let result = try ingestOutcome(config: config, file: file, line: line) else { return nil }
        guard case .failure(let error) = result, let ingestError = error as? IngestError else {
            XCTFail("expected an IngestError, got \(result)", file: file, line: line)
            return nil
        }
        return ingestError
    }

    private func rejectTexts(_ night: IngestedNight) -> [String] {
        night.rejects.map { "\($0.file):\($0.line) \($0.code.rawValue): \($0.message)" }
    }

    // MARK: - Feeds that are not files

    func test_read_namedPipeFeed_isOneRejectAndTheNightGoesOn() throws {
        XCTAssertEqual(mkfifo(inputs.appendingPathComponent("feeds/x.csv").path, 0o644), 0)
        let night = try XCTUnwrap(try night())
        XCTAssertEqual(rejectTexts(night), [
            "feeds/x.csv:0 not_a_regular_file: feeds/x.csv is a named pipe, not a regular file: feeds must be files",
        ])
        XCTAssertEqual(night.offers.map(\.key.id), ["A1"])
        let pipe = try XCTUnwrap(night.files.first { $0.path == "feeds/x.csv" })
        XCTAssertEqual([pipe.records, pipe.accepted, pipe.rejected], [0, 0, 0])
        XCTAssertEqual(pipe.sha256, "")
        XCTAssertNil(pipe.encoding)
    }

    func test_read_folderNamedLikeAFeed_isOneReject() throws {
        try makeFolder("feeds/x.csv")
        let night = try XCTUnwrap(try night())
        XCTAssertEqual(rejectTexts(night), [
            "feeds/x.csv:0 not_a_regular_file: feeds/x.csv is a folder, not a regular file: feeds must be files",
        ])
        XCTAssertEqual(night.offers.count, 1)
    }

    func test_read_socketFeed_isOneReject() throws {
        let socket = try XCTUnwrap(UnixSocket(boundTo: inputs.appendingPathComponent("feeds/s.xml").path))
        defer { socket.stop() }
        let night = try XCTUnwrap(try night())
        XCTAssertEqual(night.rejects.map(\.code), [.notARegularFile])
        XCTAssertEqual(night.offers.count, 1)
    }

    func test_read_onlyFeedIsAPipe_noFeedCouldBeRead() throws {
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("feeds/a.csv"))
        XCTAssertEqual(mkfifo(inputs.appendingPathComponent("feeds/x.csv").path, 0o644), 0)
        guard case .inputsUnusable(let message) = try ingestError() else { return XCTFail("not inputs unusable") }
        XCTAssertEqual(message, "no feed file could be read: feeds/x.csv:0: "
            + "feeds/x.csv is a named pipe, not a regular file: feeds must be files")
    }

    // MARK: - Links

    func test_read_linkOutOfTheFolder_isRefusedAndNothingOfTheFileIsRead() throws {
        let secret = try write("etc/passwd", Self.passwdLine + "\n")
        try link("feeds/passwd.csv", to: secret.path)
        try link("feeds/UPPER.CSV", to: secret.path)
        let night = try XCTUnwrap(try night())
        XCTAssertEqual(rejectTexts(night), [
            "feeds/UPPER.CSV:0 not_a_regular_file: feeds/UPPER.CSV is a symbolic link to a file outside the inputs "
                + "folder: feeds must be files in the inputs folder",
            "feeds/passwd.csv:0 not_a_regular_file: feeds/passwd.csv is a symbolic link to a file outside the inputs "
                + "folder: feeds must be files in the inputs folder",
        ])
        XCTAssertEqual(night.rejects.map(\.raw), ["", ""])
        for summary in night.files where summary.path != "feeds/a.csv" {
            XCTAssertEqual([summary.records, summary.accepted], [0, 0], summary.path)
            XCTAssertEqual(summary.sha256, "", summary.path)
        }
    }

    /// The same file read through a link inside the folder: accepted, its digest that of the file.
    func test_read_linkInsideTheFolder_isReadAsAFeed() throws {
        let text = Self.offerHeader + "B1,\(TestReference.creditCode(2)),S,371522,SUIT,7,,\n"
        try write("Inputs/archive/county-b.csv", text)
        try link("feeds/b.csv", to: "../archive/county-b.csv")
        let night = try XCTUnwrap(try night())
        XCTAssertEqual(night.rejects, [])
        XCTAssertEqual(night.offers.map(\.key.description).sorted(), ["a:A1", "b:B1"])
        let linked = try XCTUnwrap(night.files.first { $0.path == "feeds/b.csv" })
        XCTAssertEqual([linked.records, linked.accepted], [1, 1])
        XCTAssertEqual(linked.sha256, SHA256.hex(of: Array(text.utf8)))
    }

    func test_read_feedsFolderLinkedOutside_isUnusable() throws {
        try FileManager.default.removeItem(at: inputs.appendingPathComponent("feeds"))
        try write("elsewhere/x.csv", Self.passwdLine + "\n")
        try link("feeds", to: scratch.appendingPathComponent("elsewhere").path)
        guard case .inputsUnusable(let message) = try ingestError() else { return XCTFail("not inputs unusable") }
        XCTAssertEqual(message, "feeds is a symbolic link to a folder outside the inputs folder: "
            + "feeds must be a folder in the inputs folder")
    }

    func test_read_danglingLinkFeed_isUnreadable() throws {
        try link("feeds/gone.csv", to: "nowhere.csv")
        let night = try XCTUnwrap(try night())
        XCTAssertEqual(rejectTexts(night), [
            "feeds/gone.csv:0 unreadable_file: feeds/gone.csv is a symbolic link to a file that is not there",
        ])
    }

    // MARK: - Policy, reference tables and overrides

    func test_read_policyThatIsAPipe_isPolicyError() throws {
        XCTAssertEqual(mkfifo(inputs.appendingPathComponent("allot.toml").path, 0o644), 0)
        guard case .policy(let error) = try ingestError() else { return XCTFail("not a policy error") }
        XCTAssertEqual("\(error)", "allot.toml: is a named pipe, not a regular file: the policy must be a file")
    }

    func test_read_configThatIsAPipe_isPolicyError() throws {
        let config = scratch.appendingPathComponent("night.toml")
        XCTAssertEqual(mkfifo(config.path, 0o644), 0)
        guard case .policy(let error) = try ingestError(config: config) else { return XCTFail("not a policy error") }
        XCTAssertEqual("\(error)", "\(config.path): is a named pipe, not a regular file: the policy must be a file")
    }

    func test_read_regionTableThatIsAPipe_isUnusable() throws {
        try makeFolder("reference")
        XCTAssertEqual(mkfifo(inputs.appendingPathComponent("reference/regions.csv").path, 0o644), 0)
        guard case .inputsUnusable(let message) = try ingestError() else { return XCTFail("not inputs unusable") }
        XCTAssertEqual(message,
                       "reference/regions.csv: is a named pipe, not a regular file: a reference table must be a file")
    }

    func test_read_catalogLinkedOutside_isUnusable() throws {
        try makeFolder("reference")
        try link("reference/materials.csv", to: try write("etc/materials.csv", "code,name\n").path)
        guard case .inputsUnusable(let message) = try ingestError() else { return XCTFail("not inputs unusable") }
        XCTAssertEqual(message, "reference/materials.csv: is a symbolic link to a file outside the inputs folder: "
            + "a reference table must be a file in the inputs folder")
    }

    func test_read_overridesThatIsAFolder_isUnusable_orOneRejectWhenAllowed() throws {
        try makeFolder("overrides.csv")
        guard case .overridesUnusable(let path, let problem) = try ingestError() else { return XCTFail("not overrides unusable") }
        XCTAssertEqual(path, "overrides.csv")
        XCTAssertEqual(problem, "overrides.csv is a folder, not a regular file: overrides must be a file")
        let night = try XCTUnwrap(try ingestOutcome(allowBadOverrides: true)?.get())
        XCTAssertEqual(night.overridesNotUsed, problem)
        XCTAssertEqual(rejectTexts(night), [
            "overrides.csv:0 not_a_regular_file: overrides.csv is a folder, not a regular file: overrides must be a file",
        ])
        XCTAssertEqual(night.files.first { $0.role == .overrides }?.records, 0)
    }

    func test_read_registryLinkedOutside_isOneReject() throws {
        try makeFolder("reference")
        try link("reference/enterprises.csv", to: try write("etc/enterprises.csv", Self.passwdLine + "\n").path)
        let night = try XCTUnwrap(try night())
        XCTAssertEqual(night.rejects.map(\.code), [.notARegularFile])
        XCTAssertEqual(night.offers.count, 1)
    }
}

// MARK: - Region tables whose parents go round in a circle

extension NightIngestInputFileTests {
    /// A region table of Shandong and Liaocheng with a county feed whose
    /// region is written with its parents' names, which walks up the table.
    private func regionsNight(_ rows: [String]) throws -> Result<IngestedNight, Error>? {
        try write("Inputs/reference/regions.csv", Self.regionsHeader + rows.joined(separator: "\n") + "\n")
        try write("Inputs/feeds/a.csv", Self.offerHeader + "A1,\(TestReference.creditCode(1)),S,山东省聊城市莘县,SUIT,5,,\n")
        return try ingestOutcome(within: 20)
    }

    private func assertUnusable(_ outcome: Result<IngestedNight, Error>?, _ expected: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        guard let outcome else { return }   // the wait has failed already
        guard case .failure(IngestError.inputsUnusable(let message)) = outcome else {
            return XCTFail("expected inputs unusable (exit 3), got \(outcome)", file: file, line: line)
        }
        XCTAssertEqual(message, expected, file: file, line: line)
    }

    func test_read_regionThatIsItsOwnParent_isUnusableNamingTheRow() throws {
        assertUnusable(try regionsNight([
            "370000,山东省,province,,36.67,116.99",
            "371500,聊城市,prefecture,371500,36.45,115.97",
            "371522,莘县,county,371500,36.23,115.66",
        ]), "reference/regions.csv:3 (parent_code): 371500 聊城市 names itself as its parent")
    }

    func test_read_regionParentsInACircleOfThree_isUnusableNamingTheRow() throws {
        assertUnusable(try regionsNight([
            "370000,山东省,province,371522,36.67,116.99",
            "371500,聊城市,prefecture,370000,36.45,115.97",
            "371522,莘县,county,371500,36.23,115.66",
        ]), "reference/regions.csv:2 (parent_code): the parents of 370000 山东省 go round in a circle "
            + "(370000 → 371522 → 371500 → 370000): a unit cannot lie inside itself")
    }

    /// A circle off to the side of sound units is found too, named by its first row in the file.
    func test_read_regionCircleBelowSoundUnits_namesItsFirstRow() throws {
        assertUnusable(try regionsNight([
            "370000,山东省,province,,36.67,116.99",
            "371500,聊城市,prefecture,370000,36.45,115.97",
            "371522,莘县,county,371500,36.23,115.66",
            "371600,甲,county,371700,36.1,115.1",
            "371700,乙,county,371600,36.1,115.1",
        ]), "reference/regions.csv:5 (parent_code): the parents of 371600 甲 go round in a circle "
            + "(371600 → 371700 → 371600): a unit cannot lie inside itself")
    }
}

/// A value handed from the thread that computed it, with a deadline for the wait.
private final class Outcome: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var stored: Result<IngestedNight, Error>?

    func set(_ value: Result<IngestedNight, Error>) {
        lock.lock()
        stored = value
        lock.unlock()
        done.signal()
    }

    /// Whether the value came within `seconds`.
    func wait(_ seconds: Double) -> Bool { done.wait(timeout: .now() + seconds) == .success }

    var value: Result<IngestedNight, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
