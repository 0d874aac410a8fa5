#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// The article pipeline: Galley's main job, composed from its parts.
//
//   text (+ URL, language) -> normalized -> related block split off
//     -> paragraphs -> sentences -> duplicates (within the article and
//     against the corpus index) -> related links canonicalized
//
// Preparing an article (everything but the index) is independent per
// article and runs on any number of threads, one ArticleProcessor each;
// adding prepared articles to a DedupIndex is sequential, in input order,
// so the result depends only on that order.

/// An article to process.
public struct ArticleInput: Sendable, Hashable {
    /// Names the article in the output and in the dedup index.
    public var id: String
    /// The text as scraped.
    public var text: String
    /// The article's own URL: relative related links resolve against it.
    public var url: String?
    /// A BCP 47 tag ("uk", "pt-BR"); nil to detect it (``detectLanguage(_:)``).
    public var language: String?

    public init(id: String, text: String, url: String? = nil, language: String? = nil) {
        self.id = id
        self.text = text
        self.url = url
        self.language = language
    }
}

/// What the pipeline does.
public struct ArticleOptions: Sendable, Hashable {
    /// How the text is normalized first (default: NFC, spaces collapsed).
    public var normalization = NormalizationOptions()
    /// Fingerprints and thresholds of the duplicate search; must match the
    /// index's.
    public var dedup = DedupOptions()
    /// Split sentences a scraper glued together ("world.But").
    public var repairGlued = true
    /// Find related-link blocks and take them out of the body.
    public var relatedLinks = true
    /// The unit of the spans: UTF-8 bytes (default) or Unicode scalars
    /// (Python's `str` indices).
    public var offsetUnit: OffsetUnit = .utf8

    public init() {}
}

/// A paragraph of the article's body.
public struct ArticleParagraph: Sendable, Hashable {
    /// The paragraph, normalized.
    public var text: String
    /// Where it is in the input text (UTF-8 byte offsets, or scalar
    /// offsets: ``ArticleOptions/offsetUnit``).
    public var span: Range<Int>
    /// Its sentences, as ranges of the input text in the same unit. None
    /// when it renders no text (a thematic break `* * *`, a line of `**`):
    /// it stays a paragraph of the body, as it is in the text.
    public var sentences: [Range<Int>]
    /// nil when kept; else the earlier paragraph it repeats (in this
    /// article or an earlier one), how similar, and what kind of copy.
    public var duplicate: DuplicateMatch?
}

/// A processed article.
///
/// ```swift
/// let a = try processArticle(ArticleInput(id: "a1", text: "Title\n\nIt rained.But not for long.\n\nRead also:\n- Floods"))
/// a.language                      // "en" (detected)
/// a.paragraphs.map(\.text)        // ["Title", "It rained.But not for long."]
/// a.paragraphs[1].sentences.count // 2
/// a.related[0].title?.display     // "Floods"
/// ```
public struct Article: Sendable {
    public var id: String
    public var url: String?
    /// The match key of ``url`` (``linkKey(_:base:)``: the canonical URL
    /// with http/https, www./m./amp. hosts, AMP forms and trailing slashes
    /// folded), to join an article with the related links that point to
    /// it; nil without a URL or when it does not parse.
    public var linkKey: String? = nil
    /// The language used: the input's, or the detected one ("und" when
    /// nothing could be told).
    public var language: String
    /// Whether ``language`` was detected rather than given.
    public var languageDetected: Bool
    /// The body's paragraphs (the related blocks are not among them).
    public var paragraphs: [ArticleParagraph]
    /// The related links, collapsed on canonical URL (see ``relatedLinks(in:baseURL:)``).
    public var related: [RelatedLink]
    /// Bytes of input text.
    public var inputBytes: Int
    /// The JSON record but its duplicates, made where the article was
    /// prepared (see ``json``).
    var jsonParts: ArticleJSONParts? = nil

    public var sentenceCount: Int { paragraphs.reduce(0) { $0 + $1.sentences.count } }
    public var duplicateCount: Int { paragraphs.reduce(0) { $0 + ($1.duplicate == nil ? 0 : 1) } }
}

/// An article prepared for the index: everything done but the duplicate
/// search, which needs every earlier article.
public struct PreparedArticle: Sendable {
    public internal(set) var article: Article
    let fingerprints: [Fingerprint]
    let settings: String
}

/// Where an ``ArticleProcessor``'s time went: seconds per stage, summed
/// over the articles it prepared.
public struct StageTimings: Sendable, Hashable {
    public var normalize = 0.0
    public var language = 0.0
    public var relatedLinks = 0.0
    public var paragraphs = 0.0
    public var sentences = 0.0
    public var fingerprints = 0.0
    /// Articles and input bytes prepared.
    public var articles = 0
    public var bytes = 0

    public init() {}

