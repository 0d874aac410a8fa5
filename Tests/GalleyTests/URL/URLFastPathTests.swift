import Testing
@testable import Galley

/// The byte-level fast path of URL canonicalization (URLFastPath.swift)
/// against the full parser: wherever the fast path accepts an input, its
/// href must be the one `parseURLRecord` + `canonicalize` + `href` gives,
/// and `appendCanonicalHref` must always give what the full parser gives
/// (the same href, or the same error with `out` untouched).
@Suite("URL fast path")
struct URLFastPathTests {
    // MARK: Harness

    /// The option sets every input is checked with: the defaults, then the
    /// others in turn (one per input, to keep the run short).
    static let plans: [CanonicalizationPlan] = {
        var keepFragment = CanonicalizationOptions()
        keepFragment.dropFragment = false
        var keepOrder = CanonicalizationOptions()
        keepOrder.sortQuery = false
        var keepBoth = keepFragment
        keepBoth.sortQuery = false
        var custom = CanonicalizationOptions()
        custom.trackingParameters = ["session id", "x_*", "ID", "%41", "", "caf\u{E9}", "a+b"]
        var none = CanonicalizationOptions()
        none.trackingParameters = []
        var all = keepFragment
        all.trackingParameters = ["*"]
        return [.init(), keepFragment, keepOrder, keepBoth, custom, none, all].map(CanonicalizationPlan.init)
    }()

    /// ``otherRules`` compiled: every input's href-rule hint is checked
    /// with it too.
    static let otherRulesPlan = CanonicalizationPlan(otherRules)

    /// Href rules (LinkKey.swift) of every kind, other than the defaults.
    static let otherRules: CanonicalizationOptions = {
        var o = CanonicalizationOptions()
        o.trackingParameters += ["a=b", "Q=%41", "page=2"]
        o.hostTrackingParameters = [HostTrackingRule(hosts: ["h.example", "example.com"], parameters: ["q", "id"])]
        o.sessionPathParameters = ["sid", "b"]
        return o
    }()

    /// A base as both paths see it: `parsed` (through the fast path when it
    /// takes the base), `reference` from the full parser alone.
    struct Base {
        let text: String
        let parsed: CanonicalBase
        let reference: URLRecord

        init?(_ text: String) {
            var t = text
            guard let b = t.withUTF8({ try? CanonicalBase(parsing: $0) }),
                  let r = try? parseURLRecord(text, base: nil) else { return nil }
            self.text = text
            parsed = b
            reference = r
        }

        /// Whether the fast path read the base as the parser does.
        var agrees: Bool { sameRecord(parsed.record, reference) }
    }

    static func sameRecord(_ a: URLRecord, _ b: URLRecord) -> Bool {
        a.scheme == b.scheme && a.username == b.username && a.password == b.password && a.host == b.host
            && a.port == b.port && a.path == b.path && a.opaquePath == b.opaquePath && a.query == b.query
            && a.fragment == b.fragment
    }

    /// What went wrong, collected (at most `limit` messages kept).
    struct Report {
        var failures: [String] = []
        var failureCount = 0
        var checked = 0
        var accepted = 0
        let limit = 25

        mutating func fail(_ s: String) {
            failureCount += 1
            if failures.count < limit { failures.append(s) }
        }
    }

    /// `href[start...]` with the plan's href rules applied whatever the fast
    /// path said (an AMP cache URL is not followed).
    static func ruled(_ href: [UInt8], from start: Int, _ plan: CanonicalizationPlan) -> [UInt8] {
        var h = href
        if !plan.rules.isEmpty { applyHrefRules(&h, from: start, rules: plan.rules, reparse: { _ in nil }) }
        return h
    }

    /// The full parser's canonical href, or its error.
    static func slow(_ record: Result<URLRecord, GalleyError>, _ plan: CanonicalizationPlan) -> Result<String, GalleyError> {
        record.map { r in
            var r = r
            canonicalize(&r, plan.options)
            return r.href
        }
    }

    static func parse(_ input: String, _ base: Base?) -> Result<URLRecord, GalleyError> {
        do throws(GalleyError) {
            return .success(try parseURLRecord(input, base: base?.reference))
        } catch {
            return .failure(error)
        }
    }

