/// Paragraph segmentation.
///
/// A paragraph is a run of non-blank lines. Lines end at LF, CR, CRLF, VT,
/// FF, NEL (U+0085) and LINE SEPARATOR (U+2028); a line that holds only
/// White_Space is blank. A blank line, or PARAGRAPH SEPARATOR (U+2029),
/// ends the paragraph. Hard-wrapped lines therefore stay in one paragraph.
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
    var open = false
    var contentStart = 0
    var contentEnd = 0
    var i = 0

    @inline(__always) func close() {
        if open {
            out.append(Segment(range: contentStart..<contentEnd))
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
                contentStart = first
                lineStarts.append(lineStart)
            }
            contentEnd = skipWhiteSpaceBackward(s, from: first, to: e)
        }
        if separatesParagraphs { close() }
        i = next
    }
    close()

    guard keepWhitespace else { return out }
    if n == 0 { return [] }
    if lineStarts.isEmpty { return [Segment(range: 0..<n)] }
    var parts: [Segment] = []
    parts.reserveCapacity(lineStarts.count)
    for k in lineStarts.indices {
        let lo = k == 0 ? 0 : lineStarts[k]
        let hi = k + 1 < lineStarts.count ? lineStarts[k + 1] : n
        parts.append(Segment(range: lo..<hi))
    }
    return parts
}
