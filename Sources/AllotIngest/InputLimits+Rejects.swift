import AllotCore

/// The words of the rejects `[limits]` gives (`line_too_long`,
/// `field_too_large`, `too_many_records`, `input_too_large`), in one place
/// for every reader, so a row passed over unread and a row read whole say
/// the same.
extension InputLimits {
    /// Characters of an over-long row or value kept as a reject's `raw`.
    static let rawPrefixCharacters = 200
    /// Bytes enough for `rawPrefixCharacters` characters of UTF-8.
    static let rawPrefixBytes = 4 * rawPrefixCharacters

    /// The first `rawPrefixCharacters` characters (Unicode scalars: a
    /// hostile row may be one grapheme of a million combining marks) of
    /// `bytes`, which hold at least `rawPrefixBytes` of the row when it has
    /// them; ill-formed UTF-8 reads U+FFFD.
    static func rawPrefix<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        let text = String(decoding: bytes.prefix(rawPrefixBytes), as: UTF8.self)
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(rawPrefixCharacters))
        return String(scalars)
    }

    /// The largest value `name` may be set to, for messages.
    private static func most(_ name: String) -> Int {
        keys.first { $0.name == name }?.range.upperBound ?? 0
    }

    /// A `line_too_long` reject's message.
    var lineTooLongMessage: String {
        "the row is longer than \(lineBytes) bytes ([limits] line_bytes in allot.toml) and is skipped unread; "
            + "raise line_bytes (at most \(Self.most("line_bytes"))) if rows this long are real"
    }

    /// A `field_too_large` reject's message: `column` holds `bytes` bytes (unquoted).
    func fieldTooLargeMessage(column: String, bytes: Int) -> String {
        "\(column) holds \(bytes) bytes, more than \(fieldBytes) ([limits] field_bytes in allot.toml); "
            + "raise field_bytes (at most \(Self.most("field_bytes"))) if values this large are real"
    }

    /// A `too_many_records` reject's message.
    var tooManyRecordsMessage: String {
        "the file holds more than \(recordsPerFile) records ([limits] records_per_file in allot.toml): "
            + "the records from this line on are not read; split the file, or raise records_per_file "
            + "(at most \(Self.most("records_per_file")))"
    }

    /// An `input_too_large` reject's message: the file has `size` bytes and
    /// the feeds read before it `before`.
    func inputTooLargeMessage(size: Int, before: Int) -> String {
        "the file is \(size) bytes and the feeds before it in file name order \(before) bytes, together more than "
            + "\(inputBytes) ([limits] input_bytes in allot.toml): the file is not read; raise input_bytes "
            + "(at most \(Self.most("input_bytes"))) or send it in a later night"
    }
}
