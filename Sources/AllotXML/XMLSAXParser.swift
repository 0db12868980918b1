import CLibXML2
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an `XMLSAXParser` reports while it streams a document: the elements
/// and text of the document, in order, and the parser's warnings.
///
/// Names, attributes and text are views of libxml2's memory, valid only
/// during the call that hands them over: keep what you need as `String`s or bytes.
public protocol XMLSAXConsumer: AnyObject {
    /// An element starts on `line` (where its start tag ends). Return `false` to stop parsing.
    func startElement(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes, line: Int) -> Bool
    func endElement(_ name: XMLSAXParser.Name)
    /// Character data or a CDATA section; one text may arrive in several pieces.
    func characters(_ text: XMLSAXParser.Bytes)
    /// A problem the parser survives (a namespace error, an unusual declaration).
    func parserWarning(_ problem: XMLSAXParser.Problem)
}

/// Streams one document through libxml2's SAX2 push parser and hands its
/// events to a consumer: the one libxml2 reader, for feeds (AllotIngest) and
/// for the plan's own XML read back (AllotPublish).
///
/// Safety: the parser runs with `XML_PARSE_NONET` only. No DTD is loaded
/// (`loadsubset` 0, no `externalSubset` callback), external entities are never
/// fetched (no `NOENT`, `DTDLOAD`, `DTDVALID`), and without `XML_PARSE_HUGE`
/// libxml2's entity amplification checks stay on, so a billion-laughs
/// document stops with "Detected an entity reference loop". Internal entities
/// declared in the document's own subset are expanded as XML requires; text
/// that outgrows the input tenfold past 10 MB (a quadratic blowup, which
/// libxml2 2.9 does not catch for a SAX consumer) stops the parse too.
///
/// - Complexity: O(n) in the file's size; memory O(chunk size + the longest text).
public final class XMLSAXParser {
    /// Where and why the parser stopped or complained.
    public struct Problem: Equatable, Sendable {
        public var line: Int
        public var column: Int
        /// libxml2's message, trimmed.
        public var message: String
    }

    public enum Outcome {
        /// The whole document was read and is well-formed.
        case finished
        /// The consumer asked to stop.
        case stopped
        /// The document is not well-formed: the first fatal error.
        case notWellFormed(Problem)
        /// The file could not be read: the system's message.
        case unreadable(String)
        /// The document went past one of `limits`: the parse stopped there.
        case limitExceeded(LimitExceeded)
        /// The XML declaration names an encoding outside `Limits.encodings` (as written): nothing was read.
        case encodingNotRead(String)
    }

    /// How much of a document the parser reads before it stops: `Int.max`, the default, is no limit.
    public struct Limits: Sendable {
        /// The deepest nesting of elements; the root is at depth 1.
        public var depth: Int
        /// The most attributes one element may have, namespace declarations included.
        public var attributesPerElement: Int
        /// The most bytes one start tag may have, from its `<` to its `>`.
        public var startTagBytes: Int
        /// The encodings the XML declaration may name, in upper case; `nil` reads any libxml2 reads.
        /// An 8-bit document's declaration is read from its own bytes before libxml2 sees them, so a
        /// name outside the set is refused the same way however the document arrives in pieces.
        public var encodings: Set<String>?

        public init(depth: Int = .max, attributesPerElement: Int = .max, startTagBytes: Int = .max,
                    encodings: Set<String>? = nil) {
            self.depth = depth
            self.attributesPerElement = attributesPerElement
            self.startTagBytes = startTagBytes
            self.encodings = encodings
        }
    }

    /// Which limit a document went past, where, and on which element.
    public struct LimitExceeded: Equatable, Sendable {
        public enum Kind: Sendable {
            /// An element nested deeper than `Limits.depth`.
            case depth
            /// An element with more attributes than `Limits.attributesPerElement`.
            case attributes
            /// A start tag longer than `Limits.startTagBytes`.
            case startTagBytes
        }

