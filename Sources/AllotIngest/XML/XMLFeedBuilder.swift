import AllotXML
import AllotCore

/// Turns the SAX events of one XML feed (SPEC 4.4) into batches of records
/// for `XMLRecordNormalization`, and into warnings.
///
/// Levels: the root `<feed>` is level 0, `<offer>` and `<request>` level 1,
/// their fields level 2. Unknown elements are warned about once and skipped
/// with everything inside them; unknown attributes are warned about and
/// skipped. While a record is open its element is rebuilt as XML for a
/// reject's `raw`. Values are copied as bytes: no `String` is made here for
/// a record, only for warnings.
///
/// Limits (`[limits]`): a value past `field_bytes` (text) or
/// `attribute_bytes` is not kept, only counted, and rejects its record; text
/// kept for `raw` stops at `field_bytes` too, and an attribute past its limit
/// is written there as `…`. The record past `records_per_file` stops the read.
final class XMLFeedBuilder: XMLSAXConsumer {
    let path: String
    let fallbackSource: String
    private let normalization: XMLRecordNormalization
    private let limits: InputLimits

    /// The root's `source`, or the fallback once the root is read without one.
    private(set) var source: String?
    private(set) var generated: Instant?
    /// Set when the root is not `<feed>`, or its `source` is too large: the file is rejected whole.
    private(set) var headerReject: Reject?
    /// Set when the file holds more records than `[limits] records_per_file`: the rest is not read.
    private(set) var tooManyRecords: Reject?
    /// Records read so far, accepted or not.
    private(set) var recordCount = 0
    /// Whether a record is open (started and not ended).
    var inRecord: Bool { kind != nil }
    private var warningLog = XMLWarningLog()

    /// Records a batch holds before it is handed over: big enough that the
    /// hand-over costs nothing next to the work, small enough to stay in cache.
    private static let batchSize = 512

    // Where the parser is.
    /// Elements open now.
    private var depth = 0
    /// The level of the unknown element being skipped.
    private var skippedLevel: Int?
    /// The kind of the open record, `nil` between records.
    private var kind: RecordKind?
    private var recordLine = 0
    private var rawStart = 0
    private var slotBase = 0
    /// The open level-2 element, the field its text fills and where that text starts in `batch.values`.
    private var fieldElement: XMLFeedElement?
    private var textField: FeedField?
    private var textStart = 0
    /// Level-2 elements seen in the open record, one bit per `XMLFeedElement`.
    private var seenElements: UInt32 = 0
    /// Whether `batch.raw` ends inside a start tag (`<region`), to close as `>` or `/>`.
    private var rawTagOpen = false
    /// Bytes of the text run now being read (between two tags), kept in `raw` or not.
    private var textBytes = 0
    /// Where the text run now being read starts in `batch.raw`, once a piece of it is there.
    private var rawTextStart: Int?
    /// Bytes of the open field's text, kept or not.
    private var fieldTextBytes = 0
    /// The open record's first value past its limit, in column order.
    private var tooLarge: XMLRecordBatch.TooLarge?
    /// The line of the open offer's second `<for>`.
    private var repeatedEarmarkLine: Int?
    /// Changed by each event through one call that takes it `inout` (the
    /// static helpers below): every access to a class's stored property is
    /// checked for exclusivity at run time, and an access per byte appended
    /// was 14 % of the read's perf samples (Decision 17).
    private var batch: XMLRecordBatch

    init(path: String, fallbackSource: String, normalization: XMLRecordNormalization, limits: InputLimits) {
        self.path = path
        self.fallbackSource = fallbackSource
        self.normalization = normalization
        self.limits = limits
        self.batch = XMLRecordBatch(source: fallbackSource)
    }

    /// Warnings in the order first seen, each once with how often it happened.
    var warnings: [String] { warningLog.messages }
    /// Occurrences beyond the first of each warning.
    var repeatedWarnings: Int { warningLog.repeats }

    /// Hands the last records over.
    func finish() {
        normalization.submit(batch)
        batch = XMLRecordBatch(source: batch.source)
    }

    // MARK: - Events

