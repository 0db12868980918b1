import CLibXML2
import Foundation

/// Validates XML documents in memory against one W3C XML Schema with libxml2.
/// With `XMLElementReader`, the only code of this module that touches libxml2.
///
/// The schema is parsed once; each `validate` streams the document through
/// an `xmlTextReader` with the schema attached, so memory stays small
/// however long the document. The reader runs with `XML_PARSE_NONET` only
/// (no DTD loading, no entity substitution: a plan file has neither).
/// Errors come through libxml2's structured error callback with their line
/// and column; a document that is not well-formed fails the same way. (With
/// a schema attached, libxml2 2.9's reader drops the parser's own errors, so
/// a document that fails is read once more without the schema to learn them;
/// a valid document is read once.)
///
/// One validator may be used from several threads: the parsed schema is
/// only read, and every validation has its own reader and context.
public final class XMLSchemaValidator: @unchecked Sendable {
    /// Where and what libxml2 found.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// 1-based; 0 when libxml2 did not say.
        public var line: Int
        /// 1-based; 0 when libxml2 did not say.
        public var column: Int
        /// libxml2's message, trimmed.
        public var message: String

        public var description: String {
            line > 0 ? (column > 0 ? "line \(line), column \(column): \(message)" : "line \(line): \(message)") : message
        }
    }

    /// A schema that cannot be used, or a document that is not valid against it.
    public struct Failure: Error, Hashable, Sendable, CustomStringConvertible {
        public enum Kind: Hashable, Sendable {
            /// The schema resource is missing or is not a usable XML Schema.
            case schemaUnusable
            /// The document is not well-formed or not valid.
            case documentInvalid
        }

        public var kind: Kind
        /// The schema's name (`dispatch.xsd`).
        public var schema: String
        /// The document's name (`dispatch.xml`); empty for `.schemaUnusable`.
        public var document: String
        /// The first problems, in document order (at most `XMLSchemaValidator.problemLimit`).
        public var problems: [Problem]
        /// How many problems libxml2 reported in all.
        public var problemCount: Int

        /// `dispatch.xml is not valid against dispatch.xsd: line 4, column 0: Element … (and 2 more problems)`.
        public var description: String {
            let first = problems.first.map { ": \($0)" } ?? ""
            let more = problemCount > 1 ? " (and \(problemCount - 1) more problem\(problemCount == 2 ? "" : "s"))" : ""
            switch kind {
            case .schemaUnusable: return "schema \(schema) cannot be used\(first)\(more)"
            case .documentInvalid: return "\(document) is not valid against \(schema)\(first)\(more)"
            }
        }
    }

    /// At most this many problems are kept; a broken document can have one per element.
    public static let problemLimit = 20

    /// The schema's name, as failures name it.
    public let schemaName: String
    private let schema: xmlSchemaPtr

    /// libxml2 wants `xmlInitParser` once per process before threads parse.
    private static let initialized: Void = { xmlInitParser() }()

    /// Loads a schema shipped in this module's resources (`dispatch.xsd`, later `province-request.xsd`).
    /// - Throws: `Failure` (`.schemaUnusable`) when the resource is missing or not a valid schema.
    public convenience init(resource name: String) throws {
        let url = URL(fileURLWithPath: name)
        let ext = url.pathExtension.isEmpty ? "xsd" : url.pathExtension
        let base = url.pathExtension.isEmpty ? name : url.deletingPathExtension().lastPathComponent
        guard let found = Bundle.module.url(forResource: base, withExtension: ext),
              let data = try? Data(contentsOf: found) else {
            throw Failure(kind: .schemaUnusable, schema: name, document: "",
                          problems: [Problem(line: 0, column: 0, message: "no resource \(base).\(ext) in AllotPublish")],
                          problemCount: 1)
        }
        try self.init(schema: data, name: "\(base).\(ext)")
    }

    /// Parses a schema from its bytes.
    ///
    /// For the project's own schemas only: libxml2 reads schema documents
    /// with entity substitution (`XML_PARSE_NOENT`) and follows `xs:import`
    /// and `xs:include` locations, so a schema is trusted input, never a feed.
    /// - Throws: `Failure` (`.schemaUnusable`) with libxml2's messages when it is not a valid schema.
    public init<Schema: ContiguousBytes>(schema data: Schema, name: String) throws {
        _ = XMLSchemaValidator.initialized
        let log = ProblemLog()
        let parsed: xmlSchemaPtr? = data.withUnsafeBytes { raw -> xmlSchemaPtr? in
            guard let base = raw.baseAddress, raw.count <= Int(Int32.max),
                  let context = xmlSchemaNewMemParserCtxt(base.assumingMemoryBound(to: CChar.self), Int32(raw.count))
            else { return nil }
            defer { xmlSchemaFreeParserCtxt(context) }
            xmlSchemaSetParserStructuredErrors(context, XMLSchemaValidator.collect, Unmanaged.passUnretained(log).toOpaque())
            return xmlSchemaParse(context)
        }
        guard let parsed else {
            throw Failure(kind: .schemaUnusable, schema: name, document: "", problems: log.kept(orSay: "not a valid XML Schema"),
                          problemCount: max(1, log.count))
        }
        self.schema = parsed
        self.schemaName = name
    }

    deinit { xmlSchemaFree(schema) }

    /// The problems libxml2 finds in `document`, at most `problemLimit` of
    /// them, and how many in all; no problems means well-formed and valid.
    /// - Complexity: O(n) in the document's size; memory O(depth), not O(n).
    public func problems<Document: ContiguousBytes>(in document: Document, name: String) -> (problems: [Problem], count: Int) {
        document.withUnsafeBytes { raw -> (problems: [Problem], count: Int) in
            let log = ProblemLog()
            guard raw.count <= Int(Int32.max) else {
                log.add(Problem(line: 0, column: 0, message: "document of \(raw.count) bytes is larger than libxml2 reads from memory"))
                return (log.problems, log.count)
            }
            // An empty buffer has no base address; libxml2 says "Document is empty" for a zero-length one.
            let nothing: [CChar] = [0]
            return nothing.withUnsafeBufferPointer { fallback in
                let base = raw.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) } ?? fallback.baseAddress!
                let valid = read(base, count: raw.count, name: name, schema: schema, log: log)
                if !valid {
                    // libxml2 2.9 drops the parser's own errors (not well-formed) once a schema
                    // is attached to a reader: read again without one to learn them.
                    let parserLog = ProblemLog()
                    _ = read(base, count: raw.count, name: name, schema: nil, log: parserLog)
                    log.merge(parserLog)
                    if log.count == 0 { log.add(Problem(line: 0, column: 0, message: "not valid")) }
                }
                return (log.problems, log.count)
            }
        }
    }

    /// Streams the document through a reader, with `schema` attached when
    /// given; whether it was read to the end (and found valid).
    private func read(_ base: UnsafePointer<CChar>, count: Int, name: String, schema: xmlSchemaPtr?,
                      log: ProblemLog) -> Bool {
        guard let reader = xmlReaderForMemory(base, Int32(count), name, nil, Int32(XML_PARSE_NONET.rawValue)) else {
            log.add(Problem(line: 0, column: 0, message: "libxml2 could not create a reader"))
            return false
        }
        defer { xmlFreeTextReader(reader) }
        xmlTextReaderSetStructuredErrorHandler(reader, XMLSchemaValidator.collect, Unmanaged.passUnretained(log).toOpaque())
        if let schema, xmlTextReaderSetSchema(reader, schema) != 0 {
            log.add(Problem(line: 0, column: 0, message: "libxml2 could not attach the schema"))
            return false
        }
        var status: Int32 = 1
        while status == 1 { status = xmlTextReaderRead(reader) }
        return status == 0 && (schema == nil || xmlTextReaderIsValid(reader) == 1)
    }

    /// Checks that `document` is well-formed and valid against the schema.
    /// - Parameter name: how failures name the document (`dispatch.xml`).
    /// - Throws: `Failure` (`.documentInvalid`) naming the first problem's line and libxml2's message.
    public func validate<Document: ContiguousBytes>(_ document: Document, name: String) throws {
        let (problems, count) = problems(in: document, name: name)
        guard count == 0 else {
            throw Failure(kind: .documentInvalid, schema: schemaName, document: name, problems: problems, problemCount: count)
        }
    }
}

