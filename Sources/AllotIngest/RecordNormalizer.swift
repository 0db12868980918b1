import AllotCore

/// Why a record was rejected: the first bad field in column order, a stable
/// code and a message a feed provider understands.
public struct FieldProblem: Error, Equatable, Sendable {
    public var field: FeedField?
    public var code: RejectCode
    public var message: String

    public init(_ field: FeedField?, _ code: RejectCode, _ message: String) {
        self.field = field
        self.code = code
        self.message = message
    }

    /// The message of a reject of `text`, a value of the column `name`, when
    /// it holds a control character (`ControlCharacters`), which no output may
    /// carry: which and where, as `rejects.csv` shows it (`\u0000`), and `fix`.
    /// - Complexity: O(n).
    static func controlCharacterMessage(in text: String, column name: String, fix: String = "remove it") -> String? {
        guard let (scalar, position) = ControlCharacters.first(in: text) else { return nil }
        return "\(name) holds the control character \(ControlCharacters.written(scalar)) at character \(position), "
            + "which is not text: \(fix)"
    }
}

/// Turns the text of one record into a validated `Offer`, `Request` or
/// `Withdrawal` (SPEC 2, 4.1-4.3), or names its first bad field. A value
/// holding a control character (`ControlCharacters`: NUL, ESC, DEL…) is a
/// bad field of its own, `control_character`, whatever the field.
///
/// Keeps caches of repeated texts (regions, materials, units, dates), so it
/// is not shared between threads: give each reader thread its own.
public final class RecordNormalizer {
    /// The last feed source found free of control characters: a feed's records share one.
    private var checkedSource: String?
    public let reference: ReferenceData
    private var regionCache: [String: Result<RegionCode, FieldProblem>] = [:]
    private var materialCache: [String: Material?] = [:]
    private var dateCache: [String: CalendarDate?] = [:]
    private var unitTables: [MaterialCode: [String: ExactDecimal]] = [:]
    private var unitCache: [UnitCacheKey: ExactDecimal?] = [:]
    private var categoryCache: [String: Category?] = [:]
    private var kindCache: [String: OfferKind?] = [:]
    private var orderCache: (key: [FeedField], kind: RecordKind, order: [FeedField])?

    private struct UnitCacheKey: Hashable {
        var material: MaterialCode
        var text: String
    }

    /// Caches of texts that vary per record (timestamps) are cleared past this size.
    private static let cacheLimit = 50_000

    public init(reference: ReferenceData) {
        self.reference = reference
    }

    /// Reads one record of `kind` from `source`.
    public func normalize(_ fields: RecordFields, kind: RecordKind, source: String) -> Result<FeedRecord, FieldProblem> {
        do {
            return .success(try read(fields, kind: kind, source: source))
        } catch let problem as FieldProblem {
            return .failure(problem)
        } catch {
            return .failure(FieldProblem(nil, .badNumber, "\(error)"))
        }
    }

    // MARK: - Records

    private func read(_ fields: RecordFields, kind: RecordKind, source: String) throws -> FeedRecord {
        // The source is part of every record's key and of the plan files: an XML feed's `source`, or a file's name.
        if source != checkedSource {
            if let message = FieldProblem.controlCharacterMessage(in: source, column: "the feed's source") {
                throw FieldProblem(nil, .controlCharacter, message)
            }
            checkedSource = source
        }
        let idField = FeedField.idField(of: kind)
        let id = fields[idField]?.trimmingSpaces() ?? ""
        // A withdrawal needs only its id, status and updated_at (SPEC 4.5).
        if let statusText = value(fields, .status), RecordStatus(text: statusText) == .withdrawn {
            guard !id.isEmpty else { throw missing(idField) }
            try refuseControlCharacters(id, idField)
            let updated = try value(fields, .updatedAt).map { try instant($0, .updatedAt) }
            return .withdrawal(Withdrawal(key: RecordKey(source: source, kind: kind, id: id), updatedAt: updated))
        }
        let material = value(fields, .material).flatMap(resolveMaterial)
        var state = RecordState()
        for field in checkingOrder(fields, kind: kind) {
            try check(field, in: fields, kind: kind, material: material, state: &state)
        }
        let key = RecordKey(source: source, kind: kind, id: id)
        if kind == .request, reference.registryFillsLater, state.amount == nil, state.workers == nil {
            state.leftToRegistry.append(.workers)
        }
        if !state.leftToRegistry.isEmpty {
            if state.amount != nil || state.workers != nil { _ = try need(state, material: material!) }
            throw registryFills(state.leftToRegistry, enterprise: state.creditCode!)
        }
        switch kind {
        case .offer:
            return .offer(Offer(key: key, supplierID: state.creditCode!, supplierName: state.name!, region: state.region!,
                                material: material!.code, quantity: try quantity(state, material: material!),
                                kind: state.offerKind ?? .stock, availableFrom: state.availableFrom,
                                availableUntil: state.availableUntil, updatedAt: state.updatedAt,
                                terms: try offerTerms(state, product: material!)))
        case .request:
            return .request(try request(key: key, state: state, material: material!))
        }
    }

