import AllotXML

/// Streams the start tags of an XML document held in memory, with their
/// attributes and lines: how the plan's own XML files are read back (after
/// `XMLSchemaValidator` has checked them), through the same libxml2 reader
/// as the feeds (`XMLSAXParser`: no network, no DTD loading).
enum XMLElementReader {
    /// One start tag.
    struct Element {
        /// The local name (no prefix).
        var name: String
        /// Attributes by local name.
        var attributes: [String: String]
        /// 1-based line where the start tag ends.
        var line: Int
        /// 0 for the root.
        var depth: Int
    }

    /// Calls `body` for every element in document order.
    /// - Returns: `false` when the document could not be read to its end.
    /// - Complexity: O(n) in the document's size.
    @discardableResult
    static func forEachElement(in document: [UInt8], name: String, _ body: (Element) throws -> Void) throws -> Bool {
        guard !document.isEmpty else { return false }
        return try withoutActuallyEscaping(body) { body in
            let consumer = Consumer(body: body)
            let outcome = XMLSAXParser(consumer: consumer).parse(document: document)
            if let error = consumer.error { throw error }
            if case .finished = outcome { return true }
            return false
        }
    }

    /// Hands each start tag to `body`, counting depth; keeps the first error `body` throws and stops.
    private final class Consumer: XMLSAXConsumer {
        let body: (Element) throws -> Void
        var depth = 0
        var error: Error?

        init(body: @escaping (Element) throws -> Void) { self.body = body }

        func startElement(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes, line: Int) -> Bool {
            var element = Element(name: name.localName.string, attributes: [:], line: line, depth: depth)
            for attribute in attributes { element.attributes[attribute.name.localName.string] = attribute.value.string }
            depth += 1
            do { try body(element) } catch {
                self.error = error
                return false
            }
            return true
        }

        func endElement(_ name: XMLSAXParser.Name) { depth -= 1 }
        func characters(_ text: XMLSAXParser.Bytes) {}
        func parserWarning(_ problem: XMLSAXParser.Problem) {}
    }
}
