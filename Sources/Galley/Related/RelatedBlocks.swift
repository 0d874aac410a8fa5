// Related-block detection on UTF-8 bytes: lines, markers, items. Every
// function here is linear in the bytes it looks at (no Character
// comparisons: a line of one giant grapheme costs what its bytes cost),
// never traps on any byte sequence, and treats NUL as an ordinary byte.

/// One block found: its bytes (the marker line's start to the last item
/// line's end, line break included), kind, the marker's language and items.
struct FoundBlock {
    var range: Range<Int>
    var kind: RelatedKind
    var language: String
    var items: [(title: String?, url: String?)]
}

// MARK: - Lines

struct LineRange {
    var start: Int      // first byte
    var end: Int        // before the line break
    var next: Int       // after the line break
}

private let _ones: UInt64 = 0x0101_0101_0101_0101
private let _highs: UInt64 = 0x8080_8080_8080_8080

/// Whether a byte of `w` is below 0x0E (exact: any byte of 0x80 or more
/// has its high bit set in `w` and is masked out by `~w`).
@inline(__always) func _hasByteBelow0E(_ w: UInt64) -> Bool {
    (w &- _ones &* 0x0E) & ~w & _highs != 0
}

/// Whether a byte of `w` equals `b` (exact, not a heuristic: the lowest
/// zero byte of `w ^ b…` always sets its flag, and a flag set above it is
/// only reported together with it).
@inline(__always) func _hasByte(_ w: UInt64, _ b: UInt8) -> Bool {
    let v = w ^ (_ones &* UInt64(b))
    return (v &- _ones) & ~v & _highs != 0
}

/// Lines split at LF, CR, CR LF, NEL (U+0085), LS (U+2028), PS (U+2029).
func splitLineRanges(_ buf: UnsafeBufferPointer<UInt8>) -> [LineRange] {
    var lines: [LineRange] = []
    let n = buf.count
    var start = 0
    var i = 0
    let base = buf.baseAddress
    while i < n {
        // Eight bytes at a time while none can start a line break (below
        // 0x0E, or a lead byte 0xC2 or 0xE2).
        if let base {
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if _hasByteBelow0E(w) || _hasByte(w, 0xC2) || _hasByte(w, 0xE2) { break }
                i += 8
            }
            if i >= n { break }
        }
        let b = buf[i]
        if b >= 0x0E && b != 0xC2 && b != 0xE2 { i += 1; continue }
        var length = 0
        switch b {
        case 0x0A: length = 1
        case 0x0D: length = i + 1 < n && buf[i + 1] == 0x0A ? 2 : 1
        case 0xC2: if i + 1 < n && buf[i + 1] == 0x85 { length = 2 }
        case 0xE2: if i + 2 < n && buf[i + 1] == 0x80 && (buf[i + 2] == 0xA8 || buf[i + 2] == 0xA9) { length = 3 }
        default: break
        }
        if length > 0 {
            lines.append(LineRange(start: start, end: i, next: i + length))
            i += length
            start = i
        } else {
            i += 1
        }
    }
    if start < n { lines.append(LineRange(start: start, end: n, next: n)) }
    return lines
}

/// Decodes the scalar at `i` (invalid or truncated sequences give U+FFFD
/// and advance one byte).
@inline(__always) func decodeScalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ hi: Int) -> (Unicode.Scalar, Int) {
    let c = b[i]
    if c < 0x80 { return (Unicode.Scalar(c), 1) }
    var n = 0, v: UInt32 = 0
    if c & 0xE0 == 0xC0 { n = 2; v = UInt32(c & 0x1F) }
    else if c & 0xF0 == 0xE0 { n = 3; v = UInt32(c & 0x0F) }
    else if c & 0xF8 == 0xF0 { n = 4; v = UInt32(c & 0x07) }
    else { return ("\u{FFFD}", 1) }
    guard i + n <= hi else { return ("\u{FFFD}", 1) }
    for k in 1..<n {
        let d = b[i + k]
        guard d & 0xC0 == 0x80 else { return ("\u{FFFD}", 1) }
        v = v << 6 | UInt32(d & 0x3F)
    }
    return (Unicode.Scalar(v) ?? "\u{FFFD}", n)
}

/// Whether `buf[lo..<hi]` is empty or only whitespace (any Unicode White_Space).
func isBlankLine(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    var i = lo
    while i < hi {
        if isSpaceByte(buf[i]) { i += 1; continue }
        if buf[i] < 0x80 { return false }
        let (u, n) = decodeScalar(buf, i, hi)
        if !u.properties.isWhitespace { return false }
        i += n
    }
    return true
}

// MARK: - Markers

enum MarkerStrength { case strong, weak }

/// An ASCII word of at most 16 bytes, packed (for a set lookup without an
/// allocation).
struct _ASCIIWordKey: Hashable, Sendable {
    var lo: UInt64 = 0
    var hi: UInt64 = 0
    var count = 0

    @inline(__always)
    mutating func append(_ b: UInt8) {
        if count < 8 { lo |= UInt64(b) << UInt64(count &* 8) } else { hi |= UInt64(b) << UInt64((count &- 8) &* 8) }
        count &+= 1
    }
}

/// `foldMarker`'s first word of `buf[p..<hi]` when it can be told from ASCII
/// bytes alone: `.word` with the folded word (at most 16 bytes), `.none`
/// when the fold would be empty, `.unknown` when a byte of 0x80 or more
/// comes before the word ends or the word is longer than 16 bytes (the
/// caller then folds as before). Same rules as `foldMarker`: letters
/// lower-cased, digits kept, `'` and `` ` `` dropped, any other ASCII byte a
/// space (leading ones skipped); the fold stops at `limit` bytes.
enum _ASCIIFirstWord { case word(_ASCIIWordKey), none, unknown }

