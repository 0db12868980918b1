/// A registered enterprise (`reference/enterprises.csv`, SPEC 4.3): what a
/// request may leave out.
public struct Enterprise: Hashable, Sendable {
    public var id: CreditCode
    public var name: String?
    public var region: RegionCode?
    public var category: Category?
    public var workers: Int64?

    public init(id: CreditCode, name: String? = nil, region: RegionCode? = nil, category: Category? = nil,
                workers: Int64? = nil) {
        self.id = id
        self.name = name
        self.region = region
        self.category = category
        self.workers = workers
    }
}
