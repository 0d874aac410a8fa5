// `galley process`: the main job. A corpus of articles in, one JSON line per
// article out, in input order; paragraphs remembered across runs in an
// SQLite index. Articles are prepared on every core, then added to the
// index and written in order, a batch at a time.

import ArgumentParser
import Dispatch
import FoundationEssentials
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

struct ProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Clean a corpus of articles: paragraphs, sentences, duplicates, related links.",
        discussion: """
            Each INPUT is a folder (its .txt and .md files, recursively, in path \
            order; each file is one article, its id the path under the folder), a \
            .txt or .md file, a JSON Lines file (.jsonl, .ndjson or .json) of \
            {"id": ..., "text": ..., "url": ..., "lang": ...} ("url" and "lang" \
            optional; a missing "id" becomes FILE:LINE; blank lines are skipped), \
            or "-" for JSON Lines on standard input. A .txt or .md file may begin with front matter: lines \
            "url: ...", "lang: ...", "id: ..." between two "---" lines.

            Every article goes through normalization (NFC, spaces), related-link \
            block detection (taken out of the body; links canonicalized against \
            the article's url), paragraphs, sentences (in the article's language, \
            detected when not given; glued sentences split), and near-duplicate \
            search within the article and against every paragraph the index \
            holds, which then remembers it. The output has one JSON line per \
            article, in input order: id, url, link_key (the url's match key, as \
            `galley url` gives it), lang, lang_detected, paragraphs (text, span, \
            sentences, duplicate), related, counts. Spans are UTF-8 byte offsets \
            into the article's text (after any front matter). An article that \
            cannot be read or processed gives {"id", "source", "error"} and the run \
            goes on; the exit status is then 1.

            The index (default ./galley.db) keeps paragraphs across runs: the \
            same input processed twice comes back all duplicates the second time. \
            With --out, each batch is written and synced before the index commits \
            it, and the index journals which articles it committed for that output \
            file: after a crash or kill, --resume keeps the committed records, \
            drops the rest and carries on from there.
            """)

    @Argument(help: "Folders, .txt/.md files, JSON Lines files, or - for standard input.")
    var inputs: [String]

    @Option(name: .customLong("out"), help: "Write the JSON Lines here instead of standard output.")
    var out: String?

    @OptionGroup var indexOptions: IndexOptions

    @Flag(help: "Continue a run that was interrupted (needs --out and an index file).")
    var resume = false

    @Flag(help: "No progress and no summary on standard error.")
    var quiet = false

    @Option(help: "Threads preparing articles (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Print where the time went, per stage, at the end.")
    var profile = false

    @Option(help: "BCP 47 language tag for articles that give none (front matter or \"lang\"); default: detected.")
    var lang: String?

    @Flag(help: "Do not split sentences a scraper glued together (\"world.But\").")
    var noRepair = false

    @Flag(help: "Do not look for related-link blocks: every paragraph stays in the body.")
    var noRelated = false

    /// The pipeline's options from the command line.
    var articleOptions: ArticleOptions {
        var options = ArticleOptions()
        options.dedup = indexOptions.dedupOptions
        options.repairGlued = !noRepair
        options.relatedLinks = !noRelated
        return options
    }

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one INPUT (a folder, a file, or - for standard input)") }
        if resume && out == nil { throw ValidationError("--resume needs --out FILE (the output it continues)") }
        if resume && indexOptions.noIndex { throw ValidationError("--resume needs an index file; drop --no-index") }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if let lang {
            do { _ = try Galley.Segmenter(.sentence, language: lang == "und" ? "" : lang) } catch {
                throw ValidationError("--lang: \(error.description)")
            }
        }
    }

    func run() throws {
        let started = monotonicNow()
        let options = articleOptions
        let dedupIndex: DedupIndex
        do {
            dedupIndex = try DedupIndex(path: indexOptions.path, options: options.dedup)
        } catch {
            Diagnostics.error("index \(indexOptions.index): \(error.description)")
            throw ExitCode(2)
        }

        let sources: [ArticleSource]
        do { sources = try expandArticleSources(inputs) } catch {
            Diagnostics.error("\(error)")
            throw ExitCode(2)
        }
        let totalBytes = sources.reduce(0) { $0 + ($1.size ?? 0) }
        let sizeKnown = sources.allSatisfy { $0.size != nil }

        // Output and journal.
        var writer: RecordWriter
        var skip = 0
        var journalName: String? = nil
        var journalIDs: [String] = []
        do {
            if let out {
                let name = absolutePath(out)
                if !indexOptions.noIndex { journalName = name }
                if resume {
                    let entries = try dedupIndex.journal(named: name)
                    for (i, e) in entries.enumerated() where e.position != Int64(i) {
                        throw InputError(description: "the index's journal for \(out) has a gap at record \(i); rerun without --resume")
                    }
                    journalIDs = entries.map(\.article)
                    skip = entries.count
                    writer = try RecordWriter(resuming: out, keeping: skip)
                } else {
                    if journalName != nil { try dedupIndex.clearJournal(named: name) }
                    writer = try RecordWriter(path: out)
                }
            } else {
                writer = RecordWriter()
            }
        } catch let e as GalleyError {
            Diagnostics.error(e.description)
            throw ExitCode(2)
        } catch {
            Diagnostics.error("\(error)")
            throw ExitCode(2)
        }

        let workers = jobs ?? activeProcessorCount()
        let progress = Progress(quiet: quiet, totalBytes: sizeKnown ? totalBytes : nil, started: started)
        // The core's batch runner prepares every batch on `workers` threads
        // and commits the previous one beside it; each batch is written and
        // synced here, on its commit thread, before the index stores it.
        let tally = Tally()
        let runner: ArticleBatchRunner
        do {
            runner = try ArticleBatchRunner(index: dedupIndex, options: options, jobs: workers,
                                            batch: indexOptions.batch, journal: journalName,
                                            startPosition: skip, parallel: dispatchParallel) { records in
                var batch = Summary()
                for r in records {
                    writer.write(line: r.json)
                    switch r.result {
                    case .success(let a): batch.count(a)
                    case .failure: batch.errors += 1
                    }
                    batch.bytes += r.bytes
                }
                try writer.sync()
                tally.summary.merge(batch)
                progress.update(tally.summary)
            }
        } catch {
            Diagnostics.error(error.description)
            throw ExitCode(2)
        }
        var resumed = 0
        var position = 0

        do {
            try forEachArticle(sources) { item in
                defer { position += 1 }
                if position < skip {
                    // Committed by the interrupted run: the same input must
                    // give the same article there.
                    if (item.id ?? "") != journalIDs[position] {
                        throw InputError(description: "the input changed since the interrupted run: record \(position + 1) was \"\(journalIDs[position])\", now \"\(item.id ?? "")\"; rerun without --resume")
                    }
                    resumed += 1
                    return
                }
                var item = item
                if let lang, case .success(var input) = item.input, input.language == nil {
                    input.language = lang
                    item.input = .success(input)
                }
                try runner.add(item)
            }
            if position < skip {
                throw InputError(description: "the input has \(position) articles but the interrupted run committed \(skip); rerun without --resume")
            }
            try runner.finish()
        } catch let e as ExitCode {
            _ = try? runner.finish()
            throw e
        } catch {
            _ = try? runner.finish()
            if let e = error as? GalleyError {
                Diagnostics.error("storing a batch in the index: \(e.description)")
            } else {
                Diagnostics.error("\(error)")
            }
            throw ExitCode(2)
        }
        var summary = tally.summary
        summary.resumed = resumed
        summary.seconds = monotonicNow() - started
        progress.finish(summary)
        let wall = (prepare: runner.prepareSeconds, index: runner.indexSeconds, write: runner.writeSeconds)
        if profile {
            let stages = runner.timings
            let mb = Double(stages.bytes) / 1e6
            func row(_ name: String, _ seconds: Double) -> String {
                "  \(name): \(format(seconds, 2)) s, \(format(seconds > 0 ? mb / seconds : 0, 1)) MB/s"
            }
            var lines = ["galley: profile (\(workers) threads preparing; stage seconds are summed over threads)"]
            lines.append(row("normalize      ", stages.normalize))
            lines.append(row("language       ", stages.language))
            lines.append(row("related links  ", stages.relatedLinks))
            lines.append(row("paragraphs     ", stages.paragraphs))
            lines.append(row("sentences      ", stages.sentences))
            lines.append(row("fingerprints   ", stages.fingerprints))
            lines.append(row("prepare (wall) ", wall.prepare))
            lines.append(row("index (commit thread)", wall.index))
            lines.append(row("write (commit thread)", wall.write))
            let text = Array((lines.joined(separator: "\n") + "\n").utf8)
            _ = text.withUnsafeBytes { writeFD(2, $0.baseAddress!, $0.count) }
        }
        if summary.errors > 0 { throw ExitCode(1) }
    }
}

