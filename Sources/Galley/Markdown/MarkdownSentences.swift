/// The last step of sentence segmentation with rules: Galley's sentence cuts
/// are moved or removed so that Markdown reads as its rendered text, and a
/// line broken by a plain-text rendering continues its sentence.
///
/// - No cut strictly inside a link's syntax (`[text](dest "title")`, an
///   image, a reference link, an autolink, an HTML tag; see ``MarkdownScan``).
///   A cut inside the syntax right after the link text's own terminator
///   (`[It ended.](u) Next`) moves past the link when what follows does not
///   start lower-case; any other is removed.
/// - No cut right after an escaped number (`**12\.` `Dezember`, `[ 1\.`):
///   html2text escapes a number that would start a line exactly when it is
///   *not* a list item. Where text precedes the number on its line
///   (`…the steps: How to retire early 1\. Define…`), the cut moves before it.
/// - A closing emphasis run right after a cut (`It ended.** Next`) stays with
///   the sentence it closes.
/// - No sentence of markers alone. What renders no text (``rendersNoText``:
///   lines of `*`, `_`, `~` and whitespace only, such as `**`, `__`, an empty
///   bullet `* __`, a thematic break `* * *`, `___`; or a thematic break
///   of dashes, `---`, `- - -`) is no sentence. Whole lines of it sit between sentences
///   as blank lines do: trimmed sentences leave them out (a text of nothing
///   else has no sentence), and with `keepWhitespace` they join the
///   sentence before them (the one after at the start of the text), so that
///   the sentences still partition the text.
///   Markers that share a line with text join the sentence after them when
///   they open (a space or the start before them), else the one before.
/// - A single line break continues the sentence when the line before ends
///   with a comma, or ends without a terminator (`. ! ? … : ;` and their CJK
///   forms) and the next line starts lower-case or with closing punctuation
///   (`,;:.)]}»”’%`), unless the next line is a list item or no terminator
///   follows before the next blank line (a menu): plain-text
///   renderings put every inline element on its own line
///   (`…à Katmandou,\ndont le petit aéroport…`); but a line of one word
///   after a line that ends a sentence (or after another such line) stays
///   apart (`Tennis.\nspielen\nspielt`).
///
/// `cuts` are interior offsets, increasing; so is the result. `s` is valid
/// UTF-8 (the segmenter validates it); NUL bytes are ordinary characters;
/// empty text or no cuts return `cuts` unchanged. Linear in `s.count` plus
/// the number of cuts. `keepWhitespace` is the segmenter's: whether its
/// sentences partition the text (then whole lines of markers join a
/// neighbour), or are trimmed (then they stay apart, for the segmenter to
/// leave out with ``rendersNoText``).
enum MarkdownSentences {
    static func finalize(_ cuts: [Int], in s: UnsafeBufferPointer<UInt8>, keepWhitespace: Bool = false) -> [Int] {
        guard s.count > 0 else { return cuts }
        let syntax = hasSyntax(s)
        guard !cuts.isEmpty || syntax else { return cuts }
        let scan: MarkdownScan? = syntax ? MarkdownScan(utf8: s) : nil
        let n = s.count
        var out: [Int] = []
        out.reserveCapacity(cuts.count)
        var escaped = scan?.escapedNumbers[...] ?? []
        var all = cuts
        if let scan {
            let extra = cutsAfterLinks(scan, s)
            if !extra.isEmpty { all = mergeSorted(cuts, extra) }
        }
        var terminators = TerminatorCursor()
        for var p in all {
            if let scan {
                if let r = scan.protectedRange(strictlyContaining: p) {
                    guard let moved = cutAfterLink(r, p, s) else { continue }
                    p = moved
                }
                while let q = escaped.first, q < p && skipWhiteSpaceForward(s, from: q, to: n) < p {
                    escaped = escaped.dropFirst()
                }
                if let q = escaped.first, q <= p && skipWhiteSpaceForward(s, from: q, to: n) >= p {
                    // After text on its line, the number starts the sentence.
                    guard let start = escapedNumberStart(q, s), start > (out.last ?? 0) else { continue }
                    p = start
                }
                p = pastClosingMarkers(p, s)
            }
            if continuesLine(at: p, s) && terminators.sentenceEndsAfter(p, s) { continue }
            if p > 0 && p < n && out.last.map({ $0 < p }) ?? true { out.append(p) }
        }
        if syntax || keepWhitespace { mergeMarkerOnlySentences(&out, s, keepWhitespace: keepWhitespace) }
        return out
    }

