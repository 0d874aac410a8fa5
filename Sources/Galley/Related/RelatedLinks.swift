import CICUShim

/// One link of a related block.
public struct RelatedLink: Sendable, Hashable {
    /// The headline, normalized (nil when the item is a bare URL).
    public var title: LinkTitle?
    /// The URL as written in the item (nil for a plain headline).
    public var url: String?
    /// The canonical URL (`canonicalURL`), nil when there is no URL or it
    /// does not parse — then `urlError` says why.
    public var canonicalURL: String?
    public var urlError: String?
}

/// A text split into its body and its related-link blocks.
public struct RelatedLinks: Sendable {
    /// The text without the blocks; other paragraphs are left as they were.
    public var body: String
    /// The links of every block, in order, collapsed on canonical URL (on
    /// the title key when there is no URL).
    public var links: [RelatedLink]
    /// The removed blocks, as UTF-8 byte ranges of the input.
    public var blocks: [Range<Int>]
}

/// Finds "Related:" / "Read also:" / "Читайте також:" blocks (markers in 14
/// languages, see `RelatedMarkerTable`) and splits them from the body.
///
/// A block is a marker line — the marker alone, optionally with a trailing
/// ":", "-", "»" or ">", or followed by one such separator and an item
/// ("Read also: Bridge reopens") — and the item lines after it: bullets
/// (- * • – — · ▪ ► ‣ ◦ ⁃ ・), numbered items, markdown links, bare URLs
/// (absolute, or a whole item such as "/world/x" or "../a.html"), "title –
/// url", "title (url)", HTML links, or plain headlines one per line.
/// Blank lines may separate items; a blank line followed by prose ends the
/// block. After a weak marker ("Recommended") only link-like items count. The
/// words "related" or "see also" inside a sentence never start a block: the
/// marker must begin the line and be all of it but a separator and an item.
///
/// ```swift
/// let r = try relatedLinks(in: "Body.\n\nRead also:\n- [Title](https://x.org/a?utm_source=y)")
/// r.body            // "Body."
/// r.links[0].canonicalURL   // "https://x.org/a"
/// ```
public func relatedLinks(in text: String, baseURL: String? = nil) throws(GalleyError) -> RelatedLinks {
    try findRelatedLinks(in: text, baseURL: baseURL, makeBody: true)
}

