import Foundation

/// A strict RFC 4180 reader for checking what the writers produce: a UTF-8
/// byte order mark, then records each ending in CRLF; a field is either
/// unquoted (no `"`, CR or LF) or quoted with inner quotes doubled and
/// followed by a comma or the record's end. Anything else is an error.
enum StrictCSV {
    struct Malformed: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "byte \(offset): \(reason)" }
    }

    static func parse(_ bytes: [UInt8]) throws -> [[String]] {
        guard bytes.starts(with: [0xEF, 0xBB, 0xBF]) else { throw Malformed(offset: 0, reason: "no byte order mark") }
        var records: [[String]] = []
        var record: [String] = []
        var i = 3
        while i < bytes.count {
            var field: [UInt8] = []
            if bytes[i] == UInt8(ascii: "\"") {
                i += 1
                while true {
                    guard i < bytes.count else { throw Malformed(offset: i, reason: "unterminated quoted field") }
                    if bytes[i] == UInt8(ascii: "\"") {
                        if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\"") {
                            field.append(bytes[i]); i += 2
                        } else {
                            i += 1; break
                        }
                    } else {
                        field.append(bytes[i]); i += 1
                    }
                }
            } else {
                while i < bytes.count, bytes[i] != UInt8(ascii: ","), bytes[i] != 0x0D {
                    guard bytes[i] != UInt8(ascii: "\""), bytes[i] != 0x0A else {
                        throw Malformed(offset: i, reason: "quote or line feed in an unquoted field")
                    }
                    field.append(bytes[i]); i += 1
                }
            }
            record.append(String(decoding: field, as: UTF8.self))
            guard i < bytes.count else { throw Malformed(offset: i, reason: "last record does not end with CRLF") }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                records.append(record); record = []; i += 2
            } else {
                throw Malformed(offset: i, reason: "a field must end with a comma or CRLF")
            }
        }
        return records
    }

    /// Whether a spreadsheet would run this cell as a formula.
    static func looksLikeFormula(_ cell: String) -> Bool {
        guard let first = cell.utf8.first else { return false }
        return [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(first)
    }
}
