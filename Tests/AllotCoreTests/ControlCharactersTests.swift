import XCTest
@testable import AllotCore

/// Control characters from the inputs, as rejects show them.
final class ControlCharactersTests: XCTestCase {
    func test_isRefused_C0ButTabLFAndCR_DELAndC1() {
        let refused = (0...0xFF).filter { ControlCharacters.isRefused(Unicode.Scalar(UInt8($0))) }
        XCTAssertEqual(refused, Array(0...8) + [11, 12] + Array(14...31) + Array(0x7F...0x9F))
        XCTAssertFalse(ControlCharacters.isRefused("\u{3000}"))
        XCTAssertFalse(ControlCharacters.isRefused("口"))
    }

    func test_escaped_writesEachAsBackslashUAndKeepsTheRest() {
        XCTAssertEqual(ControlCharacters.escaped("a\u{0}b"), "a\\u0000b")
        XCTAssertEqual(ControlCharacters.escaped("\u{1B}[31m莘县\u{7F}\u{85}"), "\\u001B[31m莘县\\u007F\\u0085")
        XCTAssertEqual(ControlCharacters.escaped("\u{0}\u{0}"), "\\u0000\\u0000")
        let kept = "tab\tline\nCR\r\n é\u{A0}×１２口𠀀 \\u0000"
        XCTAssertEqual(ControlCharacters.escaped(kept), kept)
        XCTAssertEqual(ControlCharacters.escaped(""), "")
    }

    func test_first_givesTheCharacterAndItsPosition() {
        XCTAssertNil(ControlCharacters.first(in: "聊城市\t莘县\r\n"))
        XCTAssertEqual(ControlCharacters.first(in: "聊城\u{0}市\u{1}").map { [$0.scalar.value, UInt32($0.position)] },
                       [0, 3])
        XCTAssertEqual(ControlCharacters.first(in: "e\u{301}\u{85}").map { [$0.scalar.value, UInt32($0.position)] },
                       [0x85, 2])
        XCTAssertEqual(ControlCharacters.written("\u{1B}"), "\\u001B")
    }

    /// Whatever a reader puts in a reject, its texts hold no control character.
    func test_reject_escapesEveryTextWhenMadeAndWhenSet() {
        var reject = Reject(file: "feeds/a\u{1}.csv", line: 3, field: "region", source: "a\u{1}", recordID: "R\u{0}1",
                            code: .unknownRegion, message: "聊\u{0}城 is not a region", raw: "R\u{0}1,聊\u{0}城\t,\"x\ny\"")
        XCTAssertEqual(reject.file, "feeds/a\\u0001.csv")
        XCTAssertEqual(reject.source, "a\\u0001")
        XCTAssertEqual(reject.recordID, "R\\u00001")
        XCTAssertEqual(reject.message, "聊\\u0000城 is not a region")
        XCTAssertEqual(reject.raw, "R\\u00001,聊\\u0000城\t,\"x\ny\"")
        reject.raw = "\u{7F}"
        reject.message = "\u{1B}"
        XCTAssertEqual([reject.raw, reject.message], ["\\u007F", "\\u001B"])
    }
}
