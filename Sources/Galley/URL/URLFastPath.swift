// A byte-level fast path for canonicalizing the links Galley meets most:
// http(s) (and ws, wss, ftp) URLs with a plain domain, written absolute or
// relative to a parsed base. It reads the UTF-8 input once and writes the
// canonical href straight into a scratch buffer, doing in one pass what the
// basic URL parser (URLParser.swift) and `canonicalize` do in two:
// percent-encoding with the path and special-query sets, resolving dot
// segments, dropping default ports and tracking parameters, normalizing
// escapes and sorting the query.
//
// It gives up ("declines") on anything it is not certain about, and the
// caller then runs the full parser: non-special schemes and "file:",
// credentials, IPv4- and IPv6-looking hosts, hosts with "%" or "xn--"
// labels, backslashes, tabs and newlines, "scheme:" without "//", relative
// links against a base that is not special, and anything the parser would
// reject. A host with non-ASCII goes through the same UTS #46 call as the
// parser's. Whatever it accepts, it must serialize
// exactly as `parseURLRecord` + `canonicalize` + `href` would; the
// differential tests in URLFastPathTests.swift hold it to that. The bytes
// it percent-encodes come from the parser's own sets (URLPercentEncodeSet).
//
// Why the one pass is the same as the two (the parser percent-encodes first,
// `normalizePercentEscapes` runs on the encoded text afterwards):
// - The parser's escapes ("%XX" for a byte of the encode set) never name an
//   unreserved character and already have upper-case hex, so normalizing
//   leaves them alone.
// - A "%" of the input starts an escape in the encoded text exactly when the
//   two input bytes after it are hex digits: hex digits are never encoded,
//   and an encoded byte starts with "%", which is not one.
// - "/", "?", "#", "&" and "=" are neither hex digits nor produced or removed
//   by either step, so segment, query and pair boundaries and the end of a
//   pair's name are the same in the input, the encoded and the normalized
//   text.
// - The dot-segment checks ("..", "%2e.", …) see the same bytes: no byte of
//   "." or "%2e" is ever encoded, and an encoded byte is never "." or "%2e".

import CICUShim

// MARK: - Base

/// A base URL in the form the fast path resolves relative references
/// against: what a special, non-"file" base contributes to the result, as
/// bytes. Built once from the parsed base; immutable.
final class FastURLBase: Sendable {
    /// The scheme, lower-case ("https").
    let scheme: [UInt8]
    /// The scheme's default port.
    let defaultPort: Int
    /// "scheme://", the credentials and "@" if any, the host and ":port" if
    /// any, as the serializer writes them.
    let origin: [UInt8]
    /// The path with each segment's escapes normalized, serialized: every
    /// segment starts with "/" (a special URL's path has at least one).
    let path: [UInt8]
    /// The query as the parser left it (not yet canonical), or nil.
    let query: [UInt8]?
    /// The path as the parser left it, serialized (for the parse mode).
    let rawPath: [UInt8]
    /// Whether the origin is "scheme://" and a domain with no credentials
    /// (the parse mode's spans read the href on that assumption).
    let simpleOrigin: Bool
    /// Whether the path holds a ";" (a session path parameter may follow).
    let pathHasSemicolon: Bool
    /// Where the host lies in `origin`, found as `hrefRulesMayApply`
    /// (LinkKey.swift) finds it in an href: after the last "@", up to the
    /// first ":".
    let hostRange: Range<Int>

    /// Nil when `record` is not a special URL with a host ("file:" included):
    /// relative references against it take the full parser.
    init?(_ record: URLRecord) {
        guard record.scheme != "file", case .some(.some(let port)) = specialSchemeDefaultPort(record.scheme),
              let host = record.host, record.opaquePath == nil, !record.path.isEmpty else { return nil }
        scheme = Array(record.scheme.utf8)
        defaultPort = port
        var origin = scheme + Array("://".utf8)
        if record.includesCredentials {
            origin += Array(record.username.utf8)
            if !record.password.isEmpty { origin += [0x3A] + Array(record.password.utf8) }
            origin.append(0x40)  // "@"
        }
        origin += Array(host.serialized.utf8)
        if let p = record.port { origin += [0x3A] + Array(String(p).utf8) }
        self.origin = origin
        var hostStart = scheme.count + 3
        for (k, b) in origin.enumerated() where k >= hostStart && b == 0x40 { hostStart = k + 1 }
        var hostEnd = hostStart
        while hostEnd < origin.count, origin[hostEnd] != 0x3A { hostEnd += 1 }
        hostRange = hostStart ..< hostEnd
        var path: [UInt8] = []
        var rawPath: [UInt8] = []
        for segment in record.path {
            path.append(0x2F)
            path += Array(normalizePercentEscapes(segment).utf8)
            rawPath.append(0x2F)
            rawPath += Array(segment.utf8)
        }
        self.path = path
        self.rawPath = rawPath
        pathHasSemicolon = rawPath.contains(0x3B)
        query = record.query.map { Array($0.utf8) }
        if case .domain = host, !record.includesCredentials { simpleOrigin = true } else { simpleOrigin = false }
    }
}

// MARK: - Tracking parameters

/// ``CanonicalizationOptions/trackingParameters`` compiled once: the exact
/// names in an open-addressing hash table, the prefixes ("utm_*") in a
/// list. Matches what `TrackingMatcher` in CanonicalURL.swift matches.
/// Immutable; its tables live in memory it allocates once and frees with
/// it, read through ``table``.
final class CompiledTrackingList: @unchecked Sendable {  // immutable after init
    /// The tables, as the fast path reads them (valid while this lives).
    let table: TrackingTable
    /// The longest entry: a decoded name is read up to this many bytes.
    var decodeLimit: Int { table.decodeLimit }
    let isEmpty: Bool
    private let memory: UnsafeMutableRawPointer

