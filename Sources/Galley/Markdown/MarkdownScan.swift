// Markdown-aware reading: one linear scan over the input as given, shared by
// the sentence rules, language detection and the related-block detector.
// The Markdown stays in the text; this layer only says where its syntax is.
//
// API (all offsets are UTF-8 byte offsets into the scanned bytes):
//
//   let scan = MarkdownScan(utf8: buffer)      // or MarkdownScan(text) for a String
//   scan.links            // [MarkdownLink], in order of their start; an image
//                         // inside a link comes after the link that holds it
//     link.kind           // .inline `[t](d "x")`, .reference `[t][l]` `[l][]` `[l]`,
//                         // .autolink `<https://x>`, .html `<a href="d">t</a>`
//     link.isImage        // `![alt](src)`: never a related item, never a title
//     link.range          // the whole syntax, `[` (or `!`, `<`) to the closing `)` `]` `>`
//     link.text           // between the brackets (the alt text of an image),
//                         // the URL of an autolink, the content of <a>…</a>
//     link.destination    // as written: without `<` `>`, backslash escapes still
//                         // in (MarkdownScan.unescaped(_:in:) removes them); for
//                         // a reference, the definition's; nil for an empty `<>`
//     link.title          // without its quotes, or nil
//   scan.definitions      // reference definitions `[label]: dest "title"`, one per line
//   scan.headings         // ATX heading lines `# …` (the line, without its line break)
//   scan.htmlTags         // every tag `<b>`, `</a>`, `<br/>` (the tag itself)
//   scan.escapedNumbers   // offsets just past `12\.` (digits not inside a word):
//                         // html2text's escape of a number that would read as a
//                         // list item at a line start but is *not* one
//   scan.markerRuns       // runs of `*`, `_`, `~` with their flanking (CommonMark 6.2)
//   scan.protectedRanges  // sorted, disjoint: where no sentence may end (links,
//                         // images, autolinks, HTML tags, and loose links:
//                         // `[text](scheme:… with raw spaces)`, which CommonMark
//                         // does not read as a link but a renderer wrote as one)
//   scan.proseMask()      // a copy of the bytes with all syntax, destinations,
//                         // titles, tags and bare URLs replaced by ASCII spaces
//                         // (same length, so offsets hold; still valid UTF-8)
//
// What counts, in short: CommonMark inline links and images with optional
// titles ("…", '…', (…); a quote inside a title that is not followed by
// `)` is read as part of it, as html2text writes them) and backslash escapes, angle-bracket destinations,
// destinations with balanced parentheses (32 deep), link text with balanced
// brackets (links do not nest; images inside links do); full, collapsed and
// shortcut reference links whose label (at most 999 bytes, ASCII case and
// whitespace folded) has a definition; autolinks with a scheme; HTML tags and
// `<a href>` … `</a>`. Not handled: code spans (their content is read as
// text), setext headings, e-mail autolinks, entity references, HTML blocks.
// Links do not cross a blank line.
//
// Linear time: every attempt to read a destination, title, label or tag
// scans at most 4096 bytes, and at most 64 when it starts inside the bytes
// an earlier failed attempt read, so the total work is O(n). Bracket
// openers are kept on a stack of at most 256.
//
// Input: any bytes. Invalid UTF-8 is read byte by byte like any other
// non-ASCII byte (the syntax is all ASCII); NUL bytes are ordinary
// characters; empty input gives empty results. Huge inputs are fine (linear
// time, memory proportional to the syntax found).

/// A link or image found by ``MarkdownScan``. See the file's header for the fields.
public struct MarkdownLink: Sendable, Hashable {
    public enum Kind: Sendable, Hashable { case inline, reference, autolink, html }
    public var kind: Kind
    public var isImage: Bool
    /// The whole syntax.
    public var range: Range<Int>
    /// The link text (alt text), the autolink's URL, or `<a>`'s content.
    public var text: Range<Int>
    /// The destination as written, without angle brackets; escapes kept.
    public var destination: Range<Int>?
    /// The title without its quotes.
    public var title: Range<Int>?
}

