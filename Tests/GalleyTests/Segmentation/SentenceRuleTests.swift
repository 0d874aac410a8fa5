import Foundation
import Testing
@testable import Galley

/// One test per sentence rule, each with sentences of our own (the golden
/// files are run separately, in GoldenRuleTests).
@Suite("Sentence rules")
struct SentenceRuleTests {
    func split(_ text: String, _ lang: String = "en", repair: Bool = true) throws -> [String] {
        try Segmenter(.sentence, language: lang, repairGlued: repair).split(text).map(String.init)
    }

    @Test func titlesNeverEndASentence() throws {
        #expect(try split("We met Prof. Ivanova and Gen. Moore yesterday. They agreed.")
                == ["We met Prof. Ivanova and Gen. Moore yesterday.", "They agreed."])
        #expect(try split("Die Rede hielt Dr. Weber. Danach gab es Fragen.", "de")
                == ["Die Rede hielt Dr. Weber.", "Danach gab es Fragen."])
    }

    @Test func ambiguousAbbreviationsNeedAStarter() throws {
        #expect(try split("Shares of Acme Inc. Rose sharply.") == ["Shares of Acme Inc. Rose sharply."])
        #expect(try split("The deal was signed by Acme Inc. It closes in May.")
                == ["The deal was signed by Acme Inc.", "It closes in May."])
        #expect(try split("Troops left the U.S. Embassy at dawn.") == ["Troops left the U.S. Embassy at dawn."])
        #expect(try split("Aid was sent by the U.S. However, it arrived late.")
                == ["Aid was sent by the U.S.", "However, it arrived late."])
    }

    @Test func unitAfterANumberEndsASentence() throws {
        #expect(try split("Ремонт коштував 1,2 млрд грн. Будівництво тривало вісім років.", "uk")
                == ["Ремонт коштував 1,2 млрд грн.", "Будівництво тривало вісім років."])
        #expect(try split("Die Strecke misst 12 km. Danach folgt ein Tunnel.", "de").count == 2)
    }

    @Test func shortFragmentBeforeAbbreviationIsNoSentence() throws {
        #expect(try split("By 9 p.m. Dr. Lee had left the lab.") == ["By 9 p.m. Dr. Lee had left the lab."])
        #expect(try split("The talks ran until 11 p.m. Dr. Lee then spoke.")
                == ["The talks ran until 11 p.m.", "Dr. Lee then spoke."])
    }

    @Test func numberPrefixesAndOrdinalDates() throws {
        #expect(try split("See Fig. 4 for the map.") == ["See Fig. 4 for the map."])
        #expect(try split("Die Wahl findet am 14. Mai statt. Alle dürfen wählen.", "de")
                == ["Die Wahl findet am 14. Mai statt.", "Alle dürfen wählen."])
        #expect(try split("Das steht auf Seite 7. Danach kommt nichts.", "de")
                == ["Das steht auf Seite 7.", "Danach kommt nichts."])
    }

    @Test func multiPartAbbreviations() throws {
        #expect(try split("Er kauft Obst, z. B. Äpfel und Birnen.", "de")
                == ["Er kauft Obst, z. B. Äpfel und Birnen."])
    }

    @Test func initialsButNotThePronoun() throws {
        #expect(try split("The novel by C. S. Lewis sold well.") == ["The novel by C. S. Lewis sold well."])
        #expect(try split("Ask Maria K. Brown about it.") == ["Ask Maria K. Brown about it."])
        #expect(try split("She laughed and so did I. Then we left.") == ["She laughed and so did I.", "Then we left."])
        #expect(try split("They chose Plan B. The vote was close.") == ["They chose Plan B.", "The vote was close."])
    }

    @Test func exclamationInsideNames() throws {
        #expect(try split("He bought Jeopardy! tickets for us.") == ["He bought Jeopardy! tickets for us."])
        #expect(try split("Stop! Nobody moves.") == ["Stop!", "Nobody moves."])
    }

    @Test func ellipses() throws {
        #expect(try split("He paused... then went on.") == ["He paused... then went on."])
        #expect(try split("It was over… We went home.") == ["It was over…", "We went home."])
        #expect(try split("The report [...] was never published.") == ["The report [...] was never published."])
        #expect(try split("The river rose . . . Nobody expected it.")
                == ["The river rose . . . Nobody expected it."])
        #expect(try split("The river rose . . . . Nobody expected it.")
                == ["The river rose . . . .", "Nobody expected it."])
        #expect(try split("The river rose. . . . Nobody expected it.")
                == ["The river rose.", ". . . Nobody expected it."])
        // An ellipsis character before spaced dots: never cut inside "…".
        #expect(try split("The river rose…. . . . Nobody expected it.").count == 2)
    }

    @Test func addressesAndNumbers() throws {
        #expect(try split("Write to Press.Office@city.example.org. We answer daily.")
                == ["Write to Press.Office@city.example.org.", "We answer daily."])
        #expect(try split("Read https://news.example.net/a/B.html today. It is short.")
                == ["Read https://news.example.net/a/B.html today.", "It is short."])
        #expect(try split("The fund grew 3.75 percent to $12.5 billion. Analysts cheered.")
                == ["The fund grew 3.75 percent to $12.5 billion.", "Analysts cheered."])
        #expect(try split("Version 2.14.1 fixes it.") == ["Version 2.14.1 fixes it."])
    }

    @Test func gluedSentencesAreRepaired() throws {
        #expect(try split("Prices fell.But demand grew.") == ["Prices fell.", "But demand grew."])
        #expect(try split("He said “no sanctions.”In May it changed.")
                == ["He said “no sanctions.”", "In May it changed."])
        #expect(try split("Who paid for it?Nobody knows.") == ["Who paid for it?", "Nobody knows."])
        #expect(try split("Ціни впали.Але попит зріс.", "uk") == ["Ціни впали.", "Але попит зріс."])
        #expect(try split("Цены упали.Но спрос вырос.", "ru") == ["Цены упали.", "Но спрос вырос."])
        #expect(try split("Prices fell.But demand grew.", repair: false) == ["Prices fell.But demand grew."])
    }

    @Test func gluedLookalikesAreNotSplit() throws {
        for text in ["We use ASP.NET and Node.js at work.", "He moved to the U.S. last year.",
                     "Take it at 7 a.m. every day.", "She earned a Ph.D. in Vienna.",
                     "The books of J. R. R. Tolkien sell well.", "Use e.g. a fork.",
                     "Mail Anna.Berg@example.com today.", "It cost 4.50 euros.",
                     "Upgrade to 10.4.2 now.", "Open report.PDF first.",
                     "Visit www.Example.com daily.", "See README.Debian for details.",
                     "Use gdb.BreakpointLocation objects.", "Call my_module.Parser here."] {
            #expect(try split(text) == [text], "\(text)")
        }
        #expect(try split("Er kommt am 3. Oktober zurück.", "de") == ["Er kommt am 3. Oktober zurück."])
    }

    @Test func lists() throws {
        #expect(try split("1) Buy milk 2) Call Ann 3) Pay rent")
                == ["1) Buy milk", "2) Call Ann", "3) Pay rent"])
        #expect(try split("a. Apples b. Pears") == ["a. Apples", "b. Pears"])
        #expect(try split("Agenda:\n• 1. Budget • 2. Staff") == ["Agenda:", "• 1. Budget", "• 2. Staff"])
        #expect(try split("He came 1. She came 2.") == ["He came 1.", "She came 2."])
    }

    @Test func lineBreaksInsideParagraphs() throws {
        #expect(try split("The council met on a cold\nmorning in May. It voted.")
                == ["The council met on a cold\nmorning in May.", "It voted."])
        #expect(try split("Bridge reopens\nThe bridge reopened on Monday. Traffic returned.")
                == ["Bridge reopens", "The bridge reopened on Monday.", "Traffic returned."])
        #expect(try split("Home\nWorld news\nSport\n") == ["Home", "World news", "Sport"])
        #expect(try split("東京は\n晴れです。", "ja") == ["東京は\n晴れです。"])
        #expect(try split("First paragraph without end\n\nSecond one.") == ["First paragraph without end", "Second one."])
    }

    @Test func cjkAndSpanish() throws {
        #expect(try split("今日は晴れ！明日は雨？", "ja") == ["今日は晴れ！", "明日は雨？"])
        #expect(try split("他读了《你好！世界》这本书。很好。", "zh") == ["他读了《你好！世界》这本书。", "很好。"])
        #expect(try split("¿Vienes hoy? ¡Claro que sí! Nos vemos.", "es")
                == ["¿Vienes hoy?", "¡Claro que sí!", "Nos vemos."])
    }

    @Test func rawModeIsICU() throws {
        let raw = try Segmenter(.sentence, language: "en", rules: false).split("Prices fell.But demand grew. Fig. 4 shows it.")
        #expect(raw.map(String.init) == ["Prices fell.But demand grew.", "Fig.", "4 shows it."] || raw.count >= 2)
    }

    @Test func spansNeverCutAGrapheme() throws {
        let text = "Le café\u{301}.Puis 👨‍👩‍👧.Ensuite e\u{301}."
        let segs = try Segmenter(.sentence, language: "fr", keepWhitespace: true).segments(of: text)
        let graphemeStarts = Set(try Segmenter(.grapheme).segments(of: text).map(\.range.lowerBound))
        for s in segs { #expect(graphemeStarts.contains(s.range.lowerBound) || s.range.lowerBound == text.utf8.count) }
    }
}