    public static func + (a: StageTimings, b: StageTimings) -> StageTimings {
        var s = a
        s.normalize += b.normalize; s.language += b.language; s.relatedLinks += b.relatedLinks
        s.paragraphs += b.paragraphs; s.sentences += b.sentences; s.fingerprints += b.fingerprints
        s.articles += b.articles; s.bytes += b.bytes
        return s
    }
}

/// Monotonic seconds.
package func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// The per-thread part of the pipeline. It holds ICU state (segmenters per
/// language, a fingerprinter): one per thread, reused across articles.
///
/// ```swift
/// let processor = try ArticleProcessor()
/// let index = try DedupIndex(path: "galley.db")
/// let prepared = try inputs.map { try processor.prepare($0) }   // any thread
/// let articles = try index.add(prepared)                          // in order
/// ```
public final class ArticleProcessor {
    public let options: ArticleOptions
    private let paragraphSplitter: Segmenter
    private let fingerprinter: Fingerprinter
    private var sentenceSplitters: [String: Segmenter] = [:]
    /// Time per stage over every article this processor prepared.
    public private(set) var timings = StageTimings()

    public init(options: ArticleOptions = ArticleOptions()) throws(GalleyError) {
        self.options = options
        paragraphSplitter = try Segmenter(.paragraph)
        fingerprinter = try Fingerprinter(options: options.dedup)
    }

    private func sentenceSplitter(_ language: String) throws(GalleyError) -> Segmenter {
        if let s = sentenceSplitters[language] { return s }
        let s = try Segmenter(.sentence, language: language, repairGlued: options.repairGlued)
        // A corpus has few languages; a bound keeps a hostile one harmless.
        if sentenceSplitters.count > 64 { sentenceSplitters.removeAll() }
        sentenceSplitters[language] = s
        return s
    }

    /// Runs the pipeline up to the duplicate search.
    /// - Throws: `invalidArgument` for a malformed language tag or base URL
    ///   problem that is not the article's own (a bad article URL only makes
    ///   its relative links fail), `icu`, `outOfMemory`, `tooLarge`.
    public func prepare(_ input: ArticleInput) throws(GalleyError) -> PreparedArticle {
        var clock = monotonicNow()
        func lap(_ stage: WritableKeyPath<StageTimings, Double>) {
            let now = monotonicNow()
            timings[keyPath: stage] += now - clock
            clock = now
        }
        timings.articles += 1
        timings.bytes += input.text.utf8.count
        let normalized = try normalize(input.text, options: options.normalization)
        let text = normalized.text
        lap(\.normalize)

        var language = input.language ?? ""
        let detected = input.language == nil
        if detected { language = detectLanguage(text).tag }
        lap(\.language)
        guard language.utf8.count <= 64,
              language.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x41 && $0 <= 0x5A)
                                         || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F }) else {
            throw .invalidArgument("language \"\(language)\" is not a BCP 47 tag")
        }
        let segmentLanguage = language == "und" ? "" : language

        var blocks: [Range<Int>] = []
        var related: [RelatedLink] = []
        if options.relatedLinks {
            // An article URL that does not parse only makes relative links
            // fail, each with the reason.
            let r = try findRelatedLinks(in: text, baseURL: input.url, makeBody: false)
            blocks = r.blocks
            related = r.links
        }
        lap(\.relatedLinks)

        let utf8 = Array(text.utf8)
        var paragraphs: [ArticleParagraph] = []
        var prints: [Fingerprint] = []
        let splitter = try sentenceSplitter(segmentLanguage)
        let segments = try paragraphSplitter.segments(of: text)
        lap(\.paragraphs)
        for segment in segments {
            for piece in Self.subtract(blocks, from: segment.range) {
                let range = Self.trimmed(piece, in: utf8)
                guard !range.isEmpty else { continue }
                let paragraphText = String(decoding: utf8[range], as: UTF8.self)
                var sentences: [Range<Int>] = []
                for s in try splitter.segments(of: paragraphText) {
                    sentences.append(normalized.originalRange((s.range.lowerBound + range.lowerBound)
                                                              ..< (s.range.upperBound + range.lowerBound)))
                }
                lap(\.sentences)
                prints.append(try fingerprinter.fingerprint(paragraphText))
                lap(\.fingerprints)
                paragraphs.append(ArticleParagraph(text: paragraphText, span: normalized.originalRange(range),
                                                   sentences: sentences, duplicate: nil))
            }
        }
        if options.offsetUnit == .unicodeScalars { Self.convertToScalars(&paragraphs, in: input.text) }
        let key = input.url.flatMap { try? linkKey($0).href }
        var article = Article(id: input.id, url: input.url, linkKey: key, language: language, languageDetected: detected,
                              paragraphs: paragraphs, related: related, inputBytes: input.text.utf8.count)
        article.jsonParts = article.makeJSONParts()
        return PreparedArticle(article: article, fingerprints: prints,
                               settings: DedupIndex.settings(options.dedup))
    }

    /// Rewrites UTF-8 byte offsets into `text` as Unicode scalar offsets,
    /// in one pass over the text.
    static func convertToScalars(_ paragraphs: inout [ArticleParagraph], in text: String) {
        // Offsets come in text order (paragraph start, its sentences, its
        // end, the next paragraph), so one converter walks the text once:
        // linear in the text and the number of offsets, no table of them.
        var text = text
        text.withUTF8 { bytes in
            var converter = ScalarOffsetConverter(bytes)
            func convert(_ r: Range<Int>) -> Range<Int> {
                let lower = converter.scalarOffset(ofByte: r.lowerBound)
                return lower ..< converter.scalarOffset(ofByte: r.upperBound)
            }
            for i in paragraphs.indices {
                let start = converter.scalarOffset(ofByte: paragraphs[i].span.lowerBound)
                paragraphs[i].sentences = paragraphs[i].sentences.map(convert)
                paragraphs[i].span = start ..< converter.scalarOffset(ofByte: paragraphs[i].span.upperBound)
            }
        }
    }

    /// `range` without the parts inside `blocks` (sorted, disjoint).
    static func subtract(_ blocks: [Range<Int>], from range: Range<Int>) -> [Range<Int>] {
        var pieces: [Range<Int>] = []
        var start = range.lowerBound
        for b in blocks where b.upperBound > start && b.lowerBound < range.upperBound {
            if b.lowerBound > start { pieces.append(start..<b.lowerBound) }
            start = max(start, b.upperBound)
        }
        if start < range.upperBound { pieces.append(start..<range.upperBound) }
        return pieces
    }

    /// `range` without ASCII whitespace at either end.
    static func trimmed(_ range: Range<Int>, in utf8: [UInt8]) -> Range<Int> {
        var lo = range.lowerBound, hi = range.upperBound
        func space(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }
        while lo < hi, space(utf8[lo]) { lo += 1 }
        while hi > lo, space(utf8[hi - 1]) { hi -= 1 }
        return lo..<hi
    }
}