/// A reference definition `[label]: destination "title"`.
public struct MarkdownDefinition: Sendable, Hashable {
    /// The whole line, without its line break.
    public var range: Range<Int>
    public var label: Range<Int>
    public var destination: Range<Int>
    public var title: Range<Int>?
}

/// A run of `*`, `_` or `~`.
public struct MarkdownMarkerRun: Sendable, Hashable {
    public var range: Range<Int>
    /// May open emphasis (CommonMark's left-flanking).
    public var leftFlanking: Bool
    /// May close emphasis (right-flanking).
    public var rightFlanking: Bool
}

/// The Markdown syntax of a text. See the file's header comment.
///
/// ```swift
/// let scan = MarkdownScan("See [the report](https://example.org/r \"Report\").")
/// scan.links[0].kind          // .inline
/// scan.links[0].text          // 5..<15 ("the report")
/// scan.links[0].title         // 42..<48 ("Report")
/// ```
public struct MarkdownScan: Sendable {
    public private(set) var links: [MarkdownLink] = []
    public private(set) var definitions: [MarkdownDefinition] = []
    public private(set) var headings: [Range<Int>] = []
    public private(set) var htmlTags: [Range<Int>] = []
    public private(set) var escapedNumbers: [Int] = []
    public private(set) var markerRuns: [MarkdownMarkerRun] = []
    /// Bare URLs (`http://`, `https://`, `www.` up to the next space).
    public private(set) var bareURLs: [Range<Int>] = []
    /// Sorted, disjoint ranges no sentence boundary may fall strictly inside.
    public private(set) var protectedRanges: [Range<Int>] = []
    /// The number of bytes scanned.
    public let count: Int
    private let bytes: [UInt8]

    /// Scans a string's UTF-8.
    public init(_ text: String) {
        var copy = text
        self = copy.withUTF8 { MarkdownScan(utf8: $0) }
    }

    /// Scans bytes (any bytes; see the file's header).
    public init(utf8 s: UnsafeBufferPointer<UInt8>) {
        count = s.count
        bytes = Array(s)
        var scanner = _MarkdownScanner(s)
        scanner.run()
        links = scanner.links
        definitions = scanner.definitions
        headings = scanner.headings
        htmlTags = scanner.htmlTags
        escapedNumbers = scanner.escapedNumbers
        markerRuns = scanner.markerRuns
        bareURLs = scanner.bareURLs
        links.sort { $0.range.lowerBound < $1.range.lowerBound }
        var ranges = links.map(\.range) + htmlTags + MarkdownScan.looseLinks(s, links: links)
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in ranges {
            if let last = merged.last, r.lowerBound < last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        protectedRanges = merged
    }

    /// Bracket-paren spans that are no CommonMark link because the
    /// destination holds raw spaces (`[ __ ](mailto:?subject=Read this! Now)`,
    /// `[](whatsapp://send?text=A "quote" - https://x)`): `[`, text without a
    /// line break, `](`, a destination that starts with a URI scheme (`x:`)
    /// or `/`, `#`, `?`, then balanced parentheses (backslash escapes read)
    /// up to the `)` that closes it, on the same line. Only for sentence
    /// boundaries (``protectedRanges``): never an item or a link. Spans
    /// inside a found link are skipped. Each `](` looks at most 1024 bytes
    /// back and 2048 ahead: O(n).
    static func looseLinks(_ s: UnsafeBufferPointer<UInt8>, links: [MarkdownLink]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        guard let base = s.baseAddress, s.count >= 4 else { return out }
        var li = 0
        var i = 0
        while i + 2 < s.count, let hit = memchrByte(base + i, 0x5D, s.count - 2 - i) {
            let close = base.distance(to: hit)
            i = close + 1
            guard s[close + 1] == 0x28 else { continue }
            while li < links.count && links[li].range.upperBound <= close { li += 1 }
            if li < links.count && links[li].range.lowerBound <= close { continue }
            if let last = out.last, last.upperBound > close { continue }
            // Back to the "[" that opens the text.
            var k = close
            var depth = 0
            var open = -1
            while k > 0 && close - k < 1024 {
                k -= 1
                let c = s[k]
                if c == 0x0A { break }
                if c == 0x5D { depth += 1 }
                if c == 0x5B {
                    if depth == 0 { open = k; break }
                    depth -= 1
                }
            }
            guard open >= 0 else { continue }
            // The destination.
            var j = close + 2
            guard j < s.count else { continue }
            let first = s[j]
            if first == 0x2F || first == 0x23 || first == 0x3F {
                // a path, fragment or query
            } else {
                var m = j
                while m < s.count && m - j < 32
                        && (isASCIIAlpha(s[m]) || (m > j && ((s[m] >= 0x30 && s[m] <= 0x39) || s[m] == 0x2B
                                                           || s[m] == 0x2E || s[m] == 0x2D))) { m += 1 }
                guard m > j, m < s.count, s[m] == 0x3A else { continue }
            }
            var parens = 0
            var end = -1
            var spaced = false
            while j < s.count && j - close < 2048 {
                let c = s[j]
                if c == 0x0A { break }
                if c == 0x5C { j += 2; continue }
                if c == 0x20 { spaced = true }
                if c == 0x28 { parens += 1 }
                if c == 0x29 {
                    if parens == 0 { end = j + 1; break }
                    parens -= 1
                }
                j += 1
            }
            guard end > 0, spaced else { continue }
            out.append(open..<end)
            i = end
        }
        return out
    }

    /// The protected range that holds `p` strictly inside (`lower < p < upper`),
    /// by binary search.
    public func protectedRange(strictlyContaining p: Int) -> Range<Int>? {
        var lo = 0, hi = protectedRanges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if protectedRanges[mid].upperBound <= p { lo = mid + 1 } else { hi = mid }
        }
        guard lo < protectedRanges.count else { return nil }
        let r = protectedRanges[lo]
        return r.lowerBound < p && p < r.upperBound ? r : nil
    }

