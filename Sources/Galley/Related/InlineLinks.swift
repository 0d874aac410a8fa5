/// The link syntax the related-block detector reads, on UTF-8 bytes:
/// CommonMark inline links `[text](dest "title")` (backslash escapes,
/// balanced parentheses and `<…>` destinations, nested images in the text),
/// images `![alt](src)` (never items), simple HTML `<a href="…">text</a>`,
/// and bare `http(s)://` / `www.` URLs outside them.
///
/// This is the minimal parser the detector needs, kept behind
/// ``scanInlineLinks(_:_:_:)`` so that it can be replaced by the shared
/// Markdown reading layer (Sources/Galley/Markdown) once that exists.
///
/// Every function here is linear in the bytes it is given, never traps on
/// any byte sequence (invalid UTF-8, NUL bytes, unbalanced brackets), and
/// returns nothing for empty input.
struct InlineLink {
    /// The whole link's bytes: `[`…`)`, `![`…`)`, `<a …>…</a>` or the bare URL.
    var range: Range<Int>
    /// The link text, unescaped, without nested images, emphasis marks and
    /// tags, whitespace collapsed ("" for an empty or image-only link).
    var text: String
    /// The destination, unescaped, without `<>` and without a link title.
    var destination: String
    var isImage: Bool
}

@inline(__always) func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A || b == 0x0B || b == 0x0C }

/// The links in `bytes[lo..<hi]`, in order; they never overlap.
func scanInlineLinks(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> [InlineLink] {
    var links: [InlineLink] = []
    var i = lo
    while i < hi {
        let b = bytes[i]
        if b == 0x5C { i += 2; continue }                                         // \x
        if b == 0x5B || (b == 0x21 && i + 1 < hi && bytes[i + 1] == 0x5B) {      // [ or ![
            if let link = markdownLink(bytes, i, hi) {
                links.append(link)
                i = link.range.upperBound
                continue
            }
        } else if b == 0x3C, let link = htmlLink(bytes, i, hi) {                  // <a
            links.append(link)
            i = link.range.upperBound
            continue
        } else if b == 0x68 || b == 0x48 || b == 0x77 || b == 0x57, i == lo || !isWordByte(bytes[i - 1]),
                  let end = bareURLEnd(bytes, i, hi) {
            let url = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self)
            links.append(InlineLink(range: i..<end, text: "", destination: url, isImage: false))
            i = end
            continue
        }
        i += 1
    }
    return links
}

@inline(__always) private func isWordByte(_ b: UInt8) -> Bool {
    (b >= 0x30 && b <= 0x39) || ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A) || b >= 0x80
}

/// `[text](dest "title")` or `![alt](src)` starting at `at`; nil when the
/// bytes there are not one (an unmatched bracket, no `(` right after `]`).
/// Link text may nest brackets (for images inside links) to a depth of 8.
private func markdownLink(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ hi: Int) -> InlineLink? {
    let isImage = bytes[at] == 0x21
    let open = isImage ? at + 1 : at
    var depth = 0
    var j = open
    var close = -1
    while j < hi {
        let c = bytes[j]
        if c == 0x5C { j += 2; continue }
        if c == 0x5B { depth += 1; if depth > 8 { return nil } }
        if c == 0x5D { depth -= 1; if depth == 0 { close = j; break } }
        j += 1
    }
    guard close > 0, close + 1 < hi, bytes[close + 1] == 0x28 else { return nil }       // ](
    // Destination.
    var k = close + 2
    while k < hi && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
    var dest: [UInt8] = []
    if k < hi && bytes[k] == 0x3C {                                                       // <dest>
        k += 1
        while k < hi && bytes[k] != 0x3E {
            if bytes[k] == 0x5C && k + 1 < hi { dest.append(bytes[k + 1]); k += 2; continue }
            dest.append(bytes[k]); k += 1
        }
        guard k < hi else { return nil }
        k += 1
    } else {
        var parens = 0
        while k < hi {
            let c = bytes[k]
            if c == 0x5C && k + 1 < hi && isASCIIPunctuation(bytes[k + 1]) { dest.append(bytes[k + 1]); k += 2; continue }
            if c == 0x20 || c == 0x09 { break }
            if c == 0x28 { parens += 1 }
            if c == 0x29 { if parens == 0 { break }; parens -= 1 }
            dest.append(c)
            k += 1
        }
    }
    // Optional title, then ")".
    while k < hi && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
    if k < hi, bytes[k] == 0x22 || bytes[k] == 0x27 || bytes[k] == 0x28 {
        let quote = bytes[k] == 0x28 ? UInt8(0x29) : bytes[k]
        k += 1
        while k < hi && bytes[k] != quote {
            if bytes[k] == 0x5C { k += 1 }
            k += 1
        }
        guard k < hi else { return nil }
        k += 1
        while k < hi && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
    }
    guard k < hi, bytes[k] == 0x29 else { return nil }
    let text = isImage ? "" : linkText(bytes, open + 1, close)
    return InlineLink(range: at..<(k + 1), text: text, destination: String(decoding: dest, as: UTF8.self),
                      isImage: isImage)
}


