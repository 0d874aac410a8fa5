import Testing
@testable import Galley

@Suite("CanonicalURL")
struct CanonicalURLTests {
    func canon(_ s: String, base: String? = nil, options: CanonicalizationOptions = .init()) throws -> String {
        try canonicalURL(s, base: base, options: options).href
    }

    @Test func newsLinkDropsTrackingAndFragment() throws {
        let s = "https://www.Example.com/news/2024/story.html?utm_source=twitter&utm_medium=social"
            + "&UTM_Campaign=x&id=42&fbclid=IwAR0abc&page=2&ref=home&gclid=Cj0&_ga=2.1&mc_eid=abc#comments"
        #expect(try canon(s) == "https://www.example.com/news/2024/story.html?id=42&page=2&ref=home")
    }

    @Test func fragmentKeptWhenAsked() throws {
        var o = CanonicalizationOptions()
        o.dropFragment = false
        #expect(try canon("https://a.example/p?b=1&a=2#Sec%2f", options: o) == "https://a.example/p?a=2&b=1#Sec%2f")
        #expect(try canon("https://a.example/p#x") == "https://a.example/p")
    }

    @Test func escapesUpperCasedAndUnreservedDecoded() throws {
        let lower = try canon("https://a.example/x%2fy")
        #expect(try canon("https://a.example/x%2Fy") == lower)
        #expect(try canon("https://a.example/x%2fy") == "https://a.example/x%2Fy")
        #expect(try canon("https://a.example/%7euser/%41%62%2D%2e%5F%30?q=%7E%c3%a9%3d") ==
            "https://a.example/~user/Ab-._0?q=~%C3%A9%3D")
        // A stray "%" becomes "%25"; decoding never forms a new escape.
        #expect(try canon("https://a.example/%%34%31?a=%zz") == "https://a.example/%2541?a=%25zz")
        // Path case is kept; escapes of reserved characters are kept.
        #expect(try canon("https://a.example/CaSe/%3F%23") == "https://a.example/CaSe/%3F%23")
    }

    @Test func duplicateNamesKeepTheirOrder() throws {
        #expect(try canon("https://a.example/s?tag=z&b=1&tag=a&a=0&tag=m") ==
            "https://a.example/s?a=0&b=1&tag=z&tag=a&tag=m")
        // Sorting compares escape-normalised names.
        #expect(try canon("https://a.example/s?%62=2&a=1&b=3") == "https://a.example/s?a=1&b=2&b=3")
    }

    @Test func sortingCanBeTurnedOff() throws {
        var o = CanonicalizationOptions()
        o.sortQuery = false
        #expect(try canon("https://a.example/?z=1&utm_x=2&a=3", options: o) == "https://a.example/?z=1&a=3")
    }

    @Test func relativeLinkResolvedAgainstBase() throws {
        #expect(try canon("../a?b=1#x", base: "https://News.Example.com/x/y/z") == "https://news.example.com/x/a?b=1")
        #expect(try canon("/p?utm_source=a", base: "http://example.com:80/q") == "http://example.com/p")
    }

    @Test func emptyQueryLosesQuestionMark() throws {
        #expect(try canon("https://a.example/p?utm_source=x&fbclid=y") == "https://a.example/p")
        #expect(try canon("https://a.example/p?") == "https://a.example/p")
        #expect(try canon("https://a.example/p?&&") == "https://a.example/p")
        #expect(try canon("https://a.example/p?a=1&&b=2&") == "https://a.example/p?a=1&b=2")
    }

    @Test func trackingNamesMatchDecodedAndCaseInsensitively() throws {
        #expect(try canon("https://a.example/?%75tm_source=1&FBCLID=2&utm+x=3&k=v") == "https://a.example/?k=v&utm+x=3")
        var o = CanonicalizationOptions()
        o.trackingParameters = ["session id", "x_*"]
        #expect(try canon("https://a.example/?session+id=1&session%20ID=2&x_y=3&utm_source=4", options: o) ==
            "https://a.example/?utm_source=4")
        o.trackingParameters = []
        #expect(try canon("https://a.example/?fbclid=1") == "https://a.example/")
        #expect(try canon("https://a.example/?fbclid=1", options: o) == "https://a.example/?fbclid=1")
    }

    @Test func genericNamesAreNotTracking() {
        let list = Set(CanonicalizationOptions.defaultTrackingParameters.map { $0.lowercased() })
        for name in ["ref", "id", "source", "page", "q", "si", "spm", "lang", "s"] {
            #expect(!list.contains(name), "\(name)")
        }
        for name in ["utm_*", "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "mc_cid",
                     "mc_eid", "_ga", "_gl", "igshid", "twclid", "ttclid", "li_fat_id", "mkt_tok"] {
            #expect(list.contains(name), "\(name)")
        }
    }

    @Test func nonSpecialSchemes() throws {
        #expect(try canon("mailto:Someone@Example.com?subject=Hi%21&utm_source=nl&body=%7e")
            == "mailto:Someone@Example.com?body=~&subject=Hi%21")
        #expect(try canon("urn:isbn:%30%2f1?x") == "urn:isbn:0%2F1?x")
        #expect(try canon("foo://H/%7e/p?b&a#f") == "foo://H/~/p?a&b")
    }

    @Test func userinfoAndHostUntouched() throws {
        #expect(try canon("https://us%65r:p%7e@EXAMPLE.com:443/") == "https://us%65r:p%7e@example.com/")
    }

    @Test func webURLCanonicalized() throws {
        let u = try WebURL(parsing: "https://a.example/x?utm_source=1&b=%7e#f")
        #expect(u.canonicalized().href == "https://a.example/x?b=~")
        let direct = try canonicalURL(u.href)
        #expect(u.canonicalized() == direct)
    }

    @Test func invalidInputThrows() {
        #expect(throws: GalleyError.self) { try canonicalURL("not a url") }
        #expect(throws: GalleyError.self) { try canonicalURL("a", base: "relative") }
    }

    static let samples = [
        "https://a.example/%%34%31%", "https://a.example/a%2e%2E/b/%2e%2e/c?%%%41=%2541",
        "file:///%43:/x", "file://host/%43%3A", "file://host/%43:/..", "file:///%43%7C/", "web+demo:/.//not-a-host/?b=1&a", "data:text/plain,a %20?x#y",
        "https://a.example/?a=1&a=0&A=2&%61=3", "http://[::1]:80/?utm_=1&_ga=2&_gA=3&x=%7e%7E",
        "javascript:alert('%')", "https://a.example/?=&=1&&a", "sc:%7e?%7e#%7e", "https://a.example/?a+b=1&a%20b=2",
    ]

    func expectIdempotent(_ input: String, base: String?, options: CanonicalizationOptions) -> String? {
        guard let once = try? canonicalURL(input, base: base, options: options) else { return nil }
        let twice = once.canonicalized(options: options)
        if twice.href != once.href { return "\(input) → \(once.href) → \(twice.href)" }
        guard let reparsed = try? canonicalURL(once.href, options: options) else { return "\(once.href) fails to reparse" }
        if reparsed.href != once.href { return "\(input) → \(once.href) → \(reparsed.href) (reparsed)" }
        return nil
    }

    @Test func idempotentOnSamples() {
        var keep = CanonicalizationOptions()
        keep.dropFragment = false
        keep.sortQuery = false
        for s in Self.samples {
            for o in [CanonicalizationOptions(), keep] {
                #expect(expectIdempotent(s, base: nil, options: o) == nil)
            }
        }
    }

    @Test
    func idempotentOnURLTestData() throws {
        var keep = CanonicalizationOptions()
        keep.dropFragment = false
        keep.sortQuery = false
        var checked = 0
        var failures: [String] = []
        for c in try URLConformanceData.cases("urltestdata.json") where c["failure"] as? Bool != true {
            let input = try #require(c["input"] as? String)
            let base = c["base"] as? String
            guard (try? WebURL(parsing: input, base: base)) != nil else { continue }
            for o in [CanonicalizationOptions(), keep] {
                if let f = expectIdempotent(input, base: base, options: o) { failures.append(f) }
            }
            checked += 1
        }
        #expect(checked > 500)
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
