import Foundation
import Testing
@testable import Galley

/// The shared vectors (Tests/vectors/normalization.json), also read by the
/// C test and pytest.
struct NormalizationVectors: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let name: String
        let text: String
        let form: String
        let fold_quotes: Bool
        let fold_dashes: Bool
        let collapse_spaces: Bool
        let expected: String
        /// originalOffset for every UTF-8 offset 0...expected.utf8.count.
        let starts: [Int]
        /// originalEndOffset for every UTF-8 offset 0...expected.utf8.count.
        let ends: [Int]
        var testDescription: String { name }

        var options: NormalizationOptions {
            NormalizationOptions(form: form == "NFKC" ? .nfkc : .nfc, foldQuotes: fold_quotes,
                                 foldDashes: fold_dashes, collapseSpaces: collapse_spaces)
        }
    }
    let cases: [Case]

    static let shared: NormalizationVectors = {
        let url = TestPaths.vectors.appendingPathComponent("normalization.json")
        let data = try! Data(contentsOf: url)
        return try! JSONDecoder().decode(NormalizationVectors.self, from: data)
    }()
}

/// Checks what every map must satisfy, for any input: offsets are
/// non-decreasing, both ends map to both ends, text kept exactly maps to the
/// same bytes, and every span maps to original text that normalizes to
/// something containing the span's text.
func checkMap(_ original: String, _ n: NormalizedText, _ options: NormalizationOptions,
              sourceLocation: SourceLocation = #_sourceLocation) throws {
    let o = Array(original.utf8), t = Array(n.text.utf8)
    #expect(n.count == t.count && n.originalCount == o.count, sourceLocation: sourceLocation)
    #expect(n.originalOffset(n.count) == o.count, sourceLocation: sourceLocation)
    #expect(n.originalEndOffset(0) == 0, sourceLocation: sourceLocation)
    var previousStart = 0, previousEnd = 0
    // Scalar boundaries of the normalized text.
    var bounds: [Int] = []
    for (k, b) in t.enumerated() where b & 0xC0 != 0x80 { bounds.append(k) }
    bounds.append(t.count)
    for k in 0...t.count {
        let s = n.originalOffset(k), e = n.originalEndOffset(k)
        #expect(s >= previousStart && e >= previousEnd && e <= o.count, "offset \(k)", sourceLocation: sourceLocation)
        previousStart = s
        previousEnd = e
    }
    for (a, b) in zip(bounds, bounds.dropFirst()) {
        let r = n.originalRange(a..<b)
        #expect(r.lowerBound <= r.upperBound && r.upperBound <= o.count, sourceLocation: sourceLocation)
        let piece = Array(t[a..<b]), from = Array(o[r])
        // A character kept as it was maps to itself.
        if from == piece { continue }
        // Otherwise the original normalizes to text that contains it (a
        // rewritten stretch, a replaced space, a folded quote).
        let again = try from.withUnsafeBufferPointer { try normalize(utf8: $0, options: options) }
        let pieceText = String(decoding: piece, as: UTF8.self)
        #expect(containsBytes(Array(again.text.utf8), piece) || pieceText == " ",
                "\(pieceText.debugDescription) from \(String(decoding: from, as: UTF8.self).debugDescription)",
                sourceLocation: sourceLocation)
    }
}

/// Byte-wise search (String.contains compares graphemes, so "Å̈" would not
/// contain "Å").
func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    if needle.isEmpty { return true }
    if needle.count > haystack.count { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        if Array(haystack[start..<(start + needle.count)]) == needle { return true }
    }
    return false
}

@Suite("Normalization")
struct NormalizeTests {
    @Test(arguments: NormalizationVectors.shared.cases)
    func vector(_ c: NormalizationVectors.Case) throws {
        let n = try normalize(c.text, options: c.options)
        #expect(n.text == c.expected)
        let count = c.expected.utf8.count
        #expect(c.starts.count == count + 1 && c.ends.count == count + 1, "vector has a short map")
        #expect((0...count).map(n.originalOffset) == c.starts)
        #expect((0...count).map(n.originalEndOffset) == c.ends)
        try checkMap(c.text, n, c.options)
        // Bytes in, the same out.
        let bytes = Array(c.text.utf8)
        let viaBytes = try bytes.withUnsafeBufferPointer { try normalize(utf8: $0, options: c.options) }
        #expect(viaBytes == n)
    }

