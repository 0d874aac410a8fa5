import Foundation
import Testing
@testable import Galley

/// Codable and Equatable on the result types: an Article encodes to the
/// record `Article.json` writes (the CLI's line), and decodes back to an
/// equal Article.
@Suite("Codable results")
struct ArticleCodableTests {
    static let text = """
        Harbour bridge reopens

        The old bridge reopened on Monday.But the council says little about the cost of the repairs. \
        Engineers replaced the steel cables, repainted both towers and rebuilt the whole deck over three years \
        of night work, while ferries carried commuters across the harbour every morning and evening. Shops on \
        the quay say trade fell by a third during the closure and hope the crowds will now return for the \
        summer season.

        Read also:
        - [Steel prices](/economy/steel?utm_source=rss)
        - Council approves budget
        - https://news.example.com/city/timeline#history
        """

    static func object(_ data: Data) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
    }

    /// An article with a related block, and one whose paragraphs repeat it
    /// (exact and near copies) through an index. The second paragraph is long enough
    /// (about 70 words) that one inserted word keeps its copy near (Jaccard >= 0.8).
    static func articles() throws -> (first: Article, copy: Article) {
        let index = try DedupIndex()
        let first = try processArticle(ArticleInput(id: "a1", text: text, url: "https://news.example.com/city/bridge"),
                                       index: index)
        let copyText = text.replacingOccurrences(of: "the repairs", with: "the new repairs")
        let copy = try processArticle(ArticleInput(id: "a2", text: copyText, language: "en"), index: index)
        return (first, copy)
    }

    @Test("encoding an Article gives the record Article.json writes")
    func encodesTheRecord() throws {
        let (first, copy) = try Self.articles()
        // An exact copy and an edited one (similarity below 1, to four decimals).
        let kinds = copy.paragraphs.compactMap(\.duplicate)
        #expect(kinds.count == 2 && kinds[0].kind == .exact && kinds[1].kind != .exact && kinds[1].similarity < 1)
        for article in [first, copy] {
            let encoded = try JSONEncoder().encode(article)
            #expect(try Self.object(encoded) == Self.object(Data(article.json.utf8)), "\(article.json)")
        }
    }

    @Test("an Article decodes from its record, and round-trips")
    func roundTrip() throws {
        let (first, copy) = try Self.articles()
        let decoded = try JSONDecoder().decode(Article.self, from: Data(first.json.utf8))
        #expect(decoded == first)
        #expect(try JSONDecoder().decode(Article.self, from: JSONEncoder().encode(first)) == first)
        // A record's duplicate has no sequence (it decodes as -1) and its
        // similarity has four decimals; everything else comes back.
        var again = try JSONDecoder().decode(Article.self, from: JSONEncoder().encode(copy))
        #expect(again != copy)
        for i in again.paragraphs.indices {
            guard let d = copy.paragraphs[i].duplicate else { continue }
            #expect(again.paragraphs[i].duplicate?.sequence == -1)
            #expect(abs(again.paragraphs[i].duplicate!.similarity - d.similarity) < 0.00005)
            again.paragraphs[i].duplicate = d
        }
        #expect(again == copy)
        #expect(try Self.object(JSONEncoder().encode(again)) == Self.object(JSONEncoder().encode(copy)))
    }

    @Test("a record that is not an article fails to decode with a reason")
    func badRecords() throws {
        let bad = #"{"id":"a","url":null,"lang":"en","lang_detected":true,"paragraphs":[{"text":"x","span":[5,1],"sentences":[],"duplicate":null}],"related":[],"counts":{"bytes":1,"paragraphs":1,"sentences":0,"duplicates":0,"related":0}}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Article.self, from: Data(bad.utf8)) }
        let kind = #"{"id":"a","paragraph":0,"similarity":1,"kind":"similar"}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(DuplicateMatch.self, from: Data(kind.utf8)) }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(WebURL.self, from: Data(#"{"href":"not a url"}"#.utf8))
        }
    }

    @Test("segments, duplicates, links and URLs round-trip with their field names")
    func parts() throws {
        let words = try Segmenter(.word).segments(of: "Київ 2024")
        let encoded = try JSONEncoder().encode(words)
        #expect(try JSONDecoder().decode([Segment].self, from: encoded) == words)
        let array = try #require(try JSONSerialization.jsonObject(with: encoded) as? [NSDictionary])
        #expect(array[0] == ["start": 0, "end": 8, "kind": "letter"])

        let match = DuplicateMatch(documentID: "a", paragraph: 2, sequence: 7, similarity: 1, kind: .exact)
        let m = try Self.object(JSONEncoder().encode(match))
        #expect(m == ["id": "a", "paragraph": 2, "similarity": 1, "kind": "exact", "sequence": 7])
        #expect(try JSONDecoder().decode(DuplicateMatch.self, from: JSONEncoder().encode(match)) == match)

        let (first, _) = try Self.articles()
        for link in first.related {
            #expect(try JSONDecoder().decode(RelatedLink.self, from: JSONEncoder().encode(link)) == link)
        }
        let title = try #require(first.related[0].title)
        #expect(try JSONDecoder().decode(LinkTitle.self, from: JSONEncoder().encode(title)) == title)

        let url = try WebURL(parsing: "https://user@Bücher.example:8080/a/../b?q=1#f")
        let u = try Self.object(JSONEncoder().encode(url))
        #expect(u["hostname"] as? String == "xn--bcher-kva.example" && u["port"] as? String == "8080")
        #expect(try JSONDecoder().decode(WebURL.self, from: JSONEncoder().encode(url)) == url)
    }

    @Test("kinds are written by name, and an unknown name is refused")
    func kindsByName() throws {
        #expect(String(decoding: try JSONEncoder().encode([DuplicateKind.contained]), as: UTF8.self) == #"["contained"]"#)
        #expect(try JSONDecoder().decode([WordKind].self, from: Data(#"["kana"]"#.utf8)) == [.kana])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([DuplicateKind].self, from: Data(#"["copy"]"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([WordKind].self, from: Data(#"["1"]"#.utf8)) }
    }
}
