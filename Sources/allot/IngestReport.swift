import AllotCore
import AllotIngest

/// The text `allot validate` prints: a table of files, then every reject.
enum IngestReport {
    static func text(for night: IngestedNight) -> String {
        var out = "file\tencoding\trecords\taccepted\trejected\tsuperseded\n"
        for f in night.files {
            out += "\(f.path)\t\(f.encoding ?? "-")\t\(f.records)\t\(f.accepted)\t\(f.rejected)\t\(f.superseded)\n"
        }
        let t = night.totals
        out += "total\t\t\(t.records)\t\(t.accepted)\t\(t.rejected)\t\(t.superseded)\n"
        if night.rejects.isEmpty {
            out += "\nno rejects\n"
        } else {
            out += "\n\(night.rejects.count) rejects:\n"
            for r in night.rejects {
                var place = r.file
                if r.line > 0 { place += ":\(r.line)" }
                let who = r.recordID.isEmpty ? "" : " \(r.source):\(r.recordID)"
                let field = r.field.isEmpty ? "" : " [\(r.field)]"
                out += "\(place)\(who)\(field) \(r.code.rawValue): \(r.message)\n"
            }
        }
        return out
    }
}
