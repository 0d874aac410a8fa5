import Testing
@testable import Galley

/// The canonical URL's news rules and the match key (LinkKey.swift), the
/// one-call href + spans form (URLSpans.swift) and issue 16's defects.
@Suite("Link keys")
struct LinkKeyTests {
    func canon(_ s: String, base: String? = nil, options: CanonicalizationOptions = .init()) throws -> String {
        try canonicalURL(s, base: base, options: options).href
    }

    func key(_ s: String, base: String? = nil) throws -> String { try linkKey(s, base: base).href }

    // MARK: The canonical URL

    @Test func newsTrackersDropped() throws {
        let trackers = ["CMP=share_btn_tw", "smid=tw-nytimes", "smtyp=cur", "partner=rss", "emc=rss",
                        "at_medium=RSS", "at_campaign=KARANGA", "at_custom1=x", "ns_mchannel=social",
                        "ns_source=twitter", "xtor=RSS-3208", "ocid=msedgntp", "cvid=8a1b",
                        "outputType=amp", "PHPSESSID=5f1c", "sid=77af", "jsessionid=8F3A"]
        for t in trackers {
            #expect(try canon("https://news.example/a/b?id=7&" + t) == "https://news.example/a/b?id=7", "\(t)")
        }
        // Only the AMP value of outputType is a tracker; other names stay.
        #expect(try canon("https://news.example/a?outputType=print") == "https://news.example/a?outputType=print")
        #expect(try canon("https://news.example/a?OUTPUTTYPE=AMP&q=1") == "https://news.example/a?q=1")
        #expect(try canon("https://news.example/a?cmpx=1&atm=2&ns=3") == "https://news.example/a?atm=2&cmpx=1&ns=3")
    }

    @Test func shareParameterOnlyWhereItIsTracking() throws {
        #expect(try canon("https://x.com/a/status/1?s=20&t=AbC") == "https://x.com/a/status/1")
        #expect(try canon("https://mobile.twitter.com/a/status/1?s=46") == "https://mobile.twitter.com/a/status/1")
        // A WordPress search and a forum topic keep theirs.
        #expect(try canon("https://blog.example/?s=bridge") == "https://blog.example/?s=bridge")
        #expect(try canon("https://forum.example/viewtopic.php?t=100&s=2") == "https://forum.example/viewtopic.php?s=2&t=100")
        #expect(try canon("https://notx.com/?s=1") == "https://notx.com/?s=1")
        var none = CanonicalizationOptions()
        none.hostTrackingParameters = []
        #expect(try canon("https://x.com/a?s=20", options: none) == "https://x.com/a?s=20")
    }

    @Test func sessionIdInThePath() throws {
        #expect(try canon("https://z.example/p/artikel-1.html;jsessionid=8F3A?x=1") == "https://z.example/p/artikel-1.html?x=1")
        #expect(try canon("https://z.example/p;JSESSIONID=1;v=2/q") == "https://z.example/p;v=2/q")
        #expect(try canon("https://z.example/p;v=2") == "https://z.example/p;v=2")
        // Removing it must not leave a dot segment a reparse would resolve.
        #expect(try canon("https://z.example/a/..;jsessionid=1/b") == "https://z.example/a/..;jsessionid=1/b")
        var keep = CanonicalizationOptions()
        keep.sessionPathParameters = []
        #expect(try canon("https://z.example/p;jsessionid=1", options: keep) == "https://z.example/p;jsessionid=1")
    }

    @Test func hashbangRoutesAreKept() throws {
        let a = try canon("https://spa.example/#!/article/123")
        let b = try canon("https://spa.example/?utm_source=fb#!/article/456")
        #expect(a == "https://spa.example/#!/article/123")
        #expect(b == "https://spa.example/#!/article/456")
        #expect(try canon("https://spa.example/#top") == "https://spa.example/")
        // The fast path and the parser agree when the parser drops a tab first.
        #expect(try canon("https://spa.example/#\t!/a") == "https://spa.example/#!/a")
        var drop = CanonicalizationOptions()
        drop.keepHashbangFragments = false
        #expect(try canon("https://spa.example/#!/article/123", options: drop) == "https://spa.example/")
        #expect(try key("https://spa.example/#!/article/123") != key("https://spa.example/#!/article/456"))
    }

    // MARK: The match key

