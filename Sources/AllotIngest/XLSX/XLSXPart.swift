import AllotXML

/// Reads one XML part of a workbook through `XMLSAXParser`, straight from
/// the inflating zip: the part is never whole in memory.
enum XLSXPart {
    /// Parses the part `name` of `archive` for `consumer`, at most `limit`
    /// inflated bytes. Elements nest at most 32 deep and a start tag holds
    /// at most `lineBytes` bytes and 256 attributes (a sheet needs 5 levels
    /// and a handful of attributes).
    /// - Throws: `not_well_formed` with the parser's line and message, or what `XLSXArchive.inflate` throws.
    static func parse(_ name: String, of archive: XLSXArchive, limit: Int = .max, lineBytes: Int, path: String,
                      consumer: XMLSAXConsumer) throws(XLSXFailure) {
        let parser = XMLSAXParser(consumer: consumer, limits: XMLSAXParser.Limits(
            depth: 32, attributesPerElement: 256, startTagBytes: lineBytes))
        var failure: XLSXFailure?
        let outcome = parser.parse { feed in
            do throws(XLSXFailure) {
                try archive.inflate(name, limit: limit, path: path) { feed($0) }
            } catch {
                failure = error
                throw error
            }
        }
        if let failure { throw failure }
        switch outcome {
        case .finished, .stopped:
            return
        case .notWellFormed(let problem):
            throw .broken("\(path) is damaged: its part \(name) is not well-formed XML at line \(problem.line), column \(problem.column): \(problem.message)")
        case .unreadable(let message):
            throw .broken("\(path) is damaged: its part \(name) cannot be read: \(message)")
        case .encodingNotRead(let encoding):  // not asked for: the parts' limits name no encodings
            throw .broken("\(path) is damaged: its part \(name) declares the encoding \(encoding), which allot does not read")
        case .limitExceeded(let exceeded):
            throw .broken("\(path) is damaged: its part \(name) has an element <\(exceeded.element)> at line \(exceeded.line) past the parser's limits (nesting, attributes or a start tag's length)")
        }
    }
}

/// An `XMLSAXConsumer` made of closures, for the workbook's small parts.
final class XLSXElements: XMLSAXConsumer {
    var start: (XMLSAXParser.Name, XMLSAXParser.Attributes) -> Bool = { _, _ in true }
    var end: (XMLSAXParser.Name) -> Void = { _ in }
    var text: (XMLSAXParser.Bytes) -> Void = { _ in }

    func startElement(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes, line: Int) -> Bool {
        start(name, attributes)
    }
    func endElement(_ name: XMLSAXParser.Name) { end(name) }
    func characters(_ text: XMLSAXParser.Bytes) { self.text(text) }
    func parserWarning(_ problem: XMLSAXParser.Problem) {}
}

extension XMLSAXParser.Attributes {
    /// The value of the attribute whose local name is `name`, in no namespace
    /// (`inNamespace` false) or in one (`r:id`).
    func value(_ name: StaticString, inNamespace: Bool = false) -> String? {
        first { $0.name.localName.matches(name) && $0.name.hasNamespace == inNamespace }?.value.string
    }
}
