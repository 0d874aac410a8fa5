// The rules of the canonical URL and the match key that work on the
// serialized href rather than on the parse: query pairs dropped by their
// value ("outputType=amp") or by their host ("s" on x.com), session ids in
// the path (";jsessionid=…"), and the match key's folds (http → https,
// "www."/"m."/"mobile."/"amp." hosts, AMP paths and caches, the trailing
// slash and host dot). Both the full parser and the fast path produce the
// same canonical href first (URLFastPath.swift), so running these rules on
// that href once keeps the two routes equal by construction.
//
// The two strengths:
// - The canonical URL (``canonicalURL(_:base:options:)``) only drops what
//   never names a different page: it is safe to fetch and never merges two
//   pages a server tells apart (tracking and session parameters go, "#!"
//   routes stay).
// - The match key (``linkKey(_:base:options:)``) is for deciding that two
//   links point at the same story. It also folds what is almost always the
//   same article served another way, at the cost of merging the rare site
//   whose "www." host, "m." host or "/amp" path shows something else.
//
// Both are idempotent: the result of either, run again through the same
// function, comes back unchanged (tested over urltestdata and generated
// links).

/// The match key of a link: its canonical URL (``canonicalURL(_:base:options:)``)
/// with the forms that serve the same article folded, for deduplicating
/// links to the same story:
///
/// - "http" becomes "https" (an explicit ":443" then goes);
/// - the host loses its trailing dots and, while something with a dot remains,
///   a leading "www.", "m.", "mobile." or "amp." label;
/// - AMP: a path segment "amp" is dropped anywhere ("/amp/story",
///   "/story/amp"), the last segment loses ".amp" before ".html"/".htm" or at
///   its end; the query loses "amp", "amp_js_v", "amp_gsa", "amp_r", "usqp"
///   and "outputType" with any value; an AMP cache URL
///   ("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a")
///   and Google's AMP viewer ("https://www.google.com/amp/s/example.com/a")
///   become the key of the page they serve;
/// - trailing slashes go ("/a/b/" → "/a/b"; the root stays "/").
///
/// ```swift
/// try linkKey("http://m.example.com/world/story-123/amp/?utm_source=tw").href
/// // "https://example.com/world/story-123"
/// ```
///
/// A key is a URL and parses, but it is for comparing, not fetching. The key
/// of a key is itself. `options` are the canonical URL's (``matchKey`` is set).
///
/// - Throws: as ``canonicalURL(_:base:options:)``.
public func linkKey(_ input: String, base: String? = nil,
                    options: CanonicalizationOptions = .matchKey) throws(GalleyError) -> WebURL {
    var o = options
    o.matchKey = true
    return try canonicalURL(input, base: base, options: o)
}

// MARK: - The compiled rules

/// The href rules of ``CanonicalizationOptions``, compiled once.
struct HrefRules: Sendable {
    /// "name=value" entries of `trackingParameters`, ASCII lower-cased.
    let pairs: [[UInt8]]
    /// The "=value" end of each of `pairs` (for the quick scan).
    let pairValues: [[UInt8]]
    /// Host rules: hosts and names, ASCII lower-cased.
    let hostRules: [(hosts: [[UInt8]], names: [[UInt8]])]
    /// Session path parameter names, lower-cased, each with "=" appended.
    let pathParameters: [[UInt8]]
    let matchKey: Bool

    init(_ options: CanonicalizationOptions) {
        func lower(_ s: String) -> [UInt8] { s.utf8.map(asciiLowerByte) }
        pairs = options.trackingParameters.filter { $0.utf8.contains(0x3D) }.map(lower)
        pairValues = pairs.map { Array($0[$0.firstIndex(of: 0x3D)!...]) }
        hostRules = options.hostTrackingParameters.map { ($0.hosts.map(lower), $0.parameters.map(lower)) }
        pathParameters = options.sessionPathParameters.filter { !$0.isEmpty }.map { lower($0) + [0x3D] }
        matchKey = options.matchKey
    }

