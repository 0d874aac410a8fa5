import CICUShim

/// What a ``Segmenter`` splits text into.
public enum SegmentUnit: Sendable, Hashable, CaseIterable {
    /// User-perceived characters (UAX #29 extended grapheme clusters).
    case grapheme
    /// Words (UAX #29 word boundaries, with ICU's dictionaries for CJK and Thai).
    case word
    /// Sentences (UAX #29 with the language's `ss=standard` suppressions).
    case sentence
    /// Paragraphs: text between blank lines or U+2029.
    case paragraph
}

/// The kind of a word segment, from ICU's rule status.
public enum WordKind: Int32, Sendable, Hashable, CaseIterable {
    /// Spaces, punctuation, symbols — and every non-word segment.
    case other = 0
    case number = 1
    case letter = 2
    case kana = 3
    case ideographic = 4

    /// The lower-case name used by the CLI and the Python binding.
    public var name: String {
        switch self {
        case .other: return "other"
        case .number: return "number"
        case .letter: return "letter"
        case .kana: return "kana"
        case .ideographic: return "ideographic"
        }
    }
}

/// The unit of the offsets in a ``Segment``.
public enum OffsetUnit: Sendable, Hashable {
    /// Byte offsets into the UTF-8 text (Swift's `String.utf8` indices).
    case utf8
    /// Unicode scalar indices (what Python's `str` uses).
    case unicodeScalars
}

/// One segment of a text: a half-open range of offsets and, for words, a kind.
///
/// ```swift
/// let text = "Hello world."
/// for s in try Segmenter(.word).segments(of: text) {
///     print(s.text(in: text), s.kind)   // "Hello" letter, "world" letter, "." other
/// }
/// ```
public struct Segment: Hashable, Sendable {
    /// Offsets in the segmenter's ``OffsetUnit`` (UTF-8 bytes by default).
    public var range: Range<Int>
    /// The word kind; ``WordKind/other`` for every unit but words.
    public var kind: WordKind

    public init(range: Range<Int>, kind: WordKind = .other) {
        self.range = range
        self.kind = kind
    }

    /// The segment's text, given the string its UTF-8 offsets point into.
    public func text(in string: String) -> Substring {
        let utf8 = string.utf8
        let lo = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let hi = utf8.index(lo, offsetBy: range.count)
        return string[lo..<hi]
    }
}

/// Splits text into graphemes, words, sentences or paragraphs.
///
/// Graphemes, words and sentences come from ICU's break iterators (UAX #29)
/// for the language; paragraphs are Galley's own (see ``SegmentUnit/paragraph``).
/// By default whitespace is trimmed from sentences and paragraphs and
/// whitespace-only words are dropped; with `keepWhitespace` the segments
/// partition the text exactly. Graphemes always partition the text.
///
/// A segmenter holds ICU state: use it from one thread at a time (it is not
/// `Sendable`), and keep it — creating one costs tens of microseconds.
///
/// ```swift
/// let splitter = try Segmenter(.sentence, language: "en")
/// let text = "Mr. Smith arrived. He sat down."
/// splitter.split(text)   // ["Mr. Smith arrived.", "He sat down."]
/// ```
public final class Segmenter {
    public let unit: SegmentUnit
    public let language: String
    public let keepWhitespace: Bool
    public let offsetUnit: OffsetUnit
    /// Sentences only: apply Galley's rules on top of ICU (default). When
    /// false ("raw"), sentences are exactly ICU's (UAX #29 with the
    /// language's `ss=standard` suppressions).
    public let rules: Bool
    /// Sentences with rules only: split sentences a scraper glued together
    /// ("world.But", "sanctions.”In"). When false, a terminator not followed
    /// by whitespace never ends a sentence.
    public let repairGlued: Bool
    private let breaker: OpaquePointer?
    private let sentenceRules: SentenceRules?

    /// ICU's per-call limit, in bytes of UTF-8.
    public static let maximumICUInput = Int(Int32.max)

