import AllotCore
import AllotCSV

/// `passes.csv`: one transport pass request per (supplier, from region, to region, shipping day) (SPEC 16).
public enum PassesCSV {
    public static let fileName = "passes.csv"

    public static let header = [
        "pass_id", "ship_on", "valid_until", "supplier_id", "supplier_name", "from_region", "from_region_name",
        "to_region", "to_region_name", "goods", "weight_kg", "trucks",
    ]

    /// The night's passes (`TransportPass.passes`), from its dispatch lines.
    /// - Throws: `PlanFileError.unknownMaterial` for a line whose material the catalog does not hold.
    static func passes(of run: NightRun, rows: [DispatchRow]) throws -> [TransportPass] {
        let lines = try rows.map { row -> TransportPass.Line in
            guard let material = run.catalog[row.line.material] else {
                throw PlanFileError.unknownMaterial(row.line.material, file: fileName)
            }
            return TransportPass.Line(
                supplierID: row.offer.supplierID.description, supplierName: row.offer.supplierName,
                fromRegion: row.offer.region, toRegion: row.request.region, shipOn: row.line.lotDay,
                arriveBy: row.line.arriveBy, material: row.line.material, quantity: row.line.quantity.units,
                kilogramsPerUnit: material.kilogramsPerUnit)
        }
        return TransportPass.passes(of: lines, planDate: run.planDate,
                                    truckCapacityKilograms: run.policy.truckCapacityKilograms)
    }

    /// What a pass says it carries, in the labels' language: `一次性使用医用口罩 20000 件; 消毒液 12000 千克`.
    public static func goods(_ pass: TransportPass, labels: PlanLabels) -> String {
        pass.goods.map { "\(labels.material($0.material)) \($0.quantity) \(labels.unit(labels.unitCode($0.material)))" }
            .joined(separator: "; ")
    }

    /// The file's bytes: regions as codes and addresses (`聊城市茌平区`), `goods` in the labels' language,
    /// `weight_kg` with one decimal.
    static func render(_ passes: [TransportPass], labels: PlanLabels) -> [UInt8] {
        var csv = CSVWriter(header: header)
        for pass in passes {
            csv.append([
                .text(pass.passID), .text(pass.shipOn.description), .text(pass.validUntil.description),
                .text(pass.supplierID), .text(pass.supplierName), .text(pass.fromRegion.description),
                .text(labels.address(pass.fromRegion)), .text(pass.toRegion.description), .text(labels.address(pass.toRegion)),
                .text(goods(pass, labels: labels)), .decimal(units: pass.weightDecikilograms, scale: 1),
                .integer(Int64(pass.trucks)),
            ])
        }
        return csv.bytes
    }
}