    @Test func removedCharacters() throws {
        for c: UInt32 in [0x00, 0x01, 0x08, 0x0E, 0x1F, 0x7F, 0x80, 0x9F, 0xAD, 0x180E,
                          0x200B, 0x2060, 0xFEFF] {
            let text = "a" + String(Character(Unicode.Scalar(c)!)) + "b"
            let n = try normalize(text)
            #expect(n.text == "ab", "U+\(String(c, radix: 16))")
            #expect(n.originalRange(0..<1) == 0..<1 && n.originalRange(1..<2) == (text.utf8.count - 1)..<text.utf8.count)
        }
        // Kept: the joiners, which carry meaning (emoji sequences, Indic and Persian spelling).
        for text in ["👨\u{200D}👩\u{200D}👧", "क्\u{200D}ष", "می\u{200C}خواهم"] {
            #expect(try normalize(text).text == text.precomposedStringWithCanonicalMapping)
        }
        // Kept: tab, line ends, NEL.
        for c in ["\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"] {
            #expect(try normalize("a" + c + "b").text == "a" + c + "b")
        }
    }

    @Test func spaces() throws {
        for c: UInt32 in [0xA0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006,
                          0x2007, 0x2008, 0x2009, 0x200A, 0x202F, 0x205F, 0x3000] {
            let space = String(Character(Unicode.Scalar(c)!))
            let n = try normalize("a" + space + "b")
            #expect(n.text == "a b", "U+\(String(c, radix: 16))")
            #expect(n.originalRange(1..<2) == 1..<(1 + space.utf8.count))
            let kept = try normalize("a" + space + space + "b", options: .init(collapseSpaces: false))
            #expect(kept.text == "a  b")
        }
        #expect(try normalize("a \t\u{A0} b").text == "a b")
        #expect(try normalize("a\tb").text == "a\tb")                      // a lone tab stays
        #expect(try normalize("a\t\tb").text == "a b")
        #expect(try normalize("  lead\n  next  \r\nend \u{2003}").text == " lead\n next\r\nend")
        #expect(try normalize("x \u{2028}y \u{85}z \u{2029}").text == "x\u{2028}y\u{85}z\u{2029}")
        #expect(try normalize("a  \n", options: .init(collapseSpaces: false)).text == "a  \n")
        // The first of a run of spaces is kept exactly, the rest removed.
        let n = try normalize("one   two")
        #expect(n.text == "one two")
        #expect(n.originalRange(3..<4) == 3..<4)
        #expect(n.originalOffset(4) == 6)
        #expect(n.originalRange(0..<7) == 0..<9)
    }

    @Test func folding() throws {
        let quotes = "“a” „b‟ «c» ‹d› ‘e’ ‚f‛"
        #expect(try normalize(quotes, options: .init(foldQuotes: true)).text == #""a" "b" "c" "d" 'e' 'f'"#)
        #expect(try normalize(quotes).text == quotes)
        let dashes = "a‐b‑c‒d–e—f―g−h"
        #expect(try normalize(dashes, options: .init(foldDashes: true)).text == "a-b-c-d-e-f-g-h")
        #expect(try normalize(dashes).text == dashes)
        let n = try normalize("“Hi” — ok", options: .init(foldQuotes: true, foldDashes: true))
        #expect(n.text == #""Hi" - ok"#)
        #expect(n.originalRange(0..<4) == 0..<8)       // “Hi”
        #expect(n.originalRange(5..<6) == 9..<12)      // —
    }

    @Test func nfcAndNFKC() throws {
        #expect(try normalize("Cafe\u{301}").text == "Café")
        // Removal comes first, so the mark composes with its base.
        #expect(try normalize("e\u{200B}\u{301}").text == "é")
        #expect(try normalize("e\u{1}\u{301}").text == "é")
        // Reordered marks: dot below (ccc 220) before acute (230).
        let r = try normalize("q\u{301}\u{323}x")
        #expect(r.text == "q\u{323}\u{301}x")
        #expect(r.originalRange(0..<5) == 0..<5 && r.originalOffset(2) == 0 && r.originalEndOffset(3) == 5)
        #expect(r.originalRange(5..<6) == 5..<6)
        // NFC keeps compatibility characters; NFKC does not.
        let compat = "ﬁne ①Ａ² ｶ"
        #expect(try normalize(compat).text == compat)
        let k = try normalize(compat, options: .init(form: .nfkc))
        #expect(k.text == "fine 1A2 カ")
        #expect(k.originalRange(0..<2) == 0..<3)        // "fi" ← "ﬁ"
        #expect(k.originalOffset(1) == 0 && k.originalEndOffset(1) == 3)
        #expect(k.originalRange(2..<4) == 3..<5)        // "ne" exact
        // NFKC turns U+00A8 into a space and a mark: the space joins the run.
        let d = try normalize("a \u{A8}b", options: .init(form: .nfkc))
        #expect(d.text == "a \u{308}b")
        try checkMap("a \u{A8}b", d, .init(form: .nfkc))
    }