    /// Whether `s[a..<b]` renders no text: each of its lines holds only
    /// whitespace and the emphasis markers `*`, `_`, `~` (`**`, `* __`,
    /// `* * *`, `___`), or is a thematic break of `-` (three or more, with
    /// spaces or tabs only: `---`, `- - -`). A lone `-` or `--` is text. An
    /// empty range renders nothing. Stops at the first byte of text, so a
    /// sentence that starts with a letter costs one byte.
    static func rendersNoText(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        var i = a
        var dashes = 0                  // `-` on the current line
        var marks = false               // `*`, `_`, `~` on the current line
        while i < b {
            let c = s[i]
            switch c {
            case 0x2A, 0x5F, 0x7E:
                guard dashes == 0 else { return false }
                marks = true
            case 0x2D:
                guard !marks else { return false }
                dashes += 1
            case 0x20, 0x09: break
            case 0x0A, 0x0B, 0x0C, 0x0D:
                guard dashes == 0 || dashes >= 3 else { return false }
                dashes = 0
                marks = false
            default:
                // Other whitespace (NBSP, …) renders nothing; NEL, LS and PS end the line.
                guard c >= 0x80 else { return false }
                let (v, len) = decodeScalar(s, at: i)
                guard isWhiteSpace(v) else { return false }
                if v == 0x85 || v == 0x2028 || v == 0x2029 {
                    guard dashes == 0 || dashes >= 3 else { return false }
                    dashes = 0
                    marks = false
                }
                i += len
                continue
            }
            i += 1
        }
        return dashes == 0 || dashes >= 3
    }

    /// Whether `s[a..<b]` is whole lines: only spaces or tabs between the
    /// start of the text or a line break and `a`, and between `b` and a
    /// line break or the end.
    static func isWholeLines(_ s: UnsafeBufferPointer<UInt8>, _ a: Int, _ b: Int) -> Bool {
        var k = a
        while k > 0 && (s[k - 1] == 0x20 || s[k - 1] == 0x09) { k -= 1 }
        if k > 0 {
            let c = s[k - 1]
            let lineBreak = (c >= 0x0A && c <= 0x0D)
                || (c == 0x85 && k >= 2 && s[k - 2] == 0xC2)
                || ((c == 0xA8 || c == 0xA9) && k >= 3 && s[k - 3] == 0xE2 && s[k - 2] == 0x80)
            guard lineBreak else { return false }
        }
        var j = b
        while j < s.count && (s[j] == 0x20 || s[j] == 0x09) { j += 1 }
        guard j < s.count else { return true }
        let c = s[j]
        return (c >= 0x0A && c <= 0x0D)
            || (c == 0xC2 && j + 1 < s.count && s[j + 1] == 0x85)
            || (c == 0xE2 && j + 2 < s.count && s[j + 1] == 0x80 && (s[j + 2] == 0xA8 || s[j + 2] == 0xA9))
    }

