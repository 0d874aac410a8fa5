// A canonical form of a parsed link, for deduplicating the links Galley
// finds in scraped pages: "https://News.Example.com/a?utm_source=x&b=1#top"
// and "https://news.example.com/a?b=1" name the same article.

/// What ``canonicalURL(_:base:options:)`` changes beyond the WHATWG parse
/// (which already lower-cases and IDNA-converts hosts, drops the special
/// schemes' default ports and resolves dot segments).
///
/// Always done, whatever the options: in the path and the query, a
/// percent-escape of an unreserved character (ASCII letters and digits,
/// "-", ".", "_", "~") is decoded, every other escape gets upper-case hex,
/// and a "%" that starts no escape becomes "%25"; empty query pairs
/// ("a=1&&b=2") are dropped, and a query left empty loses its "?". The
/// username, password, host and fragment are left as they are, and so is
/// the case of the path.
public struct CanonicalizationOptions: Sendable {
    /// Drop the fragment ("#…").
    public var dropFragment = true

    /// Query parameters to drop. Each entry is an exact name ("fbclid"), a
    /// prefix ending in "*" ("utm_*"), or a name and value ("outputType=amp":
    /// that pair only). Names and prefixes match case-insensitively (ASCII)
    /// against the percent-decoded name, with "+" read as a space; a
    /// name=value entry matches the escape-normalized pair, ASCII
    /// case-insensitively. Empty to keep every parameter.
    public var trackingParameters: [String] = CanonicalizationOptions.defaultTrackingParameters

    /// Sort the remaining query parameters by name (by the bytes of the
    /// escape-normalized name; equal names keep their order).
    public var sortQuery = true

    /// Keep a fragment that starts with "!" even when ``dropFragment`` is
    /// set: a hashbang route ("/#!/article/123") names a page of a
    /// single-page site, so dropping it would merge different pages.
    public var keepHashbangFragments = true

    /// Query parameters dropped only on some hosts, where they are known to
    /// be share tracking ("s" and "t" on x.com and twitter.com) while other
    /// sites use the same name for content. See ``HostTrackingRule``.
    public var hostTrackingParameters: [HostTrackingRule] = CanonicalizationOptions.defaultHostTrackingParameters

    /// Session ids carried as a path parameter (";jsessionid=…" at the end
    /// of a path segment), dropped with their ";". Names match
    /// case-insensitively (ASCII). Empty to keep them.
    public var sessionPathParameters: [String] = CanonicalizationOptions.defaultSessionPathParameters

    /// The match key (``linkKey(_:base:options:)``) instead of the canonical
    /// URL: also folds "http" into "https", "www."/"m."/"mobile."/"amp."
    /// hosts, AMP forms, a trailing slash and a trailing host dot. May merge
    /// two URLs a server treats as different; never use it to fetch.
    public var matchKey = false

    public init() {}

    /// The options of the match key: the defaults with ``matchKey`` set.
    public static var matchKey: CanonicalizationOptions {
        var o = CanonicalizationOptions()
        o.matchKey = true
        return o
    }

    /// Parameters that only identify a click, a campaign, a mail recipient
    /// or a visitor, never what the page shows. Drawn from the lists of
    /// Brave's query filter, Firefox's query stripping and the ad networks'
    /// own documentation; generic names that sites use for content ("ref",
    /// "id", "source", "page", "si", "spm") are deliberately absent.
    public static let defaultTrackingParameters: [String] = [
        // Campaign tagging: Google Analytics (UTM), Matomo / Piwik.
        "utm_*", "mtm_*", "pk_campaign", "pk_kwd", "pk_source", "pk_medium", "pk_content", "pk_cid",
        // Google: Ads click ids, Analytics linker, Shopping.
        "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "gad_source", "_ga", "_gl", "srsltid",
        // Meta (Facebook, Instagram).
        "fbclid", "fb_action_ids", "fb_action_types", "igshid",
        // Microsoft, Yandex, X/Twitter, TikTok, LinkedIn, Pinterest.
        "msclkid", "yclid", "ymclid", "ysclid", "twclid", "ref_src", "ttclid", "li_fat_id", "epik",
        // Mailchimp, Marketo, HubSpot, Olytics, Vero, Klaviyo, MailerLite,
        // Blueshift, Acoustic, Omeda, Sailthru-style and other mail tools.
        "mc_cid", "mc_eid", "mkt_tok", "_hsenc", "_hsmi", "__hsfp", "__hssc", "__hstc", "hsCtaTracking",
        "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "_kx", "ml_subscriber", "ml_subscriber_hash",
        "bsft_clkid", "bsft_uid", "ss_email_id", "et_rid", "bbeml", "at_recipient_id", "at_recipient_list",
        "oft_c", "oft_ck", "oft_d", "oft_id", "oft_ids", "oft_k", "oft_lk", "oft_sk", "vgo_ee",
        // Affiliate and attribution networks.
        "rb_clickid", "s_cid", "irclickid", "wickedid", "unicorn_click_id", "_bhlid",
        "_branch_match_id", "_branch_referrer", "_openstat", "__s",
        // Yahoo consent redirects.
        "guce_referrer", "guce_referrer_sig",
        // News sites' own campaign and referral tags: the Guardian (CMP),
        // the New York Times (smid, smtyp, partner, emc), the BBC and other
        // AT Internet / Piano users (at_medium, at_campaign, … and xtor),
        // comScore (ns_mchannel, ns_source, …), MSN (ocid, and cvid, a Bing
        // conversation id), and the
        // Washington Post's AMP switch (the same article, another template).
        "cmp", "smid", "smtyp", "partner", "emc", "at_*", "ns_*", "xtor", "ocid", "cvid", "outputtype=amp",
        // Session ids: a visitor, never a page.
        "phpsessid", "sid", "jsessionid",
    ]