    /// Checks one input against one base with the default options and one
    /// other option set; returns whether the fast path accepted it with
    /// the default options.
    @discardableResult
    static func check(_ input: String, base: Base?, variant: Int, _ report: inout Report) -> Bool {
        let record = parse(input, base)
        if let base, !base.agrees {
            report.fail("base \(String(reflecting: base.text)): the fast path's record is not the parser's")
        }
        checkParsed(input, base: base, record: record, &report)
        var acceptedDefault = false
        for (k, plan) in [plans[0], plans[1 + variant % (plans.count - 1)]].enumerated() {
            let expected = slow(record, plan)
            let label = "input \(String(reflecting: input)) base \(String(reflecting: base?.text)) plan \(k == 0 ? 0 : 1 + variant % (plans.count - 1))"
            let bytes = Array(input.utf8)
            // The fast path alone.
            var out: [UInt8] = [0x7C]
            var rulesMayApply = true
            let accepted = bytes.withUnsafeBufferPointer {
                appendFastCanonicalHref($0, base: base?.parsed.fast, plan: plan, to: &out, rulesMayApply: &rulesMayApply)
            }
            // When it says no href rule applies, none may change the href.
            if accepted, !rulesMayApply, ruled(out, from: 1, plan) != out {
                report.fail("\(label): the href rules change \(String(decoding: out.dropFirst(), as: UTF8.self)) "
                    + "though the fast path said none applies")
            }
            if k == 0 { acceptedDefault = accepted }
            report.checked += 1
            if accepted {
                report.accepted += 1
                let got = String(decoding: out.dropFirst(), as: UTF8.self)
                switch expected {
                case .success(let href) where href == got: break
                case .success(let href): report.fail("\(label): fast \(String(reflecting: got)) != slow \(String(reflecting: href))")
                case .failure(let e): report.fail("\(label): fast \(String(reflecting: got)), slow fails: \(e)")
                }
                if out.contains(where: { $0 >= 0x80 }) { report.fail("\(label): fast href not ASCII") }
            } else if out != [0x7C] {
                report.fail("\(label): fast path declined but changed out")
            }
            // The whole entry point: fast path, then the full parser.
            var out2: [UInt8] = [0x7C]
            let result: Result<String, GalleyError>
            do throws(GalleyError) {
                try bytes.withUnsafeBufferPointer { (b) throws(GalleyError) in
                    try appendCanonicalHref(b, base: base?.parsed, plan: plan, to: &out2)
                }
                result = .success(String(decoding: out2.dropFirst(), as: UTF8.self))
            } catch {
                result = .failure(error)
                if out2 != [0x7C] { report.fail("\(label): appendCanonicalHref failed but changed out") }
            }
            if result != expected {
                report.fail("\(label): appendCanonicalHref \(result) != slow \(expected)")
            }
            // The public entry point (which has a fast path of its own):
            // every component of the WebURL; with the default options and
            // every fourth other set, to keep the run short.
            guard k == 0 || variant % 4 == 0 else { continue }
            let slowURL = record.map { r in
                var r = r
                canonicalize(&r, plan.options)
                return components(WebURL(record: r))
            }
            let publicURL: Result<[String], GalleyError>
            do throws(GalleyError) {
                publicURL = .success(components(try canonicalURL(input, base: base?.text, options: plan.options)))
            } catch {
                publicURL = .failure(error)
            }
            if publicURL != slowURL {
                report.fail("\(label): canonicalURL \(publicURL) != slow \(slowURL)")
            }
        }
        // The href-rule hint with rules of every kind (the plans above have
        // the default ones).
        var out: [UInt8] = [0x7C]
        var rulesMayApply = true
        let bytes = Array(input.utf8)
        if bytes.withUnsafeBufferPointer({
            appendFastCanonicalHref($0, base: base?.parsed.fast, plan: otherRulesPlan, to: &out,
                                    rulesMayApply: &rulesMayApply)
        }), !rulesMayApply, ruled(out, from: 1, otherRulesPlan) != out {
            report.fail("input \(String(reflecting: input)) base \(String(reflecting: base?.text)) other rules: the "
                + "href rules change \(String(decoding: out.dropFirst(), as: UTF8.self)) though the fast path said none applies")
        }
        return acceptedDefault
    }

