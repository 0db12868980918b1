import AllotCore
import Foundation
import XCTest
@testable import AllotIngest
#if canImport(Glibc)
import Glibc
#endif

/// Hostile feeds: external entities, external DTDs, entity expansion bombs.
/// Nothing may be read from disk or the network, and nothing may blow up.
final class XMLFeedReaderSecurityTests: XMLFeedTestCase {
    /// Every text the result carries, to look for leaked content in.
    private func allText(_ result: FeedFileResult) -> String {
        (result.records.map { "\($0.record)" } + result.rejects.map { "\($0)" } + result.warnings).joined(separator: "\n")
    }

    private static let regionFromEntity = request("R-1", "<region>&xxe;</region><material>口罩</material><quantity>40</quantity>")

    func test_read_xxeFileEntityIsNotExpanded() throws {
        let secret = try write(Array("ALLOT-XXE-SECRET-371503".utf8), as: "secret.txt")
        for target in ["file:///etc/passwd", secret.absoluteString] {
            let result = try read("""
                <?xml version="1.0"?>
                <!DOCTYPE feed [<!ENTITY xxe SYSTEM "\(target)">]>
                <feed xmlns="urn:allot:feed:1" source="lc">
                \(Self.regionFromEntity)
                </feed>
                """)

            let text = allText(result)
            XCTAssertFalse(text.contains("root:"), text)
            XCTAssertFalse(text.contains("ALLOT-XXE-SECRET"), text)
            XCTAssertEqual(result.records.count, 0, target)
            XCTAssertEqual(result.rejects.map(\.code), [.missingField], target)
            XCTAssertEqual(result.rejects.map(\.field), ["region"], target)
            XCTAssertEqual(result.rejects.map(\.raw), [
                "<request id=\"R-1\"><enterprise id=\"\(Self.enterpriseCode)\" name=\"力得\" category=\"key_enterprise\"/><region/><material>口罩</material><quantity>40</quantity></request>",
            ], target)
        }
    }

    func test_read_xxeFileEntityInAttributeIsRejected() throws {
        let result = try read("""
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <feed xmlns="urn:allot:feed:1" source="&xxe;"/>
            """)

        XCTAssertFalse(allText(result).contains("root:"))
        XCTAssertEqual(result.rejects.map(\.code), [.notWellFormed])
        XCTAssertEqual(result.rejects.map(\.message), [
            "line 2, column 45: Attribute references external entity 'xxe'",
        ])
    }

    func test_read_xxeHTTPEntityIsNotFetched() throws {
        let listener = try LocalListener()
        let result = try read("""
            <?xml version="1.0"?>
            <!DOCTYPE feed [<!ENTITY xxe SYSTEM "http://127.0.0.1:\(listener.port)/secret">]>
            <feed xmlns="urn:allot:feed:1" source="lc">
            \(Self.regionFromEntity)
            </feed>
            """)

        XCTAssertEqual(listener.connectionsSoFar(), 0)
        XCTAssertEqual(result.rejects.map(\.code), [.missingField])
        XCTAssertEqual(result.rejects.map(\.field), ["region"])
    }

    func test_read_externalDTDAndParameterEntitiesAreNotLoaded() throws {
        let listener = try LocalListener()
        // A DTD on disk that would give the record its region if it were loaded.
        let dtd = try write(Array("<!ENTITY xxe \"371503\"><!ENTITY % inner \"<!ENTITY xxe '371503'>\">".utf8), as: "feed.dtd")
        let notDefined = Reject(file: "feeds/feed.xml", line: 4, source: "feed", code: .notWellFormed,
                                message: "line 4, column 105: Entity 'xxe' not defined")
        let cases: [(doctype: String, rejects: [RejectCode], warnings: [String])] = [
            // An external subset may declare the entity: its use is only a warning, and it stays unexpanded.
            ("<!DOCTYPE feed SYSTEM \"http://127.0.0.1:\(listener.port)/feed.dtd\">", [.missingField],
             ["feeds/feed.xml:4:105: Entity 'xxe' not defined"]),
            ("<!DOCTYPE feed SYSTEM \"\(dtd.absoluteString)\">", [.missingField],
             ["feeds/feed.xml:4:105: Entity 'xxe' not defined"]),
            // A parameter entity that is not read leaves `xxe` undeclared: not well-formed.
            ("<!DOCTYPE feed [<!ENTITY % pe SYSTEM \"http://127.0.0.1:\(listener.port)/pe.dtd\"> %pe;]>", [.notWellFormed], []),
            ("<!DOCTYPE feed [<!ENTITY % pe SYSTEM \"\(dtd.absoluteString)\"> %pe;]>", [.notWellFormed], []),
        ]
        for (doctype, codes, warnings) in cases {
            let result = try read("""
                <?xml version="1.0"?>
                \(doctype)
                <feed xmlns="urn:allot:feed:1" source="lc">
                \(Self.regionFromEntity)
                </feed>
                """)

            XCTAssertEqual(result.records.count, 0, doctype)
            XCTAssertEqual(result.rejects.map(\.code), codes, doctype)
            XCTAssertEqual(result.warnings, warnings, doctype)
            if codes == [.missingField] {
                XCTAssertEqual(result.rejects.map(\.field), ["region"], doctype)
            } else {
                XCTAssertEqual(result.rejects, [notDefined], doctype)
            }
        }
        XCTAssertEqual(listener.connectionsSoFar(), 0)
    }