    /// Share tracking that only some hosts use under a generic name.
    public static let defaultHostTrackingParameters: [HostTrackingRule] = [
        // X / Twitter share links: "?s=20&t=…" (the client and a share token).
        HostTrackingRule(hosts: ["x.com", "twitter.com"], parameters: ["s", "t"]),
    ]
}

/// Query parameters dropped only on some hosts (see
/// ``CanonicalizationOptions/hostTrackingParameters``).
public struct HostTrackingRule: Sendable, Equatable {
    /// Hosts (ASCII, lower-case, Punycode for IDNs) the rule applies to,
    /// each with all its subdomains: "x.com" also covers "mobile.x.com".
    public var hosts: [String]
    /// Exact parameter names, matched case-insensitively (ASCII) against
    /// the escape-normalized name.
    public var parameters: [String]

    public init(hosts: [String], parameters: [String]) {
        self.hosts = hosts
        self.parameters = parameters
    }
}

/// Parses `input` (relative to `base` when given, e.g. the article's URL)
/// and returns its canonical form (see ``CanonicalizationOptions``); the
/// result's `href` is the canonical string.
///
/// ```swift
/// let url = try canonicalURL("../a?utm_source=rss&b=%7e1#x", base: "https://News.Example.com/x/y/z")
/// url.href  // "https://news.example.com/x/a?b=~1"
/// ```
///
/// Canonicalizing a canonical URL returns it unchanged.
///
/// - Throws: `GalleyError.invalidArgument` when `input` or `base` fails to
///   parse (as ``WebURL/init(parsing:base:)``).
public func canonicalURL(
    _ input: String, base: String? = nil, options: CanonicalizationOptions = .init()
) throws(GalleyError) -> WebURL {
    var baseRecord: URLRecord? = nil
    if let base {
        do {
            baseRecord = try parseURLRecord(base, base: nil)
        } catch .invalidArgument(let reason) {
            throw .invalidArgument("base URL: " + reason)
        }
    }
    let plan = CanonicalizationPlan(options)
    var href: [UInt8] = []
    var text = input
    let base = baseRecord.map(CanonicalBase.init(record:))
    try text.withUTF8 { bytes in
        Result { () throws(GalleyError) in try appendCanonicalHref(bytes, base: base, plan: plan, to: &href) }
    }.get()
    if let record = href.withUnsafeBufferPointer(recordOfFastHref) { return WebURL(record: record) }
    // Credentials, an IP address, an opaque path, a non-special scheme: the
    // parser reads the canonical href back (it reparses to itself).
    return WebURL(record: try parseURLRecord(String(decoding: href, as: UTF8.self), base: nil))
}

extension WebURL {
    /// This URL's canonical form (see ``canonicalURL(_:base:options:)``).
    public func canonicalized(options: CanonicalizationOptions = .init()) -> WebURL {
        (try? canonicalURL(href, options: options)) ?? self
    }
}

func canonicalize(_ url: inout URLRecord, _ options: CanonicalizationOptions) {
    if options.dropFragment, !(options.keepHashbangFragments && url.fragment?.utf8.first == 0x21) {  // "!"
        url.fragment = nil
    }
    if let opaque = url.opaquePath {
        url.opaquePath = normalizePercentEscapes(opaque)
    } else {
        let first = url.path.first
        url.path = url.path.map(normalizePercentEscapes)
        // "file:/%43|": decoding "%43" would make "C|" a Windows drive
        // letter, which a reparse turns into "C:". Keep the letter escaped.
        if url.scheme == "file", let first, let now = url.path.first, first != now,
           isWindowsDriveLetter(now.unicodeScalars) {
            let letter = now.utf8.first!
            url.path[0] = "%" + String(decoding: [upperHex[Int(letter >> 4)], upperHex[Int(letter & 15)]], as: UTF8.self)
                + String(now.unicodeScalars.dropFirst())
        }
    }
    if let query = url.query {
        let q = canonicalQuery(query, options)
        url.query = q.isEmpty ? nil : q
    }
}