    /// The parse mode (galley_url_write's GALLEY_URL_WRITE_PARSED): where
    /// the fast path takes the input, the href and component spans the
    /// parser gives; `writeURL` always gives them (or the parser's error,
    /// with `out` untouched).
    static func checkParsed(_ input: String, base: Base?, record: Result<URLRecord, GalleyError>,
                            _ report: inout Report) {
        let label = "parse: input \(String(reflecting: input)) base \(String(reflecting: base?.text))"
        let expected = record.map { r -> String in
            let (href, spans) = r.hrefWithSpans()
            return href + " " + spans.ranges.map { "\($0.0)-\($0.1)" }.joined(separator: ",")
        }
        let bytes = Array(input.utf8)
        var out: [UInt8] = [0x7C]
        let accepted = bytes.withUnsafeBufferPointer { appendFastParsedHref($0, base: base?.parsed.fast, to: &out) }
        report.checked += 1
        if accepted {
            report.accepted += 1
            let h = Array(out.dropFirst())
            let spans = h.withUnsafeBufferPointer(fastHrefSpans)
            let got = String(decoding: h, as: UTF8.self) + " "
                + spans.ranges.map { "\($0.0)-\($0.1)" }.joined(separator: ",")
            switch expected {
            case .success(let want) where want == got: break
            case .success(let want): report.fail("\(label): fast \(got) != parser \(want)")
            case .failure(let e): report.fail("\(label): fast \(got), parser fails: \(e)")
            }
        } else if out != [0x7C] {
            report.fail("\(label): fast path declined but changed out")
        }
        // writeURL, as galley_url_write calls it.
        var out2: [UInt8] = [0x7C]
        let result: Result<String, GalleyError>
        do throws(GalleyError) {
            let baseBytes = base.map { Array($0.text.utf8) }
            let spans = try bytes.withUnsafeBufferPointer { (b) throws(GalleyError) -> URLSpans? in
                guard let baseBytes else { return try writeURL(b, base: nil, mode: .parsed, spans: true, to: &out2) }
                return try baseBytes.withUnsafeBufferPointer { (bb) throws(GalleyError) -> URLSpans? in
                    try writeURL(b, base: bb, mode: .parsed, spans: true, to: &out2)
                }
            }
            result = .success(String(decoding: out2.dropFirst(), as: UTF8.self) + " "
                + (spans?.ranges ?? []).map { "\($0.0)-\($0.1)" }.joined(separator: ","))
        } catch {
            result = .failure(error)
            if out2 != [0x7C] { report.fail("\(label): writeURL failed but changed out") }
        }
        if result != expected { report.fail("\(label): writeURL \(result) != parser \(expected)") }
    }

    static func components(_ u: WebURL) -> [String] {
        [u.href, u.protocol, u.username, u.password, u.host, u.hostname, u.port, u.pathname, u.search, u.hash]
    }

    static func expectClean(_ report: Report, minimumChecked: Int, _ what: String) {
        print("\(what): \(report.checked) checks, fast path accepted \(report.accepted), \(report.failureCount) failures")
        #expect(report.checked >= minimumChecked)
        #expect(report.failureCount == 0, "\(report.failureCount) failures:\n\(report.failures.joined(separator: "\n"))")
    }

    // MARK: A deterministic generator