    init(_ entries: [String]) {
        var exact: [[UInt8]] = []
        var prefixes: [[UInt8]] = []
        for entry in entries where !entry.utf8.contains(0x3D) {  // "name=value": LinkKey.swift
            var b = entry.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            if b.last == 0x2A {  // "*"
                b.removeLast()
                prefixes.append(b)
            } else {
                exact.append(b)
            }
        }
        var size = 8
        while size < exact.count * 4 { size *= 2 }
        // One block: the slots, the entries' starts (Int32, count + 1 each),
        // then their bytes.
        let exactLength = exact.reduce(0) { $0 + $1.count }
        let prefixLength = prefixes.reduce(0) { $0 + $1.count }
        let words = size + exact.count + 1 + prefixes.count + 1
        memory = UnsafeMutableRawPointer.allocate(byteCount: 4 * words + exactLength + prefixLength + 1,
                                                  alignment: 4)
        let slots = memory.bindMemory(to: Int32.self, capacity: words)
        let exactStarts = slots + size
        let prefixStarts = exactStarts + exact.count + 1
        let bytes = (memory + 4 * words).bindMemory(to: UInt8.self, capacity: exactLength + prefixLength + 1)
        slots.initialize(repeating: 0, count: size)
        var at = 0
        func lay(_ list: [[UInt8]], _ starts: UnsafeMutablePointer<Int32>) {
            starts[0] = Int32(at)
            for (i, e) in list.enumerated() {
                for b in e {
                    bytes[at] = b
                    at += 1
                }
                starts[i + 1] = Int32(at)
            }
        }
        lay(exact, exactStarts)
        lay(prefixes, prefixStarts)
        for (i, e) in exact.enumerated() {
            var h = e.withUnsafeBufferPointer { TrackingTable.hash($0.baseAddress, $0.count) }
            while slots[Int(h) & (size - 1)] != 0 { h &+= 1 }
            slots[Int(h) & (size - 1)] = Int32(i + 1)
        }
        table = TrackingTable(bytes: UnsafePointer(bytes), slots: UnsafePointer(slots), slotMask: size - 1,
                              exactStarts: UnsafePointer(exactStarts), exactCount: exact.count,
                              prefixStarts: UnsafePointer(prefixStarts), prefixCount: prefixes.count,
                              decodeLimit: (exact + prefixes).map(\.count).max() ?? 0)
        isEmpty = entries.isEmpty
    }

    deinit { memory.deallocate() }

    /// The default list, compiled once.
    static let defaults = CompiledTrackingList(CanonicalizationOptions.defaultTrackingParameters)

    /// `entries` compiled, or the compiled default list when `entries` is
    /// the default list (an O(1) check while it shares its storage).
    static func compile(_ entries: [String]) -> CompiledTrackingList {
        entries == CanonicalizationOptions.defaultTrackingParameters ? defaults : CompiledTrackingList(entries)
    }

    /// Whether the parameter whose escape-normalized name is `name` is a
    /// tracking parameter. `scratch` holds at least `decodeLimit` bytes.
    func matches(_ name: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>) -> Bool {
        table.matches(name, scratch: scratch)
    }
}

/// The tables of a ``CompiledTrackingList``, as pointers into its memory: a
/// plain value, so that the fast path holds it with no reference counting.
/// Entry i of the exact names is `bytes[exactStarts[i] ..< exactStarts[i + 1]]`,
/// likewise for the prefixes (without their "*"); `slots` (slotMask + 1 of
/// them) hold entry index + 1 of each hash slot, 0 when empty.
struct TrackingTable {
    let bytes: UnsafePointer<UInt8>
    let slots: UnsafePointer<Int32>
    let slotMask: Int
    let exactStarts: UnsafePointer<Int32>
    let exactCount: Int
    let prefixStarts: UnsafePointer<Int32>
    let prefixCount: Int
    let decodeLimit: Int

    /// FNV-1a.
    @inline(__always)
    static func hash(_ p: UnsafePointer<UInt8>?, _ n: Int) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for i in 0..<n { h = (h ^ UInt32(p![i])) &* 16_777_619 }
        return h
    }

    /// ``CompiledTrackingList/matches(_:scratch:)``.
    func matches(_ name: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>) -> Bool {
        // The name as application/x-www-form-urlencoded reads it ("+" is a
        // space), percent-decoded, ASCII lower-cased, as far as any entry
        // reaches (`percentDecodedName` in CanonicalURL.swift).
        var d = 0
        var k = 0
        let n = name.count
        var truncated = false
        var h: UInt32 = 2_166_136_261  // FNV-1a, as `hash`
        while k < n {
            var b = name[k]
            if b == 0x2B {
                b = 0x20
                k &+= 1
            } else if b == 0x25, k + 2 < n, let v = hexPair(name[k + 1], name[k + 2]) {
                b = v
                k &+= 3
            } else {
                k &+= 1
            }
            if d == decodeLimit {
                truncated = true
                break
            }
            b = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
            scratch[d] = b
            h = (h ^ UInt32(b)) &* 16_777_619
            d &+= 1
        }
        for e in 0..<prefixCount {
            let start = Int(prefixStarts[e]), length = Int(prefixStarts[e + 1]) - start
            if length <= d, equalBytes(bytes + start, scratch, length) { return true }
        }
        if truncated || exactCount == 0 { return false }
        var slot = Int(h)
        while true {
            let e = Int(slots[slot & slotMask])
            if e == 0 { return false }
            let start = Int(exactStarts[e - 1]), end = Int(exactStarts[e])
            if end - start == d, equalBytes(bytes + start, scratch, d) { return true }
            slot &+= 1
        }
    }
}

// MARK: - Byte classes

/// What the path, query or fragment state does with a byte.
enum FastByteClass: UInt8 {
    /// Copied as it is.
    case copy
    /// Percent-encoded (the state's percent-encode set).
    case encode
    /// "%": an escape to normalize, or a stray "%".
    case percent
    /// Ends the segment ("/", "?", "#") or the query pair ("&").
    case stop
    /// "#", which ends the query.
    case end
    /// "=" in a query pair.
    case equals
    /// ";" in the path: copied as it is, and noted (a session path
    /// parameter such as ";jsessionid=…" may follow).
    case semicolon
    /// Tab and newlines (the parser removes them), "\" in the path (a slash
    /// in special URLs): the fast path declines.
    case refuse
}