        public var kind: Kind
        /// The element's name as written (`prefix:local`).
        public var element: String
        /// The line of the element: where its start tag starts when the tag was
        /// refused before libxml2 read it, else where it ends.
        public var line: Int
    }

    private let consumer: XMLSAXConsumer
    private let limits: Limits
    private var context: xmlParserCtxtPtr?
    /// The limit the document went past.
    private var exceeded: LimitExceeded?
    /// Elements open now.
    private var depth = 0
    /// Attributes declared in the internal subset, by element.
    private var declaredAttributes: [String: Int] = [:]
    /// The first fatal error, and its libxml2 code.
    private var firstFatal: Problem?
    private var fatalCode: Int32 = 0
    /// The consumer asked to stop.
    private var stopped = false
    /// No more events go to the consumer: it stopped, or the document is not well-formed.
    private var halted = false
    private var bytesFed = 0
    private var textBytes = 0
    private var sawElement = false
    /// The encoding the XML declaration names (`GB18030`, `UTF-8`...), `nil` when it names none.
    public private(set) var declaredEncoding: String?
    /// The encoding the document's first bytes show (XML 1.0 appendix F: a byte-order mark, or
    /// `<?` in UTF-16 or UTF-32): `UTF-16`, `UTF-32`, or `nil` for the 8-bit encodings.
    public private(set) var detectedEncoding: String?

    public init(consumer: XMLSAXConsumer, limits: Limits = Limits()) {
        self.consumer = consumer
        self.limits = limits
    }

    /// Options of every parse: no network. Deliberately not `NOENT` (it reads
    /// `file:///` entities even with `NONET`), `DTDLOAD`, `DTDATTR` or `HUGE`.
    private static let options = Int32(XML_PARSE_NONET.rawValue)

    /// Text may outgrow the input only through entities. libxml2 2.9 checks
    /// how far entities expand when it builds a tree, not for a SAX
    /// consumer, so one 100 kB entity referenced 20,000 times would hand over
    /// 2 GB. This applies the tree builder's rule: no more text than ten
    /// times the input (`XML_PARSER_NON_LINEAR`) once past 10 MB
    /// (`XML_MAX_TEXT_LENGTH`).
    private static var amplificationFactor: Int { 10 }
    private static var amplificationAllowance: Int { 10_000_000 }

    /// libxml2 wants `xmlInitParser` once per process before threads parse.
    private static let initialized: Void = { xmlInitParser() }()

    // MARK: - Parsing

    /// Reads the open file `descriptor` (an input `InputFolder` opened) in
    /// chunks of `chunkSize` bytes and feeds them to the parser.
    public func parse(descriptor fd: Int32, chunkSize: Int) -> Outcome {
        parse(chunkSize: chunkSize) { buffer, size in XMLSAXParser.fill(buffer, size: size, from: fd) }
    }