// MARK: - Error callback

extension XMLSchemaValidator {
    /// Collects what libxml2 reports during one parse or validation.
    private final class ProblemLog {
        private(set) var problems: [Problem] = []
        private(set) var count = 0

        func add(_ problem: Problem) {
            count += 1
            if problems.count < XMLSchemaValidator.problemLimit { problems.append(problem) }
        }

        /// Adds another log's problems, keeping document order (by line, stable).
        func merge(_ other: ProblemLog) {
            let all = (problems + other.problems).enumerated().sorted {
                ($0.element.line, $0.offset) < ($1.element.line, $1.offset)
            }
            problems = Array(all.map(\.element).prefix(XMLSchemaValidator.problemLimit))
            count += other.count
        }

        func kept(orSay message: String) -> [Problem] {
            problems.isEmpty ? [Problem(line: 0, column: 0, message: message)] : problems
        }
    }

    /// The structured error callback. libxml2 2.9 passes `xmlErrorPtr`, 2.12
    /// and later `const xmlError *`: the closure's parameter type is inferred
    /// from the header, and both become an `UnsafePointer<xmlError>` here,
    /// the one place that differs. Warnings are not problems.
    private static let collect: xmlStructuredErrorFunc = { userData, error in
        guard let userData, let error else { return }
        let e = UnsafePointer(error).pointee
        guard e.level != XML_ERR_WARNING, e.level != XML_ERR_NONE else { return }
        let message = e.message.map { String(cString: $0) } ?? "error \(e.code)"
        let log = Unmanaged<ProblemLog>.fromOpaque(userData).takeUnretainedValue()
        log.add(Problem(line: Int(e.line), column: Int(e.int2),
                        message: message.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