@inline(__always)
func asciiFirstWord(_ buf: UnsafeBufferPointer<UInt8>, _ p: Int, _ hi: Int, limit: Int) -> _ASCIIFirstWord {
    var key = _ASCIIWordKey()
    var i = p
    while i < hi && key.count < limit {
        let c = buf[i]
        if c >= 0x80 { return .unknown }
        i += 1
        if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) {
            if key.count == 16 { return .unknown }
            key.append(c)
        } else if c >= 0x41 && c <= 0x5A {
            if key.count == 16 { return .unknown }
            key.append(c | 0x20)
        } else if c == 0x27 || c == 0x60 {
            continue
        } else if key.count > 0 {
            break
        }
    }
    return key.count == 0 ? (i >= hi ? .none : .unknown) : .word(key)
}

struct MarkerEntry {
    var folded: [UInt8]
    var strength: MarkerStrength
    var kind: RelatedKind
    var language: String
}

struct MarkerTable: Sendable {
    /// Entries under their folded first word, longest first.
    var byFirstWord: [[UInt8]: [MarkerEntry]] = [:]
    /// Phrases of scripts written without spaces, for prefix matching.
    var unspaced: [MarkerEntry] = []
    var longest = 0
    /// The folded first words of at most 16 bytes that are all ASCII: a
    /// line whose first word is ASCII and not among them matches no entry
    /// (`matchMarker`'s fast path, which spares most lines the fold).
    var asciiFirstWords: Set<_ASCIIWordKey> = []

    static let shared: MarkerTable = {
        var t = MarkerTable()
        var section = ""
        for raw in RelatedMarkerTable.text.split(separator: "\n") {
            var line = Substring(raw)
            while line.first == " " { line = line.dropFirst() }
            if line.first == "[", line.last == "]" { section = String(line.dropFirst().dropLast()); continue }
            guard line.utf8.count > 2, let f = line.first, f == "+" || f == "~" || f == "=" else { continue }
            var phrase = String(line.dropFirst(2))
            let folded = phrase.withUTF8 { foldMarker($0, 0, $0.count, limit: Int.max).folded }
            guard !folded.isEmpty else { continue }
            let entry = MarkerEntry(folded: folded, strength: f == "+" ? .strong : .weak,
                                    kind: f == "=" ? .more : .related, language: section)
            let first = Array(folded.prefix { $0 != 0x20 })
            t.byFirstWord[first, default: []].append(entry)
            if let lead = folded.first, lead >= 0xE0 { t.unspaced.append(entry) }
            t.longest = max(t.longest, folded.count)
            if first.count <= 16 && first.allSatisfy({ $0 < 0x80 }) {
                var key = _ASCIIWordKey()
                for b in first { key.append(b) }
                t.asciiFirstWords.insert(key)
            }
        }
        for (k, v) in t.byFirstWord { t.byFirstWord[k] = v.sorted { $0.folded.count > $1.folded.count } }
        t.unspaced.sort { $0.folded.count > $1.folded.count }
        return t
    }()
}

/// Latin letters with diacritics (after lower-casing) to their base
/// letters, for accent-insensitive matching; ё to е.
private let accentFolds: [UInt32: String] = {
    let groups = "àáâãäåāăąǎ a|çćĉċč c|ďđ d|èéêëēĕėęěẽ e|ĝğġģ g|ĥħ h|ìíîïĩīĭįıǐ i|ĵ j|ķ k|ĺļľŀł l|ñńņňŉ n|"
        + "òóôõöøōŏőǒ o|ŕŗř r|śŝşšș s|ţťŧț t|ùúûüũūŭůűųǔ u|ŵ w|ýÿŷ y|źżž z|æ ae|œ oe|ð d|þ th|ß ss|ё е|ї і"
    var m: [UInt32: String] = [:]
    for g in groups.split(separator: "|") {
        let parts = g.split(separator: " ")
        for u in parts[0].unicodeScalars { m[u.value] = String(parts[1]) }
    }
    return m
}()

/// Folds `buf[lo..<hi]` for marker matching: lower case, Latin accents
/// removed, apostrophes dropped, every other character that is not a
/// letter or digit (punctuation, symbols, emphasis and heading marks,
/// spaces) one space, collapsed, none at the start. Stops once `limit`
/// folded bytes are out. `ends[k]` is the input offset just after the
/// character folded byte k came from.
func foldMarker(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, limit: Int)
    -> (folded: [UInt8], ends: [Int]) {
    var folded: [UInt8] = []
    var ends: [Int] = []
    var i = lo
    func space(_ end: Int) {
        if !folded.isEmpty && folded.last != 0x20 { folded.append(0x20); ends.append(end) }
    }
    while i < hi && folded.count < limit {
        let c = buf[i]
        if c < 0x80 {
            i += 1
            if (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) { folded.append(c); ends.append(i) }
            else if c >= 0x41 && c <= 0x5A { folded.append(c | 0x20); ends.append(i) }
            else if c == 0x27 || c == 0x60 { continue }                       // ' `
            else { space(i) }
            continue
        }
        let (u, n) = decodeScalar(buf, i, hi)
        i += n
        switch u.value {
        case 0x2019, 0x2018, 0x02BC, 0x2032: continue                       // apostrophes
        case 0x0300...0x036F: continue                                       // combining marks
        default: break
        }
        let p = u.properties
        if !(p.isAlphabetic || p.numericType != nil) { space(i); continue }
        for l in p.lowercaseMapping.unicodeScalars {
            if let f = accentFolds[l.value] {
                for b in f.utf8 { folded.append(b); ends.append(i) }
            } else {
                for b in String(l).utf8 { folded.append(b); ends.append(i) }
            }
        }
    }
    while folded.last == 0x20 { folded.removeLast(); ends.removeLast() }
    return (folded, ends)
}