/// The run's summary, added to on the commit thread and read after the
/// runner finished.
final class Tally: @unchecked Sendable {
    var summary = Summary()
}

// MARK: - Inputs

/// Where articles come from.
struct ArticleSource {
    enum Kind { case textFile(id: String), jsonLines, stdin }
    var path: String
    var kind: Kind
    var size: Int?
}

/// One article read from an input, or the reason it could not be.
typealias ArticleItem = RunItem

func expandArticleSources(_ paths: [String]) throws -> [ArticleSource] {
    var sources: [ArticleSource] = []
    let fm = FileManager.default
    for path in paths {
        if path == "-" { sources.append(ArticleSource(path: "<stdin>", kind: .stdin, size: nil)); continue }
        var isDirectory = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(description: "\(path): no such file or folder")
        }
        if isDirectory {
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let files = try fm.subpathsOfDirectory(atPath: base).filter { $0.hasSuffix(".txt") || $0.hasSuffix(".md") }
            for name in files.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                let full = base + "/" + name
                sources.append(ArticleSource(path: full, kind: .textFile(id: name), size: fileSize(full)))
            }
        } else if path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") || path.hasSuffix(".json") {
            sources.append(ArticleSource(path: path, kind: .jsonLines, size: fileSize(path)))
        } else {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            sources.append(ArticleSource(path: path, kind: .textFile(id: name), size: fileSize(path)))
        }
    }
    return sources
}

