import AllotCore
import Foundation
import Logging

/// The log: one line per message on standard error, as swift-log's
/// `StreamLogHandler` writes it (`2020-02-11T01:30:02+0800 notice allot: [allot] …`),
/// with the time in Asia/Shanghai, the zone of the bureau and its cut-off
/// (SPEC 1), whatever the machine's zone; in the zone `TZ` names when it is
/// set, as the C library reads it (`TZ=UTC`, `TZ=Europe/Berlin`). The offset
/// is on every line, so the log reads the same either way.
struct StandardErrorLog: LogHandler {
    let label: String
    var logLevel: Logger.Level = .notice
    var metadata = Logger.Metadata()
    var metadataProvider: Logger.MetadataProvider?

    init(label: String) {
        self.label = label
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let explicit = event.metadata { all.merge(explicit) { $1 } }
        let pretty = all.isEmpty ? "" : " " + all.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }.joined(separator: " ")
        let line = "\(Self.timestamp()) \(event.level) \(label):\(pretty) [\(event.source)] \(event.message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    // MARK: - The time of a line

    /// Whether `TZ` names the zone of the log (set and not empty).
    static var zoneFromEnvironment: Bool {
        guard let zone = getenv("TZ") else { return false }
        return zone.pointee != 0
    }

    /// The zone log lines are written in, for people: `Asia/Shanghai`, or `TZ` as set.
    static var zoneName: String {
        zoneFromEnvironment ? String(cString: getenv("TZ")) : "Asia/Shanghai"
    }

    /// Now as `YYYY-MM-DDTHH:MM:SS±hhmm` in the log's zone.
    static func timestamp(now: time_t = time(nil)) -> String {
        var parts = tm()
        var seconds = now
        if zoneFromEnvironment {
            guard localtime_r(&seconds, &parts) != nil else { return "\(now)" }
        } else {
            // Asia/Shanghai has kept UTC+8 without summer time since 1991.
            seconds += time_t(Instant.shanghaiOffsetMinutes * 60)
            guard gmtime_r(&seconds, &parts) != nil else { return "\(now)" }
        }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let offset = zoneFromEnvironment ? Int(parts.tm_gmtoff) : Instant.shanghaiOffsetMinutes * 60
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        let zone = sign + String(format: "%02d%02d", minutes / 60, minutes % 60)
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) + zone
    }
}