/// ``relatedLinks(in:baseURL:)``; without `makeBody` the body is left
/// empty (the article pipeline cuts the blocks out by their byte ranges).
func findRelatedLinks(in text: String, baseURL: String?, makeBody: Bool) throws(GalleyError) -> RelatedLinks {
    let lines = splitLines(text)
    var blocks: [Range<Int>] = []            // line index ranges
    var items: [(String, String)] = []       // item text and its block's marker language
    var i = 0
    while i < lines.count {
        guard let marker = try matchMarker(lines[i].text) else { i += 1; continue }
        // "See also: the manual explains how the cache is rebuilt after …" is
        // prose that starts like a marker: an inline item must look like one.
        if !marker.rest.isEmpty && itemKind(Substring(marker.rest)) == .prose { i += 1; continue }
        var blockItems: [String] = []
        if !marker.rest.isEmpty { blockItems.append(marker.rest) }
        var j = i + 1
        var end = i + 1
        while j < lines.count {
            let line = lines[j].text
            if isBlank(line) { j += 1; continue }
            let kind = itemKind(line)
            let crossedBlank = j > end
            if kind == .prose { break }
            if kind == .plain && (marker.weak || crossedBlank) { break }
            if try matchMarker(line) != nil { break }
            blockItems.append(String(line))
            j += 1
            end = j
        }
        if !blockItems.isEmpty {
            blocks.append(i..<end)
            for item in blockItems { items.append((item, marker.language)) }
            i = end
        } else {
            i += 1
        }
    }

    // Body: the lines outside the blocks, with the blank lines a block leaves
    // behind collapsed (at most one in a row, none at the end).
    var byteRanges: [Range<Int>] = []
    for block in blocks {
        byteRanges.append(lines[block.lowerBound].start..<lines[block.upperBound - 1].end)
    }
    var body = ""
    if makeBody {
        if blocks.isEmpty {
            body = text
        } else {
            var blanks = 0
            var b = 0
            for (index, line) in lines.enumerated() {
                if b < blocks.count && index >= blocks[b].lowerBound {
                    if index == blocks[b].upperBound - 1 { b += 1 }
                    continue
                }
                if isBlank(line.text) {
                    blanks += 1
                    if blanks > 1 { continue }
                } else {
                    blanks = 0
                }
                body += line.raw
            }
            var scalars = Substring(body).unicodeScalars
            while let last = scalars.last, last.properties.isWhitespace { scalars = scalars.dropLast() }
            body = String(String.UnicodeScalarView(scalars))
            if text.hasSuffix("\n") && !body.isEmpty { body += "\n" }
        }
    }

    // Links, collapsed on canonical URL or title key. The base is parsed
    // once; when it is not a URL, absolute links still resolve and
    // relative ones fail with the base's reason.
    var links: [RelatedLink] = []
    var seen = Set<String>()
    let plan = CanonicalizationPlan(CanonicalizationOptions())
    var base: CanonicalBase? = nil
    var baseError: GalleyError? = nil
    if let baseURL, !items.isEmpty {
        var copy = baseURL
        copy.withUTF8 { bytes in
            do throws(GalleyError) { base = try CanonicalBase(parsing: bytes) } catch { baseError = error }
        }
    }
    var href: [UInt8] = []
    for (item, language) in items {
        let (titleText, url) = parseItem(item)
        var link = RelatedLink()
        if let titleText, !titleText.isEmpty {
            // The marker's language chooses how Cyrillic titles are romanised.
            let t = try LinkTitle(titleText, language: language)
            if !t.display.isEmpty { link.title = t }
        }
        if let url {
            link.url = url
            do throws(GalleyError) {
                // "www.example.com/a" is written for people: read it as https.
                var input = url.lowercased().hasPrefix("www.") ? "https://" + url : url
                href.removeAll(keepingCapacity: true)
                let result = input.withUTF8 { bytes in
                    Result { () throws(GalleyError) in
                        do throws(GalleyError) {
                            try appendCanonicalHref(bytes, base: base, plan: plan, to: &href)
                        } catch {
                            // Relative, and the base is not a URL: say why.
                            if let baseError, case .invalidArgument(let why) = error,
                               why.hasSuffix(noUsableBaseReason) { throw baseError }
                            throw error
                        }
                    }
                }
                try result.get()
                link.canonicalURL = String(decoding: href, as: UTF8.self)
            } catch {
                link.urlError = error.description
            }
        }
        guard link.title != nil || link.url != nil else { continue }
        let key = link.canonicalURL.map { "u " + $0 } ?? link.title.map { "t " + $0.key } ?? "r " + (link.url ?? "")
        if seen.insert(key).inserted { links.append(link) }
    }
    return RelatedLinks(body: body, links: links, blocks: byteRanges)
}

// MARK: - Lines

struct Line {
    var text: Substring      // without the line break
    var raw: Substring       // with it
    var start: Int           // UTF-8 offsets of raw
    var end: Int
}

func splitLines(_ text: String) -> [Line] {
    // Line breaks: LF, CR, CR LF, NEL (U+0085), LS (U+2028), PS (U+2029);
    // found on the UTF-8 bytes (a break is never part of a larger grapheme).
    var breaks: [(at: Int, length: Int)] = []
    var copy = text
    copy.withUTF8 { buf in
        let n = buf.count
        var i = 0
        while i < n {
            let b = buf[i]
            if b >= 0x0E && b != 0xC2 && b != 0xE2 { i += 1; continue }
            var length = 0
            switch b {
            case 0x0A: length = 1
            case 0x0D: length = i + 1 < n && buf[i + 1] == 0x0A ? 2 : 1
            case 0xC2: if i + 1 < n && buf[i + 1] == 0x85 { length = 2 }
            case 0xE2:
                if i + 2 < n && buf[i + 1] == 0x80 && (buf[i + 2] == 0xA8 || buf[i + 2] == 0xA9) { length = 3 }
            default: break
            }
            if length > 0 {
                breaks.append((i, length))
                i += length
            } else {
                i += 1
            }
        }
    }
    let utf8 = text.utf8
    func index(_ offset: Int) -> String.Index { utf8.index(utf8.startIndex, offsetBy: offset) }
    var lines: [Line] = []
    lines.reserveCapacity(breaks.count + 1)
    var start = 0
    for (at, length) in breaks {
        let s = index(start), e = index(at), next = index(at + length)
        lines.append(Line(text: text[s..<e], raw: text[s..<next], start: start, end: at + length))
        start = at + length
    }
    let total = utf8.count
    if start < total {
        let raw = text[index(start)...]
        lines.append(Line(text: raw, raw: raw, start: start, end: total))
    }
    return lines
}