    func startElement(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes, line: Int) -> Bool {
        let level = depth
        depth += 1
        textBytes = 0
        rawTextStart = nil
        if level == 0 { return startFeed(name, attributes: attributes, line: line) }
        if let kind {
            let valuesCount = appendRawStart(name, attributes: attributes)
            guard skippedLevel == nil else { return true }
            if level == 2, let element = feedElement(name), element.belongs(in: kind) {
                startField(element, attributes: attributes, line: line, valuesCount: valuesCount)
            } else {
                let parent = level == 2 ? kind.rawValue : fieldElement?.name ?? kind.rawValue
                warn(line, key: "e\(parent) \(describe(name))", "unknown element <\(describe(name))> in <\(parent)> ignored")
                skippedLevel = level
            }
            return true
        }
        guard skippedLevel == nil else { return true }
        let element = feedElement(name)
        if level == 1 && (element == .offer || element == .request) && recordCount >= limits.recordsPerFile {
            tooManyRecords = Reject(
                file: path, line: line, source: batch.source, code: .tooManyRecords,
                message: "the file holds more than \(limits.recordsPerFile) records, the limit ([limits] records_per_file): this record and the rest of the file are not read")
            return false
        }
        switch element {
        case .offer? where level == 1: startRecord(.offer, name, attributes: attributes, line: line)
        case .request? where level == 1: startRecord(.request, name, attributes: attributes, line: line)
        default:
            warn(line, key: "efeed \(describe(name))", "unknown element <\(describe(name))> in <feed> ignored")
            skippedLevel = level
        }
        return true
    }

    func endElement(_ name: XMLSAXParser.Name) {
        depth -= 1
        textBytes = 0
        rawTextStart = nil
        let level = depth
        guard let kind else {
            if skippedLevel == level { skippedLevel = nil }
            return
        }
        // The end tag, and the field's text as its value: one access to the batch.
        let tagOpen = rawTagOpen
        rawTagOpen = false
        let textSlot = skippedLevel == nil && level == 2 ? textField.map { (field: $0, start: textStart) } : nil
        Self.closeElement(name, closingTag: tagOpen, textSlot: textSlot, slotBase: slotBase, of: &batch)
        if let skipped = skippedLevel {
            if skipped == level { skippedLevel = nil }
            return
        }
        if level == 2 {
            fieldElement = nil
            textField = nil
        } else if level == 1 {
            finishRecord(kind)
        }
    }

    func characters(_ text: XMLSAXParser.Bytes) {
        guard kind != nil else { return }
        let before = textBytes
        textBytes += text.count
        var value = TextValue.none
        if let field = textField, depth == 3 {
            // A field's own text: all of it counts, blanks included, up to the limit.
            let kept = fieldTextBytes
            fieldTextBytes += text.count
            if fieldTextBytes <= limits.fieldBytes {
                value = .append
            } else {
                if kept <= limits.fieldBytes {
                    // Past the limit: what was kept goes, and the rest is only counted.
                    value = .drop(from: textStart)
                    textStart = Int.max
                }
                valueTooLarge(field, bytes: fieldTextBytes, key: "field_bytes", limit: limits.fieldBytes)
            }
        } else if text.isBlank {
            return
        }
        // Text where none belongs (in the record, in an unknown element) is kept in `raw` only. A text run
        // past `field_bytes` is written there as `…`, whichever pieces it came in.
        var raw = TextRaw.none
        if before <= limits.fieldBytes {
            raw = textBytes <= limits.fieldBytes ? .append : .elide
        }
        let closingTag = raw != .none && rawTextStart == nil && rawTagOpen
        if closingTag { rawTagOpen = false }
        rawTextStart = Self.appendText(text, value: value, raw: raw, closingTag: closingTag, runStart: rawTextStart,
                                       of: &batch)
    }

    /// What a piece of text does to `batch.values`.
    private enum TextValue {
        case none
        /// Appended, the field's text so far being within `field_bytes`.
        case append
        /// The field's text kept so far, from this offset, removed: it is past `field_bytes` now.
        case drop(from: Int)
    }

    /// What a piece of text does to `batch.raw`.
    private enum TextRaw {
        case none
        /// Appended, escaped.
        case append
        /// The text run's pieces kept so far replaced by `…`: the run is past `field_bytes` now.
        case elide
    }

    /// A piece of text inside a record, in one access to the batch: into `values` and `raw` as `value` and
    /// `raw` say; `runStart` is where the text run starts in `raw` once a piece of it is there, and is
    /// returned (a `>` closing the tag before is written first when `closingTag`).
    private static func appendText(_ text: XMLSAXParser.Bytes, value: TextValue, raw: TextRaw, closingTag: Bool,
                                   runStart: Int?, of batch: inout XMLRecordBatch) -> Int? {
        switch value {
        case .none: break
        case .append: text.append(to: &batch.values)
        case .drop(let start): batch.values.removeSubrange(start...)
        }
        guard raw != .none else { return runStart }
        if closingTag { batch.raw.append(UInt8(ascii: ">")) }
        let start = runStart ?? batch.raw.count
        if raw == .append {
            text.appendEscaped(to: &batch.raw, inAttribute: false)
        } else {
            batch.raw.removeSubrange(start...)
            batch.raw.append(contentsOf: XMLFeedBuilder.elided)
        }
        return start
    }