// MARK: - Query

private func canonicalQuery(_ query: String, _ options: CanonicalizationOptions) -> String {
    // "name=value" entries are matched on the href (LinkKey.swift).
    let matchers = options.trackingParameters.filter { !$0.utf8.contains(0x3D) }.map(TrackingMatcher.init)
    var pairs: [(name: [UInt8], pair: String)] = []
    for raw in query.utf8.split(separator: 0x26, omittingEmptySubsequences: true) {  // "&"
        let pair = normalizePercentEscapes(Substring(raw))
        let name = Array(pair.utf8.prefix { $0 != 0x3D })  // up to the first "="
        if !matchers.isEmpty {
            let decoded = percentDecodedName(name)
            if matchers.contains(where: { $0.matches(decoded) }) { continue }
        }
        pairs.append((name, pair))
    }
    if options.sortQuery {
        // Stable: equal names keep their order (ties broken by position).
        let order = pairs.indices.sorted { a, b in
            let x = pairs[a].name, y = pairs[b].name
            if x != y { return x.lexicographicallyPrecedes(y) }
            return a < b
        }
        pairs = order.map { pairs[$0] }
    }
    var out = ""
    for (i, p) in pairs.enumerated() {
        if i > 0 { out += "&" }
        out += p.pair
    }
    return out
}

/// A name as application/x-www-form-urlencoded reads it ("+" is a space),
/// percent-decoded, ASCII lower-cased.
private func percentDecodedName(_ name: [UInt8]) -> [UInt8] {
    let spaced = name.map { $0 == 0x2B ? 0x20 : $0 }
    return percentDecode(String(decoding: spaced, as: UTF8.self).unicodeScalars).map(asciiLower)
}

private struct TrackingMatcher {
    let bytes: [UInt8]
    let isPrefix: Bool

    init(_ entry: String) {
        var b = Array(entry.utf8).map(asciiLower)
        isPrefix = b.last == 0x2A  // "*"
        if isPrefix { b.removeLast() }
        bytes = b
    }

    func matches(_ name: [UInt8]) -> Bool {
        isPrefix ? name.starts(with: bytes) : name == bytes
    }
}

@inline(__always)
private func asciiLower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

// MARK: - Percent-escapes

private let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

/// ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 3986 unreserved).
@inline(__always)
private func isUnreserved(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
        || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
}

