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
    let lines = splitLines(text)
    var blocks: [Range<Int>] = []            // line index ranges
    var items: [(String, String)] = []       // item text and its block's marker language
    var i = 0
    while i < lines.count {
        guard let marker = try matchMarker(lines[i].text) else { i += 1; continue }
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
    // behind collapsed.
    var body = ""
    var byteRanges: [Range<Int>] = []
    var lineIndex = 0
    for block in blocks {
        while lineIndex < block.lowerBound { body += lines[lineIndex].raw; lineIndex += 1 }
        byteRanges.append(lines[block.lowerBound].start..<lines[block.upperBound - 1].end)
        lineIndex = block.upperBound
    }
    while lineIndex < lines.count { body += lines[lineIndex].raw; lineIndex += 1 }
    if !blocks.isEmpty { body = collapseBlankRuns(body, endsWithNewline: text.hasSuffix("\n")) }

    // Links, collapsed on canonical URL or title key.
    var links: [RelatedLink] = []
    var seen = Set<String>()
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
            do {
                // "www.example.com/a" is written for people: read it as https.
                let input = url.lowercased().hasPrefix("www.") ? "https://" + url : url
                link.canonicalURL = try canonicalURL(input, base: baseURL).href
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
    var lines: [Line] = []
    var start = text.startIndex
    var offset = 0
    var i = text.startIndex
    while i < text.endIndex {
        let c = text[i]
        let next = text.index(after: i)
        if c == "\n" || c == "\r\n" || c == "\r" || c == "\u{2028}" || c == "\u{2029}" || c == "\u{85}" {
            let raw = text[start..<next]
            let n = raw.utf8.count
            lines.append(Line(text: text[start..<i], raw: raw, start: offset, end: offset + n))
            offset += n
            start = next
        }
        i = next
    }
    if start < text.endIndex {
        let raw = text[start...]
        lines.append(Line(text: raw, raw: raw, start: offset, end: offset + raw.utf8.count))
    }
    return lines
}

func isBlank(_ s: Substring) -> Bool { s.allSatisfy { $0.isWhitespace } }

/// Removes the blank lines a removed block leaves: at most one blank line
/// in a row, none at the end.
func collapseBlankRuns(_ s: String, endsWithNewline: Bool) -> String {
    var out = ""
    var blanks = 0
    for line in s.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.allSatisfy({ $0.isWhitespace }) {
            blanks += 1
            if blanks > 1 { continue }
        } else {
            blanks = 0
        }
        out += line
        out += "\n"
    }
    while let last = out.last, last.isWhitespace { out.removeLast() }
    if endsWithNewline && !out.isEmpty { out += "\n" }
    return out
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
            m.longest = max(m.longest, phrase.count)
        }
        return m
    }()
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
    var result = ""
    var lastSpace = true
    for ch in folded {
        var c = ch
        if "’ʼ′‘`".contains(c) { c = "'" }
        if "–—‒―−".contains(c) { c = "-" }
        if c.isWhitespace {
            if !lastSpace { result.append(" ") }
            lastSpace = true
            continue
        }
        result.append(c)
        lastSpace = false
    }
    return result.trimmingCharacters(" *_#")
}