struct ArticleLine: Decodable {
    let id: String?
    let text: String
    let url: String?
    let lang: String?
}

/// Calls `body` with every article of every source, in order.
func forEachArticle(_ sources: [ArticleSource], _ body: (ArticleItem) throws -> Void) throws {
    let runner = JSONLinesRunner()
    for source in sources {
        switch source.kind {
        case .textFile(let id):
            let bytes: [UInt8]
            do { bytes = try readAll(.file(source.path)) } catch {
                try body(ArticleItem(id: id, source: source.path, bytes: 0,
                                     input: .failure(RunFailure("cannot read: \(error)"))))
                continue
            }
            try body(textArticle(bytes, id: id, source: source.path))
        case .jsonLines, .stdin:
            let input: Input
            if case .stdin = source.kind { input = .stdin } else { input = .file(source.path) }
            try runner.forEachRecord([input], as: ArticleLine.self,
                                     expected: "a JSON object with \"text\" (and \"id\", \"url\", \"lang\") as strings") {
                result, where_, bytes in
                switch result {
                case .success(let record):
                    let id = record.id ?? where_
                    try body(ArticleItem(id: id, source: where_, bytes: bytes,
                                         input: .success(ArticleInput(id: id, text: record.text, url: record.url,
                                                                      language: record.lang))))
                case .failure(let e):
                    try body(ArticleItem(id: nil, source: where_, bytes: bytes, input: .failure(RunFailure(e.description))))
                }
            }
        }
    }
}

/// A text file's article: front matter read, UTF-8 checked.
func textArticle(_ bytes: [UInt8], id: String, source: String) -> ArticleItem {
    var item = ArticleItem(id: id, source: source, bytes: bytes.count, input: .failure(RunFailure("")))
    do {
        _ = try bytes.withUnsafeBufferPointer { try UTF8Validation.validate($0) }
    } catch {
        item.input = .failure(RunFailure("\(error)"))
        return item
    }
    var text = String(decoding: bytes, as: UTF8.self)
    var url: String? = nil, lang: String? = nil
    if let (fields, body) = frontMatter(text) {
        text = body
        url = fields["url"]
        lang = fields["lang"]
        if let given = fields["id"] { item.id = given }
    }
    item.input = .success(ArticleInput(id: item.id ?? id, text: text, url: url, language: lang))
    return item
}

/// "---", then "key: value" lines, then "---": the fields and the text
/// after. nil when the text does not start that way.
func frontMatter(_ text: String) -> ([String: String], String)? {
    guard text.hasPrefix("---\n") || text.hasPrefix("---\r\n") else { return nil }
    var fields: [String: String] = [:]
    var rest = text[text.index(after: text.firstIndex(of: "\n")!)...]
    var lines = 0
    while let nl = rest.firstIndex(of: "\n") {
        var line = rest[..<nl]
        if line.hasSuffix("\r") { line = line.dropLast() }
        rest = rest[rest.index(after: nl)...]
        if line == "---" { return (fields, String(rest)) }
        lines += 1
        guard lines <= 64, let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon].trimmingWhitespace().lowercased()
        let value = String(line[line.index(after: colon)...].trimmingWhitespace())
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) else { return nil }
        fields[key] = value
    }
    return nil
}


