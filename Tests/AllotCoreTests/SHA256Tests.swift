import XCTest
@testable import AllotCore

final class SHA256Tests: XCTestCase {
    /// FIPS 180-4 / NIST example vectors.
    func test_hex_knownVectors() {
        XCTAssertEqual(SHA256.hex(of: [UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(SHA256.hex(of: Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(SHA256.hex(of: [UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func test_update_inPiecesOfAnySize_equalsOneCall() {
        var rng = SplitMix64(seed: 32)
        let data = (0..<10_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let whole = SHA256.hex(of: data)
        for _ in 0..<50 {
            var h = SHA256()
            var offset = 0
            while offset < data.count {
                let n = min(Int.random(in: 0...200, using: &rng), data.count - offset)
                h.update(data[offset..<(offset + n)])
                offset += n
            }
            XCTAssertEqual(h.finalizeHex(), whole)
        }
    }

    /// A value: a copy taken while hashing goes on apart from the original, and a digest can be taken
    /// midway and hashing continued.
    func test_copyWhileHashing_goesOnApart() {
        var a = SHA256()
        a.update(Array("ab".utf8))
        var b = a
        XCTAssertEqual(a.finalizeHex(), SHA256.hex(of: Array("ab".utf8)), "a digest midway")
        a.update(Array("c".utf8))
        b.update(Array("x".utf8))
        XCTAssertEqual(a.finalizeHex(), SHA256.hex(of: Array("abc".utf8)))
        XCTAssertEqual(b.finalizeHex(), SHA256.hex(of: Array("abx".utf8)))
    }
}