    /// Whether any rule can change an href.
    var isEmpty: Bool { pairs.isEmpty && hostRules.isEmpty && pathParameters.isEmpty && !matchKey }
}

@inline(__always)
func asciiLowerByte(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

@inline(__always)
private func equalsLower(_ a: ArraySlice<UInt8>, _ lowered: [UInt8]) -> Bool {
    guard a.count == lowered.count else { return false }
    var k = 0
    for b in a {
        if asciiLowerByte(b) != lowered[k] { return false }
        k += 1
    }
    return true
}

@inline(__always)
private func startsWithLower(_ a: ArraySlice<UInt8>, _ lowered: [UInt8]) -> Bool {
    guard a.count >= lowered.count else { return false }
    return equalsLower(a.prefix(lowered.count), lowered)
}

private let keyQueryNames: [[UInt8]] = ["amp", "amp_js_v", "amp_gsa", "amp_r", "usqp", "outputtype"].map { Array($0.utf8) }
private let ampSuffixes: [[UInt8]] = [".amp.html", ".amp.htm", ".amp"].map { Array($0.utf8) }
private let keyHostPrefixes: [[UInt8]] = ["www.", "m.", "mobile.", "amp."].map { Array($0.utf8) }

// MARK: - The href, in parts

/// A canonical href with an authority ("scheme://…"), cut into its parts.
/// The href is ASCII (the serializer percent-encodes everything else).
private struct HrefParts {
    var scheme: ArraySlice<UInt8>
    /// "user:pass@" or empty.
    var userinfo: ArraySlice<UInt8>
    var host: [UInt8]
    /// ":port" or empty.
    var port: ArraySlice<UInt8>
    /// The path's segments, each without its leading "/".
    var segments: [ArraySlice<UInt8>]
    /// The query's pairs (no "&"); nil without a query.
    var pairs: [ArraySlice<UInt8>]?
    /// "#…" or empty.
    var fragment: ArraySlice<UInt8>

    /// Nil for an href without "//" after the scheme (opaque paths, and
    /// "web+demo:/.//x").
    init?(_ h: ArraySlice<UInt8>) {
        guard let colon = h.firstIndex(of: 0x3A) else { return nil }
        let a = colon + 1
        guard h.endIndex - a >= 2, h[a] == 0x2F, h[a + 1] == 0x2F else { return nil }
        scheme = h[h.startIndex ..< colon]
        var i = a + 2
        let authorityStart = i
        while i < h.endIndex, h[i] != 0x2F, h[i] != 0x3F, h[i] != 0x23 { i += 1 }
        let authority = h[authorityStart ..< i]
        let hostStart = (authority.lastIndex(of: 0x40).map { $0 + 1 }) ?? authorityStart
        userinfo = h[authorityStart ..< hostStart]
        var hostEnd = hostStart
        if hostStart < i, h[hostStart] == 0x5B {  // "[" IPv6
            while hostEnd < i, h[hostEnd] != 0x5D { hostEnd += 1 }
            if hostEnd < i { hostEnd += 1 }
        } else {
            while hostEnd < i, h[hostEnd] != 0x3A { hostEnd += 1 }
        }
        host = Array(h[hostStart ..< hostEnd])
        port = h[hostEnd ..< i]
        var pathEnd = i
        while pathEnd < h.endIndex, h[pathEnd] != 0x3F, h[pathEnd] != 0x23 { pathEnd += 1 }
        segments = []
        if i < pathEnd {
            // Starts with "/".
            segments = h[(i + 1) ..< pathEnd].split(separator: 0x2F, omittingEmptySubsequences: false)
        }
        i = pathEnd
        pairs = nil
        if i < h.endIndex, h[i] == 0x3F {
            var q = i + 1
            while q < h.endIndex, h[q] != 0x23 { q += 1 }
            pairs = h[(i + 1) ..< q].split(separator: 0x26, omittingEmptySubsequences: false)
            i = q
        }
        fragment = h[i...]
    }

    var serialized: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(scheme.count + host.count + 64)
        out += scheme
        out += [0x3A, 0x2F, 0x2F]
        out += userinfo
        out += host
        out += port
        for s in segments {
            out.append(0x2F)
            out += s
        }
        if let pairs, !pairs.isEmpty {
            out.append(0x3F)
            for (k, p) in pairs.enumerated() {
                if k > 0 { out.append(0x26) }
                out += p
            }
        }
        out += fragment
        return out
    }
}

