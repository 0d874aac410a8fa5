import Foundation
import Testing
@testable import Galley

/// The Web Platform Tests' URL data (`Tests/conformance/urltestdata.json`
/// and `toascii.json`) through `WebURL`.
/// Read from the repository (Tests/conformance); never skipped.
enum URLConformanceData {
    static let directory = TestPaths.conformance

    static func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }

    /// The objects of a JSON array (the strings between them are comments).
    static func cases(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: file(name))
        let array = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
        return array.compactMap { $0 as? [String: Any] }
    }

    /// A string's code points, for comparing inputs exactly: a `Set<String>`
    /// would merge canonically equivalent ones ("\u{2260}" and "=\u{338}").
    static func key(_ s: String) -> [UInt32] { s.unicodeScalars.map(\.value) }

    /// Expects the failing inputs to be exactly the `listed` gaps, compared
    /// code point by code point (no input listed twice): an unlisted
    /// failure, or a listed gap that passes (after an ICU upgrade), fails.
    static func expectOnlyListedGaps(_ file: String, listed: [String],
                                     failures: [(input: String, message: String)],
                                     literal: (String) -> String) {
        let gaps = Set(listed.map(key))
        let failedInputs = Set(failures.map { key($0.input) })
        #expect(gaps.count == listed.count, "url_icu72_gaps.json lists a \(file) input twice")
        let unexpected = failures.filter { !gaps.contains(key($0.input)) }.map(\.message)
        let nowPassing = listed.filter { !failedInputs.contains(key($0)) }
        for f in unexpected { print("  UNEXPECTED FAIL \(f)") }
        for p in nowPassing { print("  LISTED BUT PASSES \(literal(p))") }
        #expect(unexpected.isEmpty, "\(unexpected.count) unlisted failures:\n\(unexpected.joined(separator: "\n"))")
        #expect(nowPassing.isEmpty, "listed ICU 72 gaps that now pass (remove them):\n\(nowPassing.map(literal).joined(separator: "\n"))")
    }
}

/// The known gaps of toascii.json and IdnaTestV2.json on system ICU 72
/// (Tests/vectors/url_icu72_gaps.json, also read by the C test and pytest;
/// its "comment" explains them).
struct URLICU72Gaps: Decodable {
    struct IdnaClass: Decodable {
        let cause: String
        let inputs: [String]
        enum CodingKeys: String, CodingKey { case cause = "class", inputs }
    }
    let toASCII: [String]
    let idnaTestV2: [IdnaClass]
    enum CodingKeys: String, CodingKey { case toASCII = "toascii", idnaTestV2 = "IdnaTestV2" }

    static func load() throws -> URLICU72Gaps {
        let url = TestPaths.vectors.appendingPathComponent("url_icu72_gaps.json")
        return try JSONDecoder().decode(URLICU72Gaps.self, from: Data(contentsOf: url))
    }
}

@Suite("WHATWG URL conformance")
struct URLConformanceTests {
    static func components(_ u: WebURL) -> [(String, String)] {
        [("href", u.href), ("protocol", u.protocol), ("username", u.username),
         ("password", u.password), ("host", u.host), ("hostname", u.hostname), ("port", u.port),
         ("pathname", u.pathname), ("search", u.search), ("hash", u.hash)]
    }

    /// Every case that passes today; raise it as the parser improves (891 = all).
    static let urlTestFloor = 891