/// The fast path's byte tables, built once. The path, query and fragment
/// classes come from the parser's own ``URLPercentEncodeSet``, so that the
/// two encode the same bytes.
final class FastByteClasses: @unchecked Sendable {  // immutable after init
    static let shared = FastByteClasses()

    /// ``FastByteClass`` of each byte in the path, special-query and
    /// fragment states, 256 entries each.
    let path: UnsafePointer<FastByteClass>
    let query: UnsafePointer<FastByteClass>
    let fragment: UnsafePointer<FastByteClass>
    /// Whether the path (query) state copies the byte as it is: the `.copy`
    /// entries of `path` (`query`) again, so that the loops over runs of
    /// such bytes test them with one load and compare.
    let pathRun: UnsafePointer<Bool>
    let queryRun: UnsafePointer<Bool>
    /// The lower-case form of each byte the fast path takes in a host
    /// (``isPlainHostByte(_:)``), 0 for the others.
    let host: UnsafePointer<UInt8>

    private init() {
        let t = UnsafeMutablePointer<FastByteClass>.allocate(capacity: 3 * 256)
        let runs = UnsafeMutablePointer<Bool>.allocate(capacity: 2 * 256)
        let host = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for b in 0...255 {
            let b8 = UInt8(b)
            let refused = b8 == 0x09 || b8 == 0x0A || b8 == 0x0D
            func cls(_ set: URLPercentEncodeSet) -> FastByteClass { set.contains(b8) ? .encode : .copy }
            t[b] = refused || b8 == 0x5C ? .refuse
                : b8 == 0x2F || b8 == 0x3F || b8 == 0x23 ? .stop
                : b8 == 0x25 ? .percent : b8 == 0x3B && cls(.path) == .copy ? .semicolon : cls(.path)
            t[256 + b] = refused ? .refuse
                : b8 == 0x26 ? .stop : b8 == 0x23 ? .end : b8 == 0x3D ? .equals
                : b8 == 0x25 ? .percent : cls(.specialQuery)
            t[512 + b] = refused ? .refuse : cls(.fragment)
            runs[b] = t[b] == .copy
            runs[256 + b] = t[256 + b] == .copy
            host[b] = !isPlainHostByte(b8) ? 0 : b8 >= 0x41 && b8 <= 0x5A ? b8 | 0x20 : b8
        }
        path = UnsafePointer(t)
        query = UnsafePointer(t + 256)
        fragment = UnsafePointer(t + 512)
        pathRun = UnsafePointer(runs)
        queryRun = UnsafePointer(runs + 256)
        self.host = UnsafePointer(host)
    }
}

@inline(__always)
private func equalBytes(_ a: UnsafePointer<UInt8>?, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for i in 0..<n where a![i] != b[i] { return false }
    return true
}

@inline(__always)
private func hexDigit(_ b: UInt8) -> UInt8? {
    switch b {
    case 0x30...0x39: return b &- 0x30
    case 0x41...0x46: return b &- 0x41 &+ 10
    case 0x61...0x66: return b &- 0x61 &+ 10
    default: return nil
    }
}

@inline(__always)
private func hexPair(_ a: UInt8, _ b: UInt8) -> UInt8? {
    guard let hi = hexDigit(a), let lo = hexDigit(b) else { return nil }
    return hi << 4 | lo
}

/// Whether bit `b` of the 128-bit mask `(low, high)` is set (b < 128).
@inline(__always)
private func inMask(_ b: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
    b < 64 ? (low >> UInt64(b)) & 1 != 0 : (high >> UInt64(b & 63)) & 1 != 0
}

/// ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 3986 unreserved).
@inline(__always)
func isUnreservedByte(_ b: UInt8) -> Bool {
    // 0-9 - . (low); A-Z _ a-z ~ (high).
    b < 0x80 && inMask(b, 0x03FF_6000_0000_0000, 0x47FF_FFFE_87FF_FFFE)
}

/// The host bytes the fast path copies (lower-cased): ASCII letters and
/// digits, "-", "." and "_". None is a forbidden domain code point.
@inline(__always)
func isPlainHostByte(_ b: UInt8) -> Bool {
    // 0-9 - . (low); A-Z _ a-z (high).
    b < 0x80 && inMask(b, 0x03FF_6000_0000_0000, 0x07FF_FFFE_87FF_FFFE)
}

@inline(__always)
private func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

/// A scheme's code points after the first: ASCII alphanumerics, "+", "-", ".".
@inline(__always)
private func isSchemeByte(_ b: UInt8) -> Bool {
    isASCIILetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2D || b == 0x2E
}

@inline(__always)
private func upperHex(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 &+ v : 0x37 &+ v }

/// Writes "%" and the two upper-case hex digits of `b` at `d[o]`.
@inline(__always)
private func writeEscape(_ d: UnsafeMutablePointer<UInt8>, _ o: inout Int, _ b: UInt8) {
    d[o] = 0x25
    d[o &+ 1] = upperHex(b >> 4)
    d[o &+ 2] = upperHex(b & 0xF)
    o &+= 3
}

/// Writes what `normalizePercentEscapes` makes of `src[i]`, a "%": the byte
/// it escapes when that is unreserved, the escape with upper-case hex
/// otherwise, "%25" when it starts no escape. Returns the index after it.
///
/// `limit` may lie past the segment or pair: the byte that ends one is
/// never a hex digit, so the escape is the same.
@inline(__always)
private func writeNormalizedPercent(_ d: UnsafeMutablePointer<UInt8>, _ o: inout Int,
                                    _ src: UnsafeBufferPointer<UInt8>, _ i: Int, _ limit: Int) -> Int {
    if i + 2 < limit, let v = hexPair(src[i + 1], src[i + 2]) {
        if isUnreservedByte(v) {
            d[o] = v
            o &+= 1
        } else {
            writeEscape(d, &o, v)
        }
        return i &+ 3
    }
    d[o] = 0x25
    d[o &+ 1] = 0x32
    d[o &+ 2] = 0x35
    o &+= 3
    return i &+ 1
}

