import Testing
@testable import Galley

/// The Markdown layer, one construct at a time, on texts of our own.
@Suite("Markdown scan")
struct MarkdownScanTests {
    func sub(_ text: String, _ r: Range<Int>?) -> String? {
        guard let r else { return nil }
        return String(decoding: Array(text.utf8)[r], as: UTF8.self)
    }

    @Test func inlineLinkWithTitle() {
        let t = #"See [the report](https://example.org/a/ "Go to Example") now."#
        let scan = MarkdownScan(t)
        #expect(scan.links.count == 1)
        let l = scan.links[0]
        #expect(l.kind == .inline && !l.isImage)
        #expect(sub(t, l.text) == "the report")
        #expect(sub(t, l.destination) == "https://example.org/a/")
        #expect(sub(t, l.title) == "Go to Example")
        #expect(sub(t, l.range) == #"[the report](https://example.org/a/ "Go to Example")"#)
    }

    @Test func unescapedQuotesInsideATitle() {
        // html2text writes a title's quotes as they are.
        let t = #"[Story](https://e.org/s "He said "no". Then left") and more"#
        let l = MarkdownScan(t).links
        #expect(l.count == 1)
        #expect(sub(t, l.first?.title) == #"He said "no". Then left"#)
    }

    @Test func titleInSingleQuotesAndParentheses() {
        for (t, title) in [("[a](u 'T one')", "T one"), ("[a](u (T two))", "T two")] {
            let scan = MarkdownScan(t)
            #expect(scan.links.count == 1)
            #expect(sub(t, scan.links.first?.title) == title)
            #expect(sub(t, scan.links.first?.destination) == "u")
        }
    }

    @Test func escapedParenthesisStaysInTheDestination() {
        let t = #"[Print](javascript:window.print\(\)) and more"#
        let scan = MarkdownScan(t)
        #expect(scan.links.count == 1)
        let d = scan.links[0].destination!
        #expect(sub(t, d) == #"javascript:window.print\(\)"#)
        #expect(MarkdownScan.unescaped(d, in: t) == "javascript:window.print()")
    }

    @Test func balancedParenthesesInADestination() {
        let t = "[Wiki](https://en.example.org/wiki/Foo_(bar)) end"
        #expect(sub(t, MarkdownScan(t).links.first?.destination) == "https://en.example.org/wiki/Foo_(bar)")
    }

    @Test func angleBracketDestination() {
        let t = "[a b](<https://example.org/with space> \"t\")"
        let l = MarkdownScan(t).links
        #expect(l.count == 1)
        #expect(sub(t, l.first?.destination) == "https://example.org/with space")
        #expect(sub(t, l.first?.title) == "t")
    }