    /// Values read so far from one record.
    private struct RecordState {
        var creditCode: CreditCode?
        var name: String?
        var region: RegionCode?
        var amount: QuantityText.Parsed?
        /// The quantity and the unit column as written, for the message of a reject.
        var quantityText: String?
        var unitText: String?
        var unitFactor: ExactDecimal?
        var workers: Int64?
        var offerKind: OfferKind?
        var availableFrom: CalendarDate?
        var availableUntil: CalendarDate?
        var neededBy: CalendarDate?
        var category: Category?
        var updatedAt: Instant?
        var earmark = Earmark()
        /// A conversion offer's input, as read (SPEC 14).
        var inputMaterial: Material?
        var inputPerUnit: ExactDecimal?
        var inputStockText: String?
        /// The first input field given, for the reject of an input on an offer of another kind.
        var firstInputField: FeedField?
        /// Blank fields the registry fills, when it is not at hand (`ReferenceData.registryFillsLater`).
        var leftToRegistry: [FeedField] = []
    }

    /// The kind's fields in the file's column order, then those the file lacks (computed once per file).
    private func checkingOrder(_ fields: RecordFields, kind: RecordKind) -> [FeedField] {
        if let cached = orderCache, cached.kind == kind, cached.key == fields.order { return cached.order }
        let own = FeedField.fields(of: kind)
        let present = fields.order.filter { own.contains($0) }
        let order = present + own.filter { !present.contains($0) }
        orderCache = (fields.order, kind, order)
        return order
    }