extension String {
    func trimmingCharacters(_ set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// The marker a line starts with, if the line is a marker line.
func matchMarker(_ line: Substring) throws(GalleyError) -> MarkerMatch? {
    // Markdown emphasis and heading marks around a marker: "**Read also:**", "## Related".
    let trimmed = line.trimmingWhitespace().drop { $0 == "*" || $0 == "_" || $0 == "#" || $0 == " " }
    guard !trimmed.isEmpty, trimmed.count <= 400 else { return nil }
    let phrases = MarkerPhrases.all
    // Only the first characters can hold a marker: fold a prefix.
    let folded = try foldForMarkers(trimmed.prefix(phrases.longest + 4))
    var best: (phrase: String, weak: Bool)? = nil
    for (set, weak) in [(phrases.strong, false), (phrases.weak, true)] {
        for p in set where folded.hasPrefix(p) && (best == nil || p.count > best!.phrase.count) {
            best = (p, weak)
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
    let l = s.lowercased()
    return l.contains("http://") || l.contains("https://") || l.contains("www.")
}

/// An item's title and URL: "[title](url)", `<a href="url">title</a>`,
/// "title – url", "title (url)", a bare URL, or a plain headline.
func parseItem(_ raw: String) -> (title: String?, url: String?) {
    var s = Substring(raw).trimmingWhitespace()
    // Leading bullet or number.
    if let f = s.first, "-*•–—·▪►‣◦⁃・".contains(f) { s = s.dropFirst().trimmingWhitespace() }
    if let dot = s.firstIndex(where: { $0 == "." || $0 == ")" }), s.distance(from: s.startIndex, to: dot) <= 3,
       !s[..<dot].isEmpty, s[..<dot].allSatisfy({ $0.isNumber }) {
        s = s[s.index(after: dot)...].trimmingWhitespace()
    }
    // Markdown link.
    if let open = s.firstIndex(of: "["), let close = s[open...].firstIndex(of: "]"),
       s.index(after: close) < s.endIndex, s[s.index(after: close)] == "(",
       let end = s[close...].firstIndex(of: ")") {
        let title = String(s[s.index(after: open)..<close])
        let url = s[s.index(close, offsetBy: 2)..<end].trimmingWhitespace()
        return (title, url.isEmpty ? nil : String(url))
    }
    // HTML link.
    if let a = s.range(of: "href=") {
        let afterHref = s[a.upperBound...]
        if let q = afterHref.first, q == "\"" || q == "'" {
            let v = afterHref.dropFirst()
            if let endQ = v.firstIndex(of: q) {
                let url = String(v[..<endQ])
                var title = ""
                if let gt = v[endQ...].firstIndex(of: ">") {
                    let inner = v[v.index(after: gt)...]
                    let stop = inner.range(of: "</a>")?.lowerBound ?? inner.endIndex
                    title = stripTags(String(inner[..<stop]))
                }
                return (title, url)
            }
        }
    }
    // A bare relative reference, the whole item: "/world/x", "../a.html".
    if isRelativeURLItem(s) { return (nil, String(s)) }
    // A URL in the line: bare, "title – url" or "title (url)".
    let tokens = s.split(separator: " ")
    if let u = tokens.lastIndex(where: { isURLToken($0) }) {
        var url = tokens[u]
        if url.hasPrefix("(") { url = url.dropFirst() }
        while let l = url.last, ")>,;".contains(l) { url = url.dropLast() }
        let before = tokens[..<u].joined(separator: " ")
        var title = Substring(before).trimmingWhitespace()
        while let l = title.last, "-–—:|(".contains(l) { title = title.dropLast().trimmingWhitespace() }
        return (title.isEmpty ? nil : String(title), String(url))
    }
    return (String(s), nil)
}

/// Whether a whole item is one relative reference: "/path", "./path",
/// "../path" or "//host/path", without spaces ("/" alone or "1/2" is not).
func isRelativeURLItem(_ t: Substring) -> Bool {
    guard t.count > 1, !t.contains(where: { $0.isWhitespace }) else { return false }
    return t.hasPrefix("/") || t.hasPrefix("./") || t.hasPrefix("../")
}

func isURLToken(_ t: Substring) -> Bool {
    var x = t
    if x.hasPrefix("(") || x.hasPrefix("<") { x = x.dropFirst() }
    let l = x.lowercased()
    return l.hasPrefix("http://") || l.hasPrefix("https://") || l.hasPrefix("www.")
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

extension Substring {
    func range(of needle: String) -> Range<Substring.Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) {
                return i..<index(i, offsetBy: needle.count)
            }
            i = index(after: i)
        }
        return nil
    }
}