/// The name of a query pair (up to its first "=").
@inline(__always)
private func pairName(_ p: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
    p[p.startIndex ..< (p.firstIndex(of: 0x3D) ?? p.endIndex)]
}

/// Whether `host` is `rule` or a subdomain of it.
private func hostMatches(_ host: [UInt8], _ rule: [UInt8]) -> Bool {
    if host == rule { return true }
    guard host.count > rule.count, host[host.count - rule.count - 1] == 0x2E else { return false }
    return host.suffix(rule.count).elementsEqual(rule)
}

/// "." or "..": a segment that removing bytes must not produce, since a
/// reparse would resolve it.
private func isDotSegment(_ s: ArraySlice<UInt8>) -> Bool {
    !s.isEmpty && s.count <= 2 && s.allSatisfy { $0 == 0x2E }
}

private func hasSuffix(_ a: [UInt8], _ suffix: String) -> Bool {
    let b = Array(suffix.utf8)
    return a.count >= b.count && Array(a.suffix(b.count)) == b
}

// MARK: - Applying them

/// Applies `rules` to the canonical href at `out[start...]` (written by the
/// parser route or the fast path), in place. `reparse` canonicalizes another
/// URL with the same plan (for AMP cache URLs); it is not escaping, so that
/// calling this costs no closure context on the heap.
func applyHrefRules(_ out: inout [UInt8], from start: Int, rules: HrefRules,
                    reparse: (ArraySlice<UInt8>) -> [UInt8]?) {
    guard !rules.isEmpty, rules.matchKey || hrefRulesMayApply(out, from: start, rules) else { return }
    // The parts slice a copy of the href: slices of `out` itself would make
    // the replacement below copy all of `out` (a whole batch's text).
    let href = Array(out[start...])
    guard var parts = HrefParts(href[...]) else { return }
    var changed = false

    // ";jsessionid=…" at the end of a path segment (up to the next ";").
    if !rules.pathParameters.isEmpty {
        for (k, segment) in parts.segments.enumerated() where segment.contains(0x3B) {
            // The segment's pieces: the text before the first ";", then
            // each ";name=value".
            var kept: [UInt8] = []
            var i = segment.startIndex
            var dropped = false
            while i < segment.endIndex {
                var j = i + 1
                while j < segment.endIndex, segment[j] != 0x3B { j += 1 }
                let piece = segment[i ..< j]
                if piece.first == 0x3B, rules.pathParameters.contains(where: { startsWithLower(piece.dropFirst(), $0) }) {
                    dropped = true
                } else {
                    kept += piece
                }
                i = j
            }
            if dropped, !isDotSegment(kept[...]) {
                parts.segments[k] = kept[...]
                changed = true
            }
        }
    }

    // Query pairs dropped by value, or by host.
    if let pairs = parts.pairs {
        let hostNames = rules.hostRules.filter { $0.hosts.contains { hostMatches(parts.host, $0) } }.flatMap(\.names)
        let names = rules.matchKey ? hostNames + keyQueryNames : hostNames
        if !names.isEmpty || !rules.pairs.isEmpty {
            let kept = pairs.filter { p in
                if rules.pairs.contains(where: { equalsLower(p, $0) }) { return false }
                let name = pairName(p)
                return !names.contains { equalsLower(name, $0) }
            }
            if kept.count != pairs.count {
                parts.pairs = kept
                changed = true
            }
        }
    }

    if rules.matchKey, equalsLower(parts.scheme, Array("http".utf8)) || equalsLower(parts.scheme, Array("https".utf8)) {
        if foldForKey(&parts, reparse: reparse, into: &out, from: start) { return }
        changed = true
    }
    if changed {
        out.replaceSubrange(start..., with: parts.serialized)
    }
}