/// Dispatch's thread pool for the runner's preparing: under a loaded
/// machine its threads are scheduled sooner than threads woken from a
/// condition variable (measured: the same work in half the wall time).
func dispatchParallel(_ count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let shared = UnsafeSendable(body)
        DispatchQueue.concurrentPerform(iterations: count) { shared.value($0) }
    }
}

/// Hands a closure to concurrentPerform's threads: each iteration touches
/// its own processor and result slots.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

func activeProcessorCount() -> Int {
    let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    return n > 0 ? n : 1
}

func absolutePath(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    guard getcwd(&buf, buf.count) != nil else { return path }
    let cwd = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return cwd + "/" + path
}

// MARK: - Progress and summary

struct Summary {
    var articles = 0, paragraphs = 0, sentences = 0, related = 0, errors = 0, bytes = 0, resumed = 0
    var duplicates: [DuplicateKind: Int] = [:]
    var seconds = 0.0

    mutating func count(_ a: Article) {
        articles += 1
        paragraphs += a.paragraphs.count
        sentences += a.sentenceCount
        related += a.related.count
        for p in a.paragraphs { if let d = p.duplicate { duplicates[d.kind, default: 0] += 1 } }
    }

    mutating func merge(_ o: Summary) {
        articles += o.articles; paragraphs += o.paragraphs; sentences += o.sentences
        related += o.related; errors += o.errors; bytes += o.bytes
        duplicates.merge(o.duplicates, uniquingKeysWith: +)
    }

    var line: String {
        let mb = Double(bytes) / 1e6
        let d = DuplicateKind.allCases.map { "\(duplicates[$0] ?? 0) \($0.name)" }.joined(separator: ", ")
        let total = duplicates.values.reduce(0, +)
        var s = "\(articles) articles, \(paragraphs) paragraphs, \(sentences) sentences, "
            + "\(total) duplicates (\(d)), \(related) related links, \(errors) errors"
        if resumed > 0 { s += ", \(resumed) resumed" }
        s += " in \(format(seconds, 1)) s (\(format(mb, 1)) MB, \(format(seconds > 0 ? mb / seconds : 0, 1)) MB/s)"
        return s
    }
}

func format(_ v: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let n = Int((v * scale).rounded())
    let whole = n / Int(scale), frac = n % Int(scale)
    if decimals == 0 { return String(whole) }
    var f = String(frac)
    while f.count < decimals { f = "0" + f }
    return "\(whole).\(f)"
}

/// Progress on standard error: a bar with rate and ETA on a terminal,
/// a plain line every few seconds otherwise, nothing when quiet.
final class Progress {
    let quiet: Bool
    let totalBytes: Int?
    let started: Double
    let terminal: Bool
    private var last = 0.0

    init(quiet: Bool, totalBytes: Int?, started: Double) {
        self.quiet = quiet
        self.totalBytes = totalBytes
        self.started = started
        terminal = isatty(2) != 0
    }

    func update(_ s: Summary) {
        guard !quiet else { return }
        let now = monotonicNow()
        guard now - max(last, started) >= (terminal ? 0.2 : 5) else { return }
        last = now
        let elapsed = now - started
        let rate = elapsed > 0 ? Double(s.bytes) / elapsed : 0
        var text = "\(s.articles + s.errors) articles, \(format(Double(s.bytes) / 1e6, 1)) MB, \(format(rate / 1e6, 1)) MB/s"
        if let total = totalBytes, total > 0 {
            let fraction = min(1, Double(s.bytes) / Double(total))
            let eta = rate > 0 ? Double(total - s.bytes) / rate : 0
            let etaText = "\(Int(eta) / 60):" + (Int(eta) % 60 < 10 ? "0" : "") + "\(Int(eta) % 60)"
            if terminal {
                let width = 24
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
                text = "[\(bar)] \(Int(fraction * 100))% " + text + ", ETA \(etaText)"
            } else {
                text = "\(Int(fraction * 100))%: " + text + ", ETA \(etaText)"
            }
        }
        emit(terminal ? "\r\u{1B}[K" + text : "galley: " + text + "\n")
    }

    func finish(_ s: Summary) {
        guard !quiet else { return }
        emit((terminal ? "\r\u{1B}[K" : "") + "galley: " + s.line + "\n")
    }

    private func emit(_ s: String) {
        let bytes = Array(s.utf8)
        _ = bytes.withUnsafeBytes { writeFD(2, $0.baseAddress!, $0.count) }
    }
}