    /// Creates a segmenter.
    /// - Parameters:
    ///   - unit: what to split into.
    ///   - language: a BCP 47 tag ("en", "uk", "ja", "pt-BR"); "" for the
    ///     language-neutral root rules. Ignored for paragraphs.
    ///   - keepWhitespace: partition the text exactly (see the type's docs).
    ///   - offsetUnit: the unit of the returned offsets.
    ///   - rules: sentences only; false gives ICU's raw sentences.
    ///   - repairGlued: sentences with rules only; split glued sentences.
    /// - Throws: ``GalleyError/invalidArgument(_:)`` for a malformed tag;
    ///   ``GalleyError/icu(code:name:context:)`` if ICU cannot open the iterator.
    public init(_ unit: SegmentUnit, language: String = "en",
                keepWhitespace: Bool = false, offsetUnit: OffsetUnit = .utf8,
                rules: Bool = true, repairGlued: Bool = true) throws(GalleyError) {
        // ICU reads the tag NUL-terminated: "en\0xx" must not pass as "en".
        guard !language.utf8.contains(0) else {
            throw .invalidArgument("the language tag contains a NUL byte")
        }
        self.unit = unit
        self.language = language
        self.keepWhitespace = keepWhitespace
        self.offsetUnit = offsetUnit
        self.rules = rules
        self.repairGlued = repairGlued
        self.sentenceRules = (unit == .sentence && rules)
            ? SentenceRules(data: LanguageData.forLanguage(language), repairGlued: repairGlued) : nil
        let kind: Int32
        switch unit {
        case .grapheme: kind = Int32(GSHIM_BREAK_CHARACTER)
        case .word: kind = Int32(GSHIM_BREAK_WORD)
        case .sentence: kind = Int32(GSHIM_BREAK_SENTENCE)
        case .paragraph:
            try Segmenter.checkLanguageTag(language)
            self.breaker = nil
            return
        }
        var handle: OpaquePointer? = nil
        var icuError: Int32 = 0
        // With Galley's rules, abbreviations come from Galley's data: ICU 72's
        // ss=standard filter also matches word endings ("Weber." in German
        // ends like an exception and is never a sentence end there).
        let suppressions: Int32 = (unit == .sentence && rules) ? 0 : 1
        let rc = language.withCString { gshim_breaker_open(kind, $0, suppressions, &handle, &icuError) }
        switch Int(rc) {
        case Int(GSHIM_OK):
            self.breaker = handle
        case Int(GSHIM_BAD_LANGUAGE):
            throw .invalidArgument("not a well-formed BCP 47 language tag: \"\(language)\"")
        case Int(GSHIM_NO_MEMORY):
            throw .outOfMemory
        default:
            throw .icu(code: icuError, name: String(cString: gshim_icu_error_name(icuError)),
                       context: "opening a \(unit) break iterator for \"\(language)\"")
        }
    }

    deinit { gshim_breaker_close(breaker) }

    /// Paragraphs need no ICU iterator, but the tag must still be well formed,
    /// so that a typo fails the same way for every unit.
    private static func checkLanguageTag(_ language: String) throws(GalleyError) {
        var probe: OpaquePointer? = nil
        var icuError: Int32 = 0
        let rc = language.withCString {
            gshim_breaker_open(Int32(GSHIM_BREAK_CHARACTER), $0, 0, &probe, &icuError)
        }
        gshim_breaker_close(probe)
        if Int(rc) == Int(GSHIM_BAD_LANGUAGE) {
            throw .invalidArgument("not a well-formed BCP 47 language tag: \"\(language)\"")
        }
    }

    /// Segments a string. Strings are always valid UTF-8, so this fails only
    /// for input beyond ICU's limit, out of memory or an ICU failure.
    public func segments(of text: String) throws(GalleyError) -> [Segment] {
        var copy = text
        let result = copy.withUTF8 { buf in
            Result { () throws(GalleyError) -> [Segment] in
                var out: [Segment] = []
                try emitSegments(buf) { out.append($0) }
                return out
            }
        }
        return try result.get()
    }

