import Foundation
import Testing
@testable import Galley

/// Unicode's IDNA conformance data in the Web Platform Tests' form
/// (`Tests/conformance/IdnaTestV2.json`: objects with "input", "output"
/// — null for a failure — and maybe "comment"), run as WPT's
/// IdnaTestV2.window.js runs it: `new URL("https://" + input + "/x")` must
/// fail, or give that host, hostname, pathname "/x" and href.
/// Read from the repository (Tests/conformance); never skipped.
@Suite("IdnaTestV2")
struct IdnaTestV2Tests {
    /// The inputs that fail on system ICU 72 (Unicode 15.0 UTS #46 data),
    /// because the file follows UTS #46 for Unicode 17.0: the "IdnaTestV2"
    /// classes of Tests/vectors/url_icu72_gaps.json (shared with the C test
    /// and pytest; each class says which newer mapping its inputs need).
    /// Compared scalar by scalar (not as a Set<String>, whose canonical
    /// equivalence would merge "\u{2260}" with "=\u{338}"), so any other
    /// failure — or one of these passing after an ICU upgrade — fails the test.
    static func icu72Gaps() throws -> [String] {
        try URLICU72Gaps.load().idnaTestV2.flatMap(\.inputs)
    }

    /// The cases of IdnaTestV2.json. Two inputs ("a\\ud900z", "A\\ud900Z")
    /// hold a lone surrogate, which neither JSONSerialization nor a Swift
    /// String can carry; WPT passes the input to `new URL()` as a USVString,
    /// which turns a lone surrogate into U+FFFD, so the same is done here to
    /// the JSON text before decoding.
    static func cases() throws -> [[String: Any]] {
        let text = try String(contentsOf: URLConformanceData.file("IdnaTestV2.json"), encoding: .utf8)
        let lone = try NSRegularExpression(
            pattern: #"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"#)
        let fixed = lone.stringByReplacingMatches(
            in: text, range: NSRange(text.startIndex..., in: text), withTemplate: #"\\uFFFD"#)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(fixed.utf8)) as? [Any])
        return array.compactMap { $0 as? [String: Any] }
    }

    /// As WPT does, so that ":", "/", "?", "#" and "\" reach the host parser
    /// rather than end the host.
    static func encodeHostEndingCodePoints(_ input: String) -> String {
        var out = ""
        for ch in input.unicodeScalars {
            switch ch {
            case ":": out += "%3A"
            case "/": out += "%2F"
            case "?": out += "%3F"
            case "#": out += "%23"
            case "\\": out += "%5C"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// A Swift literal for `s`, non-ASCII and controls as \u{...}.
    static func literal(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            if u == "\"" || u == "\\" {
                out += "\\" + String(u)
            } else if u.value >= 0x20 && u.value < 0x7F {
                out.unicodeScalars.append(u)
            } else {
                out += "\\u{" + String(u.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out + "\""
    }

    /// Whether `input` gives `expected` (nil: a failure) as WPT checks it.
    static func passes(_ input: String, _ expected: String?) -> Bool {
        let url = try? WebURL(parsing: "https://" + encodeHostEndingCodePoints(input) + "/x")
        guard let expected else { return url == nil }
        guard let url else { return false }
        return url.host == expected && url.hostname == expected && url.pathname == "/x"
            && url.href == "https://\(expected)/x"
    }

    @Test
    func idnaTestV2() throws {
        let cases = try Self.cases()
        #expect(cases.count == 2671)
        let listed = try Self.icu72Gaps()
        var run = 0
        var passed = 0
        var failures: [(input: String, message: String)] = []
        var failedInputs = Set<[UInt32]>()
        for c in cases {
            let input = try #require(c["input"] as? String)
            if input.isEmpty { continue }  // as WPT: "" cannot go through new URL()
            run += 1
            let expected = c["output"] as? String
            if Self.passes(input, expected) {
                passed += 1
            } else {
                failedInputs.insert(URLConformanceData.key(input))
                let got = try? WebURL(parsing: "https://" + Self.encodeHostEndingCodePoints(input) + "/x")
                failures.append((input, "\(Self.literal(input)): got \(got.map { Self.literal($0.href) } ?? "failure"), expected \(expected.map(Self.literal) ?? "failure")"))
            }
        }
        let gaps = Set(listed.map(URLConformanceData.key))
        print("IdnaTestV2.json: \(passed)/\(run) pass; \(failedInputs.count) fail, all listed ICU 72 gaps: \(failedInputs == gaps)")
        URLConformanceData.expectOnlyListedGaps("IdnaTestV2", listed: listed, failures: failures, literal: Self.literal)
    }
}