    /// The classic: ten nested entities of ten references each, 10⁹ "lol"s.
    private static func billionLaughs(use: String) -> String {
        var entities = "<!ENTITY lol0 \"lol\">\n"
        for i in 1...9 {
            entities += "<!ENTITY lol\(i) \"" + String(repeating: "&lol\(i - 1);", count: 10) + "\">\n"
        }
        return """
            <?xml version="1.0"?>
            <!DOCTYPE feed [
            \(entities)]>
            <feed xmlns="urn:allot:feed:1" source="lc">
            \(use)
            </feed>
            """
    }

    private func assertRejectedQuickly(_ text: String, message: String = "Detected an entity reference loop",
                                       file: StaticString = #filePath, line: UInt = #line) throws {
        let before = peakResidentKilobytes()
        let start = Date()
        let result = try read(text)
        let seconds = Date().timeIntervalSince(start)
        let growthMB = Double(peakResidentKilobytes() - before) / 1024

        XCTAssertEqual(result.records.count, 0, file: file, line: line)
        XCTAssertEqual(result.recordCount, 0, file: file, line: line)
        XCTAssertEqual(result.rejects.map(\.code), [.notWellFormed], file: file, line: line)
        XCTAssertTrue(result.rejects.first?.message.contains(message) ?? false,
                      result.rejects.first?.message ?? "", file: file, line: line)
        XCTAssertLessThan(seconds, 1.0, file: file, line: line)
        XCTAssertLessThan(growthMB, 200, file: file, line: line)
    }

    func test_read_billionLaughsInTextIsRejectedQuicklyWithBoundedMemory() throws {
        try assertRejectedQuickly(Self.billionLaughs(
            use: Self.request("R-1", "<region>&lol9;</region><material>口罩</material><quantity>40</quantity>")))
    }

    func test_read_billionLaughsInAttributeIsRejectedQuicklyWithBoundedMemory() throws {
        try assertRejectedQuickly(Self.billionLaughs(
            use: "<request id=\"&lol9;\"><region>371503</region></request>"))
    }

    /// One 100 kB entity referenced 20,000 times: 2 GB if expanded.
    private static func quadraticBlowup(use: (String) -> String) -> String {
        """
        <?xml version="1.0"?>
        <!DOCTYPE feed [<!ENTITY big "\(String(repeating: "x", count: 100_000))">]>
        <feed xmlns="urn:allot:feed:1" source="lc">
        \(use(String(repeating: "&big;", count: 20_000)))
        </feed>
        """
    }

    func test_read_quadraticBlowupInTextIsRejectedQuicklyWithBoundedMemory() throws {
        try assertRejectedQuickly(Self.quadraticBlowup {
            Self.request("R-1", "<region>\($0)</region><material>口罩</material><quantity>40</quantity>")
        }, message: "Entity expansion too large")
    }

    func test_read_quadraticBlowupInAttributeIsRejectedQuicklyWithBoundedMemory() throws {
        try assertRejectedQuickly(Self.quadraticBlowup { "<request id=\"\($0)\"><region>371503</region></request>" })
    }

    private func peakResidentKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss
    }
}

/// A TCP socket listening on 127.0.0.1 that never answers: counts who tried to connect.
private final class LocalListener {
    private let socketFD: Int32
    let port: UInt16

    init() throws {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw POSIXError(.EIO) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(socketFD, 16) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        _ = fcntl(socketFD, F_SETFL, O_NONBLOCK)
        self.socketFD = socketFD
        port = UInt16(bigEndian: address.sin_port)
    }

    /// Connections waiting to be accepted (the kernel completes them without us).
    func connectionsSoFar() -> Int {
        var count = 0
        while true {
            let fd = accept(socketFD, nil, nil)
            guard fd >= 0 else { return count }
            close(fd)
            count += 1
        }
    }

    deinit { close(socketFD) }
}