    /// The bytes with the syntax blanked: link destinations and titles,
    /// brackets, `](`, `)`, images (whole), autolinks, HTML tags,
    /// definitions, heading `#`s, marker runs, escaping backslashes and bare
    /// URLs become ASCII spaces. Link texts stay. Same length as the input;
    /// valid UTF-8 stays valid (whole scalars are blanked).
    public func proseMask() -> [UInt8] {
        var out = bytes
        func blank(_ r: Range<Int>) {
            let lo = max(0, r.lowerBound), hi = min(out.count, r.upperBound)
            if lo < hi { for i in lo..<hi { out[i] = 0x20 } }
        }
        for l in links {
            if l.isImage || l.kind == .autolink { blank(l.range); continue }
            blank(l.range.lowerBound..<l.text.lowerBound)
            blank(l.text.upperBound..<l.range.upperBound)
        }
        for d in definitions { blank(d.range) }
        for t in htmlTags { blank(t) }
        for u in bareURLs { blank(u) }
        for m in markerRuns { blank(m.range) }
        for h in headings {
            var i = h.lowerBound
            while i < h.upperBound && (out[i] == 0x23 || out[i] == 0x20) { out[i] = 0x20; i += 1 }
        }
        // Escaping backslashes: "12\." reads "12 .", "\*" reads " *".
        var i = 0
        while i + 1 < out.count {
            if out[i] == 0x5C && isASCIIPunctuation(out[i + 1]) { out[i] = 0x20; i += 2 } else { i += 1 }
        }
        return out
    }