/// The readable text of `bytes[lo..<hi]`: nested images and their
/// destinations, nested link destinations, emphasis marks (`*`, `_` at word
/// edges), HTML tags and backslashes of escapes removed; whitespace collapsed.
func linkText(_ bytes: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(hi - lo)
    var i = lo
    var space = false
    func put(_ c: UInt8) {
        if isSpaceByte(c) { space = !out.isEmpty; return }
        if space { out.append(0x20); space = false }
        out.append(c)
    }
    while i < hi {
        let c = bytes[i]
        if c == 0x5C && i + 1 < hi && isASCIIPunctuation(bytes[i + 1]) { put(bytes[i + 1]); i += 2; continue }
        if c == 0x21 && i + 1 < hi && bytes[i + 1] == 0x5B, let img = markdownLink(bytes, i, hi) {
            i = img.range.upperBound                                                      // image: dropped
            continue
        }
        if c == 0x5D && i + 1 < hi && bytes[i + 1] == 0x28 {                              // ](dest) of a nested link
            var k = i + 2
            while k < hi && bytes[k] != 0x29 { k += 1 }
            i = k + 1
            continue
        }
        if c == 0x5B || c == 0x5D { i += 1; continue }
        if c == 0x3C {                                                                   // <tag>
            var k = i + 1
            while k < hi && bytes[k] != 0x3E && bytes[k] != 0x3C { k += 1 }
            if k < hi && bytes[k] == 0x3E && k > i + 1 && (bytes[i + 1] == 0x2F || isWordByte(bytes[i + 1])) {
                i = k + 1
                space = space || !out.isEmpty
                continue
            }
        }
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

/// `<a … href="url" …>text</a>` starting at `at` (the `<`).
private func htmlLink(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ hi: Int) -> InlineLink? {
    guard at + 3 < hi, bytes[at + 1] | 0x20 == 0x61, isSpaceByte(bytes[at + 2]) else { return nil }
    var k = at + 2
    var gt = -1
    var href: Range<Int>? = nil
    while k < hi {
        if bytes[k] == 0x3E { gt = k; break }
        if k + 5 < hi, bytes[k] | 0x20 == 0x68, bytes[k + 1] | 0x20 == 0x72, bytes[k + 2] | 0x20 == 0x65,
           bytes[k + 3] | 0x20 == 0x66, bytes[k + 4] == 0x3D, bytes[k + 5] == 0x22 || bytes[k + 5] == 0x27 {
            let q = bytes[k + 5]
            var e = k + 6
            while e < hi && bytes[e] != q { e += 1 }
            guard e < hi else { return nil }
            href = (k + 6)..<e
            k = e + 1
            continue
        }
        k += 1
    }
    guard gt > 0, let href else { return nil }
    // Up to "</a>" (any case), or the end.
    var e = gt + 1
    var end = hi, textEnd = hi
    while e + 3 < hi {
        if bytes[e] == 0x3C, bytes[e + 1] == 0x2F, bytes[e + 2] | 0x20 == 0x61, bytes[e + 3] == 0x3E {
            textEnd = e; end = e + 4; break
        }
        e += 1
    }
    let dest = String(decoding: UnsafeBufferPointer(rebasing: bytes[href]), as: UTF8.self)
    return InlineLink(range: at..<end, text: linkText(bytes, gt + 1, textEnd), destination: dest, isImage: false)
}

/// The end of a bare `http://`, `https://` or `www.` URL at `at`, or nil.
/// The URL runs to the next space, `<`, `"` or `>`; trailing `.,;:!?)'`
/// (unbalanced `)`) are left out.
private func bareURLEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ at: Int, _ hi: Int) -> Int? {
    func lower(_ i: Int) -> UInt8 { i < hi ? bytes[i] | (bytes[i] >= 0x41 && bytes[i] <= 0x5A ? 0x20 : 0) : 0 }
    var k = at
    if lower(k) == 0x68, lower(k + 1) == 0x74, lower(k + 2) == 0x74, lower(k + 3) == 0x70 {
        k += 4
        if lower(k) == 0x73 { k += 1 }
        guard k + 3 <= hi, bytes[k] == 0x3A, bytes[k + 1] == 0x2F, bytes[k + 2] == 0x2F else { return nil }
        k += 3
    } else if lower(k) == 0x77, lower(k + 1) == 0x77, lower(k + 2) == 0x77, k + 3 < hi, bytes[k + 3] == 0x2E {
        k += 4
    } else {
        return nil
    }
    let hostStart = k
    var parens = 0
    while k < hi {
        let c = bytes[k]
        if isSpaceByte(c) || c == 0x3C || c == 0x3E || c == 0x22 { break }
        if c == 0x28 { parens += 1 }
        if c == 0x29 { if parens == 0 { break }; parens -= 1 }
        k += 1
    }
    while k > hostStart, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27].contains(bytes[k - 1]) { k -= 1 }
    return k > hostStart ? k : nil
}