    /// Written in `raw` for a value past its limit.
    private static let elided = Array("…".utf8)

    /// Marks the open record's `field` as too large, unless a field before it in column order is already.
    private func valueTooLarge(_ field: FeedField, bytes: Int, key: String, limit: Int) {
        if let first = tooLarge {
            guard first.field != field else { return tooLarge!.bytes = bytes }
            let order = FeedField.fields(of: kind!)
            guard let a = order.firstIndex(of: field), let b = order.firstIndex(of: first.field), a < b else { return }
        }
        tooLarge = XMLRecordBatch.TooLarge(field: field, bytes: bytes, key: key, limit: limit)
    }

    func parserWarning(_ problem: XMLSAXParser.Problem) {
        warningLog.add(key: "p" + problem.message,
                       "\(path):\(problem.line):\(problem.column): \(problem.message)")
    }

    // MARK: - Feed, records and fields

    private func startFeed(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes, line: Int) -> Bool {
        guard feedElement(name) == .feed else {
            headerReject = Reject(
                file: path, line: line, source: fallbackSource, code: .badHeader,
                message: "the root element is <\(describe(name))>, not <feed xmlns=\"\(XMLFeedElement.namespace)\">: not an allot feed")
            return false
        }
        for attribute in attributes {
            let n = attribute.name.localName
            let tooLarge = attribute.value.count > limits.attributeBytes
            if inFeedNamespace(attribute.name) && n.matches("source") {
                // The source keys every record: one too large to keep leaves the file without one.
                guard !tooLarge else {
                    headerReject = Reject(
                        file: path, line: line, field: "source", source: fallbackSource, code: .fieldTooLarge,
                        message: "source is \(attribute.value.count) bytes long, longer than the limit of \(limits.attributeBytes) bytes ([limits] attribute_bytes): the file is not read")
                    return false
                }
                source = attribute.value.trimmedString
            } else if inFeedNamespace(attribute.name) && n.matches("generated") {
                guard !tooLarge else {
                    warn(line, key: "g", "generated is \(attribute.value.count) bytes long, not a timestamp; records without `updated` get none")
                    continue
                }
                let text = attribute.value.trimmedString
                generated = DateText.instant(text)
                if generated == nil {
                    warn(line, key: "g", "generated=\"\(text)\" is not a timestamp (write 2020-02-10T20:00:00+08:00); records without `updated` get none")
                }
            } else {
                unknownAttribute(attribute.name, on: "feed", line: line)
            }
        }
        if source?.isEmpty ?? true {
            warn(line, key: "s", "<feed> has no source attribute; the source is the file name, \(fallbackSource)")
            source = fallbackSource
        }
        batch.source = source!
        return true
    }

    private func startRecord(_ kind: RecordKind, _ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes,
                             line: Int) {
        self.kind = kind
        recordLine = line
        seenElements = 0
        tooLarge = nil
        repeatedEarmarkLine = nil
        let start = Self.openRecord(name, attributes: attributes, attributeBytes: limits.attributeBytes, of: &batch)
        rawStart = start.raw
        slotBase = start.slots
        rawTagOpen = true
        let element: XMLFeedElement = kind == .offer ? .offer : .request
        setAttributes(attributes, of: element, kind: kind, line: line, valuesCount: start.values)
    }

    /// `valuesCount` is `batch.values.count`, the attributes not yet in it.
    private func startField(_ element: XMLFeedElement, attributes: XMLSAXParser.Attributes, line: Int,
                            valuesCount: Int) {
        let bit: UInt32 = 1 << UInt32(element.rawValue)
        guard seenElements & bit == 0 else {
            // A second `<for>` is no detail to ignore: which earmarks bind the donation would be a guess.
            if element == .earmark {
                repeatedEarmarkLine = repeatedEarmarkLine ?? line
                skippedLevel = 2
                return
            }
            warn(line, key: "d\(element.name)", "a second <\(element.name)> in one <\(kind!.rawValue)> ignored; the first counts")
            skippedLevel = 2
            return
        }
        seenElements |= bit
        fieldElement = element
        textStart = setAttributes(attributes, of: element, kind: kind!, line: line, valuesCount: valuesCount)
        textField = element.textField
        fieldTextBytes = 0
    }

