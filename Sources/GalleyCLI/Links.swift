import ArgumentParser
import FoundationEssentials
import Galley

/// `galley links`: related-link blocks split from article text.
struct Links: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split \"Related:\" / \"Read also:\" blocks from articles and list their links.",
        discussion: """
            Plain mode reads each FILE (or standard input) as one article and prints \
            its links, one per line: title, tab, canonical URL (or the URL as written \
            and the reason it did not parse). With --jsonl every input line is \
            {"text": ..., "url": ...} ("url", the article's own URL, resolves relative \
            links; else --base; blank lines are skipped) and every output line, in \
            the same order, is {"body": ..., "links": [{"title", "key", "slug", "url", \
            "canonical_url", "error", "kind"}]} (each link as in `galley process`'s \
            "related"). A line that cannot be read gives {"id": null, "source": \
            "FILE:LINE", "error": "..."}; the others go on and the exit status is 1.
            """)

    @Option(help: "Base URL for relative links.")
    var base: String?

    @Flag(help: "Read and write JSON Lines.")
    var jsonl = false

    @Argument(help: "Files (default: standard input).")
    var files: [String] = []

    struct Line: Decodable { let text: String; let url: String? }

    func run() throws {
        let inputs = try expandInputs(files)
        if jsonl {
            let runner = JSONLinesRunner()
            try runner.run(inputs, as: Line.self, expected: "a JSON object with \"text\" (and \"url\") as strings") { record, w in
                let r = try relatedLinks(in: record.text, baseURL: record.url ?? base)
                w.raw("{"); w.key("body"); w.string(r.body)
                w.raw(","); w.key("links"); w.raw("[")
                for (i, l) in r.links.enumerated() {
                    if i > 0 { w.raw(",") }
                    w.relatedLink(l)
                }
                w.raw("]}")
            }
            if runner.failed { throw ExitCode(1) }
            return
        }
        let out = RecordWriter()
        var failed = false
        for input in inputs {
            do {
                let bytes = try readAll(input)
                _ = try bytes.withUnsafeBufferPointer { buf throws in try UTF8Validation.validate(buf) }
                let r = try relatedLinks(in: String(decoding: bytes, as: UTF8.self), baseURL: base)
                for l in r.links {
                    let target = l.canonicalURL ?? l.url.map { "\($0)\t(\(l.urlError ?? ""))" } ?? ""
                    out.write(line: "\(l.title?.display ?? "")\t\(target)")
                }
            } catch {
                Diagnostics.error("\(input.display): \(error)")
                failed = true
            }
        }
        out.flush()
        if failed { throw ExitCode(1) }
    }
}
