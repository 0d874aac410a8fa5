import CICUShim

/// UTF-8 helpers shared by the segmenters.
public enum UTF8Validation {
    /// Checks that `bytes` is well-formed UTF-8 (Unicode Table 3-7).
    ///
    /// - Throws: ``GalleyError/invalidUTF8(offset:)`` with the offset of the
    ///   first bad byte.
    /// - Returns: `true` when every byte is ASCII.
    @discardableResult
    public static func validate(_ bytes: UnsafeBufferPointer<UInt8>) throws(GalleyError) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        var bad = 0
        var ascii: Int32 = 0
        if gshim_utf8_validate(base, bytes.count, &bad, &ascii) == 0 {
            throw .invalidUTF8(offset: bad)
        }
        return ascii != 0
    }
}

/// Unicode White_Space (PropList.txt; a stable set).
@inline(__always)
func isWhiteSpace(_ v: UInt32) -> Bool {
    switch v {
    case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
         0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
        return true
    default:
        return false
    }
}

/// Decodes the scalar starting at `i` in valid UTF-8; returns it and its length.
@inline(__always)
func decodeScalar(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
    let c = UInt32(s[i])
    if c < 0x80 { return (c, 1) }
    if c < 0xE0 { return (((c & 0x1F) << 6) | (UInt32(s[i + 1]) & 0x3F), 2) }
    if c < 0xF0 {
        return (((c & 0x0F) << 12) | ((UInt32(s[i + 1]) & 0x3F) << 6) | (UInt32(s[i + 2]) & 0x3F), 3)
    }
    return (((c & 0x07) << 18) | ((UInt32(s[i + 1]) & 0x3F) << 12)
            | ((UInt32(s[i + 2]) & 0x3F) << 6) | (UInt32(s[i + 3]) & 0x3F), 4)
}

/// The offset of the first non-White_Space scalar in `s[from..<to]`, or `to`.
func skipWhiteSpaceForward(_ s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
    var i = from
    while i < to {
        let c = s[i]
        if c < 0x80 {
            guard c == 0x20 || (c >= 0x09 && c <= 0x0D) else { return i }
            i += 1
        } else {
            let (v, n) = decodeScalar(s, at: i)
            guard isWhiteSpace(v) else { return i }
            i += n
        }
    }
    return to
}

/// The offset just past the last non-White_Space scalar in `s[from..<to]`, or `from`.
func skipWhiteSpaceBackward(_ s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
    var j = to
    while j > from {
        let c = s[j - 1]
        if c < 0x80 {
            guard c == 0x20 || (c >= 0x09 && c <= 0x0D) else { return j }
            j -= 1
        } else {
            var k = j - 1
            while k > from && s[k] & 0xC0 == 0x80 { k -= 1 }
            let (v, _) = decodeScalar(s, at: k)
            guard isWhiteSpace(v) else { return j }
            j = k
        }
    }
    return from
}
