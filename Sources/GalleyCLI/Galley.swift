import ArgumentParser
import Galley

@main
struct GalleyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Clean text scraped from news sites.",
        version: "\(Version.string) (ICU \(Version.icu))",
        subcommands: [ProcessCommand.self, Segment.self, Normalize.self, Dedup.self, Links.self,
                      URLCommand.self])
}

struct Segment: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split text into sentences, words, paragraphs or graphemes.",
        discussion: """
            Plain mode prints one segment per line, with backslash, tab, CR and LF \
            inside a segment escaped as \\\\, \\t, \\r and \\n; words are followed by \
            a tab and their kind (letter, number, kana, ideographic, other). A FILE \
            may be a folder: its .txt and .md files are read in name order, each \
            under a "==> path <==" header. With no FILE, or "-", standard input is read.

            With --jsonl every input line is a JSON object {"text": ..., "lang": ...} \
            ("lang" optional, else --lang; blank lines are skipped) and every output \
            line, in the same order, is {"segments": [...]} (words add "kinds"). A \
            line that cannot be processed gives {"id": null, "source": "FILE:LINE", \
            "error": "..."} and the rest go on; the exit status is 1 if any line or \
            file failed.
            """)

    enum Unit: String, ExpressibleByArgument, CaseIterable {
        case sentence, word, paragraph, grapheme
        var segmentUnit: SegmentUnit {
            switch self {
            case .sentence: return .sentence
            case .word: return .word
            case .paragraph: return .paragraph
            case .grapheme: return .grapheme
            }
        }
    }

    @Option(help: "What to split into.")
    var unit: Unit = .sentence

    @Option(help: "BCP 47 language tag (en, uk, ja, …); \"\" for the root rules.")
    var lang: String = "en"

    @Flag(help: "Read and write JSON Lines.")
    var jsonl = false

    @Flag(help: "Keep whitespace: segments partition the text exactly.")
    var keepWhitespace = false

    @Flag(help: "Sentences: ICU's sentences as they are, without Galley's rules.")
    var raw = false

    @Flag(help: "Sentences: do not split sentences a scraper glued together (\"world.But\").")
    var noRepair = false

    @Argument(help: "Files or folders to read (default: standard input).")
    var files: [String] = []

    func validate() throws {
        // Fail early on a bad --lang, before reading anything.
        do { _ = try Galley.Segmenter(unit.segmentUnit, language: lang) } catch {
            throw ValidationError(error.description)
        }
    }

    struct Line: Decodable {
        let text: String
        let lang: String?
    }

    func run() throws {
        var segmenters = SegmenterCache(unit: unit.segmentUnit, keepWhitespace: keepWhitespace,
                                        rules: !raw, repairGlued: !noRepair)
        let inputs = try expandInputs(files)
        if jsonl {
            let runner = JSONLinesRunner()
            try runner.run(inputs, as: Line.self, expected: "a JSON object with \"text\" (and \"lang\") as strings") {
                record, w in
                let segs = try segmenters.get(record.lang ?? lang).segments(of: record.text)
                let utf8 = Array(record.text.utf8)
                w.raw("{"); w.key("segments"); w.raw("[")
                for (i, s) in segs.enumerated() {
                    if i > 0 { w.raw(",") }
                    w.string(String(decoding: utf8[s.range], as: UTF8.self))
                }
                w.raw("]")
                if unit == .word {
                    w.raw(","); w.key("kinds"); w.raw("[")
                    for (i, s) in segs.enumerated() {
                        if i > 0 { w.raw(",") }
                        w.string(s.kind.name)
                    }
                    w.raw("]")
                }
                w.raw("}")
            }
            if runner.failed { throw ExitCode(1) }
            return
        }
        let out = RecordWriter()
        var failed = false
        for input in inputs {
            let bytes: [UInt8]
            do {
                bytes = try readAll(input)
            } catch {
                Diagnostics.error("\(input.display): \(error)")
                failed = true
                continue
            }
            if inputs.count > 1 { out.write(text: "==> \(input.display) <==\n") }
            do {
                let segs = try bytes.withUnsafeBufferPointer {
                    try segmenters.get(lang).segments(utf8: $0)
                }
                bytes.withUnsafeBufferPointer { buf in
                    for s in segs {
                        out.writeEscaped(UnsafeBufferPointer(rebasing: buf[s.range]))
                        if unit == .word { out.write(text: "\t\(s.kind.name)") }
                        out.write(text: "\n")
                    }
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

/// One segmenter per language, created on first use.
struct SegmenterCache {
    let unit: SegmentUnit
    let keepWhitespace: Bool
    let rules: Bool
    let repairGlued: Bool
    private var byLanguage: [String: Segmenter] = [:]

    init(unit: SegmentUnit, keepWhitespace: Bool, rules: Bool, repairGlued: Bool) {
        self.rules = rules
        self.repairGlued = repairGlued
        self.unit = unit
        self.keepWhitespace = keepWhitespace
    }

    mutating func get(_ language: String) throws(GalleyError) -> Segmenter {
        if let s = byLanguage[language] { return s }
        let s = try Segmenter(unit, language: language, keepWhitespace: keepWhitespace,
                              rules: rules, repairGlued: repairGlued)
        byLanguage[language] = s
        return s
    }
}
