import AllotCore
import XCTest
@testable import AllotPublish

final class PlanFilesTests: XCTestCase {
    func test_planFiles_namesInOrderManifestLast() throws {
        let files = try PlanFiles.render(PublishFixture.run())
        XCTAssertEqual(files.map(\.name), ["dispatch.csv", "unmet.csv", "rejects.csv", "passes.csv", "dispatch.xml",
                                           "province-request.xml", "report.html", "manifest.json"])
    }

    func test_planFiles_manifestListsDigestsOfTheOtherFiles() throws {
        let files = try PlanFiles.render(PublishFixture.run())
        let manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(files.last!.bytes)) as? [String: Any])
        let expected = Dictionary(uniqueKeysWithValues: files.dropLast().map { ($0.name, SHA256.hex(of: $0.bytes)) })
        XCTAssertEqual(manifest["outputs"] as? [String: String], expected)
    }

    func test_planFiles_sameNightGivesSameBytes() throws {
        let a = try PlanFiles.render(PublishFixture.run()), b = try PlanFiles.render(PublishFixture.run())
        XCTAssertEqual(a.map(\.name), b.map(\.name))
        for (x, y) in zip(a, b) { XCTAssertEqual(x.bytes, y.bytes, x.name) }
    }

    func test_planFiles_otherTimingsChangeOnlyTheTimings() throws {
        let a = try PlanFiles.render(PublishFixture.run(timings: ["ingest": 0.5, "plan": 1.25]))
        let b = try PlanFiles.render(PublishFixture.run(timings: ["ingest": 7.0, "plan": 0.333333333]))
        for (x, y) in zip(a.dropLast(), b.dropLast()) { XCTAssertEqual(x.bytes, y.bytes, x.name) }
        let (ma, mb) = (String(decoding: a.last!.bytes, as: UTF8.self), String(decoding: b.last!.bytes, as: UTF8.self))
        XCTAssertNotEqual(ma, mb)
        func beforeTimings(_ text: String) throws -> Substring { text[..<(try XCTUnwrap(text.range(of: "\"timings\"")).lowerBound)] }
        XCTAssertEqual(try beforeTimings(ma), try beforeTimings(mb))
        XCTAssertTrue(mb.hasSuffix("\"timings\": {\"ingest\": 7.000000, \"plan\": 0.333333}\n}\n"), mb)
    }

    func test_planFiles_differentDictionaryOrderGivesSameBytes() throws {
        // Rebuild the night's dictionaries in another insertion order: hash order must not leak into a file.
        let run = PublishFixture.run()
        var other = run
        other.plan.offers.reverse()
        other.plan.requests.reverse()
        other.plan = other.plan.linked()
        other.plan.offeredByMaterial = Dictionary(uniqueKeysWithValues: run.plan.offeredByMaterial.sorted { $0.key > $1.key })
        for (x, y) in zip(try PlanFiles.render(run), try PlanFiles.render(other)) { XCTAssertEqual(x.bytes, y.bytes, x.name) }
    }
}