extension DedupIndex {
    /// Adds prepared articles in order, as one batch (one transaction for
    /// a file index), and returns them with each paragraph's duplicate
    /// filled in.
    ///
    /// - Parameters:
    ///   - journal: a run's name and entries (input position, article id)
    ///     stored in the same transaction (see ``journal(named:)``); they
    ///     may include articles that failed and are not in `prepared`.
    ///   - beforeStoring: called with the results once they are known and
    ///     before anything is stored (to write them out first, say); when
    ///     it throws, nothing of the batch is added and its error is
    ///     rethrown.
    /// - Throws: `invalidArgument` when the articles were fingerprinted
    ///   with other settings than this index's; storage errors (then
    ///   nothing of the batch is added).
    @discardableResult
    public func add(_ prepared: [PreparedArticle],
                    journal: (name: String, entries: [(position: Int64, article: String)])? = nil,
                    beforeStoring: (([Article]) throws -> Void)? = nil) throws(GalleyError) -> [Article] {
        let settings = DedupIndex.settings(options)
        for p in prepared where p.settings != settings {
            throw .invalidArgument("articles were fingerprinted with \(p.settings); this index uses \(settings)")
        }
        let documents = prepared.map { ($0.article.id, $0.fingerprints.count) }
        let prints = prepared.flatMap(\.fingerprints)
        let entries = journal.map { IndexStore.Journal(name: $0.name, entries: $0.entries) }
        func fill(_ matches: [DuplicateMatch?]) -> [Article] {
            var k = 0
            var out: [Article] = []
            out.reserveCapacity(prepared.count)
            for p in prepared {
                var a = p.article
                for i in a.paragraphs.indices {
                    a.paragraphs[i].duplicate = matches[k]
                    k += 1
                }
                out.append(a)
            }
            return out
        }
        var articles: [Article] = []
        let matches = try commit(documents, prints, journal: entries, beforeStoring: beforeStoring.map { callback in
            { matches in
                articles = fill(matches)
                try callback(articles)
            }
        })
        return beforeStoring == nil ? fill(matches) : articles
    }
}

/// Runs the whole pipeline on one article. With an `index`, its paragraphs
/// are compared with everything the index holds and then added to it;
/// without, only with each other.
///
/// For many articles, use one ``ArticleProcessor`` per thread and add the
/// prepared articles to the index in order.
public func processArticle(_ input: ArticleInput, index: DedupIndex? = nil,
                           options: ArticleOptions = ArticleOptions()) throws(GalleyError) -> Article {
    var options = options
    if let index { options.dedup = index.options }
    let prepared = try ArticleProcessor(options: options).prepare(input)
    let target: DedupIndex
    if let index { target = index } else { target = try DedupIndex(options: options.dedup) }
    return try target.add([prepared])[0]
}
