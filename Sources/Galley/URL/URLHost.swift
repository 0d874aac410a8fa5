// Host parsing and serialization for the WHATWG URL parser
// (https://url.spec.whatwg.org/#host-parsing): domains (through UTS #46 in
// CICUShim), IPv4 with its hex and octal parts, IPv6, and opaque hosts.

import CICUShim

/// A URL's host.
enum URLHost: Hashable, Sendable {
    /// An ASCII domain, after domain to ASCII.
    case domain(String)
    case ipv4(UInt32)
    case ipv6([UInt16])
    /// The host of a URL with a non-special scheme, percent-encoded.
    case opaque(String)
    /// The empty host ("file:///", "sc://").
    case empty

    var serialized: String {
        switch self {
        case .domain(let s), .opaque(let s): return s
        case .empty: return ""
        case .ipv4(let a): return serializeIPv4(a)
        case .ipv6(let pieces): return "[" + serializeIPv6(pieces) + "]"
        }
    }
}

private func fail(_ reason: String) -> GalleyError { .invalidArgument("invalid URL: " + reason) }

// MARK: - Code point classes

/// Forbidden host code points: NUL TAB LF CR space # / : < > ? @ [ \ ] ^ |.
func isForbiddenHostCodePoint(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x00, 0x09, 0x0A, 0x0D, 0x20, 0x23, 0x2F, 0x3A, 0x3C, 0x3E, 0x3F, 0x40, 0x5B, 0x5C, 0x5D,
         0x5E, 0x7C:
        return true
    default:
        return false
    }
}

/// Forbidden domain code points: the forbidden host code points, C0
/// controls, % and DEL.
func isForbiddenDomainCodePoint(_ c: Unicode.Scalar) -> Bool {
    isForbiddenHostCodePoint(c) || c.value <= 0x1F || c.value == 0x25 || c.value == 0x7F
}

@inline(__always) func isASCIIDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
@inline(__always) func isASCIIAlpha(_ c: Unicode.Scalar) -> Bool {
    (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A
}

// MARK: - Host parser

/// The host parser: `input` is the text between the authority's "@" (if
/// any) and its port; `isOpaque` is true for non-special schemes.
func parseHost(_ input: ArraySlice<Unicode.Scalar>, isOpaque: Bool) throws(GalleyError) -> URLHost {
    if input.first == "[" {
        guard input.count >= 2, input.last == "]" else { throw fail("unclosed IPv6 address") }
        return .ipv6(try parseIPv6(input.dropFirst().dropLast()))
    }
    if isOpaque { return try parseOpaqueHost(input) }
    precondition(!input.isEmpty, "the URL parser never asks for an empty special host")
    // UTF-8 decode without BOM (ill-formed sequences become U+FFFD).
    let domain = String(decoding: percentDecode(input), as: UTF8.self)
    let ascii = try domainToASCII(domain)
    let scalars = Array(ascii.unicodeScalars)
    if endsInANumber(scalars) { return .ipv4(try parseIPv4(scalars)) }
    return .domain(ascii)
}

/// The URL Standard's "domain to ASCII" with beStrict = false: UTS #46
/// ToASCII for a domain with a non-ASCII code point, ASCII lowercasing for
/// an ASCII one, then the empty and forbidden-code-point checks.
///
/// An ASCII domain is only lowercased, even where a label starts with
/// "xn--" and is not valid Punycode ("xn--a", "xn--ls8h="): that is what
/// the conformance data (`toascii.json`, `urltestdata.json`) expects. The
/// current text of the standard sends such labels through ToASCII with
/// IgnoreInvalidPunycode = false, which would reject them; sending every
/// domain that has an "xn--" label to `idnaToASCII` is the one-line switch.
func domainToASCII(_ domain: String) throws(GalleyError) -> String {
    var result: String
    if domain.utf8.allSatisfy({ $0 < 0x80 }) {
        result = String(decoding: domain.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 },
                        as: UTF8.self)
    } else {
        result = try idnaToASCII(domain)
    }
    if result.isEmpty { throw fail("empty host") }
    if let bad = result.unicodeScalars.first(where: isForbiddenDomainCodePoint) {
        throw fail("forbidden domain code point U+\(String(bad.value, radix: 16, uppercase: true)) in host")
    }
    return result
}

