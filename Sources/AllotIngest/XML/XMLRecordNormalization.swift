import AllotCore
import Dispatch

/// Normalizes the records of one XML feed on a serial queue of its own while
/// the parser reads on, and keeps them in file order.
///
/// Parsing (libxml2 and the batch builder) and normalizing each take about
/// half of the time a feed takes; side by side on two cores a 100 MB feed
/// is read in about half the time it took one after the other.
///
/// Thread safety: everything but `submit` and `finish` runs on `queue`;
/// `finish` waits for the queue before it hands the results over.
final class XMLRecordNormalization: @unchecked Sendable {
    private let path: String
    private let normalizer: RecordNormalizer
    private let queue = DispatchQueue(label: "allot.xml.normalize")
    /// Batches handed over and not normalized yet, at most: bounds the memory
    /// batches take when normalizing is the slower side.
    private let inFlight = DispatchSemaphore(value: 4)

    // Touched on `queue` only.
    private var fields = [RecordFields(order: FeedField.fields(of: .offer)),
                          RecordFields(order: FeedField.fields(of: .request))]
    private let orders = [FeedField.fields(of: .offer), FeedField.fields(of: .request)]
    private var records: [(record: FeedRecord, origin: RecordOrigin)] = []
    private var rejects: [Reject] = []

    init(path: String, normalizer: RecordNormalizer) {
        self.path = path
        self.normalizer = normalizer
    }

    /// Hands a batch over; waits while too many are waiting already.
    func submit(_ batch: XMLRecordBatch) {
        guard !batch.entries.isEmpty else { return }
        inFlight.wait()
        queue.async {
            self.normalize(batch)
            self.inFlight.signal()
        }
    }

    /// Waits for every batch handed over and returns the records and rejects in file order.
    func finish() -> (records: [(record: FeedRecord, origin: RecordOrigin)], rejects: [Reject]) {
        queue.sync { (records, rejects) }
    }

    /// Normalizes a batch. `fields`, `records` and `rejects` are moved into
    /// locals for the batch and back once: changed through `self` per record,
    /// each change was an exclusivity check at run time (Decision 17).
    private func normalize(_ batch: XMLRecordBatch) {
        var fields = self.fields, records = self.records, rejects = self.rejects
        (self.fields, self.records, self.rejects) = ([], [], [])
        defer { (self.fields, self.records, self.rejects) = (fields, records, rejects) }
        for entry in batch.entries {
            let k = entry.kind == .offer ? 0 : 1
            if let tooLarge = entry.tooLarge {
                rejects.append(Reject(file: path, line: entry.line, field: tooLarge.field.name, source: batch.source,
                                      recordID: batch.value(FeedField.idField(of: entry.kind), slotBase: entry.slotBase) ?? "",
                                      code: .fieldTooLarge, message: tooLarge.message,
                                      raw: String(decoding: batch.raw[entry.raw], as: UTF8.self)))
                continue
            }
            if let line = entry.repeatedEarmarkLine {
                rejects.append(Reject(file: path, line: entry.line, field: "for", source: batch.source,
                                      recordID: batch.value(FeedField.idField(of: entry.kind), slotBase: entry.slotBase) ?? "",
                                      code: .badEarmark,
                                      message: "the offer has a second <for> on line \(line): an offer carries at most one (put enterprise, categories and regions on one <for>)",
                                      raw: String(decoding: batch.raw[entry.raw], as: UTF8.self)))
                continue
            }
            fields[k].removeAllValues()
            for field in orders[k] {
                fields[k][field] = batch.value(field, slotBase: entry.slotBase)
            }
            switch normalizer.normalize(fields[k], kind: entry.kind, source: batch.source) {
            case .success(let record):
                records.append((record, RecordOrigin(file: path, line: entry.line)))
            case .failure(let problem):
                let id = fields[k][FeedField.idField(of: entry.kind)] ?? ""
                rejects.append(Reject(file: path, line: entry.line, field: problem.field?.name ?? "",
                                      source: batch.source, recordID: id, code: problem.code,
                                      message: problem.message,
                                      raw: String(decoding: batch.raw[entry.raw], as: UTF8.self)))
            }
        }
    }
}
