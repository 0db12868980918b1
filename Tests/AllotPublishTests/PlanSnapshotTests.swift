import AllotCore
import Foundation
import XCTest
@testable import AllotPublish

final class PlanSnapshotTests: XCTestCase {
    /// Renders and publishes the fixture night; returns the scratch outputs (kept alive by the caller).
    private func publishFixture(_ run: NightRun = PublishFixture.run()) throws -> ScratchOutputs {
        let scratch = try ScratchOutputs()
        try PlanPublisher(fault: nil).publish(files: try PlanFiles.render(run), planDate: run.planDate,
                                              outputs: scratch.outputs)
        return scratch
    }

    func test_read_publishedFixture_givesBackTheWrittenRows() throws {
        let run = PublishFixture.run()
        let scratch = try publishFixture(run)
        let snapshot = try PlanSnapshot.read(outputs: scratch.outputs)

        XCTAssertEqual(snapshot.planDate, run.planDate)
        let expectedLines = try DispatchRow.rows(of: run, file: "t").map { row in
            PlanSnapshot.Line(
                lineID: row.id, material: row.line.material, quantity: row.line.quantity.units,
                unit: row.unit.rawValue, offer: row.line.offer, supplierID: row.offer.supplierID.description,
                supplierName: row.offer.supplierName, fromRegion: row.offer.region, lotDate: row.line.lotDay,
                request: row.line.request, enterpriseID: row.request.enterpriseID.description,
                enterpriseName: row.request.enterpriseName, toRegion: row.request.region, tier: row.line.tier,
                roadDecikm: row.line.roadDecikm, shipOn: row.line.lotDay, arriveBy: row.line.arriveBy,
                pinned: row.line.pinned)
        }
        XCTAssertEqual(snapshot.dispatch, expectedLines)
        // Names the formula guard and the quoting touched come back as they were.
        XCTAssertEqual(snapshot.dispatch.first { $0.material.rawValue == "DISINFECTANT" }?.supplierName,
                       "=HYPERLINK(\"http://x\")")
        XCTAssertTrue(snapshot.dispatch.contains { $0.supplierName == "聊城市\"安康\"医疗, 有限公司" })

        let expectedUnmet = try UnmetRow.rows(of: run, file: "t").map { row in
            PlanSnapshot.UnmetRequest(
                request: row.request.key, enterpriseID: row.request.enterpriseID.description,
                enterpriseName: row.request.enterpriseName, region: row.request.region,
                material: row.request.material, tier: row.outcome.tier, requested: row.outcome.requested.units,
                delivered: row.outcome.delivered.units, shortfall: row.outcome.shortfall.units,
                fillRatio: row.fillRatio, overdue: row.outcome.overdue, reason: row.reason, age: row.age)
        }
        XCTAssertEqual(snapshot.unmet, expectedUnmet)
        XCTAssertEqual(Set(snapshot.unmet.map(\.enterpriseName)),
                       ["-小店", "@防疫 <物资> & 生产", "Late\nCo.", "山东力得汽车科技股份有限公司"])

        let totals = try MaterialTotals.all(of: run, rows: try DispatchRow.rows(of: run, file: "t"), file: "t")
        XCTAssertEqual(snapshot.manifest.materials.map(\.code), totals.map(\.material.code))
        for (read, written) in zip(snapshot.manifest.materials, totals) {
            XCTAssertEqual(read.offered, written.offered)
            XCTAssertEqual(Int128(read.requested), written.requested)
            XCTAssertEqual(Int128(read.delivered), written.delivered)
            XCTAssertEqual(read.tonKm, written.tonKm)
            XCTAssertEqual(read.unmetRequests, written.unmetRequests)
            XCTAssertEqual(read.deliveredByTier.mapValues { Int128($0) },
                           Dictionary(uniqueKeysWithValues: written.tiers.map { ($0.tier, $0.delivered) }))
            XCTAssertEqual(read.requestedByTier.mapValues { Int128($0) },
                           Dictionary(uniqueKeysWithValues: written.tiers.map { ($0.tier, $0.requested) }))
        }
        XCTAssertEqual(snapshot.manifest.lines, 4)
        XCTAssertEqual(snapshot.manifest.pinnedLines, 3)
        XCTAssertEqual(snapshot.manifest.unmetRequests, 4)
        XCTAssertEqual(snapshot.manifest.totals, PlanSnapshot.InputTotals(records: 19, accepted: 11, rejected: 7, superseded: 1))
        XCTAssertTrue(Set(snapshot.manifest.outputs.keys).isSuperset(of: ["dispatch.csv", "dispatch.xml", "rejects.csv", "unmet.csv"]))
        XCTAssertEqual(snapshot.manifest.outputs["dispatch.csv"],
                       SHA256.hex(of: Array(try Data(contentsOf: snapshot.folder.url.appendingPathComponent("dispatch.csv")))))
    }

