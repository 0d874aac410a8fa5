// Percent-encoding and -decoding for the WHATWG URL parser
// (https://url.spec.whatwg.org/#percent-encoded-bytes).

/// The percent-encode sets of the URL Standard, each a superset of the one
/// before it (C0 control ⊂ fragment, query ⊂ special-query, query ⊂ path ⊂
/// userinfo).
enum URLPercentEncodeSet {
    case c0Control
    case fragment
    case query
    case specialQuery
    case path
    case userinfo

    /// Whether the byte (isomorphic-decoded) is in the set.
    func contains(_ b: UInt8) -> Bool {
        if b < 0x20 || b > 0x7E { return true }  // C0 controls, DEL, non-ASCII
        switch self {
        case .c0Control:
            return false
        case .fragment:
            return b == 0x20 || b == 0x22 || b == 0x3C || b == 0x3E || b == 0x60  // space " < > `
        case .query:
            return Self.inQuery(b)
        case .specialQuery:
            return Self.inQuery(b) || b == 0x27  // '
        case .path:
            return Self.inPath(b)
        case .userinfo:
            // / : ; = @ [ \ ] ^ |
            return Self.inPath(b) || b == 0x2F || b == 0x3A || b == 0x3B || b == 0x3D
                || b == 0x40 || (b >= 0x5B && b <= 0x5E) || b == 0x7C
        }
    }

    private static func inQuery(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x22 || b == 0x23 || b == 0x3C || b == 0x3E  // space " # < >
    }

    private static func inPath(_ b: UInt8) -> Bool {
        // the query set and ? ^ ` { }
        inQuery(b) || b == 0x3F || b == 0x5E || b == 0x60 || b == 0x7B || b == 0x7D
    }
}

private let upperHexDigits: [Character] = Array("0123456789ABCDEF")

/// Appends the UTF-8 percent-encoding of `c` with `set` to `output`.
@inline(__always)
func percentEncode(_ c: Unicode.Scalar, _ set: URLPercentEncodeSet, into output: inout String) {
    if c.isASCII {
        let b = UInt8(c.value)
        if set.contains(b) { appendPercentByte(b, to: &output) } else { output.unicodeScalars.append(c) }
        return
    }
    for b in Unicode.UTF8.encode(c)! { appendPercentByte(b, to: &output) }
}

/// Appends the UTF-8 percent-encoding of every scalar of `s` with `set`.
func percentEncode<S: Sequence<Unicode.Scalar>>(_ s: S, _ set: URLPercentEncodeSet, into output: inout String) {
    for c in s { percentEncode(c, set, into: &output) }
}

private func appendPercentByte(_ b: UInt8, to output: inout String) {
    output.append("%")
    output.append(upperHexDigits[Int(b >> 4)])
    output.append(upperHexDigits[Int(b & 0xF)])
}

/// The value of an ASCII hex digit, or nil.
@inline(__always)
func hexValue(_ b: UInt32) -> UInt32? {
    switch b {
    case 0x30...0x39: return b - 0x30
    case 0x41...0x46: return b - 0x41 + 10
    case 0x61...0x66: return b - 0x61 + 10
    default: return nil
    }
}

/// Percent-decodes the UTF-8 encoding of `s` (a "%" not followed by two hex
/// digits stays as it is) and returns the bytes.
func percentDecode<S: Sequence<Unicode.Scalar>>(_ s: S) -> [UInt8] {
    var bytes: [UInt8] = []
    for c in s { bytes.append(contentsOf: Unicode.UTF8.encode(c)!) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        if b == 0x25, i + 2 < bytes.count,
           let hi = hexValue(UInt32(bytes[i + 1])), let lo = hexValue(UInt32(bytes[i + 2])) {
            out.append(UInt8(hi << 4 | lo))
            i += 3
        } else {
            out.append(b)
            i += 1
        }
    }
    return out
}
