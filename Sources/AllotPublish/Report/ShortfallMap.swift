import Foundation
import AllotCore

/// A shortage map for `report.html`: the night's regions drawn from the region table's coordinates (the seat
/// of each unit's government) as inline SVG, no tiles, no script, nothing fetched. Every region the night's
/// requests name is a grey dot; a region with a shortfall is a red mark whose area grows with its value, its
/// name and value in a `<title>` (a tooltip on hover). The projection is equirectangular, east-west
/// distances scaled by the cosine of the middle latitude, fitted to the regions drawn, so one city's eight
/// counties fill the frame as a province's hundreds do.
struct ShortfallMap {
    struct Mark {
        var region: RegionCode
        var name: String
        var value: Int128
        /// What the tooltip says after the name: `短缺 12,000 件`.
        var label: String
    }

    var title: String
    /// Every region of the night that the table places: the grey dots.
    var regions: [RegionCode]
    /// Regions with a shortfall (value > 0).
    var marks: [Mark]
    /// The legend's words for the largest mark: `最大 12,000 件`.
    var legend: String

    static let width = 320.0, height = 240.0, margin = 18.0, maxRadius = 16.0, minRadius = 3.0

    /// The SVG, or `nil` when the table places none of the regions.
    func svg(in table: RegionTable) -> String? {
        let placed = regions.compactMap { table[$0] }
        guard !placed.isEmpty else { return nil }
        let lats = placed.map(\.latitude), lons = placed.map(\.longitude)
        let midLat = (lats.min()! + lats.max()!) / 2
        let scaleX = cos(midLat * .pi / 180)
        let spanX = max((lons.max()! - lons.min()!) * scaleX, 0.05), spanY = max(lats.max()! - lats.min()!, 0.05)
        let inner = (w: Self.width - 2 * Self.margin, h: Self.height - 2 * Self.margin - 16)
        let scale = min(inner.w / spanX, inner.h / spanY)
        let offsetX = Self.margin + (inner.w - spanX * scale) / 2, offsetY = Self.margin + 16 + (inner.h - spanY * scale) / 2
        func point(_ r: Region) -> (x: String, y: String) {
            let x = offsetX + (r.longitude - lons.min()!) * scaleX * scale
            let y = offsetY + (lats.max()! - r.latitude) * scale
            return (Self.decimal(x), Self.decimal(y))
        }
        var out = "<svg class=\"map\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" role=\"img\" aria-label=\""
            + HTMLText.escaped(title) + "\"><text x=\"4\" y=\"14\" class=\"map-title\">" + HTMLText.escaped(title) + "</text>"
        for region in placed {
            let p = point(region)
            out += "<circle cx=\"\(p.x)\" cy=\"\(p.y)\" r=\"1.6\" class=\"map-dot\"/>"
        }
        let largest = marks.map(\.value).max() ?? 1
        // Largest first, so a small mark is drawn over a large one beside it.
        for mark in marks.sorted(by: { $0.value != $1.value ? $0.value > $1.value : $0.region < $1.region }) {
            guard let region = table[mark.region] else { continue }
            let p = point(region)
            out += "<circle cx=\"\(p.x)\" cy=\"\(p.y)\" r=\"\(Self.decimal(Self.radius(mark.value, largest: largest)))\" "
                + "class=\"map-mark\" data-region=\"\(mark.region)\"><title>" + HTMLText.escaped(mark.name + " " + mark.label)
                + "</title></circle>"
        }
        if !marks.isEmpty {
            // The legend: the largest mark's size and value.
            let r = Self.maxRadius, cy = Self.height - r - 3
            out += "<circle cx=\"\(Self.decimal(r + 3))\" cy=\"\(Self.decimal(cy))\" r=\"\(Self.decimal(r))\" class=\"map-mark\"/>"
                + "<text x=\"\(Self.decimal(2 * r + 8))\" y=\"\(Self.decimal(cy + 4))\" class=\"map-legend\">"
                + HTMLText.escaped(legend) + "</text>"
        }
        return out + "</svg>"
    }

    /// A mark's area in proportion to its value, between the smallest and largest radius.
    static func radius(_ value: Int128, largest: Int128) -> Double {
        guard largest > 0 else { return minRadius }
        let share = Double(value) / Double(largest)
        return max(minRadius, (share.squareRoot() * maxRadius * 10).rounded() / 10)
    }

    /// One decimal: enough for a 320-pixel frame, and what keeps a national page small.
    static func decimal(_ value: Double) -> String {
        let tenths = Int64((value * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : String(tenths / 10) + "." + String(abs(tenths % 10))
    }
}
