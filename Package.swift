// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Galley",
    products: [
        .library(name: "Galley", targets: ["Galley"]),
        // The C ABI. CMake builds the distributable libgalley.so (static Swift
        // stdlib, version script, SOVERSION); this product is for SwiftPM users.
        .library(name: "GalleyC", type: .dynamic, targets: ["GalleyC"]),
        .executable(name: "galley", targets: ["GalleyCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // `swift package generate-documentation --target Galley` (the DocC
        // catalog in Sources/Galley/Galley.docc). A plugin only: it builds
        // nothing unless asked.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // ICU and SQLite from the system, through pkg-config: without their
        // development packages SwiftPM names the package to install
        // ("apt-get install libicu-dev") before the compiler fails.
        .systemLibrary(
            name: "CICU", path: "Sources/CICU", pkgConfig: "icu-i18n",
            providers: [.apt(["libicu-dev"]), .brew(["icu4c"]), .yum(["libicu-devel"])]
        ),
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"]), .yum(["sqlite-devel"])]
        ),
        // The only code that sees ICU's headers; its own header has no ICU types.
        .target(
            name: "CICUShim",
            dependencies: ["CICU"],
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n")]
        ),
        // The only code that sees SQLite's headers (the dedup index's store);
        // its own header has no SQLite types.
        .target(
            name: "CSQLiteShim",
            dependencies: ["CSQLite"],
            linkerSettings: [.linkedLibrary("sqlite3")]
        ),
        // include/galley.h as a Clang module, so the @c exports use its types.
        .systemLibrary(name: "CGalley", path: "Sources/CGalley"),
        .target(name: "Galley", dependencies: ["CICUShim", "CSQLiteShim"]),
        .target(name: "GalleyC", dependencies: ["Galley", "CGalley"], exclude: ["galley.map"]),
        .executableTarget(
            name: "GalleyCLI",
            dependencies: [
                "Galley",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "GalleyTests",
            dependencies: ["Galley"]
        ),
    ]
)
