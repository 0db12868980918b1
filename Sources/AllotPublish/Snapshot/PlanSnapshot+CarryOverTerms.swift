import AllotCore
import AllotXML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PlanSnapshot {
    /// How many bytes of `dispatch.xml` are read at a time.
    static let dispatchXMLChunkBytes = 1 << 20

    /// The carry-over terms (category, `needed_by`) of every request with a shortfall, from the `category`
    /// and `needed-by` attributes of `dispatch.xml`'s `<unmet>` elements (SPEC 15): what `allot ledger
    /// rebuild` records. Streamed from the file: a national `dispatch.xml` of 400 MB is never held whole,
    /// and of its elements only `<unmet>` are looked at. A plan published before the attributes existed
    /// gives no terms for its requests.
    /// - Throws: `PlanSnapshotError` when the file is missing or not well-formed, or an attribute's value is
    ///   not a category or a date.
    /// - Complexity: O(n) in the file's size; memory O(unmet requests).
    public static func carryOverTerms(_ folder: PlanFolder) throws -> [RecordKey: CarryOver.Terms] {
        let path = Self.path(folder, DispatchXML.fileName)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw PlanSnapshotError(file: path, message: "cannot be opened: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        let reader = UnmetTermsReader(path: path)
        switch XMLSAXParser(consumer: reader).parse(descriptor: fd, chunkSize: dispatchXMLChunkBytes) {
        case .finished:
            return reader.terms
        case .stopped:
            throw reader.error ?? PlanSnapshotError(file: path, message: "could not be read to its end")
        case .notWellFormed(let problem):
            throw PlanSnapshotError(file: path, line: problem.line, message: "not well-formed: \(problem.message)")
        case .unreadable(let reason):
            throw PlanSnapshotError(file: path, message: "cannot be read: \(reason)")
        case .limitExceeded, .encodingNotRead:
            throw PlanSnapshotError(file: path, message: "could not be read to its end")
        }
    }
}

/// Keeps the carry-over terms of each `<unmet>` that has a `category`; compares every other element's
/// name only.
private final class UnmetTermsReader: XMLSAXConsumer {
    let path: String
    var terms = [RecordKey: CarryOver.Terms]()
    var error: PlanSnapshotError?

    init(path: String) { self.path = path }

    func startElement(_ name: XMLSAXParser.Name, attributes: XMLSAXParser.Attributes, line: Int) -> Bool {
        guard name.localName.matches("unmet") else { return true }
        var source: String?, id: String?, categoryText: String?, neededByText: String?
        for attribute in attributes {
            let local = attribute.name.localName
            if local.matches("source") {
                source = attribute.value.string
            } else if local.matches("request-id") {
                id = attribute.value.string
            } else if local.matches("category") {
                categoryText = attribute.value.string
            } else if local.matches("needed-by") {
                neededByText = attribute.value.string
            }
        }
        guard let categoryText else { return true }
        guard let category = Category(rawValue: categoryText) else {
            return fail(line, "category", "\(categoryText) is not a category")
        }
        var neededBy: CalendarDate?
        if let neededByText {
            guard let date = CalendarDate(iso: neededByText) else {
                return fail(line, "needed-by", "\(neededByText) is not a date (YYYY-MM-DD)")
            }
            neededBy = date
        }
        guard let source, let id else { return fail(line, "request-id", "an <unmet> without its source and request-id") }
        terms[RecordKey(source: source, kind: .request, id: id)] = CarryOver.Terms(category: category, neededBy: neededBy)
        return true
    }

    private func fail(_ line: Int, _ field: String, _ message: String) -> Bool {
        error = PlanSnapshotError(file: path, line: line, field: field, message: message)
        return false
    }

    func endElement(_ name: XMLSAXParser.Name) {}
    func characters(_ text: XMLSAXParser.Bytes) {}
    func parserWarning(_ problem: XMLSAXParser.Problem) {}
}