    private func check(_ field: FeedField, in fields: RecordFields, kind: RecordKind, material: Material?,
                       state: inout RecordState) throws {
        let text = value(fields, field)
        if let text { try refuseControlCharacters(text, field) }
        let registered = state.creditCode.flatMap { reference.registry[$0] }
        switch field {
        case .offerID, .requestID:
            guard text != nil else { throw missing(field) }
        case .supplierID, .enterpriseID:
            guard let text else { throw missing(field) }
            switch CreditCode.parse(text) {
            case .success(let code): state.creditCode = code
            case .failure(let problem): throw FieldProblem(field, .badCreditCode, "\(text): \(problem)")
            }
        case .supplierName, .enterpriseName:
            if let text { state.name = text } else if kind == .request, let name = registered?.name {
                state.name = name
            } else if kind == .request, reference.registryFillsLater {
                state.leftToRegistry.append(field)
            } else { throw missing(field, registryHint: kind == .request) }
        case .region:
            if let text { state.region = try region(text) } else if kind == .request, let r = registered?.region {
                state.region = r
            } else if kind == .request, reference.registryFillsLater {
                state.leftToRegistry.append(field)
            } else { throw missing(field, registryHint: kind == .request) }
        case .material:
            guard let text else { throw missing(field) }
            guard material != nil else {
                throw FieldProblem(field, .unknownMaterial, "\(text) is not a material of the catalog (\(catalogNames))")
            }
        case .quantity:
            guard let text else {
                if kind == .offer { throw missing(field) }
                return
            }
            switch QuantityText.parse(text) {
            case .success(let parsed):
                if let material, let unit = parsed.unit {
                    guard let factor = unitFactor(unit, for: material) else { throw unknownUnit(unit, material, field) }
                    state.unitFactor = factor
                }
                state.amount = parsed
                state.quantityText = text
            case .failure(.notPositive): throw FieldProblem(field, .nonPositiveQuantity, "\(text): a quantity must be more than 0")
            case .failure(.tooLarge):
                throw FieldProblem(field, .quantityTooLarge, QuantityText.tooLargeMessage(text, material: material))
            case .failure(.tooManyDigits):
                throw FieldProblem(field, .badQuantity, "\(text) has too many digits to be read exactly (at most 18)")
            case .failure(.notANumber): throw FieldProblem(field, .badQuantity, "\(text) is not a quantity (write e.g. 12吨, 123.5万只, 500 kg)")
            }
        case .unit:
            guard let text, let material else { return }
            guard let factor = unitFactor(text, for: material) else { throw unknownUnit(text, material, field) }
            if let inline = state.unitFactor, inline != factor, let inlineName = state.amount?.unit {
                throw FieldProblem(field, .unitMismatch, "unit \(text) disagrees with the quantity's own unit \(inlineName)")
            }
            state.unitFactor = factor
            state.unitText = text
        case .workers:
            guard let text else { return }
            let parsed = QuantityText.parse(text)
            if case .failure(.tooLarge) = parsed {
                throw FieldProblem(field, .quantityTooLarge, QuantityText.tooManyWorkersMessage(text))
            }
            guard case .success(let p) = parsed, p.unit == nil || p.unit == "人", p.amount.scale <= 0 else {
                throw FieldProblem(field, .badWorkers, "\(text) is not a whole number of workers")
            }
            guard let n = p.amount.roundedToInteger(), n <= Quantity.maximum.units else {
                throw FieldProblem(field, .quantityTooLarge, QuantityText.tooManyWorkersMessage(text))
            }
            state.workers = n
        case .kind:
            guard let text else { return }
            guard let k = offerKind(text) else {
                throw FieldProblem(field, .badKind, "\(text) is not an offer kind (stock/库存, capacity/日产能, donation/捐赠, allocation/调拨, conversion/以料定产)")
            }
            state.offerKind = k
        case .availableFrom: state.availableFrom = try text.map { try date($0, field) }
        case .availableUntil: state.availableUntil = try text.map { try date($0, field) }
        case .neededBy: state.neededBy = try text.map { try date($0, field) }
        case .category:
            if let text {
                guard let c = category(text) else {
                    throw FieldProblem(field, .badCategory, "\(text) is not a category (\(Category.allCases.map { "\($0.rawValue)/\($0.chineseName)" }.joined(separator: ", ")))")
                }
                state.category = c
            } else if let c = registered?.category {
                state.category = c
            } else if reference.registryFillsLater {
                state.leftToRegistry.append(field)
            } else { throw missing(field, registryHint: true) }
        case .updatedAt: state.updatedAt = try text.map { try instant($0, field) }
        case .inputMaterial:
            guard let text else { return }
            state.firstInputField = state.firstInputField ?? field
            guard let m = resolveMaterial(text) else {
                throw FieldProblem(field, .badConversion, "\(text) is not a material of the catalog (\(catalogNames))")
            }
            state.inputMaterial = m
        case .inputPerUnit:
            guard let text else { return }
            state.firstInputField = state.firstInputField ?? field
            guard let d = ExactDecimal(TextNormalization.nfkc(text)), d.significand > 0 else {
                throw FieldProblem(field, .badConversion, "\(text) is not a decimal more than 0 (input per unit of product, e.g. 0.001)")
            }
            state.inputPerUnit = d
        case .inputStock:
            guard let text else { return }
            state.firstInputField = state.firstInputField ?? field
            state.inputStockText = text
        case .forEnterprise:
            guard let text else { return }
            switch CreditCode.parse(text) {
            case .success(let code): state.earmark.enterprise = code
            case .failure(let problem): throw FieldProblem(field, .badCreditCode, "\(text): \(problem)")
            }
        case .forCategories:
            guard let text else { return }
            let categories = try Self.listEntries(text, field).map { entry in
                guard let c = category(entry) else {
                    throw FieldProblem(field, .badCategory, "\(entry) is not a category (\(Category.allCases.map { "\($0.rawValue)/\($0.chineseName)" }.joined(separator: ", ")))")
                }
                return c
            }
            state.earmark = Earmark(enterprise: state.earmark.enterprise, categories: categories,
                                    regions: state.earmark.regions)
        case .forRegions:
            guard let text else { return }
            let regions = try Self.listEntries(text, field).map { entry in
                do { return try region(entry) } catch var problem as FieldProblem {
                    problem.field = field
                    throw problem
                }
            }
            state.earmark = Earmark(enterprise: state.earmark.enterprise, categories: state.earmark.categories,
                                    regions: regions)
        case .status:
            guard let text else { return }
            guard RecordStatus(text: text) != nil else {
                throw FieldProblem(field, .badStatus, "\(text) is not a status (active, withdrawn/撤回)")
            }
        }
    }

