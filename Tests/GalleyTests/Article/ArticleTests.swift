import Foundation
import Testing
@testable import Galley

@Suite("Article pipeline")
struct ArticleTests {
    static let text = """
        Harbour bridge reopens

        The old bridge reopened on Monday.But the council\u{A0}\u{A0}says little.

        Read also:
        - [Steel prices](/economy/steel?utm_source=rss)
        - Council approves budget
        """

    @Test func pipeline() throws {
        let a = try processArticle(ArticleInput(id: "a1", text: Self.text, url: "https://News.Example.com/city/bridge"))
        #expect(a.language == "en" && a.languageDetected)
        #expect(a.paragraphs.map(\.text) == ["Harbour bridge reopens",
                                             "The old bridge reopened on Monday.But the council says little."])
        // Glued sentences are split; spans are bytes of the input as given
        // (the two no-break spaces are two bytes each there).
        let utf8 = Array(Self.text.utf8)
        func slice(_ r: Range<Int>) -> String { String(decoding: utf8[r], as: UTF8.self) }
        #expect(a.paragraphs[1].sentences.map(slice) == ["The old bridge reopened on Monday.",
                                                         "But the council\u{A0}\u{A0}says little."])
        #expect(slice(a.paragraphs[0].span) == "Harbour bridge reopens")
        #expect(a.related.map { $0.title?.display } == ["Steel prices", "Council approves budget"])
        #expect(a.related[0].canonicalURL == "https://news.example.com/economy/steel")
        #expect(a.paragraphs.allSatisfy { $0.duplicate == nil })
        #expect(a.sentenceCount == 3 && a.duplicateCount == 0 && a.inputBytes == utf8.count)
    }

    /// A thematic break or a line of emphasis markers renders no text: it
    /// stays a paragraph of the body, with no sentence (and is never a
    /// duplicate of another one).
    @Test func linesOfMarkersHaveNoSentences() throws {
        let text = "Harbour bridge reopens\n\n* * *\n\nThe bridge reopened.\n\n**\n\n---\n\nIt rained.\n\n* * *"
        let a = try processArticle(ArticleInput(id: "m1", text: text, language: "en"))
        #expect(a.paragraphs.map(\.text) == ["Harbour bridge reopens", "* * *", "The bridge reopened.", "**", "---",
                                             "It rained.", "* * *"])
        #expect(a.paragraphs.map(\.sentences.count) == [1, 0, 1, 0, 0, 1, 0])
        #expect(a.paragraphs.allSatisfy { $0.duplicate == nil })
        let b = try processArticle(ArticleInput(id: "m2", text: "* * *\n\n___", language: "en"))
        #expect(b.paragraphs.map(\.sentences) == [[], []])
    }

    @Test func scalarOffsets() throws {
        var options = ArticleOptions()
        options.offsetUnit = .unicodeScalars
        let text = "Київ.\n\nЩе одне речення тут. І ще."
        let a = try processArticle(ArticleInput(id: "k", text: text, language: "uk"), options: options)
        let scalars = Array(text.unicodeScalars)
        func slice(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])) }
        #expect(a.paragraphs.map { slice($0.span) } == ["Київ.", "Ще одне речення тут. І ще."])
        #expect(a.paragraphs[1].sentences.map(slice) == ["Ще одне речення тут.", "І ще."])
    }

    /// Scalar offsets of many paragraphs and sentences in three scripts agree
    /// with a count made here (the conversion walks the text once).
    @Test func scalarOffsetsOfManyParagraphs() throws {
        var options = ArticleOptions()
        options.offsetUnit = .unicodeScalars
        options.relatedLinks = false
        let pieces = ["Ще одне речення тут. І ще.", "It rose today. Then it fell.", "😀 Emoji first. Über alles."]
        let text = (0..<60).map { pieces[$0 % 3] + " \($0)." }.joined(separator: "\n\n")
        let a = try processArticle(ArticleInput(id: "k", text: text, language: "en"), options: options)
        let scalars = Array(text.unicodeScalars)
        func slice(_ r: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[r])) }
        #expect(a.paragraphs.count == 60)
        for (k, p) in a.paragraphs.enumerated() {
            #expect(slice(p.span) == pieces[k % 3] + " \(k).")
            #expect(p.sentences.map(slice).joined(separator: " ") == slice(p.span))
        }
    }

    /// The converter answers offsets in any order (a later offset first,
    /// then an earlier one walks back).
    @Test func scalarOffsetConverterWalksBack() {
        var bytes = Array("aé€😀b".utf8)
        bytes.withUnsafeMutableBufferPointer { b in
            var c = ScalarOffsetConverter(UnsafeBufferPointer(b))
            #expect(c.scalarOffset(ofByte: 11) == 5)
            #expect(c.scalarOffset(ofByte: 3) == 2)
            #expect(c.scalarOffset(ofByte: 0) == 0)
            #expect(c.scalarOffset(ofByte: 6) == 3)
            #expect(c.scalarOffset(ofByte: 10) == 4)
        }
    }

    @Test func duplicatesWithinAndAcrossArticles() throws {
        let para = "The council approved the budget for a second crossing on Tuesday evening after a long debate."
        let index = try DedupIndex()
        let first = try processArticle(ArticleInput(id: "a", text: "Intro line.\n\n\(para)\n\n\(para)"), index: index)
        #expect(first.paragraphs.map { $0.duplicate?.paragraph } == [nil, nil, 1])
        #expect(first.paragraphs[2].duplicate?.documentID == "a" && first.paragraphs[2].duplicate?.kind == .exact)
        let second = try processArticle(ArticleInput(id: "b", text: para + " Officials said."), index: index)
        let d = try #require(second.paragraphs[0].duplicate)
        #expect(d.documentID == "a" && d.paragraph == 1 && d.kind != .exact)
        // Without an index only the article itself is searched.
        #expect(try processArticle(ArticleInput(id: "c", text: para)).paragraphs[0].duplicate == nil)
    }

    @Test func aBlockInsideAParagraphIsCutOut() throws {
        let text = "First line of text.\nRead also: Floods hit the north\n\nLast paragraph."
        let a = try processArticle(ArticleInput(id: "x", text: text, language: "en"))
        #expect(a.paragraphs.map(\.text) == ["First line of text.", "Last paragraph."])
        #expect(a.related.count == 1)
        var options = ArticleOptions()
        options.relatedLinks = false
        let kept = try processArticle(ArticleInput(id: "x", text: text, language: "en"), options: options)
        #expect(kept.related.isEmpty && kept.paragraphs.count == 2 && kept.paragraphs[0].text.contains("Read also"))
    }

    @Test func edgesAndErrors() throws {
        let empty = try processArticle(ArticleInput(id: "e", text: ""))
        #expect(empty.paragraphs.isEmpty && empty.related.isEmpty && empty.language == "und")
        #expect(throws: GalleyError.self) { try processArticle(ArticleInput(id: "l", text: "x", language: "en us")) }
        // A bad article URL only makes relative links fail, with a reason.
        let a = try processArticle(ArticleInput(id: "u", text: "Body.\n\nRelated:\n- [A](/a)\n- [B](https://b.org/b)",
                                                url: "not a url"))
        #expect(a.related[0].canonicalURL == nil && a.related[0].urlError != nil)
        #expect(a.related.count == 2 && a.related[1].canonicalURL == "https://b.org/b")
    }

    @Test func jsonRecord() throws {
        let index = try DedupIndex()
        _ = try processArticle(ArticleInput(id: "p", text: "Same paragraph with enough words to count here."), index: index)
        let a = try processArticle(ArticleInput(id: "q\"\n", text: Self.text + "\n\nSame paragraph with enough words to count here.",
                                                url: "https://x.org/a"), index: index)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(a.json.utf8)) as? [String: Any])
        #expect(!a.json.contains("\n"))
        // Spliced from the parts made at preparation, or written in one pass: the same.
        #expect(a.jsonParts != nil && a.json == a.fullJSON)
        #expect(object["id"] as? String == "q\"\n" && object["lang"] as? String == "en")
        let paragraphs = try #require(object["paragraphs"] as? [[String: Any]])
        #expect(paragraphs.count == 3)
        let dup = try #require(paragraphs[2]["duplicate"] as? [String: Any])
        #expect(dup["id"] as? String == "p" && dup["paragraph"] as? Int == 0 && dup["kind"] as? String == "exact")
        #expect(dup["similarity"] as? Double == 1)
        #expect(paragraphs[1]["sentences"] as? [[Int]] == a.paragraphs[1].sentences.map { [$0.lowerBound, $0.upperBound] })
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts == ["bytes": a.inputBytes, "paragraphs": 3, "sentences": 4, "duplicates": 1, "related": 2])
        let error = Article.errorJSON(id: nil, source: "in.jsonl:3", reason: "bad \u{1} thing")
        let e = try #require(try JSONSerialization.jsonObject(with: Data(error.utf8)) as? [String: Any])
        #expect(e["id"] is NSNull && e["source"] as? String == "in.jsonl:3" && e["error"] as? String == "bad \u{1} thing")
    }

    @Test func similarityHasFourDecimals() {
        var w = JSONWriter()
        for v in [0.0, 1.0, 0.5, 0.857142857, 0.99996, 0.00004, 0.1] { w.fraction(v); w.raw(" ") }
        #expect(w.string == "0 1 0.5 0.8571 1 0 0.1 ")
    }

    @Test func journalAndBeforeStoring() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("galley-journal-\(UUID()).db").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let processor = try ArticleProcessor()
        let prepared = try ["One paragraph about the first subject here.", "Another paragraph about a second one."]
            .enumerated().map { try processor.prepare(ArticleInput(id: "d\($0.offset)", text: $0.element)) }
        do {
            let index = try DedupIndex(path: path)
            // A failing callback stores nothing.
            struct Stop: Error {}
            #expect(throws: GalleyError.self) {
                try index.add(prepared, journal: ("out", [(0, "d0"), (1, "d1")])) { _ in throw Stop() }
            }
            let journal = try index.journal(named: "out")
            #expect(index.count == 0 && journal.isEmpty)
            var seen = 0
            try index.add([prepared[0]], journal: ("out", [(0, "d0"), (1, "bad")])) { seen = $0.count }
            #expect(seen == 1)
        }
        let reopened = try DedupIndex(path: path)
        #expect(reopened.count == 1)
        #expect(try reopened.journal(named: "out").map(\.article) == ["d0", "bad"])
        try reopened.clearJournal(named: "out")
        #expect(try reopened.journal(named: "out").isEmpty)
    }
}