struct MarkerMatch {
    var entry: MarkerEntry
    /// Items written on the marker's own line.
    var inlineItems: [(title: String?, url: String?)]
    /// The marker had words after the phrase (a short heading): links only.
    var extraWords: Bool
    /// The destination of the link the marker is written as
    /// (`[Read more](url)`), nil when it is not a link.
    var linkDestination: String? = nil
    /// A heading that is one link to a section of the site (see
    /// ``sectionHeadingMarker``): the section's URL, whose stories the list
    /// under it must all be.
    var section: String? = nil
}

/// A heading that is one link to a section of the site, no phrase of the
/// marker data (`### [Photo Gallery](https://x.com/photos)`): a "more"
/// marker, whose block stands only when at least two link items follow and
/// every one of them is under the section's path (`…/photos/…`); see
/// ``isUnderSection(_:_:)``. The link text has at most five words.
func sectionHeadingMarker(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ index: LinkIndex) -> MarkerMatch? {
    var p = lo
    while p < hi, buf[p] == 0x20 || buf[p] == 0x09 { p += 1 }
    guard p < hi, buf[p] == 0x23 else { return nil }
    while p < hi, isEmphasisOrSpace(buf[p]) { p += 1 }
    guard p < hi, buf[p] == 0x5B else { return nil }
    guard let link = index.links(p, hi).first, link.range.lowerBound == p, !link.isBare, !link.isImage,
          !link.text.isEmpty, link.text.split(separator: " ").count <= 5,
          isBlankish(buf, link.range.upperBound, hi), sectionPath(link.destination) != nil else { return nil }
    return MarkerMatch(entry: MarkerEntry(folded: [], strength: .weak, kind: .more, language: ""),
                       inlineItems: [], extraWords: true, section: link.destination)
}

/// A URL's host (lower-cased; nil for a relative URL) and path (up to a
/// query or fragment, without a trailing `/`), when the path has one
/// segment or more and the URL has no query; else nil.
func sectionPath(_ url: String) -> (host: Substring?, path: Substring)? {
    var rest = Substring(url)
    var host: Substring? = nil
    if let h = firstRange(of: Array("://".utf8), in: rest.utf8) {
        rest = rest[h.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        host = rest[..<slash]
        rest = rest[slash...]
    } else if rest.hasPrefix("//") {
        rest = rest.dropFirst(2)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        host = rest[..<slash]
        rest = rest[slash...]
    } else if !rest.hasPrefix("/") {
        return nil
    }
    if rest.contains("?") { return nil }
    if let f = rest.firstIndex(of: "#") { rest = rest[..<f] }
    while rest.hasSuffix("/") { rest = rest.dropLast() }
    guard rest.count > 1 else { return nil }
    return (host, rest)
}

/// Whether `url` is a page under `section`'s path (`/photos/a-story-1`
/// under `/photos`), on the same host when both name one.
func isUnderSection(_ url: String, _ section: String) -> Bool {
    guard let s = sectionPath(section), let u = sectionPath(url) else { return false }
    if let sh = s.host, let uh = u.host, sh.lowercased() != uh.lowercased() { return false }
    return u.path.count > s.path.count + 1 && u.path.hasPrefix(s.path) && u.path.dropFirst(s.path.count).hasPrefix("/")
}

@inline(__always) private func isEmphasisOrSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x2A || b == 0x5F || b == 0x23 || b == 0x0D
}

/// The separator at `i` (`:` `-` `|` `>` `.` `–` `—` `»` `›` `…` `：`), as its length, or 0.
@inline(__always) private func separatorLength(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ hi: Int) -> Int {
    let c = b[i]
    if c == 0x3A || c == 0x2D || c == 0x7C || c == 0x3E || c == 0x2E { return 1 }
    if c == 0xC2, i + 1 < hi, b[i + 1] == 0xBB { return 2 }                                  // »
    if c == 0xE2, i + 2 < hi, b[i + 1] == 0x80,
       [0x93, 0x94, 0xBA, 0xA6].contains(b[i + 2]) { return 3 }                              // – — › …
    if c == 0xEF, i + 2 < hi, b[i + 1] == 0xBC, b[i + 2] == 0x9A { return 3 }                // ：
    return 0
}