    @Test func keyFoldsSchemeHostAndSlash() throws {
        #expect(try key("http://www.example.com/a/b/") == "https://example.com/a/b")
        #expect(try key("http://m.example.com/a") == "https://example.com/a")
        #expect(try key("https://mobile.www.example.com./a//") == "https://example.com/a")
        #expect(try key("https://amp.theguardian.com/world/x") == "https://theguardian.com/world/x")
        #expect(try key("http://example.com:443/a") == "https://example.com/a")
        #expect(try key("http://example.com:8080/a") == "https://example.com:8080/a")
        #expect(try key("https://example.com") == "https://example.com/")
        // A prefix is only dropped while a dotted name remains.
        #expect(try key("https://www.com/a") == "https://www.com/a")
        #expect(try key("https://m.co./a") == "https://m.co/a")
        #expect(try key("https://example.com../a") == "https://example.com/a")
        // Other schemes keep their shape.
        #expect(try key("ftp://www.example.com/a/") == "ftp://www.example.com/a/")
        #expect(try key("mailto:someone@example.com") == "mailto:someone@example.com")
    }

    @Test func keyFoldsAMP() throws {
        let page = "https://example.com/sport/cup-final"
        for s in ["https://www.example.com/sport/cup-final/amp", "https://www.example.com/amp/sport/cup-final",
                  "https://www.example.com/sport/cup-final/amp/", "https://www.example.com/sport/cup-final?amp=1",
                  "https://www.example.com/sport/cup-final?amp", "https://www.example.com/sport/cup-final.amp",
                  "https://www.example.com/sport/cup-final?outputType=amp&amp_js_v=0.1&usqp=mq331AQ"] {
            #expect(try key(s) == page, "\(s)")
        }
        #expect(try key("https://www.example.com/a/story.amp.html") == "https://example.com/a/story.html")
        #expect(try key("https://www.example.com/a/story.AMP.htm") == "https://example.com/a/story.htm")
        #expect(try key("https://www.example.com/a/..amp") == "https://example.com/a/..amp")
        #expect(try key("https://www.example.com/amp") == "https://example.com/")
        #expect(try key("https://www.example.com/ampere/x") == "https://example.com/ampere/x")
        // AMP caches and Google's viewer give the page they serve.
        #expect(try key("https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a/story.amp.html?amp=1&b=2")
            == "https://example.com/a/story.html?b=2")
        #expect(try key("https://example-com.cdn.ampproject.org/v/example.com/a/?utm_source=x") == "https://example.com/a")
        #expect(try key("https://www.google.com/amp/s/www.example.com/a/story/amp") == "https://example.com/a/story")
        // Not an AMP cache URL: kept.
        #expect(try key("https://cdn.ampproject.org/v0.js") == "https://cdn.ampproject.org/v0.js")
        #expect(try key("https://www.google.com/amp/x") == "https://google.com/x")
    }

    @Test func keyKeepsDifferentPagesApart() throws {
        let pairs = [
            ("https://www.example-news.com/cup?page=2", "https://www.example-news.com/cup"),
            ("https://shortener.example/AbC", "https://shortener.example/abc"),
            ("https://a.example/article.php?id=4512", "https://a.example/article.php?id=4513"),
            ("https://blog.example/?s=bridge", "https://blog.example/?s=tunnel"),
            ("https://www.example.com/a", "https://www.other.example/a"),
            ("https://example.com/a.html", "https://example.com/a"),
        ]
        for (a, b) in pairs { #expect(try key(a) != key(b), "\(a) \(b)") }
    }

    @Test func keyOptionsAndBase() throws {
        #expect(try key("../amp/b/?utm_source=x", base: "http://www.example.com/x/y") == "https://example.com/b")
        #expect(try canonicalURL("http://www.example.com/a/", options: .matchKey).href == "https://example.com/a")
        var o = CanonicalizationOptions.matchKey
        o.dropFragment = false
        #expect(try canonicalURL("http://www.example.com/a/#c", options: o).href == "https://example.com/a#c")
        #expect(throws: GalleyError.self) { try linkKey("not a url") }
    }

    // MARK: Idempotence

    func expectIdempotent(_ input: String, base: String?, options: CanonicalizationOptions) -> String? {
        guard let once = try? canonicalURL(input, base: base, options: options) else { return nil }
        guard let twice = try? canonicalURL(once.href, options: options) else { return "\(once.href) fails to reparse" }
        if twice.href != once.href { return "\(input) → \(once.href) → \(twice.href)" }
        return nil
    }

    static let strengths: [CanonicalizationOptions] = [CanonicalizationOptions(), .matchKey]

    @Test func idempotentOnURLTestData() throws {
        var failures: [String] = []
        var checked = 0
        for c in try URLConformanceData.cases("urltestdata.json") where c["failure"] as? Bool != true {
            guard let input = c["input"] as? String else { continue }
            let base = c["base"] as? String
            for o in Self.strengths {
                if let f = expectIdempotent(input, base: base, options: o) { failures.append(f) }
            }
            checked += 1
        }
        #expect(checked > 500)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test func idempotentOnGeneratedLinks() {
        var failures: [String] = []
        var checked = 0
        for odd in [false, true] {
            for (input, base) in URLFastPathTests.generate(count: 4000, seed: odd ? 16 : 61, odd: odd) {
                for o in Self.strengths {
                    if let f = expectIdempotent(input, base: base, options: o) { failures.append(f) }
                }
                checked += 1
            }
        }
        #expect(checked == 8000)
        #expect(failures.isEmpty, "\(failures.prefix(20).joined(separator: "\n"))")
    }

    @Test func idempotentOnNewsShapes() {
        let shapes = [
            "http://www.example.com/a/amp/amp/", "https://m.www.mobile.example.com./x.amp/", "https://x.com/a;jsessionid=1?s=1",
            "https://www-x-com.cdn.ampproject.org/c/s/www-x-com.cdn.ampproject.org/c/s/x.com/a/amp",
            "https://h.example/a/.amp/b", "https://h.example/.amp", "https://h.example/a;jsessionid=1;jsessionid=2",
            "https://h.example/%2e;jsessionid=1", "http://h.example:443/", "https://h.example/#!", "file:/%43|",
            "file:/%63:/x", "file://host/%43|/y",
        ]
        for s in shapes {
            for o in Self.strengths { #expect(expectIdempotent(s, base: nil, options: o) == nil) }
        }
    }

    // MARK: One call: href and spans

    @Test func spansGiveTheComponents() throws {
        var failures: [String] = []
        for c in try URLConformanceData.cases("urltestdata.json") where c["failure"] as? Bool != true {
            guard let input = c["input"] as? String, let url = try? WebURL(parsing: input, base: c["base"] as? String)
            else { continue }
            var out: [UInt8] = []
            let inputBytes = Array(input.utf8)
            let baseBytes = (c["base"] as? String).map { Array($0.utf8) }
            let spans = try inputBytes.withUnsafeBufferPointer { (i) throws(GalleyError) -> URLSpans? in
                guard let baseBytes else { return try writeURL(i, base: nil, mode: .parsed, spans: true, to: &out) }
                return try baseBytes.withUnsafeBufferPointer { (b) throws(GalleyError) -> URLSpans? in
                    try writeURL(i, base: b, mode: .parsed, spans: true, to: &out)
                }
            }
            let href = String(decoding: out, as: UTF8.self)
            let want = [url.href, url.protocol, url.username, url.password, url.host, url.hostname, url.port,
                        url.pathname, url.search, url.hash]
            let got = (spans?.ranges ?? []).map { String(decoding: out[$0.0 ..< $0.1], as: UTF8.self) }
            if href != url.href || got != want { failures.append("\(input): \(got) != \(want)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }

    // MARK: Defects of issue 16

    @Test func overlongIDNLabelIsInvalidArgument() {
        let label = String(repeating: "ü", count: 1001)
        for s in ["https://\(label).example/", "https://a.\(label)/x"] {
            #expect {
                _ = try WebURL(parsing: s)
            } throws: { error in
                guard case GalleyError.invalidArgument(let why) = error else { return false }
                return why.contains("1,000 code points")
            }
            #expect(throws: GalleyError.self) { try canonicalURL(s) }
        }
        // 1,000 code points still convert.
        #expect((try? WebURL(parsing: "https://" + String(repeating: "ü", count: 900) + ".example/")) != nil)
    }

    @Test func escapedDriveLetterStaysEscaped() throws {
        #expect(try canon("file:/%43|") == "file:///%43|")
        #expect(try canon("file:///%63%7C/x") == "file:///c%7C/x")
        #expect(try canon("file:///%43:/x") == "file:///%43:/x")
        #expect(try canon("file:///%43x/y") == "file:///Cx/y")
        #expect(try canon("file:///C|/x") == "file:///C:/x")
    }

    /// UTS #46 with CheckBidi applies RFC 5893's rules to every label of a
    /// domain that has a right-to-left label, and rule 1 wants a label to
    /// start with a letter: so "1" fails in "1.אב" (ICU's and the URL
    /// Standard's reading; ada and Python's idna only check labels that hold
    /// right-to-left characters, and accept it).
    @Test func bidiDomainWithDigitLabelIsRejected() {
        #expect {
            _ = try WebURL(parsing: "http://1.אב/")
        } throws: { error in
            guard case GalleyError.invalidArgument(let why) = error else { return false }
            return why.contains("bidi rule (RFC 5893)")
        }
        #expect((try? WebURL(parsing: "http://a1.אב/"))?.hostname == "a1.xn--4dbc")
        #expect((try? WebURL(parsing: "http://1.example/"))?.hostname == "1.example")
    }
}
