/// A dispatch line's `line_id` (SPEC 9), its one home.
///
/// The id is a digest of what the line is, never its position: the offer's
/// source and id, the lot's day and the request's source and id. A re-run of
/// the same date (after a pin, a late feed) keeps the id of every line that is
/// still there, so a driver's sheet printed from an earlier version names the
/// same shipment; the same (offer, lot day, request) has the same id on every
/// night. The form is `L-` and two groups of five characters of Crockford's
/// base 32 (digits and capital letters without `I`, `L`, `O` and `U`, so none
/// is read as another over the phone): the first 50 bits of the SHA-256 of
/// the keys, each written as its UTF-8 length, `:` and its bytes.
///
/// Two lines of one plan with the same 50 bits (about one national night of a
/// million lines in 2,000; never seen on a city's night) are told apart in
/// plan order: the first keeps the digest, the next take `-2`, `-3`….
extension DispatchLine {
    /// Crockford's base 32 alphabet.
    private static let lineIDAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The id of the line from `offer`'s lot of `lotDay` to `request`, before any collision suffix.
    /// - Complexity: O(k) in the length of the keys.
    public static func lineID(offer: RecordKey, lotDay: CalendarDate, request: RecordKey) -> String {
        lineID(offerSource: offer.source, offerID: offer.id, lotDate: lotDay.description,
               requestSource: request.source, requestID: request.id)
    }

    /// The same, from the texts `dispatch.csv` holds.
    public static func lineID(offerSource: String, offerID: String, lotDate: String, requestSource: String,
                              requestID: String) -> String {
        var hash = SHA256()
        for part in [offerSource, offerID, lotDate, requestSource, requestID] {
            let bytes = Array(part.utf8)
            hash.update(Array(String(bytes.count).utf8) + [UInt8(ascii: ":")])
            hash.update(bytes)
        }
        let hex = hash.finalizeHex()
        // 13 hex digits are 52 bits; the first 50 make ten base-32 characters.
        let bits = UInt64(hex.prefix(13), radix: 16)! >> 2
        var text: [UInt8] = Array("L-".utf8)
        for i in 0..<10 {
            if i == 5 { text.append(UInt8(ascii: "-")) }
            text.append(lineIDAlphabet[Int((bits >> UInt64(45 - 5 * i)) & 31)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The ids of `lines`, which are in plan order (`planOrder`): each line's
    /// `lineID`, and for a line whose digest an earlier line already has, `-2`, `-3`… after it.
    /// - Complexity: O(n) for n lines.
    public static func lineIDs(of lines: [DispatchLine]) -> [String] {
        var seen = [String: Int]()
        return lines.map { line in
            let id = lineID(offer: line.offer, lotDay: line.lotDay, request: line.request)
            let n = (seen[id] ?? 0) + 1
            seen[id] = n
            return n == 1 ? id : "\(id)-\(n)"
        }
    }
}
