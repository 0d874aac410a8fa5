/// The links the related-block detector reads, from the shared Markdown
/// layer (``MarkdownScan``, Sources/Galley/Markdown): CommonMark inline and
/// reference links (titles, backslash escapes, `<…>` destinations, balanced
/// parentheses), images (never items), autolinks, HTML `<a href>` links, and
/// bare `http(s)://` / `www.` URLs outside them. The text is scanned once;
/// the detector asks for the links inside each line.
///
/// Linear in the text's length (the scan is linear; each query is a binary
/// search plus the links it returns). Any bytes: invalid UTF-8 and NUL
/// bytes are read like other bytes; an empty text has no links.
struct InlineLink {
    /// The whole link's bytes: `[`…`)`, `![`…`)`, `[`…`]`, `<…>`, `<a …>…</a>` or the bare URL.
    var range: Range<Int>
    /// The link text, unescaped, without images, emphasis marks and tags,
    /// whitespace collapsed ("" for an empty or image-only link, an image,
    /// an autolink or a bare URL).
    var text: String
    /// The destination, unescaped, without `<>` and without a link title.
    var destination: String
    var isImage: Bool
    /// A bare URL (`https://…`, `www.…` in the text, not a link's syntax).
    var isBare: Bool = false
    /// Where the link text ends (the `]` of `[text](…)`); the range's end
    /// for a bare URL.
    var textEnd: Int = 0
}

@inline(__always) func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A || b == 0x0B || b == 0x0C }

/// A text's links and the syntax a link text may hold (images, tags), from
/// one ``MarkdownScan``.
struct LinkIndex {
    /// Outermost links and bare URLs, sorted by start, not overlapping.
    private(set) var links: [InlineLink] = []
    /// Images and HTML tags, sorted by start: dropped from link texts.
    private(set) var skipped: [Range<Int>] = []

    init(_ buf: UnsafeBufferPointer<UInt8>) {
        guard mayHoldLinks(buf) else { return }
        let scan = MarkdownScan(utf8: buf)
        var found: [InlineLink] = []
        var texts: [Range<Int>?] = []
        var outerEnd = 0
        var images: [Range<Int>] = []
        for l in scan.links {
            if l.isImage { images.append(l.range) }
            if l.range.lowerBound < outerEnd { continue }                 // an image inside a link
            outerEnd = l.range.upperBound
            var destination = ""
            if let d = l.destination {
                destination = l.kind == .html ? String(decoding: UnsafeBufferPointer(rebasing: buf[d]), as: UTF8.self)
                                              : MarkdownScan.unescaped(d, in: buf)
            }
            found.append(InlineLink(range: l.range, text: "", destination: destination, isImage: l.isImage,
                                    textEnd: l.text.upperBound))
            texts.append(l.isImage || l.kind == .autolink ? nil : l.text)
        }
        skipped = (images + scan.htmlTags).sorted { $0.lowerBound < $1.lowerBound }
        for k in found.indices {
            if let t = texts[k] { found[k].text = linkText(buf, t.lowerBound, t.upperBound, skipping: skipped) }
        }
        // Bare URLs outside links, without trailing punctuation or an
        // unbalanced ")".
        var merged: [InlineLink] = []
        merged.reserveCapacity(found.count + scan.bareURLs.count)
        var f = 0
        for u in scan.bareURLs {
            while f < found.count && found[f].range.upperBound <= u.lowerBound { merged.append(found[f]); f += 1 }
            if f < found.count && found[f].range.lowerBound < u.upperBound { continue }   // inside a link
            if let last = merged.last, last.isBare, last.range.upperBound > u.lowerBound { continue }
            // Outside links a bracket belongs to the URL (`https://[::1]/`):
            // it runs to a space, `<`, `>`, `"` or the next link.
            var stop = u.upperBound
            let limit = f < found.count ? found[f].range.lowerBound : buf.count
            while stop < limit, !isSpaceByte(buf[stop]), buf[stop] != 0x3C, buf[stop] != 0x3E, buf[stop] != 0x22 {
                stop += 1
            }
            if let end = trimmedURLEnd(buf, u.lowerBound..<stop) {
                let url = String(decoding: UnsafeBufferPointer(rebasing: buf[u.lowerBound..<end]), as: UTF8.self)
                merged.append(InlineLink(range: u.lowerBound..<end, text: "", destination: url, isImage: false,
                                         isBare: true, textEnd: end))
            }
        }
        merged.append(contentsOf: found[f...])
        links = merged
    }