    @Test func referenceLinksAndDefinitions() {
        let t = "Read [the story][s1], [Other][] and [other].\n\n[s1]: https://example.org/1 \"One\"\n[OTHER]: <https://example.org/2>\n"
        let scan = MarkdownScan(t)
        #expect(scan.definitions.count == 2)
        #expect(scan.links.map(\.kind) == [.reference, .reference, .reference])
        #expect(scan.links.map { sub(t, $0.text)! } == ["the story", "Other", "other"])
        #expect(scan.links.map { sub(t, $0.destination)! }
                == ["https://example.org/1", "https://example.org/2", "https://example.org/2"])
        #expect(sub(t, scan.links[0].title) == "One")
        // Without a definition, brackets are text.
        #expect(MarkdownScan("[nothing] here [and][none]").links.isEmpty)
    }

    @Test func imagesAndImagesInsideLinks() {
        let t = "[![Photo](https://example.org/p.jpg)](https://example.org/story)"
        let scan = MarkdownScan(t)
        #expect(scan.links.count == 2)
        #expect(scan.links[0].isImage == false && sub(t, scan.links[0].destination) == "https://example.org/story")
        #expect(scan.links[1].isImage && sub(t, scan.links[1].text) == "Photo")
        #expect(scan.protectedRanges == [0..<t.utf8.count])
    }

    @Test func emptyImageLink() {
        let t = "[ ](https://example.org/a)\n## [Title](https://example.org/a)"
        let scan = MarkdownScan(t)
        #expect(scan.links.count == 2)
        #expect(sub(t, scan.links[0].text) == " ")
        #expect(scan.headings.count == 1)
    }

    @Test func severalLinksOnOneLine() {
        let t = "[One](https://e.org/1) | [Two](https://e.org/2) · [Three](https://e.org/3)"
        #expect(MarkdownScan(t).links.map { sub(t, $0.text)! } == ["One", "Two", "Three"])
    }

    @Test func aURLAsLinkText() {
        let t = "Canonization ([www.\\*.com](about:blank)) and [https://e.org/?](https://e.org/?) too"
        let scan = MarkdownScan(t)
        #expect(scan.links.map { sub(t, $0.text)! } == ["www.\\*.com", "https://e.org/?"])
    }

    @Test func bracketsInLinkText() {
        let t = "[a [b] c](u)"
        #expect(sub(t, MarkdownScan(t).links.first?.text) == "a [b] c")
    }

    @Test func notLinks() {
        #expect(MarkdownScan("a [b] (c)").links.isEmpty)       // a space before (
        #expect(MarkdownScan("[b](c d e)").links.isEmpty)      // not a title
        #expect(MarkdownScan("\\[b](c)").links.isEmpty)        // escaped bracket
        #expect(MarkdownScan("[b](c\n\n)").links.isEmpty)      // a blank line
        #expect(MarkdownScan("[a\n\nb](c)").links.isEmpty)
    }

    @Test func autolinksAndHTML() {
        let t = #"Go <https://example.org/x> or <a href="https://e.org/y" class="k">there</a>.<br/>"#
        let scan = MarkdownScan(t)
        #expect(scan.links.map(\.kind) == [.autolink, .html])
        #expect(sub(t, scan.links[1].text) == "there")
        #expect(sub(t, scan.links[1].destination) == "https://e.org/y")
        #expect(scan.htmlTags.count == 3)
        #expect(MarkdownScan("if a < b and c > d").htmlTags.isEmpty)
    }

    @Test func escapedNumbers() {
        let t = "**12\\. Dezember 2022**\n[ 1\\. First](u)\n3\\. März\nin 2022\\. Yes\nA4\\. no"
        let scan = MarkdownScan(t)
        let bytes = Array(t.utf8)
        #expect(scan.escapedNumbers.count == 4)
        for p in scan.escapedNumbers { #expect(bytes[p - 1] == 0x2E && bytes[p - 2] == 0x5C) }
    }

    @Test func headingsAndMarkers() {
        let t = "# Title\n#hashtag\n**bold** and _it_ and snake_case"
        let scan = MarkdownScan(t)
        #expect(scan.headings == [0..<7])
        let runs = scan.markerRuns
        #expect(runs.count == 5)
        #expect(runs[0].leftFlanking && !runs[0].rightFlanking)
        #expect(!runs[1].leftFlanking && runs[1].rightFlanking)
        #expect(runs[4].leftFlanking && runs[4].rightFlanking)   // inside a word
    }

    @Test func proseMaskKeepsTextDropsSyntax() {
        let t = #"**Die** [Regierung](https://www.example.de/politik/der-die-das "Titel") sagt http://x.de/und/die ![Bild](b.jpg) <b>ja</b>."#
        let mask = String(decoding: MarkdownScan(t).proseMask(), as: UTF8.self)
        #expect(mask.utf8.count == t.utf8.count)
        let words = mask.split(separator: " ").map(String.init)
        #expect(words == ["Die", "Regierung", "sagt", "ja", "."])
    }

    @Test func oddInputs() {
        #expect(MarkdownScan("").links.isEmpty)
        let nul = "[a\u{0}b](c\u{0}d)"                 // NUL is a control byte: not in a destination
        #expect(MarkdownScan(nul).links.isEmpty)
        let bad: [UInt8] = [0x5B, 0xFF, 0x5D, 0x28, 0xC3, 0x29]   // invalid UTF-8 is read byte by byte
        let scan = bad.withUnsafeBufferPointer { MarkdownScan(utf8: $0) }
        #expect(scan.links.count == 1)
    }

    /// Pathological inputs stay linear: the scanned bytes per attempt are bounded.
    @Test func adversarialInputsFinish() {
        let a = String(repeating: "[](x", count: 20_000)
        #expect(MarkdownScan(a).links.isEmpty)
        let b = String(repeating: "[", count: 50_000) + String(repeating: "](u)", count: 50_000)
        #expect(!MarkdownScan(b).links.isEmpty)
        let c = "[a](" + String(repeating: "(", count: 100_000)
        #expect(MarkdownScan(c).links.isEmpty)
        let d = String(repeating: "<a href=\"", count: 20_000)
        #expect(MarkdownScan(d).htmlTags.isEmpty)
        let e = String(repeating: "[x](u \"", count: 20_000)
        #expect(MarkdownScan(e).links.isEmpty)
    }
}

