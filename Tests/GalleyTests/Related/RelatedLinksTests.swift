import Testing
@testable import Galley

@Suite("Related links")
struct RelatedLinksTests {
    @Test func englishBlockWithEveryItemForm() throws {
        let text = """
        The bridge reopened on Monday.

        Engineers said the related repairs took three years.

        Related:
        - Council approves budget for second crossing
        - [Steel prices push up costs](https://news.example.com/economy/steel?utm_source=rss&id=7#top)
        • https://news.example.com/city/timeline
        * Tram line delayed – https://news.example.com/tram?fbclid=abc
        1. Ferry fares (https://ferry.example.org/fares)
        <a href="/local/traffic">Traffic <b>returns</b></a>
        """
        let r = try relatedLinks(in: text, baseURL: "https://news.example.com/city/bridge")
        #expect(r.body == "The bridge reopened on Monday.\n\nEngineers said the related repairs took three years.")
        #expect(r.links.count == 6)
        #expect(r.links[0].title?.display == "Council approves budget for second crossing" && r.links[0].url == nil)
        #expect(r.links[1].canonicalURL == "https://news.example.com/economy/steel?id=7")
        #expect(r.links[2].title == nil && r.links[2].canonicalURL == "https://news.example.com/city/timeline")
        #expect(r.links[3].title?.display == "Tram line delayed" && r.links[3].canonicalURL == "https://news.example.com/tram")
        #expect(r.links[4].title?.display == "Ferry fares")
        #expect(r.links[5].title?.display == "Traffic returns" && r.links[5].canonicalURL == "https://news.example.com/local/traffic")
    }

    @Test func inlineMarkersInSeveralLanguages() throws {
        let cases: [(String, String)] = [
            ("Читайте також: Київ відновлює метро", "Київ відновлює метро"),
            ("Читайте также: Москва открыла станцию", "Москва открыла станцию"),
            ("Lesen Sie auch: Bahnstreik legt Verkehr lahm", "Bahnstreik legt Verkehr lahm"),
            ("À lire aussi : La grève continue", "La grève continue"),
            ("Lee también: Los embalses, al nivel más bajo", "Los embalses, al nivel más bajo"),
            ("Leggi anche: Il governo cade", "Il governo cade"),
            ("Leia também: O Brasil vence", "O Brasil vence"),
            ("Czytaj także: Sejm przyjął ustawę", "Sejm przyjął ustawę"),
            ("Lees ook: Kabinet valt", "Kabinet valt"),
            ("Les også: Regjeringen går av", "Regjeringen går av"),
            ("Läs också: Regeringen avgår", "Regeringen avgår"),
            ("Čtěte také: Vláda padla", "Vláda padla"),
            ("Lue myös: Hallitus kaatui", "Hallitus kaatui"),
            ("**Read also:** Bridge reopens", "Bridge reopens"),
        ]
        for (marker, title) in cases {
            let r = try relatedLinks(in: "Body paragraph here.\n\n\(marker)\n\nMore body text follows here, as prose, and it goes on.")
            #expect(r.links.map { $0.title?.display } == [title], "\(marker)")
            #expect(r.body == "Body paragraph here.\n\nMore body text follows here, as prose, and it goes on.", "\(marker)")
        }
    }

    /// A marker whose lines give no item that survives (an `<a>` with no
    /// target and no text; a link cut by a carriage return) cuts nothing:
    /// the body is the text (found by fuzzing: 27 bytes removed, no item).
    @Test func aBlockWhoseItemsAllVanishCutsNothing() throws {
        for text in ["Body text here.\n\nMore on this story:\n<a ha>\n<a href=\"/us/x#list\">Centers and \rmore</a>\n",
                     "Body text here.\n\nRead also:\n<a ha>\n"] {
            let r = try relatedLinks(in: text)
            #expect(r.links.isEmpty && r.blocks.isEmpty)
            #expect(r.body == text)
        }
        // With one item that survives, the block goes (and only it).
        let r = try relatedLinks(in: "Body text here.\n\nRead also:\n<a ha>\n- [Floods hit the north](/a/floods)\n")
        #expect(r.links.map(\.url) == ["/a/floods"] && r.body == "Body text here.\n")
    }

    @Test func ordinarySentencesNeverTrigger() throws {
        for text in ["Related stories are rare in this town, the mayor said.",
                     "See also the report from last year, which found the same.",
                     "Read more about it in the paper.\nIt was long.",
                     "The related links between the two firms were investigated."] {
            let r = try relatedLinks(in: text)
            #expect(r.links.isEmpty, "\(text)")
            #expect(r.body == text, "\(text)")
        }
    }

    @Test func blockEndsAtProseAfterABlankLine() throws {
        let text = "Intro.\n\nSee also:\n- One headline\n- Two headline\n\nThis paragraph is prose again, it continues the story at length and ends with a period."
        let r = try relatedLinks(in: text)
        #expect(r.links.count == 2)
        #expect(r.body.hasPrefix("Intro.\n\nThis paragraph is prose again"))
    }

    @Test func weakMarkerNeedsLinks() throws {
        let r = try relatedLinks(in: "Recommended\nOur favourite recipes of the week\n")
        #expect(r.links.isEmpty)
        let r2 = try relatedLinks(in: "Recommended:\n- https://x.example.com/a\n")
        #expect(r2.links.count == 1)
    }

    @Test func duplicatesCollapseOnCanonicalURL() throws {
        let r = try relatedLinks(in: "Related:\n- A https://x.example.com/a?utm_source=1\n- A again https://X.example.com/a#c\n- Plain\n- plain")
        #expect(r.links.count == 2)
    }

    @Test func badURLsKeepTheirTitle() throws {
        let r = try relatedLinks(in: "Related:\n- Broken link – https://[::1/x")
        #expect(r.links.count == 1 && r.links[0].canonicalURL == nil && r.links[0].urlError != nil && r.links[0].title?.display == "Broken link")
    }

    @Test func pathologicalInputsStayLinear() throws {
        let many = "Related:\n" + String(repeating: "- Headline number here\n", count: 10_000)
        let r = try relatedLinks(in: many)
        #expect(r.links.count == 1)   // identical titles collapse
        let longURL = "Related:\n- https://x.example.com/" + String(repeating: "a", count: 1_000_000)
        let r2 = try relatedLinks(in: longURL)
        #expect(r2.links.count == 1)
    }
}