/// UTS #46 ToASCII through ICU, in pieces of whole labels when the domain
/// is long. ICU 72 writes each label's Punycode into the middle of the
/// whole domain's buffer, moving everything after it: a domain of n
/// non-ASCII labels costs O(n^2) in one call (40,000 "ü." labels: 0.36 s;
/// 1 MB: 20 s). Labels are converted independently except for the bidi
/// rule, which looks at the whole domain once any label is right-to-left,
/// so a domain without any right-to-left (or Arabic-number) code point is
/// cut at ASCII dots into pieces of at least `idnaPiece` bytes and each
/// piece converted alone: the same result, in linear time. (Mapping never
/// turns such a domain right-to-left, and no character composes with '.'.)
let idnaPiece = 4096

private func idnaToASCII(_ domain: String) throws(GalleyError) -> String {
    let bytes = domain.utf8
    guard bytes.count > 2 * idnaPiece, !domain.unicodeScalars.contains(where: mayBeRightToLeft) else {
        return try idnaToASCIIOneCall(domain)
    }
    let utf8 = Array(bytes)
    var pieces: [String] = []
    var start = 0
    var i = idnaPiece
    // Cut at a dot with at least idnaPiece bytes after it, so no piece is empty.
    while i < utf8.count - idnaPiece {
        if utf8[i] == UInt8(ascii: ".") {
            pieces.append(try idnaToASCIIOneCall(String(decoding: utf8[start..<i], as: UTF8.self)))
            start = i + 1
            i = start + idnaPiece
        } else {
            i += 1
        }
    }
    pieces.append(try idnaToASCIIOneCall(String(decoding: utf8[start...], as: UTF8.self)))
    return pieces.joined(separator: ".")
}

/// Whether `c` may be, or map to, a right-to-left (R, AL) or Arabic-number
/// (AN) character: Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic
/// and their presentation forms, and the right-to-left planes' blocks.
/// Generous on purpose: a false "yes" only costs the one-call path.
func mayBeRightToLeft(_ c: Unicode.Scalar) -> Bool {
    switch c.value {
    case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
    default: return false
    }
}

/// UTS #46 ToASCII through ICU (CICUShim/galley_idna_shim.c), one call.
private func idnaToASCIIOneCall(_ domain: String) throws(GalleyError) -> String {
    var input = Array(domain.utf8)
    var capacity = max(64, input.count * 4 + 16)
    while true {
        var out = [UInt8](repeating: 0, count: capacity)
        var outLength = 0
        var idnaErrors: UInt32 = 0
        var icuError: Int32 = 0
        let rc = input.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                gshim_idna_to_ascii(inBuf.baseAddress, inBuf.count, outBuf.baseAddress, outBuf.count,
                                    &outLength, &idnaErrors, &icuError)
            }
        }
        switch Int(rc) {
        case Int(GSHIM_IDNA_OK):
            return String(decoding: out[..<outLength], as: UTF8.self)
        case Int(GSHIM_IDNA_BUFFER_TOO_SMALL):
            capacity = outLength + 1
        case Int(GSHIM_IDNA_INVALID):
            throw fail("domain \"\(domain)\" is not valid under UTS #46 (\(idnaErrorNames(idnaErrors)))")
        case Int(GSHIM_IDNA_LABEL_TOO_LONG):
            throw fail("a label of domain \"\(domain.prefix(64))…\" is longer than 1,000 code points (the Punycode limit)")
        case Int(GSHIM_IDNA_TOO_LARGE):
            throw .tooLarge(length: input.count, limit: Int(Int32.max))
        default:
            throw .icu(code: icuError, name: "U_ERROR \(icuError)", context: "converting a domain to ASCII (UTS #46)")
        }
    }
}

