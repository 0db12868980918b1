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
final class XMLFeedBuilder: XMLSAXConsumer {
    let path: String
    let fallbackSource: String
    private let normalization: XMLRecordNormalization

    /// The root's `source`, or the fallback once the root is read without one.
    private(set) var source: String?
    private(set) var generated: Instant?
    /// Set when the root is not `<feed>`: the file is rejected whole.
    private(set) var headerReject: Reject?
    /// Records read so far, accepted or not.
    private(set) var recordCount = 0
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
    /// Changed by each event through one call that takes it `inout` (the
    /// static helpers below): every access to a class's stored property is
    /// checked for exclusivity at run time, and an access per byte appended
    /// was 14 % of the read's perf samples (Decision 17).
    private var batch: XMLRecordBatch

    init(path: String, fallbackSource: String, normalization: XMLRecordNormalization) {
        self.path = path
        self.fallbackSource = fallbackSource
        self.normalization = normalization
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
        if level == 0 { return startFeed(name, attributes: attributes, line: line) }
        if let kind {
            appendRawStart(name, attributes: attributes)
            guard skippedLevel == nil else { return true }
            if level == 2, let element = feedElement(name), element.belongs(in: kind) {
                startField(element, attributes: attributes, line: line)
            } else {
                let parent = level == 2 ? kind.rawValue : fieldElement?.name ?? kind.rawValue
                warn(line, key: "e\(parent) \(describe(name))", "unknown element <\(describe(name))> in <\(parent)> ignored")
                skippedLevel = level
            }
            return true
        }
        guard skippedLevel == nil else { return true }
        switch feedElement(name) {
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
        let level = depth
        guard let kind else {
            if skippedLevel == level { skippedLevel = nil }
            return
        }
        appendRawEnd(name)
        if let skipped = skippedLevel {
            if skipped == level { skippedLevel = nil }
            return
        }
        if level == 2 {
            if let field = textField { setSlot(field, trimming: textStart) }
            fieldElement = nil
            textField = nil
        } else if level == 1 {
            finishRecord(kind)
        }
    }

    func characters(_ text: XMLSAXParser.Bytes) {
        guard kind != nil else { return }
        if textField != nil && depth == 3 {
            // A field's own text: all of it counts, blanks included.
            let tagOpen = rawTagOpen
            rawTagOpen = false
            Self.appendText(text, closingTag: tagOpen, toValues: true, of: &batch)
        } else if !text.isBlank {
            // Text where none belongs (in the record, in an unknown element): kept in `raw` only.
            let tagOpen = rawTagOpen
            rawTagOpen = false
            Self.appendText(text, closingTag: tagOpen, toValues: false, of: &batch)
        }
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
            if inFeedNamespace(attribute.name) && n.matches("source") {
                source = attribute.value.trimmedString
            } else if inFeedNamespace(attribute.name) && n.matches("generated") {
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
        rawStart = batch.raw.count
        slotBase = batch.slots.count
        batch.slots.append(contentsOf: repeatElement(-1, count: XMLRecordBatch.slotsPerRecord))
        rawTagOpen = false
        appendRawStart(name, attributes: attributes)
        let element: XMLFeedElement = kind == .offer ? .offer : .request
        setAttributes(attributes, of: element, kind: kind, line: line)
    }

    private func startField(_ element: XMLFeedElement, attributes: XMLSAXParser.Attributes, line: Int) {
        let bit: UInt32 = 1 << UInt32(element.rawValue)
        guard seenElements & bit == 0 else {
            warn(line, key: "d\(element.name)", "a second <\(element.name)> in one <\(kind!.rawValue)> ignored; the first counts")
            skippedLevel = 2
            return
        }
        seenElements |= bit
        fieldElement = element
        setAttributes(attributes, of: element, kind: kind!, line: line)
        textField = element.textField
        textStart = batch.values.count
    }

    /// Copies the attributes that are fields into the batch; warns about the others.
    private func setAttributes(_ attributes: XMLSAXParser.Attributes, of element: XMLFeedElement, kind: RecordKind,
                               line: Int) {
        for attribute in attributes {
            guard inFeedNamespace(attribute.name),
                  let field = element.field(forAttribute: attribute.name.localName, in: kind) else {
                unknownAttribute(attribute.name, on: element.name, line: line)
                continue
            }
            Self.appendValue(attribute.value, field: field, slotBase: slotBase, of: &batch)
        }
    }

    /// Appends `value` to `batch.values` and makes it, trimmed, the field of the record at `slotBase`.
    private static func appendValue(_ value: XMLSAXParser.Bytes, field: FeedField, slotBase: Int,
                                    of batch: inout XMLRecordBatch) {
        let start = batch.values.count
        value.append(to: &batch.values)
        setSlot(field, trimming: start, slotBase: slotBase, of: &batch)
    }

    /// Makes `batch.values[start...]`, without XML white space at either end, the open record's `field`.
    private func setSlot(_ field: FeedField, trimming start: Int) {
        Self.setSlot(field, trimming: start, slotBase: slotBase, of: &batch)
    }

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
        batch.entries.append(XMLRecordBatch.Entry(kind: kind, line: recordLine, raw: rawStart..<batch.raw.count,
                                                  slotBase: slotBase))
        if batch.entries.count >= XMLFeedBuilder.batchSize {
            normalization.submit(batch)
            batch = XMLRecordBatch(source: batch.source)
        }
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

    private func appendRawStart(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes) {
        let tagOpen = rawTagOpen
        rawTagOpen = true
        Self.appendStartTag(name, attributes: attributes, closingTag: tagOpen, to: &batch.raw)
    }

    private func appendRawEnd(_ name: XMLSAXParser.Name) {
        let tagOpen = rawTagOpen
        rawTagOpen = false
        Self.appendEndTag(name, closingTag: tagOpen, to: &batch.raw)
    }

    /// `<prefix:name attribute="value"...`, after a `>` that closes the tag
    /// before when `closingTag`; the tag is left open.
    private static func appendStartTag(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes,
                                       closingTag: Bool, to raw: inout [UInt8]) {
        if closingTag { raw.append(UInt8(ascii: ">")) }
        raw.append(UInt8(ascii: "<"))
        appendQualifiedName(name, to: &raw)
        for attribute in attributes where !attribute.isDefaulted {
            raw.append(UInt8(ascii: " "))
            appendQualifiedName(attribute.name, to: &raw)
            raw.append(UInt8(ascii: "="))
            raw.append(UInt8(ascii: "\""))
            attribute.value.appendEscaped(to: &raw, inAttribute: true)
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

    /// Text inside a record: escaped into `raw` (after a `>` that closes the
    /// tag before when `closingTag`), and into `values` as it is when `toValues`.
    private static func appendText(_ text: XMLSAXParser.Bytes, closingTag: Bool, toValues: Bool,
                                   of batch: inout XMLRecordBatch) {
        if toValues { text.append(to: &batch.values) }
        if closingTag { batch.raw.append(UInt8(ascii: ">")) }
        text.appendEscaped(to: &batch.raw, inAttribute: false)
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