/// The marker line `buf[lo..<hi]` starts with, if it is one.
func matchMarker(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ index: LinkIndex) -> MarkerMatch? {
    let table = MarkerTable.shared
    // Leading spaces, quote and heading marks, emphasis; a "[" when the
    // marker is a link's text. A bullet ("- ", "* ", "+ ") is a list item.
    var p = lo
    var heading = false
    while p < hi, buf[p] == 0x20 || buf[p] == 0x09 || buf[p] == 0x3E { p += 1 }
    if p + 1 < hi, buf[p] == 0x2D || buf[p] == 0x2A || buf[p] == 0x2B, buf[p + 1] == 0x20 || buf[p + 1] == 0x09 {
        return nil
    }
    while p < hi, isEmphasisOrSpace(buf[p]) { if buf[p] == 0x23 { heading = true }; p += 1 }
    var inLink = false
    var linkStart = p
    if p < hi, buf[p] == 0x5B {
        inLink = true
        linkStart = p
        p += 1
        while p < hi, isEmphasisOrSpace(buf[p]) { p += 1 }
    }
    guard p < hi else { return nil }
    // The first word decides whether to look further: most lines stop here,
    // most of them on their ASCII bytes, without folding the line.
    switch asciiFirstWord(buf, p, hi, limit: 48) {
    case .none: return nil
    case .word(let w): if !table.asciiFirstWords.contains(w) { return nil }
    case .unknown: break
    }
    let head = foldMarker(buf, p, hi, limit: 48)
    guard !head.folded.isEmpty else { return nil }
    let firstWord = Array(head.folded.prefix { $0 != 0x20 })
    var candidates = table.byFirstWord[firstWord] ?? []
    if candidates.isEmpty, let lead = firstWord.first, lead >= 0xE0 {
        candidates = table.unspaced.filter { firstWord.starts(with: $0.folded) }
    }
    if candidates.isEmpty { return nil }
    let (folded, ends) = head.folded.count >= table.longest + 1 || head.ends.last == hi
        ? head : foldMarker(buf, p, hi, limit: table.longest + 2)
    var matched: MarkerEntry? = nil
    for c in candidates where folded.starts(with: c.folded) {
        let unspaced = (c.folded.first ?? 0) >= 0xE0
        if folded.count == c.folded.count || folded[c.folded.count] == 0x20 || unspaced { matched = c; break }
    }
    guard let entry = matched else { return nil }
    // What follows the phrase: nothing, a separator, items.
    var q = ends[entry.folded.count - 1]
    // A trailing "." of the phrase itself ("см.") was folded to a space; fine.
    while q < hi, isEmphasisOrSpace(buf[q]) { q += 1 }
    var sawSeparator = false
    while q < hi {
        let n = separatorLength(buf, q, hi)
        if n > 0 { sawSeparator = true; q += n; continue }
        if isEmphasisOrSpace(buf[q]) { q += 1; continue }
        break
    }
    var restEnd = hi
    if inLink {
        // "[Marker](url)" (a heading that links to a section) or
        // "[Marker: Title](url)" (the link is the item); the link must be the line.
        let links = index.links(linkStart, hi)
        guard let link = links.first, link.range.lowerBound == linkStart, !link.isBare, link.textEnd > p,
              isBlankish(buf, link.range.upperBound, hi) else { return nil }
        let close = link.textEnd
        if q >= close {
            return MarkerMatch(entry: entry, inlineItems: [], extraWords: false, linkDestination: link.destination)
        }
        if !sawSeparator && heading && (entry.kind == .more || entry.strength == .weak)
            && wordCount(buf, q, close) <= 5 {
            // "## [More In Dubai Airshow](url)": a heading that links to
            // the section its list comes from.
            return MarkerMatch(entry: entry, inlineItems: [], extraWords: true, linkDestination: link.destination)
        }
        guard sawSeparator else { return nil }
        let title = linkText(buf, q, close, skipping: index.skipped)
        if isJunkLink(link.destination, title) { return nil }
        return MarkerMatch(entry: entry, inlineItems: [(title, link.destination.isEmpty ? nil : link.destination)],
                           extraWords: false)
    }
    while restEnd > q, isEmphasisOrSpace(buf[restEnd - 1]) || buf[restEnd - 1] == 0x3A { restEnd -= 1 }
    if q >= restEnd { return MarkerMatch(entry: entry, inlineItems: [], extraWords: false) }
    let startsLink = buf[q] == 0x5B || buf[q] == 0x3C || buf[q] == 0x68 || buf[q] == 0x48
        || (buf[q] == 0x21 && q + 1 < restEnd && buf[q + 1] == 0x5B)
    if !sawSeparator && !startsLink {
        // "### Most read in world news": a short heading (or bold line)
        // that is a "more" or weak phrase and a few words, without links.
        let boldLine = p > lo && (buf[p - 1] == 0x2A || buf[p - 1] == 0x5F)
        // Or a short line of its own ("More from Sportsnet", "Must Read
        // Bits & Bytes") without a sentence's end.
        let last = buf[restEnd - 1]
        let shortLine = wordCount(buf, p, restEnd) <= 6 && last != 0x2E && last != 0x2C && last != 0x3F
            && (entry.kind == .more || entry.strength == .weak)
        guard heading || boldLine || shortLine, entry.kind == .more || entry.strength == .weak || heading,
              folded.count <= entry.folded.count + 40, wordCount(buf, q, restEnd) <= 5,
              index.links(q, restEnd).isEmpty else { return nil }
        return MarkerMatch(entry: entry, inlineItems: [], extraWords: true)
    }
    // Items on the marker's line.
    let line = analyzeLine(buf, q, restEnd, index, forceContent: true)
    switch line.kind {
    case .links:
        return MarkerMatch(entry: entry, inlineItems: line.items, extraWords: false)
    case .plain where entry.strength == .strong && entry.kind == .related && sawSeparator:
        return MarkerMatch(entry: entry, inlineItems: line.items, extraWords: false)
    default:
        return nil     // "See also: the manual explains…" is prose
    }
}

private func isBlankish(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    var i = lo
    while i < hi { if !isEmphasisOrSpace(buf[i]) && buf[i] != 0x3A { return false }; i += 1 }
    return true
}