    /// Ends of links whose text ends a sentence and is followed by a space
    /// and an upper-case letter (`He said [it ended!](u) Then`): the rules
    /// see `](` glued to the terminator and never cut there. A period counts
    /// after a lower-case word of three letters or more (not "[Mr.](u) Smith").
    static func cutsAfterLinks(_ scan: MarkdownScan, _ s: UnsafeBufferPointer<UInt8>) -> [Int] {
        var out: [Int] = []
        for l in scan.links where !l.isImage && (l.kind == .inline || l.kind == .reference) {
            let end = l.range.upperBound
            guard end < s.count, s[end] == 0x20 || s[end] == 0x0A || s[end] == 0x09 else { continue }
            let next = skipWhiteSpaceForward(s, from: end, to: s.count)
            guard next < s.count, let u = Unicode.Scalar(decodeScalar(s, at: next).0), u.properties.isUppercase,
                  scan.protectedRange(strictlyContaining: end) == nil else { continue }
            var k = skipWhiteSpaceBackward(s, from: l.text.lowerBound, to: l.text.upperBound)
            var steps = 0
            while k > l.text.lowerBound && steps < 8 {
                let (v, at) = scalar(before: k, s)
                guard isCloser(v) else { break }
                k = at
                steps += 1
            }
            guard k > l.text.lowerBound else { continue }
            let (v, at) = scalar(before: k, s)
            var ends = v == 0x21 || v == 0x3F || v == 0x2026
            if v == 0x2E {
                var letters = 0
                var j = at
                while j > l.text.lowerBound && letters < 3 {
                    let (w, wat) = scalar(before: j, s)
                    guard let ws = Unicode.Scalar(w), ws.properties.isLowercase else { break }
                    letters += 1
                    j = wat
                }
                ends = letters >= 3
            }
            if ends { out.append(end) }
        }
        return out
    }

