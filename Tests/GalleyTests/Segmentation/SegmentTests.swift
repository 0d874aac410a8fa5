import Testing
@testable import Galley

@Suite("Segmenter")
struct SegmentTests {
    @Test func convenienceFunctions() throws {
        #expect(try sentences(in: "It rained. We stayed in.") == ["It rained.", "We stayed in."])
        #expect(try words(in: "Don't panic, 42!") == ["Don't", "panic", ",", "42", "!"])
        #expect(try paragraphs(in: "One\ntwo\n\nThree") == ["One\ntwo", "Three"])
        #expect(try graphemes(in: "e\u{301}🇺🇦") == ["e\u{301}", "🇺🇦"])
    }

    @Test func wordKinds() throws {
        let segs = try Segmenter(.word, language: "ja").segments(of: "東京へ 3 apples ひらがな")
        let text = "東京へ 3 apples ひらがな"
        let kinds = segs.map { "\($0.text(in: text)):\($0.kind.name)" }
        #expect(kinds.contains("3:number"))
        #expect(kinds.contains("apples:letter"))
        #expect(kinds.contains { $0.hasSuffix(":ideographic") })
    }

    @Test func emptyAndWhitespaceInput() throws {
        for unit in SegmentUnit.allCases {
            let s = try Segmenter(unit)
            #expect(try s.segments(of: "").isEmpty)
            let keep = try Segmenter(unit, keepWhitespace: true)
            #expect(try keep.segments(of: "").isEmpty)
            // Whitespace only: nothing, or one segment covering it all.
            let ws = " \n\t "
            if unit != .grapheme { #expect(try s.segments(of: ws).isEmpty) }
            let parts = try keep.segments(of: ws)
            #expect(parts.first?.range.lowerBound == 0 && parts.last?.range.upperBound == ws.utf8.count)
        }
    }

    @Test func keepWhitespacePartitionsText() throws {
        let text = "  Dr. Who arrived.\r\n\r\nHe left!  Then?\u{2029}End. "
        for unit in SegmentUnit.allCases {
            let segs = try Segmenter(unit, keepWhitespace: true).segments(of: text)
            #expect(segs.first?.range.lowerBound == 0)
            #expect(segs.last?.range.upperBound == text.utf8.count)
            for (a, b) in zip(segs, segs.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
        }
    }

    @Test func scalarOffsets() throws {
        let text = "𝒳 is big. 😀 Yes."
        let s = try Segmenter(.sentence, offsetUnit: .unicodeScalars).segments(of: text)
        let scalars = Array(text.unicodeScalars)
        let texts = s.map { String(String.UnicodeScalarView(scalars[$0.range])) }
        #expect(texts == ["𝒳 is big.", "😀 Yes."])
    }

    @Test func malformedLanguageTag() {
        for unit in SegmentUnit.allCases {
            #expect(throws: GalleyError.self) { try Segmenter(unit, language: "not a tag!") }
        }
        // Well formed but unknown to ICU: root rules.
        #expect(throws: Never.self) { try Segmenter(.sentence, language: "tlh") }
    }

    @Test func paragraphRules() throws {
        let p = { (t: String) in try paragraphs(in: t).map(String.init) }
        #expect(try p("a\r\rb") == ["a", "b"])                  // CR line ends
        #expect(try p("a\r\n \r\nb") == ["a", "b"])             // whitespace-only line is blank
        #expect(try p("hard\nwrapped\nlines") == ["hard\nwrapped\nlines"])
        #expect(try p("a\u{2029}b") == ["a", "b"])              // PARAGRAPH SEPARATOR
        #expect(try p("a\u{2028}b") == ["a\u{2028}b"])          // LINE SEPARATOR does not split
        #expect(try p("\u{A0}a\u{3000}\n\n\u{2003}b ") == ["a", "b"])  // Unicode spaces trimmed
        // A run of list items is one block, even with blank lines between items.
        #expect(try p("Read also:\n\n- One\n\n- Two\n\n• Three\n\nBody.") == ["Read also:", "- One\n\n- Two\n\n• Three", "Body."])
        #expect(try p("1. First\n\n2) Second\n\nNot an item") == ["1. First\n\n2) Second", "Not an item"])
        #expect(try p("- a\u{2029}- b") == ["- a", "- b"])        // U+2029 always separates
        // A thematic break is not a list item: it never joins a list.
        #expect(try p("- a\n- b\n\n* * *\n\n- c") == ["- a\n- b", "* * *", "- c"])
        #expect(try p("* One\n\n*   *   *\n\n---\n\nBody.") == ["* One", "*   *   *", "---", "Body."])
        #expect(try p("* * * stars\n\n* more") == ["* * * stars\n\n* more"])   // an item that starts with stars
        let keep = try Segmenter(.paragraph, keepWhitespace: true).split("- a\n\n- b\n\nc")
        #expect(keep == ["- a\n\n- b\n\n", "c"])
    }

    @Test func largeInput() throws {
        let sentence = "The quick brown fox jumps over the lazy dog. "
        let text = String(repeating: sentence, count: 200_000)   // 9 MB
        let segs = try Segmenter(.sentence).segments(of: text)
        #expect(segs.count == 200_000)
        #expect(segs.last?.range.upperBound == text.utf8.count - 1)
    }

    @Test func errorDescriptions() {
        #expect(GalleyError.invalidUTF8(offset: 7).description == "invalid UTF-8 at byte offset 7")
        #expect(GalleyError.tooLarge(length: 5, limit: 4).description.contains("larger than"))
    }
}
