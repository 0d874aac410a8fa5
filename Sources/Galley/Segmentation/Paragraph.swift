/// Paragraph segmentation.
///
/// A paragraph is a run of non-blank lines. Lines end at LF, CR, CRLF, VT,
/// FF, NEL (U+0085) and LINE SEPARATOR (U+2028); a line that holds only
/// White_Space is blank. A blank line, or PARAGRAPH SEPARATOR (U+2029),
/// ends the paragraph. Hard-wrapped lines therefore stay in one paragraph.
///
/// A run of list items ("- a", "• b", "1. c", "2) d") is one block even when
/// blank lines separate the items: consecutive paragraphs whose every line is
/// a list item merge (a blank line between list items is layout, not
/// structure). U+2029 always separates.
///
/// Default segments run from the paragraph's first non-whitespace scalar to
/// just past its last one. With `keepWhitespace` they partition the text: a
/// paragraph starts at the start of its first line (the first at offset 0)
/// and extends to the start of the next one (the last to the end of the text),
/// so blank lines belong to the paragraph before them.
func paragraphSegments(_ s: UnsafeBufferPointer<UInt8>, keepWhitespace: Bool) -> [Segment] {
    let n = s.count
    var out: [Segment] = []
    var lineStarts: [Int] = []          // first-line starts, for keepWhitespace
    var allItems: [Bool] = []           // every line of the paragraph is a list item
    var hardBreakBefore: [Bool] = []    // U+2029 before the paragraph
    var pendingHardBreak = false
    var open = false
    var itemsOnly = true
    var contentStart = 0
    var contentEnd = 0
    var i = 0

    @inline(__always) func close() {
        if open {
            out.append(Segment(range: contentStart..<contentEnd))
            allItems.append(itemsOnly)
            open = false
        }
    }

    while i < n {
        let lineStart = i
        // Find the line terminator: e = its first byte, next = just past it.
        var e = i
        var next = n
        var separatesParagraphs = false
        scan: while e < n {
            let c = s[e]
            switch c {
            case 0x0A, 0x0B, 0x0C:
                next = e + 1
                break scan
            case 0x0D:
                next = (e + 1 < n && s[e + 1] == 0x0A) ? e + 2 : e + 1
                break scan
            case 0xC2 where e + 1 < n && s[e + 1] == 0x85:
                next = e + 2
                break scan
            case 0xE2 where e + 2 < n && s[e + 1] == 0x80 && (s[e + 2] == 0xA8 || s[e + 2] == 0xA9):
                separatesParagraphs = s[e + 2] == 0xA9
                next = e + 3
                break scan
            default:
                e += 1
            }
        }
        if e == n { next = n }
        let first = skipWhiteSpaceForward(s, from: lineStart, to: e)
        if first == e {
            close()                      // a blank line ends the paragraph
        } else {
            if !open {
                open = true
                itemsOnly = true
                contentStart = first
                lineStarts.append(lineStart)
                hardBreakBefore.append(pendingHardBreak)
                pendingHardBreak = false
            }
            if itemsOnly && !startsListItem(s, at: first, lineEnd: e) { itemsOnly = false }
            contentEnd = skipWhiteSpaceBackward(s, from: first, to: e)
        }
        if separatesParagraphs { close(); pendingHardBreak = true }
        i = next
    }
    close()

    // Merge runs of list-only paragraphs (not across U+2029).
    var keep = Array(repeating: true, count: out.count)   // paragraph k starts a block
    for k in out.indices.dropFirst() where allItems[k] && allItems[k - 1] && !hardBreakBefore[k] {
        keep[k] = false
    }

    if !keepWhitespace {
        var merged: [Segment] = []
        merged.reserveCapacity(out.count)
        for k in out.indices {
            if keep[k] { merged.append(out[k]) } else { merged[merged.count - 1].range = merged[merged.count - 1].range.lowerBound..<out[k].range.upperBound }
        }
        return merged
    }
    if n == 0 { return [] }
    if lineStarts.isEmpty { return [Segment(range: 0..<n)] }
    let starts = lineStarts.indices.filter { keep[$0] }.map { lineStarts[$0] }
    var parts: [Segment] = []
    parts.reserveCapacity(starts.count)
    for k in starts.indices {
        let lo = k == 0 ? 0 : starts[k]
        let hi = k + 1 < starts.count ? starts[k + 1] : n
        parts.append(Segment(range: lo..<hi))
    }
    return parts
}

/// A list item line: a bullet (- * • – — · ▪ ► ‣ ◦ ⁃) and a space, or a
/// marker of 1-3 digits or one letter with ".", ")" or ".)" and a space.
/// A thematic break (`* * *`, `---`, `_ _ _`) is not one: it separates
/// what is around it, so it never joins a list's paragraph.
func startsListItem(_ s: UnsafeBufferPointer<UInt8>, at i: Int, lineEnd: Int) -> Bool {
    guard i < lineEnd, !isThematicBreak(s, from: i, to: lineEnd) else { return false }
    let (v, n) = decodeScalar(s, at: i)
    switch v {
    case 0x2D, 0x2A, 0x2022, 0x2013, 0x2014, 0xB7, 0x25AA, 0x25BA, 0x2023, 0x25E6, 0x2043:
        return i + n < lineEnd && (s[i + n] == 0x20 || s[i + n] == 0x09)
    default:
        guard let m = ListItems.marker(s, at: i) else { return false }
        return m.end < lineEnd
    }
}

/// A CommonMark thematic break: three or more of one of `*`, `-`, `_` and
/// nothing else on the line but spaces and tabs.
func isThematicBreak(_ s: UnsafeBufferPointer<UInt8>, from i: Int, to lineEnd: Int) -> Bool {
    let c = s[i]
    guard c == 0x2A || c == 0x2D || c == 0x5F else { return false }
    var marks = 0
    var k = i
    while k < lineEnd {
        if s[k] == c { marks += 1 } else if s[k] != 0x20 && s[k] != 0x09 && s[k] != 0x0D { return false }
        k += 1
    }
    return marks >= 3
}
