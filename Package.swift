// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "allot",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "allot", targets: ["allot"]),
        .library(name: "AllotCore", targets: ["AllotCore"]),
        .library(name: "AllotIngest", targets: ["AllotIngest"]),
        .library(name: "FlowSolver", targets: ["FlowSolver"]),
        .library(name: "AllotPlanner", targets: ["AllotPlanner"]),
        .library(name: "AllotPublish", targets: ["AllotPublish"]),
        .library(name: "AllotLedger", targets: ["AllotLedger"]),
        // The entries the Fuzz/ package's libFuzzer targets call, and the corpus replay test with them.
        .library(name: "AllotFuzzing", targets: ["AllotFuzzing"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        // The work ledger's SQLite (SPEC 15): WAL, migrations, statements (libsqlite3-dev from apt).
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // SHA-256 from the system's OpenSSL, which uses the processor's SHA instructions.
        .systemLibrary(
            name: "CLibCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "AllotCore", dependencies: ["CLibCrypto"]),
        .target(name: "AllotXML", dependencies: ["CLibXML2"]),
        .target(name: "AllotCSV"),
        .target(name: "CCSVScan"),
        .target(
            name: "FlowSolver",
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "AllotPlanner",
            dependencies: ["AllotCore", "FlowSolver"],
            swiftSettings: [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "AllotIngest",
            dependencies: [
                "AllotCore", "AllotCSV", "AllotXML", "CCSVScan",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Resources/regions-cn.csv"), .copy("Resources/regions-cn.README.md")]
        ),
        .target(
            name: "AllotPublish",
            dependencies: [
                "AllotCore", "AllotCSV", "AllotXML", "CLibXML2",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [
                .copy("Resources/dispatch.xsd"), .copy("Resources/province-request.xsd"), .copy("Resources/unmet.xsd"),
                .copy("Resources/passes.xsd"),
            ]
        ),
        .target(name: "AllotFuzzing", dependencies: ["AllotCore", "AllotIngest"]),
        .target(name: "AllotLedger", dependencies: ["AllotCore", .product(name: "GRDB", package: "GRDB.swift"),
                                                  .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(
            name: "AllotPipeline",
            dependencies: ["AllotCore", "AllotIngest", "AllotPlanner", "AllotPublish", "AllotLedger"]
        ),
        .executableTarget(
            name: "allot",
            dependencies: [
                "AllotCore", "AllotPipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "AllotCoreTests", dependencies: ["AllotCore"]),
        .testTarget(name: "AllotCSVTests", dependencies: ["AllotCSV", "AllotCore"]),
        .testTarget(name: "ArchitectureTests"),
        .testTarget(name: "FlowSolverTests", dependencies: ["FlowSolver", "AllotCore"]),
        .testTarget(name: "AllotPlannerTests", dependencies: ["AllotPlanner", "AllotCore", "FlowSolver"]),
        .testTarget(name: "AllotPublishTests", dependencies: ["AllotPublish", "AllotCore", "AllotCSV"], exclude: ["Golden"]),
        .testTarget(name: "AllotPipelineTests", dependencies: ["AllotPipeline", "AllotCore", "AllotIngest", "AllotPlanner", "AllotPublish",
                                                              "AllotLedger"],
                    exclude: ["Golden"]),
        .testTarget(name: "AllotIngestTests", dependencies: [
            "AllotIngest", "AllotCore", "AllotCSV", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        .testTarget(name: "AllotFuzzingTests", dependencies: ["AllotFuzzing"]),
        .testTarget(name: "AllotLedgerTests", dependencies: ["AllotLedger", "AllotCore"]),
    ],
    swiftLanguageModes: [.v5]
)
