import Foundation

/// Where the tests find their data, relative to this file (Tests/GalleyTests/TestPaths.swift),
/// so the test files can live in capability folders at any depth.
enum TestPaths {
    /// The repository root.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/GalleyTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
    /// Tests/vectors: the vectors the Swift, C and Python tests share.
    static let vectors = root.appendingPathComponent("Tests/vectors")
    /// Tests/conformance: the licence-compatible conformance data kept in the repository.
    static let conformance = root.appendingPathComponent("Tests/conformance")
    /// Samples: the team's articles.
    static let samples = root.appendingPathComponent("Samples")
    /// ../shared beside the checkout: third-party material (real pages) that is never committed.
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared")
}