    @Test func invalidUTF8AndEmpty() throws {
        #expect(try normalize("").text == "")
        #expect(try normalize("").originalOffset(0) == 0)
        let bad: [UInt8] = [0x61, 0x62, 0xE2, 0x82, 0x61]
        #expect(throws: GalleyError.invalidUTF8(offset: 2)) {
            try bad.withUnsafeBufferPointer { try normalize(utf8: $0) }
        }
        let empty = try normalize(utf8: UnsafeBufferPointer(start: nil, count: 0))
        #expect(empty.text.isEmpty && empty.count == 0 && empty.originalCount == 0)
        // Only removed characters.
        let gone = try normalize("\u{FEFF}\u{200B}  \n")
        #expect(gone.text == "\n" && gone.originalOffset(0) == 8 && gone.originalOffset(1) == 9)
    }

    @Test func scalarOffsets() throws {
        let text = "\u{FEFF}𝒳\u{A0}\u{A0}is ﬁne.\u{200B} Yes."
        let n = try normalize(text, options: .init(form: .nfkc, offsetUnit: .unicodeScalars))
        #expect(n.text == "X is fine. Yes.")      // NFKC: 𝒳 (mathematical script) is an X
        let scalars = Array(text.unicodeScalars)
        #expect(n.count == n.text.unicodeScalars.count && n.originalCount == scalars.count)
        let out = Array(n.text.unicodeScalars)
        let sentences = try Segmenter(.sentence, offsetUnit: .unicodeScalars).segments(of: n.text)
        let back = sentences.map { s -> String in
            let r = n.originalRange(s.range)
            return String(String.UnicodeScalarView(scalars[r]))
        }
        #expect(sentences.map { String(String.UnicodeScalarView(out[$0.range])) } == ["X is fine.", "Yes."])
        #expect(back == ["𝒳\u{A0}\u{A0}is ﬁne.", "Yes."])
    }

    @Test func sentencesMapBack() throws {
        let text = "\u{FEFF}Dr.\u{A0}Smith  arrived\u{AD} today.\u{200B}   He   left.  \n\n“Fine,” she said."
        let n = try normalize(text, options: .init(foldQuotes: true))
        #expect(n.text == "Dr. Smith arrived today. He left.\n\n\"Fine,\" she said.")
        let utf8 = Array(text.utf8)
        let back = try Segmenter(.sentence).segments(of: n.text).map {
            String(decoding: utf8[n.originalRange($0.range)], as: UTF8.self)
        }
        #expect(back == ["Dr.\u{A0}Smith  arrived\u{AD} today.", "He   left.", "“Fine,” she said."])
    }

    /// Random text from characters that exercise every rule: the result is
    /// normalized (idempotent; NFC as Foundation computes it) and the map
    /// holds its invariants.
    @Test func randomText() throws {
        let alphabet: [String] = ["a", "e", "q", "K", " ", " ", "  ", "\t", "\n", "\r\n", ".", "\u{301}",
                                  "\u{323}", "\u{308}", "\u{A0}", "\u{2009}", "\u{3000}", "\u{200B}",
                                  "\u{200D}", "\u{AD}", "\u{FEFF}", "\u{1}", "\u{7F}", "\u{9C}", "\u{85}",
                                  "é", "ﬁ", "Ａ", "①", "\u{A8}", "“", "”", "’", "—", "−", "ｶ", "\u{FF9E}",
                                  "가", "\u{1100}", "\u{1161}", "\u{11A8}", "👍🏽", "𝒳", "Å", "\u{212B}"]
        var rng = SystemRandomNumberGenerator()
        for round in 0..<400 {
            let length = Int.random(in: 0..<40, using: &rng)
            let text = (0..<length).map { _ in alphabet.randomElement(using: &rng)! }.joined()
            for options in [NormalizationOptions(), .init(form: .nfkc, foldQuotes: true, foldDashes: true),
                            .init(collapseSpaces: false)] {
                let n = try normalize(text, options: options)
                #expect(try normalize(n.text, options: options).text == n.text,
                        "round \(round): not idempotent for \(text.debugDescription)")
                if options.form == .nfc {
                    let nfc = n.text.precomposedStringWithCanonicalMapping
                    #expect(Array(nfc.unicodeScalars) == Array(n.text.unicodeScalars),
                            "round \(round): not NFC for \(text.debugDescription)")
                }
                try checkMap(text, n, options)
            }
        }
    }

    @Test func largeInput() throws {
        let paragraph = "The quick\u{A0}brown fox “jumps”  over the lazy dog.\u{200B} Ünïcödé\u{301} ﬁsh.\n"
        let text = String(repeating: paragraph, count: 100_000)   // 7.7 MB
        let n = try normalize(text, options: .init(form: .nfkc, foldQuotes: true))
        let expected = "The quick brown fox \"jumps\" over the lazy dog. Ünïcödé\u{301} fish.\n"
        #expect(n.text == String(repeating: expected, count: 100_000))
        #expect(n.originalOffset(n.count) == text.utf8.count)
        let per = paragraph.utf8.count, perOut = expected.utf8.count
        #expect(n.originalRange((perOut * 99_999)..<(perOut * 99_999 + 3)) == (per * 99_999)..<(per * 99_999 + 3))
    }

    @Test func mapStaysSmallForCleanText() throws {
        let text = String(repeating: "Plain ASCII prose, with one space between words.\n", count: 20_000)
        let n = try normalize(text)
        #expect(n.text == text)
        #expect(n.mapCheckpoints == 2)
    }
}