/// Words (runs of letters and digits; any non-ASCII byte counts as a letter).
func wordCount(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Int {
    var n = 0
    var inWord = false
    var i = lo
    while i < hi {
        let c = buf[i]
        let letter = c >= 0x80 || (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A)
        if letter && !inWord { n += 1 }
        inWord = letter
        i += 1
    }
    return n
}

// MARK: - Item lines

enum LineKind { case blank, rank, links, junkLinks, plain, prose }

struct LineAnalysis {
    var kind: LineKind
    var bulleted = false
    var heading = false
    var quoted = false
    var items: [(title: String?, url: String?)] = []
}

/// What a line is inside a block: blank, a rank number, a line of links
/// (its items), a line of share/mail/print links only, a plain headline,
/// or prose. `forceContent`: the bytes are the rest of a marker line (no
/// bullet or heading of their own).
func analyzeLine(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int, _ index: LinkIndex,
                 forceContent: Bool = false) -> LineAnalysis {
    var p = lo
    var e = hi
    while p < e, isSpaceByte(buf[p]) { p += 1 }
    while e > p, isSpaceByte(buf[e - 1]) { e -= 1 }
    if p == e || isBlankLine(buf, p, e) { return LineAnalysis(kind: .blank) }
    var result = LineAnalysis(kind: .prose)
    if !forceContent {
        while p < e, buf[p] == 0x3E {                                                   // > quote
            result.quoted = true
            p += 1
            while p < e, isSpaceByte(buf[p]) { p += 1 }
        }
        // Bullets: "- ", "* ", "+ " and the pictorial ones.
        if p + 1 < e, buf[p] == 0x2D || buf[p] == 0x2A || buf[p] == 0x2B, isSpaceByte(buf[p + 1]) {
            result.bulleted = true; p += 2
        } else if p < e, buf[p] >= 0x80 {
            let (u, n) = decodeScalar(buf, p, e)
            if "•·▪►‣◦⁃・–—▸■●".unicodeScalars.contains(u) { result.bulleted = true; p += n }
        }
        while p < e, isSpaceByte(buf[p]) { p += 1 }
        // Numbers: "1.", "1\.", "1)", "01"; alone they are ranks.
        var d = p
        while d < e, d - p < 4, buf[d] >= 0x30 && buf[d] <= 0x39 { d += 1 }
        if d > p && d - p <= 3 {
            var k = d
            if k < e, buf[k] == 0x5C, k + 1 < e, buf[k + 1] == 0x2E { k += 2 }
            else if k < e, buf[k] == 0x2E || buf[k] == 0x29 { k += 1 }
            if k == e { return LineAnalysis(kind: .rank) }
            if k > d, isSpaceByte(buf[k]) { result.bulleted = true; p = k }
        }
        while p < e, isSpaceByte(buf[p]) { p += 1 }
        if p < e, buf[p] == 0x23 {
            var k = p
            while k < e, buf[k] == 0x23 { k += 1 }
            if k == e || isSpaceByte(buf[k]) { result.heading = true; p = k }
        }
        while p < e, isSpaceByte(buf[p]) { p += 1 }
        if p == e { return LineAnalysis(kind: .blank) }
    }
    let links = index.links(p, e)
    if !links.isEmpty {
        var good: [(title: String?, url: String?)] = []
        var junk = 0
        var linkWords = 0
        var residual = 0
        var at = p
        var onlyBare = true
        for l in links {
            residual += wordCount(buf, at, l.range.lowerBound)
            at = l.range.upperBound
            if l.isImage { continue }
            if !l.isBare { onlyBare = false }
            if isJunkLink(l.destination, l.text) { junk += 1; continue }
            linkWords += l.text.isEmpty ? 1 : l.text.utf8.reduce(into: 1) { $0 += $1 == 0x20 ? 1 : 0 }
            good.append((l.text.isEmpty ? nil : l.text, l.destination.isEmpty ? nil : l.destination))
        }
        residual += wordCount(buf, at, e)
        if onlyBare && good.count == 1 && links.count == 1 {
            // "Title – https://…", "Title (https://…)", a bare URL.
            let (t, u) = bareItem(buf, p, links.first!)
            if let u, t == nil || (t!.utf8.count <= 200 && wordCount(buf, p, e) <= 30) {
                result.kind = .links
                result.items = [(t, u)]
                return result
            }
            result.kind = .prose
            return result
        }
        // A share bar with one link that is not a share intent (a short
        // link to the page itself): still a share bar.
        if good.count == 1 && junk >= 2 { good.removeAll() }
        if good.isEmpty {
            result.kind = junk > 0 && residual <= 3 ? .junkLinks : (residual == 0 ? .junkLinks : .prose)
            if links.allSatisfy({ $0.isImage }) { result.kind = residual == 0 ? .blank : .prose }
            return result
        }
        let limit = result.bulleted || result.heading ? 25 : max(6, linkWords / 2)
        if residual <= limit {
            result.kind = .links
            result.items = good
        }
        return result
    }
    // A relative reference that is the whole item: "/world/x", "../a.html".
    if buf[p] == 0x2F || buf[p] == 0x2E {
        let s = String(decoding: UnsafeBufferPointer(rebasing: buf[p..<e]), as: UTF8.self)
        if isRelativeURLItem(Substring(s)) {
            result.kind = .links
            result.items = [(nil, s)]
            return result
        }
    }
    // A plain headline: short, no sentence punctuation at its end that
    // continues it (",", ";"), and not a long sentence with a full stop.
    let words = wordCount(buf, p, e)
    let last = buf[e - 1]
    if words >= 1 && words <= 20 && e - p <= 220 && last != 0x2C && last != 0x3B
        && !(last == 0x2E && words > 12) && looksLikeHeadline(buf, p, e) {
        result.kind = .plain
        let t = linkText(buf, p, e, skipping: index.skipped)
        result.items = [(t.isEmpty ? nil : t, nil)]
    }
    return result
}

/// A line of one bare URL and the words before it: "Title – https://…",
/// "Title (https://…)", "https://…". The title is the text from `p` to
/// the URL without trailing separators (`-` `–` `—` `:` `|` `(`), nil when
/// empty; nothing when the words before the URL run over 400 bytes (prose).
private func bareItem(_ buf: UnsafeBufferPointer<UInt8>, _ p: Int, _ link: InlineLink) -> (title: String?, url: String?) {
    var e = link.range.lowerBound
    if e - p > 400 { return (nil, nil) }
    while e > p {
        let c = buf[e - 1]
        if isSpaceByte(c) || c == 0x2D || c == 0x3A || c == 0x7C || c == 0x28 { e -= 1; continue }
        if e - p >= 3, buf[e - 3] == 0xE2, buf[e - 2] == 0x80, c == 0x93 || c == 0x94 { e -= 3; continue }   // – —
        break
    }
    let title = linkText(buf, p, e)
    return (title.isEmpty ? nil : title, link.destination)
}

/// Whether a plain line can be a headline rather than a piece of a
/// sentence (plain-text renderings put every inline element on its own
/// line): it does not start with a lower-case ASCII letter or with
/// punctuation that continues a sentence, holds at most one sentence end
/// inside, and does not end on a word that never ends a headline ("the",
/// "of", "by", "de", …).
private func looksLikeHeadline(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    let first = buf[lo]
    if (first >= 0x61 && first <= 0x7A) || first == 0x2C || first == 0x2E || first == 0x3B || first == 0x29 {
        return false
    }
    var ends = 0
    var i = lo
    while i + 1 < hi {
        let c = buf[i]
        if (c == 0x2E || c == 0x3F || c == 0x21) && buf[i + 1] == 0x20 { ends += 1 }
        i += 1
    }
    if ends >= 2 { return false }
    var s = hi
    while s > lo, buf[s - 1] != 0x20 { s -= 1 }
    let lastWord = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<hi]), as: UTF8.self).lowercased()
    return !headlineNeverEndsWith.contains(lastWord)
}

