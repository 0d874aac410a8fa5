import Foundation
import Testing
@testable import Galley

@Suite("Near-duplicate paragraphs")
struct DedupTests {
    let base = "The council approved the budget for the second crossing on Monday after a long debate about steel prices and delays."

    @Test func exactAfterNormalization() throws {
        let index = try DedupIndex()
        let r = try index.add(documentID: "a", paragraphs: [base, "  THE council approved the budget for the second crossing on Monday, after a long debate about “steel” prices and delays!  "])
        #expect(r[0] == nil)
        #expect(r[1]?.kind == .exact && r[1]?.paragraph == 0 && r[1]?.similarity == 1)
    }

    @Test func quotesAndApostrophesDoNotMatter() throws {
        let f = try Fingerprinter()
        #expect(try f.fingerprint("They don’t know it’s here.").exactHash == f.fingerprint("They don't know it's here.").exactHash)
    }

    @Test func digitsAreKept() throws {
        let f = try Fingerprinter()
        #expect(try f.fingerprint("Sales rose 12 percent in May.").exactHash != f.fingerprint("Sales rose 15 percent in May.").exactHash)
    }

    @Test func nearDuplicateWithAFewEdits() throws {
        let index = try DedupIndex()
        // 60 words; one edit changes 5 of 56 word 5-grams: Jaccard 51/61.
        let long = base + " Engineers said the new bridge would carry four lanes of traffic and a tram line, and that work could start next spring if the contracts were signed before the end of the year."
        let edited = long.replacingOccurrences(of: "four lanes", with: "six lanes")
        let r = try index.add(documentID: "a", paragraphs: [long])
        #expect(r == [nil])
        let r2 = try index.add(documentID: "b", paragraphs: [edited])
        let m = try #require(r2[0])
        #expect(m.kind == .near && m.documentID == "a" && m.paragraph == 0)
        #expect(m.similarity >= 0.8 && m.similarity < 1)
    }

    @Test func containedCopies() throws {
        // The new paragraph is a truncated copy of an earlier, longer one.
        let index = try DedupIndex()
        let extended = base + " Subscribe to our newsletter for more stories like this one every single day."
        _ = try index.add(documentID: "a", paragraphs: [extended])
        let m = try #require(try index.add(documentID: "b", paragraphs: [base])[0])
        #expect(m.kind == .contained && m.similarity >= 0.9 && m.documentID == "a")
        var options = DedupOptions()
        options.containment = nil
        let strict = try DedupIndex(options: options)
        _ = try strict.add(documentID: "a", paragraphs: [extended])
        #expect(try strict.add(documentID: "b", paragraphs: [base])[0] == nil)
    }

    @Test func aLongerParagraphIsNotContainedInAShortOne() throws {
        // The reverse: a new paragraph that contains an earlier short one (a
        // teaser, a pull quote) is not its duplicate.
        let index = try DedupIndex()
        let teaser = "Steel prices pushed the cost of the second crossing up by a fifth this year."
        let prose = "Officials said on Tuesday that steel prices pushed the cost of the second crossing up by a fifth this year, and that the tram line would wait."
        _ = try index.add(documentID: "a", paragraphs: [teaser])
        #expect(try index.add(documentID: "b", paragraphs: [prose]) == [nil])
        // The other order is a contained copy.
        let other = try DedupIndex()
        _ = try other.add(documentID: "a", paragraphs: [prose])
        #expect(try other.add(documentID: "b", paragraphs: [teaser])[0]?.kind == .contained)
    }

    @Test func noLetterOrDigitAndVeryShortParagraphsAreNeverDuplicates() throws {
        let index = try DedupIndex()
        let r = try index.add(documentID: "a", paragraphs: ["* * *", "→", "---", "Share", "1"])
        #expect(r == [nil, nil, nil, nil, nil])
        let again = try index.add(documentID: "b", paragraphs: ["* * *", "→", "---", "Share", "1", "Share this story"])
        #expect(again == [nil, nil, nil, nil, nil, nil])
        #expect(try index.add(documentID: "c", paragraphs: ["Share this story!"])[0]?.kind == .exact)
        // The minimum is an option: 1 keeps only the no-letter-or-digit rule.
        var options = DedupOptions()
        options.minimumTokens = 1
        let loose = try DedupIndex(options: options)
        _ = try loose.add(documentID: "a", paragraphs: ["Share", "* * *"])
        #expect(try loose.add(documentID: "b", paragraphs: ["share!", "* * *"]).map { $0?.kind } == [.exact, nil])
        options.minimumTokens = 0
        #expect(throws: GalleyError.self) { try DedupIndex(options: options) }
    }