@Suite("galley normalize", .enabled(if: CLI.executable != nil, "the galley executable is not built"))
struct NormalizeCLITests {
    @Test func plain() throws {
        let r = try CLI.run(["normalize"], stdin: Data("Tea\u{A0}\u{A0}time.\u{200B}  Done. \n".utf8))
        #expect(r.status == 0)
        #expect(r.out == "Tea time. Done.\n")
    }

    @Test func options() throws {
        let input = Data("“ﬁne” — ok  \tx".utf8)
        let all = try CLI.run(["normalize", "--form", "nfkc", "--fold-quotes", "--fold-dashes"], stdin: input)
        #expect(all.out == "\"fine\" - ok x")
        let none = try CLI.run(["normalize", "--no-collapse-spaces"], stdin: input)
        #expect(none.out == "“ﬁne” — ok  \tx")
        let bad = try CLI.run(["normalize", "--form", "nfd"], stdin: input)
        #expect(bad.status != 0)
    }

    @Test func jsonl() throws {
        var input = Data("{\"text\":\"a\\u00a0 b\\n\",\"lang\":\"en\"}\n".utf8)
        input.append(contentsOf: [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D, 0x0A]) // {"text":"\xFF"}
        input.append(Data("{\"txt\":\"x\"}\n{\"text\":\"Ｃａｆｅ\\u0301\"}\n".utf8))
        let r = try CLI.run(["normalize", "--jsonl", "--form", "nfkc"], stdin: input)
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == #"{"text":"a b\n"}"#)
        #expect(lines[1].hasPrefix(#"{"id":null,"source":"<stdin>:2","error":"#) && lines[1].contains("invalid UTF-8 at byte offset 9"))
        #expect(lines[2].hasPrefix(#"{"id":null,"source":"<stdin>:3","error":"#) && lines[2].contains("missing"))
        #expect(lines[3] == #"{"text":"Café"}"#)
        #expect(r.status == 1)
    }

    @Test func invalidUTF8() throws {
        let r = try CLI.run(["normalize"], stdin: Data([0x61, 0x62, 0xC0, 0xAF]))
        #expect(r.status == 1)
        #expect(r.err.contains("invalid UTF-8 at byte offset 2"))
        let empty = try CLI.run(["normalize"], stdin: Data())
        #expect(empty.status == 0 && empty.out.isEmpty)
    }
}

@Suite("galley normalize files", .enabled(if: CLI.executable != nil, "the galley executable is not built"))
struct NormalizeCLIFileTests {
    @Test func severalFilesGetHeadersAndEndWithANewline() throws {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("galley-normalize-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.txt"), b = dir.appendingPathComponent("b.txt")
        try Data("one\u{A0}\u{A0}two".utf8).write(to: a)
        try Data("“three”\n".utf8).write(to: b)
        let r = try CLI.run(["normalize", "--fold-quotes", a.path, b.path, dir.appendingPathComponent("none.txt").path],
                            stdin: Data())
        #expect(r.out == "==> \(a.path) <==\none two\n==> \(b.path) <==\n\"three\"\n")
        #expect(r.status == 1 && r.err.contains("none.txt"))
    }
}
