// swift-tools-version:6.0
// The benchmarks are their own package, so their code and dependencies never
// reach the users of allot. It depends on the root package by path.
import PackageDescription

let package = Package(
    name: "allot-benchmarks",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "ingest-bench", targets: ["IngestBenchmark"]),
        .executable(name: "plan-bench", targets: ["PlanBenchmark"]),
        .executable(name: "report-bench", targets: ["ReportBenchmark"]),
        .executable(name: "ledger-bench", targets: ["LedgerBenchmark"]),
        .executable(name: "hash-bench", targets: ["HashBenchmark"]),
        .executable(name: "night-bench", targets: ["NightBenchmark"]),
    ],
    dependencies: [
        .package(name: "allot", path: ".."),
        // Only for hash-bench: the other maintained SHA-256 that allot's was measured against (Decision 0020).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // What the benchmarks share: the seeded generator, child processes with their peak memory, options, tables.
        .target(name: "BenchmarkSupport"),
        .executableTarget(
            name: "IngestBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "AllotCore", package: "allot"),
                .product(name: "AllotIngest", package: "allot"),
            ]
        ),
        .executableTarget(
            name: "PlanBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "AllotCore", package: "allot"),
                .product(name: "AllotIngest", package: "allot"),
                .product(name: "AllotPlanner", package: "allot"),
                .product(name: "FlowSolver", package: "allot"),
            ]
        ),
        .executableTarget(
            name: "ReportBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "AllotCore", package: "allot"),
                .product(name: "AllotIngest", package: "allot"),
                .product(name: "AllotPublish", package: "allot"),
            ]
        ),
        .executableTarget(
            name: "LedgerBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "AllotCore", package: "allot"),
                .product(name: "AllotLedger", package: "allot"),
            ]
        ),
        .executableTarget(
            name: "HashBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "AllotCore", package: "allot"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The whole night: `allot run` as a child process on feed files that `plan-bench feeds` writes.
        .executableTarget(
            name: "NightBenchmark",
            dependencies: [
                "BenchmarkSupport",
                .product(name: "AllotCore", package: "allot"),
            ]
        ),
    ],
    swiftLanguageModes: [.v5]
)