/// The default port of a special scheme other than "file", from its bytes
/// in any case; nil for any other scheme.
private func fastSchemeDefaultPort(_ s: UnsafeBufferPointer<UInt8>) -> Int? {
    func `is`(_ name: StaticString) -> Bool {
        let p = name.utf8Start
        for i in 0..<s.count where s[i] | 0x20 != p[i] { return false }
        return true
    }
    switch s.count {
    case 2: return `is`("ws") ? 80 : nil
    case 3: return `is`("wss") ? 443 : `is`("ftp") ? 21 : nil
    case 4: return `is`("http") ? 80 : nil
    case 5: return `is`("https") ? 443 : nil
    default: return nil
    }
}

// MARK: - The fast path

/// A canonical href being written into a scratch buffer. Every method
/// returns false or nil to decline; the caller then discards the buffer.
private struct FastCanonicalizer {
    let input: UnsafeBufferPointer<UInt8>
    /// Where the input ends without its trailing C0 controls and spaces.
    let end: Int
    let dst: UnsafeMutablePointer<UInt8>
    let capacity: Int
    let dropFragment: Bool
    /// Keep a dropped fragment that starts with "!".
    let keepHashbang: Bool
    let sortQuery: Bool
    /// Nil when no parameter is a tracking one. A plain value: the plan
    /// whose list it points into outlives the canonicalizer.
    let tracking: TrackingTable?
    unowned(unsafe) let classes: FastByteClasses
    /// The parse mode: the href as the basic URL parser serializes it
    /// (escapes, the query and the fragment as written, percent-encoded
    /// with the parser's sets), not the canonical one. The options above
    /// are then unused.
    var preserve = false
    /// The plan whose "name=value" tracking pairs (LinkKey.swift) a kept
    /// query pair is compared with, or nil; unowned as `tracking`.
    unowned(unsafe) var rulePairs: CanonicalizationPlan? = nil
    /// Its ``CanonicalizationPlan/rulePairLengths`` (0 without it), tested
    /// first.
    var rulePairLengths: UInt64 = 0
    /// Bytes written.
    var w = 0

    // What the href rules (LinkKey.swift) need to know, noted on the way so
    // that they need not scan the href again (see `hrefRulesMayApply`):
    /// A ";" was written into the path.
    var sawSemicolon = false
    /// A kept query pair is one of `rulePairs`' "name=value" pairs.
    var sawRulePair = false
    /// The href has a query (at least one pair kept).
    var keptQuery = false
    /// Where the host lies in the href (as `hrefRulesMayApply` finds it).
    var hostFrom = 0
    var hostTo = 0

    @inline(__always) func hasRoom(_ n: Int) -> Bool { capacity - w >= n }

    @inline(__always) mutating func put(_ b: UInt8) {
        dst[w] = b
        w &+= 1
    }

    @inline(__always) mutating func putEscape(_ b: UInt8) { writeEscape(dst, &w, b) }

    mutating func put(_ bytes: [UInt8]) -> Bool {
        guard hasRoom(bytes.count) else { return false }
        bytes.withUnsafeBufferPointer { b in
            if let p = b.baseAddress { (dst + w).update(from: p, count: b.count) }
        }
        w += bytes.count
        return true
    }

    // MARK: Host and port

    /// The host and port of an authority that starts at `i` (after the
    /// slashes), for a URL whose scheme has `defaultPort`. Returns the index
    /// of the "/", "?", "#" or end that ends the authority.
    mutating func authority(from i: Int, defaultPort: Int) -> Int? {
        // An ASCII host is lower-cased as it is read ("domain to ASCII" of
        // an ASCII domain is ASCII lower-casing).
        guard hasRoom(end - i + 8) else { return nil }
        let table = classes.host
        let hostStart = w
        var o = w
        var hostEnd = i
        while hostEnd < end {
            let m = table[Int(input[hostEnd])]
            if m == 0 { break }
            dst[o] = m
            o &+= 1
            hostEnd &+= 1
        }
        let ascii = hostEnd == end || input[hostEnd] < 0x80
        if !ascii {
            while hostEnd < end, input[hostEnd] >= 0x80 || isPlainHostByte(input[hostEnd]) { hostEnd &+= 1 }
        }
        // The port: digits only.
        var e = hostEnd
        if e < end, input[e] == 0x3A {
            e += 1
            while e < end, input[e] >= 0x30 && input[e] <= 0x39 { e += 1 }
        }
        // Anything else before the path ("@" of credentials, "%", "[", "\",
        // a second ":") is the full parser's business.
        if e < end {
            let b = input[e]
            guard b == 0x2F || b == 0x3F || b == 0x23 else { return nil }  // / ? #
        }
        guard hostEnd > i else { return nil }
        if ascii {
            // An "xn--" label is left to the full parser.
            var k = hostStart
            while k + 3 < o {
                if dst[k] == 0x78, dst[k + 1] == 0x6E, dst[k + 2] == 0x2D, dst[k + 3] == 0x2D { return nil }
                while k < o, dst[k] != 0x2E { k += 1 }
                k += 1
            }
            w = o
        } else {
            // UTS #46 ToASCII, called as `idnaToASCII` in URLHost.swift calls
            // it, written straight into the buffer.
            var length = 0
            var idnaErrors: UInt32 = 0
            var icuError: Int32 = 0
            let rc = gshim_idna_to_ascii(input.baseAddress! + i, hostEnd - i, dst + w, capacity - w,
                                         &length, &idnaErrors, &icuError)
            guard rc == Int32(GSHIM_IDNA_OK), length > 0, length <= capacity - w else { return nil }
            for k in w..<(w + length) {
                let b = dst[k]
                guard isPlainHostByte(b), !(b >= 0x41 && b <= 0x5A) else { return nil }
            }
            w += length
        }
        // A host whose last label (one trailing "." aside) could be a number
        // ("ends in a number") is an IPv4 address or a failure: the full
        // parser's business. Every such label starts with a digit.
        var last = w
        if last > hostStart, dst[last - 1] == 0x2E { last -= 1 }
        var labelStart = last
        while labelStart > hostStart, dst[labelStart - 1] != 0x2E { labelStart -= 1 }
        if labelStart < last, dst[labelStart] >= 0x30 && dst[labelStart] <= 0x39 { return nil }
        hostFrom = hostStart
        hostTo = w

        if hostEnd + 1 < e {
            var port = 0
            for k in (hostEnd + 1)..<e {
                port = port * 10 + Int(input[k] &- 0x30)
                if port > 65535 { return nil }
            }
            if port != defaultPort {
                guard hasRoom(6) else { return nil }
                put(0x3A)
                var divisor = 10000
                while divisor > 1, port < divisor { divisor /= 10 }
                while divisor > 0 {
                    put(UInt8(0x30 + port / divisor % 10))
                    divisor /= 10
                }
            }
        }
        return e
    }

