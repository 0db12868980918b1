import AllotXML
import AllotCore
import Foundation

/// Reads XML feeds (SPEC 4.4): a `<feed>` of `<offer>` and `<request>` elements.
public enum XMLFeedReader {
    /// Reads one XML feed file (SPEC 4.4), which `InputFolder` opened, by
    /// streaming it through libxml2's SAX2 push parser.
    ///
    /// Records come back in file order with the line of their start tag;
    /// records with a bad value become rejects. A file that is not
    /// well-formed gives no record and one `not_well_formed` reject; a root
    /// other than `<feed>` one `bad_header` reject; a file that cannot be read
    /// one `unreadable_file` reject.
    ///
    /// `[limits]` of the policy: an element nested deeper than `xml_depth`
    /// (`nesting_too_deep`), one with more attributes than
    /// `attributes_per_element` (`too_many_attributes`, refused before
    /// libxml2 reads its start tag) or a record past `records_per_file`
    /// (`too_many_records`) stops the read there. The records read before
    /// stay; the rest of the file is one rejected record, or the file is
    /// rejected whole (0 records) when no record had started. A value past
    /// `field_bytes` or `attribute_bytes` rejects its record (`field_too_large`).
    ///
    /// Records are normalized on a second thread, in batches, while the
    /// parser reads on; the result does not depend on it.
    ///
    /// - Complexity: O(n) in the file's size; memory holds one chunk, a few
    ///   batches of records waiting to be normalized, and the records read.
    public static func read(_ file: InputFile, reference: ReferenceData) -> FeedFileResult {
        read(file, reference: reference, chunkSize: chunkSize)
    }

    /// Bytes handed to the push parser at a time. 256 KiB: libxml2's SAX2
    /// push parser reached 103–220 MB/s with it here (TOOLCHAIN.md), and a
    /// chunk this size keeps the read calls few and the memory small.
    static let chunkSize = 256 * 1024

    /// Reads with a chosen chunk size, so tests and fuzz targets can split a
    /// document anywhere (`@_spi(Fuzzing) import AllotIngest`).
    @_spi(Fuzzing)
    public static func read(_ file: InputFile, reference: ReferenceData, chunkSize: Int) -> FeedFileResult {
        let relativePath = file.path
        let fallbackSource = file.baseName
        let normalization = XMLRecordNormalization(path: relativePath,
                                                   normalizer: RecordNormalizer(reference: reference))
        let limits = reference.policy.limits
        let builder = XMLFeedBuilder(path: relativePath, fallbackSource: fallbackSource, normalization: normalization,
                                     limits: limits)
        let parser = XMLSAXParser(consumer: builder, limits: XMLSAXParser.Limits(
            depth: limits.xmlDepth, attributesPerElement: limits.attributesPerElement, startTagBytes: limits.lineBytes,
            encodings: readEncodings))
        let outcome = parser.parse(descriptor: file.descriptor, chunkSize: chunkSize)
        builder.finish()
        let (records, rejects) = normalization.finish()
        // libxml2 2.9 decodes UTF-32 through iconv, and where it stops on bytes it cannot decode depends on
        // how the file is fed to it: the same file read in other chunks gave a record, or another reject.
        // A UTF-32 feed is refused whole, the same way whatever its bytes.
        if parser.detectedEncoding == "UTF-32" {
            var refused = FeedFileResult(path: relativePath, source: fallbackSource, encoding: .utf32)
            refused.rejects = [Reject(file: relativePath, line: 1, source: fallbackSource, code: .badEncoding,
                                      message: "the file is UTF-32 text, which allot does not read: save it as UTF-8 (or UTF-16)")]
            return refused
        }
        let source = builder.source ?? fallbackSource
        var result = FeedFileResult(path: relativePath, source: source,
                                    encoding: encoding(declared: parser.declaredEncoding, detected: parser.detectedEncoding))
        /// The records read, and when the read stopped at a limit, its reject for the rest of the file.
        func keepRecordsRead(stoppedBy limit: Reject? = nil) {
            result.generated = builder.generated
            result.records = records
            result.rejects = rejects
            result.recordCount = builder.recordCount
            result.warnings = builder.warnings
            result.repeatedWarnings = builder.repeatedWarnings
            guard let limit else { return }
            result.rejects.append(limit)
            // The rest of the file is one record, unless none had started: then it is the whole file.
            if builder.recordCount > 0 || builder.inRecord { result.recordCount += 1 }
        }
        switch outcome {
        case .finished:
            keepRecordsRead()
        case .stopped:
            if let tooManyRecords = builder.tooManyRecords {
                keepRecordsRead(stoppedBy: tooManyRecords)
            } else {
                result.rejects = builder.headerReject.map { [$0] } ?? []
            }
        case .limitExceeded(let exceeded):
            keepRecordsRead(stoppedBy: reject(exceeded, limits: limits, path: relativePath, source: source))
        case .notWellFormed(let problem):
            // SPEC 4.4: a file that is not well-formed contributes no record at all, and nothing of it is
            // taken: its `source` attribute neither (the parser may or may not have reached the root by
            // then), so the file's name stands for it.
            result.source = fallbackSource
            result.rejects = [Reject(file: relativePath, line: problem.line, source: fallbackSource, code: .notWellFormed,
                                     message: "line \(problem.line), column \(problem.column): \(problem.message)")]
        case .encodingNotRead(let declared):
            result.source = fallbackSource
            result.encoding = encoding(declared: nil, detected: parser.detectedEncoding)
            result.rejects = [Reject(file: relativePath, line: 1, source: fallbackSource, code: .badEncoding,
                                     message: "the declaration names the encoding \(ControlCharacters.escaped(declared)), which allot does not read: save the file as UTF-8 (or UTF-16, GB18030)")]
        case .unreadable(let message):
            result.encoding = nil
            result.rejects = [Reject(file: relativePath, line: 0, source: source, code: .unreadableFile,
                                     message: "cannot read \(relativePath): \(message)")]
        }
        return result
    }

