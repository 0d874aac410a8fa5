import Foundation
import Testing
@testable import Galley

/// Related-link detection on the team's sample articles in Samples/ (ten
/// languages; blocks of plain headlines, markdown links, bare and relative
/// URLs, HTML links, "title – url", "title (url)", inline markers; one
/// article that only mentions "related" and "see also" in its sentences).
@Suite("Sample articles")
struct SampleArticlesTests {
    static let samples = TestPaths.samples

    /// A sample's text without its front matter, and the "url:" it gives.
    static func load(_ name: String) throws -> (text: String, url: String?) {
        let raw = try String(contentsOf: samples.appendingPathComponent(name), encoding: .utf8)
        guard raw.hasPrefix("---\n"), let end = raw.range(of: "\n---\n") else { return (raw, nil) }
        let header = raw[raw.index(raw.startIndex, offsetBy: 4)..<end.lowerBound]
        let url = header.split(separator: "\n").first { $0.hasPrefix("url: ") }.map { String($0.dropFirst(5)) }
        return (String(raw[end.upperBound...]), url)
    }

    struct Expected: Sendable, CustomStringConvertible {
        var file: String
        /// The line the block starts at (nil: no block).
        var marker: String?
        /// Per link: title (nil for a bare URL) and canonical URL (nil: none,
        /// "!" when the URL must fail to parse).
        var links: [(title: String?, canonical: String?)]
        var description: String { file }
    }

    static let expected: [Expected] = [
        Expected(file: "de-bahnstreik.txt", marker: "Lesen Sie auch:", links: [
            ("Was Fahrgäste bei Zugausfällen wissen müssen", nil),
            ("Streik im Nahverkehr: Diese Linien fahren", nil)]),
        Expected(file: "en-harbour-bridge.txt", marker: "Related:", links: [
            ("Council approves budget for second crossing", nil),
            ("Steel prices push up cost of public works", "https://news.example.com/economy/steel-prices"),
            (nil, "https://news.example.com/city/bridge-timeline")]),
        Expected(file: "en-harbour-bridge-syndicated.txt", marker: "Read more: Council", links: [
            ("Council approves budget for second crossing", nil)]),
        Expected(file: "en-markets-related-mentions.txt", marker: nil, links: []),
        Expected(file: "en-wildfire-html.txt", marker: "More on this story:", links: [
            ("Map: where the fire is burning", "https://www.example-news.com/us/wildfire-map"),
            // Relative, and this article has no URL to resolve it against.
            ("Evacuation centers and road closures", "!")]),
        Expected(file: "es-sequia.txt", marker: "Lee también:", links: [
            ("Los embalses, al nivel más bajo desde 2005", nil)]),
        Expected(file: "fr-greve-enseignants.md", marker: "À lire aussi :", links: [
            ("Brevet 2025 : le calendrier des épreuves", "https://www.journal.example.fr/education/brevet-2025"),
            ("Salaires des enseignants : ce que prévoit le budget",
             "https://www.journal.example.fr/economie/salaires-enseignants")]),
        Expected(file: "it-treni-regionali.txt", marker: "Leggi anche:", links: [
            ("Abbonamenti, le nuove tariffe per studenti",
             "https://www.giornale.example.it/trasporti/abbonamenti-studenti"),
            ("Sciopero dei trasporti, le fasce garantite", nil)]),
        Expected(file: "ja-typhoon.txt", marker: "関連記事", links: [
            ("台風に備えて確認したいこと", nil), ("九州新幹線、終日運休へ", nil)]),
        Expected(file: "pl-powodz.txt", marker: "Czytaj także:", links: [
            ("Jak przygotować dom na powódź – poradnik", "https://wiadomosci.example.pl/poradniki/powodz")]),
        Expected(file: "pt-incendios.txt", marker: "Leia também:", links: [
            ("Como se proteger do fumo dos incêndios", "https://www.jornal.example.pt/saude/fumo-incendios"),
            ("Seca: barragens abaixo dos 40 %", nil)]),
        // The tracked and the clean link to the same page collapse into one.
        Expected(file: "ru-moscow-heat.md", marker: "Читайте также:", links: [
            (nil, "https://news.example.ru/society/2025/07/10/fontany"),
            (nil, "https://news.example.ru/society/2025/07/12/skoraya-pomoshch.html")]),
        Expected(file: "uk-kyiv-metro.txt", marker: "Читайте також:", links: [
            ("Тарифи на проїзд зростуть з першого січня", nil), ("Як змінився маршрут автобуса № 72", nil)]),
        Expected(file: "uk-kyiv-metro-copy.txt", marker: "Читайте також: Тарифи", links: [
            ("Тарифи на проїзд зростуть з першого січня", nil)]),
    ]

    @Test("every sample is listed here")
    func allListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path)
            .filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }
        #expect(Set(files) == Set(Self.expected.map(\.file)))
        #expect(Set(files.map { $0.prefix { $0 != "-" } }).count >= 5, "samples in at least five languages")
    }

    @Test("blocks found, links parsed, bodies intact", arguments: expected)
    func sample(_ e: Expected) throws {
        let (text, url) = try Self.load(e.file)
        let r = try relatedLinks(in: text, baseURL: url)
        guard let marker = e.marker else {
            #expect(r.links.isEmpty && r.blocks.isEmpty)
            #expect(r.body == text, "a body that only mentions related links is left as it is")
            return
        }
        // The block is the end of each sample: the body is everything before
        // the marker line, its paragraphs intact.
        let markerStart = try #require(text.range(of: "\n" + marker)).lowerBound
        #expect(r.body.trimmingWhitespaceAtEnd == String(text[..<markerStart]).trimmingWhitespaceAtEnd)
        #expect(r.blocks.count == 1)
        #expect(r.links.count == e.links.count, "\(r.links.map { ($0.title?.display, $0.canonicalURL) })")
        for (link, want) in zip(r.links, e.links) {
            #expect(link.title?.display == want.title)
            switch want.canonical {
            case "!": #expect(link.canonicalURL == nil && link.urlError != nil && link.url != nil)
            case nil: #expect(link.url == nil && link.canonicalURL == nil)
            case let c?: #expect(link.canonicalURL == c)
            }
            if let t = link.title { #expect(!t.slug.isEmpty) }
        }
    }

    @Test("slugs of the samples' Cyrillic headlines follow their language")
    func cyrillicSlugs() throws {
        let uk = try relatedLinks(in: try Self.load("uk-kyiv-metro.txt").text)
        #expect(uk.links.map { $0.title?.slug } == [
            "taryfy-na-proyizd-zrostut-z-pershoho-sichnya", "yak-zminyvsya-marshrut-avtobusa-no-72"])
    }
}

private extension String {
    var trimmingWhitespaceAtEnd: Substring {
        var s = Substring(self)
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}
