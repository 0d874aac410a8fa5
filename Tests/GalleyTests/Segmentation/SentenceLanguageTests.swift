import Foundation
import Testing
@testable import Galley

/// The rules added for more languages, quotations, CJK openers, glued identifiers and
/// linear time, each with sentences of our own.
@Suite("Sentence rules: languages, openers, identifiers, linear time")
struct SentenceLanguageTests {
    func split(_ text: String, _ lang: String = "en") throws -> [String] {
        try Segmenter(.sentence, language: lang).split(text).map(String.init)
    }

    @Test func everyTableParses() {
        for lang in ["da", "sv", "nb", "no", "fi", "cs", "sk", "el", "bg", "kk", "hy", "ar", "fa", "hi", "ur"] {
            let data = LanguageData.forLanguage(lang)
            #expect(!data.kinds.isEmpty, "\(lang) has no data")
        }
        #expect(LanguageData.forLanguage("el").terminators == [0x3B])
        #expect(LanguageData.forLanguage("hy").terminators == [0x3A])
        #expect(LanguageData.forLanguage("en").terminators.isEmpty)
    }

    @Test func languageTerminatorsFromData() throws {
        #expect(try split("Ο καιρός άλλαξε; Ναι, βρέχει.", "el") == ["Ο καιρός άλλαξε;", "Ναι, βρέχει."])
        #expect(try split("Նա եկավ տուն: Մենք սպասեցինք:", "hy") == ["Նա եկավ տուն:", "Մենք սպասեցինք:"])
        // Not a terminator for other languages.
        #expect(try split("Note: Bring water.") == ["Note: Bring water."])
    }

    @Test func abbreviationsOfTheNewTables() throws {
        #expect(try split("Vi fejrede Skt. Hans ved stranden. Det regnede.", "da")
                == ["Vi fejrede Skt. Hans ved stranden.", "Det regnede."])
        #expect(try split("Mötet hölls t.ex. i Lund. Sedan åkte vi hem.", "sv")
                == ["Mötet hölls t.ex. i Lund.", "Sedan åkte vi hem."])
        #expect(try split("Пл. Славейков е в центъра. Там има книги.", "bg")
                == ["Пл. Славейков е в центъра.", "Там има книги."])
        #expect(try split("Wir sahen Dr. med. Krause im Haus. Sie ist z. Z. verreist.", "de")
                == ["Wir sahen Dr. med. Krause im Haus.", "Sie ist z. Z. verreist."])
        #expect(try split("Ми їхали до смт. Козин увечері. Було тихо.", "uk")
                == ["Ми їхали до смт. Козин увечері.", "Було тихо."])
    }

    @Test func cjkOpenersStartTheNextSentence() throws {
        #expect(try split("我们读完了。《新书》很好看。", "zh") == ["我们读完了。", "《新书》很好看。"])
        #expect(try split("他说：「我来了。你呢？」然后走了。", "zh") == ["他说：「我来了。你呢？」", "然后走了。"])
        #expect(try split("工作结束了。“明天见”他说。", "zh") == ["工作结束了。", "“明天见”他说。"])
    }

    @Test func gluedOpeningQuoteGoesWithTheNextSentence() throws {
        #expect(try split("The mayor left.“This is not over,” she said.")
                == ["The mayor left.", "“This is not over,” she said."])
    }

    @Test func gluedEllipsisStaysInside() throws {
        #expect(try split("It was getting late...Then the lights went out.")
                == ["It was getting late...Then the lights went out."])
    }

    @Test func gluedIdentifiersStayWhole() throws {
        #expect(try split("Call parser.Parse() first. Then print it.")
                == ["Call parser.Parse() first.", "Then print it."])
        #expect(try split("The shop MegaStore.Com opened today.") == ["The shop MegaStore.Com opened today."])
        #expect(try split("Visit Gartenwelt.Com for plants.") == ["Visit Gartenwelt.Com for plants."])
        #expect(try split("Das Buch heißt ›Stadt.Umbau‹ und ist neu.", "de")
                == ["Das Buch heißt ›Stadt.Umbau‹ und ist neu."])
        #expect(try split("Use MyApp.Models for this.") == ["Use MyApp.Models for this."])
        #expect(try split("The campaign widened its reach.Increases followed.")
                == ["The campaign widened its reach.", "Increases followed."])
        #expect(try split("She moved to California.Credit was cheap there.")
                == ["She moved to California.", "Credit was cheap there."])
    }

    @Test func quotationThatClosesASentenceStaysWhole() throws {
        #expect(try split("He said \"Where is it? I cannot find it.\" Then he left.")
                == ["He said \"Where is it? I cannot find it.\"", "Then he left."])
        #expect(try split("Er fragte: „Kommst du? Ich warte.“ Dann ging er.", "de")
                == ["Er fragte: „Kommst du? Ich warte.“", "Dann ging er."])
        // Closed after a comma: the inner boundary stays.
        #expect(try split("She wrote: “We won. They lost,” and left. Fine.")
                == ["She wrote: “We won.", "They lost,” and left.", "Fine."])
    }

    @Test func citationsEndTheSentenceTheyFollow() throws {
        #expect(try split("It is a known martyr.[2] The record is old.")
                == ["It is a known martyr.[2]", "The record is old."])
        #expect(try split("The gap is wide in practice.12 13 Take the example of colds.")
                == ["The gap is wide in practice.12 13", "Take the example of colds."])
        #expect(try split("The price rose to $1.50 Then fell.") == ["The price rose to $1.50 Then fell."])
    }

    @Test func aListMarkerAloneIsNoSentence() throws {
        #expect(try split("1. Check the list first.") == ["1. Check the list first."])
        #expect(try split("ii. The second point matters.") == ["ii. The second point matters."])
        #expect(try split("Q. Who came? A. Nobody did.") == ["Q. Who came?", "A. Nobody did."])
    }

    @Test func exclamationInsideAWord() throws {
        #expect(try split("He speaks !Xoo and two other languages.") == ["He speaks !Xoo and two other languages."])
    }

    /// A long token of glued candidates is no prose: one sentence, and the
    /// rules look at each byte a bounded number of times (no timing here:
    /// Benchmarks/sentence_worst.py measures 5 and 10 MB).
    @Test func longGluedRunIsOneSentence() throws {
        let text = String(repeating: "a.B", count: 20_000)
        #expect(try split(text).count == 1)
        let lists = String(repeating: "1. x\n", count: 5_000)
        #expect(try split(lists).count == 5_000)
    }
}