    /// Segments raw bytes, which are validated first.
    /// - Throws: ``GalleyError/invalidUTF8(offset:)`` with the first bad byte.
    public func segments(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(GalleyError) -> [Segment] {
        var out: [Segment] = []
        try forEachSegment(utf8: bytes) { out.append($0) }
        return out
    }

    /// Calls `body` with each segment of raw bytes, in text order, without
    /// collecting them: for callers that store segments in their own layout.
    /// The bytes are validated first; nothing is reported for invalid input.
    /// - Throws: ``GalleyError/invalidUTF8(offset:)`` with the first bad byte.
    public func forEachSegment(utf8 bytes: UnsafeBufferPointer<UInt8>,
                               _ body: (Segment) -> Void) throws(GalleyError) {
        let ascii = try UTF8Validation.validate(bytes)
        try emitSegments(bytes, ascii: ascii, body)
    }

    /// The segments' texts.
    public func split(_ text: String) throws(GalleyError) -> [Substring] {
        precondition(offsetUnit == .utf8, "split(_:) needs UTF-8 offsets")
        let segs = try segments(of: text)
        let utf8 = text.utf8
        var out: [Substring] = []
        out.reserveCapacity(segs.count)
        var cursor = utf8.startIndex
        var cursorOffset = 0
        for s in segs {
            let lo = utf8.index(cursor, offsetBy: s.range.lowerBound - cursorOffset)
            let hi = utf8.index(lo, offsetBy: s.range.count)
            out.append(text[lo..<hi])
            cursor = hi
            cursorOffset = s.range.upperBound
        }
        return out
    }

    /// Segments valid UTF-8, converting offsets to the segmenter's unit.
    /// `ascii`: every byte is known to be ASCII (the sentence rules then
    /// skip their searches for non-ASCII characters; false is always safe).
    private func emitSegments(_ s: UnsafeBufferPointer<UInt8>, ascii: Bool = false,
                              _ body: (Segment) -> Void) throws(GalleyError) {
        switch offsetUnit {
        case .utf8:
            try emitUTF8Segments(s, ascii: ascii, body)
        case .unicodeScalars where ascii:
            // One byte per scalar: the offsets are the same.
            try emitUTF8Segments(s, ascii: true, body)
        case .unicodeScalars:
            var converter = ScalarOffsetConverter(s)
            try emitUTF8Segments(s, ascii: ascii) { seg in
                let lo = converter.scalarOffset(ofByte: seg.range.lowerBound)
                let hi = converter.scalarOffset(ofByte: seg.range.upperBound)
                body(Segment(range: lo..<hi, kind: seg.kind))
            }
        }
    }

    private func emitUTF8Segments(_ s: UnsafeBufferPointer<UInt8>, ascii: Bool,
                                  _ body: (Segment) -> Void) throws(GalleyError) {
        if unit == .paragraph {
            for p in paragraphSegments(s, keepWhitespace: keepWhitespace) { body(p) }
            return
        }
        guard let base = s.baseAddress, !s.isEmpty else { return }
        if s.count > Segmenter.maximumICUInput {
            throw .tooLarge(length: s.count, limit: Segmenter.maximumICUInput)
        }
        var bounds: UnsafePointer<Int>? = nil
        var statuses: UnsafePointer<Int32>? = nil
        var count = 0
        var icuError: Int32 = 0
        let rc = gshim_breaker_run(breaker, base, s.count, &bounds, &statuses, &count, &icuError)
        switch Int(rc) {
        case Int(GSHIM_OK): break
        case Int(GSHIM_NO_MEMORY): throw .outOfMemory
        case Int(GSHIM_TOO_LARGE): throw .tooLarge(length: s.count, limit: Segmenter.maximumICUInput)
        default:
            throw .icu(code: icuError, name: String(cString: gshim_icu_error_name(icuError)),
                       context: "segmenting \(s.count) bytes into \(unit)s")
        }
        guard let b = bounds, count >= 2 else { return }
        switch unit {
        case .grapheme:
            for i in 0..<(count - 1) { body(Segment(range: b[i]..<b[i + 1])) }
        case .word:
            let st = statuses!
            for i in 0..<(count - 1) {
                let lo = b[i], hi = b[i + 1]
                let kind = wordKind(fromRuleStatus: st[i])
                if !keepWhitespace && kind == .other
                    && skipWhiteSpaceForward(s, from: lo, to: hi) == hi { continue }
                body(Segment(range: lo..<hi, kind: kind))
            }
        case .sentence:
            if let sentenceRules {
                let cuts = Self.finalizeSentenceCuts(
                    sentenceRules.apply(s, icu: UnsafeBufferPointer(start: b, count: count), ascii: ascii), s,
                    keepWhitespace: keepWhitespace)
                var lo = 0
                for hi in cuts {
                    emitSentence(s, lo, hi, rendered: true, body)
                    lo = hi
                }
                emitSentence(s, lo, s.count, rendered: true, body)
            } else {
                for i in 0..<(count - 1) { emitSentence(s, b[i], b[i + 1], body) }
            }
        case .paragraph:
            preconditionFailure("paragraphs do not use ICU")
        }
    }
}

extension Segmenter {
    /// The last step of the sentence rules: Markdown read as rendered text and
    /// lines a plain-text rendering broke (``MarkdownSentences``).
    fileprivate static func finalizeSentenceCuts(_ cuts: [Int], _ s: UnsafeBufferPointer<UInt8>,
                                                 keepWhitespace: Bool) -> [Int] {
        MarkdownSentences.finalize(cuts, in: s, keepWhitespace: keepWhitespace)
    }