/// ICU's UIDNA_ERROR_* bits, named ("bidi rule (RFC 5893)"), then the hex.
private func idnaErrorNames(_ bits: UInt32) -> String {
    let names: [(UInt32, String)] = [
        (0x1, "empty label"), (0x2, "label too long"), (0x4, "domain name too long"),
        (0x8, "leading hyphen"), (0x10, "trailing hyphen"), (0x20, "hyphens in 3rd and 4th positions"),
        (0x40, "label starts with a combining mark"), (0x80, "disallowed code point"),
        (0x100, "invalid Punycode"), (0x200, "dot in a label"), (0x400, "invalid ACE label"),
        (0x800, "bidi rule (RFC 5893)"), (0x1000, "joiner rule (CONTEXTJ)"),
        (0x2000, "invalid CONTEXTO punctuation"), (0x4000, "invalid CONTEXTO digits"),
    ]
    let found = names.filter { bits & $0.0 != 0 }.map(\.1)
    return (found.isEmpty ? "" : found.joined(separator: ", ") + "; ") + "IDNA errors 0x" + String(bits, radix: 16)
}

/// The opaque-host parser: no forbidden host code point; C0 controls and
/// non-ASCII percent-encoded.
private func parseOpaqueHost(_ input: ArraySlice<Unicode.Scalar>) throws(GalleyError) -> URLHost {
    if let bad = input.first(where: isForbiddenHostCodePoint) {
        throw fail("forbidden host code point U+\(String(bad.value, radix: 16, uppercase: true)) in opaque host")
    }
    var s = ""
    percentEncode(input, .c0Control, into: &s)
    return s.isEmpty ? .empty : .opaque(s)
}

// MARK: - IPv4

/// Whether the last label (ignoring one trailing empty label) is a number,
/// which makes the host an IPv4 address (or a failure).
private func endsInANumber(_ s: [Unicode.Scalar]) -> Bool {
    var parts = s.split(separator: ".", omittingEmptySubsequences: false)
    if parts.last?.isEmpty == true {
        if parts.count == 1 { return false }
        parts.removeLast()
    }
    guard let last = parts.last, !last.isEmpty else { return false }
    if last.allSatisfy(isASCIIDigit) { return true }
    return parseIPv4Number(last) != nil
}

/// The IPv4 number parser: decimal, "0x" hex or leading-zero octal; nil on
/// failure. Values saturate above 2^32 (they fail the range checks anyway).
private func parseIPv4Number(_ part: ArraySlice<Unicode.Scalar>) -> UInt64? {
    if part.isEmpty { return nil }
    var digits = part
    var radix: UInt64 = 10
    if digits.count >= 2, digits.first == "0", digits.dropFirst().first == "x" || digits.dropFirst().first == "X" {
        digits = digits.dropFirst(2)
        radix = 16
    } else if digits.count >= 2, digits.first == "0" {
        digits = digits.dropFirst()
        radix = 8
    }
    var value: UInt64 = 0
    for c in digits {
        guard let d = hexValue(c.value).map(UInt64.init), d < radix else { return nil }
        value = min(value * radix + d, 1 << 40)
    }
    return value
}

/// The IPv4 parser, for a host that ends in a number.
private func parseIPv4(_ s: [Unicode.Scalar]) throws(GalleyError) -> UInt32 {
    var parts = s.split(separator: ".", omittingEmptySubsequences: false)
    if parts.last?.isEmpty == true, parts.count > 1 { parts.removeLast() }
    if parts.count > 4 { throw fail("IPv4 address with more than four parts") }
    var numbers: [UInt64] = []
    for part in parts {
        guard let n = parseIPv4Number(part) else { throw fail("IPv4 address with a part that is not a number") }
        numbers.append(n)
    }
    for n in numbers.dropLast() where n > 255 { throw fail("IPv4 address part out of range") }
    let last = numbers.last!
    if last >= UInt64(1) << (8 * (5 - numbers.count)) { throw fail("IPv4 address out of range") }
    var address = last
    for (i, n) in numbers.dropLast().enumerated() { address += n << (8 * (3 - i)) }
    return UInt32(address)
}

private func serializeIPv4(_ a: UInt32) -> String {
    "\(a >> 24).\((a >> 16) & 0xFF).\((a >> 8) & 0xFF).\(a & 0xFF)"
}

// MARK: - IPv6