    /// SPEC 12's figures come back from a manifest that has them.
    func test_read_manifestWithEarmarkedFigures() throws {
        let scratch = try publishFixture(PublishFixture.earmarkedRun())
        let manifest = try PlanSnapshot.read(outputs: scratch.outputs).manifest
        XCTAssertEqual(manifest[MaterialCode("DISINFECTANT")]?.earmarkedOffered, 15_000)
        XCTAssertEqual(manifest[MaterialCode("DISINFECTANT")]?.earmarkedUnused, 3_000)
        XCTAssertEqual(manifest[MaterialCode("MASK-MEDICAL")]?.earmarkedOffered, 0)
        XCTAssertEqual(manifest[MaterialCode("MASK-MEDICAL")]?.earmarkedUnused, 0)
    }

    /// A plan published before the manifest had `earmarked_offered` and `earmarked_unused` still reads, without them.
    func test_read_manifestBeforeEarmarks_readsWithoutThem() throws {
        let scratch = try publishFixture(PublishFixture.earmarkedRun())
        let file = scratch.outputs.appendingPathComponent("2020-02-11/manifest.json")
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var materials = try XCTUnwrap(json["materials"] as? [String: [String: Any]])
        for code in materials.keys {
            materials[code]!["earmarked_offered"] = nil
            materials[code]!["earmarked_unused"] = nil
        }
        json["materials"] = materials
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        let manifest = try PlanSnapshot.read(outputs: scratch.outputs).manifest
        XCTAssertEqual(manifest.materials.map(\.code.rawValue), ["DISINFECTANT", "MASK-MEDICAL"])
        XCTAssertEqual(manifest[MaterialCode("DISINFECTANT")]?.offered, 15_000)
        XCTAssertNil(manifest[MaterialCode("DISINFECTANT")]?.earmarkedOffered)
        XCTAssertNil(manifest[MaterialCode("DISINFECTANT")]?.earmarkedUnused)

        // Present but not a number, it is named.
        materials["DISINFECTANT"]!["earmarked_unused"] = "many"
        json["materials"] = materials
        try JSONSerialization.data(withJSONObject: json).write(to: file)
        XCTAssertThrowsError(try PlanSnapshot.read(outputs: scratch.outputs)) { error in
            XCTAssertEqual("\(error)", "\(file.path) field materials.DISINFECTANT.earmarked_unused: many is not a whole number")
        }
    }

    func test_read_emptyNight_givesNoRows() throws {
        let scratch = try publishFixture(PublishFixture.emptyRun())
        let snapshot = try PlanSnapshot.read(outputs: scratch.outputs, date: PublishFixture.planDate)
        XCTAssertEqual(snapshot.dispatch, [])
        XCTAssertEqual(snapshot.unmet, [])
        XCTAssertEqual(snapshot.manifest.lines, 0)
    }