    /// Parses a document held in memory, in chunks of `chunkSize` bytes.
    public func parse(document: [UInt8], chunkSize: Int = 1 << 18) -> Outcome {
        var offset = 0
        return parse(chunkSize: chunkSize) { buffer, size in
            let n = min(size, document.count - offset)
            document.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: n) }
            offset += n
            return (n, nil)
        }
    }

    /// Parses a document that `produce` hands over in pieces, for a document
    /// that arrives pushed rather than read (a part inflated from a zip
    /// archive): `produce` calls `feed` with each piece in order, and `feed`
    /// returns `false` once the parse has stopped (the consumer stopped, the
    /// document is not well-formed or went past a limit), after which
    /// `produce` should feed no more. A piece is copied as it is fed. An error
    /// `produce` throws ends the parse as `.unreadable` with its description.
    public func parse(pieces produce: (_ feed: (UnsafeRawBufferPointer) -> Bool) throws -> Void) -> Outcome {
        var push = Push(self)
        defer { push.close(self) }
        do {
            try produce { piece in push.feed(piece, to: self) }
        } catch {
            return .unreadable("\(error)")
        }
        return push.finish(self)
    }

    /// Feeds the parser what `fill` puts in a buffer of `chunkSize` bytes until it gives 0 bytes or an error.
    private func parse(chunkSize: Int, fill: (UnsafeMutableRawPointer, Int) -> (Int, String?)) -> Outcome {
        let size = max(chunkSize, 4)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var push = Push(self)
        defer { push.close(self) }
        while true {
            let (count, readError) = fill(buffer, size)
            if let readError { return .unreadable(readError) }
            if count == 0 || !push.feed(UnsafeRawBufferPointer(start: buffer, count: count), to: self) { break }
        }
        return push.finish(self)
    }

    /// One parse's push parser context, made when the first bytes arrive (it
    /// detects the encoding from them), fed piece by piece, then finished.
    private struct Push {
        private var context: xmlParserCtxtPtr?
        private var started = false
        private var sawContent = false
        /// Counts attributes ahead of libxml2, in the 8-bit encodings it scans (UTF-8, GB18030...).
        private var tagScan: XMLStartTagScan?
        /// The parse ended: halted, or failed to start.
        private var done = false
        private var failure: Outcome?
        /// Holds the document's first bytes back from libxml2 until the XML declaration shows whether
        /// it names an encoding of `Limits.encodings`; `nil` once it has, or when any encoding is read.
        private var declaration: XMLDeclarationScan?

        init(_ parser: XMLSAXParser) {
            declaration = parser.limits.encodings == nil ? nil : XMLDeclarationScan()
        }

        /// Hands `piece` to the parser; `false` when the parse has stopped.
        mutating func feed(_ piece: UnsafeRawBufferPointer, to parser: XMLSAXParser) -> Bool {
            guard !done else { return false }
            guard var scan = declaration else { return pass(piece, to: parser) }
            let verdict = scan.add(piece)
            declaration = scan
            return settle(verdict, parser)
        }

        /// Refuses the document for its declared encoding, or hands libxml2 the bytes held back once
        /// `verdict` is decided; `false` when the parse has stopped.
        private mutating func settle(_ verdict: XMLDeclarationScan.Verdict, _ parser: XMLSAXParser) -> Bool {
            guard let scan = declaration, verdict != .undecided else { return true }
            declaration = nil
            if case .declared(let name) = verdict, let read = parser.limits.encodings,
               !read.contains(name.uppercased()) {
                parser.declaredEncoding = name
                failure = .encodingNotRead(name)
                done = true
                return false
            }
            return scan.head.withUnsafeBytes { pass($0, to: parser) }
        }

        /// Hands `piece` to libxml2, after the attribute scan; `false` when the parse has stopped.
        private mutating func pass(_ piece: UnsafeRawBufferPointer, to parser: XMLSAXParser) -> Bool {
            guard piece.count > 0, let base = piece.baseAddress else { return true }
            let chars = base.assumingMemoryBound(to: CChar.self)
            var offset = 0
            if !started {
                guard start(parser, head: UnsafeRawBufferPointer(rebasing: piece.prefix(4))) else { return false }
                offset = min(piece.count, 4)
            }
            if !sawContent { sawContent = piece.contains { !XMLText.isSpace($0) } }
            // A start tag with too many attributes: libxml2 reads up to its `<` and no further.
            let excess = tagScan?.scan(piece)
            let end = excess.map { $0.tagStart.map { $0 + 1 } ?? 0 } ?? piece.count
            if end > offset, let ctxt = context {
                parser.bytesFed += end - offset
                _ = xmlParseChunk(ctxt, chars + offset, Int32(end - offset), 0)
            }
            if parser.halted {
                done = true
                return false
            }
            if let excess {
                parser.exceed(excess.kind == .attributes ? .attributes : .startTagBytes,
                              element: String(decoding: excess.name, as: UTF8.self), line: parser.currentLine)
                done = true
                return false
            }
            return true
        }

        /// Makes the context from the document's first bytes (up to 4), which it detects the encoding from.
        private mutating func start(_ parser: XMLSAXParser, head: UnsafeRawBufferPointer) -> Bool {
            started = true
            _ = XMLSAXParser.initialized
            if head.count == 4, let base = head.baseAddress {
                parser.detectedEncoding = XMLSAXParser.wideEncoding(of: base)
            }
            var sax = XMLSAXParser.handler
            let me = Unmanaged.passUnretained(parser).toOpaque()
            let chars = head.count > 0 ? head.baseAddress?.assumingMemoryBound(to: CChar.self) : nil
            guard let ctxt = xmlCreatePushParserCtxt(&sax, me, chars, Int32(head.count), nil) else {
                failure = .unreadable("libxml2 could not create a parser")
                done = true
                return false
            }
            context = ctxt
            parser.context = ctxt
            _ = xmlCtxtUseOptions(ctxt, XMLSAXParser.options)
            ctxt.pointee.replaceEntities = 0
            ctxt.pointee.loadsubset = 0
            ctxt.pointee.validate = 0
            let limits = parser.limits
            tagScan = (limits.attributesPerElement < .max || limits.startTagBytes < .max)
                && parser.detectedEncoding == nil
                ? XMLStartTagScan(limit: limits.attributesPerElement, byteLimit: limits.startTagBytes) : nil
            return true
        }

        /// Ends the document and says how the parse went.
        mutating func finish(_ parser: XMLSAXParser) -> Outcome {
            if let scan = declaration { _ = settle(scan.finish(), parser) }
            if failure == nil && !started { _ = start(parser, head: UnsafeRawBufferPointer(start: nil, count: 0)) }
            if let failure { return failure }
            guard let ctxt = context else { return .unreadable("libxml2 could not create a parser") }
            if !parser.halted {
                _ = xmlParseChunk(ctxt, nil, 0, 1)
                // Read, then written back: `firstFatal?.message = … firstFatal?.message …`
                // read the property while writing it, an exclusivity violation that traps.
                if parser.fatalCode == Int32(XML_ERR_DOCUMENT_END.rawValue), var fatal = parser.firstFatal {
                    fatal.message = parser.prematureEnd(ctxt, sawContent: sawContent) ?? fatal.message
                    parser.firstFatal = fatal
                }
            }
            if let encoding = ctxt.pointee.encoding {
                parser.declaredEncoding = String(cString: encoding)
            }
            // A UTF-16 document's declaration, which only libxml2 reads.
            if let declared = parser.declaredEncoding, let read = parser.limits.encodings,
               !read.contains(declared.uppercased()) {
                return .encodingNotRead(declared)
            }
            if let exceeded = parser.exceeded { return .limitExceeded(exceeded) }
            if parser.stopped { return .stopped }
            if let firstFatal = parser.firstFatal { return .notWellFormed(firstFatal) }
            // libxml2's push parser can stop short with no fatal error (bytes it cannot convert from the
            // declared encoding, fed a few at a time): a document whose root element is still open did not end.
            if ctxt.pointee.wellFormed != 0 && parser.depth > 0 {
                let error = ctxt.pointee.lastError
                let reason = error.message.map { XMLSAXParser.message($0) } ?? ""
                let column = ctxt.pointee.input.map { Int($0.pointee.col) } ?? 0
                return .notWellFormed(Problem(line: parser.currentLine, column: column, message: reason.isEmpty
                    ? "the document ends before its root element is closed"
                    : "the document ends before its root element is closed (\(reason))"))
            }
            if ctxt.pointee.wellFormed == 0 {
                let error = ctxt.pointee.lastError
                return .notWellFormed(Problem(line: Int(error.line), column: Int(error.int2),
                                              message: XMLSAXParser.message(error.message)))
            }
            // A document has a root element. libxml2 can end a parse without an error and without one (bytes
            // it takes for a UCS-4 signature and cannot decode, read in one chunk): that is no document either.
            if !parser.sawElement {
                return .notWellFormed(Problem(line: 1, column: 1, message: sawContent
                    ? "Premature end of data before the root element" : "Document is empty"))
            }
            return .finished
        }

        /// Frees the context, whatever happened.
        mutating func close(_ parser: XMLSAXParser) {
            guard let ctxt = context else { return }
            if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
            ctxt.pointee.myDoc = nil
            xmlFreeParserCtxt(ctxt)
            context = nil
            parser.context = nil
        }
    }

    /// `UTF-16` or `UTF-32` when a document's first four bytes show one (a
    /// byte-order mark, or `<?` in two or four bytes; XML 1.0 appendix F), else `nil`.
    private static func wideEncoding(of head: UnsafeRawPointer) -> String? {
        let first = head.load(as: UInt32.self).bigEndian
        // UTF-32's byte-order marks, which libxml2 takes for UTF-16's (FF FE) or does not know (00 00 FE FF).
        if first == 0xFFFE_0000 || first == 0x0000_FEFF { return "UTF-32" }
        switch xmlDetectCharEncoding(head.assumingMemoryBound(to: UInt8.self), 4) {
        case XML_CHAR_ENCODING_UTF16LE, XML_CHAR_ENCODING_UTF16BE: return "UTF-16"
        case XML_CHAR_ENCODING_UCS4LE, XML_CHAR_ENCODING_UCS4BE, XML_CHAR_ENCODING_UCS4_2143,
             XML_CHAR_ENCODING_UCS4_3412: return "UTF-32"
        default: return nil
        }
    }

    /// At the end of the file the push parser says "Extra content at the end
    /// of the document" for a document cut short too; this says what the
    /// pull parser would: what was still open, or that there was nothing.
    private func prematureEnd(_ ctxt: xmlParserCtxtPtr, sawContent: Bool) -> String? {
        let open = Int(ctxt.pointee.nameNr)
        if open > 0, let names = ctxt.pointee.nameTab, let name = names[open - 1] {
            return "Premature end of data in tag \(String(cString: name))"
        }
        if !sawContent { return "Document is empty" }
        return sawElement ? nil : "Premature end of data before the root element"
    }

    /// Reads up to `size` bytes, retrying when interrupted: how many (0 at the
    /// end of the file), or the system's message.
    private static func fill(_ buffer: UnsafeMutableRawPointer, size: Int, from fd: Int32) -> (Int, String?) {
        while true {
            let n = read(fd, buffer, size)
            if n >= 0 { return (n, nil) }
            if errno != EINTR { return (0, systemMessage(errno)) }
        }
    }

    private static func systemMessage(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    private static func message(_ text: UnsafeMutablePointer<CChar>?) -> String {
        guard let text else { return "not well-formed" }
        let bytes = Array(String(cString: text).utf8)
        var first = 0, last = bytes.count
        while first < last, XMLText.isSpace(bytes[first]) { first += 1 }
        while last > first, XMLText.isSpace(bytes[last - 1]) { last -= 1 }
        return String(decoding: bytes[first..<last], as: UTF8.self)
    }
}