/// Sentence boundaries on Markdown behave as on its rendered text.
@Suite("Markdown sentences")
struct MarkdownSentenceTests {
    func split(_ text: String, _ lang: String = "en") throws -> [String] {
        try Segmenter(.sentence, language: lang).split(text).map(String.init)
    }

    @Test func noBoundaryInsideLinkSyntax() throws {
        #expect(try split("Read [The plan. Part two](https://e.org/a \"Go. Now\") today. Then leave.")
                == ["Read [The plan. Part two](https://e.org/a \"Go. Now\") today.", "Then leave."])
        #expect(try split("He said [it ended!](https://e.org/a) Then we left.")
                == ["He said [it ended!](https://e.org/a)", "Then we left."])
        #expect(try split("See [Mr.](https://e.org/mr) smith here.") == ["See [Mr.](https://e.org/mr) smith here."])
    }

    @Test func noBoundaryAfterAnEscapedNumber() throws {
        #expect(try split("**12\\. Dezember 2022** Die Wahl fand statt.", "de")
                == ["**12\\. Dezember 2022** Die Wahl fand statt."])
        #expect(try split("[ 1\\. Erster Beitrag](https://e.org/1)", "de").count == 1)
        #expect(try split("3\\. Oktober war ein Feiertag.", "de").count == 1)
        // After text on the same line, the number starts the next sentence.
        #expect(try split("Here are the steps: How to start 1\\. Define the goal It matters.")
                == ["Here are the steps: How to start", "1\\. Define the goal It matters."])
        #expect(try split("- 802\\. 11ac Wi-Fi support").count == 1)
    }

    @Test func closingEmphasisStaysWithItsSentence() throws {
        #expect(try split("**It ended.** Then we left.") == ["**It ended.**", "Then we left."])
        // (A "_" glued to the terminator reads as an identifier to the glued-sentence
        // rule, so "_Done here._ Next one." stays one sentence; no marker-only one.)
        #expect(try split("_Done here._ Next one.").allSatisfy { $0 != "_" })
    }

    @Test func noMarkerOnlySentences() throws {
        for s in try split("It rained. ** Then it stopped.") { #expect(s != "**") }
        for s in try split("First line.\n**\nSecond line here.") { #expect(s != "**") }
        // Markers alone render no text: no sentence (as whitespace alone has none).
        #expect(try split("**") == [])
        // Empty list items (icons) are no sentences; the one with a link is.
        let items = try split("  * __\n  * __\n  * [__](https://e.org/share \"Share\")\n  * __\n  * __")
        #expect(items == ["* [__](https://e.org/share \"Share\")"])
    }

    /// A thematic break, a line of emphasis markers or an emphasis that a
    /// rendering opened and closed around whole paragraphs renders no text.
    @Test func linesOfMarkersAreNoSentences() throws {
        #expect(try split("It rained.\n\n* * *\n\nThen it stopped.") == ["It rained.", "Then it stopped."])
        #expect(try split("It rained.\n\n---\n\nThen it stopped.") == ["It rained.", "Then it stopped."])
        #expect(try split("It rained.\n**\nThen it stopped.") == ["It rained.", "Then it stopped."])
        #expect(try split("_\n\nwriter@example.org\n\n_") == ["writer@example.org"])
        for text in ["* * *", "***", "___", "*   *   *   *", "- - -", "----", "****\n\n** **", " \t* *\u{A0}*\n",
                     "~~", "  * __\n  * ____"] {
            #expect(try split(text) == [], "\(text.debugDescription)")
        }
        // Dashes are text unless they make a thematic break (three or more, alone).
        #expect(try split("-") == ["-"])
        #expect(try split("--") == ["--"])
        #expect(try split("* - *") == ["* - *"])
        // Markers that share a line with text stay with it.
        #expect(try split("**It ended.** Then we left.") == ["**It ended.**", "Then we left."])
        #expect(try split("It rained. ** Then it stopped.") == ["It rained.", "** Then it stopped."])
    }

    /// With `keepWhitespace` the sentences partition the text: lines of
    /// markers join a neighbour, and a text of markers alone is one sentence.
    @Test func linesOfMarkersJoinANeighbourWhenSentencesPartition() throws {
        let keep = try Segmenter(.sentence, language: "en", keepWhitespace: true)
        for (text, count) in [("It rained.\n\n* * *\n\nThen it stopped.", 2), ("It rained.\n**\nThen it stopped.", 2),
                              ("* * *\n\nIt rained.", 1), ("It rained.\n\n___", 1)] {
            let parts = try keep.split(text).map(String.init)
            #expect(parts.joined() == text)
            #expect(parts.count == count, "\(parts)")
            for p in parts {
                let bytes = Array(p.utf8)
                #expect(!bytes.withUnsafeBufferPointer { MarkdownSentences.rendersNoText($0, 0, $0.count) },
                        "\(p.debugDescription)")
            }
        }
        #expect(try keep.split("* * *") == ["* * *"])
        // Raw sentences are ICU's, markers and all.
        #expect(try Segmenter(.sentence, language: "en", rules: false).split("* * *") == ["* * *"])
    }

    @Test func rendersNoTextReadsLines() {
        func renders(_ t: String) -> Bool {
            let b = Array(t.utf8)
            return !b.withUnsafeBufferPointer { MarkdownSentences.rendersNoText($0, 0, $0.count) }
        }
        #expect(!renders(""))
        #expect(!renders("* * *\n---\n__"))
        #expect(!renders("---\u{2028}***"))
        #expect(renders("---\u{2028}-"))
        #expect(renders("--\n***"))
        #expect(renders("**a**"))
        #expect(renders("*\u{0}*"))                         // NUL is a character
        #expect(renders("* \u{3000}\u{2014}"))             // an em dash is text
    }

    @Test func plainTextLinesContinueTheSentence() throws {
        #expect(try split("Il est arrivé jeudi à Katmandou,\ndont le petit aéroport est engorgé\npar le trafic.", "fr")
                == ["Il est arrivé jeudi à Katmandou,\ndont le petit aéroport est engorgé\npar le trafic."])
        #expect(try split("The minister visited\nthe\nharbour\n, then left.")
                == ["The minister visited\nthe\nharbour\n, then left."])
        // A list item starts its own sentence.
        #expect(try split("Items to bring\n- water\n- bread").count == 3)
    }

    @Test func plainTextWithoutMarkdownIsUnchanged() throws {
        #expect(try split("Mr. Smith arrived. He sat down.") == ["Mr. Smith arrived.", "He sat down."])
        #expect(try split("Home\nNews\nSport") == ["Home", "News", "Sport"])
    }
}
