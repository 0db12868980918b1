import BenchmarkSupport

/// Writes a platform's XML feed (SPEC 4.4): `<request>` elements and some
/// `<offer>`s in the feed namespace, indented as the example of SPEC 4.4.
enum XMLFeedWriter {
    /// The share of records that are offers.
    static let offerShare = 0.12

    /// Writes records until the file holds at least `targetBytes`; returns their fingerprint.
    static func write(to file: OutputFile, source: String, targetBytes: Int,
                      factory: inout RecordFactory) -> RecordFingerprint {
        var fingerprint = RecordFingerprint()
        file.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        file.write("<feed xmlns=\"urn:allot:feed:1\" source=\"\(escaped(source))\" generated=\"2020-02-10T20:00:00+08:00\">\n")
        while file.bytesWritten < targetBytes {
            let line = file.line
            if factory.random.chance(offerShare) {
                let o = factory.offer(thousandsSeparators: true)
                write(o, to: file, random: &factory.random)
                if o.withdrawn {
                    fingerprint.addWithdrawal(source: source, kind: "offer", id: o.id, updatedAt: o.updated.instant, line: line)
                } else {
                    fingerprint.addOffer(source: source, id: o.id, supplierID: o.supplierID, name: o.name, region: o.region,
                                         material: o.material, quantity: o.quantity.canonical, kind: o.kind.rawValue,
                                         availableFrom: o.availableFrom?.day, availableUntil: o.availableUntil?.day,
                                         updatedAt: o.updated.instant, line: line)
                }
            } else {
                let r = factory.request(workersAllowed: true, thousandsSeparators: true)
                write(r, to: file, random: &factory.random)
                if r.withdrawn {
                    fingerprint.addWithdrawal(source: source, kind: "request", id: r.id, updatedAt: r.updated?.instant, line: line)
                } else {
                    fingerprint.addRequest(source: source, id: r.id, enterpriseID: r.enterpriseID, name: r.name,
                                           region: r.region, material: r.material, quantity: r.need,
                                           workers: r.workers?.count, neededBy: r.neededBy?.day,
                                           category: r.category.rawValue, updatedAt: r.updated?.instant, line: line)
                }
            }
        }
        file.write("</feed>\n")
        return fingerprint
    }

    private static func write(_ r: RecordFactory.Request, to file: OutputFile, random: inout SeededRandom) {
        var open = "  <request id=\"\(r.id)\""
        if let status = r.statusText { open += " status=\"\(status)\"" }
        if let updated = r.updated { open += " updated=\"\(updated.text)\"" }
        if r.withdrawn && random.chance(0.5) {
            // A withdrawal needs only its id, status and update time (SPEC 4.5).
            file.write(open + "/>\n")
            return
        }
        var text = open + ">\n"
        text += "    <enterprise id=\"\(r.enterpriseIDText)\" name=\"\(escaped(r.name))\" category=\"\(r.categoryText)\"/>\n"
        text += "    <region>\(r.region)</region>\n"
        text += "    <material>\(escaped(r.materialText))</material>\n"
        if let workers = r.workers {
            text += "    <workers>\(workers.text)</workers>\n"
        } else if let q = r.quantity {
            text += quantityElement(q)
        }
        if let neededBy = r.neededBy { text += "    <needed-by>\(neededBy.text)</needed-by>\n" }
        text += "  </request>\n"
        file.write(text)
    }

    private static func write(_ o: RecordFactory.Offer, to file: OutputFile, random: inout SeededRandom) {
        var open = "  <offer id=\"\(o.id)\""
        if let kind = o.kindText { open += " kind=\"\(kind)\"" }
        if let status = o.statusText { open += " status=\"\(status)\"" }
        open += " updated=\"\(o.updated.text)\""
        if o.withdrawn && random.chance(0.5) {
            file.write(open + "/>\n")
            return
        }
        var text = open + ">\n"
        text += "    <supplier id=\"\(o.supplierID)\" name=\"\(escaped(o.name))\"/>\n"
        text += "    <region>\(o.region)</region>\n"
        text += "    <material>\(escaped(o.materialText))</material>\n"
        text += quantityElement(o.quantity)
        if let from = o.availableFrom { text += "    <available-from>\(from.text)</available-from>\n" }
        if let until = o.availableUntil { text += "    <available-until>\(until.text)</available-until>\n" }
        text += "  </offer>\n"
        file.write(text)
    }

    private static func quantityElement(_ q: MaterialForms.Quantity) -> String {
        if let unit = q.unit { return "    <quantity unit=\"\(escaped(unit))\">\(q.text)</quantity>\n" }
        return "    <quantity>\(q.text)</quantity>\n"
    }

    /// Text safe in element content and in double-quoted attributes.
    static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 }) else { return text }
        var out = ""
        for c in text {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