// MARK: - Views of libxml2's memory

extension XMLSAXParser {
    /// UTF-8 bytes owned by libxml2: a name, an attribute value or a piece of text.
    public struct Bytes {
        private let base: UnsafePointer<UInt8>
        public let count: Int

        fileprivate init(_ base: UnsafePointer<UInt8>, count: Int) {
            self.base = base
            self.count = count
        }

        /// A NUL-terminated name.
        fileprivate init(cString: UnsafePointer<UInt8>) {
            self.init(cString, count: strlen(UnsafeRawPointer(cString).assumingMemoryBound(to: CChar.self)))
        }

        /// Whether these are exactly the bytes of `literal`.
        public func matches(_ literal: StaticString) -> Bool {
            count == literal.utf8CodeUnitCount && memcmp(base, literal.utf8Start, count) == 0
        }

        /// Whether every byte is XML white space.
        public var isBlank: Bool {
            for i in 0..<count where !XMLText.isSpace(base[i]) { return false }
            return true
        }

        /// Appends the bytes to `out` as they are.
        public func append(to out: inout [UInt8]) {
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
        }

        /// Appends the bytes to `out` escaped for element content, or with
        /// `inAttribute` for a double-quoted attribute value.
        /// - Complexity: O(n); runs without a special byte are copied at once.
        public func appendEscaped(to out: inout [UInt8], inAttribute: Bool) {
            guard hasSpecial(inAttribute: inAttribute) else { return append(to: &out) }
            var runStart = 0
            for i in 0..<count {
                guard let replacement = XMLText.escape(base[i], inAttribute: inAttribute) else { continue }
                out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i - runStart))
                replacement.withUTF8Buffer { out.append(contentsOf: $0) }
                runStart = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count - runStart))
        }

        /// Whether a byte must be escaped. Short values (most) are scanned
        /// with a bit mask; long texts with memchr, fast even in a debug build.
        private func hasSpecial(inAttribute: Bool) -> Bool {
            let mask = inAttribute ? XMLText.attributeSpecials : XMLText.contentSpecials
            if count <= 64 {
                for i in 0..<count where base[i] < 64 && mask & (1 << UInt64(base[i])) != 0 { return true }
                return false
            }
            for b: UInt8 in 0..<64 where mask & (1 << UInt64(b)) != 0 {
                if memchr(base, Int32(b), count) != nil { return true }
            }
            return false
        }

        /// Whether the bytes hold `&`, which starts a reference libxml2 left in an attribute value.
        public var containsReference: Bool { memchr(base, Int32(UInt8(ascii: "&")), count) != nil }

        /// The text as a `String` (ill-formed UTF-8 repaired, which libxml2 never hands over).
        public var string: String { String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self) }

        /// The text without leading and trailing ASCII white space.
        public var trimmedString: String {
            var first = 0, last = count
            while first < last, XMLText.isSpace(base[first]) { first += 1 }
            while last > first, XMLText.isSpace(base[last - 1]) { last -= 1 }
            return String(decoding: UnsafeBufferPointer(start: base + first, count: last - first), as: UTF8.self)
        }
    }

    /// An element's or attribute's name: local name, prefix and namespace URI.
    public struct Name {
        public let localName: Bytes
        private let prefixName: UnsafePointer<UInt8>?
        private let uri: UnsafePointer<UInt8>?

        fileprivate init(_ localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) {
            self.localName = Bytes(cString: localName)
            self.prefixName = prefix
            self.uri = uri
        }

        public var prefix: Bytes? { prefixName.map { Bytes(cString: $0) } }
        /// `prefix:local`, or the local name alone.
        public var qualified: String { (prefix.map { $0.string + ":" } ?? "") + localName.string }
        public var namespaceURI: Bytes? { uri.map { Bytes(cString: $0) } }
        public var hasNamespace: Bool { uri != nil }

        /// Whether the name is in the namespace `literal`.
        public func isInNamespace(_ literal: StaticString) -> Bool {
            guard let uri else { return false }
            let n = literal.utf8CodeUnitCount
            // Equal first n bytes (strncmp stops at the URI's end) and nothing after them.
            return strncmp(UnsafeRawPointer(uri).assumingMemoryBound(to: CChar.self),
                           UnsafeRawPointer(literal.utf8Start).assumingMemoryBound(to: CChar.self), n) == 0
                && uri[n] == 0
        }
    }

    /// One attribute as libxml2 resolved it.
    public struct Attribute {
        public let name: Name
        public let value: Bytes
        /// Supplied by an `ATTLIST` default of the internal subset, not written on the element.
        public let isDefaulted: Bool
    }

    /// The attributes of a start tag, their values with every reference replaced.
    public struct Attributes: RandomAccessCollection {
        // libxml2's layout: five pointers per attribute (localname, prefix, URI, value, end).
        private let table: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
        public let count: Int
        private let defaultedFrom: Int
        /// Values that held a reference, decoded (by attribute index).
        private let decoded: [Int: Bytes]

        fileprivate init(_ table: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, count: Int, defaulted: Int,
                         decoded: [Int: Bytes]) {
            self.table = table
            self.count = table == nil ? 0 : count
            self.defaultedFrom = count - defaulted
            self.decoded = decoded
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> Attribute {
            let entry = table! + 5 * position
            return Attribute(
                name: Name(entry[0]!, prefix: entry[1], uri: entry[2]),
                value: decoded.isEmpty ? Attributes.value(entry) : decoded[position] ?? Attributes.value(entry),
                isDefaulted: position >= defaultedFrom)
        }

        fileprivate static func value(_ entry: UnsafeMutablePointer<UnsafePointer<xmlChar>?>) -> Bytes {
            Bytes(entry[3]!, count: entry[4]! - entry[3]!)
        }
    }
}