    /// The reject of a file whose read stopped at a limit of the parser.
    private static func reject(_ exceeded: XMLSAXParser.LimitExceeded, limits: InputLimits, path: String,
                               source: String) -> Reject {
        switch exceeded.kind {
        case .depth:
            return Reject(file: path, line: exceeded.line, source: source, code: .nestingTooDeep,
                          message: "<\(exceeded.element)> is nested deeper than the limit of \(limits.xmlDepth) levels ([limits] xml_depth): the rest of the file is not read")
        case .attributes:
            return Reject(file: path, line: exceeded.line, source: source, code: .tooManyAttributes,
                          message: "<\(exceeded.element)> has more than \(limits.attributesPerElement) attributes, the limit ([limits] attributes_per_element): the rest of the file is not read")
        case .startTagBytes:
            return Reject(file: path, line: exceeded.line, source: source, code: .lineTooLong,
                          message: "the start tag of <\(exceeded.element)> is longer than the limit of \(limits.lineBytes) bytes ([limits] line_bytes): the rest of the file is not read")
        }
    }

    /// The encodings an XML feed's declaration may name (upper case). Any other name would go to
    /// iconv (`UTF8-` is read as UTF-8 there), and where it stops on bytes it cannot decode depends
    /// on how the file is fed to it: only the encodings feeds are written in are read.
    static let readEncodings: Set<String> = [
        "UTF-8", "UTF-16", "UTF-16LE", "UTF-16BE", "GB18030", "GBK", "GB2312", "US-ASCII", "ASCII", "ISO-8859-1",
    ]

    /// The encoding a feed was read in, for the manifest: UTF-16 or UTF-32 when its first bytes show
    /// one (a byte-order mark, or `<?` in two or four bytes), else GB18030 when its declaration names
    /// it or one of its subsets, else UTF-8.
    static func encoding(declared: String?, detected: String? = nil) -> TextEncoding {
        switch (detected, declared?.uppercased()) {
        case ("UTF-16", _), (nil, "UTF-16"), (nil, "UTF-16LE"), (nil, "UTF-16BE"): return .utf16
        case ("UTF-32", _), (nil, "UTF-32"), (nil, "UCS-4"): return .utf32
        case (_, "GB18030"), (_, "GBK"), (_, "GB2312"): return .gb18030
        default: return .utf8
        }
    }
}
