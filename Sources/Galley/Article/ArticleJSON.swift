// The JSON form of a processed article: one line of `galley process`'s
// output, the string galley_process() returns, what Python's
// galley.process() reads. Written by hand (the core has no Foundation),
// in a fixed key order.

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

/// Builds JSON text (UTF-8, no insignificant whitespace).
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ more: [UInt8]) { bytes.append(contentsOf: more) }

    mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func key(_ s: StaticString) {
        raw("\"")
        raw(s)
        raw("\":")
    }

    /// A JSON string: `"`, `\` and control characters escaped, everything
    /// else as UTF-8.
    mutating func string(_ s: String) {
        var copy = s
        copy.withUTF8 { appendJSONString($0, to: &bytes) }
    }

    mutating func optionalString(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    mutating func int<T: BinaryInteger>(_ v: T) { bytes.append(contentsOf: String(v).utf8) }

    /// A number in [0, 1] with at most four decimals ("1", "0.8571").
    mutating func fraction(_ v: Double) {
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

    mutating func range(_ r: Range<Int>) {
        raw("[")
        int(r.lowerBound)
        raw(",")
        int(r.upperBound)
        raw("]")
    }
}

extension Article {
    /// The article as one line of JSON (no newline):
    ///
    /// ```json
    /// {"id":"a1","url":null,"lang":"en","lang_detected":true,
    ///  "paragraphs":[{"text":"…","span":[0,5],"sentences":[[0,5]],"duplicate":null},
    ///                {"text":"…","span":[7,60],"sentences":[[7,30],[30,60]],
    ///                 "duplicate":{"id":"a0","paragraph":2,"similarity":0.9167,"kind":"near"}}],
    ///  "related":[{"title":"…","key":"…","slug":"…","url":"…","canonical_url":"…","error":null,"kind":"related"}],
    ///  "counts":{"bytes":120,"paragraphs":2,"sentences":3,"duplicates":1,"related":1}}
    /// ```
    ///
    /// Spans are UTF-8 byte offsets into the input text; `text` is the
    /// normalized paragraph. `similarity` has four decimals.
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
            r.raw("{"); r.key("title"); r.optionalString(l.title?.display)
            r.raw(","); r.key("key"); r.optionalString(l.title?.key)
            r.raw(","); r.key("slug"); r.optionalString(l.title?.slug)
            r.raw(","); r.key("url"); r.optionalString(l.url)
            r.raw(","); r.key("canonical_url"); r.optionalString(l.canonicalURL)
            r.raw(","); r.key("error"); r.optionalString(l.urlError)
            r.raw(","); r.key("kind"); r.string(l.kind.rawValue)
            r.raw("}")
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
            if let d = p.duplicate {
                w.raw("{"); w.key("id"); w.string(d.documentID)
                w.raw(","); w.key("paragraph"); w.int(d.paragraph)
                w.raw(","); w.key("similarity"); w.fraction(d.similarity)
                w.raw(","); w.key("kind"); w.string(d.kind.name)
                w.raw("}")
            } else {
                w.raw("null")
            }
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
        w.raw("{"); w.key("id"); w.optionalString(id)
        w.raw(","); w.key("source"); w.optionalString(source)
        w.raw(","); w.key("error"); w.string(reason)
        w.raw("}")
        return w.string
    }
}
