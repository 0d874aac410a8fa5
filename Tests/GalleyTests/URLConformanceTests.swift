import Foundation
import Testing
@testable import Galley

/// The Web Platform Tests' URL data (`../shared/conformance/urltestdata.json`
/// and `toascii.json`, beside the team's checkout) through `WebURL`.
/// Skipped where `../shared` is absent.
enum URLConformanceData {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Tests/GalleyTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .deletingLastPathComponent()  // its parent
        .appendingPathComponent("shared/conformance")

    static func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name).path) }

    /// The objects of a JSON array (the strings between them are comments).
    static func cases(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: file(name))
        let array = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
        return array.compactMap { $0 as? [String: Any] }
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

    @Test(.enabled(if: URLConformanceData.exists("urltestdata.json"),
                   "../shared/conformance/urltestdata.json is absent (it sits beside the team's checkout)"))
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

    /// Every toascii.json case that passes today (87 = all). The seven that
    /// fail need UTS #46 data newer than system ICU 72 (Unicode 15.0) has:
    /// Unicode 15.1 maps U+1E9E to "ß" (ICU 72: "ss"), and Unicode 16.0 maps
    /// or ignores U+04C0, U+2F868 (a CJK compatibility ideograph for U+36FC), U+2183, U+180E and U+206B (ICU 72: disallowed).
    /// Those inputs, listed so that any other failure — or one of these
    /// passing after an ICU upgrade — fails the test.
    static let toASCIIICU72Gaps: Set<String> = [
        "\u{1E9E}.com", "\u{1E9E}.foo.com", "\u{04C0}.com", "\u{2F868}.com", "\u{2183}.com",
        "look\u{180E}out.net", "look\u{206B}out.net",
    ]

    /// toascii.json, as the WPT harness runs it: the host of
    /// "https://" + input + "/x", or a parse failure where output is null.
    @Test(.enabled(if: URLConformanceData.exists("toascii.json"),
                   "../shared/conformance/toascii.json is absent (it sits beside the team's checkout)"))
    func toASCII() throws {
        let cases = try URLConformanceData.cases("toascii.json")
        #expect(cases.count == 87)
        var passed = 0
        var failures: [String] = []
        var failedInputs = Set<String>()
        for c in cases {
            let input = try #require(c["input"] as? String)
            let expected = c["output"] as? String  // null: failure
            let url = try? WebURL(parsing: "https://" + input + "/x")
            if url?.host == expected && (expected == nil || url?.hostname == expected) {
                passed += 1
            } else {
                failedInputs.insert(input)
                failures.append("\(String(reflecting: input)): got \(String(reflecting: url?.host)), expected \(String(reflecting: expected))")
            }
        }
        print("toascii.json: \(passed)/\(cases.count) pass; \(failedInputs.count) listed ICU 72 gaps")
        for f in failures { print("  FAIL \(f)") }
        #expect(failedInputs == Self.toASCIIICU72Gaps, "\(passed)/\(cases.count) pass:\n\(failures.joined(separator: "\n"))")
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