func isBlank(_ s: Substring) -> Bool {
    s.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0B || $0 == 0x0C || $0 == 0x0D || $0 == 0x0A }
        || s.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
}

// MARK: - Markers

struct MarkerMatch {
    var weak: Bool
    var rest: String
    /// The language of the table section the phrase is listed under first.
    var language: String
}

struct MarkerPhrases: Sendable {
    var strong: Set<String> = []
    var weak: Set<String> = []
    var language: [String: String] = [:]
    /// Every phrase under its first word, longest first.
    var byFirstWord: [String: [String]] = [:]
    var longest = 0

    static let all: MarkerPhrases = {
        var m = MarkerPhrases()
        var section = ""
        for raw in RelatedMarkerTable.text.split(separator: "\n") {
            let line = raw.trimmingWhitespace()
            if line.first == "[", line.last == "]" { section = String(line.dropFirst().dropLast()) }
            guard line.count > 2, line.first == "+" || line.first == "~" else { continue }
            let phrase = String(line.dropFirst(2))
            if line.first == "+" { m.strong.insert(phrase) } else { m.weak.insert(phrase) }
            if m.language[phrase] == nil { m.language[phrase] = section }
            m.byFirstWord[firstMarkerWord(phrase), default: []].append(phrase)
            m.longest = max(m.longest, phrase.count)
        }
        for (k, v) in m.byFirstWord {
            m.byFirstWord[k] = v.sorted { $0.utf8.count > $1.utf8.count }
        }
        return m
    }()
}

/// The first word of a folded phrase or line: up to the first space or
/// one of the separators a marker may be followed by. (Phrases without a
/// space, such as Japanese 関連記事, are their own first word; a line
/// starting with one is matched by trying its prefixes, see matchMarker.)
func firstMarkerWord(_ folded: String) -> String {
    var word = String.UnicodeScalarView()
    for u in folded.unicodeScalars {
        if u == " " || u == ":" || u == "-" || u == "»" || u == ">" || u == "|" || u == "…" { break }
        word.append(u)
    }
    return String(word)
}

/// Folds a line for marker matching: NFKC case folding, apostrophes to ',
/// dashes to -, markdown emphasis and heading marks at the ends dropped,
/// whitespace collapsed.
func foldForMarkers(_ s: Substring) throws(GalleyError) -> String {
    var copy = String(s)
    let folded = try copy.withUTF8 { buf in
        Result { () throws(GalleyError) -> String in
            guard let base = buf.baseAddress, !buf.isEmpty else { return "" }
            var out: UnsafeMutablePointer<UInt8>? = nil
            var n = 0
            var icuError: Int32 = 0
            let rc = gshim_nfkc_casefold(base, buf.count, &out, &n, &icuError)
            defer { gshim_free(out) }
            guard rc == 0, let out else { throw GalleyError.outOfMemory }
            return String(decoding: UnsafeBufferPointer(start: out, count: n), as: UTF8.self)
        }
    }.get()
    var result = String.UnicodeScalarView()
    var lastSpace = true
    for u in folded.unicodeScalars {
        var c = u
        switch u.value {
        case 0x2019, 0x02BC, 0x2032, 0x2018, 0x60: c = "'"           // ’ ʼ ′ ‘ `
        case 0x2013, 0x2014, 0x2012, 0x2015, 0x2212: c = "-"         // – — ‒ ― −
        default: break
        }
        if c.properties.isWhitespace {
            if !lastSpace { result.append(" ") }
            lastSpace = true
            continue
        }
        result.append(c)
        lastSpace = false
    }
    // Emphasis, heading marks and spaces at the ends.
    var view = Substring(String(result)).unicodeScalars
    func trim(_ u: Unicode.Scalar) -> Bool { u == " " || u == "*" || u == "_" || u == "#" }
    while let f = view.first, trim(f) { view = view.dropFirst() }
    while let l = view.last, trim(l) { view = view.dropLast() }
    return String(String.UnicodeScalarView(view))
}