private let headlineNeverEndsWith: Set<String> = [
    "the", "a", "an", "of", "by", "to", "and", "or", "in", "on", "for", "with", "at", "from", "as", "that", "is",
    "der", "die", "das", "und", "von", "mit", "zu", "den", "dem", "le", "la", "les", "de", "du", "des", "et", "un",
    "une", "el", "los", "las", "y", "en", "il", "lo", "di", "e", "o", "do", "da", "und", "и", "в", "на", "с", "і",
]

/// Share, mail, print, login and comment links, non-web schemes,
/// fragment-only links and links to a site's home page (a logo, "more…"
/// to the front page): never related items.
func isJunkLink(_ url: String, _ text: String) -> Bool {
    let u = Array(url.utf8.prefix(300).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    if u.isEmpty { return text.isEmpty }
    if u[0] == 0x23 { return true }                                                 // "#frag"
    if isSiteRoot(u) || hasUtilitySegment(u) { return true }
    // A scheme other than http(s) ("mailto:", "javascript:", "whatsapp:", "tel:", …).
    if let colon = u.firstIndex(of: 0x3A), colon > 0, colon < 20,
       u[..<colon].allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x2B || $0 == 0x2E }) {
        let scheme = String(decoding: u[..<colon], as: UTF8.self)
        if scheme != "http" && scheme != "https" { return true }
    }
    if u.withUnsafeBufferPointer({ containsJunkNeedle($0) }) { return true }
    guard text.utf8.count <= 24 else { return false }
    return junkLinkTexts.contains(text.lowercased())
}

/// Parts of a (lower-cased) URL that make a link junk.
private let junkURLNeedles: [[UInt8]] = [
    "/sharer", "/share?", "/share/", "/share.php", "sharearticle", "/intent/tweet", "/intent/post",
    "/home?status=", "pinterest.com/pin/create", "reddit.com/submit", "wa.me/", "api.whatsapp.com", "whatsapp.com/send",
    "t.me/share", "telegram.me/share", "vk.com/share", "getpocket.com/save", "getpocket.com/edit",
    "tumblr.com/widgets/share", "flipboard.com/bookmarklet", "addthis.com", "sharethis.com",
    "news.ycombinator.com/submit", "mix.com/add", "/print/", "/print?", "print=", "/login", "/signin",
    "/sign-in", "/signup", "/sign-up", "/register", "/subscribe", "/newsletter", "/account",
    "action=login", "comment-iframe", "disqus.com", "outbrain.com", "taboola.com", "articlecomments", "#respond",
    "#comments", "#comment", "/comments/feed", "/feed/",
].map { Array($0.utf8) }

/// Link texts (lower-cased, at most 24 bytes) that make a link junk.
private let junkLinkTexts: Set<String> = [
    "share", "tweet", "email", "e-mail", "mail", "print", "facebook", "twitter", "x",
    "whatsapp", "linkedin", "pinterest", "reddit", "telegram", "messenger", "flipboard",
    "pocket", "copy link", "copy", "copied!", "comments", "comment", "log in", "login",
    "sign in", "sign up", "subscribe", "share this", "share on facebook",
    "share on twitter", "leave a comment", "leave a reply", "cancel reply", "reply",
    "view comments", "view the discussion thread.",
]

/// `junkURLNeedles` by their first byte.
private let junkURLNeedlesByFirstByte: [[[UInt8]]] = {
    var table = Array(repeating: [[UInt8]](), count: 256)
    for n in junkURLNeedles { table[Int(n[0])].append(n) }
    return table
}()

/// Whether one of `junkURLNeedles` occurs in `hay`: one pass, trying at
/// each byte only the needles that start with it.
private func containsJunkNeedle(_ hay: UnsafeBufferPointer<UInt8>) -> Bool {
    let table = junkURLNeedlesByFirstByte
    let count = hay.count
    var i = 0
    while i < count {
        let candidates = table[Int(hay[i])]
        if !candidates.isEmpty {
            for nd in candidates where nd.count <= count - i {
                var k = 1
                while k < nd.count && hay[i + k] == nd[k] { k += 1 }
                if k == nd.count { return true }
            }
        }
        i += 1
    }
    return false
}

/// Whether the lower-cased URL is a site's home page: `https://host`,
/// `https://host/`, `//host/`, `www.host`, `/` (no path, query or fragment).
private func isSiteRoot(_ u: [UInt8]) -> Bool {
    var i = 0
    if u.starts(with: Array("https://".utf8)) { i = 8 }
    else if u.starts(with: Array("http://".utf8)) { i = 7 }
    else if u.starts(with: Array("//".utf8)) { i = 2 }
    else if u.starts(with: Array("www.".utf8)) { i = 0 }
    else { return u == [0x2F] }
    guard i < u.count else { return false }
    while i < u.count && u[i] != 0x2F && u[i] != 0x3F && u[i] != 0x23 { i += 1 }
    return i == u.count || (i == u.count - 1 && u[i] == 0x2F)
}

