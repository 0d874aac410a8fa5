import Testing
@testable import Galley

/// Each failure of shape issue 13 lists, from a minimal reproduction the
/// team wrote (no page text).
@Suite("Related blocks as real sites write them")
struct RealPageShapesTests {
    let intro = "The council met on Monday and approved the plan after a long debate about costs and delays."
    let outro = "The work will start in spring, officials said, and should take about three years to finish."

    @Test func linkTitleStaysOutOfTheURL() throws {
        let r = try relatedLinks(in: "\(intro)\n\nRelated:\n- [Steel prices](https://x.example.org/a/ \"Go to Example\")\n- [Steel prices again](https://x.example.org/a/)\n")
        #expect(r.links.count == 1)
        #expect(r.links[0].url == "https://x.example.org/a/")
        #expect(r.links[0].canonicalURL == "https://x.example.org/a/")
    }

    @Test func escapedParenthesisInATargetDoesNotCutIt() throws {
        let r = try relatedLinks(in: "Read also:\n- [Budget (draft\\)](https://x.example.org/budget_\\(2024\\))\n")
        #expect(r.links.count == 1)
        #expect(r.links[0].url == "https://x.example.org/budget_(2024)")
        #expect(r.links[0].title?.display == "Budget (draft)")
    }

    @Test func severalLinksOnOneLineAreSeveralItems() throws {
        let r = try relatedLinks(in: "\(intro)\n\nMehr zum Thema [Brücken](https://x.example.de/thema/bruecken) [Straßen](https://x.example.de/thema/strassen) [Tunnel](https://x.example.de/thema/tunnel)\n\n\(outro)")
        #expect(r.links.map { $0.title?.display } == ["Brücken", "Straßen", "Tunnel"])
        #expect(r.body == "\(intro)\n\n\(outro)")
    }

    @Test func boldAtALineStartIsNotABullet() throws {
        let text = "Related:\n- [Steel prices](https://x.example.org/steel)\n**Officials said** the plan would be ready by May and that costs would rise by a fifth over the next years.\n\n\(outro)"
        let r = try relatedLinks(in: text)
        #expect(r.links.count == 1)
        #expect(r.body.hasPrefix("**Officials said** the plan"))
    }

    @Test func inlineMarkerTakesOnlyItsOwnLine() throws {
        let text = "\(intro)\n\nDas könnte Sie auch interessieren: [Neue Brücke](https://x.example.de/bruecke)\nDie Arbeiten beginnen im Frühjahr und dauern drei Jahre.\n\n\(outro)"
        let r = try relatedLinks(in: text)
        #expect(r.links.map { $0.title?.display } == ["Neue Brücke"])
        #expect(r.body.contains("Die Arbeiten beginnen im Frühjahr"))
    }

    @Test func blockEndsAtTheFirstLineOfProse() throws {
        // A sidebar box of related articles, then an encyclopedia-style lead.
        let lead = "The bridge is a steel arch bridge across the harbour, opened in 1932, and it carries rail, vehicle, bicycle and pedestrian traffic between the two shores."
        let text = "## Related articles\n\n- [Bridge repairs](https://x.example.org/repairs)\n- [Harbour ferries](https://x.example.org/ferries)\n\(lead)\n\nIt is the tallest of its kind.\n"
        let r = try relatedLinks(in: text)
        #expect(r.links.count == 2)
        #expect(r.body == "\(lead)\n\nIt is the tallest of its kind.\n")
    }

    @Test func rankNumbersBelongToTheList() throws {
        let text = "### Most read\n\n1\n\n[First story](https://x.example.org/1)\n\n2\n\n[Second story](https://x.example.org/2)\n\n3\n\n[Third story](https://x.example.org/3)\n\n\(outro)"
        let r = try relatedLinks(in: text)
        #expect(r.links.count == 3)
        #expect(r.links.allSatisfy { $0.kind == .more })
        #expect(r.body == outro)
    }

    @Test func imageLinkAndTitleLinkAreOneItem() throws {
        let text = "Recommended stories\n\n[ ](https://x.example.org/news/story-one)\n\n## [Story one](https://x.example.org/news/story-one)\n\n[![photo](https://img.example.org/2.jpg)](https://x.example.org/news/story-two)\n\n## [Story two](https://x.example.org/news/story-two)\n"
        let r = try relatedLinks(in: text)
        #expect(r.links.map { $0.title?.display } == ["Story one", "Story two"])
    }