    // MARK: Path

    /// The path state from `i` (the first segment's start): appends each
    /// segment as "/" and its normalized bytes to the path that starts at
    /// `pathStart` in the buffer, resolving "." and "..". Returns the index
    /// of the "?", "#" or end that ends the path.
    mutating func path(from start: Int, pathStart: Int) -> Int? {
        let table = classes.path
        let run = classes.pathRun
        var i = start
        while true {
            guard hasRoom(3 * (end - i) + 1) else { return nil }
            let segment = w
            let first = i
            // The segment's bytes, in locals the compiler keeps in registers.
            let d = dst
            var o = w
            d[o] = 0x2F
            o &+= 1
            scan: while i < end {
                // A run of bytes copied as they are, then one that is not.
                var b = input[i]
                while run[Int(b)] {
                    d[o] = b
                    o &+= 1
                    i &+= 1
                    if i == end { break scan }
                    b = input[i]
                }
                switch table[Int(b)] {
                case .encode:
                    writeEscape(d, &o, b)
                    i &+= 1
                case .percent:
                    if preserve {  // the parser copies "%" as it is
                        d[o] = 0x25
                        o &+= 1
                        i &+= 1
                    } else {
                        i = writeNormalizedPercent(d, &o, input, i, end)
                    }
                case .semicolon:
                    d[o] = b
                    o &+= 1
                    i &+= 1
                    sawSemicolon = true
                case .stop:
                    break scan
                default:
                    return nil
                }
            }
            w = o
            let slash = i < end && input[i] == 0x2F
            switch dotSegment(first, i) {
            case 2:
                // "Shorten the path": drop the last segment, if any.
                w = segment
                if w > pathStart {
                    repeat { w -= 1 } while dst[w] != 0x2F
                }
                if !slash { put(0x2F) }
            case 1:
                w = segment
                if !slash { put(0x2F) }
            default:
                break
            }
            if !slash { return i }
            i &+= 1
        }
    }

    /// 1 for a single-dot segment ("." or "%2e"), 2 for a double-dot one
    /// ("..", ".%2e", "%2e.", "%2e%2e"), 0 otherwise; any case of "e".
    func dotSegment(_ i: Int, _ j: Int) -> Int {
        func dot(_ k: Int) -> Int {  // length of the "." or "%2e" at k, or 0
            if k < j, input[k] == 0x2E { return 1 }
            if k + 3 <= j, input[k] == 0x25, input[k + 1] == 0x32, input[k + 2] | 0x20 == 0x65 { return 3 }
            return 0
        }
        let n = j - i
        guard n > 0, n <= 6 else { return 0 }
        let a = dot(i)
        if a == 0 { return 0 }
        if a == n { return 1 }
        let b = dot(i + a)
        return b != 0 && a + b == n ? 2 : 0
    }

    // MARK: Query and fragment

    /// "?" and the canonical query of `src` (the query's text as written or
    /// as parsed) up to its first "#", or nothing when no pair is left
    /// (`canonicalQuery`). Returns the index of that "#" (or the end).
    mutating func query(_ src: UnsafeBufferPointer<UInt8>) -> Int? {
        guard hasRoom(3 * src.count + 2 + (tracking?.decodeLimit ?? 0)) else { return nil }
        let qMark = w
        put(0x3F)
        let table = classes.query
        let run = classes.queryRun
        typealias Pair = (start: Int32, nameEnd: Int32, end: Int32)
        return withUnsafeTemporaryAllocation(of: Pair.self, capacity: 64) { (pairs) -> Int? in
            var count = 0
            var i = 0
            var n = src.count
            let d = dst
            while i < n {
                let start = w
                var nameEnd = -1
                // The pair's bytes, in locals the compiler keeps in registers.
                var o = w
                scan: while i < n {
                    // A run of bytes copied as they are, then one that is not.
                    var b = src[i]
                    while run[Int(b)] {
                        d[o] = b
                        o &+= 1
                        i &+= 1
                        if i == n { break scan }
                        b = src[i]
                    }
                    switch table[Int(b)] {
                    case .encode:
                        writeEscape(d, &o, b)
                        i &+= 1
                    case .percent:
                        i = writeNormalizedPercent(d, &o, src, i, n)
                    case .equals:
                        if nameEnd < 0 { nameEnd = o }
                        d[o] = b
                        o &+= 1
                        i &+= 1
                    case .stop:
                        break scan
                    case .end:
                        n = i
                        break scan
                    default:
                        return nil
                    }
                }
                w = o
                i += 1  // past the "&" (or out of the loop)
                if w == start { continue }  // an empty pair ("a=1&&b=2")
                if nameEnd < 0 { nameEnd = w }
                if let tracking,
                   tracking.matches(UnsafeBufferPointer(start: dst + start, count: nameEnd - start), scratch: dst + w) {
                    w = start
                    continue
                }
                guard count < pairs.count else { return nil }
                pairs[count] = (Int32(start), Int32(nameEnd), Int32(w))
                count += 1
                if (rulePairLengths >> UInt64((w - start) & 63)) & 1 != 0, let rulePairs,
                   rulePairs.isRulePair(dst + start, w - start) {
                    sawRulePair = true
                }
                put(0x26)
            }
            if count == 0 {
                w = qMark
                return n
            }
            keptQuery = true
            w -= 1  // the last "&"
            guard sortQuery, count > 1 else { return n }

            // A stable insertion sort by name bytes.
            func less(_ x: Pair, _ y: Pair) -> Bool {
                let xn = Int(x.nameEnd - x.start), yn = Int(y.nameEnd - y.start)
                let a = dst + Int(x.start), b = dst + Int(y.start)
                for k in 0..<min(xn, yn) where a[k] != b[k] { return a[k] < b[k] }
                return xn < yn
            }
            var moved = false
            for k in 1..<count {
                let p = pairs[k]
                var m = k
                while m > 0, less(p, pairs[m - 1]) {
                    pairs[m] = pairs[m - 1]
                    m -= 1
                }
                if m != k {
                    pairs[m] = p
                    moved = true
                }
            }
            guard moved else { return n }
            // Copy the pairs past the end of the buffer, then write them back in order.
            let length = w - (qMark + 1)
            guard hasRoom(length) else { return nil }
            (dst + w).update(from: dst + qMark + 1, count: length)
            let shift = length
            w = qMark + 1
            for k in 0..<count {
                if k > 0 { put(0x26) }
                let p = pairs[k]
                let pairLength = Int(p.end - p.start)
                (dst + w).update(from: dst + Int(p.start) + shift, count: pairLength)
                w += pairLength
            }
            return n
        }
    }

