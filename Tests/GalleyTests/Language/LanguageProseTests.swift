import Testing
@testable import Galley

/// Language detection reads the prose, not the syntax around it.
@Suite("Language detection ignores Markdown, HTML and URLs")
struct LanguageProseTests {
    @Test func wordsInsideLinkTargetsDoNotCount() {
        // German prose whose link targets are full of Portuguese and Swedish words.
        let text = """
            Die [Regierung](https://example.com/para-os-que-nao-sao-de-uma-cidade/noticias-da-semana "Para os que não") \
            hat am Montag [neue Regeln](https://example.se/och-att-det-som-inte-var-med-oss/och-att) beschlossen, \
            die für alle gelten.
            """
        #expect(detectLanguage(text).tag == "de")
    }

    @Test func bareURLsAndHTMLDoNotCount() {
        let text = """
            <p class="the-and-of">Der Zug ist <b>nicht</b> gekommen, und die Fahrgäste warteten.</p> \
            https://example.com/the-and-of-the-with-that-from-this-which-there www.example.com/the/and/of/the
            """
        #expect(detectLanguage(text).tag == "de")
    }

    @Test func imagesAndReferenceDefinitionsDoNotCount() {
        let text = """
            ![the and of the with that from](https://e.org/the-and-of.jpg) Il pleut sur la ville, et les rues sont vides.

            [1]: https://e.org/the/and/of/the/with/that "the and of the"
            """
        #expect(detectLanguage(text).tag == "fr")
    }

    @Test func linkTextsCount() {
        #expect(detectLanguage("[Der Zug ist nicht gekommen und die Fahrgäste warteten](https://e.org/a)").tag == "de")
    }

    @Test func theByteFormAgrees() {
        let text = "[Die Regierung](https://example.com/para-os-que) hat das beschlossen."
        let bytes = Array(text.utf8)
        #expect(bytes.withUnsafeBufferPointer { detectLanguage(utf8: $0) } == detectLanguage(text))
    }

    @Test func invalidUTF8AndNULInSyntax() {
        let bytes: [UInt8] = Array("[Die Regierung](https://e.org/".utf8) + [0xFF, 0x00] + Array(") hat das nicht beschlossen.".utf8)
        #expect(bytes.withUnsafeBufferPointer { detectLanguage(utf8: $0) }.tag == "de")
    }

    @Test func tooShortToDecideIsUnd() {
        // Once the syntax is gone, too little is left to decide: no letters,
        // a tie in a few words, or words that are no language's.
        #expect(detectLanguage("[](https://e.org/the-and-of-the-with-that)").tag == "und")
        #expect(detectLanguage("![the and of](https://e.org/x.jpg) 12:30").tag == "und")
        #expect(detectLanguage("[no](https://e.org/the-and-of) id here. Fine.").tag == "und")
        #expect(detectLanguage("**Bahnstreik** [Fernverkehr](https://e.org/the/and/of)").tag == "und")
    }

    @Test func navigationInOneLanguageProseInAnother() {
        // A site's German menu and share line around an English article (a
        // German edition republishing English stories): the prose decides.
        let text = """
            [Wirtschaft](https://e.org/wirtschaft)

            [Politik](https://e.org/politik)

            [Wissenschaft](https://e.org/wissenschaft)

            Der Artikel wurde versandt.

            # How the council plans to pay for the new bridge

            The council said on Monday that it would borrow the money for the bridge over ten years, \
            and that the tolls would pay back most of it. Critics say the plan is too optimistic.

            They have asked for an independent review of the traffic forecasts before any work starts.
            """
        #expect(detectLanguage(text).tag == "en")
        // And the reverse: English headings and links around German prose.
        let german = """
            [Back to overview](https://e.org/blog)

            ## Status Quo

            Die Digitalisierung zieht sich bereits heute durch fast alle Branchen, und auch im \
            Gesundheitswesen ist sie nicht mehr wegzudenken. Der Bedarf an mehr Effizienz ist groß.

            [Read more](https://e.org/blog/more) · [Share](https://e.org/share)
            """
        #expect(detectLanguage(german).tag == "de")
    }
}