    @Test func shareMailPrintLoginScriptAndFragmentLinksAreNeverItems() throws {
        let text = """
        Related:
        - [Steel prices](https://x.example.org/steel)
        - [Email](mailto:?subject=Bridge) [WhatsApp](whatsapp://send?text=x) [Print](javascript:window.print\\(\\))
        - [Share](https://www.facebook.com/sharer/sharer.php?u=https://x.example.org/a) [Tweet](https://twitter.com/intent/tweet?url=a)
        - [Log in](https://x.example.org/login) [Top](#top)

        """
        let r = try relatedLinks(in: text)
        #expect(r.links.map { $0.canonicalURL } == ["https://x.example.org/steel"])
        // The share bar is not removed: it is not returned as an item.
        #expect(r.body.contains("[Email](mailto:"))
    }

    @Test func headingWithOnlyShareLinksIsNotABlock() throws {
        let text = "\(intro)\n\n## Related\n\n- [Facebook](https://www.facebook.com/sharer.php?u=a) [Twitter](https://twitter.com/share?url=a)\n- [Email](mailto:?body=a)\n\n\(outro)"
        let r = try relatedLinks(in: text)
        #expect(r.links.isEmpty && r.blocks.isEmpty && r.body == text)
    }

    @Test func navigationMenusAreNotBlocks() throws {
        let text = "- [Trending](https://x.example.org/trending) [Latest](https://x.example.org/latest) Sections\n\nTrending\n\n- [World](https://x.example.org/world/)\n- [Sport](https://x.example.org/sport/)\n- [Culture](https://x.example.org/culture/)\n\n\(intro)"
        let r = try relatedLinks(in: text)
        #expect(r.links.isEmpty && r.body == text)
    }

    @Test func markersAreAccentCaseAndPunctuationInsensitive() throws {
        for marker in ["A lire aussi", "À LIRE AUSSI :", "Don't miss", "DONT MISS!", "Ähnliche Artikel", "ahnliche artikel",
                       "Materialy", "Материалы по теме", "Seguir leyendo", "Lea más:", "Leggi anche", "Meistgelesen",
                       "Empfehlungen aus der Redaktion", "More stories like this", "Top stories", "Popular posts"]
            where marker != "Materialy" {
            let r = try relatedLinks(in: "\(intro)\n\n\(marker)\n\n- [Story](https://x.example.org/story-1)\n- [Other](https://x.example.org/story-2)\n\n\(outro)")
            #expect(r.links.count == 2, "\(marker)")
            #expect(r.body == "\(intro)\n\n\(outro)", "\(marker)")
        }
    }

    @Test func markerWrittenAsALink() throws {
        let r = try relatedLinks(in: "\(intro)\n\n[Leggi anche](https://x.example.it/tag)\n\n- [Il ponte riapre](https://x.example.it/ponte)\n\n\(outro)")
        #expect(r.links.map { $0.title?.display } == ["Il ponte riapre"])
        let inLink = try relatedLinks(in: "\(intro)\n\n[Related: Steel prices rise](https://x.example.org/steel)\n\n\(outro)")
        #expect(inLink.links.map { $0.title?.display } == ["Steel prices rise"])
        #expect(inLink.body == "\(intro)\n\n\(outro)")
    }

    @Test func kindsInTheRecord() throws {
        let text = "\(intro)\n\nRead also:\n- [A](https://x.example.org/a)\n\nMost popular\n\n- [B](https://x.example.org/b)\n"
        let r = try relatedLinks(in: text)
        #expect(r.links.map { $0.kind } == [.related, .more])
        #expect(r.blockKinds == [.related, .more])
        let article = try processArticle(ArticleInput(id: "k", text: text), index: try DedupIndex())
        #expect(article.json.contains("\"kind\":\"related\"") && article.json.contains("\"kind\":\"more\""))
    }

    @Test func nothingIsRemovedThatIsNotReturned() throws {
        // Every removed line but the marker holds a returned item, a rank,
        // a date or a rule.
        let text = "### Latest\n\n* 1\n\n##### [First](https://x.example.org/first-story)\n\nNovember 16, 2016\n\n* * *\n\n##### [Second](https://x.example.org/second-story)\n\n\(outro)"
        let r = try relatedLinks(in: text)
        #expect(r.links.count == 2 && r.body == outro)
    }

