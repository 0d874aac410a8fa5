// Galley's one record serializer. The JSON form of a processed article (one
// line of `galley process`'s output, the string galley_process() returns,
// what Python's galley.process() reads) and of its parts, used again on
// their own by every other command: a duplicate (``JSONWriter/duplicate(_:)``,
// `galley dedup`), a related link (``JSONWriter/relatedLink(_:)``, `galley
// links`) and the error record of an input that failed
// (``JSONWriter/errorRecord(id:source:reason:)``, every JSON Lines command).
// Written by hand (the core has no Foundation), in a fixed key order; a
// similarity is always written by ``JSONWriter/fraction(_:)``.

/// An article's record without its duplicates (see `Article.makeJSONParts`).
struct ArticleJSONParts: Sendable {
    var head: [UInt8]
    var paragraphs: [[UInt8]]
    var middle: [UInt8]
    var tail: [UInt8]
}

/// Appends valid UTF-8 as a JSON string literal: `"`, `\` and control
/// characters escaped (\n \r \t, else \u00XX), everything else copied in
/// runs. Shared by the core's records and the CLI's JSON Lines.
package func appendJSONString(_ buf: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
    bytes.append(0x22)
    var run = 0
    for i in 0..<buf.count {
        let b = buf[i]
        guard b < 0x20 || b == 0x22 || b == 0x5C else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run..<i]))
        run = i + 1
        switch b {
        case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
        case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
        case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
        case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
        default:
            let hex: StaticString = "0123456789abcdef"
            let digits = hex.utf8Start
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, digits[Int(b >> 4)], digits[Int(b & 15)]])
        }
    }
    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[run...]))
    bytes.append(0x22)
}

/// Builds JSON text (UTF-8, no insignificant whitespace). Strings must be
/// valid UTF-8 (a Swift `String` always is); NUL and other control
/// characters are escaped, so any string gives one line.
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []

    package init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    package var string: String { String(decoding: bytes, as: UTF8.self) }

    package mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    /// Empties the text, keeping its storage.
    package mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    package mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    package mutating func key(_ s: StaticString) {
        raw("\"")
        raw(s)
        raw("\":")
    }

    /// A JSON string: `"`, `\` and control characters escaped, everything
    /// else as UTF-8.
    package mutating func string(_ s: String) {
        var copy = s
        copy.withUTF8 { appendJSONString($0, to: &bytes) }
    }

    package mutating func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    package mutating func int<T: BinaryInteger>(_ v: T) { bytes.append(contentsOf: String(v).utf8) }

    /// A number in [0, 1] with at most four decimals ("1", "0.8571", "0"):
    /// how every similarity is written. NaN or out of range gives null.
    package mutating func fraction(_ v: Double) {
        let scaled = (v * 10_000).rounded()
        guard scaled.isFinite, scaled >= 0, scaled <= 10_000 else { raw("null"); return }
        let n = Int(scaled)
        if n == 10_000 { raw("1"); return }
        if n == 0 { raw("0"); return }
        var digits = Array(String(n).utf8)
        while digits.count < 4 { digits.insert(0x30, at: 0) }
        while digits.last == 0x30 { digits.removeLast() }
        raw("0.")
        bytes.append(contentsOf: digits)
    }

    package mutating func range(_ r: Range<Int>) {
        raw("[")
        int(r.lowerBound)
        raw(",")
        int(r.upperBound)
        raw("]")
    }

    /// A paragraph's duplicate: `null` when kept, else
    /// `{"id","paragraph","similarity","kind"}` (the earlier paragraph's
    /// document and index, similarity by ``fraction(_:)``, kind by name).
    package mutating func duplicate(_ d: DuplicateMatch?) {
        guard let d else { raw("null"); return }
        raw("{"); key("id"); string(d.documentID)
        raw(","); key("paragraph"); int(d.paragraph)
        raw(","); key("similarity"); fraction(d.similarity)
        raw(","); key("kind"); string(d.kind.name)
        raw("}")
    }

    /// A related link: `{"title","key","slug","url","canonical_url","error","kind"}`
    /// (the title's three forms null for a bare URL).
    package mutating func relatedLink(_ l: RelatedLink) {
        raw("{"); key("title"); optionalString(l.title?.display)
        raw(","); key("key"); optionalString(l.title?.key)
        raw(","); key("slug"); optionalString(l.title?.slug)
        raw(","); key("url"); optionalString(l.url)
        raw(","); key("canonical_url"); optionalString(l.canonicalURL)
        raw(","); key("error"); optionalString(l.urlError)
        raw(","); key("kind"); string(l.kind.rawValue)
        raw("}")
    }

    /// The record of an input that could not be processed, the same in
    /// every command: `{"id","source","error"}` — its id (null when
    /// unknown), where it came from ("FILE:LINE", "<stdin>:LINE", a path;
    /// null when there is no such place) and why.
    package mutating func errorRecord(id: String?, source: String?, reason: String) {
        raw("{"); key("id"); optionalString(id)
        raw(","); key("source"); optionalString(source)
        raw(","); key("error"); string(reason)
        raw("}")
    }
}