/// Whether the lower-cased URL's path has a segment that names a site's
/// utility page rather than an article: `…/share`, `…/email`,
/// `…/newsletters`, `…/subscribe` (a whole segment, before any query).
private func hasUtilitySegment(_ u: [UInt8]) -> Bool {
    var start = 0
    var k = 0
    while k + 2 < u.count && k < 20 {
        if u[k] == 0x3A && u[k + 1] == 0x2F && u[k + 2] == 0x2F { start = k + 3; break }
        k += 1
    }
    var end = start
    while end < u.count && u[end] != 0x3F && u[end] != 0x23 { end += 1 }
    var segments = u[start..<end].split(separator: 0x2F)
    if start > 0, !segments.isEmpty { segments.removeFirst() }                       // the host
    for seg in segments {
        switch String(decoding: seg, as: UTF8.self) {
        case "share", "email", "newsletter", "newsletters", "subscribe", "subscription", "signup", "sign-up",
             "login", "signin", "sign-in", "register", "print": return true
        default: continue
        }
    }
    return false
}

/// A link to a site's section rather than to an article: to the site's
/// root, or to one path segment that is the title itself (`[World](/world/)`,
/// `[Live TV](https://x.com/live-tv)`), without a query; titles of at most
/// three words.
func isSectionLink(_ item: (title: String?, url: String?)) -> Bool {
    guard let url = item.url, let title = item.title, !title.isEmpty else { return false }
    var path = Substring(url)
    if let h = firstRange(of: Array("://".utf8), in: path.utf8) {
        path = path[h.upperBound...].drop { $0 != "/" }
    }
    if path.utf8.contains(0x3F) { return false }                       // a query: a search or an article id
    let segments = path.split(separator: "/").filter { !$0.isEmpty && !$0.hasPrefix("#") }
    guard title.split(separator: " ").count <= 3, segments.count <= 1 else { return false }
    guard let segment = segments.first else { return true }
    func letters<S: Sequence>(_ s: S) -> [UInt8] where S.Element == UInt8 {
        s.compactMap { b in
            let l = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            return (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) || l >= 0x80 ? l : nil
        }
    }
    return letters(segment.utf8) == letters(title.utf8)
}

/// Whether most items are one-segment section links with short titles
/// (`[World](/world/)`, `[Trending](https://x.com/trending)`): a menu.
/// Under a "more" heading, whose list holds stories, links whose last path
/// segment is their title at any depth (`[Travel](/category/travel/)`)
/// count too: "Popular categories" is a menu. (A related block's tag
/// list, "Related topics: [Amazon](/topic/amazon/)", is a block.)
private func looksLikeNavigation(_ items: [(title: String?, url: String?)], more: Bool) -> Bool {
    let linked = items.filter { $0.url != nil }
    guard linked.count >= 3 else { return false }
    let sections = linked.filter { isSectionLink($0) || (more && isCategoryLink($0)) }.count
    return sections * 10 >= linked.count * 6
}

/// A link whose title is its URL's last path segment (letters and digits
/// compared, case-insensitively), without a query; titles of at most three
/// words: `[Real Estate](https://x.com/category/real-estate/)`.
func isCategoryLink(_ item: (title: String?, url: String?)) -> Bool {
    guard let url = item.url, let title = item.title, !title.isEmpty,
          title.split(separator: " ").count <= 3, !url.utf8.contains(0x3F) else { return false }
    var path = Substring(url)
    if let h = firstRange(of: Array("://".utf8), in: path.utf8) {
        path = path[h.upperBound...].drop { $0 != "/" }
    }
    guard let last = path.split(separator: "/").last(where: { !$0.isEmpty && !$0.hasPrefix("#") }) else { return false }
    func letters<S: Sequence>(_ s: S) -> [UInt8] where S.Element == UInt8 {
        s.compactMap { b in
            let l = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            return (l >= 0x61 && l <= 0x7A) || (l >= 0x30 && l <= 0x39) || l >= 0x80 ? l : nil
        }
    }
    return letters(last.utf8) == letters(title.utf8)
}

/// Whether the next non-blank line after `j` is a line of section links only.
private func nextLineIsSectionLinks(_ buf: UnsafeBufferPointer<UInt8>, _ lines: [LineRange], _ index: LinkIndex,
                                    after j: Int) -> Bool {
    var k = j + 1
    while k < lines.count && isBlankLine(buf, lines[k].start, lines[k].end) { k += 1 }
    guard k < lines.count else { return false }
    let a = analyzeLine(buf, lines[k].start, lines[k].end, index)
    return a.kind == .links && a.items.allSatisfy { isSectionLink($0) }
}

/// Whether a heading line (`#`…, after spaces and a bullet) among the
/// `within` lines before line `i` holds a link to `dest`.
private func headingAbove(_ buf: UnsafeBufferPointer<UInt8>, _ lines: [LineRange], _ index: LinkIndex, before i: Int,
                          linksTo dest: String, within: Int) -> Bool {
    var k = i - 1
    while k >= 0 && k >= i - within {
        var p = lines[k].start
        let e = lines[k].end
        while p < e, isSpaceByte(buf[p]) || buf[p] == 0x2A || buf[p] == 0x2D { p += 1 }
        if p < e, buf[p] == 0x23, index.links(p, e).contains(where: { $0.destination == dest }) { return true }
        k -= 1
    }
    return false
}

// MARK: - Blocks

/// A thematic break or table rule between items: `* * *`, `---`, `---|---`.
func isRuleLine(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    var marks = 0
    var i = lo
    while i < hi {
        let c = buf[i]
        if c == 0x2A || c == 0x2D || c == 0x5F || c == 0x7C || c == 0x3A { marks += 1 }
        else if !isSpaceByte(c) { return false }
        i += 1
    }
    return marks >= 3
}