    /// The links that lie within `lo..<hi`, in order.
    func links(_ lo: Int, _ hi: Int) -> ArraySlice<InlineLink> {
        var a = 0, b = links.count
        while a < b {
            let m = (a + b) / 2
            if links[m].range.lowerBound < lo { a = m + 1 } else { b = m }
        }
        var e = a
        while e < links.count && links[e].range.upperBound <= hi { e += 1 }
        return links[a..<e]
    }
}

/// Whether `buf` has a byte that can start link syntax (`[`, `<`, `:`
/// of `://`, `w` of `www.`): most texts without links skip the scan.
private func mayHoldLinks(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
    for c in buf where c == 0x5B || c == 0x3C || c == 0x3A || c == 0x77 || c == 0x57 { return true }
    return false
}

/// The end of a bare URL without trailing `.,;:!?'` and an unbalanced `)`;
/// nil when nothing of it is left after the scheme or `www.`.
private func trimmedURLEnd(_ buf: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
    var parens = 0
    var k = r.lowerBound
    while k < r.upperBound {
        if buf[k] == 0x28 { parens += 1 }
        if buf[k] == 0x29 { if parens == 0 { break }; parens -= 1 }
        k += 1
    }
    while k > r.lowerBound, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27].contains(buf[k - 1]) { k -= 1 }
    var hostStart = r.lowerBound
    while hostStart < k && buf[hostStart] != 0x2F && buf[hostStart] != 0x2E { hostStart += 1 }   // after "http:" or "www"
    while hostStart < k && (buf[hostStart] == 0x2F || buf[hostStart] == 0x2E) { hostStart += 1 }
    return k > hostStart ? k : nil
}

/// The readable text of `bytes[lo..<hi]`: the `skipping` ranges (images,
/// HTML tags) inside it dropped, emphasis marks (`*`, `_` at word edges)
/// and the backslashes of escapes removed, square brackets dropped;
/// whitespace collapsed.
func linkText(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, skipping: [Range<Int>] = []) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(hi - lo)
    var space = false
    func put(_ c: UInt8) {
        if isSpaceByte(c) { space = !out.isEmpty; return }
        if space { out.append(0x20); space = false }
        out.append(c)
    }
    // The first skipped range that may lie inside.
    var s = 0, b = skipping.count
    while s < b {
        let m = (s + b) / 2
        if skipping[m].lowerBound < lo { s = m + 1 } else { b = m }
    }
    var i = lo
    while i < hi {
        while s < skipping.count && skipping[s].lowerBound < i { s += 1 }
        if s < skipping.count && skipping[s].lowerBound == i && skipping[s].upperBound <= hi {
            i = skipping[s].upperBound
            space = space || !out.isEmpty
            continue
        }
        let c = bytes[i]
        if c == 0x5C && i + 1 < hi && isASCIIPunctuation(bytes[i + 1]) { put(bytes[i + 1]); i += 2; continue }
        if c == 0x5B || c == 0x5D { i += 1; continue }
        if c == 0x2A || c == 0x5F {                                                       // * _ emphasis
            var k = i
            while k < hi && bytes[k] == c { k += 1 }
            let before = i == lo || isSpaceByte(bytes[i - 1]) || !isWordByte(bytes[i - 1])
            let after = k == hi || isSpaceByte(bytes[k]) || !isWordByte(bytes[k])
            if before || after { i = k; continue }
        }
        put(c)
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

@inline(__always) private func isWordByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b >= 0x80
}
