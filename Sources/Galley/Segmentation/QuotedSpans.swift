/// Quotations that close a sentence, found in one pass: inside them no
/// sentence ends (`"How many? I don't know."`, `»Wer kommt? Niemand.«`,
/// `„Ja. Nein.“`, `'Well! Go on!'`), as the rule-based splitters' suites
/// expect of quoted speech.
///
/// Only outermost quotations count, of one paragraph (a blank line drops an
/// unclosed one) and at most ``maximumLength`` bytes, and only those whose
/// closing quote comes
///
/// - right after a terminator (. ! ? …), also behind closing brackets
///   (`[...]"`) and behind spaces (`close it. '`, `[...] "`);
/// - after a dash, speech broken off (`to--" At`): the sentence ends after
///   the quote when a capital follows (``cuts``);
/// - after a letter or digit, when the quotation runs on inside its
///   sentence: a lower-case word or an opening bracket follows
///   (`‘… blood. It grows … Apulia’ (translated …)`).
///
/// Square brackets of one paragraph and at most ``bracketLength`` bytes hold
/// no boundary either (`[16: firma? 13:28]`, `[Editor's note: … ]`).
///
/// A quotation closed after a comma (`"We won. They lost," he said.`) keeps
/// its inner boundaries. Quote marks: `"` (opening after a space or bracket,
/// closing after a non-space), “ ” and „ “ (German), « » and » « (either
/// way), ‘ ’ and `'` (opening at a word's start, closing before a non-letter,
/// so an apostrophe never closes one). Works on valid UTF-8 of any size in
/// O(n).
struct QuotedSpans {
    /// Interior ranges (after the opening quote ..< the closing quote), sorted.
    var spans: [Range<Int>] = []
    /// Offsets where a sentence starts after a quotation broken off by a
    /// dash (`to--" At`), sorted.
    var cuts: [Int] = []
    /// Closing quotes written after a space (`it. ' Next`): their offsets,
    /// sorted. A boundary ICU puts before one moves after it.
    var spacedClosers: [Int] = []

