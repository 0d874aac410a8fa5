import ArgumentParser
import FoundationEssentials
import Galley

/// `galley dedup`: near-duplicate paragraphs over JSON Lines.
struct Dedup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find near-duplicate paragraphs within and across documents.",
        discussion: """
            Input: JSON Lines, each {"id": ..., "text": ...} (split into paragraphs \
            at blank lines) or {"id": ..., "paragraphs": [...]}. Output, one line per \
            input line in the same order: {"id": ..., "paragraphs": [...], \
            "duplicates": N}, where each paragraph is {"index": i, "duplicate_of": \
            null} when kept or {"index": i, "duplicate_of": {"id": ..., "paragraph": \
            j, "similarity": s, "kind": "exact"|"near"|"contained"}}. The first \
            paragraph seen is kept. With --index the index lives in an SQLite file \
            and remembers paragraphs across runs (each batch of --batch documents is \
            one transaction); without, it lives in memory for this run. A line that \
            cannot be read gives {"line": N, "error": "..."}; the others go on and \
            the exit status is 1.
            """)

    @Option(help: "SQLite file that keeps the index across runs.")
    var index: String?

    @Option(help: "Jaccard similarity (word 5-grams) for near-duplicates.")
    var threshold: Double = 0.8

    @Option(help: "Containment for truncated or extended copies.")
    var containment: Double = 0.9

    @Flag(help: "Do not report contained copies.")
    var noContainment = false

    @Option(help: "Documents per batch (one transaction each).")
    var batch: Int = 1000

    @Argument(help: "JSON Lines files (default: standard input).")
    var files: [String] = []

    func validate() throws {
        guard batch >= 1 else { throw ValidationError("--batch must be at least 1") }
    }

    struct Line: Decodable {
        let id: String
        let text: String?
        let paragraphs: [String]?
    }

    func run() throws {
        var options = DedupOptions()
        options.threshold = threshold
        options.containment = noContainment ? nil : containment
        let dedup: DedupIndex
        do { dedup = try DedupIndex(path: index, options: options) } catch {
            Diagnostics.error(error.description)
            throw ExitCode(2)
        }
        var out = OutputBuffer()
        var failed = false
        // Pending lines: a document to add, or an error to print, in order.
        enum Pending { case document(String, Int), error(Int, String) }
        var pending: [Pending] = []
        var documents: [(documentID: String, paragraphs: [String])] = []
        let paragraphSplitter = try Segmenter(.paragraph, language: "")

        func flush() throws {
            let results = try dedup.add(documents: documents)
            var k = 0
            for p in pending {
                switch p {
                case .error(let line, let message):
                    out.write("{\"line\":\(line),\"error\":")
                    let m = Array(message.utf8)
                    m.withUnsafeBufferPointer { out.writeJSONString($0) }
                    out.write("}\n")
                case .document(let id, let count):
                    out.write("{\"id\":")
                    let idBytes = Array(id.utf8)
                    idBytes.withUnsafeBufferPointer { out.writeJSONString($0) }
                    out.write(",\"paragraphs\":[")
                    var dups = 0
                    for i in 0..<count {
                        if i > 0 { out.write(",") }
                        out.write("{\"index\":\(i),\"duplicate_of\":")
                        if let m = results[k + i] {
                            dups += 1
                            out.write("{\"id\":")
                            let d = Array(m.documentID.utf8)
                            d.withUnsafeBufferPointer { out.writeJSONString($0) }
                            out.write(",\"paragraph\":\(m.paragraph),\"similarity\":\(m.similarity),\"kind\":\"\(m.kind.name)\"}")
                        } else {
                            out.write("null")
                        }
                        out.write("}")
                    }
                    k += count
                    out.write("],\"duplicates\":\(dups)}\n")
                }
            }
            pending.removeAll(keepingCapacity: true)
            documents.removeAll(keepingCapacity: true)
            out.flush()
        }

        for input in try expandInputs(files) {
            let bytes: [UInt8]
            do { bytes = try readAll(input) } catch {
                Diagnostics.error("\(input.display): \(error)")
                failed = true
                continue
            }
            var lineNumber = 0
            for line in jsonLines(bytes) {
                lineNumber += 1
                do {
                    let record = try JSONLineDecoder.decode(Line.self, line, expected: "not a JSON object with \"id\" and \"text\" or \"paragraphs\"")
                    let paragraphs: [String]
                    if let ps = record.paragraphs { paragraphs = ps }
                    else if let t = record.text { paragraphs = try paragraphSplitter.split(t).map(String.init) }
                    else { throw InputError(description: "missing \"text\" or \"paragraphs\"") }
                    documents.append((record.id, paragraphs))
                    pending.append(.document(record.id, paragraphs.count))
                } catch {
                    failed = true
                    pending.append(.error(lineNumber, "line \(lineNumber): \(error)"))
                }
                if documents.count >= batch { try flush() }
            }
        }
        try flush()
        out.flush()
        if failed { throw ExitCode(1) }
    }
}
