import Foundation
import Testing
@testable import Galley

/// The compact layout (issue 11): shingles Rice-coded in one arena, token
/// counts in 16 bits with exact overflow, documents and paragraph numbers
/// as runs, LSH entries bit-packed. Each keeps what it stores exactly.
@Suite("Index layout: compact columns")
struct DedupCompactTests {
    /// Every stored paragraph gives back the fingerprint's own shingles,
    /// token count, document and paragraph number; an exact repeat gives
    /// back the shingles of the paragraph it repeats.
    @Test func storedParagraphsKeepEverything() throws {
        let docs = SyntheticCorpus.documents(400, seed: 5)
        let index = try DedupIndex(path: nil, options: DedupOptions(), minimumMerge: 128)
        _ = try DedupLayoutTests.run(index, docs, batch: 3)
        let f = try Fingerprinter()
        var s: Int64 = 0
        for d in docs {
            for (i, text) in d.paragraphs.enumerated() {
                let fp = try f.fingerprint(text)
                let p = try #require(index.paragraph(sequence: s))
                #expect(p.shingles == fp.shingles)
                #expect(p.tokenCount == Int32(fp.tokenCount))
                #expect(p.exactHash == fp.exactHash)
                #expect(p.documentID == d.documentID && p.paragraph == Int32(i))
                s += 1
            }
        }
        #expect(s == Int64(index.count))
    }

    /// The same document id in several calls, and twice in one batch:
    /// paragraph numbers start again at 0 each time (runs split there).
    @Test func documentRunsRestartPerCall() throws {
        let index = try DedupIndex()
        let a = ["First paragraph of the first call here.", "Second paragraph of the first call here."]
        let b = ["Only paragraph of the second call, new text."]
        _ = try index.add(documentID: "doc", paragraphs: a)
        _ = try index.add(documents: [(documentID: "doc", paragraphs: b), (documentID: "other", paragraphs: a),
                                      (documentID: "doc", paragraphs: a)])
        let expected: [(String, Int32)] = [("doc", 0), ("doc", 1), ("doc", 0), ("other", 0), ("other", 1),
                                           ("doc", 0), ("doc", 1)]
        for (s, (id, n)) in expected.enumerated() {
            let p = try #require(index.paragraph(sequence: Int64(s)))
            #expect(p.documentID == id && p.paragraph == n, "sequence \(s)")
        }
        // The repeat of "other" 0 in the third document reports it.
        let again = try index.add(documentID: "late", paragraphs: [a[1]])
        #expect(again.first??.documentID == "doc" && again.first??.paragraph == 1 && again.first??.sequence == 1)
    }

    /// A paragraph of more than 65,534 tokens keeps its exact count (the
    /// column holds 16 bits; larger counts live beside it), in memory, in a
    /// file and after a rollback of a later batch.
    @Test func largeTokenCountsAreExact() throws {
        let huge = (0..<70_001).map { "w\($0 % 5000)" }.joined(separator: " ")
        let index = try DedupIndex()
        _ = try index.add(documentID: "short", paragraphs: ["A short paragraph of six words."])
        _ = try index.add(documentID: "huge", paragraphs: [huge, "Another short paragraph after it."])
        #expect(index.paragraph(sequence: 1)?.tokenCount == 70_001)
        #expect(index.paragraph(sequence: 2)?.tokenCount == 5)
        struct Stop: Error {}
        let f = try Fingerprinter()
        #expect(throws: GalleyError.self) {
            _ = try index.commit([("refused", 1)], [try f.fingerprint(huge + " more")]) { _ in throw Stop() }
        }
        _ = try index.add(documentID: "after", paragraphs: ["Yet another short paragraph, the last."])
        #expect(index.paragraph(sequence: 1)?.tokenCount == 70_001)
        #expect(index.paragraph(sequence: 3)?.tokenCount == 6)
        #expect(index.count == 4)
    }

    /// An exact repeat adds no shingle bytes; a kept paragraph adds its
    /// Rice-coded set (about 1.5 bytes a shingle, not 2).
    @Test func arenaHoldsCodedSetsOnce() throws {
        let index = try DedupIndex()
        let text = (0..<80).map { "word\($0)" }.joined(separator: " ")
        func arena() -> Int { index.arenaBytes }
        _ = try index.add(documentID: "a", paragraphs: [text])
        let one = arena()
        _ = try index.add(documentID: "b", paragraphs: [text, text])
        #expect(arena() == one)
        let shingles = try Fingerprinter().fingerprint(text).shingles.count
        #expect(shingles == 76)
        #expect(one < 2 * shingles && one > shingles)
    }
}

/// News-length paragraphs (25–110 words of a 50,000-word Zipf vocabulary,
/// 8% exact repeats and 6% with one word changed), as
/// Benchmarks/dedup/growth_c.c makes them.
enum NewsLikeCorpus {
    static func paragraphs(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return state
        }
        let vocabulary = (0..<50_000).map { "w" + String(UInt64($0) &* 2654435761 % 1000003, radix: 16) }
        var cumulative: [Double] = []
        var total = 0.0
        for r in 0..<vocabulary.count {
            total += 1 / pow(Double(r + 1), 1.05)
            cumulative.append(total)
        }
        var recent: [String] = []
        var out: [String] = []
        out.reserveCapacity(count)
        while out.count < count {
            let r = next() % 100
            if r < 14 && !recent.isEmpty {
                var p = recent[Int(next() % UInt64(recent.count))]
                if r >= 8, let space = p.firstIndex(of: " ") { p = "changed" + p[space...] }
                out.append(p)
                continue
            }
            let length = 25 + Int(next() % 86)
            var words: [String] = []
            for _ in 0..<length {
                let u = Double(next() >> 11) / 9007199254740992.0 * total
                var lo = 0, hi = cumulative.count - 1
                while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < u { lo = mid + 1 } else { hi = mid } }
                words.append(vocabulary[lo])
            }
            let p = words.joined(separator: " ") + "."
            if recent.count < 4096 { recent.append(p) } else { recent[Int(next() % 4096)] = p }
            out.append(p)
        }
        return out
    }
}

@Suite("Index layout: bytes per paragraph")
struct DedupFootprintTests {
    /// Where the bytes of an in-memory index go, by structure, on
    /// news-length paragraphs added 5 per call. Budget: the structures that
    /// grow with the index stay under 230 bytes a paragraph (the fixed LSH
    /// directories and recent tables, 5.5 and up to 5.5 MB, are left out:
    /// they amortise). GALLEY_FOOTPRINT_PARAGRAPHS sets the size (default
    /// 20,000); the table is printed.
    @Test func bytesPerParagraph() throws {
        let env = ProcessInfo.processInfo.environment["GALLEY_FOOTPRINT_PARAGRAPHS"]
        let n = env.flatMap { Int($0) } ?? 20_000
        let paragraphs = NewsLikeCorpus.paragraphs(n)
        let index = try DedupIndex()
        var i = 0
        while i < paragraphs.count {
            _ = try index.add(documentID: "a\(i / 5)", paragraphs: Array(paragraphs[i ..< Swift.min(i + 5, n)]))
            i += 5
        }
        let parts = index.footprint
        var growing = 0
        print("footprint of \(n) paragraphs (bytes, bytes per paragraph):")
        for (name, bytes) in parts {
            print("  \(name): \(bytes) \(Double(bytes) / Double(n))")
            if name != "lshDirectories" && name != "lshRecent" { growing += bytes }
        }
        print("  growing: \(Double(growing) / Double(n)) per paragraph")
        #expect(Double(growing) / Double(n) < 230)
    }
}
