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
}
