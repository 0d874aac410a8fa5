import Foundation
import Testing
@testable import Galley

@Suite("Article batch runner")
struct ArticleBatchRunnerTests {
    /// Articles that repeat each other across batches, and two inputs that
    /// fail: one before the pipeline, one in it (a bad language tag).
    static func items() -> [RunItem] {
        var items: [RunItem] = []
        for i in 0..<11 {
            let id = "a\(i)"
            if i == 4 {
                items.append(RunItem(id: nil, source: "in.jsonl:5", bytes: 3, input: .failure(RunFailure("not JSON"))))
                continue
            }
            let lang: String? = i == 7 ? "bad tag!" : nil
            let text = "Story \(i % 3) about the harbour\n\nThe council met on day \(i % 3) and approved the budget for the second crossing after a long debate."
            items.append(RunItem(id: id, source: "in.jsonl:\(i + 1)", bytes: text.utf8.count,
                                 input: .success(ArticleInput(id: id, text: text, url: "https://www.example.com/\(id)/",
                                                              language: lang))))
        }
        return items
    }

    /// The same inputs one at a time, on this thread, into a fresh index.
    static func sequential(_ items: [RunItem]) throws -> [String] {
        let index = try DedupIndex()
        let processor = try ArticleProcessor()
        return items.map { item in
            switch item.input {
            case .failure(let e): return Article.errorJSON(id: item.id, source: item.source, reason: e.description)
            case .success(let input):
                do { return try index.add([try processor.prepare(input)])[0].json } catch {
                    return Article.errorJSON(id: item.id, source: item.source, reason: "\(error)")
                }
            }
        }
    }

    @Test("records come in input order, as one article at a time gives them", arguments: [1, 2, 3])
    func inOrder(jobs: Int) throws {
        let items = Self.items()
        let index = try DedupIndex()
        var records: [RunRecord] = []
        var batches = 0
        let runner = try ArticleBatchRunner(index: index, jobs: jobs, batch: 3) { batch in
            batches += 1
            records.append(contentsOf: batch)
        }
        for item in items { try runner.add(item) }
        try runner.finish()
        #expect(batches == 4)
        #expect(records.map(\.position) == Array(0..<items.count))
        #expect(records.map(\.json) == (try Self.sequential(items)))
        #expect(records[4].json == #"{"id":null,"source":"in.jsonl:5","error":"not JSON"}"#)
        guard case .failure(let e) = records[7].result else { Issue.record("a bad tag fails"); return }
        #expect(e.description.contains("BCP 47"))
        // Repeats across batches were found, and the article's link key is in its record.
        guard case .success(let a) = records[3].result else { Issue.record("a3"); return }
        #expect(a.duplicateCount == 2 && a.linkKey == "https://example.com/a3")
    }

    @Test("a write that fails stops the run: its batch is not stored, the error comes back")
    func writeFails() throws {
        struct Full: Error {}
        let index = try DedupIndex()
        var written = 0
        let runner = try ArticleBatchRunner(index: index, jobs: 2, batch: 4) { batch in
            if written > 0 { throw Full() }
            written += batch.count
        }
        var thrown: (any Error)? = nil
        do {
            for item in Self.items() { try runner.add(item) }
            try runner.finish()
        } catch {
            thrown = error
        }
        #expect(thrown is Full)
        #expect(written == 4)
        // Only the first batch's articles (three, one input failed) are stored.
        #expect(try index.contains(documentID: "a0") && !(try index.contains(documentID: "a5")))
    }

    @Test("jobs and batch below 1 are refused")
    func bounds() throws {
        let index = try DedupIndex()
        #expect(throws: GalleyError.self) { _ = try ArticleBatchRunner(index: index, jobs: 0) { _ in } }
        #expect(throws: GalleyError.self) { _ = try ArticleBatchRunner(index: index, jobs: 1, batch: 0) { _ in } }
        // No input: nothing is written.
        var calls = 0
        let runner = try ArticleBatchRunner(index: index, jobs: 2) { _ in calls += 1 }
        try runner.finish()
        #expect(calls == 0)
    }
}
