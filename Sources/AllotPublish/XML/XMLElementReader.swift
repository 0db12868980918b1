import CLibXML2

/// Streams the start tags of an XML document held in memory, with their
/// attributes and lines, through libxml2's `xmlTextReader`: how the plan's
/// own XML files are read back (after `XMLSchemaValidator` has checked them).
///
/// `XML_PARSE_NONET` only: no DTD loading, no entity substitution.
enum XMLElementReader {
    /// One start tag.
    struct Element {
        /// The local name (no prefix).
        var name: String
        /// Attributes by local name.
        var attributes: [String: String]
        /// 1-based line of the tag (libxml2's count).
        var line: Int
        /// 0 for the root.
        var depth: Int
    }

    /// Calls `body` for every element in document order.
    /// - Returns: `false` when libxml2 could not read the document to its end.
    /// - Complexity: O(n) in the document's size.
    @discardableResult
    static func forEachElement(in document: [UInt8], name: String, _ body: (Element) throws -> Void) rethrows -> Bool {
        guard !document.isEmpty, document.count <= Int(Int32.max) else { return false }
        return try document.withUnsafeBufferPointer { buffer -> Bool in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            guard let reader = xmlReaderForMemory(base, Int32(buffer.count), name, nil,
                                                  Int32(XML_PARSE_NONET.rawValue)) else { return false }
            defer { xmlFreeTextReader(reader) }
            var status = xmlTextReaderRead(reader)
            while status == 1 {
                if xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                    var element = Element(name: string(xmlTextReaderConstLocalName(reader)), attributes: [:],
                                          line: Int(xmlTextReaderGetParserLineNumber(reader)),
                                          depth: Int(xmlTextReaderDepth(reader)))
                    while xmlTextReaderMoveToNextAttribute(reader) == 1 {
                        element.attributes[string(xmlTextReaderConstLocalName(reader))] = string(xmlTextReaderConstValue(reader))
                    }
                    xmlTextReaderMoveToElement(reader)
                    try body(element)
                }
                status = xmlTextReaderRead(reader)
            }
            return status == 0
        }
    }

    private static func string(_ text: UnsafePointer<xmlChar>?) -> String {
        text.map { String(cString: $0) } ?? ""
    }
}
