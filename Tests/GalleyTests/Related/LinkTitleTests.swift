import Testing
@testable import Galley

@Suite("LinkTitle")
struct LinkTitleTests {
    // MARK: display

    @Test("whitespace, newlines and NFC")
    func whitespace() throws {
        let t = try LinkTitle("  Caf\u{65}\u{301}\u{A0}\u{A0}au \t lait\n\n  reopens\r\n")
        #expect(t.display == "Café au lait reopens")
        #expect(t.display.unicodeScalars.count == 20)  // composed é
        #expect(try LinkTitle("Line one\u{2028}line\u{85}two").display == "Line one line two")
    }

    @Test("leading bullets and list markers", arguments: [
        ("- Markets rally", "Markets rally"),
        ("* Markets rally", "Markets rally"),
        ("• Markets rally", "Markets rally"),
        ("•Markets rally", "Markets rally"),
        ("– Markets rally", "Markets rally"),
        ("— Markets rally", "Markets rally"),
        ("· Markets rally", "Markets rally"),
        ("▪ ► ‣ ◦ ⁃ Markets rally", "Markets rally"),
        ("1. Markets rally", "Markets rally"),
        ("12) Markets rally", "Markets rally"),
        ("a) Markets rally", "Markets rally"),
        ("- 3. Markets rally", "Markets rally"),
        ("  •  Биржи растут", "Биржи растут"),
        // Not markers: kept.
        ("-5 °C in Oslo", "-5 °C in Oslo"),
        ("*nix tools", "*nix tools"),
        ("1.5 million jobs", "1.5 million jobs"),
        ("2024. Year in review", "2024. Year in review"),
        ("Plan B) works", "Plan B) works"),
    ])
    func bullets(raw: String, expected: String) throws {
        #expect(try LinkTitle(raw).display == expected)
    }

    @Test("trailing separators", arguments: [
        ("Markets rally -", "Markets rally"),
        ("Markets rally –", "Markets rally"),
        ("Markets rally —", "Markets rally"),
        ("Markets rally |", "Markets rally"),
        ("Markets rally ·", "Markets rally"),
        ("Markets rally:", "Markets rally"),
        ("Markets rally »", "Markets rally"),
        ("Markets rally ›", "Markets rally"),
        ("Markets rally >", "Markets rally"),
        ("Markets rally – ", "Markets rally"),       // a cut-off "– site name"
        ("Markets rally: – | » ", "Markets rally"),  // repeated
        ("Markets rally\n–\n", "Markets rally"),
        // Kept: part of the title.
        ("Well-known", "Well-known"),
        ("Top 10 - 2024", "Top 10 - 2024"),
        ("“Quoted” headline", "“Quoted” headline"),
        ("(Brackets) stay", "(Brackets) stay"),
    ])
    func separators(raw: String, expected: String) throws {
        #expect(try LinkTitle(raw).display == expected)
    }

    @Test("empty and separator-only titles")
    func empty() throws {
        for raw in ["", "   \n ", "•", " - | ", "• – :"] {
            let t = try LinkTitle(raw)
            #expect(t.display == "", "\(raw)")
            #expect(t.key == "")
            #expect(t.slug == "")
        }
        let t = try LinkTitle("")
        #expect(t.key == "")
        #expect(t.slug == "")
    }

    // MARK: key

    @Test("key ignores case, quote styles and punctuation")
    func keyEquivalence() throws {
        let a = try LinkTitle("“Ukraine’s grain deal” – explained")
        let b = try LinkTitle("\"Ukraine's Grain Deal\": Explained")
        let c = try LinkTitle("UKRAINE'S GRAIN-DEAL, EXPLAINED!")
        #expect(a.key == "ukraine s grain deal explained")
        #expect(a.key == b.key)
        #expect(a.key == c.key)
        #expect(a.display != b.display)
        let d = try LinkTitle("  • “Ukraine’s grain deal” –\n explained | ")
        #expect(d.display == "“Ukraine’s grain deal” – explained")
        #expect(d.key == a.key)
        #expect(d.slug == "ukraine-s-grain-deal-explained")
    }

    @Test("key in other scripts")
    func keyScripts() throws {
        #expect(try LinkTitle("«Straße» — GROSS!").key == "strasse gross")
        #expect(try LinkTitle("„Київ“: МЕТРО").key == LinkTitle("\"київ\" – метро").key)
        #expect(try LinkTitle("Ｆｕｌｌ－ｗｉｄｔｈ　①").key == "full width 1")
        #expect(try LinkTitle("ΟΔΥΣΣΕΑΣ").key == "οδυσσεασ")
        // Combining marks are kept (Devanagari vowel signs).
        #expect(try LinkTitle("नई दिल्ली: बारिश").key == "नई दिल्ली बारिश")
        #expect(try LinkTitle("東京、大雨。").key == "東京 大雨")
        #expect(try LinkTitle("😀 🎉").key == "")
    }

    // MARK: slug

