import Foundation
import ZIPFoundation

/// A workbook's zip archive, held in memory, whose parts are inflated within bounds.
///
/// A zip states each entry's sizes, and a hostile one lies: a part is
/// refused before it is inflated when its stated size is past its bound,
/// and the inflated bytes are counted as they come, so a part that inflates
/// past its stated size or its bound stops there. Nothing inflated is kept
/// here: each piece goes to the caller (the XML parser) and is dropped.
final class XLSXArchive {
    private let archive: Archive
    /// The entries the reader may want, by path.
    private let entries: [String: Entry]

    /// The most entries a workbook may list. A workbook has some ten parts;
    /// a zip of a million entries would be walked for nothing.
    static let maximumEntries = 10_000
    /// The most a part may inflate to, per byte it takes in the zip: a zip
    /// bomb inflates a thousandfold, a sheet of feed rows some 5 to 15 fold.
    /// The ratio Apache POI refuses past (`ZipSecureFile`'s 1 %).
    static let maximumInflation = 100
    /// What any part may inflate to whatever its ratio: a small part
    /// (an empty sheet, a styles part) deflates far past 100 fold.
    static let inflationAllowance = 1 << 20
    /// Bytes inflated at a time.
    static let pieceSize = 64 << 10

    /// Reads the archive's directory. `path` names the file in messages.
    init(bytes: [UInt8], path: String) throws(XLSXFailure) {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw .broken("\(path) is not a workbook: it is not a zip archive (an .xlsx file is one); save it from the spreadsheet program as an Excel workbook (.xlsx)")
        }
        var entries = [String: Entry]()
        var count = 0
        for entry in archive {
            count += 1
            guard count <= Self.maximumEntries else {
                throw XLSXFailure(code: .workbookTooLarge,
                                  message: "\(path) holds more than \(Self.maximumEntries) zip entries, far more than a workbook has: it is not read")
            }
            var name = entry.path
            if name.hasPrefix("/") { name.removeFirst() }
            if entries[name] == nil { entries[name] = entry }
        }
        self.archive = archive
        self.entries = entries
    }

    /// Whether the archive holds the part `name`.
    func contains(_ name: String) -> Bool { entries[name] != nil }

    /// Inflates the part `name` piece by piece into `body`, which returns
    /// `false` to stop; at most `limit` bytes, and at most
    /// `maximumInflation` times its size in the zip (past
    /// `inflationAllowance`). `path` names the file in messages.
    /// - Throws: `workbook_too_large` past a bound, `not_well_formed` when the part is missing or damaged.
    func inflate(_ name: String, limit: Int = .max, path: String,
                 into body: (UnsafeRawBufferPointer) -> Bool) throws(XLSXFailure) {
        guard let entry = entries[name] else { throw .broken("\(path) is not a workbook: it lacks the part \(name)") }
        let compressed = entry.compressedSize > UInt64(Int.max / Self.maximumInflation)
            ? Int.max : Int(entry.compressedSize) * Self.maximumInflation
        let bound = min(limit, max(compressed, Self.inflationAllowance))
        let stated = entry.uncompressedSize
        func tooLarge(_ size: String) -> XLSXFailure {
            XLSXFailure(code: .workbookTooLarge,
                        message: "\(path): the part \(name) inflates to \(size), more than \(bound) bytes (\(Self.maximumInflation) times its \(entry.compressedSize) bytes in the zip, or \(limit == .max ? "1 MiB" : "the limit of \(limit) bytes")): the workbook is not read")
        }
        guard stated <= UInt64(bound) else { throw tooLarge("\(stated) bytes") }
        var inflated = 0
        var overrun: XLSXFailure?
        var stopped = false
        struct Stop: Error {}
        do {
            _ = try archive.extract(entry, bufferSize: Self.pieceSize, skipCRC32: false) { data in
                inflated += data.count
                if inflated > bound {
                    overrun = tooLarge("more than \(bound) bytes")
                    throw Stop()
                }
                if UInt64(inflated) > stated {
                    overrun = .broken("\(path) is damaged: the part \(name) inflates past the \(stated) bytes its zip entry states")
                    throw Stop()
                }
                let more = data.withUnsafeBytes { body($0) }
                if !more {
                    stopped = true
                    throw Stop()
                }
            }
        } catch {
            if let overrun { throw overrun }
            if stopped { return }
            throw .broken("\(path) is damaged: the part \(name) cannot be inflated (\(error))")
        }
    }
}