extension String {
    func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// The line's first word lower-cased, when it is ASCII letters (after
/// spaces and markdown marks, up to a space, tab, ":" or one of the marker
/// separators); nil when it is not (the caller then folds the line).
func asciiFirstWord(_ line: Substring) -> String? {
    var word: [UInt8] = []
    var started = false
    for b in line.utf8 {
        if !started {
            if b == 0x20 || b == 0x09 || b == 0x2A || b == 0x5F || b == 0x23 { continue }  // space tab * _ #
            started = true
        }
        switch b {
        case 0x41...0x5A: word.append(b | 0x20)
        case 0x61...0x7A, 0x27: word.append(b)                         // letters, '
        case 0x20, 0x09, 0x3A, 0x2D, 0x3E, 0x7C, 0x2A, 0x5F, 0x0D: // space tab : - > | * _ CR
            return word.isEmpty ? nil : String(decoding: word, as: UTF8.self)
        default:
            // Digits, punctuation that starts no phrase word: a plain reject
            // needs the word to be letters; anything else goes the long way.
            if b < 0x80 && word.isEmpty { return "" }
            return b < 0x80 ? String(decoding: word, as: UTF8.self) : nil
        }
        if word.count > 32 { return String(decoding: word, as: UTF8.self) }
    }
    return word.isEmpty ? nil : String(decoding: word, as: UTF8.self)
}

/// The marker a line starts with, if the line is a marker line.
func matchMarker(_ line: Substring) throws(GalleyError) -> MarkerMatch? {
    let phrases = MarkerPhrases.all
    // Most lines of a body are prose: reject them on their bytes when the
    // first word is ASCII (folding ASCII is lower-casing) and begins no phrase.
    if let asciiHead = asciiFirstWord(line), phrases.byFirstWord[asciiHead] == nil { return nil }
    // Markdown emphasis and heading marks around a marker: "**Read also:**", "## Related".
    let trimmed = line.trimmingWhitespace().drop { $0 == "*" || $0 == "_" || $0 == "#" || $0 == " " }
    guard !trimmed.isEmpty, trimmed.utf8.count <= 1600, trimmed.utf8.count <= 400 || trimmed.count <= 400 else {
        return nil
    }
    // Cheap rejection first: the line's first word must begin some phrase
    // (or, for the phrases of scripts without spaces, the line must start
    // with one). Most lines of a body fail here without the full fold.
    let head = trimmed.prefix { !$0.isWhitespace && $0 != ":" }.prefix(phrases.longest + 4)
    let headWord = firstMarkerWord(try foldForMarkers(head))
    var candidates: [String] = phrases.byFirstWord[headWord] ?? []
    // Scripts written without spaces (CJK): the phrase may run straight
    // into the item ("関連記事台風…"), so try the phrases that start the word.
    if candidates.isEmpty, let first = headWord.unicodeScalars.first, first.value >= 0x2E80 {
        for (word, list) in phrases.byFirstWord where !word.isEmpty && headWord.utf8.starts(with: word.utf8) {
            candidates += list
        }
    }
    if candidates.isEmpty { return nil }
    // Only the first characters can hold a marker: fold a prefix.
    let folded = try foldForMarkers(trimmed.prefix(phrases.longest + 4))
    var best: (phrase: String, weak: Bool)? = nil
    for p in candidates where folded.utf8.starts(with: p.utf8) {
        if best == nil || p.utf8.count > best!.phrase.utf8.count {
            best = (p, !phrases.strong.contains(p))
        }
    }
    guard let best else { return nil }
    // What follows the phrase in the original line: nothing, a separator,
    // or a separator and an item.
    let afterPrefix = trimmed.dropFirst(best.phrase.count)
    var rest = Substring(afterPrefix).drop { $0 == " " || $0 == "*" || $0 == "_" }
    let language = phrases.language[best.phrase] ?? ""
    if rest.isEmpty { return MarkerMatch(weak: best.weak, rest: "", language: language) }
    guard let sep = rest.first, ":-–—»>|…".contains(sep) else { return nil }
    rest = rest.dropFirst().drop { $0 == " " || $0 == ":" || $0 == "*" || $0 == "_" || $0 == ">" || $0 == "»" }
    return MarkerMatch(weak: best.weak, rest: String(rest.trimmingWhitespace()), language: language)
}

// MARK: - Items

enum ItemKind { case bullet, link, plain, prose }

/// What a line after a marker is: a bulleted or numbered item, a link-like
/// line, a plain headline, or prose (which ends a block).
func itemKind(_ line: Substring) -> ItemKind {
    let t = line.trimmingWhitespace()
    if let f = t.first, "-*•–—·▪►‣◦⁃・".contains(f) { return .bullet }
    if let dot = t.firstIndex(where: { $0 == "." || $0 == ")" }), t.distance(from: t.startIndex, to: dot) <= 3,
       t[..<dot].allSatisfy({ $0.isNumber }), !t[..<dot].isEmpty { return .bullet }
    if containsURL(t) || t.contains("](") || t.lowercased().contains("<a ") || isRelativeURLItem(t) { return .link }
    // A headline: short, without a sentence's full stop at the end.
    let words = t.split(separator: " ").count
    if words <= 20 && t.count <= 160 && !(t.hasSuffix(".") && words > 12) { return .plain }
    return .prose
}

func containsURL(_ s: Substring) -> Bool {
    // "http://", "https://" or "www.", any case, on the bytes.
    let bytes = Array(s.utf8)
    let n = bytes.count
    func lower(_ i: Int) -> UInt8 { bytes[i] | (bytes[i] >= 0x41 && bytes[i] <= 0x5A ? 0x20 : 0) }
    var i = 0
    while i + 4 <= n {
        let c = lower(i)
        if c == 0x68, i + 7 <= n, lower(i + 1) == 0x74, lower(i + 2) == 0x74, lower(i + 3) == 0x70 {  // "http"
            var j = i + 4
            if lower(j) == 0x73 { j += 1 }                                                              // "s"
            if j + 3 <= n, bytes[j] == 0x3A, bytes[j + 1] == 0x2F, bytes[j + 2] == 0x2F { return true }  // "://"
        } else if c == 0x77, lower(i + 1) == 0x77, lower(i + 2) == 0x77, bytes[i + 3] == 0x2E {       // "www."
            return true
        }
        i += 1
    }
    return false
}

/// An item's title and URL: "[title](url)", `<a href="url">title</a>`,
/// "title – url", "title (url)", a bare URL, or a plain headline. The
/// delimiters are ASCII, so the item is read on its UTF-8 bytes.
func parseItem(_ raw: String) -> (title: String?, url: String?) {
    var s = Substring(raw).trimmingWhitespace()
    // Leading bullet or number.
    if let f = s.first, "-*•–—·▪►‣◦⁃・".contains(f) { s = s.dropFirst().trimmingWhitespace() }
    let u = s.utf8
    if let dot = u.prefix(4).firstIndex(where: { $0 == 0x2E || $0 == 0x29 }), dot > u.startIndex,
       u[..<dot].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
        s = s[u.index(after: dot)...].trimmingWhitespace()
    }
    let bytes = s.utf8
    // Markdown link: "[title](url)".
    if let open = bytes.firstIndex(of: 0x5B),                                   // [
       let close = bytes[open...].firstIndex(of: 0x5D),                         // ]
       bytes.index(after: close) < bytes.endIndex, bytes[bytes.index(after: close)] == 0x28,  // (
       let end = bytes[close...].firstIndex(of: 0x29) {                         // )
        let title = String(s[bytes.index(after: open)..<close])
        let url = s[bytes.index(close, offsetBy: 2)..<end].trimmingWhitespace()
        return (title, url.isEmpty ? nil : String(url))
    }
    // HTML link: <a href="url">title</a>.
    if let a = firstRange(of: Array("href=".utf8), in: bytes) {
        let quote = a.upperBound
        if quote < bytes.endIndex, bytes[quote] == 0x22 || bytes[quote] == 0x27 {
            let v = bytes.index(after: quote)
            if let endQ = bytes[v...].firstIndex(of: bytes[quote]) {
                let url = String(s[v..<endQ])
                var title = ""
                if let gt = bytes[endQ...].firstIndex(of: 0x3E) {                // >
                    let inner = bytes.index(after: gt)
                    let stop = firstRange(of: Array("</a>".utf8), in: bytes[inner...])?.lowerBound ?? bytes.endIndex
                    title = stripTags(String(s[inner..<stop]))
                }
                return (title, url)
            }
        }
    }
    // A relative reference that is the whole item: "/world/x", "../a.html".
    if isRelativeURLItem(s) { return (nil, String(s)) }
    // A URL in the line: bare, "title – url" or "title (url)": the last
    // space-separated token that starts like one.
    var tokenEnd = bytes.endIndex
    var i = bytes.endIndex
    while i > bytes.startIndex {
        let before = bytes.index(before: i)
        if bytes[before] == 0x20 || before == bytes.startIndex {
            let tokenStart = bytes[before] == 0x20 ? i : before
            if tokenStart < tokenEnd, isURLToken(s[tokenStart..<tokenEnd]) {
                var url = s[tokenStart..<tokenEnd]
                if url.hasPrefix("(") { url = url.dropFirst() }
                while let l = url.last, ")>,;".contains(l) { url = url.dropLast() }
                var title = s[..<tokenStart].trimmingWhitespace()
                while let l = title.last, "-–—:|( ".contains(l) { title = title.dropLast().trimmingWhitespace() }
                return (title.isEmpty ? nil : String(title), String(url))
            }
            if bytes[before] == 0x20 { tokenEnd = before }
        }
        i = before
    }
    return (String(s), nil)
}

