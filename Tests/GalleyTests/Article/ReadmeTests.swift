import Foundation
import Galley
import Testing

/// The Swift example of the README, run; and a check that the README shows
/// the C, Python and Swift examples exactly as the tests run them.
@Suite("README examples")
struct ReadmeTests {
    static let root = TestPaths.root

    @Test func swiftExample() throws {
        // README:begin
        let text = "Harbour bridge reopens\n\nThe bridge reopened on Monday.But the council says little.\n\n"
            + "Read also:\n- [Steel prices](/economy/steel?utm_source=rss)\n"
        let index = try DedupIndex()  // DedupIndex(path: "galley.db") keeps it across runs
        let input = ArticleInput(id: "bridge", text: text, url: "https://news.example.com/city/bridge")
        let article = try processArticle(input, index: index)
        print(article.language, article.paragraphs.map { $0.sentences.count })  // en [1, 2]
        print(article.related.map { $0.canonicalURL })  // [Optional("https://news.example.com/economy/steel")]
        print(article.json)                              // the record `galley process` writes
        // README:end
        #expect(article.language == "en" && article.paragraphs.map { $0.sentences.count } == [1, 2])
        #expect(article.related.map { $0.canonicalURL } == ["https://news.example.com/economy/steel"])
    }

    /// The snippet between the markers, unindented as the README shows it.
    static func swiftSnippet() throws -> String {
        let source = try String(contentsOf: root.appendingPathComponent("Tests/GalleyTests/Article/ReadmeTests.swift"), encoding: .utf8)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let begin = try #require(lines.firstIndex { $0.hasSuffix("// README:begin") })
        let end = try #require(lines.firstIndex { $0.hasSuffix("// README:end") })
        return lines[(begin + 1)..<end].map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
    }

    @Test func readmeShowsTheTestedExamples() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains(try Self.swiftSnippet()), "README's Swift example differs from ReadmeTests.swift")
        for file in ["Tests/readme/process_example.c", "Tests/readme/process_example.py"] {
            let example = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            #expect(readme.contains(example.trimmingCharacters(in: .newlines)), "README's copy of \(file) differs")
        }
    }
}