    /// An offer's earmarks and conversion input; `nil` when it has neither. A conversion offer needs its
    /// input material (another material than its product) and input per unit; no other offer takes an input.
    private func offerTerms(_ state: RecordState, product: Material) throws -> OfferTerms? {
        var conversion: ConversionInput?
        if state.offerKind == .conversion {
            guard let input = state.inputMaterial else {
                throw FieldProblem(.inputMaterial, .badConversion, "a conversion offer needs input_material (原料): the material its line consumes")
            }
            guard input.code != product.code else {
                throw FieldProblem(.inputMaterial, .badConversion, "\(input.code) is the offer's product: a conversion line makes another material from its input")
            }
            guard let perUnit = state.inputPerUnit else {
                throw FieldProblem(.inputPerUnit, .badConversion, "a conversion offer needs input_per_unit (单耗): input per unit of product, e.g. 0.001")
            }
            conversion = ConversionInput(material: input.code, perUnit: perUnit, stock: try inputStock(state, input: input))
        } else if let field = state.firstInputField {
            throw FieldProblem(field, .badConversion, "\(field.name) is for conversion offers only (kind conversion/以料定产)")
        }
        let earmark = state.earmark.isEmpty ? nil : state.earmark
        guard earmark != nil || conversion != nil else { return nil }
        return OfferTerms(earmark: earmark, conversion: conversion)
    }

    /// `input_stock`: a quantity of the input material, in its units (0 when blank).
    private func inputStock(_ state: RecordState, input: Material) throws -> Quantity {
        guard let text = state.inputStockText else { return .zero }
        if let zero = ExactDecimal(text), zero.significand == 0 { return .zero }
        let field = FeedField.inputStock
        switch QuantityText.parse(text) {
        case .success(let parsed):
            var factor = ExactDecimal.one
            if let unit = parsed.unit {
                guard let f = unitFactor(unit, for: input) else { throw unknownUnit(unit, input, field) }
                factor = f
            }
            switch Quantity.reading(parsed.amount, unitFactor: factor) {
            case .success(let quantity): return quantity
            case .failure(.tooLarge): throw FieldProblem(field, .quantityTooLarge, QuantityText.tooLargeMessage(text, material: input))
            case .failure(.notPositive): return .zero
            }
        case .failure(.tooLarge): throw FieldProblem(field, .quantityTooLarge, QuantityText.tooLargeMessage(text, material: input))
        case .failure: throw FieldProblem(field, .badConversion, "\(text) is not a quantity of \(input.name) (write e.g. 2吨, 500 kg)")
        }
    }