    /// The parse mode's query: "?" and the bytes from `i` (after the "?")
    /// up to the first "#", percent-encoded with the special-query set, as
    /// written otherwise (an empty query stays "?"). Returns the index of
    /// that "#" (or the end).
    mutating func rawQuery(from start: Int) -> Int? {
        guard hasRoom(3 * (end - start) + 1) else { return nil }
        let table = classes.query
        let run = classes.queryRun
        let d = dst
        var o = w
        d[o] = 0x3F
        o &+= 1
        var i = start
        scan: while i < end {
            var b = input[i]
            while run[Int(b)] {
                d[o] = b
                o &+= 1
                i &+= 1
                if i == end { break scan }
                b = input[i]
            }
            switch table[Int(b)] {
            case .encode:
                writeEscape(d, &o, b)
            case .percent, .stop, .equals:
                d[o] = b
                o &+= 1
            case .end:
                break scan
            default:
                return nil
            }
            i &+= 1
        }
        w = o
        return i
    }

    /// "#" and the fragment from `i` (after the "#"), percent-encoded with
    /// the fragment set.
    mutating func fragment(from i: Int) -> Bool {
        guard hasRoom(3 * (end - i) + 1) else { return false }
        let table = classes.fragment
        put(0x23)
        for k in i..<end {
            let b = input[k]
            switch table[Int(b)] {
            case .copy: put(b)
            case .encode: putEscape(b)
            default: return false
            }
        }
        return true
    }

    /// The query (if `input[i]` is "?") and the fragment (if kept) after the
    /// path ends at `i`.
    mutating func queryAndFragment(from i: Int) -> Bool {
        var i = i
        if i < end, input[i] == 0x3F {
            if preserve {
                guard let q = rawQuery(from: i + 1) else { return false }
                i = q
            } else {
                guard let q = query(UnsafeBufferPointer(rebasing: input[(i + 1)..<end])) else { return false }
                i += 1 + q
            }
        }
        guard i < end else { return true }
        if preserve || !dropFragment { return fragment(from: i + 1) }
        if keepHashbang {
            // A "#!" route stays (the parser drops tabs and newlines first).
            var k = i + 1
            while k < end, input[k] == 0x09 || input[k] == 0x0A || input[k] == 0x0D { k += 1 }
            if k < end, input[k] == 0x21 { return fragment(from: i + 1) }
        }
        return true
    }

    // MARK: Whole URLs

    /// The input from `start`, its first byte after the leading C0 controls
    /// and spaces.
    mutating func run(from start: Int, base: FastURLBase?) -> Bool {
        // A scheme: an ASCII letter, scheme code points, ":".
        var j = start
        if j < end, isASCIILetter(input[j]) {
            j += 1
            while j < end, isSchemeByte(input[j]) { j += 1 }
            if j < end, input[j] == 0x3A {
                return absolute(schemeEnd: j, start: start)
            }
        }
        // No scheme: a relative reference (the parser's relative state).
        guard let base, !preserve || base.simpleOrigin, put(base.origin) else { return false }
        hostFrom = base.hostRange.lowerBound
        hostTo = base.hostRange.upperBound
        let basePath = preserve ? base.rawPath : base.path
        let pathStart = w
        let c = start < end ? Int(input[start]) : -1
        switch c {
        case 0x2F:  // "/"
            if start + 1 < end, input[start + 1] == 0x2F || input[start + 1] == 0x5C {
                // "//host/…": a scheme-relative URL; only the scheme is the base's.
                w = 0
                guard put(base.scheme), hasRoom(3) else { return false }
                put(0x3A)
                put(0x2F)
                put(0x2F)
                var a = start + 2
                while a < end, input[a] == 0x2F { a += 1 }
                guard let e = authority(from: a, defaultPort: base.defaultPort) else { return false }
                return pathQueryFragment(afterAuthority: e)
            }
            guard let e = path(from: start + 1, pathStart: pathStart) else { return false }
            return queryAndFragment(from: e)
        case 0x5C:  // "\"
            return false
        case 0x3F, 0x23, -1:  // "?", "#", "": the base's path (and query unless "?")
            guard put(basePath) else { return false }
            if base.pathHasSemicolon { sawSemicolon = true }
            if c != 0x3F, let q = base.query {
                if preserve {
                    guard hasRoom(1) else { return false }
                    put(0x3F)
                    guard put(q) else { return false }
                } else {
                    guard q.withUnsafeBufferPointer({ query($0) }) != nil else { return false }
                }
            }
            guard c != -1 else { return true }
            return queryAndFragment(from: start)
        default:
            // A path relative to the base's: its last segment goes.
            guard put(basePath) else { return false }
            if base.pathHasSemicolon { sawSemicolon = true }
            repeat { w -= 1 } while dst[w] != 0x2F
            guard let e = path(from: start, pathStart: pathStart) else { return false }
            return queryAndFragment(from: e)
        }
    }