/// The IPv6 parser (the text between the brackets).
private func parseIPv6(_ input: ArraySlice<Unicode.Scalar>) throws(GalleyError) -> [UInt16] {
    let s = Array(input)
    var address = [UInt16](repeating: 0, count: 8)
    var pieceIndex = 0
    var compress: Int? = nil
    var p = 0
    func at(_ i: Int) -> Unicode.Scalar? { i < s.count ? s[i] : nil }

    if at(p) == ":" {
        guard at(p + 1) == ":" else { throw fail("IPv6 address starts with a single colon") }
        p += 2
        pieceIndex += 1
        compress = pieceIndex
    }
    while let c = at(p) {
        if pieceIndex == 8 { throw fail("IPv6 address with too many pieces") }
        if c == ":" {
            if compress != nil { throw fail("IPv6 address with more than one \"::\"") }
            p += 1
            pieceIndex += 1
            compress = pieceIndex
            continue
        }
        var value: UInt32 = 0
        var length = 0
        while length < 4, let h = at(p).flatMap({ hexValue($0.value) }) {
            value = value * 16 + h
            p += 1
            length += 1
        }
        if at(p) == "." {
            if length == 0 { throw fail("IPv6 address with an empty embedded IPv4 part") }
            p -= length
            if pieceIndex > 6 { throw fail("IPv6 address with an embedded IPv4 address too late") }
            var numbersSeen = 0
            while at(p) != nil {
                var ipv4Piece: UInt32? = nil
                if numbersSeen > 0 {
                    if at(p) == ".", numbersSeen < 4 { p += 1 } else {
                        throw fail("IPv6 address with a malformed embedded IPv4 address")
                    }
                }
                guard let d0 = at(p), isASCIIDigit(d0) else {
                    throw fail("IPv6 address with a malformed embedded IPv4 address")
                }
                while let d = at(p), isASCIIDigit(d) {
                    let number = d.value - 0x30
                    if let piece = ipv4Piece {
                        if piece == 0 { throw fail("IPv6 address with a leading zero in its IPv4 part") }
                        ipv4Piece = piece * 10 + number
                    } else {
                        ipv4Piece = number
                    }
                    if ipv4Piece! > 255 { throw fail("IPv6 address with an IPv4 part out of range") }
                    p += 1
                }
                address[pieceIndex] = address[pieceIndex] &* 0x100 &+ UInt16(ipv4Piece!)
                numbersSeen += 1
                if numbersSeen == 2 || numbersSeen == 4 { pieceIndex += 1 }
            }
            if numbersSeen != 4 { throw fail("IPv6 address with an embedded IPv4 address of fewer than four parts") }
            break
        } else if at(p) == ":" {
            p += 1
            if at(p) == nil { throw fail("IPv6 address ends with a single colon") }
        } else if at(p) != nil {
            throw fail("IPv6 address with an invalid code point")
        }
        address[pieceIndex] = UInt16(value)
        pieceIndex += 1
    }
    if let compress {
        var swaps = pieceIndex - compress
        pieceIndex = 7
        while pieceIndex != 0, swaps > 0 {
            address.swapAt(pieceIndex, compress + swaps - 1)
            pieceIndex -= 1
            swaps -= 1
        }
    } else if pieceIndex != 8 {
        throw fail("IPv6 address with too few pieces")
    }
    return address
}

/// The IPv6 serializer: lowercase hex, the first longest run of two or more
/// zero pieces compressed to "::".
private func serializeIPv6(_ address: [UInt16]) -> String {
    var compress: Int? = nil
    var bestLength = 1
    var i = 0
    while i < 8 {
        if address[i] == 0 {
            var j = i
            while j < 8, address[j] == 0 { j += 1 }
            if j - i > bestLength { bestLength = j - i; compress = i }
            i = j
        } else {
            i += 1
        }
    }
    var output = ""
    var ignore0 = false
    for pieceIndex in 0..<8 {
        if ignore0, address[pieceIndex] == 0 { continue }
        ignore0 = false
        if compress == pieceIndex {
            output += pieceIndex == 0 ? "::" : ":"
            ignore0 = true
            continue
        }
        output += String(address[pieceIndex], radix: 16)
        if pieceIndex != 7 { output += ":" }
    }
    return output
}