    func test_read_malformedQuantity_namesFileLineAndField() throws {
        let scratch = try publishFixture()
        let file = scratch.outputs.appendingPathComponent("2020-02-11/dispatch.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        // The second data row (line 3) gets a quantity that is not a number.
        var lines = text.components(separatedBy: "\r\n")
        var fields = lines[2].components(separatedBy: ",")
        fields[3] = "12a"
        lines[2] = fields.joined(separator: ",")
        text = lines.joined(separator: "\r\n")
        try Data(text.utf8).write(to: file)
        XCTAssertThrowsError(try PlanSnapshot.read(outputs: scratch.outputs)) { error in
            XCTAssertEqual("\(error)", "\(file.path) line 3, field quantity: \"12a\" is not a whole number")
        }
    }

    func test_read_brokenRows_nameFileAndLine() throws {
        let scratch = try publishFixture()
        let file = scratch.outputs.appendingPathComponent("2020-02-11/dispatch.csv")
        let published = try Data(contentsOf: file)
        func expectError(_ bytes: [UInt8], _ message: String, line: UInt = #line) throws {
            try Data(bytes).write(to: file)
            XCTAssertThrowsError(try PlanSnapshot.read(outputs: scratch.outputs), line: line) { error in
                XCTAssertEqual("\(error)", "\(file.path) \(message)", line: line)
            }
        }
        var lines = String(decoding: published, as: UTF8.self).components(separatedBy: "\r\n")
        try expectError(Array(lines[0...1].joined(separator: "\r\n").utf8) + [0x0D, 0x0A, 0xFF, 0x2C, 0x0D, 0x0A],
                        "line 3: the row is not UTF-8")
        lines[2] = lines[2].components(separatedBy: ",").dropLast().joined(separator: ",")
        try expectError(Array(lines.joined(separator: "\r\n").utf8), "line 3: 21 fields, the header has 22")
        try expectError(Array(published) + Array("\"open\r\n".utf8),
                        "line \(lines.count): a quoted field is not closed")
    }

    func test_read_missingColumnOrFile_isNamed() throws {
        let scratch = try publishFixture()
        let folder = scratch.outputs.appendingPathComponent("2020-02-11")
        let unmet = folder.appendingPathComponent("unmet.csv")
        let text = try String(contentsOf: unmet, encoding: .utf8).replacingOccurrences(of: "fill_ratio", with: "fill")
        try Data(text.utf8).write(to: unmet)
        XCTAssertThrowsError(try PlanSnapshot.read(outputs: scratch.outputs)) { error in
            XCTAssertEqual("\(error)", "\(unmet.path) line 1, field fill_ratio: the header has no fill_ratio column")
        }
        try FileManager.default.removeItem(at: folder.appendingPathComponent("dispatch.csv"))
        XCTAssertThrowsError(try PlanSnapshot.read(outputs: scratch.outputs)) { error in
            XCTAssertEqual("\(error)", "\(folder.appendingPathComponent("dispatch.csv").path): the plan folder has no such file")
        }
    }

    func test_read_manifestOfAnotherDate_isRefused() throws {
        let scratch = try publishFixture()
        let manifest = scratch.outputs.appendingPathComponent("2020-02-11/manifest.json")
        let text = try String(contentsOf: manifest, encoding: .utf8)
            .replacingOccurrences(of: "\"plan_date\": \"2020-02-11\"", with: "\"plan_date\": \"2020-02-10\"")
            .replacingOccurrences(of: "\"plan_date\":\"2020-02-11\"", with: "\"plan_date\":\"2020-02-10\"")
        try Data(text.utf8).write(to: manifest)
        XCTAssertThrowsError(try PlanSnapshot.read(outputs: scratch.outputs)) { error in
            XCTAssertEqual("\(error)", "\(manifest.path) field plan_date: says 2020-02-10, but the folder is 2020-02-11")
        }
        try Data("{\"plan_date\": \"2020-02-11\", \"totals\": 3}".utf8).write(to: manifest)
        XCTAssertThrowsError(try PlanSnapshot.readManifest(try PlanFolder.locate(outputs: scratch.outputs))) { error in
            XCTAssertEqual("\(error)", "\(manifest.path) field totals: is not an object")
        }
    }

    func test_locate_defaultsToNewestAndNamesOutputsForUnknownDate() throws {
        let scratch = try ScratchOutputs()
        XCTAssertThrowsError(try PlanFolder.locate(outputs: scratch.outputs)) { error in
            XCTAssertEqual(error as? PlanFolderError, .noPlans(outputs: scratch.outputs.path))
        }
        for day in ["2020-02-10", "2020-02-12", "2020-02-11"] {
            try PlanPublisher(fault: nil).publish(files: publishFiles(["a": day]), planDate: planDay(day),
                                                  outputs: scratch.outputs)
        }
        XCTAssertEqual(try PlanFolder.locate(outputs: scratch.outputs).date, planDay("2020-02-12"))
        XCTAssertEqual(try PlanFolder.locate(outputs: scratch.outputs, date: planDay("2020-02-10")).url.lastPathComponent,
                       "2020-02-10")
        XCTAssertThrowsError(try PlanFolder.locate(outputs: scratch.outputs, date: planDay("2020-03-01"))) { error in
            XCTAssertEqual("\(error)", "\(scratch.outputs.path) has no plan for 2020-03-01; published: 2020-02-10, 2020-02-11, 2020-02-12")
        }
        XCTAssertEqual(try PlanFolder.previous(before: planDay("2020-02-12"), outputs: scratch.outputs)?.date,
                       planDay("2020-02-11"))
        XCTAssertNil(try PlanFolder.previous(before: planDay("2020-02-10"), outputs: scratch.outputs))
        XCTAssertNil(try PlanFolder.previous(before: planDay("2020-02-10"),
                                             outputs: scratch.root.appendingPathComponent("nowhere")))
    }
}
