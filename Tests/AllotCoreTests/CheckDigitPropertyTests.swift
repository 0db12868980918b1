import AllotCore
import Testing

/// GB 32100-2015 check digits as a property: for any 17-character prefix, the
/// computed check character completes a valid code, and every other character
/// of the alphabet in its place is refused naming the expected one.
@Suite struct CheckDigitPropertyTests {
    static let prefixes: [String] = {
        var rng = SplitMix64(seed: 32_100)
        let alphabet = CreditCode.alphabet
        return (0..<64).map { _ in
            String(decoding: (0..<17).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &rng)] }, as: UTF8.self)
        }
    }()

    @Test(arguments: prefixes)
    func checkCharacter_completesAValidCode(prefix: String) throws {
        let check = try #require(CreditCode.checkCharacter(forPrefix: prefix))
        let code = try CreditCode.parse(prefix + String(check)).get()
        #expect(code.description == prefix + String(check))
        for other in CreditCode.alphabet.map({ Character(Unicode.Scalar($0)) }) where other != check {
            #expect(CreditCode.parse(prefix + String(other)) == .failure(.checkDigit(expected: check, found: other)))
        }
    }
}