    @Test("slugs across scripts", arguments: [
        ("Déjà vu à Zürich", "deja-vu-a-zurich"),
        ("Straße, Œuvre & Æsir", "strasse-oeuvre-aesir"),
        ("Читайте також: Київ відновлює метро", "chytayte-takozh-kyyiv-vidnovlyuye-metro"),
        ("Москва — новости дня", "moskva-novosti-dnya"),
        ("Жёлтый объём", "zheltyy-ob-yem"),
        ("Ђорђе Балашевић у Новом Саду", "dorde-balasevic-u-novom-sadu"),
        ("Мінск ўвечары", "minsk-wvyechary"),
        ("Охрид и Ѓорче", "ohrid-i-gorce"),
        ("Αθήνα: νέο μετρό", "athena-neo-metro"),
        ("中国经济增长放缓", "zhong-guo-jing-ji-zeng-zhang-fang-huan"),
        ("ひらがな カタカナ", "hiragana-katakana"),
        ("서울 지하철 파업", "seoul-jihacheol-pa-eob"),
        ("שלום עולם", "slwm-wlm"),
        ("“Ukraine’s grain deal” – explained", "ukraine-s-grain-deal-explained"),
        ("  --Hello,   World!!  ", "hello-world"),
        ("Top 10 of 2024", "top-10-of-2024"),
        ("٢٠٢٤ Review", "2024-review"),
        ("😀🎉", ""),
        ("★ ☆ ♥", ""),
    ])
    func slugs(raw: String, expected: String) throws {
        #expect(try LinkTitle(raw).slug == expected)
    }

    @Test("slugs are lower-case ASCII with single inner hyphens")
    func slugShape() throws {
        for raw in ["Déjà vu à Zürich", "नई दिल्ली में बारिश", "مرحبا بالعالم", "กรุงเทพ", "Ελλάδα 2024",
                    "東京オリンピック開幕", "a—b–c|d»e", "   "] {
            let slug = try LinkTitle(raw).slug
            #expect(slug.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
            #expect(!slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--"))
        }
        #expect(try LinkTitle("नई दिल्ली में बारिश").slug.count > 5)
        #expect(try LinkTitle("مرحبا بالعالم").slug.count > 5)
    }

    @Test("slugs are cut at 80 characters, between words when possible")
    func slugLength() throws {
        let words = Array(repeating: "transliteration", count: 10).joined(separator: " ")
        let slug = try LinkTitle(words).slug
        #expect(slug.count <= 80)
        #expect(slug == Array(repeating: "transliteration", count: 5).joined(separator: "-"))  // 79
        // Exactly 80 ending on a word: kept whole.
        let exact = String(repeating: "a", count: 39) + " " + String(repeating: "b", count: 40) + " tail"
        #expect(try LinkTitle(exact).slug == String(repeating: "a", count: 39) + "-" + String(repeating: "b", count: 40))
        // One long word: cut hard at 80.
        let long = try LinkTitle(String(repeating: "x", count: 200)).slug
        #expect(long == String(repeating: "x", count: 80))
        // Cyrillic words (Щ → Ŝ → S, soft sign → apostrophe) are still cut cleanly.
        let cyr = try LinkTitle(Array(repeating: "Щедрість", count: 20).joined(separator: " ")).slug
        #expect(cyr.count <= 80 && !cyr.hasSuffix("-"))
        #expect(cyr.split(separator: "-").allSatisfy { $0 == "shchedrist" })
    }

    @Test("the language chooses the romanisation only where the letters do not")
    func slugLanguage() throws {
        // No letter tells Ukrainian from Russian here: the language decides, Russian by default.
        #expect(try LinkTitle("Новини дня").slug == "novini-dnya")
        #expect(try LinkTitle("Новини дня", language: "uk").slug == "novyny-dnya")
        #expect(try LinkTitle("Новини дня", language: "uk-UA").slug == "novyny-dnya")
        #expect(try LinkTitle("Съединението прави силата", language: "bg").slug == "suedinenieto-pravi-silata")
        // Letters win over the language: ы/ё are Russian, ї Ukrainian.
        #expect(try LinkTitle("Жёлтый дом", language: "uk").slug == "zheltyy-dom")
        #expect(try LinkTitle("Київ", language: "ru").slug == "kyyiv")
        // Latin titles ignore it.
        #expect(try LinkTitle("Déjà vu", language: "uk").slug == "deja-vu")
    }

    // MARK: robustness

    @Test("several threads slugging at once")
    func threads() async throws {
        let inputs = ["Читайте також: Київ відновлює метро", "Αθήνα: νέο μετρό", "中国经济增长放缓",
                      "Déjà vu à Zürich", "서울 지하철 파업", "ひらがな カタカナ"]
        let expected = try inputs.map { try LinkTitle($0).slug }
        let ok = await withTaskGroup(of: Bool.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for i in 0..<200 {
                        let k = (i + worker) % inputs.count
                        guard let t = try? LinkTitle(inputs[k]), t.slug == expected[k] else { return false }
                    }
                    return true
                }
            }
            return await group.reduce(true) { $0 && $1 }
        }
        #expect(ok)
    }

    @Test("a 100 KB title completes")
    func hugeTitle() throws {
        var raw = "• "
        let words = ["Київ", "Zürich", "Αθήνα", "北京", "news", "–", "“quoted”"]
        var i = 0
        while raw.utf8.count < 100_000 {
            raw += words[i % words.count] + (i % 13 == 0 ? "\n\t " : " ")
            i += 1
        }
        raw += " | "
        let t = try LinkTitle(raw)
        #expect(t.display.hasPrefix("Київ Zürich"))
        #expect(!t.display.hasSuffix("|"))
        #expect(t.key.hasPrefix("київ zürich αθήνα 北京 news quoted"))
        #expect(t.slug.hasPrefix("kyyiv-zurich-athena-bei-jing-news-quoted"))
        #expect(t.slug.count <= 80)
        // Emoji first, text after the first transliteration piece.
        let late = try LinkTitle(String(repeating: "😀 ", count: 30_000) + "Finally words")
        #expect(late.slug == "finally-words")
    }

    @Test("Hashable and Sendable values")
    func values() throws {
        let a = try LinkTitle("Déjà vu")
        let b = try LinkTitle("  Déjà   vu  ")
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
    }
}