    /// `range` of `bytes` with CommonMark backslash escapes removed
    /// (`\)` → `)`), as a String (invalid UTF-8 repaired with U+FFFD).
    public static func unescaped(_ range: Range<Int>, in bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var i = range.lowerBound
        while i < range.upperBound {
            if bytes[i] == 0x5C && i + 1 < range.upperBound && isASCIIPunctuation(bytes[i + 1]) {
                out.append(bytes[i + 1]); i += 2
            } else {
                out.append(bytes[i]); i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ``unescaped(_:in:)`` over a String's UTF-8.
    public static func unescaped(_ range: Range<Int>, in text: String) -> String {
        var copy = text
        return copy.withUTF8 { unescaped(range, in: $0) }
    }
}

@inline(__always)
func isASCIIPunctuation(_ c: UInt8) -> Bool {
    (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E)
}

@inline(__always)
private func isSpaceOrTab(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

@inline(__always)
private func isASCIIWhitespace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

@inline(__always)
func isASCIIAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }

/// The scanner's state; see ``MarkdownScan``.
struct _MarkdownScanner {
    let s: UnsafeBufferPointer<UInt8>
    let n: Int
    var links: [MarkdownLink] = []
    var definitions: [MarkdownDefinition] = []
    var headings: [Range<Int>] = []
    var htmlTags: [Range<Int>] = []
    var escapedNumbers: [Int] = []
    var markerRuns: [MarkdownMarkerRun] = []
    var bareURLs: [Range<Int>] = []
    /// Normalized label → definition index (first wins).
    var labels: [String: Int] = [:]
    /// The end of the bytes a failed attempt read: later attempts that start
    /// before it read at most `shortLimit` bytes (linear time).
    var failedUntil = 0
    static let longLimit = 4096
    static let shortLimit = 64
    static let maxOpeners = 256
    static let maxLabel = 999

    struct Opener { var start: Int; var bracket: Int; var isImage: Bool }
    struct HTMLOpener { var start: Int; var textStart: Int; var href: Range<Int>? }

    init(_ s: UnsafeBufferPointer<UInt8>) {
        self.s = s
        self.n = s.count
    }

    func limit(from i: Int) -> Int {
        min(n, i + (i < failedUntil ? Self.shortLimit : Self.longLimit))
    }

    mutating func failed(at end: Int) { if end > failedUntil { failedUntil = end } }

    mutating func run() {
        scanLines()
        scanInline()
    }

    // MARK: Lines: definitions, headings, escaped numbers

    mutating func scanLines() {
        var i = 0
        while i < n {
            var e = i
            while e < n && s[e] != 0x0A && s[e] != 0x0D { e += 1 }
            line(i, e)
            i = e
            if i < n && s[i] == 0x0D { i += 1 }
            if i < n && s[i] == 0x0A { i += 1 }
        }
    }

    mutating func line(_ start: Int, _ end: Int) {
        var i = start
        var spaces = 0
        while i < end && s[i] == 0x20 && spaces < 4 { i += 1; spaces += 1 }
        guard i < end, spaces < 4 else { return }
        if s[i] == 0x23 {                                    // # heading
            var k = i
            while k < end && s[k] == 0x23 { k += 1 }
            if k - i <= 6 && (k == end || isSpaceOrTab(s[k])) { headings.append(start..<end) }
        }
        if s[i] == 0x5B, let d = definition(start, i, end) {
            let key = normalizedLabel(d.label)
            if !key.isEmpty && labels[key] == nil { labels[key] = definitions.count }
            definitions.append(d)
            return
        }
    }

    func definition(_ lineStart: Int, _ open: Int, _ end: Int) -> MarkdownDefinition? {
        var i = open + 1
        while i < end && s[i] != 0x5D && i - open <= Self.maxLabel {
            if s[i] == 0x5B { return nil }
            i += s[i] == 0x5C && i + 1 < end ? 2 : 1
        }
        guard i < end, s[i] == 0x5D, i + 1 < end, s[i + 1] == 0x3A else { return nil }
        let label = (open + 1)..<i
        i += 2
        while i < end && isSpaceOrTab(s[i]) { i += 1 }
        guard i < end else { return nil }
        var dest: Range<Int>
        if s[i] == 0x3C {
            var k = i + 1
            while k < end && s[k] != 0x3E && s[k] != 0x3C { k += s[k] == 0x5C && k + 1 < end ? 2 : 1 }
            guard k < end, s[k] == 0x3E else { return nil }
            dest = (i + 1)..<k
            i = k + 1
        } else {
            var k = i
            while k < end && !isASCIIWhitespace(s[k]) { k += 1 }
            dest = i..<k
            i = k
        }
        var title: Range<Int>? = nil
        let beforeTitle = i
        while i < end && isSpaceOrTab(s[i]) { i += 1 }
        if i < end && i > beforeTitle, let close = titleCloser(s[i]) {
            var k = i + 1
            while k < end && s[k] != close { k += s[k] == 0x5C && k + 1 < end ? 2 : 1 }
            guard k < end else { return nil }
            title = (i + 1)..<k
            i = k + 1
            while i < end && isSpaceOrTab(s[i]) { i += 1 }
        }
        guard i == end, !dest.isEmpty || s[dest.lowerBound - 1] == 0x3C else { return nil }
        return MarkdownDefinition(range: lineStart..<end, label: label, destination: dest, title: title)
    }

    func titleCloser(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x22: return 0x22
        case 0x27: return 0x27
        case 0x28: return 0x29
        default: return nil
        }
    }

    /// ASCII case folded, whitespace runs as one space, trimmed.
    func normalizedLabel(_ r: Range<Int>) -> String {
        var out: [UInt8] = []
        var pendingSpace = false
        for i in r {
            let c = s[i]
            if isASCIIWhitespace(c) { pendingSpace = !out.isEmpty; continue }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Inline

    /// The bytes scanInline() acts on (the cases of its switch): 1, or 2 for
    /// "h" and "w", which it acts on only where a bare URL can start.
    static let inlineSyntaxByte: [UInt8] = (0 ..< 256).map {
        [0x68, 0x77].contains($0) ? 2
            : [0x0A, 0x0D, 0x5C, 0x21, 0x5B, 0x5D, 0x3C, 0x2A, 0x5F, 0x7E].contains($0) ? 1 : 0
    }

    /// Whether scanInline()'s switch would only step over the byte at `i`.
    @inline(__always)
    func skippable(_ i: Int, _ syntaxByte: [UInt8]) -> Bool {
        switch syntaxByte[Int(s[i])] {
        case 0: return true
        case 2: return i > 0 && isURLContinuation(s[i - 1])
        default: return false
        }
    }

    mutating func scanInline() {
        var openers: [Opener] = []
        var htmlOpeners: [HTMLOpener] = []
        var i = 0
        var nextDefinition = 0
        let syntaxByte = Self.inlineSyntaxByte
        while i < n {
            // Definition lines are syntax, not inline text.
            while nextDefinition < definitions.count && definitions[nextDefinition].range.upperBound <= i {
                nextDefinition += 1
            }
            if nextDefinition < definitions.count && definitions[nextDefinition].range.lowerBound == i {
                i = definitions[nextDefinition].range.upperBound
                continue
            }
            // Bytes the switch below only steps over, skipped in a tight loop
            // (never past the next definition, which the loop head handles).
            let limit = nextDefinition < definitions.count ? min(n, definitions[nextDefinition].range.lowerBound) : n
            if i < limit && skippable(i, syntaxByte) {
                repeat { i += 1 } while i < limit && skippable(i, syntaxByte)
                continue
            }
            let c = s[i]
            switch c {
            case 0x0A, 0x0D:
                // A blank line ends every open bracket.
                var k = i + 1
                if c == 0x0D && k < n && s[k] == 0x0A { k += 1 }
                var j = k
                while j < n && isSpaceOrTab(s[j]) { j += 1 }
                if j >= n || s[j] == 0x0A || s[j] == 0x0D { openers.removeAll(); htmlOpeners.removeAll() }
                i = k
                continue
            case 0x5C:                                           // backslash escape
                if i + 1 < n && s[i + 1] == 0x2E { escapedNumber(before: i) }
                i += (i + 1 < n && isASCIIPunctuation(s[i + 1])) ? 2 : 1
            case 0x21 where i + 1 < n && s[i + 1] == 0x5B:       // ![
                if openers.count < Self.maxOpeners { openers.append(Opener(start: i, bracket: i + 1, isImage: true)) }
                i += 2
            case 0x5B:                                           // [
                if openers.count < Self.maxOpeners { openers.append(Opener(start: i, bracket: i, isImage: false)) }
                i += 1
            case 0x5D:                                           // ]
                guard let o = openers.popLast() else { i += 1; break }
                if let link = closeBracket(o, at: i) {
                    links.append(link)
                    // Links do not contain links: earlier link openers are void.
                    if !link.isImage { openers.removeAll { !$0.isImage } }
                    i = link.range.upperBound
                } else {
                    i += 1
                }
            case 0x3C:                                           // <
                if let link = autolink(at: i) {
                    links.append(link)
                    i = link.range.upperBound
                } else if let tag = htmlTag(at: i) {
                    htmlTags.append(tag.range)
                    if tag.opensA {
                        if htmlOpeners.count < Self.maxOpeners {
                            htmlOpeners.append(HTMLOpener(start: i, textStart: tag.range.upperBound, href: tag.href))
                        }
                    } else if tag.closesA, let o = htmlOpeners.popLast() {
                        links.append(MarkdownLink(kind: .html, isImage: false, range: o.start..<tag.range.upperBound,
                                                  text: o.textStart..<i, destination: o.href, title: nil))
                    }
                    i = tag.range.upperBound
                } else {
                    i += 1
                }
            case 0x2A, 0x5F, 0x7E:                               // * _ ~
                var k = i
                while k < n && s[k] == c { k += 1 }
                markerRuns.append(markerRun(i, k))
                i = k
            case 0x68, 0x77:                                     // http, www.
                if i == 0 || !isURLContinuation(s[i - 1]), let end = bareURL(at: i) {
                    bareURLs.append(i..<end)
                    i = end
                } else {
                    i += 1
                }
            default:
                i += 1
            }
        }
    }

    /// `12\.` with the backslash at `i`: 1-10 digits not preceded by a letter
    /// or digit.
    mutating func escapedNumber(before i: Int) {
        var k = i
        while k > 0 && s[k - 1] >= 0x30 && s[k - 1] <= 0x39 && i - k < 10 { k -= 1 }
        guard k < i else { return }
        if k > 0 {
            let c = s[k - 1]
            if isASCIIAlpha(c) || (c >= 0x30 && c <= 0x39) || c >= 0x80 { return }
        }
        escapedNumbers.append(i + 2)
    }

    /// Bytes after which a bare URL cannot start (it would be inside a word).
    func isURLContinuation(_ c: UInt8) -> Bool {
        isASCIIAlpha(c) || (c >= 0x30 && c <= 0x39) || c == 0x2F || c == 0x2E || c == 0x2D || c >= 0x80
    }

    func bareURL(at i: Int) -> Int? {
        func has(_ prefix: StaticString) -> Bool {
            let p = prefix.utf8Start
            let len = prefix.utf8CodeUnitCount
            guard i + len <= n else { return false }
            for k in 0..<len where s[i + k] | 0x20 != p[k] | 0x20 { return false }
            return true
        }
        guard has("http://") || has("https://") || has("www.") else { return nil }
        var k = i
        // A bracket ends it: "[www.example.com](u)" is a link's text.
        while k < n && !isASCIIWhitespace(s[k]) && s[k] != 0x3C && s[k] != 0x3E && s[k] != 0x22
                && s[k] != 0x5B && s[k] != 0x5D { k += 1 }
        return k
    }

    func markerRun(_ lo: Int, _ hi: Int) -> MarkdownMarkerRun {
        func kind(_ c: UInt8?) -> Int {                  // 0 space/none, 1 punctuation, 2 other
            guard let c else { return 0 }
            if isASCIIWhitespace(c) { return 0 }
            return isASCIIPunctuation(c) ? 1 : 2
        }
        let before = kind(lo > 0 ? s[lo - 1] : nil)
        let after = kind(hi < n ? s[hi] : nil)
        let left = after != 0 && (after == 2 || before != 2)
        let right = before != 0 && (before == 2 || after != 2)
        return MarkdownMarkerRun(range: lo..<hi, leftFlanking: left, rightFlanking: right)
    }

    /// At `]` (offset `i`) closing opener `o`: an inline link, a full or
    /// collapsed reference, or a shortcut reference; nil when none.
    mutating func closeBracket(_ o: Opener, at i: Int) -> MarkdownLink? {
        let text = (o.bracket + 1)..<i
        if i + 1 < n && s[i + 1] == 0x28 {
            if let tail = inlineTail(at: i + 1) {
                return MarkdownLink(kind: .inline, isImage: o.isImage, range: o.start..<tail.end,
                                    text: text, destination: tail.destination, title: tail.title)
            }
        }
        if labels.isEmpty { return nil }
        if i + 1 < n && s[i + 1] == 0x5B {
            let lim = limit(from: i + 2)
            var k = i + 2
            while k < lim && s[k] != 0x5D && s[k] != 0x5B && k - i <= Self.maxLabel {
                k += s[k] == 0x5C && k + 1 < lim ? 2 : 1
            }
            if k < lim && s[k] == 0x5D {
                let label = k == i + 2 ? text : (i + 2)..<k
                if let d = labels[normalizedLabel(label)] {
                    let def = definitions[d]
                    return MarkdownLink(kind: .reference, isImage: o.isImage, range: o.start..<(k + 1),
                                        text: text, destination: def.destination, title: def.title)
                }
                return nil
            }
            failed(at: k)
        }
        if text.count <= Self.maxLabel, let d = labels[normalizedLabel(text)] {
            let def = definitions[d]
            return MarkdownLink(kind: .reference, isImage: o.isImage, range: o.start..<(i + 1),
                                text: text, destination: def.destination, title: def.title)
        }
        return nil
    }

    /// `(destination "title")` starting at the `(` at `p`.
    mutating func inlineTail(at p: Int) -> (end: Int, destination: Range<Int>?, title: Range<Int>?)? {
        let lim = limit(from: p)
        var j = p + 1
        func skipSpace(_ j: inout Int) -> Bool {                 // false on a blank line
            var newlines = 0
            while j < lim && isASCIIWhitespace(s[j]) {
                if s[j] == 0x0A { newlines += 1; if newlines > 1 { return false } }
                j += 1
            }
            return true
        }
        guard skipSpace(&j), j < lim else { failed(at: j); return nil }
        var destination: Range<Int>? = nil
        if s[j] == 0x3C {
            var k = j + 1
            while k < lim && s[k] != 0x3E {
                if s[k] == 0x0A || s[k] == 0x0D || s[k] == 0x3C { failed(at: k); return nil }
                k += s[k] == 0x5C && k + 1 < lim ? 2 : 1
            }
            guard k < lim else { failed(at: k); return nil }
            destination = k > j + 1 ? (j + 1)..<k : nil
            j = k + 1
        } else if s[j] != 0x29 {
            var depth = 0
            var k = j
            while k < lim {
                let c = s[k]
                if c <= 0x20 || c == 0x7F { break }
                if c == 0x5C && k + 1 < lim && isASCIIPunctuation(s[k + 1]) { k += 2; continue }
                if c == 0x28 {
                    depth += 1
                    if depth > 32 { failed(at: k); return nil }
                } else if c == 0x29 {
                    if depth == 0 { break }
                    depth -= 1
                }
                k += 1
            }
            guard depth == 0, k < lim else { failed(at: k); return nil }
            destination = j..<k
            j = k
        }
        let afterDestination = j
        guard skipSpace(&j), j < lim else { failed(at: j); return nil }
        var title: Range<Int>? = nil
        if j > afterDestination, let close = titleCloser(s[j]) {
            var k = j + 1
            while k < lim {
                if s[k] == close {
                    // html2text leaves quotes inside titles unescaped: a quote
                    // not followed by ")" is read as part of the title.
                    var a = k + 1
                    while a < lim && isASCIIWhitespace(s[a]) { a += 1 }
                    if a < lim && s[a] == 0x29 { break }
                }
                if s[k] == 0x0A {                                // no blank line in a title
                    var b = k + 1
                    while b < lim && isSpaceOrTab(s[b]) { b += 1 }
                    if b < lim && s[b] == 0x0A { failed(at: b); return nil }
                }
                if close == 0x29 && s[k] == 0x28 { failed(at: k); return nil }
                k += s[k] == 0x5C && k + 1 < lim ? 2 : 1
            }
            guard k < lim else { failed(at: k); return nil }
            title = (j + 1)..<k
            j = k + 1
            guard skipSpace(&j), j < lim else { failed(at: j); return nil }
        }
        guard s[j] == 0x29 else { failed(at: j); return nil }
        return (j + 1, destination, title)
    }

    /// `<scheme:…>`.
    mutating func autolink(at i: Int) -> MarkdownLink? {
        var k = i + 1
        guard k < n, isASCIIAlpha(s[k]) else { return nil }
        while k < n && k - i <= 33 && (isASCIIAlpha(s[k]) || (s[k] >= 0x30 && s[k] <= 0x39)
                                        || s[k] == 0x2B || s[k] == 0x2E || s[k] == 0x2D) { k += 1 }
        guard k < n, s[k] == 0x3A, k - i - 1 >= 2 else { return nil }
        let lim = limit(from: i)
        while k < lim && s[k] > 0x20 && s[k] != 0x3C && s[k] != 0x3E { k += 1 }
        guard k < lim, s[k] == 0x3E else { failed(at: k); return nil }
        return MarkdownLink(kind: .autolink, isImage: false, range: i..<(k + 1), text: (i + 1)..<k,
                            destination: (i + 1)..<k, title: nil)
    }

    struct Tag { var range: Range<Int>; var opensA: Bool; var closesA: Bool; var href: Range<Int>? }

    /// An HTML tag at `i`: `<name attrs>`, `</name>`, `<name/>`, `<!-- … -->`.
    mutating func htmlTag(at i: Int) -> Tag? {
        let lim = limit(from: i)
        var k = i + 1
        guard k < n else { return nil }
        if s[k] == 0x21 && k + 2 < n && s[k + 1] == 0x2D && s[k + 2] == 0x2D {   // comment
            k += 3
            while k + 2 < lim && !(s[k] == 0x2D && s[k + 1] == 0x2D && s[k + 2] == 0x3E) { k += 1 }
            guard k + 2 < lim else { failed(at: k); return nil }
            return Tag(range: i..<(k + 3), opensA: false, closesA: false, href: nil)
        }
        let closing = s[k] == 0x2F
        if closing { k += 1 }
        let nameStart = k
        guard k < n, isASCIIAlpha(s[k]) else { return nil }
        while k < n && k - nameStart < 32 && (isASCIIAlpha(s[k]) || (s[k] >= 0x30 && s[k] <= 0x39) || s[k] == 0x2D) { k += 1 }
        guard k < n, isASCIIWhitespace(s[k]) || s[k] == 0x3E || s[k] == 0x2F else { return nil }
        let isA = k - nameStart == 1 && s[nameStart] | 0x20 == 0x61
        var href: Range<Int>? = nil
        // Attributes: quoted values may hold ">"; "<" outside quotes fails.
        while k < lim && s[k] != 0x3E {
            let c = s[k]
            if c == 0x3C { failed(at: k); return nil }
            if c == 0x22 || c == 0x27 {
                var q = k + 1
                while q < lim && s[q] != c { q += 1 }
                guard q < lim else { failed(at: q); return nil }
                if isA && !closing && href == nil && attributeName(before: k) == "href" { href = (k + 1)..<q }
                k = q + 1
                continue
            }
            k += 1
        }
        guard k < lim else { failed(at: k); return nil }
        return Tag(range: i..<(k + 1), opensA: isA && !closing, closesA: isA && closing, href: href)
    }

    /// The lower-cased attribute name before `=` preceding a quote at `q`.
    func attributeName(before q: Int) -> String {
        var k = q - 1
        while k > 0 && isSpaceOrTab(s[k]) { k -= 1 }
        guard k > 0, s[k] == 0x3D else { return "" }
        k -= 1
        while k > 0 && isSpaceOrTab(s[k]) { k -= 1 }
        let end = k + 1
        while k > 0 && (isASCIIAlpha(s[k]) || s[k] == 0x2D) { k -= 1 }
        return String(decoding: s[(k + 1)..<end].map { $0 | 0x20 }, as: UTF8.self)
    }
}