    /// Copies the attributes that are fields into the batch; warns about the others. `valuesCount` is
    /// `batch.values.count` before, and the count after is returned (one access to the batch per attribute kept).
    @discardableResult
    private func setAttributes(_ attributes: XMLSAXParser.Attributes, of element: XMLFeedElement, kind: RecordKind,
                               line: Int, valuesCount: Int) -> Int {
        var valuesCount = valuesCount
        for attribute in attributes {
            guard inFeedNamespace(attribute.name),
                  let field = element.field(forAttribute: attribute.name.localName, in: kind) else {
                unknownAttribute(attribute.name, on: element.name, line: line)
                continue
            }
            guard attribute.value.count <= limits.attributeBytes else {
                valueTooLarge(field, bytes: attribute.value.count, key: "attribute_bytes", limit: limits.attributeBytes)
                continue
            }
            valuesCount = Self.appendValue(attribute.value, field: field, slotBase: slotBase, of: &batch)
        }
        return valuesCount
    }

    /// Starts a record in the batch: its slots, and its start tag in `raw` (left open). Returns where its
    /// raw text and its slots start, and `values`' count.
    private static func openRecord(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes,
                                   attributeBytes: Int, of batch: inout XMLRecordBatch)
        -> (raw: Int, slots: Int, values: Int) {
        let start = (raw: batch.raw.count, slots: batch.slots.count, values: batch.values.count)
        batch.slots.append(contentsOf: repeatElement(-1, count: XMLRecordBatch.slotsPerRecord))
        appendStartTag(name, attributes: attributes, attributeBytes: attributeBytes, closingTag: false, to: &batch.raw)
        return start
    }

    /// Appends `value` to `batch.values` and makes it, trimmed, the field of the record at `slotBase`; returns
    /// `values`' count.
    private static func appendValue(_ value: XMLSAXParser.Bytes, field: FeedField, slotBase: Int,
                                    of batch: inout XMLRecordBatch) -> Int {
        let start = batch.values.count
        value.append(to: &batch.values)
        setSlot(field, trimming: start, slotBase: slotBase, of: &batch)
        return batch.values.count
    }

    /// An element's end tag into `raw` (`/>` when its start tag is still open, `closingTag`), and when
    /// `textSlot` is given the field's text, `batch.values[start...]`, made the field of the record at
    /// `slotBase`, unless it went past its limit (`start` is then past the end).
    private static func closeElement(_ name: XMLSAXParser.Name, closingTag: Bool,
                                     textSlot: (field: FeedField, start: Int)?, slotBase: Int,
                                     of batch: inout XMLRecordBatch) {
        appendEndTag(name, closingTag: closingTag, to: &batch.raw)
        if let slot = textSlot, batch.values.count >= slot.start {
            setSlot(slot.field, trimming: slot.start, slotBase: slotBase, of: &batch)
        }
    }

    /// Makes `batch.values[start...]`, without XML white space at either end, the field of the record at
    /// `slotBase`.
    private static func setSlot(_ field: FeedField, trimming start: Int, slotBase: Int,
                                of batch: inout XMLRecordBatch) {
        var first = start, end = batch.values.count
        while first < end, XMLText.isSpace(batch.values[first]) { first += 1 }
        while end > first, XMLText.isSpace(batch.values[end - 1]) { end -= 1 }
        batch.slots[slotBase + 2 * field.rawValue] = first
        batch.slots[slotBase + 2 * field.rawValue + 1] = end
    }

    private func finishRecord(_ kind: RecordKind) {
        self.kind = nil
        recordCount += 1
        let entries = Self.closeRecord(kind, line: recordLine, rawStart: rawStart, slotBase: slotBase,
                                       tooLarge: tooLarge, repeatedEarmarkLine: repeatedEarmarkLine, of: &batch)
        if entries >= XMLFeedBuilder.batchSize {
            normalization.submit(batch)
            batch = XMLRecordBatch(source: batch.source)
        }
    }

    /// Adds the record that ends here to the batch's entries; returns how many entries the batch holds.
    private static func closeRecord(_ kind: RecordKind, line: Int, rawStart: Int, slotBase: Int,
                                    tooLarge: XMLRecordBatch.TooLarge?, repeatedEarmarkLine: Int?,
                                    of batch: inout XMLRecordBatch) -> Int {
        batch.entries.append(XMLRecordBatch.Entry(kind: kind, line: line, raw: rawStart..<batch.raw.count,
                                                  slotBase: slotBase, tooLarge: tooLarge,
                                                  repeatedEarmarkLine: repeatedEarmarkLine))
        return batch.entries.count
    }

    // MARK: - Names

    /// Whether a name is the format's: in the feed namespace, or in none and unprefixed.
    private func inFeedNamespace(_ name: XMLSAXParser.Name) -> Bool {
        name.isInNamespace(XMLFeedElement.namespace) || (name.prefix == nil && !name.hasNamespace)
    }

