import Foundation

/// Road distance and transit time between two regions (SPEC 5).
public enum RoadDistance {
    /// Mean Earth radius used by SPEC 5, in km.
    public static let earthRadiusKm = 6371.0088

    /// road_km in tenths of a kilometre: 0 within a region, else the haversine
    /// distance between the regions' points times `roadFactor`, rounded to
    /// 0.1 km (half away from zero).
    public static func decikm(from a: Region, to b: Region, roadFactor: Double) -> Int64 {
        if a.code == b.code { return 0 }
        let km = haversineKm(lat1: a.latitude, lon1: a.longitude, lat2: b.latitude, lon2: b.longitude) * roadFactor
        return Int64((km * 10).rounded(.toNearestOrAwayFromZero))
    }

    /// Great-circle distance on a sphere of `earthRadiusKm`.
    public static func haversineKm(lat1: Double, lon1: Double, lat2: Double, lon2: Double) -> Double {
        let toRadians = Double.pi / 180
        let dLat = (lat2 - lat1) * toRadians, dLon = (lon2 - lon1) * toRadians
        let s = sin(dLat / 2), t = sin(dLon / 2)
        let h = s * s + cos(lat1 * toRadians) * cos(lat2 * toRadians) * t * t
        return 2 * earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    /// transit_days = ceil(road_km / speed_km_per_day), from the rounded road_km.
    public static func transitDays(decikm: Int64, speedKmPerDay: Double) -> Int {
        if decikm == 0 { return 0 }
        return Int((Double(decikm) / 10 / speedKmPerDay).rounded(.up))
    }
}