/// Decodes the escapes of unreserved characters, upper-cases the hex of the
/// others, and escapes a "%" that starts no escape as "%25" (what a decoder
/// reads it as anyway), so that the result is stable: decoding cannot
/// create a new escape ("%%34%31" becomes "%2541", not "%41").
func normalizePercentEscapes<S: StringProtocol>(_ s: S) -> String {
    let bytes = Array(s.utf8)
    guard bytes.contains(0x25) else { return String(s) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 4)
    var i = 0
    while i < bytes.count {
        let b = bytes[i]
        guard b == 0x25 else {
            out.append(b)
            i += 1
            continue
        }
        if i + 2 < bytes.count,
           let hi = hexValue(UInt32(bytes[i + 1])), let lo = hexValue(UInt32(bytes[i + 2])) {
            let v = UInt8(hi << 4 | lo)
            if isUnreserved(v) {
                out.append(v)
            } else {
                out += [0x25, upperHex[Int(hi)], upperHex[Int(lo)]]
            }
            i += 3
        } else {
            out += [0x25, 0x32, 0x35]  // "%25"
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

// MARK: - Many URLs at once

/// A base URL parsed once, for canonicalizing many links against it. A
/// class, so that handing it to each link costs one reference; immutable.
final class CanonicalBase: Sendable {
    let record: URLRecord
    /// The same base for the fast path (URLFastPath.swift); nil when it is
    /// not a special URL with a host, so relative links take the full parser.
    let fast: FastURLBase?

    init(record: URLRecord) {
        self.record = record
        fast = FastURLBase(record)
    }

    /// Parses `bytes` (valid UTF-8) as an absolute URL.
    init(parsing bytes: UnsafeBufferPointer<UInt8>) throws(GalleyError) {
        do {
            record = try parseAbsoluteURLRecord(bytes)
        } catch .invalidArgument(let reason) {
            throw .invalidArgument("base URL: " + reason)
        }
        fast = FastURLBase(record)
    }
}

/// Canonicalization options prepared once for many URLs. A class, so that
/// passing it to the per-link functions costs one reference, not a copy of
/// every list; immutable.
final class CanonicalizationPlan: Sendable {
    let options: CanonicalizationOptions
    /// `options.trackingParameters`, compiled for the fast path.
    let tracking: CompiledTrackingList
    /// The rules applied to the href afterwards (LinkKey.swift).
    let rules: HrefRules
    // The options the fast path reads for every link, unpacked once.
    let dropFragment: Bool
    let keepHashbang: Bool
    let sortQuery: Bool
    /// `tracking`, or nil when it is empty.
    let activeTracking: CompiledTrackingList?
    /// Whether `rules` has "name=value" pairs (``isRulePair(_:_:)``).
    let hasRulePairs: Bool
    /// Bit `n % 64` set for each length n of those pairs: most pairs of a
    /// query are told apart by their length alone.
    let rulePairLengths: UInt64

    /// Whether `rules` has host rules (``hostHasRule(_:)``).
    let hasHostRules: Bool
    /// Their hosts, one after another: host i is
    /// `ruleHosts[ruleHostStarts[i] ..< ruleHostStarts[i + 1]]`.
    private let ruleHosts: [UInt8]
    private let ruleHostStarts: [Int]

    init(_ options: CanonicalizationOptions) {
        self.options = options
        tracking = CompiledTrackingList.compile(options.trackingParameters)
        rules = HrefRules(options)
        hasHostRules = !rules.hostRules.isEmpty
        var hosts: [UInt8] = []
        var starts = [0]
        for rule in rules.hostRules {
            for h in rule.hosts {
                hosts += h
                starts.append(hosts.count)
            }
        }
        ruleHosts = hosts
        ruleHostStarts = starts
        dropFragment = options.dropFragment
        keepHashbang = options.keepHashbangFragments
        sortQuery = options.sortQuery
        activeTracking = tracking.isEmpty ? nil : tracking
        hasRulePairs = !rules.pairs.isEmpty
        rulePairLengths = rules.pairs.reduce(0) { $0 | 1 << UInt64($1.count & 63) }
    }

    /// Whether a host rule names `host` (the host of a canonical href) or a
    /// domain it is under: the test ``applyHrefRules(_:from:rules:reparse:)``
    /// applies host rules by.
    func hostHasRule(_ host: UnsafeBufferPointer<UInt8>) -> Bool {
        ruleHosts.withUnsafeBufferPointer { bytes in
            ruleHostStarts.withUnsafeBufferPointer { starts in
                for i in 0 ..< starts.count - 1 {
                    let m = starts[i + 1] - starts[i]
                    guard host.count == m || (host.count > m && host[host.count - m - 1] == 0x2E) else { continue }
                    let tail = host.count - m
                    var same = true
                    for k in 0 ..< m where host[tail + k] != bytes[starts[i] + k] {
                        same = false
                        break
                    }
                    if same { return true }
                }
                return false
            }
        }
    }

    /// Whether the `n` bytes at `p` (a query pair of a canonical href) are
    /// one of the "name=value" tracking pairs, in any ASCII case: the test
    /// ``applyHrefRules(_:from:rules:reparse:)`` drops pairs by.
    func isRulePair(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        guard (rulePairLengths >> UInt64(n & 63)) & 1 != 0 else { return false }
        return rules.pairs.contains { pair in
            pair.count == n && pair.withUnsafeBufferPointer { l in
                for k in 0..<n where asciiLowerByte(p[k]) != l[k] { return false }
                return true
            }
        }
    }
}

/// Appends the canonical href of `input` (valid UTF-8), resolved against
/// `base`, to `out`. On failure `out` is left as it was and the reason is
/// thrown. The href is always ASCII.
///
/// Common links take the byte-level fast path (URLFastPath.swift); the rest,
/// and every failure, the full parser.
func appendCanonicalHref(_ input: UnsafeBufferPointer<UInt8>, base: CanonicalBase?,
                         plan: CanonicalizationPlan, to out: inout [UInt8]) throws(GalleyError) {
    let start = out.count
    // The fast path notes whether the href rules can apply; after the parser
    // they look for themselves.
    var rulesMayApply = true
    if !appendFastCanonicalHref(input, base: base?.fast, plan: plan, to: &out, rulesMayApply: &rulesMayApply) {
        var record = try parseURLRecord(String(decoding: input, as: UTF8.self), base: base?.record)
        canonicalize(&record, plan.options)
        out.append(contentsOf: record.href.utf8)
        rulesMayApply = true
    }
    guard rulesMayApply, !plan.rules.isEmpty else { return }
    applyHrefRules(&out, from: start, rules: plan.rules) { inner in
        // An AMP cache URL's page (strictly shorter than the URL: the
        // recursion ends).
        var key: [UInt8] = []
        let ok = inner.withUnsafeBufferPointer { (b) -> Bool in
            do { try appendCanonicalHref(b, base: nil, plan: plan, to: &key) } catch { return false }
            return true
        }
        return ok ? key : nil
    }
}
