/// SPEC 4.5: which of the night's readable records stand when a key appears
/// more than once.
///
/// - The record with the latest `updated_at` wins; the others are superseded.
///   A record without one takes its XML feed's `generated`; without either it
///   is older than any record that has one.
/// - Equal latest `updated_at` with identical content: one copy (the first in
///   feed order) wins, the rest are superseded.
/// - Equal latest `updated_at` with different content: the distinct versions
///   are rejected as conflicting (one reject per version; further identical
///   copies superseded), and the older records stay superseded: the key takes
///   no part in the night (Documentation/Decisions/0003).
/// - A winning withdrawal is accepted and takes the key out of the night.
public enum RecordUpdates {
    /// One readable record with where it came from.
    public struct Entry: Hashable, Sendable {
        public var record: FeedRecord
        public var origin: RecordOrigin
        /// Position in feed order (sorted path, then line), for ties.
        public var sequence: Int

        public init(record: FeedRecord, origin: RecordOrigin, sequence: Int) {
            self.record = record
            self.origin = origin
            self.sequence = sequence
        }
    }

    public struct Outcome: Sendable {
        /// Winners in feed order, withdrawals included.
        public var accepted: [Entry] = []
        public var superseded: [Entry] = []
        /// Versions rejected as conflicting, grouped by key, each group in feed order.
        public var conflicts: [[Entry]] = []
    }

    /// Resolves the night's records; each record must already carry its
    /// effective `updatedAt` (its own, or its feed's `generated`).
    /// - Complexity: O(n log n) in the number of records.
    public static func resolve(_ entries: [Entry]) -> Outcome {
        // Most keys appear once: remember each key's first entry, and group only the keys seen again.
        var firstIndex = [RecordKey: Int](minimumCapacity: entries.count)
        var repeated = [RecordKey: [Int]]()
        for i in entries.indices {
            let key = entries[i].record.key
            if let first = firstIndex[key] {
                repeated[key, default: [first]].append(i)
            } else {
                firstIndex[key] = i
            }
        }
        var outcome = Outcome()
        var winners = Set<Int>()
        for key in repeated.keys.sorted(by: { repeated[$0]![0] < repeated[$1]![0] }) {
            let members = repeated[key]!
            let latest = members.map { entries[$0].record.updatedAt }.max { lhs, rhs in
                switch (lhs, rhs) {
                case (nil, nil), (_?, nil): return false
                case (nil, _?): return true
                case let (l?, r?): return l < r
                }
            }!
            var versions = [FeedRecord: Int]()   // distinct content at the latest time -> first index
            var versionOrder = [FeedRecord]()
            for i in members {
                let record = entries[i].record
                guard record.updatedAt == latest else {
                    outcome.superseded.append(entries[i])
                    continue
                }
                if versions[record] == nil {
                    versions[record] = i
                    versionOrder.append(record)
                } else {
                    outcome.superseded.append(entries[i])
                }
            }
            if versionOrder.count == 1 {
                winners.insert(versions[versionOrder[0]]!)
            } else {
                outcome.conflicts.append(versionOrder.map { entries[versions[$0]!] })
            }
        }
        outcome.accepted.reserveCapacity(entries.count - outcome.superseded.count)
        for (i, e) in entries.enumerated() where repeated.isEmpty || repeated[e.record.key] == nil || winners.contains(i) {
            outcome.accepted.append(e)
        }
        outcome.superseded.sort { $0.sequence < $1.sequence }
        return outcome
    }
}
