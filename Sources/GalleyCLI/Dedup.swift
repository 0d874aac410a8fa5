import ArgumentParser
import Galley

/// `galley dedup`: near-duplicate paragraphs over JSON Lines.
struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find near-duplicate paragraphs within and across documents.",
        discussion: """
            Input: JSON Lines, each {"id": ..., "text": ...} (split into paragraphs \
            at blank lines) or {"id": ..., "paragraphs": [...]}; blank lines are \
            skipped. Output, one line per input record in the same order: {"id": \
            ..., "paragraphs": [...], "duplicates": N}, where each paragraph is \
            {"index": i, "duplicate": null} when kept or {"index": i, "duplicate": \
            {"id": ..., "paragraph": j, "similarity": s, "kind": \
            "exact"|"near"|"contained"}} (the same duplicate as in `galley process`, \
            similarity to four decimals). The first paragraph seen is kept. The \
            index (default ./galley.db) keeps paragraphs across runs, each batch of \
            --batch records one transaction; with --no-index it lives in memory for \
            this run. A line that cannot be read gives {"id": null, "source": \
            "FILE:LINE", "error": "..."}; the others go on and the exit status is 1.
            """)

    @OptionGroup var indexOptions: IndexOptions

    @Argument(help: "JSON Lines files (default: standard input).")
    var files: [String] = []

    struct Line: Decodable {
        let id: String
        let text: String?
        let paragraphs: [String]?
    }

    func run() throws {
        let dedup: DedupIndex
        do { dedup = try DedupIndex(path: indexOptions.path, options: indexOptions.dedupOptions) } catch {
            Diagnostics.error("index \(indexOptions.index): \(error.description)")
            throw ExitCode(2)
        }
        let runner = JSONLinesRunner()
        // Pending records: a document to add, or an error to write, in order.
        enum Pending { case document(String, Int), error(String?, String, String) }
        var pending: [Pending] = []
        var documents: [(documentID: String, paragraphs: [String])] = []
        let paragraphSplitter = try Segmenter(.paragraph, language: "")
        var w = JSONWriter(capacity: 1 << 12)

        func flush() throws {
            let results: [DuplicateMatch?]
            do { results = try dedup.add(documents: documents) } catch {
                runner.writer.flush()
                Diagnostics.error("index \(indexOptions.index): storing a batch: \(error.description)")
                throw ExitCode(2)
            }
            var k = 0
            for p in pending {
                switch p {
                case .error(let id, let source, let message):
                    runner.error(id: id, source: source, reason: message)
                case .document(let id, let count):
                    w.removeAll()
                    w.raw("{"); w.key("id"); w.string(id)
                    w.raw(","); w.key("paragraphs"); w.raw("[")
                    var duplicates = 0
                    for i in 0..<count {
                        if i > 0 { w.raw(",") }
                        w.raw("{"); w.key("index"); w.int(i)
                        w.raw(","); w.key("duplicate"); w.duplicate(results[k + i])
                        w.raw("}")
                        if results[k + i] != nil { duplicates += 1 }
                    }
                    k += count
                    w.raw("],"); w.key("duplicates"); w.int(duplicates); w.raw("}")
                    runner.writer.write(w)
                }
            }
            pending.removeAll(keepingCapacity: true)
            documents.removeAll(keepingCapacity: true)
            runner.writer.flush()
        }

        try runner.forEachRecord(try expandInputs(files), as: Line.self,
                                 expected: "a JSON object with \"id\" and \"text\" or \"paragraphs\"") { result, source, _ in
            var id: String? = nil
            do {
                let record = try result.get()
                id = record.id
                let paragraphs: [String]
                if let ps = record.paragraphs { paragraphs = ps }
                else if let t = record.text { paragraphs = try paragraphSplitter.split(t).map(String.init) }
                else { throw InputError(description: "missing \"text\" or \"paragraphs\"") }
                documents.append((record.id, paragraphs))
                pending.append(.document(record.id, paragraphs.count))
            } catch {
                pending.append(.error(id, source, "\(error)"))
            }
            if pending.count >= indexOptions.batch { try flush() }
        }
        try flush()
        if runner.failed { throw ExitCode(1) }
    }
}