    /// A URL with a scheme ending at `schemeEnd` (the ":").
    mutating func absolute(schemeEnd: Int, start: Int) -> Bool {
        let scheme = UnsafeBufferPointer(rebasing: input[start..<schemeEnd])
        // Special schemes only, followed by "//" (without it the parser
        // resolves against a base of the same scheme, or skips slashes).
        guard let defaultPort = fastSchemeDefaultPort(scheme), schemeEnd + 2 < end,
              input[schemeEnd + 1] == 0x2F, input[schemeEnd + 2] == 0x2F,
              hasRoom(scheme.count + 3) else { return false }
        for b in scheme { put(b | 0x20) }
        put(0x3A)
        put(0x2F)
        put(0x2F)
        var a = schemeEnd + 3
        while a < end, input[a] == 0x2F { a += 1 }  // the parser ignores more slashes
        guard let e = authority(from: a, defaultPort: defaultPort) else { return false }
        return pathQueryFragment(afterAuthority: e)
    }

    /// The path start state after an authority that ends at `e`.
    mutating func pathQueryFragment(afterAuthority e: Int) -> Bool {
        let pathStart = w
        let from = e < end && input[e] == 0x2F ? e + 1 : e
        guard let q = path(from: from, pathStart: pathStart) else { return false }
        return queryAndFragment(from: q)
    }
}

/// The fast path of ``appendCanonicalHref(_:base:plan:to:)``: appends the
/// canonical href of `input` (valid UTF-8) to `out` and returns true, or
/// returns false with `out` unchanged when the input needs the full parser.
///
/// `base` is the base's ``FastURLBase``: without one (no base, or one that
/// is not special), relative links are declined.
func appendFastCanonicalHref(_ input: UnsafeBufferPointer<UInt8>, base fastBase: FastURLBase?,
                             plan: CanonicalizationPlan, to out: inout [UInt8]) -> Bool {
    var rulesMayApply = false
    return appendFastCanonicalHref(input, base: fastBase, plan: plan, to: &out, rulesMayApply: &rulesMayApply)
}

/// ``appendFastCanonicalHref(_:base:plan:to:)``, also saying whether the
/// plan's href rules (LinkKey.swift) may change the href it wrote: false
/// only when none can (no ";" in the path, no "name=value" tracking pair in
/// the query, no host rule for the host of a URL with a query, not the
/// match key), which it notes while writing instead of scanning the href
/// again. Unset when it declines.
func appendFastCanonicalHref(_ input: UnsafeBufferPointer<UInt8>, base fastBase: FastURLBase?,
                             plan: CanonicalizationPlan, to out: inout [UInt8],
                             rulesMayApply: inout Bool) -> Bool {
    // Strip leading and trailing C0 controls and spaces (bytes up to 0x20
    // are exactly those code points in UTF-8).
    var start = 0
    var end = input.count
    while start < end, input[start] <= 0x20 { start += 1 }
    while end > start, input[end - 1] <= 0x20 { end -= 1 }

    var need = 3 * (end - start) + plan.tracking.decodeLimit + 64
    if let fastBase {
        need += fastBase.origin.count + fastBase.path.count + 3 * (fastBase.query?.count ?? 0)
    }
    guard need < 1 << 28 else { return false }  // offsets in the buffer are Int32
    func run(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) -> Bool {
        var c = FastCanonicalizer(input: input, end: end, dst: buffer, capacity: capacity,
                                  dropFragment: plan.dropFragment, keepHashbang: plan.keepHashbang,
                                  sortQuery: plan.sortQuery, tracking: plan.activeTracking?.table,
                                  classes: FastByteClasses.shared)
        if plan.hasRulePairs {
            c.rulePairs = plan
            c.rulePairLengths = plan.rulePairLengths
        }
        guard c.run(from: start, base: fastBase) else { return false }
        let href = UnsafeBufferPointer(start: buffer, count: c.w)
        rulesMayApply = plan.rules.matchKey || (c.sawSemicolon && !plan.rules.pathParameters.isEmpty)
            || c.sawRulePair
            || (c.keptQuery && plan.hasHostRules
                && plan.hostHasRule(UnsafeBufferPointer(start: buffer + c.hostFrom, count: c.hostTo - c.hostFrom)))
        out.append(contentsOf: href)
        return true
    }
    // Typical links fit a kilobyte on the stack; a longer one gets twice its
    // bound on the heap (room to reorder the query). Each step checks its
    // room and declines without it.
    if need <= 1024 {
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { run($0.baseAddress!, 1024) }
    }
    let heap = UnsafeMutablePointer<UInt8>.allocate(capacity: 2 * need)
    defer { heap.deallocate() }
    return run(heap, 2 * need)
}

/// The fast path of the basic URL parser: appends the href of `input`
/// (valid UTF-8) as `parseURLRecord` + `href` write it (escapes, query and
/// fragment as written) to `out` and returns true, or returns false with
/// `out` unchanged when the input needs the full parser (as
/// ``appendFastCanonicalHref(_:base:plan:to:)`` declines, and also against
/// a base with credentials or an IP address). The href's components lie
/// where ``fastHrefSpans(_:)`` finds them.
func appendFastParsedHref(_ input: UnsafeBufferPointer<UInt8>, base fastBase: FastURLBase?,
                          to out: inout [UInt8]) -> Bool {
    var start = 0
    var end = input.count
    while start < end, input[start] <= 0x20 { start += 1 }
    while end > start, input[end - 1] <= 0x20 { end -= 1 }
    var need = 3 * (end - start) + 64
    if let fastBase {
        need += fastBase.origin.count + fastBase.rawPath.count + (fastBase.query?.count ?? 0)
    }
    guard need < 1 << 28 else { return false }
    func run(_ buffer: UnsafeMutablePointer<UInt8>, _ capacity: Int) -> Bool {
        var c = FastCanonicalizer(input: input, end: end, dst: buffer, capacity: capacity, dropFragment: false,
                                  keepHashbang: true, sortQuery: false, tracking: nil,
                                  classes: FastByteClasses.shared, preserve: true)
        guard c.run(from: start, base: fastBase) else { return false }
        out.append(contentsOf: UnsafeBufferPointer(start: buffer, count: c.w))
        return true
    }
    if need <= 1024 {
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { run($0.baseAddress!, 1024) }
    }
    let heap = UnsafeMutablePointer<UInt8>.allocate(capacity: need)
    defer { heap.deallocate() }
    return run(heap, need)
}