/// The match key's folds. Returns true when it replaced `out[start...]`
/// itself (an AMP cache URL: the key of the page it serves).
private func foldForKey(_ parts: inout HrefParts, reparse: (ArraySlice<UInt8>) -> [UInt8]?,
                        into out: inout [UInt8], from start: Int) -> Bool {
    // The host: a trailing dot, then the prefixes while a dotted name remains.
    var host = parts.host
    while host.last == 0x2E, host.count > 1 { host.removeLast() }
    // Unless the last label would then look like a number ("foo.09.." →
    // "foo.09"), which the parser reads as an IPv4 address and rejects.
    let lastLabel = host.split(separator: 0x2E, omittingEmptySubsequences: false).last ?? []
    if !(lastLabel.first.map { $0 >= 0x30 && $0 <= 0x39 } ?? false) { parts.host = host }
    // Prefixes are skipped by index and cut once: removing them one by one
    // would move the rest of the host each time (quadratic in a host of
    // many "www." labels).
    var skipped = 0
    var folding = true
    while folding {
        folding = false
        let remaining = parts.host[(parts.host.startIndex + skipped)...]
        for p in keyHostPrefixes where remaining.count > p.count && remaining.starts(with: p) {
            let rest = remaining.dropFirst(p.count)
            if let dot = rest.firstIndex(of: 0x2E), dot > rest.startIndex, dot < rest.endIndex - 1 {
                skipped += p.count
                folding = true
                break
            }
        }
    }
    if skipped > 0 { parts.host.removeFirst(skipped) }

    // An AMP cache or Google's AMP viewer: the page it serves.
    do {
        let s = parts.segments
        var origin: Int? = nil
        let cache = parts.host == Array("cdn.ampproject.org".utf8) || hasSuffix(parts.host, ".cdn.ampproject.org")
        if cache, s.count >= 3, s[0].count == 1, [0x63, 0x76, 0x69].contains(s[0].first!) { origin = 1 }  // c v i
        if parts.host == Array("google.com".utf8), s.count >= 3, equalsLower(s[0], Array("amp".utf8)) { origin = 1 }
        if var k = origin {
            var inner: [UInt8] = Array("http".utf8)
            if s[k].elementsEqual([0x73]) {  // "s": https
                inner.append(0x73)
                k += 1
            }
            if k < s.count, !s[k].isEmpty {
                inner += Array("://".utf8)
                for (n, segment) in s[k...].enumerated() {
                    if n > 0 { inner.append(0x2F) }
                    inner += segment
                }
                if let pairs = parts.pairs, !pairs.isEmpty {
                    inner.append(0x3F)
                    inner += Array(pairs.joined(separator: [0x26]))
                }
                inner += parts.fragment
                if let key = reparse(inner[...]) {
                    out.replaceSubrange(start..., with: key)
                    return true
                }
            }
        }
    }

    // http → https; ":443" is then the default.
    if parts.scheme.count == 4 {
        parts.scheme = Array("https".utf8)[...]
        if parts.port.elementsEqual(Array(":443".utf8)) { parts.port = [][...] }
    }

    // The path, to a fixed point: "amp" segments, ".amp" suffixes, trailing slashes.
    let amp = Array("amp".utf8)
    var segments = parts.segments
    var again = true
    while again {
        again = false
        let before = segments.count
        segments.removeAll { equalsLower($0, amp) }
        while let last = segments.last, last.isEmpty, segments.count > 0 { segments.removeLast() }
        if segments.count != before { again = true }
        if let last = segments.last {
            for suffix in ampSuffixes
            where last.count > suffix.count && equalsLower(last.suffix(suffix.count), suffix) {
                var folded = Array(last.dropLast(suffix.count))
                if suffix.count > 4 { folded += suffix.suffix(suffix.count - 4) }  // ".html" / ".htm"
                if !folded.isEmpty, !isDotSegment(folded[...]) {
                    segments[segments.count - 1] = folded[...]
                    again = true
                }
                break
            }
        }
    }
    if segments.isEmpty { segments = [[][...]] }  // the root, "/"
    parts.segments = segments
    return false
}

