import AllotCore
import Foundation

/// What a generated night is made from; equal settings give the same night.
struct NightSettings: Equatable {
    /// Raise whenever the generator's output changes.
    static let generatorVersion = 1

    var seed: UInt64 = 20_200_211
    /// 1 = the national night: 100,000 offers, 1,000,000 requests, 300 overrides.
    var scale: Double = 1
    /// SPEC 6 `share`: `maxmin` (the default policy) or `none`.
    var share: ShareMode = .maxmin
    /// The supply-chain night (`--supply-chain`): the same night from the same
    /// seed, then a third of the offers earmarked (SPEC 12), the masks one
    /// substitution group (SPEC 13) and 500 mask lines made conversion offers
    /// fed by meltblown (SPEC 14); see `SupplyChain`.
    var supplyChain = false
    /// A province night (`--province 37`): the same generator on that
    /// province's counties, prefectures and seat alone (records as for any
    /// scale; `--scale 0.05` gives Shandong's 136 counties about 1/20 of the
    /// national records). `nil`: every county of the table.
    var province: Int32?

    static let nationalOffers = 100_000
    static let nationalRequests = 1_000_000
    static let nationalOverrides = 300
    /// Fewer overrides than this would leave some action out at small scales.
    static let minimumOverrides = 24
    /// Mask lines of the national supply-chain night that are conversion offers.
    static let nationalConversions = 500

    var conversionCount: Int { max(4, Int((Double(Self.nationalConversions) * scale).rounded())) }

    var offerCount: Int { max(8, Int((Double(Self.nationalOffers) * scale).rounded())) }
    var requestCount: Int { max(8, Int((Double(Self.nationalRequests) * scale).rounded())) }
    var overrideCount: Int { max(Self.minimumOverrides, Int((Double(Self.nationalOverrides) * scale).rounded())) }

    /// `plan-scale-1`, `plan-scale-0.1-share-none-supply-chain`: the night's data folder.
    var folderName: String {
        "plan-scale-\(scaleText)" + (share == .maxmin ? "" : "-share-none") + (supplyChain ? "-supply-chain" : "")
            + (province.map { "-province-\($0)" } ?? "")
    }

    /// `0.1` → `"0.1"`, for folder names and the report.
    var scaleText: String {
        var s = String(format: "%.4f", scale)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