    @Test func unrelatedParagraphsAreKept() throws {
        let index = try DedupIndex()
        let r = try index.add(documentID: "a", paragraphs: [base, "A completely different paragraph about the weather in the mountains this week and next."])
        #expect(r == [nil, nil])
    }

    @Test func shortParagraphsCompareExactly() throws {
        let index = try DedupIndex()
        let r = try index.add(documentID: "a", paragraphs: ["Read more here.", "Read more here!", "Read less here."])
        #expect(r[0] == nil && r[1]?.kind == .exact && r[2] == nil)
    }

    @Test func cjkAndCyrillic() throws {
        let index = try DedupIndex()
        let zh = "安永已聯繫周怡安親屬，協助辦理簽證相關事宜，周怡安家屬1月1日晚間搭乘東方航空班機抵達上海。"
        let uk = "Нову станцію метро відкрили в суботу після восьми років будівництва та багатьох судів."
        _ = try index.add(documentID: "a", paragraphs: [zh, uk])
        let r = try index.add(documentID: "b", paragraphs: [zh, uk.uppercased()])
        #expect(r[0]?.kind == .exact && r[1]?.kind == .exact)
    }

    @Test func withinOneArticle() throws {
        let text = "\(base)\n\nSomething else entirely, written for this test alone.\n\n\(base)"
        let r = try duplicateParagraphs(in: text)
        #expect(r.count == 3 && r[0] == nil && r[1] == nil && r[2]?.paragraph == 0)
    }

    @Test func clusters() throws {
        let index = try DedupIndex()
        _ = try index.add(documentID: "a", paragraphs: [base, "Unique one here."])
        _ = try index.add(documentID: "b", paragraphs: [base])
        let c = index.clusters()
        #expect(c.count == 1 && c[0].map(\.documentID) == ["a", "b"])
    }

    @Test func bandingFromThreshold() {
        var o = DedupOptions()
        #expect(o.banding.bands * o.banding.rows <= o.permutations)
        o.threshold = 0.95
        let strict = o.banding
        o.threshold = 0.5
        #expect(o.banding.rows <= strict.rows)
    }

    @Test func badOptions() {
        var o = DedupOptions()
        o.threshold = 1.5
        #expect(throws: GalleyError.self) { try DedupIndex(options: o) }
    }
}

/// Tests/vectors/dedup.json, also run by the C test and pytest.
struct DedupVectors: Decodable {
    struct Document: Decodable { let id: String; let paragraphs: [String] }
    struct Expected: Decodable, Equatable {
        let doc_id: String; let paragraph: Int; let sequence: Int64; let kind: String; let similarity: Double
    }
    let batches: [[Document]]
    let expected: [[Expected?]]

    static func load() throws -> DedupVectors {
        let url = TestPaths.vectors.appendingPathComponent("dedup.json")
        return try JSONDecoder().decode(DedupVectors.self, from: Data(contentsOf: url))
    }
}

@Test("shared dedup vectors")
func dedupVectors() throws {
    let v = try DedupVectors.load()
    let index = try DedupIndex()
    for (batch, expected) in zip(v.batches, v.expected) {
        var got: [DedupVectors.Expected?] = []
        for d in batch {
            for m in try index.add(documentID: d.id, paragraphs: d.paragraphs) {
                got.append(m.map { .init(doc_id: $0.documentID, paragraph: $0.paragraph, sequence: $0.sequence,
                                         kind: $0.kind.name, similarity: $0.similarity) })
            }
        }
        #expect(got == expected)
    }
}

/// Densification in one pass gives exactly what the forward search from
/// every empty bin gave (the index's stored band keys depend on it).
@Test func densifyMatchesTheForwardSearch() {
    func reference(_ input: [UInt32]) -> [UInt32] {
        var bins = input
        let filled = bins.map { $0 != UInt32.max }
        guard filled.contains(true) else { return bins }
        for i in 0..<bins.count where !filled[i] {
            var j = (i + 1) % bins.count
            var distance: UInt32 = 1
            while !filled[j] { j = (j + 1) % bins.count; distance += 1 }
            bins[i] = UInt32(truncatingIfNeeded: mix64(UInt64(bins[j]) ^ (UInt64(distance) << 32)))
        }
        return bins
    }
    var state: UInt64 = 7
    func next() -> UInt64 { state = mix64(state &+ 1); return state }
    for k in [1, 2, 3, 8, 64, 100, 1024] {
        for density in [0, 1, 2, 5, 50, 100] {
            var bins = (0..<k).map { _ in next() % 100 < UInt64(density) ? UInt32(next() % 1000) : UInt32.max }
            if density == 1 && k > 1 { bins = Array(repeating: UInt32.max, count: k); bins[k / 2] = 42 }
            let expected = reference(bins)
            densify(&bins)
            #expect(bins == expected, "k \(k), density \(density)")
        }
    }
}