/// The first occurrence of `needle` in `haystack`.
func firstRange(of needle: [UInt8], in haystack: Substring.UTF8View) -> Range<Substring.UTF8View.Index>? {
    guard let first = needle.first else { return nil }
    var i = haystack.startIndex
    while let at = haystack[i...].firstIndex(of: first) {
        var j = at, k = 0
        while k < needle.count, j < haystack.endIndex, haystack[j] == needle[k] {
            j = haystack.index(after: j)
            k += 1
        }
        if k == needle.count { return at..<j }
        i = haystack.index(after: at)
    }
    return nil
}

/// Whether a whole item is one relative reference: "/path", "./path",
/// "../path" or "//host/path", without spaces ("/" alone or "1/2" is not).
func isRelativeURLItem(_ t: Substring) -> Bool {
    let b = t.utf8
    guard b.count > 1, let f = b.first, f == 0x2F || f == 0x2E else { return false }
    guard t.hasPrefix("/") || t.hasPrefix("./") || t.hasPrefix("../") else { return false }
    return !b.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } && !t.contains { $0.isWhitespace }
}

func isURLToken(_ t: Substring) -> Bool {
    var x = t.utf8[...]
    if let f = x.first, f == 0x28 || f == 0x3C { x = x.dropFirst() }   // ( <
    func starts(_ p: String) -> Bool {
        var i = x.startIndex
        for c in p.utf8 {
            guard i < x.endIndex else { return false }
            let b = x[i]
            guard (b >= 0x41 && b <= 0x5A ? b | 0x20 : b) == c else { return false }
            i = x.index(after: i)
        }
        return true
    }
    return starts("http://") || starts("https://") || starts("www.")
}

func stripTags(_ s: String) -> String {
    var out = ""
    var inTag = false
    for c in s {
        if c == "<" { inTag = true; continue }
        if c == ">" { inTag = false; continue }
        if !inTag { out.append(c) }
    }
    return out
}