    /// SplitMix64: small, fast, the same on every machine.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        /// True with probability p.
        mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
        mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    }

    static let hosts = [
        "www.nytimes.com", "www.theguardian.com", "www.bbc.co.uk", "edition.cnn.com", "apnews.com",
        "www.lemonde.fr", "www.spiegel.de", "news.ycombinator.com", "local.news-site.example",
        "m.example-times.com", "blog.example.org", "a.b", "x", "under_score.example",
    ]
    static let idnHosts = [
        "bücher.de", "www.zürich-zeitung.ch", "παράδειγμα.gr", "例え.jp", "пример.рф", "straße.example.de",
        "café.example.fr", "nachrichten.köln", "ñandú.example.es", "ＥＸＡＭＰＬＥ.com", "a．b.com",
    ]
    /// Hosts the fast path must leave to the full parser (or get right).
    static let oddHosts = [
        "example.com.", "example.com..", ".", "xn--nxasmq6b.gr", "XN--bcher-kva.de", "www.xn--a.com",
        "1.2.3.4", "0x7f.1", "example.123", "example.0x1", "1.2.3.4.", "[::1]", "[::", "user:pass@example.com",
        "@example.com", "us%65r@example.com", "exa%41mple.com", "ex ample.com", "", "exa<mple.com",
        "EXAMPLE.COM", "a..b", "-a-.com", "xn--ls8h", "foo.09", "foo.0x", "foo.1a", "bücher%2ede",
        "💩.la", "xn--bücher.de", "ab--c.com", "\u{200D}.com", "a\u{AD}b.com", "!$&'()*+,;=.com",
    ]
    static let sections = ["world", "politics", "business", "Technology", "science", "us-news", "uk-news"]
    static let words = ["election", "market", "storm", "court", "budget", "vaccine", "talks", "ai", "chip"]
    static let tracking = [
        "utm_source", "utm_medium", "UTM_Campaign", "fbclid", "gclid", "mc_cid", "mc_eid", "_ga", "igshid",
        "msclkid", "%75tm_source", "fb%63lid", "utm%5fterm", "_GA", "utm_", "utm", "mtm_x", "hsCtaTracking",
    ]
    static let trackValues = ["twitter", "newsletter", "IwAR2xYz_abc123", "Cj0KCQjw", "a1b2", "share_button", ""]
    static let realParams = [
        "id", "page", "ref", "q", "lang", "s", "p", "article", "v", "edition", "a+b", "session+id", "x_y",
        "%41", "a", "A", "%61", "caf%C3%A9", "é", "ID", "",
    ]
    static let realValues = [
        "1", "42", "vote", "a+b", "x%20y", "%e2%82%ac", "%7e", "%7E", "%zz", "%", "%4", "a b", "\"q\"",
        "it's", "<b>", "日本", "€", "=", "==x", "%3D", "%26", "a?b", "~", "%2B", "a`b", "{x}", "\u{7F}",
    ]
    static let fragments = [
        "comments", "top", "section-3", "", "%C3%BCber", "para%2d4", "a b", "x#y", "ü", "\"q\"", "<t>", "%zz",
        "`", "\u{1}",
    ]
    static let escapes = [
        "/%7euser", "/caf%c3%a9", "/a%2db", "/%41%42c", "/x%2fy", "/%2e", "/%2E%2e", "/.%2E", "/%2e.",
        "/%2e%2e%2e", "/%zz", "/%", "/%4", "/a%", "/%%34%31", "/%252e", "/a b", "/\"q\"", "/<x>", "/a^b",
        "/a`b", "/{x}", "/café", "/日本", "/\u{7F}", "/\u{1}", "/a'b", "/a|b", "/a;b=c", "/a@b", "/~x",
    ]
    static let dotInserts = [".", "..", "x/..", "./.", "%2e", "amp/..", "%2E%2E", ".%2e", "", "...", "../..", "./"]

    static func slug(_ r: inout Random) -> String {
        (0..<(2 + r.int(5))).map { _ in r.pick(words) }.joined(separator: "-")
    }

    static func mixedCase(_ r: inout Random, _ s: String) -> String {
        s.map { r.chance(0.5) ? $0.uppercased() : String($0) }.joined()
    }

    /// A news-style path; `odd` mixes in the awkward constructs.
    static func path(_ r: inout Random, odd: Bool) -> String {
        var p: String
        switch r.int(5) {
        case 0, 1:
            p = "/\(2015 + r.int(11))/\(1 + r.int(12))/\(1 + r.int(28))/\(r.pick(sections))/\(slug(&r))"
            if r.chance(0.5) { p += ".html" }
        case 2: p = "/\(r.pick(sections))/\(slug(&r))-\(r.int(100_000_000))"
        case 3: p = "/news/articles/c\(r.int(1_000_000_000))"
        default: p = "/\(r.pick(sections))/"
        }
        if r.chance(odd ? 0.4 : 0.15) {
            var parts = p.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            parts.insert(r.pick(dotInserts), at: 1 + r.int(max(1, parts.count - 1)))
            p = parts.joined(separator: "/")
        }
        if r.chance(odd ? 0.5 : 0.1) { p += odd ? r.pick(escapes) : r.pick(Array(escapes.prefix(5))) }
        if odd && r.chance(0.1) { p += r.pick(["//", "//x", "/", "/..", "/.", "\\x", "/./"]) }
        return p
    }

    static func query(_ r: inout Random, odd: Bool) -> String {
        var params: [String] = []
        if r.chance(0.6) {
            for _ in 0..<(1 + r.int(5)) {
                params.append("\(r.pick(odd ? tracking : Array(tracking.prefix(10))))=\(r.pick(trackValues))")
            }
        }
        if r.chance(0.45) {
            for _ in 0..<(1 + r.int(3)) {
                let name = odd ? r.pick(realParams) : r.pick(Array(realParams.prefix(10)))
                let value = odd ? r.pick(realValues) : r.pick(Array(realValues.prefix(5)))
                params.append(odd && r.chance(0.1) ? name : "\(name)=\(value)")
            }
        }
        if odd && r.chance(0.15) { params.insert("", at: r.int(params.count + 1)) }  // "&&"
        params.shuffle(using: &r)
        if params.isEmpty { return odd && r.chance(0.1) ? "?" : "" }
        return "?" + params.joined(separator: "&")
    }

    static func absolute(_ r: inout Random, odd: Bool) -> String {
        var scheme = r.chance(0.85) ? "https" : "http"
        if odd && r.chance(0.1) {
            scheme = r.pick(["ws", "wss", "ftp", "file", "mailto", "foo", "javascript", "h-t+t.p", "HTTPS"])
        }
        var host = r.chance(0.1) ? r.pick(idnHosts) : r.pick(hosts)
        if odd && r.chance(0.25) { host = r.pick(oddHosts) }
        if r.chance(0.3) {
            scheme = mixedCase(&r, scheme)
            host = mixedCase(&r, host)
        }
        var port = ""
        if r.chance(0.1) {
            port = scheme.lowercased() == "https" ? ":443" : ":80"
        } else if r.chance(odd ? 0.1 : 0.01) {
            port = odd ? r.pick([":8080", ":0", ":65535", ":65536", ":0080", ":00443", ":", ":8a", ":99999999999", ":21"])
                : ":8080"
        }
        var slashes = "//"
        if odd && r.chance(0.05) { slashes = r.pick(["/", "", "///", "\\\\", "/\\"]) }
        var frag = ""
        if r.chance(0.25) { frag = "#" + r.pick(odd ? fragments : Array(fragments.prefix(6))) }
        return "\(scheme):\(slashes)\(host)\(port)\(path(&r, odd: odd))\(query(&r, odd: odd))\(frag)"
    }

    static func relative(_ r: inout Random, odd: Bool) -> String {
        var ref: String
        switch r.int(odd ? 7 : 6) {
        case 0: ref = String(repeating: "../", count: 1 + r.int(odd ? 6 : 3)) + "\(r.pick(sections))/\(slug(&r)).html"
        case 1: ref = path(&r, odd: odd)
        case 2: ref = "\(slug(&r))-\(r.int(100_000))"
        case 3: ref = "./\(r.pick(sections))/./\(slug(&r))"
        case 4: ref = "//\(mixedCase(&r, odd && r.chance(0.3) ? r.pick(oddHosts) : r.pick(hosts)))\(path(&r, odd: odd))"
        case 5: ref = "?page=\(r.int(20))"
        default:
            ref = r.pick(["", ".", "..", "./", "../", "?", "#", "#x", "/", "//", "///h/x", "\\x", "%2e%2e/x",
                          ".../x", "a:b", "1a:b", "x/y:z", "HTTPS:x", "https:/x", "http:x", "https:", "mailto:x",
                          "?a=1#b", "a?#", ":x", "/./x", "//h:80/", "//h:443"])
        }
        if !ref.hasPrefix("?") { ref += query(&r, odd: odd) }
        if r.chance(0.25) { ref += "#" + r.pick(odd ? fragments : Array(fragments.prefix(6))) }
        return ref
    }

    /// Article pages the relative links appear on, and some awkward bases.
    static let newsBases = (0..<20).map { i in
        "https://\(hosts[i % hosts.count])/\(2018 + i % 8)/\(1 + i % 12)/\(sections[i % sections.count])/story-\(i).html"
    }
    static let oddBases = [
        "https://user:pw@h.example:8443/a/b/c?q=1&utm_source=x&b=%7e#f", "http://1.2.3.4/x/", "https://[::1]/a",
        "file:///tmp/x", "mailto:x@y", "sc://h/a/b", "https://h.example", "https://h.example/a%7e/%2fb/c?z=1&a=%41",
        "HTTPS://BÜCHER.de/a/", "wss://w.example/s?", "ftp://f.example:21/pub/x", "http://h.example/?",
        "https://h.example/a/b/", "https://h.example//", "https://h.example/%2e%2e/x/.%2E", "https://ü@h.example/p",
    ]

    /// Generated (input, base) cases: `count` links, ~20% relative.
    static func generate(count: Int, seed: UInt64, odd: Bool) -> [(String, String?)] {
        var r = Random(state: seed)
        var cases: [(String, String?)] = []
        cases.reserveCapacity(count)
        for _ in 0..<count {
            if r.chance(0.2) {
                let base = odd && r.chance(0.3) ? r.pick(oddBases) : r.pick(newsBases)
                cases.append((relative(&r, odd: odd), base))
            } else {
                var s = absolute(&r, odd: odd)
                if odd && r.chance(0.05) { s = r.pick([" ", "\t", "\u{1}", "  "]) + s + r.pick(["", " ", "\n", "\u{1F}"]) }
                if odd && r.chance(0.03) {
                    let chars = Array(s.unicodeScalars)
                    let at = r.int(chars.count + 1)
                    s = String(String.UnicodeScalarView(chars[..<at])) + r.pick(["\t", "\n", "\r"])
                        + String(String.UnicodeScalarView(chars[at...]))
                }
                cases.append((s, odd && r.chance(0.1) ? r.pick(oddBases + newsBases) : nil))
            }
        }
        return cases
    }

    static func bases(_ cases: [(String, String?)]) -> [String: Base] {
        var bases: [String: Base] = [:]
        for case (_, let b?) in cases where bases[b] == nil { bases[b] = Base(b) }
        return bases
    }

    // MARK: Tests

    @Test func byteClassesFollowTheParsersSets() {
        let c = FastByteClasses.shared
        for b in 0...255 {
            let u = UInt8(b)
            let tabOrNewline = u == 0x09 || u == 0x0A || u == 0x0D
            let path: FastByteClass = tabOrNewline || u == 0x5C ? .refuse
                : [0x2F, 0x3F, 0x23].contains(u) ? .stop : u == 0x25 ? .percent
                : URLPercentEncodeSet.path.contains(u) ? .encode : u == 0x3B ? .semicolon : .copy
            let query: FastByteClass = tabOrNewline ? .refuse : u == 0x26 ? .stop : u == 0x23 ? .end
                : u == 0x3D ? .equals : u == 0x25 ? .percent
                : URLPercentEncodeSet.specialQuery.contains(u) ? .encode : .copy
            let fragment: FastByteClass = tabOrNewline ? .refuse
                : URLPercentEncodeSet.fragment.contains(u) ? .encode : .copy
            #expect(c.path[b] == path, "path \(b)")
            #expect(c.query[b] == query, "query \(b)")
            #expect(c.fragment[b] == fragment, "fragment \(b)")
            #expect(c.pathRun[b] == (path == .copy), "path run \(b)")
            #expect(c.queryRun[b] == (query == .copy), "query run \(b)")
            // Unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~".
            let unreserved = (u >= 0x41 && u <= 0x5A) || (u >= 0x61 && u <= 0x7A) || (u >= 0x30 && u <= 0x39)
                || u == 0x2D || u == 0x2E || u == 0x5F || u == 0x7E
            #expect(isUnreservedByte(u) == unreserved, "unreserved \(b)")
            #expect(isPlainHostByte(u) == (unreserved && u != 0x7E), "host \(b)")
            #expect(c.host[b] == (isPlainHostByte(u) ? (u >= 0x41 && u <= 0x5A ? u + 0x20 : u) : 0), "host \(b)")
        }
    }

    @Test func examples() throws {
        let plan = Self.plans[0]
        func fast(_ s: String, base: String? = nil) -> String? {
            var s = s
            var out: [UInt8] = []
            let b = base.flatMap(Base.init)
            let ok = s.withUTF8 { appendFastCanonicalHref($0, base: b?.parsed.fast, plan: plan, to: &out) }
            return ok ? String(decoding: out, as: UTF8.self) : nil
        }
        #expect(fast("HTTPS://WWW.Example.COM:443/a/./b/../c?utm_source=tw&b=2&a=1#comments")
            == "https://www.example.com/a/c?a=1&b=2")
        #expect(fast("../a?b=1#x", base: "https://News.Example.com/x/y/z") == "https://news.example.com/x/a?b=1")
        #expect(fast("//CDN.example/p/%7e?q", base: "http://a.example/") == "http://cdn.example/p/~?q")
        #expect(fast("http://bücher.de:80/caf%c3%a9") == "http://xn--bcher-kva.de/caf%C3%A9")
        #expect(fast("https://a.example/%%34%31?a=%zz&&b='x y'") == "https://a.example/%2541?a=%25zz&b=%27x%20y%27")
        #expect(fast("https://a.example:0443/") == "https://a.example/")
        #expect(fast("https://a.example:08080") == "https://a.example:8080/")
        // Left to the full parser.
        for s in ["mailto:x@y", "file:///x", "https://u@a.example/", "https://1.2.3.4/", "https://0x7f.1/",
                  "https://[::1]/", "https://xn--bcher-kva.de/", "https://a.example\\x", "https:a.example/",
                  "https://a\t.example/", "https://a%41.example/", "https://a.example:65536/", "sc://x/"] {
            #expect(fast(s) == nil, "\(s)")
        }
        #expect(fast("x") == nil)  // no base
    }

    /// The fast path tells the href rules when they cannot apply (no ";" in
    /// the path, no "name=value" tracking pair, no host rule for the host),
    /// so that they need not scan every href. Wherever a rule applies it
    /// must say so: every link here is canonicalized as the full parser and
    /// the rules give it, with the default rules and with other ones.
    @Test func hrefRuleHints() {
        let hosts = ["x.com", "Mobile.Twitter.com", "ax.com", "X.COM.", "example.com", "h.example", "www.example.com",
                     "bücher.de"]
        let paths = ["/a", "/a;jsessionid=1", "/A;JSESSIONID=1/b", "/a;x=1", "/;jsessionid=1", "/.;jsessionid=1",
                     "/a;sid=2;b=3/c", "/x/..;jsessionid=4/y", "/a%3Bjsessionid=1"]
        let queries = ["", "?s=20&t=x", "?outputType=amp", "?OUTPUTTYPE=AMP&b=1", "?outputtype=ampx", "?a=1",
                       "?x=outputtype=amp", "?%6Futputtype=amp", "?a=b", "?A=B&q=%41", "?q=1&id=2", "?page=2",
                       "?utm_source=x"]
        let bases = ["https://b.example/x;jsessionid=9/y?s=1", "https://x.com/p?s=1", "https://example.com/a;b=1",
                     "https://h.example/", "http://example.com/p?outputType=amp"].compactMap(Base.init)
        let refs = ["", "?q=1", "z", "#f", "?s=2", "//x.com/a?s=1", "../c;jsessionid=2?a=b", "?outputType=AMP"]
        var inputs: [(String, Base?)] = []
        for h in hosts {
            for p in paths { for q in queries { inputs.append(("https://\(h)\(p)\(q)", nil)) } }
        }
        for b in bases { for r in refs { inputs.append((r, b)) } }
        var report = Report()
        var hinted = 0
        for plan in [Self.plans[0], CanonicalizationPlan(Self.otherRules)] {
            for (input, base) in inputs {
                let label = "\(String(reflecting: input)) base \(String(reflecting: base?.text))"
                // The reference: the full parser, then every rule.
                guard case .success(var record) = Self.parse(input, base) else { continue }
                canonicalize(&record, plan.options)
                let want = Self.ruled(Array(record.href.utf8), from: 0, plan)
                var out: [UInt8] = []
                do throws(GalleyError) {
                    try Array(input.utf8).withUnsafeBufferPointer { (b) throws(GalleyError) in
                        try appendCanonicalHref(b, base: base?.parsed, plan: plan, to: &out)
                    }
                } catch {
                    report.fail("\(label): \(error)")
                }
                report.checked += 1
                if out != want {
                    report.fail("\(label): \(String(decoding: out, as: UTF8.self)) != \(String(decoding: want, as: UTF8.self))")
                }
                var fast: [UInt8] = []
                var rulesMayApply = false
                if Array(input.utf8).withUnsafeBufferPointer({
                    appendFastCanonicalHref($0, base: base?.parsed.fast, plan: plan, to: &fast, rulesMayApply: &rulesMayApply)
                }) {
                    report.accepted += 1
                    if rulesMayApply { hinted += 1 }
                }
            }
        }
        Self.expectClean(report, minimumChecked: 1_500, "href rule hints")
        // Both answers occur, or the test proves nothing.
        #expect(hinted > 100 && report.accepted - hinted > 100, "\(hinted) of \(report.accepted) hinted")
    }

    /// A password of digits reads like a port to the href reader; past
    /// 65535 it is not one (found by fuzzing: a 39-digit password trapped on
    /// arithmetic overflow). The full parser reads such hrefs.
    @Test func numericPasswordIsNotAPort() throws {
        for pw in ["1", "65536", "99999999999999999999999", "340282366920938463463374607431768211455"] {
            let s = "http://f:\(pw)@example.org/a"
            #expect(Array(s.utf8).withUnsafeBufferPointer(recordOfFastHref) == nil)
            #expect(try canonicalURL(s).href == (try WebURL(parsing: s)).canonicalized().href)
        }
    }

    @Test func parseModeExamples() {
        func fast(_ s: String, base: String? = nil) -> String? {
            var s = s
            var out: [UInt8] = []
            let b = base.flatMap(Base.init)
            let ok = s.withUTF8 { appendFastParsedHref($0, base: b?.parsed.fast, to: &out) }
            return ok ? String(decoding: out, as: UTF8.self) : nil
        }
        // Escapes, query order, trackers and the fragment as written; the host, port and dots as parsed.
        #expect(fast("HTTPS://WWW.Example.COM:443/a/./b/../c%7e?utm_source=tw&b=2&&a=%zz#Top")
            == "https://www.example.com/a/c%7e?utm_source=tw&b=2&&a=%zz#Top")
        #expect(fast("https://a.example/?") == "https://a.example/?")
        #expect(fast("https://a.example/#") == "https://a.example/#")
        #expect(fast("https://a.example/p q?'x y'#a b") == "https://a.example/p%20q?%27x%20y%27#a%20b")
        #expect(fast("?x", base: "https://a.example/p/q?y#z") == "https://a.example/p/q?x")
        #expect(fast("#f", base: "https://a.example/p/%7e?y#z") == "https://a.example/p/%7e?y#f")
        #expect(fast("", base: "https://a.example/p/q?y#z") == "https://a.example/p/q?y")
        #expect(fast("../r", base: "https://a.example/p/q/s") == "https://a.example/p/r")
        // A base with credentials or an IP address: the parser's business.
        #expect(fast("x", base: "https://u@a.example/") == nil)
        #expect(fast("x", base: "https://1.2.3.4/") == nil)
        let h = Array("https://a.example:8080/p?q#f".utf8)
        let s = h.withUnsafeBufferPointer(fastHrefSpans).ranges
        #expect(s.map { $0.0 } == [0, 0, 8, 8, 8, 8, 18, 22, 24, 26])
        #expect(s.map { $0.1 } == [28, 6, 8, 8, 22, 17, 22, 24, 26, 28])
    }

    /// Links past the fast path's stack buffer, with more pairs than it
    /// sorts in place, and a base with a long query.
    @Test func longLinks() {
        var r = Random(state: 7)
        var report = Report()
        let longBase = Base("https://h.example/a/b?" + (0..<300).map { "k\($0 % 7)=\($0)" }.joined(separator: "&"))
        for n in [10, 63, 64, 65, 100, 400] {
            var names = (0..<n).map { "p\($0 % 13)=\($0)" } + ["utm_source=x", "&", "=", "a=%zz", "b=caf\u{E9}"]
            names.shuffle(using: &r)
            let q = names.joined(separator: "&")
            for (k, input) in ["https://a.example/x?" + q + "#f",
                               "https://a.example/" + String(repeating: "\u{E9}/", count: n * 3) + "?" + q,
                               "https://a.example/" + String(repeating: "seg/../x/", count: n) + "#" + q,
                               "../" + String(repeating: "a/", count: n) + "?" + q,
                               "https://a.example/" + String(repeating: "\u{E9}", count: 400) + "?"
                                   + names.prefix(20).joined(separator: "&")].enumerated() {
                for variant in 0..<(Self.plans.count - 1) {
                    Self.check(input, base: k == 3 ? longBase : nil, variant: variant, &report)
                }
            }
            for ref in ["", "#x", "?z=1&a=2"] {
                Self.check(ref, base: longBase, variant: n, &report)
            }
        }
        Self.expectClean(report, minimumChecked: 200, "long links")
        #expect(report.accepted >= 100)
    }

    @Test
    func urlTestData() throws {
        var report = Report()
        var cases = 0
        for c in try URLConformanceData.cases("urltestdata.json") {
            let input = try #require(c["input"] as? String)
            var base: Base? = nil
            if let text = c["base"] as? String {
                guard let b = Base(text) else { continue }
                base = b
            }
            // Every option set, every input.
            for variant in 0..<(Self.plans.count - 1) {
                Self.check(input, base: base, variant: variant, &report)
            }
            cases += 1
        }
        #expect(cases > 800)
        Self.expectClean(report, minimumChecked: 800, "urltestdata.json")
    }

    @Test
    func toASCIIHosts() throws {
        var report = Report()
        for (i, c) in try URLConformanceData.cases("toascii.json").enumerated() {
            let input = try #require(c["input"] as? String)
            Self.check("https://" + input + "/x?b&a", base: nil, variant: i, &report)
            Self.check("//" + input + ":80/x", base: Base("http://h.example/"), variant: i, &report)
        }
        Self.expectClean(report, minimumChecked: 100, "toascii.json hosts")
    }

    @Test func generatedNewsLinks() {
        let cases = Self.generate(count: 50_000, seed: 0x6761_6C6C_6579, odd: true)
        let bases = Self.bases(cases)
        var report = Report()
        for (i, (input, base)) in cases.enumerated() {
            let b = base.flatMap { bases[$0] }
            if base != nil && b == nil { continue }
            Self.check(input, base: b, variant: i, &report)
        }
        Self.expectClean(report, minimumChecked: 100_000, "generated links")
    }

    @Test func mutatedLinks() {
        let seeds = Self.generate(count: 20_000, seed: 0x6D75_7461_7465, odd: true)
        let bases = Self.bases(seeds)
        let alphabet: [String] = [
            "/", ".", "%", "2", "e", "E", "?", "#", "&", "=", ":", "@", "\\", " ", "\t", "\n", "a", "Z", "0", "9",
            "x", "n", "-", "[", "]", "+", "'", "\"", "<", "ü", "日", "\u{0}", "\u{1F}", "\u{7F}", "_", "~", "..",
            "%2e", "xn--", "//", "%41", "%zz", "^", "|", "`", "{", "ß", "．",
        ]
        var r = Random(state: 0x5EED)
        var report = Report()
        for i in 0..<100_000 {
            let (seed, base) = seeds[i % seeds.count]
            var chars = Array(seed.unicodeScalars)
            for _ in 0..<(1 + r.int(4)) {
                let at = r.int(chars.count + 1)
                let piece = Array(r.pick(alphabet).unicodeScalars)
                switch r.int(3) {
                case 0: chars.insert(contentsOf: piece, at: at)
                case 1: if at < chars.count { chars.remove(at: at) }
                default:
                    if at < chars.count { chars.replaceSubrange(at...at, with: piece) } else { chars += piece }
                }
            }
            let input = String(String.UnicodeScalarView(chars))
            let b = base.flatMap { bases[$0] }
            if base != nil && b == nil { continue }
            Self.check(input, base: b, variant: i, &report)
        }
        Self.expectClean(report, minimumChecked: 200_000, "mutated links")
    }

    /// The fast path must take the links it exists for, or it is dead code.
    @Test func acceptsPlainNewsLinks() {
        let cases = Self.generate(count: 20_000, seed: 0x6E65_7773, odd: false)
        let bases = Self.bases(cases)
        var report = Report()
        var accepted = 0
        var declined: [String] = []
        for (i, (input, base)) in cases.enumerated() {
            if Self.check(input, base: base.flatMap { bases[$0] }, variant: i, &report) {
                accepted += 1
            } else if declined.count < 10 {
                declined.append("\(String(reflecting: input)) base \(String(reflecting: base))")
            }
        }
        Self.expectClean(report, minimumChecked: 40_000, "plain news links")
        print("plain news links: fast path took \(accepted)/\(cases.count)")
        #expect(accepted * 100 >= cases.count * 95,
                "fast path took only \(accepted)/\(cases.count); declined e.g.:\n\(declined.joined(separator: "\n"))")
    }
}