    /// Emits `s[start..<end]`, trimmed unless `keepWhitespace`. A trimmed
    /// sentence that is whitespace only is left out, and so, when
    /// `rendered` (the rules' sentences), is one that renders no text
    /// (`* * *`, `**`: ``MarkdownSentences/rendersNoText``).
    @inline(__always)
    fileprivate func emitSentence(_ s: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                                  rendered: Bool = false, _ body: (Segment) -> Void) {
        var lo = start, hi = end
        if !keepWhitespace {
            lo = skipWhiteSpaceForward(s, from: lo, to: hi)
            if lo == hi { return }
            hi = skipWhiteSpaceBackward(s, from: lo, to: hi)
            if rendered && MarkdownSentences.rendersNoText(s, lo, hi) { return }
        }
        body(Segment(range: lo..<hi))
    }
}

/// ICU's word rule statuses come in ranges: [0,100) none, [100,200) number,
/// [200,300) letter, [300,400) kana, [400,500) ideographic.
@inline(__always)
func wordKind(fromRuleStatus status: Int32) -> WordKind {
    switch status {
    case 100..<200: return .number
    case 200..<300: return .letter
    case 300..<400: return .kana
    case 400..<500: return .ideographic
    default: return .other
    }
}

/// Turns UTF-8 byte offsets into Unicode scalar indices. Asked in
/// non-decreasing order (as segments come), the offsets cost one forward
/// pass in all; an offset behind the last one walks back from it.
struct ScalarOffsetConverter {
    private let s: UnsafeBufferPointer<UInt8>
    private var byte = 0
    private var scalar = 0

    init(_ s: UnsafeBufferPointer<UInt8>) { self.s = s }

    mutating func scalarOffset(ofByte target: Int) -> Int {
        while byte > target {
            byte -= 1
            if s[byte] & 0xC0 != 0x80 { scalar -= 1 }
        }
        // Eight bytes at a time: every byte but a continuation byte
        // (10xxxxxx) starts a scalar.
        while target - byte >= 8 {
            let w = UnsafeRawPointer(s.baseAddress! + byte).loadUnaligned(as: UInt64.self)
            let continuation = w & ~(w << 1) & 0x8080_8080_8080_8080
            scalar += 8 - continuation.nonzeroBitCount
            byte += 8
        }
        while byte < target {
            if s[byte] & 0xC0 != 0x80 { scalar += 1 }
            byte += 1
        }
        return scalar
    }
}

// MARK: - Convenience

/// The sentences of `text` in `language`, trimmed of whitespace.
///
/// ```swift
/// try sentences(in: "It rained. We stayed in.")   // ["It rained.", "We stayed in."]
/// ```
public func sentences(in text: String, language: String = "en") throws(GalleyError) -> [Substring] {
    try Segmenter(.sentence, language: language).split(text)
}

/// The words of `text` in `language` (whitespace dropped; punctuation kept).
public func words(in text: String, language: String = "en") throws(GalleyError) -> [Substring] {
    try Segmenter(.word, language: language).split(text)
}

/// The paragraphs of `text`, trimmed of whitespace.
public func paragraphs(in text: String) throws(GalleyError) -> [Substring] {
    try Segmenter(.paragraph, language: "").split(text)
}

/// The extended grapheme clusters of `text`.
public func graphemes(in text: String) throws(GalleyError) -> [Substring] {
    try Segmenter(.grapheme, language: "").split(text)
}