    static func mergeSorted(_ a: [Int], _ b: [Int]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            let x: Int
            if j >= b.count || (i < a.count && a[i] <= b[j]) { x = a[i]; i += 1 } else { x = b[j]; j += 1 }
            if out.last != x { out.append(x) }
        }
        return out
    }

    /// The start of the escaped number ending at `q` (`12\.`, with `**` or
    /// `_` before it) when a letter or digit precedes it on its line; else nil.
    static func escapedNumberStart(_ q: Int, _ s: UnsafeBufferPointer<UInt8>) -> Int? {
        var k = q - 2
        while k > 0 && s[k - 1] >= 0x30 && s[k - 1] <= 0x39 { k -= 1 }
        while k > 0 && (s[k - 1] == 0x2A || s[k - 1] == 0x5F) { k -= 1 }
        var j = k
        while j > 0 && s[j - 1] != 0x0A && s[j - 1] != 0x0D {
            j -= 1
            let c = s[j]
            if isASCIIAlpha(c) || (c >= 0x30 && c <= 0x39) || c >= 0x80 { return k }
        }
        return nil
    }

    /// Whether `s` has any byte Markdown or HTML syntax starts with.
    static func hasSyntax(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in s {
            switch c {
            case 0x5B, 0x5D, 0x3C, 0x5C, 0x2A, 0x5F, 0x7E: return true
            default: continue
            }
        }
        return false
    }

    /// A cut at `p` inside the protected range `r`: past `r` when the text
    /// before it ends with a terminator right before the link text's `]`
    /// (or the tag) and what follows `r` does not start lower-case; else nil.
    static func cutAfterLink(_ r: Range<Int>, _ p: Int, _ s: UnsafeBufferPointer<UInt8>) -> Int? {
        let e = skipWhiteSpaceBackward(s, from: r.lowerBound, to: p)
        guard e > r.lowerBound, endsWithTerminator(s, before: e) else { return nil }
        var k = e
        while k < r.upperBound && (s[k] == 0x2A || s[k] == 0x5F) { k += 1 }
        guard k < r.upperBound, s[k] == 0x5D || s[k] == 0x3C else { return nil }
        let next = skipWhiteSpaceForward(s, from: r.upperBound, to: s.count)
        guard next < s.count, !startsLowercase(s, at: next) else { return nil }
        return r.upperBound
    }

    /// `p` moved past a run of `*`, `_` or `~` that starts at `p`, follows
    /// text without a space and is followed by a space, punctuation or the end.
    static func pastClosingMarkers(_ p: Int, _ s: UnsafeBufferPointer<UInt8>) -> Int {
        guard p > 0, p < s.count else { return p }
        let c = s[p]
        guard c == 0x2A || c == 0x5F || c == 0x7E else { return p }
        let before = s[p - 1]
        guard before != 0x20 && !(before >= 0x09 && before <= 0x0D) else { return p }
        var k = p
        while k < s.count && s[k] == c { k += 1 }
        guard k == s.count || s[k] == 0x20 || (s[k] >= 0x09 && s[k] <= 0x0D) || isASCIIPunctuation(s[k]) else { return p }
        return k
    }

    static func isTerminator(_ v: UInt32) -> Bool {
        switch v {
        case 0x2E, 0x21, 0x3F, 0x2026, 0x3002, 0xFF01, 0xFF1F, 0xFF0E, 0x0964, 0x06D4, 0x061F: return true
        default: return false
        }
    }

    /// Closing quotes, brackets and emphasis markers, skipped backward.
    static func isCloser(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x29, 0x5D, 0x2A, 0x5F, 0x7D, 0xBB, 0x2019, 0x201D, 0x203A, 0x300D, 0x300F, 0xFF09: return true
        default: return false
        }
    }

    /// The scalar before `e`, and where it starts.
    static func scalar(before e: Int, _ s: UnsafeBufferPointer<UInt8>) -> (UInt32, Int) {
        var k = e - 1
        while k > 0 && s[k] & 0xC0 == 0x80 { k -= 1 }
        return (decodeScalar(s, at: k).0, k)
    }

    static func endsWithTerminator(_ s: UnsafeBufferPointer<UInt8>, before e: Int) -> Bool {
        var k = e
        var steps = 0
        while k > 0 && steps < 8 {
            let (v, at) = scalar(before: k, s)
            if isTerminator(v) { return true }
            guard isCloser(v) else { return false }
            k = at
            steps += 1
        }
        return false
    }

    static func startsLowercase(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        let (v, _) = decodeScalar(s, at: i)
        guard let u = Unicode.Scalar(v) else { return false }
        return u.properties.isLowercase
    }

    /// Whether a cut at `p` falls at a single line break inside a sentence
    /// that a plain-text rendering broke (see the type's documentation).
    static func continuesLine(at p: Int, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = s.count
        let e = skipWhiteSpaceBackward(s, from: 0, to: p)
        let q = skipWhiteSpaceForward(s, from: p, to: n)
        guard e > 0, q < n else { return false }
        var breaks = 0
        var k = e
        while k < q {
            let c = s[k]
            if c == 0x0A || c == 0x0B || c == 0x0C { breaks += 1 }
            else if c == 0x0D { breaks += 1; if k + 1 < q && s[k + 1] == 0x0A { k += 1 } }
            else if c >= 0x80 { return false }              // NEL, LS, PS: not a plain line break
            k += 1
        }
        guard breaks == 1 else { return false }
        let lineEnd = skipWhiteSpaceBackward(s, from: 0, to: q)
        guard lineEnd == e else { return false }
        if startsListItem(s, at: q, lineEnd: n) { return false }
        var (last, at) = scalar(before: e, s)
        var steps = 0
        while (last == 0x2A || last == 0x5F) && at > 0 && steps < 8 {      // "**bold**" line end
            (last, at) = scalar(before: at, s)
            steps += 1
        }
        if last == 0x2C || last == 0x3001 || last == 0xFF0C { return true }                // , 、 ，
        if isTerminator(last) || last == 0x3A || last == 0x3B || isCloser(last) { return false }
        guard let u = Unicode.Scalar(last), u.properties.isAlphabetic || u.properties.numericType != nil else {
            return false
        }
        let (next, _) = decodeScalar(s, at: q)
        switch next {
        case 0x2C, 0x3B, 0x3A, 0x2E, 0x29, 0x5D, 0x7D, 0xBB, 0x201D, 0x2019, 0x25: return true
        default:
            guard startsLowercase(s, at: q) else { return false }
            // Lines of one word after a sentence ("Tennis.\nspielen\nspielt")
            // are answers or a column of words, not a broken line.
            let t = TextView(s)
            let lineStart = t.lineStart(before: e)
            return !(t.isOneWordLine(lineStart..<e) && t.endsSentenceOrOneWord(lineBefore: lineStart))
        }
    }

    /// Whether a terminator follows an offset before the next blank line:
    /// lines of a paragraph without any (a menu, "features\ncontact
    /// manager") stay apart. Asked for increasing offsets, it scans each
    /// byte once.
    struct TerminatorCursor {
        var terminator = -1     // the next terminator at or after the last offset asked
        var blank = -1          // the next blank line's start, likewise

        mutating func sentenceEndsAfter(_ p: Int, _ s: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = s.count
            if terminator < p {
                var k = max(p, terminator + 1)
                while k < n {
                    let c = s[k]
                    if c == 0x2E || c == 0x21 || c == 0x3F { break }
                    if c == 0xE2 && k + 2 < n && s[k + 1] == 0x80 && s[k + 2] == 0xA6 { break }      // …
                    if c == 0xE3 && k + 2 < n && s[k + 1] == 0x80 && s[k + 2] == 0x82 { break }      // 。
                    k += 1
                }
                terminator = k
            }
            if blank < p {
                var k = max(p, blank + 1)
                while k < n {
                    if s[k] == 0x0A {
                        var j = k + 1
                        while j < n && (s[j] == 0x20 || s[j] == 0x09 || s[j] == 0x0D) { j += 1 }
                        if j >= n || s[j] == 0x0A { break }
                    }
                    k += 1
                }
                blank = k
            }
            return terminator < blank
        }
    }

    /// Removes the cut that makes a sentence of markers alone
    /// (``rendersNoText``), unless the sentences are trimmed
    /// (`keepWhitespace` false) and the markers are whole lines: those stay
    /// apart, for the segmenter to leave out. Markers that open (after a
    /// space or at the start) join the sentence after them, others the one
    /// before; whole lines join the one before when there is one.
    static func mergeMarkerOnlySentences(_ cuts: inout [Int], _ s: UnsafeBufferPointer<UInt8>,
                                         keepWhitespace: Bool) {
        guard !cuts.isEmpty else { return }
        var out: [Int] = []
        out.reserveCapacity(cuts.count)
        var lo = 0
        var k = 0
        // Walk the sentences [lo, hi); `out` holds the kept cuts before `lo`.
        while true {
            let hi = k < cuts.count ? cuts[k] : s.count
            let a = skipWhiteSpaceForward(s, from: lo, to: hi)
            let b = skipWhiteSpaceBackward(s, from: a, to: hi)
            let markers = a < b && rendersNoText(s, a, b)
            let wholeLines = markers && isWholeLines(s, a, b)
            if markers && (keepWhitespace || !wholeLines) {
                // Whole lines sit between sentences as blank lines do: with
                // the sentence before, when there is one.
                let opens = (a == 0 || s[a - 1] == 0x20 || (s[a - 1] >= 0x09 && s[a - 1] <= 0x0D))
                    && !(wholeLines && out.last == lo)
                if opens && k < cuts.count {
                    // Join the next sentence: drop the cut at hi.
                    k += 1
                    continue
                }
                if let last = out.last, last == lo {
                    out.removeLast()                             // join the one before
                    // Through sentences of whitespace only (blank lines after
                    // a list: "…](u)\n\n\n  * __\n  * ____"), which are
                    // emitted as nothing: join the one with content.
                    while let prev = out.last, skipWhiteSpaceForward(s, from: prev, to: lo) == lo {
                        out.removeLast()
                    }
                    lo = out.last ?? 0
                    // Re-walk from the merged sentence's start is not needed:
                    // the merged sentence has other content.
                    if wholeLines {
                        // The blank lines after whole lines of markers go
                        // with them, as they would after a sentence.
                        while k < cuts.count {
                            let next = k + 1 < cuts.count ? cuts[k + 1] : s.count
                            guard skipWhiteSpaceForward(s, from: cuts[k], to: next) == next else { break }
                            k += 1
                        }
                        if k >= cuts.count { break }
                        out.append(cuts[k])
                        lo = cuts[k]
                        k += 1
                        continue
                    }
                } else if k < cuts.count {
                    k += 1
                    continue
                }
            }
            if k >= cuts.count { break }
            out.append(hi)
            lo = hi
            k += 1
        }
        cuts = out
    }
}