    private func feedElement(_ name: XMLSAXParser.Name) -> XMLFeedElement? {
        inFeedNamespace(name) ? XMLFeedElement(localName: name.localName) : nil
    }

    /// `prefix:local`, and the namespace when it is not the feed's.
    private func describe(_ name: XMLSAXParser.Name) -> String {
        var text = name.localName.string
        if let prefix = name.prefix { text = prefix.string + ":" + text }
        if let uri = name.namespaceURI, !name.isInNamespace(XMLFeedElement.namespace) {
            text += " xmlns=\"\(uri.string)\""
        }
        return text
    }

    private func unknownAttribute(_ name: XMLSAXParser.Name, on element: String, line: Int) {
        let text = describe(name)
        warn(line, key: "a\(element) \(text)", "unknown attribute \(text) on <\(element)> ignored")
    }

    private func warn(_ line: Int, key: String, _ message: @autoclosure () -> String) {
        warningLog.add(key: key, "\(path):\(line): \(message())")
    }

    // MARK: - Raw text of the record

    /// Appends the start tag to `raw`; returns `batch.values.count`.
    private func appendRawStart(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes) -> Int {
        let tagOpen = rawTagOpen
        rawTagOpen = true
        return Self.openElement(name, attributes: attributes, attributeBytes: limits.attributeBytes,
                                closingTag: tagOpen, of: &batch)
    }

    /// The start tag into `raw`, in one access to the batch; returns `values`' count.
    private static func openElement(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes,
                                    attributeBytes: Int, closingTag: Bool, of batch: inout XMLRecordBatch) -> Int {
        appendStartTag(name, attributes: attributes, attributeBytes: attributeBytes, closingTag: closingTag,
                       to: &batch.raw)
        return batch.values.count
    }

    /// `<prefix:name attribute="value"...`, after a `>` that closes the tag before when `closingTag`; the tag
    /// is left open. A value longer than `attributeBytes` is written as `…`.
    private static func appendStartTag(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes,
                                       attributeBytes: Int, closingTag: Bool, to raw: inout [UInt8]) {
        if closingTag { raw.append(UInt8(ascii: ">")) }
        raw.append(UInt8(ascii: "<"))
        appendQualifiedName(name, to: &raw)
        for attribute in attributes where !attribute.isDefaulted {
            raw.append(UInt8(ascii: " "))
            appendQualifiedName(attribute.name, to: &raw)
            raw.append(UInt8(ascii: "="))
            raw.append(UInt8(ascii: "\""))
            if attribute.value.count <= attributeBytes {
                attribute.value.appendEscaped(to: &raw, inAttribute: true)
            } else {
                raw.append(contentsOf: XMLFeedBuilder.elided)
            }
            raw.append(UInt8(ascii: "\""))
        }
    }

    /// `/>` when the element's start tag is still open (`openTag`), `</prefix:name>` otherwise.
    private static func appendEndTag(_ name: XMLSAXParser.Name, closingTag openTag: Bool, to raw: inout [UInt8]) {
        if openTag {
            raw.append(UInt8(ascii: "/"))
            raw.append(UInt8(ascii: ">"))
        } else {
            raw.append(UInt8(ascii: "<"))
            raw.append(UInt8(ascii: "/"))
            appendQualifiedName(name, to: &raw)
            raw.append(UInt8(ascii: ">"))
        }
    }

    private static func appendQualifiedName(_ name: XMLSAXParser.Name, to raw: inout [UInt8]) {
        if let prefix = name.prefix {
            prefix.append(to: &raw)
            raw.append(UInt8(ascii: ":"))
        }
        name.localName.append(to: &raw)
    }
}

/// Warnings of one file, each distinct one kept once (with its first line)
/// and counted, so a feed that repeats an unknown attribute on every record
/// gives one line, not a million.
struct XMLWarningLog {
    private var entries: [(message: String, count: Int)] = []
    private var indexByKey: [String: Int] = [:]

    mutating func add(key: String, _ message: @autoclosure () -> String) {
        if let i = indexByKey[key] {
            entries[i].count += 1
        } else {
            indexByKey[key] = entries.count
            entries.append((message(), 1))
        }
    }

    /// Occurrences beyond the first of each message.
    var repeats: Int { entries.reduce(0) { $0 + $1.count - 1 } }

    /// `message`, or `message (N times)` for one seen more than once.
    var messages: [String] {
        entries.map { $0.count == 1 ? $0.message : "\($0.message) (\($0.count) times)" }
    }
}