@Suite("Sentence rules, randomised")
struct SentenceRuleProperties {
    /// Texts assembled from pieces that exercise every rule next to
    /// combining marks, ZWJ sequences, flags and CJK: every boundary must be
    /// a grapheme boundary, the spans must partition the text with
    /// keepWhitespace, and trimmed spans must lie inside the partition.
    @Test func boundariesAreGraphemeBoundaries() throws {
        let pieces = ["Mr.", " ", "U.S.", "e\u{301}", ".", "But", "!", "?", "…", " . . . ", "\n", "\n\n",
                      "1) ", "2) ", "• ", "👨‍👩‍👧", "🇺🇦", "world.", "Але", "світу.", "《", "》", "。",
                      "\"", "”", "(", ")", "[...]", "a.m.", "J.", "R.", "z. B.", "3.", "Oktober",
                      "https://x.example/a.B", "Ann.Berg@example.com", "\u{2029}", "\r\n", "ok", "I."]
        var rng = SystemRandomNumberGenerator()
        for lang in ["en", "de", "uk", "zh", ""] {
            let keep = try Segmenter(.sentence, language: lang, keepWhitespace: true)
            let trim = try Segmenter(.sentence, language: lang)
            let graphemes = try Segmenter(.grapheme)
            for _ in 0..<(Int(ProcessInfo.processInfo.environment["GALLEY_PROPERTY_ROUNDS"] ?? "") ?? 300) {
                let text = (0..<Int.random(in: 1...40, using: &rng))
                    .map { _ in pieces.randomElement(using: &rng)! }.joined()
                let starts = Set(try graphemes.segments(of: text).map(\.range.lowerBound) + [text.utf8.count])
                let parts = try keep.segments(of: text)
                #expect(parts.first?.range.lowerBound == 0, "\(text.debugDescription)")
                #expect(parts.last?.range.upperBound == text.utf8.count, "\(text.debugDescription)")
                for (a, b) in zip(parts, parts.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
                for p in parts { #expect(starts.contains(p.range.lowerBound), "\(text.debugDescription)") }
                let trimmed = try trim.segments(of: text)
                for t in trimmed {
                    #expect(starts.contains(t.range.lowerBound) && starts.contains(t.range.upperBound),
                            "\(text.debugDescription)")
                    #expect(parts.contains { $0.range.lowerBound <= t.range.lowerBound && t.range.upperBound <= $0.range.upperBound },
                            "\(text.debugDescription)")
                }
            }
        }
    }
}