    private func quantity(_ state: RecordState, material: Material) throws -> Quantity {
        guard let amount = state.amount else { throw missing(.quantity) }
        switch Quantity.reading(amount.amount, unitFactor: state.unitFactor ?? .one) {
        case .success(let quantity):
            return quantity
        case .failure(.tooLarge):
            var written = state.quantityText ?? "\(amount.amount)"
            if amount.unit == nil, let unit = state.unitText { written += " " + unit }
            throw FieldProblem(.quantity, .quantityTooLarge, QuantityText.tooLargeMessage(written, material: material))
        case .failure(.notPositive):
            throw FieldProblem(.quantity, .nonPositiveQuantity, "\(amount.amount)\(amount.unit ?? "") is less than one \(material.canonicalUnit.rawValue) of \(material.name)")
        }
    }

    private func request(key: RecordKey, state: RecordState, material: Material) throws -> Request {
        let (need, workers) = try need(state, material: material)
        return Request(key: key, enterpriseID: state.creditCode!, enterpriseName: state.name!, region: state.region!,
                       material: material.code, quantity: need, workers: workers, neededBy: state.neededBy,
                       category: state.category!, updatedAt: state.updatedAt)
    }

    /// A request's need: its quantity, else its workers' (or the registry's workers') need; with the workers the
    /// request gave, or the registry's its need was computed from (the entitlement check reads them).
    private func need(_ state: RecordState, material: Material) throws -> (Quantity, workers: Int64?) {
        let registered = reference.registry[state.creditCode!]
        var need: Quantity
        var workers: Int64? = nil
        if state.amount != nil {
            need = try quantity(state, material: material)
            workers = state.workers
        } else if let n = state.workers ?? registered?.workers {
            workers = n
            let perDay = material.perWorkerDaily, days = reference.policy.horizonDays
            switch Quantity.need(workers: n, perWorkerDaily: perDay, horizonDays: days) {
            case .success(let units):
                need = units
            case .failure(.tooLarge):
                let message = QuantityText.tooLargeMessage("\(n) returning workers × \(perDay) a day × \(days) days",
                                                           material: material)
                throw FieldProblem(.workers, .quantityTooLarge, message)
            case .failure(.notPositive):
                throw FieldProblem(.workers, .zeroNeed, "\(n) returning workers need no \(material.name) (per_worker_daily is \(perDay)); give a quantity")
            }
        } else {
            throw FieldProblem(.quantity, .missingField, "quantity is empty and no workers are given, on the request or in the registry")
        }
        return (need, workers)
    }

    // MARK: - Values

    /// The entries of an earmark's list (SPEC 12: separated by `|`, `、`, `;` or `；`), trimmed, blanks
    /// dropped; a list with no entry cannot be read.
    private static func listEntries(_ text: String, _ field: FeedField) throws -> [String] {
        let entries = text.split(whereSeparator: { Earmark.listSeparators.contains($0) })
            .map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard !entries.isEmpty else {
            throw FieldProblem(field, .missingField, "\(text) names no entry: separate them with |, 、, ; or ；")
        }
        return entries
    }

    /// The field's trimmed text, `nil` when absent or blank.
    private func value(_ fields: RecordFields, _ field: FeedField) -> String? {
        guard let raw = fields[field] else { return nil }
        let t = raw.trimmingSpaces()
        return t.isEmpty ? nil : t
    }

    /// A value holding a control character rejects its record, naming the field.
    private func refuseControlCharacters(_ text: String, _ field: FeedField) throws {
        if let message = FieldProblem.controlCharacterMessage(in: text, column: field.name) {
            throw FieldProblem(field, .controlCharacter, message)
        }
    }

    private func missing(_ field: FeedField, registryHint: Bool = false) -> FieldProblem {
        FieldProblem(field, .missingField, registryHint
            ? "\(field.name) is empty and the enterprise is not in the registry with one"
            : "\(field.name) is required")
    }

    /// A request good but for `fields`, blanks the bureau's registry fills by `enterprise`.
    private func registryFills(_ fields: [FeedField], enterprise: CreditCode) -> FieldProblem {
        // Without quantity and workers, the registry's workers give the need (SPEC 4.2).
        let names = fields.flatMap { $0 == .workers ? [FeedField.quantity.name, $0.name] : [$0.name] }
        let list = names.count == 1 ? names[0] : names.dropLast().joined(separator: ", ") + " and " + names.last!
        return FieldProblem(fields[0], .registryFills, "\(list) \(names.count == 1 ? "is" : "are") empty: "
            + "the bureau's registry fills \(names.count == 1 ? "it" : "them") from the enterprise's credit code "
            + "\(enterprise); the bureau rejects the request if its registry does not have the enterprise")
    }