    /// Whether a closing quote written after a space starts at `p`.
    func isSpacedCloser(_ p: Int) -> Bool {
        var lo = 0, hi = spacedClosers.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spacedClosers[mid] < p { lo = mid + 1 } else { hi = mid }
        }
        return lo < spacedClosers.count && spacedClosers[lo] == p
    }

    /// Interior ranges of square brackets, sorted.
    var brackets: [Range<Int>] = []

    static let maximumLength = 4000
    static let bracketLength = 400

    func suppresses(_ p: Int) -> Bool {
        QuotedSpans.inside(p, spans) || (!brackets.isEmpty && QuotedSpans.inside(p, brackets))
    }

    private static func inside(_ p: Int, _ ranges: [Range<Int>]) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if ranges[mid].lowerBound < p { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && p < ranges[lo - 1].upperBound
    }

    static func find(_ s: UnsafeBufferPointer<UInt8>) -> QuotedSpans {
        var out = QuotedSpans()
        guard !s.isEmpty else { return out }
        var openAt = -1            // offset after the opening quote
        var closers = Closers(0, 0) // what closes the open quotation
        // Bitmaps of the bytes that matter, by 64-byte block.
        let low0: UInt64 = (1 << 0x22) | (1 << 0x27) | (1 << 0x0A)
        let low1: UInt64 = (1 << (0x5B - 0x40)) | (1 << (0x5D - 0x40))
        let high3: UInt64 = (1 << (0xC2 - 0xC0)) | (1 << (0xE2 - 0xC0))
        var bracketAt = -1         // offset after the outermost open "["
        var depth = 0
        var i = 0
        // Only a few bytes can matter: '"', '\'', LF, '[', ']', and the lead bytes of
        // ‘ ’ “ ” „ (E2 80 xx) and « » (C2 AB, C2 BB); everything else is
        // skipped without decoding.
        while i < s.count {
            // Eight bytes at a time while none of them can matter: all
            // ASCII (the lead bytes are not) and none is '"', '\'', LF, '['
            // or ']' (the bytes of the bitmaps below).
            while i + 8 <= s.count {
                let w = UnsafeRawPointer(s.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if w & 0x8080_8080_8080_8080 != 0 || hasByte(w, 0x22) || hasByte(w, 0x27)
                    || hasByte(w, 0x0A) || hasByte(w, 0x5B) || hasByte(w, 0x5D) { break }
                i += 8
            }
            guard i < s.count else { break }
            let b = s[i]
            // One bit test per byte: " ' \n [ ] (low word) and C2 E2 (high).
            let word = b < 0x80 ? (b < 0x40 ? low0 : low1) : (b < 0xC0 ? 0 : high3)
            guard (word >> UInt64(b & 63)) & 1 != 0 else { i += 1; continue }
            if b == 0x5B {
                if depth == 0 { bracketAt = i + 1 }
                depth += 1
                i += 1
                continue
            }
            if b == 0x5D {
                if depth > 0 {
                    depth -= 1
                    if depth == 0 && bracketAt >= 0 && i - bracketAt <= bracketLength && i > bracketAt {
                        out.brackets.append(bracketAt..<i)
                    }
                }
                i += 1
                continue
            }
            if b == 0x0A {
                // A blank line ends the paragraph: an unclosed quotation is dropped.
                var j = i + 1
                while j < s.count && (s[j] == 0x20 || s[j] == 0x09 || s[j] == 0x0D) { j += 1 }
                if j < s.count && s[j] == 0x0A { openAt = -1; depth = 0; bracketAt = -1 }
                i += 1
                continue
            }
            let (v, n) = decodeScalar(s, at: i)
            guard v == 0x22 || v == 0x27 || v == 0x2018 || v == 0x2019 || v == 0x201C || v == 0x201D
                    || v == 0x201E || v == 0xAB || v == 0xBB else { i += n; continue }
            let previous: UInt32 = i > 0 ? scalarBefore(s, i) : 0x20
            let nextV: UInt32 = i + n < s.count ? decodeScalar(s, at: i + n).0 : 0x20
            if openAt >= 0 && i - openAt > maximumLength { openAt = -1 }
            if openAt >= 0 {
                if v == closers.0 || v == closers.1 {
                    // What the quotation ends with: behind spaces (only
                    // before a non-letter) and closing brackets.
                    var k = i
                    var spaced = false
                    while k > openAt, isWhiteSpace(scalarBefore(s, k)) {
                        k -= 1
                        while k > openAt && s[k] & 0xC0 == 0x80 { k -= 1 }
                        spaced = true
                    }
                    var last: UInt32 = k > openAt ? scalarBefore(s, k) : 0x20
                    var behindBrackets = k
                    while behindBrackets > openAt && (last == 0x5D || last == 0x29) {
                        behindBrackets -= 1
                        last = behindBrackets > openAt ? scalarBefore(s, behindBrackets) : 0x20
                    }
                    let closing = spaced
                        ? (isTerminator(last) && !isLetterOrDigit(nextV))
                        : closes(v, previous: previous, next: nextV)
                    if closing {
                        if isTerminator(last) {
                            out.spans.append(openAt..<i)
                            if spaced { out.spacedClosers.append(i) }
                        } else if !spaced && (previous == 0x2D || previous == 0x2014 || previous == 0x2013) {
                            out.spans.append(openAt..<i)
                            let after = skipWhiteSpaceForward(s, from: i + n, to: s.count)
                            if after > i + n, after < s.count,
                               let u = Unicode.Scalar(decodeScalar(s, at: after).0), u.properties.isUppercase {
                                out.cuts.append(after)
                            }
                        } else if !spaced && isLetterOrDigit(previous) && runsOn(s, after: i + n) {
                            out.spans.append(openAt..<i)
                        }
                        openAt = -1
                    }
                }
            } else if let c = opening(v, previous: previous, next: nextV) {
                openAt = i + n
                closers = c
            }
            i += n
        }
        return out
    }

    /// Whether a word of ASCII bytes (high bits clear) holds byte `b`.
    @inline(__always)
    private static func hasByte(_ w: UInt64, _ b: UInt8) -> Bool {
        let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }

    private static func scalarBefore(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
        var k = i - 1
        while k > 0 && s[k] & 0xC0 == 0x80 { k -= 1 }
        return decodeScalar(s, at: k).0
    }

    private static func isLetterOrDigit(_ v: UInt32) -> Bool {
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || ((v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A) }
        guard let u = Unicode.Scalar(v) else { return false }
        return u.properties.isAlphabetic || u.properties.numericType != nil
    }

    /// After a quotation closed by a word: its sentence runs on when the next
    /// thing after spaces is a lower-case letter or an opening bracket.
    private static func runsOn(_ s: UnsafeBufferPointer<UInt8>, after i: Int) -> Bool {
        let j = skipWhiteSpaceForward(s, from: i, to: s.count)
        guard j > i, j < s.count else { return false }
        let v = decodeScalar(s, at: j).0
        if v == 0x28 || v == 0x5B { return true }
        return Unicode.Scalar(v)?.properties.isLowercase ?? false
    }

    private static func isTerminator(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x21 || v == 0x3F || v == 0x2026 || v == 0x3002 || v == 0xFF01 || v == 0xFF1F
    }

    private static func startsWord(previous: UInt32, next: UInt32) -> Bool {
        (isWhiteSpace(previous) || previous == 0x28 || previous == 0x5B || previous == 0x2014
         || previous == 0x3A) && !isWhiteSpace(next)
    }

    /// The one or two quote marks that close a quotation (a pair, not an
    /// array: no allocation per quotation).
    private typealias Closers = (UInt32, UInt32)

    /// The closers of a quotation opened by `v`, or nil.
    private static func opening(_ v: UInt32, previous: UInt32, next: UInt32) -> Closers? {
        switch v {
        case 0x22: return startsWord(previous: previous, next: next) ? (0x22, 0x22) : nil
        case 0x27: return startsWord(previous: previous, next: next) ? (0x27, 0x2019) : nil
        case 0x2018: return startsWord(previous: previous, next: next) ? (0x2019, 0x27) : nil
        case 0x201C: return (0x201D, 0x22)
        case 0x201E: return (0x201C, 0x201D)
        case 0xAB: return (0xBB, 0xBB)
        case 0xBB: return startsWord(previous: previous, next: next) ? (0xAB, 0xAB) : nil
        default: return nil
        }
    }

    private static func closes(_ v: UInt32, previous: UInt32, next: UInt32) -> Bool {
        if isWhiteSpace(previous) { return false }
        switch v {
        case 0x27, 0x2019, 0x22:
            // Not before a letter or digit: "don't", "students'" stay apostrophes
            // unless followed by a space or punctuation.
            guard let u = Unicode.Scalar(next) else { return true }
            return !(u.properties.isAlphabetic || u.properties.numericType != nil)
        default:
            return true
        }
    }
}