    @Test func twoBlankLinesEndABlock() throws {
        // A renderer writes two or more blank lines where a page's container
        // ends: the footer after a "most read" list is not part of it.
        let list = "Most read\n\n- [First story](https://x.example.org/news/first)\n\n- [Second story](https://x.example.org/news/second)"
        let footer = "- [Advertise with us](https://x.example.org/advertising)\n- [Reprints](https://x.example.org/reprints)"
        let r = try relatedLinks(in: "\(intro)\n\n\(list)\n\n\n\n\(footer)\n")
        #expect(r.links.map { $0.title?.display } == ["First story", "Second story"])
        #expect(r.body == "\(intro)\n\n\(footer)\n")
        // One blank line (and a rule) between items keeps the list whole.
        let ruled = try relatedLinks(in: "Most read\n\n1. [A](https://x.example.org/a)\n\n* * *\n\n2. [B](https://x.example.org/b)\n")
        #expect(ruled.links.count == 2)
    }

    @Test func aSiteHomePageIsNeverAnItem() throws {
        // A logo or a "more…" link to the front page ends the list.
        let r = try relatedLinks(in: "\(intro)\n\nRelated:\n- [Steel prices](https://x.example.org/steel)\n- [more…](https://x.example.org/)\n\n[](https://x.example.org)\n\n- [Careers](https://x.example.org/careers)\n")
        #expect(r.links.map { $0.url } == ["https://x.example.org/steel"])
        #expect(isJunkLink("https://x.example.org", "") && isJunkLink("https://x.example.org/", "Home")
                && isJunkLink("/", "Home") && !isJunkLink("https://x.example.org/a", "A"))
    }

    @Test func utilityPagesAreNeverItems() throws {
        // A whole path segment that names a share, e-mail, newsletter or
        // sign-up page, whatever the link says.
        for url in ["https://twitter.com/share", "https://x.example.org/email", "https://x.example.org/newsletters/daily",
                    "https://x.example.org/account/subscribe?ref=nav", "https://x.example.org/print"] {
            #expect(isJunkLink(url, "Stay on top of the news: sign up here"), "\(url)")
        }
        #expect(!isJunkLink("https://x.example.org/2024/email-scams-rise", "E-mail scams rise"))
        #expect(!isJunkLink("https://shareholders.example.org/report", "Report"))
        // A heading whose only link is a sign-up is not a block.
        let r = try relatedLinks(in: "\(intro)\n\n### Popular on Example\n\n**Sign Up:**[Get the news by e-mail.](https://x.example.org/email)\n\n\(outro)")
        #expect(r.blocks.isEmpty)
    }

    @Test func aSeeMoreLinkBelowItsListIsNotAMarker() throws {
        // "[See more](u)" under a heading that links to u closes that list.
        let text = "## [Opinion](https://x.example.org/opinion)\n\n- [A view](https://x.example.org/opinion/a)\n- [Another view](https://x.example.org/opinion/b)\n\n[See more »](https://x.example.org/opinion)\n\n[Tell us what you think about this page](https://forms.example.com/feedback)\n"
        let r = try relatedLinks(in: text)
        // The heading's own list is a block (a section's heading over its
        // stories: aSectionHeadingOverItsStoriesIsABlock); "See more" and
        // the feedback link after it are not.
        #expect(r.blocks == [0..<139])
        #expect(r.links.map { $0.url } == ["https://x.example.org/opinion/a", "https://x.example.org/opinion/b"])
        // Without such a heading it is a marker written as a link.
        let marker = try relatedLinks(in: "\(intro)\n\n[See more](https://x.example.org/opinion)\n\n- [A view](https://x.example.org/opinion/a)\n\n\(outro)")
        #expect(marker.links.map { $0.title?.display } == ["A view"])
    }

    @Test func aHeadingLinkWithAMorePhraseIsAMarker() throws {
        let r = try relatedLinks(in: "\(intro)\n\n## [More in Science](https://x.example.org/science/)\n\n[Comet seen](https://x.example.org/science/comet)\n\n[Moon mission](https://x.example.org/science/moon)\n\n\(outro)")
        #expect(r.blockKinds == [.more])
        #expect(r.links.map { $0.title?.display } == ["Comet seen", "Moon mission"])
        #expect(r.body == "\(intro)\n\n\(outro)")
    }

    @Test func aPopularCategoriesListIsAMenu() throws {
        // Under a "more" heading, links named after their last path
        // segment are categories: a menu, not a block.
        let menu = "### Popular categories\n\n- [Travel](https://x.example.org/category/travel/) (12)\n- [Real Estate](https://x.example.org/category/real-estate/) (7)\n- [Sports](https://x.example.org/category/sports/) (30)\n"
        #expect(try relatedLinks(in: "\(intro)\n\n\(menu)").blocks.isEmpty)
        // A related block's tag list is still a block.
        let tags = try relatedLinks(in: "\(intro)\n\nRelated topics:\n\n[Travel](https://x.example.org/topic/travel/) [Sports](https://x.example.org/topic/sports/) [Science](https://x.example.org/topic/science/)\n\n\(outro)")
        #expect(tags.links.count == 3)
    }

    @Test func theDetectorReadsLinksThroughTheMarkdownLayer() throws {
        // Reference links resolve through their definitions, which stay in
        // the body; a title with html2text's unescaped quotes stays out of
        // the URL; an autolink is an item.
        let refs = "\(intro)\n\nRelated:\n- [Bridge reopens][1]\n- [Steel prices][steel]\n\n[1]: https://x.example.org/bridge\n[steel]: <https://x.example.org/steel> \"Steel\""
        let r = try relatedLinks(in: refs)
        #expect(r.links.map { $0.url } == ["https://x.example.org/bridge", "https://x.example.org/steel"])
        #expect(r.body.hasSuffix("[1]: https://x.example.org/bridge\n[steel]: <https://x.example.org/steel> \"Steel\""))
        let quoted = try relatedLinks(in: "Read also:\n- [Song of the year](https://x.example.org/song \"The song: \"Dear Future\" reviewed\")\n- <https://x.example.org/other>\n")
        #expect(quoted.links.map { $0.url } == ["https://x.example.org/song", "https://x.example.org/other"])
        #expect(quoted.links.first?.title?.display == "Song of the year")
    }

    /// A heading that is one link to a section of the site, over teasers
    /// under that section's path, is a "more" block; the same heading over
    /// anything else is not.
    @Test func aSectionHeadingOverItsStoriesIsABlock() throws {
        let gallery = "### [Photo Gallery](https://x.example.org/photos \"Photo Gallery\")\n\n"
            + "  * [ __](https://x.example.org/photos/harbour-at-night-12 \"Harbour at night\")\n\n"
            + "## [Harbour at night](https://x.example.org/photos/harbour-at-night-12)\n\n"
            + "  * [Ferries in the fog](https://x.example.org/photos/ferries-in-the-fog-11)\n"
        let r = try relatedLinks(in: "\(intro)\n\n\(gallery)\n\n\n\(outro)")
        #expect(r.links.map { $0.title?.display } == ["Harbour at night", "Ferries in the fog"])
        #expect(r.links.allSatisfy { $0.kind == .more })
        #expect(r.body == "\(intro)\n\n\(outro)")
        // Relative links under a relative section, with a trailing slash.
        let relative = try relatedLinks(in: "\(intro)\n\n### [World](/world/)\n\n- [Ferry strike ends](/world/ferry-strike-ends-3)\n- [Port reopens](/world/port-reopens-4)\n")
        #expect(relative.links.count == 2)
        // Not a block: one story; a link outside the section (another
        // host, a sibling path `/photosets/…`); prose under the heading; a
        // heading that links to the site's home page.
        let notBlocks = [
            "### [Photo Gallery](https://x.example.org/photos)\n\n- [Harbour at night](https://x.example.org/photos/harbour-12)\n",
            "### [Photo Gallery](https://x.example.org/photos)\n\n- [Harbour at night](https://x.example.org/photos/harbour-12)\n- [Ferries](https://y.example.org/photos/ferries-11)\n",
            "### [Photo Gallery](https://x.example.org/photos)\n\n- [Harbour at night](https://x.example.org/photos/harbour-12)\n- [Ferries](https://x.example.org/photosets/ferries-11)\n",
            "### [Photo Gallery](https://x.example.org/photos)\n\nThe gallery shows the harbour at night, when the ferries leave for the islands.\n",
            "### [Example News](https://x.example.org/)\n\n- [Harbour at night](https://x.example.org/photos/harbour-12)\n- [Ferries](https://x.example.org/photos/ferries-11)\n",
        ]
        for text in notBlocks {
            let n = try relatedLinks(in: "\(intro)\n\n\(text)\n\(outro)")
            #expect(n.blocks.isEmpty, "\(text.debugDescription)")
        }
    }

    @Test func giantGraphemeStaysLinear() throws {
        // "a" and thousands of combining marks, one grapheme (the fuzzer's
        // related-timeout-combining-mix): every step reads bytes, so this is
        // quick; with Character comparisons it took minutes.
        var s = "Related:\n- a"
        for _ in 0..<40_000 { s += "\u{0301}\u{0323}" }
        let r = try relatedLinks(in: s)
        #expect(r.blocks.isEmpty && r.body == s)
        let plain = "a" + String(repeating: "\u{0301}\u{0323}", count: 40_000)
        #expect(try relatedLinks(in: plain).body == plain)
    }
}