/// Whether the canonical URL's href rules (not the match key's) can change
/// the href at `h[start...]`: a quick scan without allocating, so that the
/// common link (no ";" in the path, no "=amp" in the query, a host without
/// share rules) costs one pass over its bytes.
private func hrefRulesMayApply(_ href: [UInt8], from start: Int, _ rules: HrefRules) -> Bool {
    href.withUnsafeBufferPointer { all in
        hrefRulesMayApply(UnsafeBufferPointer(rebasing: all[start...]), rules)
    }
}

/// ``hrefRulesMayApply(_:from:_:)`` on the href's bytes, read through a
/// pointer.
private func hrefRulesMayApply(_ h: UnsafeBufferPointer<UInt8>, _ rules: HrefRules) -> Bool {
    guard let p = h.baseAddress else { return false }
    var hostHasRule = false
    let n = h.count
    var i = 0
    while i < n, p[i] != 0x3A { i &+= 1 }
    guard i + 2 < n, p[i + 1] == 0x2F, p[i + 2] == 0x2F else { return false }
    i &+= 3
    var hostStart = i
    while i < n {
        let b = p[i]
        if b == 0x2F || b == 0x3F || b == 0x23 { break }
        if b == 0x40 { hostStart = i &+ 1 }
        i &+= 1
    }
    var hostEnd = hostStart
    while hostEnd < i, p[hostEnd] != 0x3A { hostEnd &+= 1 }
    if !rules.hostRules.isEmpty {
        let host = UnsafeBufferPointer(start: p + hostStart, count: hostEnd - hostStart)
        hostHasRule = rules.hostRules.contains { $0.hosts.contains { hostMatches(host, $0) } }
    }
    var semicolon = false
    while i < n {
        let b = p[i]
        if b == 0x3F || b == 0x23 { break }
        if b == 0x3B { semicolon = true }
        i &+= 1
    }
    if semicolon, !rules.pathParameters.isEmpty { return true }
    guard i < n, p[i] == 0x3F else { return false }
    var queryEnd = i + 1
    while queryEnd < n, p[queryEnd] != 0x23 { queryEnd &+= 1 }
    // A "name=value" entry: its "=value" somewhere in the query (every
    // value starts with "=", so only those bytes are tried).
    if !rules.pairValues.isEmpty {
        var k = i + 1
        while k < queryEnd {
            if p[k] == 0x3D {
                for value in rules.pairValues where k + value.count <= queryEnd
                    && equalsLower(p + k, value) { return true }
            }
            k &+= 1
        }
    }
    return hostHasRule
}

/// Whether the `lowered.count` bytes at `a` are `lowered` (ASCII lower-case)
/// in any ASCII case.
@inline(__always)
private func equalsLower(_ a: UnsafePointer<UInt8>, _ lowered: [UInt8]) -> Bool {
    lowered.withUnsafeBufferPointer { l in
        for k in 0..<l.count where asciiLowerByte(a[k]) != l[k] { return false }
        return true
    }
}

/// ``hostMatches(_:_:)`` on bytes read through a pointer.
private func hostMatches(_ host: UnsafeBufferPointer<UInt8>, _ rule: [UInt8]) -> Bool {
    let m = rule.count
    guard host.count == m || (host.count > m && host[host.count - m - 1] == 0x2E) else { return false }
    return rule.withUnsafeBufferPointer { r in
        let tail = host.count - m
        for k in 0..<m where host[tail + k] != r[k] { return false }
        return true
    }
}