private func hasDigit(_ buf: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Bool {
    var i = lo
    while i < hi { if buf[i] >= 0x30 && buf[i] <= 0x39 { return true }; i += 1 }
    return false
}

/// The next non-blank line after `j` when it is a line of links (and not a
/// marker) within `within` non-blank lines; only blank lines and short
/// lines (at most 30 words) may stand between.
private func nextLinkLine(_ buf: UnsafeBufferPointer<UInt8>, _ lines: [LineRange], _ index: LinkIndex, after j: Int,
                          within: Int) -> Int? {
    var k = j + 1
    var seen = 0
    while k < lines.count {
        let l = lines[k]
        let a = analyzeLine(buf, l.start, l.end, index)
        if a.kind == .blank { k += 1; continue }
        if a.kind == .links { return matchMarker(buf, l.start, l.end, index) == nil ? k : nil }
        if a.kind == .rank { k += 1; continue }
        // A byline or date between a description and the next item.
        if seen < within && (a.kind == .plain || a.kind == .prose) && !a.quoted && !a.heading
            && wordCount(buf, l.start, l.end) <= 8 {
            seen += 1
            k += 1
            continue
        }
        return nil
    }
    return nil
}

/// The blocks of `buf`, in order, not overlapping.
func detectRelatedBlocks(_ buf: UnsafeBufferPointer<UInt8>) -> [FoundBlock] {
    let lines = splitLineRanges(buf)
    let index = LinkIndex(buf)
    var blocks: [FoundBlock] = []
    var i = 0
    while i < lines.count {
        guard let marker = matchMarker(buf, lines[i].start, lines[i].end, index)
                ?? sectionHeadingMarker(buf, lines[i].start, lines[i].end, index) else { i += 1; continue }
        // "[See more »](url)" below a heading that links to the same url
        // closes that heading's list; it does not start a block.
        if let dest = marker.linkDestination, !dest.isEmpty,
           headingAbove(buf, lines, index, before: i, linksTo: dest, within: 60) { i += 1; continue }
        let inline = !marker.inlineItems.isEmpty
        let plainAllowed = marker.entry.strength == .strong && marker.entry.kind == .related && !marker.extraWords
        var items = marker.inlineItems
        var hasLinks = items.contains { $0.url != nil }
        var lastBulletedPlain = false
        var linkItemLines = items.isEmpty ? 0 : 1
        var skippedSubheadings = 0
        var end = i + 1
        var j = i + 1
        var blankRun = 0
        while j < lines.count {
            let line = lines[j]
            let a = analyzeLine(buf, line.start, line.end, index)
            if a.kind == .blank { blankRun += 1; j += 1; continue }
            if isRuleLine(buf, line.start, line.end) { blankRun = 0; j += 1; continue }
            // Two blank lines in a row after items: renderers write them
            // where a page's container ends (a footer, the next widget).
            if blankRun >= 2 && !items.isEmpty { break }
            blankRun = 0
            let crossed = j > end
            if a.kind == .rank { if inline { break }; j += 1; continue }
            if matchMarker(buf, line.start, line.end, index) != nil { break }
            if inline && (crossed || a.kind != .links) { break }
            if a.kind == .links {
                // A line of section links after article links: a menu starts
                // (several on the line, a bulleted one, or another such line
                // next; one alone is a teaser's byline, "[Jane Doe](/jane-doe/)").
                if hasLinks && a.items.allSatisfy({ isSectionLink($0) })
                    && !items.allSatisfy({ isSectionLink($0) })
                    && (a.items.count >= 2 || a.bulleted || nextLineIsSectionLinks(buf, lines, index, after: j)) { break }
                items += a.items
                hasLinks = true
                linkItemLines += 1
                lastBulletedPlain = false
                end = j + 1
                j += 1
                continue
            }
            // Plain headlines: after a strong marker, one per line without a
            // blank between, or a bulleted list; after links only bulleted
            // and right below them.
            if a.kind == .plain && plainAllowed
                && (!crossed || (a.bulleted && lastBulletedPlain)) && !(a.heading && crossed)
                && (!hasLinks || (a.bulleted && !crossed)) {
                items += a.items
                lastBulletedPlain = a.bulleted
                end = j + 1
                j += 1
                continue
            }
            // A teaser's date, byline or short description between link
            // items ("November 16, 2016", "AUTO NEWS"): part of the block
            // when another link item follows within two lines.
            // A longer description only right above the next item.
            let words = wordCount(buf, line.start, line.end)
            // A short line without digits ("Services", "Our group sites") is
            // the heading of the next list (a footer), not a teaser's date.
            let sectionHeading = words <= 3 && !hasDigit(buf, line.start, line.end)
            // A sub-heading right below the marker ("* ### Most Viewed").
            if items.isEmpty && a.kind == .plain && words <= 4 && skippedSubheadings < 2 {
                skippedSubheadings += 1
                j += 1
                continue
            }
            if hasLinks && !sectionHeading && !inline && (a.kind == .plain || a.kind == .prose) && !a.quoted && !a.heading
                && words <= (linkItemLines >= 2 ? 30 : 8) && line.end - line.start <= 400,
               let k = nextLinkLine(buf, lines, index, after: j, within: words > 8 ? 0 : 2) {
                j = k
                continue
            }
            break
        }
        // A section's heading: its list is the section's stories, or no block.
        let sectionList = marker.section.map { section in
            let linked = items.compactMap(\.url)
            return linked.count >= 2 && linked.allSatisfy { isUnderSection($0, section) }
        } ?? true
        if !items.isEmpty && sectionList && !looksLikeNavigation(items, more: marker.entry.kind == .more) {
            let lastLine = lines[end - 1]
            blocks.append(FoundBlock(range: lines[i].start..<lastLine.next, kind: marker.entry.kind,
                                     language: marker.entry.language, items: items))
            i = end
        } else {
            i += 1
        }
    }
    return blocks
}
