import AllotCore
import XCTest

final class SubstitutesTests: XCTestCase {
    private let medical = MaterialCode("MASK-MEDICAL"), surgical = MaterialCode("MASK-SURGICAL")
    private let n95 = MaterialCode("MASK-N95"), suit = MaterialCode("SUIT"), alcohol = MaterialCode("ALCOHOL")

    private var spec: Substitutes {
        Substitutes([.init(requested: medical, substitutes: [surgical, n95]), .init(requested: surgical, substitutes: [n95])])
    }

    func test_rank_sameMaterialZero_thenPlaceInTheList_notTransitive() {
        XCTAssertEqual(spec.rank(of: medical, serving: medical), 0)
        XCTAssertEqual(spec.rank(of: surgical, serving: medical), 1)
        XCTAssertEqual(spec.rank(of: n95, serving: medical), 2)
        XCTAssertEqual(spec.rank(of: n95, serving: surgical), 1)
        XCTAssertNil(spec.rank(of: medical, serving: surgical), "a list serves its key, not the other way round")
        XCTAssertNil(spec.rank(of: surgical, serving: n95))
        XCTAssertNil(Substitutes().rank(of: n95, serving: medical))
    }

    func test_groups_linkedInEitherDirection() {
        XCTAssertEqual(spec.groups(of: [suit, n95, alcohol, medical, surgical]),
                       [[alcohol], [medical, n95, surgical], [suit]])
        // A chain through a material the night does not have still links the others.
        let chain = Substitutes([.init(requested: suit, substitutes: [n95]), .init(requested: medical, substitutes: [n95])])
        XCTAssertEqual(chain.groups(of: [suit, medical]), [[medical, suit]])
        XCTAssertEqual(Substitutes().groups(of: [suit, medical]), [[medical], [suit]])
    }

    func test_problem_firstEntryTheCatalogCannotUse() {
        let catalog = MaterialCatalog(materials: MaterialCatalog.builtInMaterials, normalize: { $0 })
        XCTAssertNil(spec.problem(in: catalog))
        let bad = Substitutes([.init(requested: medical, substitutes: [surgical], line: 2),
                               .init(requested: suit, substitutes: [alcohol], line: 3)])
        XCTAssertEqual(bad.problem(in: catalog)?.entry.line, 3)
        XCTAssertEqual(bad.problem(in: catalog)?.message,
                       "ALCOHOL is counted in kg and SUIT in piece: a substitute must have the requested material's unit")
    }
}