    private var catalogNames: String {
        reference.catalog.materials.map { "\($0.code)/\($0.name)" }.joined(separator: ", ")
    }

    /// The catalog material `text` names, cached.
    func resolveMaterial(_ text: String) -> Material? {
        if let cached = materialCache[text] { return cached }
        let m = reference.catalog.material(forKey: TextNormalization.lookupKey(text))
        materialCache[text] = m
        return m
    }

    private func category(_ text: String) -> Category? {
        if let cached = categoryCache[text] { return cached }
        let c = Category(text: text)
        categoryCache[text] = c
        return c
    }

    private func offerKind(_ text: String) -> OfferKind? {
        if let cached = kindCache[text] { return cached }
        let k = OfferKind(text: text)
        kindCache[text] = k
        return k
    }

    /// The factor of `unit` in `material`'s canonical unit; `nil` when the material lacks the unit.
    func unitFactor(_ unit: String, for material: Material) -> ExactDecimal? {
        let key = UnitCacheKey(material: material.code, text: unit)
        if let cached = unitCache[key] { return cached }
        let factor = uncachedUnitFactor(unit, for: material)
        unitCache[key] = factor
        return factor
    }

    private func uncachedUnitFactor(_ unit: String, for material: Material) -> ExactDecimal? {
        let table: [String: ExactDecimal]
        if let t = unitTables[material.code] {
            table = t
        } else {
            var t = [String: ExactDecimal]()
            for (name, factor) in material.acceptedUnits { t[TextNormalization.lookupKey(name)] = factor }
            unitTables[material.code] = t
            table = t
        }
        return table[TextNormalization.lookupKey(unit)]
    }

    private func unknownUnit(_ unit: String, _ material: Material, _ field: FeedField) -> FieldProblem {
        let accepted = material.acceptedUnits.keys.sorted().joined(separator: ", ")
        return FieldProblem(field, .unknownUnit, "\(unit) is not a unit of \(material.name) (\(material.code)); use one of \(accepted)")
    }

    /// Resolves region text, cached.
    func region(_ text: String) throws -> RegionCode {
        if let cached = regionCache[text] { return try cached.get() }
        let result: Result<RegionCode, FieldProblem>
        switch reference.regions.resolve(TextNormalization.nfkc(text)) {
        case .found(let code):
            result = .success(code)
        case .unknown:
            result = .failure(FieldProblem(.region, .unknownRegion, "\(text) is not a region code or name of the region table"))
        case .ambiguous(let candidates):
            let list = candidates.map { "\($0.code) \(reference.regions.displayName($0.code, style: .joined))" }
                .joined(separator: ", ")
            result = .failure(FieldProblem(.region, .ambiguousRegion, "\(text) names \(candidates.count) regions: \(list); write the code or the parent's name first"))
        }
        regionCache[text] = result
        return try result.get()
    }

    private func date(_ text: String, _ field: FeedField) throws -> CalendarDate {
        let d: CalendarDate?
        if let cached = dateCache[text] { d = cached } else {
            if dateCache.count > Self.cacheLimit { dateCache.removeAll(keepingCapacity: true) }
            d = DateText.date(text)
            dateCache[text] = d
        }
        guard let d else { throw FieldProblem(field, .badDate, "\(text) is not a date (write 2020-02-11, 2020/2/11 or 2020年2月11日)") }
        return d
    }

    private func instant(_ text: String, _ field: FeedField) throws -> Instant {
        // Not cached: timestamps rarely repeat, and parsing one is cheaper than a dictionary insert.
        guard let i = DateText.instant(text) else {
            throw FieldProblem(field, .badTimestamp, "\(text) is not a timestamp (write 2020-02-10T18:00:00+08:00 or 2020-02-10 18:00)")
        }
        return i
    }
}
