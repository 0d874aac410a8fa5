import Foundation
import Testing
@testable import Galley

/// Paragraphs that share one long text and differ in a few words each: every
/// LSH bucket of the shared text holds all of them, and none is a duplicate
/// of another (word-5-gram Jaccard ≈ 0.76, containment ≈ 0.86). Issue 12's
/// worst case (Benchmarks/hardening/worst_case.py), small.
fileprivate func flood(_ n: Int, from first: Int = 0) -> [String] {
    let common = (0..<100).map { "w\($0)" }.joined(separator: " ")
    return (first ..< first + n).map { i in common + " " + (0..<15).map { "u\(i)_\($0)" }.joined(separator: " ") }
}

fileprivate func scratchPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("galley-\(name)-\(UUID().uuidString).db").path
}

fileprivate func remove(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
}

fileprivate func add(_ index: DedupIndex, _ paragraphs: [String], batch: Int) throws -> [DuplicateMatch?] {
    var out: [DuplicateMatch?] = []
    var i = 0
    while i < paragraphs.count {
        let j = Swift.min(i + batch, paragraphs.count)
        out += try index.add(documentID: "d\(i)", paragraphs: Array(paragraphs[i ..< j]))
        i = j
    }
    return out
}

@Suite("The bound on candidates per bucket (issue 12)")
struct BucketBoundTests {
    static func options(_ k: Int) -> DedupOptions {
        var o = DedupOptions()
        o.candidatesPerBucket = k
        return o
    }

    @Test func floodCostsAtMostTheBoundPerParagraph() throws {
        let n = 300, k = 8
        let paragraphs = flood(n)
        let bands = DedupOptions().banding.bands
        let bounded = try DedupIndex(path: nil, options: Self.options(k), minimumMerge: 64)
        let unbounded = try DedupIndex(path: nil, options: Self.options(0), minimumMerge: 64)
        let a = try add(bounded, paragraphs, batch: 10)
        let b = try add(unbounded, paragraphs, batch: 10)
        // The input is the flood it means to be: without the bound, nearly
        // every earlier paragraph is a candidate of every later one.
        #expect(unbounded.candidatesVisited > n * (n - 1) / 2 * 9 / 10)
        // With it, at most k per bucket: bands × k per paragraph.
        #expect(bounded.candidatesVisited <= n * bands * k)
        #expect(bounded.candidatesVisited >= (n - k) * k)
        // Twice the paragraphs, about twice the work (not four times).
        let twice = try DedupIndex(path: nil, options: Self.options(k), minimumMerge: 64)
        _ = try add(twice, flood(2 * n), batch: 10)
        #expect(twice.candidatesVisited <= 2 * bounded.candidatesVisited + 2 * k * bands)
        // None is a duplicate, with or without the bound.
        #expect(a.allSatisfy { $0 == nil } && b.allSatisfy { $0 == nil })
    }

    @Test func theMostRecentAreTheSameInRunsRecentTablesAndAReopenedFile() throws {
        // Flood paragraphs with near copies of earlier ones among them: which
        // k entries of a bucket are the most recent must not depend on
        // whether they sit in the recent table, in a merged run or in runs
        // loaded from a file.
        var paragraphs = flood(400)
        for i in stride(from: 397, to: 0, by: -23) {
            var words = paragraphs[i / 2].split(separator: " ").map(String.init)
            words[words.count - 3] = "changed"
            paragraphs.insert(words.joined(separator: " "), at: i)
        }
        let k = 5
        let neverMerges = try DedupIndex(path: nil, options: Self.options(k), minimumMerge: 1 << 30)
        let merges = try DedupIndex(path: nil, options: Self.options(k), minimumMerge: 16)
        let a = try add(neverMerges, paragraphs, batch: 7)
        let b = try add(merges, paragraphs, batch: 7)
        #expect(a == b)
        #expect(neverMerges.candidatesVisited == merges.candidatesVisited)
        #expect(a.contains { $0?.kind == .near })

        let path = scratchPath("bound")
        defer { remove(path) }
        let half = paragraphs.count / 2
        let first = try add(try DedupIndex(path: path, options: Self.options(k), minimumMerge: 16),
                            Array(paragraphs[..<half]), batch: 7)
        let reopened = try DedupIndex(path: path, options: Self.options(k), minimumMerge: 16)
        // (The document ids restart in the second part: compare sequences and similarities.)
        let c = first + (try add(reopened, Array(paragraphs[half...]), batch: 7))
        #expect(c.map { $0?.sequence } == a.map { $0?.sequence })
        #expect(c.map { $0?.similarity } == a.map { $0?.similarity })
    }

    @Test func aNearCopyIsStillFoundAfterAFlood() throws {
        // The copy shares the buckets of its own words with the original
        // only, so the bound does not hide it behind the flood.
        let original = flood(1, from: 10_000)[0]
        var words = original.split(separator: " ").map(String.init)
        words[50] = "changed"
        let copy = words.joined(separator: " ")
        let index = try DedupIndex(path: nil, options: Self.options(4), minimumMerge: 64)
        _ = try index.add(documentID: "o", paragraphs: [original])
        _ = try add(index, flood(200), batch: 10)
        let m = try index.add(documentID: "c", paragraphs: [copy])
        #expect(m[0]?.sequence == 0 && m[0]?.kind == .near)
    }

    @Test func theDefaultChangesNothingOnOrdinaryText() throws {
        let docs = SyntheticCorpus.documents(1500, seed: 11)
        let bounded = try DedupIndex(options: DedupOptions())
        let unbounded = try DedupIndex(options: Self.options(0))
        let a = try DedupLayoutTests.run(bounded, docs, batch: 9)
        let b = try DedupLayoutTests.run(unbounded, docs, batch: 9)
        #expect(a == b)
        #expect(bounded.candidatesVisited == unbounded.candidatesVisited)
    }

    @Test func aRefusedBatchLeavesTheBucketsAsTheyWere() throws {
        // Rollback of the recent lists: a batch refused after its inserts
        // (by the callback) must leave the newest-first chains exact.
        let k = 3
        let paragraphs = flood(60)
        let plain = try DedupIndex(path: nil, options: Self.options(k), minimumMerge: 1 << 30)
        let refused = try DedupIndex(path: nil, options: Self.options(k), minimumMerge: 1 << 30)
        struct Refuse: Error {}
        var a: [DuplicateMatch?] = [], b: [DuplicateMatch?] = []
        for i in stride(from: 0, to: paragraphs.count, by: 6) {
            let batch = Array(paragraphs[i ..< i + 6])
            let prints = try batch.map { try Fingerprinter(options: refused.options).fingerprint($0) }
            #expect(throws: GalleyError.self) {
                _ = try refused.commit([("x\(i)", 6)], prints, beforeStoring: { _ in throw Refuse() })
            }
            a += try plain.add(documentID: "d\(i)", paragraphs: batch)
            b += try refused.add(documentID: "d\(i)", paragraphs: batch)
        }
        #expect(a == b && plain.count == refused.count)
    }

    @Test func negativeBoundIsRefused() {
        #expect(throws: GalleyError.self) { _ = try DedupIndex(options: Self.options(-1)) }
    }
}