/// The components' ranges (as ``URLRecord/hrefWithSpans()`` gives them) in
/// an href that ``appendFastParsedHref(_:base:to:)`` wrote:
/// "scheme://host[:port]/path[?query][#fragment]", a domain host, no
/// credentials.
func fastHrefSpans(_ h: UnsafeBufferPointer<UInt8>) -> URLSpans {
    var s = URLSpans()
    let n = h.count
    var i = 0
    while i < n, h[i] != 0x3A { i += 1 }
    s.ranges[1] = (0, i + 1)
    let hostStart = i + 3
    s.ranges[2] = (hostStart, hostStart)
    s.ranges[3] = (hostStart, hostStart)
    var k = hostStart
    while k < n, h[k] != 0x3A, h[k] != 0x2F { k += 1 }
    s.ranges[5] = (hostStart, k)
    s.ranges[6] = (k, k)
    if k < n, h[k] == 0x3A {
        k += 1
        let portStart = k
        while k < n, h[k] != 0x2F { k += 1 }
        s.ranges[6] = (portStart, k)
    }
    s.ranges[4] = (hostStart, k)
    let pathStart = k
    while k < n, h[k] != 0x3F, h[k] != 0x23 { k += 1 }
    s.ranges[7] = (pathStart, k)
    s.ranges[8] = (k, k)
    if k < n, h[k] == 0x3F {
        let q = k
        k += 1
        while k < n, h[k] != 0x23 { k += 1 }
        if k > q + 1 { s.ranges[8] = (q, k) }
    }
    s.ranges[9] = (k, k)
    if k + 1 < n { s.ranges[9] = (k, n) }
    s.ranges[0] = (0, n)
    return s
}

/// The record of an absolute URL (valid UTF-8), through the fast path when
/// it takes the URL (then the record built from its href, which the parser
/// gives too), else the full parser.
func parseAbsoluteURLRecord(_ bytes: UnsafeBufferPointer<UInt8>) throws(GalleyError) -> URLRecord {
    var href: [UInt8] = []
    if appendFastParsedHref(bytes, base: nil, to: &href), let record = href.withUnsafeBufferPointer(recordOfFastHref) {
        return record
    }
    return try parseURLRecord(String(decoding: bytes, as: UTF8.self), base: nil)
}

// MARK: - One URL

/// ``canonicalURL(_:base:options:)`` through the fast path: the canonical
/// URL of `input` against the parsed `base`, or nil when the fast path
/// declines or its href names credentials or an IP address (which the
/// record built here does not represent).
func fastCanonicalURL(_ input: String, base: URLRecord?, plan: CanonicalizationPlan) -> WebURL? {
    let fastBase = base.flatMap(FastURLBase.init)
    var href: [UInt8] = []
    var text = input
    guard text.withUTF8({ appendFastCanonicalHref($0, base: fastBase, plan: plan, to: &href) }) else { return nil }
    return href.withUnsafeBufferPointer(recordOfFastHref).map(WebURL.init(record:))
}

/// The URL record of an href the fast path wrote, "scheme://host[:port]/path
/// [?query][#fragment]" with a domain host; nil when the authority holds
/// anything else (credentials or an IP address from the base).
func recordOfFastHref(_ h: UnsafeBufferPointer<UInt8>) -> URLRecord? {
    func text(_ a: Int, _ b: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: h[a..<b]), as: UTF8.self) }
    // "scheme://" (an href of the parser's route may have no authority).
    guard let colon = h.firstIndex(of: 0x3A), colon + 2 < h.count, h[colon + 1] == 0x2F, h[colon + 2] == 0x2F,
          specialSchemeDefaultPort(String(decoding: UnsafeBufferPointer(rebasing: h[..<colon]), as: UTF8.self)) != nil
    else { return nil }
    var url = URLRecord()
    url.scheme = text(0, colon)
    // The authority: a domain and, when it is not the default, the port.
    let hostStart = colon + 3
    var i = hostStart
    while i < h.count, isPlainHostByte(h[i]) { i += 1 }
    let hostEnd = i
    guard hostEnd > hostStart else { return nil }
    // A host that ends in a number (one trailing "." aside) is an IPv4 address.
    var last = hostEnd
    if h[last - 1] == 0x2E { last -= 1 }
    var labelStart = last
    while labelStart > hostStart, h[labelStart - 1] != 0x2E { labelStart -= 1 }
    if labelStart < last, h[labelStart] >= 0x30 && h[labelStart] <= 0x39 { return nil }
    url.host = .domain(text(hostStart, hostEnd))
    if i < h.count, h[i] == 0x3A {
        var port = 0
        i += 1
        while i < h.count, h[i] >= 0x30 && h[i] <= 0x39 {
            port = port * 10 + Int(h[i] - 0x30)
            // Not a port: the digits of a password ("http://u:123…@host/"),
            // which the full parser reads.
            if port > 65535 { return nil }
            i += 1
        }
        url.port = port
    }
    // Then the path, which always starts with "/" ("@" of credentials ends up here).
    guard i < h.count, h[i] == 0x2F else { return nil }
    // Path segments, each after its "/"; then "?" and "#" (never inside a
    // segment or the query: the fast path escapes them).
    var segmentStart = i + 1
    i += 1
    while i < h.count, h[i] != 0x3F, h[i] != 0x23 {
        if h[i] == 0x2F {
            url.path.append(text(segmentStart, i))
            segmentStart = i + 1
        }
        i += 1
    }
    url.path.append(text(segmentStart, i))
    if i < h.count, h[i] == 0x3F {
        let queryStart = i + 1
        while i < h.count, h[i] != 0x23 { i += 1 }
        url.query = text(queryStart, i)
    }
    if i < h.count { url.fragment = text(i + 1, h.count) }
    return url
}