extension Article {
    /// The article as one line of JSON (no newline):
    ///
    /// ```json
    /// {"id":"a1","url":null,"link_key":null,"lang":"en","lang_detected":true,
    ///  "paragraphs":[{"text":"…","span":[0,5],"sentences":[[0,5]],"duplicate":null},
    ///                {"text":"…","span":[7,60],"sentences":[[7,30],[30,60]],
    ///                 "duplicate":{"id":"a0","paragraph":2,"similarity":0.9167,"kind":"near"}}],
    ///  "related":[{"title":"…","key":"…","slug":"…","url":"…","canonical_url":"…","error":null,"kind":"related"}],
    ///  "counts":{"bytes":120,"paragraphs":2,"sentences":3,"duplicates":1,"related":1}}
    /// ```
    ///
    /// Spans are UTF-8 byte offsets into the input text; `text` is the
    /// normalized paragraph. `similarity` has four decimals. `link_key` is
    /// the match key of `url` (``linkKey(_:base:)``; null without a URL or
    /// when it does not parse).
    public var json: String {
        if let parts = jsonParts, parts.paragraphs.count == paragraphs.count { return assemble(parts) }
        return fullJSON
    }

    /// The record written in one pass (what ``json`` gives without parts).
    var fullJSON: String {
        let parts = makeJSONParts()
        return assemble(parts)
    }

    /// Everything of the record but the duplicates, in pieces: built where
    /// the article is prepared (any thread), so that the sequential stage
    /// only splices in what the index found.
    func makeJSONParts() -> ArticleJSONParts {
        var w = JSONWriter(capacity: 256)
        w.raw("{")
        w.key("id"); w.string(id)
        w.raw(","); w.key("url"); w.optionalString(url)
        w.raw(","); w.key("link_key"); w.optionalString(linkKey)
        w.raw(","); w.key("lang"); w.string(language)
        w.raw(","); w.key("lang_detected"); w.raw(languageDetected ? "true" : "false")
        w.raw(","); w.key("paragraphs"); w.raw("[")
        let head = w.bytes
        var pieces: [[UInt8]] = []
        pieces.reserveCapacity(paragraphs.count)
        for p in paragraphs {
            var w = JSONWriter(capacity: p.text.utf8.count + 32 + 16 * p.sentences.count)
            w.raw("{"); w.key("text"); w.string(p.text)
            w.raw(","); w.key("span"); w.range(p.span)
            w.raw(","); w.key("sentences"); w.raw("[")
            for (j, s) in p.sentences.enumerated() {
                if j > 0 { w.raw(",") }
                w.range(s)
            }
            w.raw("],"); w.key("duplicate")
            pieces.append(w.bytes)
        }
        var r = JSONWriter(capacity: 256)
        r.raw("],"); r.key("related"); r.raw("[")
        for (i, l) in related.enumerated() {
            if i > 0 { r.raw(",") }
            r.relatedLink(l)
        }
        r.raw("],"); r.key("counts")
        r.raw("{"); r.key("bytes"); r.int(inputBytes)
        r.raw(","); r.key("paragraphs"); r.int(paragraphs.count)
        r.raw(","); r.key("sentences"); r.int(sentenceCount)
        r.raw(","); r.key("duplicates")
        var t = JSONWriter(capacity: 32)
        t.raw(","); t.key("related"); t.int(related.count)
        t.raw("}}")
        return ArticleJSONParts(head: head, paragraphs: pieces, middle: r.bytes, tail: t.bytes)
    }

    private func assemble(_ parts: ArticleJSONParts) -> String {
        var w = JSONWriter(capacity: parts.paragraphs.reduce(parts.head.count + parts.middle.count + 64) {
            $0 + $1.count + 80
        })
        w.append(parts.head)
        for (i, p) in paragraphs.enumerated() {
            if i > 0 { w.raw(",") }
            w.append(parts.paragraphs[i])
            w.duplicate(p.duplicate)
            w.raw("}")
        }
        w.append(parts.middle)
        w.int(duplicateCount)
        w.append(parts.tail)
        return w.string
    }

    /// The JSON line of an article that could not be processed: its id
    /// (null when unknown), where it came from, and why.
    ///
    /// ```json
    /// {"id":"a7","source":"corpus.jsonl:7","error":"invalid UTF-8 at byte 12"}
    /// ```
    public static func errorJSON(id: String?, source: String?, reason: String) -> String {
        var w = JSONWriter()
        w.errorRecord(id: id, source: source, reason: reason)
        return w.string
    }
}