    @Test
    func urlTestData() throws {
        let cases = try URLConformanceData.cases("urltestdata.json")
        #expect(cases.count == 891)
        var passed = 0
        var failures: [String] = []
        for c in cases {
            let input = try #require(c["input"] as? String)
            let base = c["base"] as? String  // absent or null: no base
            let label = "input \(String(reflecting: input)) base \(String(reflecting: base))"
            if c["failure"] as? Bool == true {
                if (try? WebURL(parsing: input, base: base)) != nil {
                    failures.append("\(label): parsed, expected failure")
                } else {
                    passed += 1
                }
                continue
            }
            let url: WebURL
            do {
                url = try WebURL(parsing: input, base: base)
            } catch {
                failures.append("\(label): \(error)")
                continue
            }
            var mismatches: [String] = []
            for (name, actual) in Self.components(url) {
                guard let expected = c[name] as? String else { continue }
                if actual != expected {
                    mismatches.append("\(name) \(String(reflecting: actual)) != \(String(reflecting: expected))")
                }
            }
            if mismatches.isEmpty {
                passed += 1
            } else {
                failures.append("\(label): " + mismatches.joined(separator: "; "))
            }
        }
        print("urltestdata.json: \(passed)/\(cases.count) pass")
        for f in failures { print("  FAIL \(f)") }
        #expect(passed >= Self.urlTestFloor, "\(passed)/\(cases.count) pass:\n\(failures.joined(separator: "\n"))")
    }

    /// toascii.json, as the WPT harness runs it: the host of
    /// "https://" + input + "/x", or a parse failure where output is null.
    /// The inputs that fail must be exactly the listed ICU 72 gaps
    /// (Tests/vectors/url_icu72_gaps.json, "toascii"), compared code point by
    /// code point: any other failure, or a listed gap passing after an ICU
    /// upgrade, fails the test.
    @Test
    func toASCII() throws {
        let cases = try URLConformanceData.cases("toascii.json")
        #expect(cases.count == 87)
        let listed = try URLICU72Gaps.load().toASCII
        let gaps = Set(listed.map(URLConformanceData.key))
        var passed = 0
        var failures: [(input: String, message: String)] = []
        var failedInputs = Set<[UInt32]>()
        for c in cases {
            let input = try #require(c["input"] as? String)
            let expected = c["output"] as? String  // null: failure
            let url = try? WebURL(parsing: "https://" + input + "/x")
            if url?.host == expected && (expected == nil || url?.hostname == expected) {
                passed += 1
            } else {
                failedInputs.insert(URLConformanceData.key(input))
                failures.append((input, "\(String(reflecting: input)): got \(String(reflecting: url?.host)), expected \(String(reflecting: expected))"))
            }
        }
        print("toascii.json: \(passed)/\(cases.count) pass; \(failedInputs.intersection(gaps).count) listed ICU 72 gaps")
        URLConformanceData.expectOnlyListedGaps("toascii", listed: listed, failures: failures) { String(reflecting: $0) }
    }
}

@Suite("WebURL")
struct WebURLTests {
    @Test func relativeReferenceAgainstABase() throws {
        let url = try WebURL(parsing: "../b?x#y", base: "https://Example.COM:443/a/c/d")
        #expect(url.href == "https://example.com/a/b?x#y")
        #expect(url.port == "" && url.search == "?x" && url.hash == "#y")
    }

    @Test func failuresCarryAReason() {
        #expect(throws: GalleyError.self) { try WebURL(parsing: "https://exa mple.org/") }
        do {
            _ = try WebURL(parsing: "http://[1:2::3::4]/")
            Issue.record("parsed an IPv6 address with two \"::\"")
        } catch {
            guard case .invalidArgument(let reason) = error else { Issue.record("\(error)"); return }
            #expect(reason.contains("IPv6"))
        }
        #expect(throws: GalleyError.self) { try WebURL(parsing: "/relative", base: "not a url") }
    }

    @Test func hostsOfEachKind() throws {
        #expect(try WebURL(parsing: "http://0x7f.1/").hostname == "127.0.0.1")
        #expect(try WebURL(parsing: "http://[0:0:0:0:0:ffff:192.168.0.1]/").hostname == "[::ffff:c0a8:1]")
        #expect(try WebURL(parsing: "https://Bücher.example/").hostname == "xn--bcher-kva.example")
        #expect(try WebURL(parsing: "sc://Ü%20x/").hostname == "%C3%9C%20x")
        #expect(try WebURL(parsing: "file:///C|/x/../../y").href == "file:///C:/y")
    }

    @Test func domainToASCIIIsThreadSafe() async throws {
        try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<16 {
                group.addTask { try domainToASCII("Bücher.Example") }
            }
            for try await r in group { #expect(r == "xn--bcher-kva.example") }
        }
    }
}
