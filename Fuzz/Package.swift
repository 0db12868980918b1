// swift-tools-version:6.0
// The fuzz targets are their own package, so that no libFuzzer entry point is
// ever linked by the normal build or `make test`. It depends on the root
// package by path; each target reads its input through `AllotFuzzing`, the
// entries the corpus replay test (`AllotFuzzingTests`) calls too.
// Build and run with `make fuzz` (README.md, "Fuzzing"): the targets need
// `--sanitize fuzzer`, which supplies their `main`.
import PackageDescription

/// One executable per input kind, named as its corpus folder (`Corpus/csv-feed/`).
let targets: [(product: String, target: String)] = [
    ("csv-feed", "CSVFeedFuzz"),
    ("xml-feed", "XMLFeedFuzz"),
    ("values", "ValuesFuzz"),
    ("policy", "PolicyFuzz"),
    ("overrides", "OverridesFuzz"),
    ("receipts", "ReceiptsFuzz"),
    ("reference-tables", "ReferenceTablesFuzz"),
]

let package = Package(
    name: "allot-fuzz",
    platforms: [.macOS(.v13)],
    products: targets.map { .executable(name: "fuzz-\($0.product)", targets: [$0.target]) },
    dependencies: [
        .package(name: "allot", path: ".."),
    ],
    targets: [
        // The libFuzzer callback every target shares: bytes in, a property broken is a crash.
        .target(name: "FuzzMain", dependencies: [.product(name: "AllotFuzzing", package: "allot")]),
    ] + targets.map {
        .executableTarget(name: $0.target, dependencies: ["FuzzMain", .product(name: "AllotFuzzing", package: "allot")])
    },
    swiftLanguageModes: [.v5]
)
