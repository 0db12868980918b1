import AllotCore
import Foundation
import XCTest
@testable import AllotIngest

/// Property: random offers and requests, written as a CSV feed and as an XML
/// feed in the forms SPEC 2 allows, read back equal to what was written.
final class FeedRoundTripTests: XCTestCase {
    private let planDate = CalendarDate(year: 2020, month: 2, day: 11)!
    private let names = ["山东力得汽车科技股份有限公司", "信发集团, 茌平", "鲁西化工 \"东阿\" 分厂", "莘县华祥盐化\n二车间",
                         "Jinan Mask Co.", "=SUM(A1)", "中联实业", "ＫＮ９５ Works"]

    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("allot-roundtrip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    /// A random record and the text forms to write it with.
    private struct Sample {
        var record: FeedRecord
        var fields: [FeedField: String]
    }

    private func randomOffer(_ i: Int, rng: inout SplitMix64) -> Sample {
        let material = MaterialCatalog.builtInMaterials.randomElement(using: &rng)!
        let units = Int64.random(in: 1...5_000_000, using: &rng)
        // Write the quantity in a form whose exact value is `units` canonical units.
        let (quantityText, unitText): (String, String) = {
            switch Int.random(in: 0...3, using: &rng) {
            case 0: return (String(units), "")
            case 1 where units % 10_000 == 0: return ("\(units / 10_000)万", "")
            case 2 where material.canonicalUnit == .kilogram && units % 1000 == 0: return ("\(units / 1000)", "吨")
            case 3: return (units.formatted(groupingBy: 3), material.canonicalUnit == .kilogram ? "kg" : "只")
            default: return (String(units), "")
            }
        }()
        let region = [371522, 371503, 371502, 370000][Int.random(in: 0...3, using: &rng)]
        let regionText = [String(region), TestReference.regions[RegionCode(Int32(region))]!.name][Int.random(in: 0...1, using: &rng)]
        let code = TestReference.creditCode(1000 + i)
        let kind = OfferKind.allCases.filter { $0 != .conversion }.randomElement(using: &rng)!   // a conversion needs its input
        let from = planDate.adding(days: Int.random(in: -2...3, using: &rng))
        let fromText = [from.description, "\(from.components.year)/\(from.components.month)/\(from.components.day)",
                        "\(from.components.year)年\(from.components.month)月\(from.components.day)日"].randomElement(using: &rng)!
        let updated = Instant(microsecondsSinceEpoch: Int64.random(in: 1_580_000_000...1_582_000_000, using: &rng) * 1_000_000)
        let name = names.randomElement(using: &rng)!
        let offer = Offer(key: RecordKey(source: "feed", kind: .offer, id: "O-\(i)"), supplierID: try! CreditCode.parse(code).get(),
                          supplierName: name.trimmingSpaces(), region: RegionCode(Int32(region)), material: material.code,
                          quantity: Quantity(units), kind: kind, availableFrom: from, availableUntil: nil, updatedAt: updated)
        return Sample(record: .offer(offer), fields: [
            .offerID: "O-\(i)", .supplierID: code, .supplierName: name, .region: regionText,
            .material: [material.code.rawValue, material.name, material.aliases.first ?? material.name].randomElement(using: &rng)!,
            .quantity: quantityText, .unit: unitText, .kind: [kind.rawValue, kind.chineseName].randomElement(using: &rng)!,
            .availableFrom: fromText, .updatedAt: updated.description,
        ])
    }

    private func randomRequest(_ i: Int, rng: inout SplitMix64) -> Sample {
        let material = MaterialCatalog.builtInMaterials.randomElement(using: &rng)!
        let units = Int64.random(in: 1...200_000, using: &rng)
        let category = Category.allCases.randomElement(using: &rng)!
        let code = TestReference.creditCode(5000 + i)
        let neededBy = planDate.adding(days: Int.random(in: -1...4, using: &rng))
        let name = names.randomElement(using: &rng)!
        let request = Request(key: RecordKey(source: "feed", kind: .request, id: "R-\(i)"),
                              enterpriseID: try! CreditCode.parse(code).get(), enterpriseName: name.trimmingSpaces(),
                              region: RegionCode(371522), material: material.code, quantity: Quantity(units),
                              neededBy: neededBy, category: category)
        return Sample(record: .request(request), fields: [
            .requestID: "R-\(i)", .enterpriseID: code.lowercased(), .enterpriseName: name, .region: "聊城市莘县",
            .material: material.name, .quantity: String(units), .neededBy: neededBy.description,
            .category: [category.rawValue, category.chineseName].randomElement(using: &rng)!,
        ])
    }

    private func csvText(_ samples: [Sample], kind: RecordKind) -> String {
        let columns = FeedField.fields(of: kind)
        func quoted(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var text = columns.map(\.name).joined(separator: ",") + "\r\n"
        for s in samples { text += columns.map { quoted(s.fields[$0] ?? "") }.joined(separator: ",") + "\r\n" }
        return text
    }

    private func xmlText(_ samples: [Sample]) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;")
        }
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"urn:allot:feed:1\" source=\"feed\">\n"
        for s in samples {
            let f = s.fields
            if case .offer = s.record {
                text += "<offer id=\"\(esc(f[.offerID]!))\" kind=\"\(esc(f[.kind]!))\" updated=\"\(esc(f[.updatedAt]!))\">"
                text += "<supplier id=\"\(esc(f[.supplierID]!))\" name=\"\(esc(f[.supplierName]!))\"/>"
                text += "<region>\(esc(f[.region]!))</region><material>\(esc(f[.material]!))</material>"
                text += "<quantity\((f[.unit] ?? "").isEmpty ? "" : " unit=\"\(esc(f[.unit]!))\"")>\(esc(f[.quantity]!))</quantity>"
                text += "<available-from>\(esc(f[.availableFrom]!))</available-from></offer>\n"
            } else {
                text += "<request id=\"\(esc(f[.requestID]!))\">"
                text += "<enterprise id=\"\(esc(f[.enterpriseID]!))\" name=\"\(esc(f[.enterpriseName]!))\" category=\"\(esc(f[.category]!))\"/>"
                text += "<region>\(esc(f[.region]!))</region><material>\(esc(f[.material]!))</material>"
                text += "<quantity>\(esc(f[.quantity]!))</quantity><needed-by>\(esc(f[.neededBy]!))</needed-by></request>\n"
            }
        }
        return text + "</feed>\n"
    }

    func test_roundTrip_randomRecordsThroughCSVAndXML() throws {
        var rng = SplitMix64(seed: 2020_0211)
        let dir = try folder().appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for round in 0..<20 {
            let offers = (0..<Int.random(in: 1...40, using: &rng)).map { randomOffer($0, rng: &rng) }
            let requests = (0..<Int.random(in: 1...40, using: &rng)).map { randomRequest($0, rng: &rng) }
            let offerCSV = dir.appendingPathComponent("feed.csv")
            try Data(csvText(offers, kind: .offer).utf8).write(to: offerCSV)
            let readOffers = CSVFeedReader.read(try .opening(offerCSV, as: "feeds/feed.csv"),
                                                reference: TestReference.data())
            XCTAssertEqual(readOffers.rejects, [], "round \(round)")
            XCTAssertEqual(readOffers.records.map(\.record), offers.map(\.record), "round \(round): offers through CSV")

            let requestCSV = dir.appendingPathComponent("feed.csv")
            try Data(csvText(requests, kind: .request).utf8).write(to: requestCSV)
            let readRequests = CSVFeedReader.read(try .opening(requestCSV, as: "feeds/feed.csv"),
                                                  reference: TestReference.data())
            XCTAssertEqual(readRequests.rejects, [], "round \(round)")
            XCTAssertEqual(readRequests.records.map(\.record), requests.map(\.record), "round \(round): requests through CSV")

            let xml = dir.appendingPathComponent("feed.xml")
            let mixed = (offers + requests).shuffled(using: &rng)
            try Data(xmlText(mixed).utf8).write(to: xml)
            let readXML = XMLFeedReader.read(try .opening(xml, as: "feeds/feed.xml"), reference: TestReference.data())
            XCTAssertEqual(readXML.rejects, [], "round \(round)")
            XCTAssertEqual(readXML.records.map(\.record), mixed.map(\.record), "round \(round): records through XML")
        }
    }
}

private extension Int64 {
    /// `1234567` as `1,234,567`.
    func formatted(groupingBy size: Int) -> String {
        var digits = Array(String(self))
        var out = [Character]()
        while digits.count > size {
            out = [","] + digits.suffix(size) + out
            digits.removeLast(size)
        }
        return String(digits + out)
    }
}
