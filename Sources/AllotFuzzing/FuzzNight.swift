import AllotCore
import AllotIngest
import Foundation

/// The small night the entries read against: the built-in regions and
/// catalog, a registry of two enterprises, and a few offers and requests
/// from the sample night (so that `overrides.csv` can name real records).
/// Read once per process, through `NightIngest.read`.
struct FuzzNight: Sendable {
    var reference: ReferenceData
    var offers: [Offer]
    var requests: [Request]

    static let shared: FuzzNight = {
        let folder = FuzzScratch.root.appendingPathComponent("night")
        let files = [
            "reference/enterprises.csv": """
                enterprise_id,enterprise_name,region,category,workers
                91371523779066507N,信发集团有限公司,371503,key_enterprise,32000
                91371500706079729C,山东力得汽车科技股份有限公司,371503,key_enterprise,1200
                """,
            "feeds/liaocheng-offers.csv": """
                offer_id,supplier_id,supplier_name,region,material,quantity,unit,kind,available_from,available_until,updated_at,status
                LCO-001,91371523779066507N,信发集团有限公司,茌平区,消毒液,10吨,,donation,2020-02-11,,2020-02-09 18:00,
                LCO-003,91371523659524893L,聊城市茌平区中联实业有限公司,聊城市茌平区,消毒水,12吨,,donation,2020-02-11,,2020-02-10 11:30,
                LCO-004,913715227026964626,莘县华祥盐化有限公司,莘县,口罩,600,盒,donation,2020/2/11,,2020-02-10 09:40,
                """,
            "feeds/county-chiping.csv": """
                request_id,enterprise_id,enterprise_name,region,material,quantity,unit,workers,needed_by,category,updated_at,status
                CP-001,91371500706079729C,山东力得汽车科技股份有限公司,371503,消毒液,12,吨,,2020-02-11,key_enterprise,2020-02-10 08:30,
                CP-002,91371500706079729C,山东力得汽车科技股份有限公司,371503,口罩,,,1200,2020-02-12,key_enterprise,2020-02-10 08:30,
                CP-003,91371523779066507N,,,口罩,,,,2020-02-13,,2020-02-10 09:00,
                """,
        ]
        do {
            for (path, text) in files {
                try Data((text + "\n").utf8).write(to: folder.appendingPathComponent(path))
            }
            let night = try NightIngest.read(inputs: folder)
            guard !night.offers.isEmpty, !night.requests.isEmpty else {
                fatalError("the fuzz night has no offers or requests: \(night.rejects)")
            }
            return FuzzNight(reference: night.reference, offers: night.offers, requests: night.requests)
        } catch {
            fatalError("cannot read the fuzz night: \(error)")
        }
    }()
}
