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
            links; else --base) and every output line, in the same order, is \
            {"body": ..., "links": [{"title", "key", "slug", "url", "canonical_url", \
            "error"}]}. A line that cannot be read gives {"line": N, "error": "..."}; \
            the others go on and the exit status is 1.
            """)

    @Option(help: "Base URL for relative links.")
    var base: String?

    @Flag(help: "Read and write JSON Lines.")
    var jsonl = false

    @Argument(help: "Files (default: standard input).")
    var files: [String] = []

    struct Line: Decodable { let text: String; let url: String? }

    func run() throws {
        var out = OutputBuffer()
        var failed = false
        for input in try expandInputs(files) {
            let bytes: [UInt8]
            do { bytes = try readAll(input) } catch {
                Diagnostics.error("\(input.display): \(error)")
                failed = true
                continue
            }
            if !jsonl {
                do {
                    _ = try bytes.withUnsafeBufferPointer { buf throws in try UTF8Validation.validate(buf) }
                    let r = try relatedLinks(in: String(decoding: bytes, as: UTF8.self), baseURL: base)
                    for l in r.links {
                        let target = l.canonicalURL ?? l.url.map { "\($0)\t(\(l.urlError ?? ""))" } ?? ""
                        out.write("\(l.title?.display ?? "")\t\(target)\n")
                    }
                } catch {
                    Diagnostics.error("\(input.display): \(error)")
                    failed = true
                }
                continue
            }
            var number = 0
            for line in jsonLines(bytes) {
                number += 1
                do {
                    let record = try JSONLineDecoder.decode(Line.self, line, expected: "not a JSON object with \"text\"")
                    let r = try relatedLinks(in: record.text, baseURL: record.url ?? base)
                    out.write("{\"body\":")
                    writeJSON(&out, r.body)
                    out.write(",\"links\":[")
                    for (i, l) in r.links.enumerated() {
                        if i > 0 { out.write(",") }
                        out.write("{\"title\":"); writeJSON(&out, l.title?.display)
                        out.write(",\"key\":"); writeJSON(&out, l.title?.key)
                        out.write(",\"slug\":"); writeJSON(&out, l.title?.slug)
                        out.write(",\"url\":"); writeJSON(&out, l.url)
                        out.write(",\"canonical_url\":"); writeJSON(&out, l.canonicalURL)
                        out.write(",\"error\":"); writeJSON(&out, l.urlError)
                        out.write("}")
                    }
                    out.write("]}\n")
                } catch {
                    failed = true
                    out.write("{\"line\":\(number),\"error\":")
                    writeJSON(&out, "line \(number): \(error)")
                    out.write("}\n")
                }
            }
        }
        out.flush()
        if failed { throw ExitCode(1) }
    }
}

/// A JSON string, or null.
func writeJSON(_ out: inout OutputBuffer, _ s: String?) {
    guard let s else { out.write("null"); return }
    let bytes = Array(s.utf8)
    bytes.withUnsafeBufferPointer { out.writeJSONString($0) }
}