// MARK: - Callbacks

extension XMLSAXParser {
    private static func from(_ userData: UnsafeMutableRawPointer?) -> XMLSAXParser {
        Unmanaged<XMLSAXParser>.fromOpaque(userData!).takeUnretainedValue()
    }

    private var currentLine: Int { context.map { Int(xmlSAX2GetLineNumber($0)) } ?? 0 }

    /// The SAX2 handler every parse starts from.
    ///
    /// Elements and text go to the consumer. The document's own DTD subset is
    /// handed to libxml2's SAX2 defaults so that its internal entities are
    /// known (and checked for loops); nothing loads an external subset or entity.
    private static let handler: xmlSAXHandler = {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        sax.startElementNs = { userData, localName, prefix, uri, namespaceCount, _, attributeCount, defaultedCount,
                               attributes in
            let parser = XMLSAXParser.from(userData)
            guard !parser.halted else { return }
            parser.sawElement = true
            let name = Name(localName!, prefix: prefix, uri: uri)
            parser.depth += 1
            if parser.depth > parser.limits.depth {
                return parser.exceed(.depth, element: name.qualified, line: parser.currentLine)
            }
            // Attributes the scan ahead did not see: from an entity, defaults of the internal subset, UTF-16.
            if Int(attributeCount) + Int(namespaceCount) > parser.limits.attributesPerElement {
                return parser.exceed(.attributes, element: name.qualified, line: parser.currentLine)
            }
            var decoded: [Int: Bytes] = [:]
            var owned: [UnsafeMutablePointer<xmlChar>] = []
            defer { for p in owned { cxml_free(p) } }
            if let attributes, let ctxt = parser.context {
                for i in 0..<Int(attributeCount) {
                    let value = Attributes.value(attributes + 5 * i)
                    guard value.containsReference,
                          let text = xmlStringLenDecodeEntities(ctxt, attributes[5 * i + 3], Int32(value.count),
                                                                XML_SUBSTITUTE_REF, 0, 0, 0) else { continue }
                    owned.append(text)
                    decoded[i] = Bytes(cString: text)
                }
                // Decoding checks entities too, and may find a loop.
                guard !parser.halted else { return }
            }
            let list = Attributes(attributes, count: Int(attributeCount), defaulted: Int(defaultedCount), decoded: decoded)
            if !parser.consumer.startElement(name, attributes: list, line: parser.currentLine) {
                parser.stopped = true
                parser.halt()
            }
        }
        sax.endElementNs = { userData, localName, prefix, uri in
            let parser = XMLSAXParser.from(userData)
            guard !parser.halted else { return }
            parser.depth -= 1
            parser.consumer.endElement(Name(localName!, prefix: prefix, uri: uri))
        }
        sax.characters = { userData, text, length in
            let parser = XMLSAXParser.from(userData)
            guard !parser.halted, let text, length > 0 else { return }
            parser.textBytes += Int(length)
            guard parser.textBytes <= max(amplificationAllowance, amplificationFactor * parser.bytesFed) else {
                return parser.failAmplified()
            }
            parser.consumer.characters(Bytes(text, count: Int(length)))
        }
        sax.cdataBlock = sax.characters
        sax.startDocument = { userData in
            // Creates the document that holds the internal subset's entity declarations.
            if let ctxt = XMLSAXParser.from(userData).context { xmlSAX2StartDocument(ctxt) }
        }
        sax.internalSubset = { userData, name, externalID, systemID in
            if let ctxt = XMLSAXParser.from(userData).context { xmlSAX2InternalSubset(ctxt, name, externalID, systemID) }
        }
        sax.entityDecl = { userData, name, type, publicID, systemID, content in
            let parser = XMLSAXParser.from(userData)
            // An entity's text is parsed where it is used, start tags and all: they are counted here, once.
            if let content, parser.limits.attributesPerElement < .max {
                var scan = XMLStartTagScan(limit: parser.limits.attributesPerElement)
                let text = UnsafeRawBufferPointer(start: content, count: strlen(UnsafeRawPointer(content)
                    .assumingMemoryBound(to: CChar.self)))
                if let excess = scan.scan(text) {
                    return parser.exceed(.attributes, element: String(decoding: excess.name, as: UTF8.self),
                                         line: parser.currentLine)
                }
            }
            if let ctxt = parser.context {
                xmlSAX2EntityDecl(ctxt, name, type, publicID, systemID, content)
            }
        }
        // libxml2 adds an element's defaulted attributes to every start tag of it, checking each against all
        // before it: the internal subset may declare no more than the limit for one element.
        sax.attributeDecl = { userData, element, _, _, _, _, tree in
            if let tree { xmlFreeEnumeration(tree) }
            let parser = XMLSAXParser.from(userData)
            guard !parser.halted, let element, parser.limits.attributesPerElement < .max else { return }
            let name = Bytes(cString: element).string
            let count = parser.declaredAttributes[name, default: 0] + 1
            parser.declaredAttributes[name] = count
            if count > parser.limits.attributesPerElement {
                parser.exceed(.attributes, element: name, line: parser.currentLine)
            }
        }
        sax.getEntity = { userData, name in
            XMLSAXParser.from(userData).context.flatMap { xmlSAX2GetEntity($0, name) }
        }
        sax.getParameterEntity = { userData, name in
            XMLSAXParser.from(userData).context.flatMap { xmlSAX2GetParameterEntity($0, name) }
        }
        // libxml2 2.9 passes `xmlErrorPtr`, 2.12 and later `const xmlError *`: the
        // closure's parameter type is inferred from the header, and both become
        // an `UnsafePointer<xmlError>` here, the one place that differs.
        sax.serror = { userData, error in
            guard let userData, let error else { return }
            XMLSAXParser.from(userData).report(UnsafePointer(error))
        }
        return sax
    }()

    /// Keeps the first fatal error; passes warnings and namespace errors on.
    private func report(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        let problem = Problem(line: Int(e.line), column: Int(e.int2), message: XMLSAXParser.message(e.message))
        if e.level == XML_ERR_FATAL {
            if firstFatal == nil {
                firstFatal = problem
                fatalCode = e.code
            }
            halted = true
        } else if !halted {
            consumer.parserWarning(problem)
        }
    }

    /// Stops the parser from inside a callback: no event reaches the consumer after this.
    private func halt() {
        halted = true
        if let ctxt = context { xmlStopParser(ctxt) }
    }

    /// Stops the parse at a limit.
    private func exceed(_ kind: LimitExceeded.Kind, element: String, line: Int) {
        exceeded = LimitExceeded(kind: kind, element: element, line: line)
        halt()
    }

    private func failAmplified() {
        let column = context.flatMap { $0.pointee.input.map { Int($0.pointee.col) } } ?? 0
        firstFatal = Problem(line: currentLine, column: column,
                             message: "Entity expansion too large: \(textBytes) bytes of text from \(bytesFed) bytes read")
        halt()
    }
}
