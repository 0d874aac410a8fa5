// Language detection: a cheap, deterministic guess at the language of an
// article from the first 8 KiB of its text. No model, no data files: letter
// counts by script, then, within Latin, Cyrillic and Arabic script, the
// letters only some languages use and short lists of function words. The
// tables are built once per process; a call needs only a 3 KB scratch buffer.

/// What ``detectLanguage(_:)`` found.
///
/// ```swift
/// let d = detectLanguage("У Києві відкрили нову станцію метро.")
/// d.tag         // "uk"
/// d.script      // "Cyrl"
/// d.basis       // .scores
/// d.confidence  // 0.83
/// ```
public struct DetectedLanguage: Sendable, Hashable {
    /// How the tag was decided.
    public enum Basis: Sendable, Hashable {
        /// The text has no letters (empty; digits, punctuation, symbols,
        /// emoji only): tag "und", script "Zyyy" (Common).
        case noLetters
        /// Most letters are in a script the detector does not classify
        /// (Tamil, Ethiopic, ...): tag "und", script "Zzzz".
        case unsupportedScript
        /// The script names the language: Greek "el", Hebrew "he", Devanagari
        /// "hi", Thai "th", Georgian "ka", Armenian "hy", Hangul "ko", Han with
        /// kana "ja", Han without kana "zh".
        case script
        /// Letters and function words were scored and `tag` scored highest
        /// (Latin, Cyrillic and Arabic script). A tie goes to the language
        /// listed first in ``detectLanguage(_:)``'s documentation, with
        /// confidence 0 (a Latin tie in fewer than 200 letters is "und").
        case scores
        /// The script's letters carried no evidence for any of its
        /// languages: Cyrillic gives "ru", Arabic script "ar" (confidence
        /// 0.1 × share), Latin "und" (confidence 0).
        case fallback
    }

    /// A lowercase ISO 639-1 primary language subtag ("uk", "pt", "ja"), or
    /// "und" when nothing could be told.
    public var tag: String
    /// The ISO 15924 code of the script most letters are in: "Latn",
    /// "Cyrl", "Grek", "Arab", "Hebr", "Deva", "Thai", "Geor", "Armn",
    /// "Kore" (Hangul), "Jpan" (Han with kana), "Hani" (Han without kana);
    /// "Zyyy" when there are no letters, "Zzzz" for other scripts.
    public var script: String
    /// 0...1: the script's share of the letters × the margin over the
    /// runner-up × the amount of evidence (see ``detectLanguage(_:)``).
    /// Deterministic for a given input; not a calibrated probability.
    public var confidence: Double
    public var basis: Basis

    public init(tag: String, script: String, confidence: Double, basis: Basis) {
        self.tag = tag
        self.script = script
        self.confidence = confidence
        self.basis = basis
    }

    /// The detector reads at most this many bytes from the start of a text
    /// (cut back to a scalar boundary; a word cut by the limit is dropped).
    public static let maximumBytesRead = 8192

    /// When the text holds Markdown, HTML or URLs, its syntax is taken out
    /// of at most this many bytes first, and the prose left is read (up to
    /// ``maximumBytesRead`` of it).
    public static let maximumSyntaxBytesRead = 65536
}

/// Guesses the language of a text from its first
/// ``DetectedLanguage/maximumBytesRead`` (8192) UTF-8 bytes.
///
/// Deterministic, linear in the bytes read (so constant time for any longer
/// text) and thread-safe; a call needs one 3 KB scratch buffer
/// (`withUnsafeTemporaryAllocation`) and nothing else (the word table is
/// built once per process). Expects NFC text (Galley's normalization gives
/// it): combining marks are skipped, so decomposed letters lose their
/// diacritic evidence.
///
/// **Edge cases.** Empty text, and text without letters (digits,
/// punctuation, symbols, emoji, whitespace): "und", script "Zyyy", basis
/// ``DetectedLanguage/Basis/noLetters``, confidence 0. Mostly letters of
/// another script: "und", "Zzzz", ``DetectedLanguage/Basis/unsupportedScript``,
/// 0. Strings are always valid UTF-8; for bytes see
/// ``detectLanguage(utf8:)``. Only the first 8192 bytes count: what follows
/// never changes the result. When those hold Markdown, HTML or URL syntax
/// (`[`, `]`, `<`, `\`, `*`, `_`, `~`, `://`, `www.` in the first 64 KiB),
/// the syntax is taken out first (link destinations and titles, images,
/// tags, reference definitions, bare URLs, emphasis and heading markers;
/// link texts stay; see ``MarkdownScan/proseMask()``), whitespace runs are
/// collapsed, and the first 8192 bytes of that prose are read: words inside
/// URLs never count.
///
/// **Too short to decide.** A Latin text of fewer than 200 letters whose
/// best languages tie ("no id here. Fine.": "no" is Spanish, Italian and
/// Portuguese) is "und" with basis ``DetectedLanguage/Basis/fallback``,
/// unless Danish leads the tie and Norwegian is in it (Danish, as before).
///
/// **1. Script.** Letters are counted by script: Latin (ASCII, Latin-1 to
/// Latin Extended-B, IPA, Latin Extended Additional, fullwidth), Cyrillic,
/// Greek, Arabic, Hebrew, Devanagari, Thai, Georgian, Armenian, Hangul, Han
/// (with bopomofo, 々 and 〇) and kana (hiragana, katakana, ー, halfwidth);
/// any other alphabetic scalar counts as "other". Han, kana and Hangul count
/// 3 each (a character carries about a short word). The script with the
/// largest count wins (ties: the order just given). Digits, punctuation,
/// symbols and emoji are not letters.
///
/// **2. Language.**
/// - Greek → "el", Hebrew → "he" (Yiddish too), Devanagari → "hi" (Marathi
///   and Nepali too), Thai → "th", Georgian → "ka", Armenian → "hy",
///   Hangul → "ko" (script "Kore").
/// - Han and kana: "ja" (script "Jpan") when kana make at least 2% of the
///   Han and kana (a single kana in a short text is enough), else "zh"
///   ("Hani"; simplified and traditional alike), so a short all-kanji
///   Japanese heading reads as "zh".
/// - Arabic script, in the order ar fa ur: "ar" by ة ى ي ك, "fa" by
///   پ چ ژ گ ی ک, "ur" by ٹ ڈ ڑ ں ے ہ ھ (and by ی ک when those make at
///   least an eighth as many); "ar" with basis
///   ``DetectedLanguage/Basis/fallback`` when none occurs. Pashto, Kurdish,
///   Sindhi and others are not told apart.
/// - Cyrillic, in the order ru uk be bg sr mk, by letters: Ukrainian
///   ї є ґ, an apostrophe before я ю є ї, and і; Russian ы э ё and ъ before
///   е ё ю я; Belarusian ў, and also і ы э ё when the text has (almost) no
///   и and either ў or both і and ы/э without ї є ґ (і alone reads as
///   Ukrainian, ы э alone as Russian); Bulgarian ъ before any other letter
///   (ъ as a vowel: "път", "България") and ѝ; Serbian ђ ћ; Macedonian
///   ѓ ќ ѕ; ј љ њ џ for both. Then function words (ru что это как,
///   uk що та це, be гэта яго, bg че ще това, sr је није због,
///   mk ќе дека, ...). Bulgarian rests on ъ, ѝ and its words alone and is
///   the weakest call. Ukrainian and Russian without their letters are
///   told apart by their words ("Що буде з метро" is "uk", "Что будет с
///   метро" "ru"); a text with no evidence at all (a name such as
///   "Москва") is "ru" with basis ``DetectedLanguage/Basis/fallback`` and
///   confidence 0.1 × share. Kazakh, Kyrgyz, Mongolian and other Cyrillic
///   languages are not detected and read as the closest of these.
/// - Latin, in the order en de fr es it pt pl nl cs sv da no fi tr ro hu id:
///   letters (ß de; ñ ¿ ¡ es; ã õ pt; ì ò it; œ fr; ą ę ł ń ś ź ż ć pl;
///   ě ř ů ď ť ň cs; æ ø da/no; å sv/da/no; ä ö de/sv/fi; ğ ı İ tr;
///   ă ș ț ro; ő ű hu; and weaker shared ones such as é ç ü) and 28–55
///   function words per language (26–41 for Cyrillic) ("the", "und", "les", "y", "che", "não",
///   "się", "het", "že", "och", "ikke", "että", "ve", "și", "hogy", ...;
///   a word of one language scores 2, a word several share 1 each).
///   Danish and Norwegian share most of their words and letters: short
///   texts often tie (Danish, listed first, wins at confidence 0).
///   Without any evidence (e.g. "Bahnstreik legt Fernverkehr lahm", a
///   brand name) the tag is "und" with basis
///   ``DetectedLanguage/Basis/fallback``: Galley's segmenter then applies
///   its root rules. Slovak reads as Czech, Catalan as Spanish or French,
///   Indonesian rests on its function words alone ("yang", "dan",
///   "untuk"; Malay reads as "id"); other Latin-script languages
///   (Croatian, Vietnamese, ...) read as the closest of these or "und".
///
/// **Words** are runs of Latin or Cyrillic letters, lower-cased, cut at
/// anything else (digits, hyphens, apostrophes); a capital followed by "."
/// (an initial: "U.S.A.", "Albert I. Jones") and a single letter after an
/// apostrophe ("city's", "don't") are not words.
///
/// **Confidence** = share × margin × amount, where share is the winning
/// script's (weighted) letters over all letters; margin is (best − second
/// best) / best among the script's languages (0 on a tie; 1 where the
/// script names the language); and amount is min(1, best score / 12) for
/// scored scripts or min(1, weighted letters / 24) otherwise. The Cyrillic
/// and Arabic fallbacks give 0.1 × share; the Latin fallback, no letters
/// and unsupported scripts give 0. As a guide: three news sentences in a
/// Latin or Cyrillic language give 0.5–1, a single sentence 0–0.9, a tie
/// 0; Danish and Norwegian, which share most of their words, stay near
/// 0.2 even over a paragraph.
///
/// ```swift
/// detectLanguage("Der Streik der Lokführer hat große Teile lahmgelegt.").tag  // "de"
/// detectLanguage("台風10号、九州に上陸").tag                                    // "ja"
/// detectLanguage("12:30 — 15%").tag                                          // "und"
/// ```
public func detectLanguage(_ text: String) -> DetectedLanguage {
    var copy = text
    return copy.withUTF8 { detectLanguage(utf8: $0) }
}

/// ``detectLanguage(_:)`` over UTF-8 bytes: reads at most the first
/// ``DetectedLanguage/maximumBytesRead`` bytes. The bytes need not be valid:
/// a byte that does not start a well-formed sequence (Unicode Table 3-7)
/// counts as one non-letter and is skipped, like punctuation.
public func detectLanguage(utf8 bytes: UnsafeBufferPointer<UInt8>) -> DetectedLanguage {
    guard let prose = _proseForDetection(bytes) else { return _detectLanguageOfProse(bytes) }
    return prose.withUnsafeBufferPointer { _detectLanguageOfProse($0) }
}

/// The prose of the first ``DetectedLanguage/maximumSyntaxBytesRead`` bytes
/// when they hold Markdown, HTML or URL syntax: syntax blanked
/// (``MarkdownScan/proseMask()``: link destinations and titles, images,
/// tags, bare URLs, markers) and runs of ASCII whitespace collapsed to one
/// space. nil when there is no syntax (the bytes are read as they are).
func _proseForDetection(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
    // Most texts hold enough prose in their first 12 KiB; only syntax-heavy
    // ones need the whole window.
    if bytes.count > 12288 {
        // No syntax there: none in the 8 KiB read either.
        guard let prose = _proseForDetection(bytes, window: 12288) else { return nil }
        if prose.count > DetectedLanguage.maximumBytesRead { return prose }
    }
    return _proseForDetection(bytes, window: DetectedLanguage.maximumSyntaxBytesRead)
}

func _proseForDetection(_ bytes: UnsafeBufferPointer<UInt8>, window: Int) -> [UInt8]? {
    var end = min(bytes.count, window)
    if end < bytes.count {
        var k = 0
        while end > 0, k < 3, bytes[end] & 0xC0 == 0x80 { end -= 1; k += 1 }
    }
    let prefix = UnsafeBufferPointer(rebasing: bytes[0..<end])
    guard _hasSyntaxOrURL(prefix) else { return nil }
    let mask = MarkdownScan(utf8: prefix).proseMask()
    // Runs of ASCII whitespace collapsed to one space, none at the start;
    // the copy stops once it holds more than maximumBytesRead + 4 bytes (the
    // reader needs the bytes after its limit to know whether a word was
    // cut), so it never holds more than maximumBytesRead + 6.
    let cap = DetectedLanguage.maximumBytesRead + 6
    return [UInt8](unsafeUninitializedCapacity: min(mask.count, cap)) { out, written in
        mask.withUnsafeBufferPointer { m in
            var n = 0
            var space = false
            for c in m {
                if c == 0x20 || (c >= 0x09 && c <= 0x0D) {
                    space = true
                    continue
                }
                if space && n > 0 {
                    if n == out.count { break }
                    out[n] = 0x20
                    n += 1
                }
                space = false
                if n == out.count { break }
                out[n] = c
                n += 1
                if n > DetectedLanguage.maximumBytesRead + 4 { break }
            }
            written = n
        }
    }
}

/// Whether `s` holds Markdown or HTML syntax (`[`, `]`, `<`, `\`, `*`,
/// `_`, `~`) or a bare URL (`://` or `www.`, case-insensitively, with a byte
/// after it), in one pass.
func _hasSyntaxOrURL(_ s: UnsafeBufferPointer<UInt8>) -> Bool {
    let end = s.count
    guard let base = s.baseAddress else { return false }
    var i = 0
    while i < end {
        let c = base[i]
        switch c {
        case 0x5B, 0x5D, 0x3C, 0x5C, 0x2A, 0x5F, 0x7E:
            return true
        case 0x3A:
            if i + 3 < end && base[i + 1] == 0x2F && base[i + 2] == 0x2F { return true }
        case 0x57, 0x77:
            if i + 3 < end && base[i + 1] | 0x20 == 0x77 && base[i + 2] | 0x20 == 0x77 && base[i + 3] == 0x2E {
                return true
            }
        default:
            break
        }
        i += 1
    }
    return false
}

func _detectLanguageOfProse(_ bytes: UnsafeBufferPointer<UInt8>) -> DetectedLanguage {
    withUnsafeTemporaryAllocation(of: Int32.self, capacity: _LanguageScan.counterCount) { counters in
        counters.initialize(repeating: 0)
        var scan = _LanguageScan(counters: counters.baseAddress!, words: _FunctionWords.table)
        scan.run(bytes)
        return scan.verdict()
    }
}

// MARK: - Languages

/// The languages scored within a script; their order breaks ties.
enum _ScoredLanguage {
    static let tags: [String] = [
        "en", "de", "fr", "es", "it", "pt", "pl", "nl", "cs", "sv", "da", "no", "fi", "tr", "ro", "hu", "id",
        "ru", "uk", "be", "bg", "sr", "mk",
        "ar", "fa", "ur",
    ]
    static let latin = 0..<17
    static let cyrillic = 17..<23
    static let arabic = 23..<26
    static let count = 26

    static let en = 0, de = 1, fr = 2, es = 3, it = 4, pt = 5, pl = 6, nl = 7, cs = 8, sv = 9
    static let da = 10, no = 11, fi = 12, tr = 13, ro = 14, hu = 15, id = 16
    static let ru = 17, uk = 18, be = 19, bg = 20, sr = 21, mk = 22
    static let ar = 23, fa = 24, ur = 25

    static func index(_ tag: String) -> Int { tags.firstIndex(of: tag)! }
}

// MARK: - Function words

/// Lower-cased function words → the languages that use them (a bit mask
/// over `_ScoredLanguage`). Open addressing over words of at most 16 UTF-8
/// bytes packed into two integers (no word contains a zero byte, so an
/// all-zero key marks an empty slot).
struct _FunctionWords: Sendable {
    private struct Entry: Sendable {
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        var languages: UInt32 = 0
    }
    /// Half full: one or two probes, one cache line each.
    private var entries: [Entry]
    private let mask: Int
    /// One bit per value of the slot hash's low 13 bits, set for the
    /// function words' (1 KiB, so it stays in the L1 cache while the 48 KB
    /// table does not): most other words are turned away here without a
    /// probe. No false negatives, so results are those of the table alone.
    private var filter: [UInt64]

    static let table = _FunctionWords(lists)

    /// The top function words of news text, per language. A word may be
    /// listed under several languages.
    static let lists: [(String, String)] = [
        ("en", "the of and to in is was that for on with as by at from it its his her he she said have has had are were be been this which will would not but after who they their an or more than also about into over we you there when what can new one"),
        ("de", "der die das und ist nicht mit sich auf für den dem des ein eine einer einem eines im von zu zum zur auch es sie er wird werden wurde hat haben nach bei aus wie sind noch über um am als dass vor aber oder nur"),
        ("fr", "le la les de des du et est un une en que qui pour dans sur par au aux pas ne plus avec il elle ils sont à été ce cette ont mais ou son sa ses leur selon qu"),
        ("es", "el la los las de del y que en un una es por con para se al lo como más pero su sus fue ha han no este esta según también sobre entre desde muy ya le"),
        ("it", "il lo la gli le di del della dei delle e è che per con un una non da dal alla al nel nella si sono ha hanno anche come più ma questo questa secondo dopo tra ed degli dell nell all dall sull"),
        ("pt", "o os as de do da dos das e é que em no na nos nas um uma para com por não se ao aos mais foi são ser como mas seu sua pelo pela também já segundo à ou sobre"),
        ("pl", "i w na z się nie do to że jest o od po jak ale za co dla przez tak są był była było jego jej ich już oraz które który która też może także roku we ze"),
        ("nl", "de het een en van in is dat op te voor met zijn niet aan er ook als bij door om naar uit maar wordt werd nog dan worden heeft hebben deze die over tot wat we"),
        ("cs", "v se na je to že s z o do i k ve pro by jako ale jsou byl byla bylo jeho které který která také podle po od za už než při mezi nebo jsem"),
        ("sv", "och att i en ett det som på är av för med till den har de inte om var jag vi sig men från vid när efter också hade kan ska skulle under eller mot ut än blev säger enligt"),
        ("da", "og i det er en et til på som af for med den har de ikke om var vi sig men fra ved når efter også havde kan skal skulle eller mod ud end blev siger bliver hun han hvad meget noget nu op mellem gennem ifølge dette"),
        ("no", "og i det er en et til på som av for med den har de ikke om var vi seg men fra ved når etter også hadde kan skal skulle eller mot ut enn ble sier blir hun han hva mye noe nå opp mellom gjennom ifølge dette"),
        ("fi", "ja on ei että se oli ovat olla hän he mutta myös kun jos tai kuin mukaan sekä vain nyt jo tämä tämän joka jotka sen ole ollut vuonna noin vielä yli"),
        ("tr", "ve bir bu da de için ile olarak çok daha en gibi ama ancak o ne değil kadar sonra olan var yok göre ise her yeni ilk olduğu diye"),
        ("ro", "și şi în de la cu pe că nu o un care este sunt din pentru mai au se al ale lui fost sau dar după despre acest această iar fi va ca"),
        ("hu", "az és hogy nem is egy meg van volt már ki el de csak mint még azt ezt ez kell után szerint között pedig vagy lesz most több"),
        // Indonesian (Malay shares most of these words and reads as "id").
        ("id", "yang dan ke dari untuk dengan ini itu tidak akan pada juga dalam ada oleh karena sudah atau bisa mereka kami kita saya telah adalah sebagai lebih harus setelah bahwa hanya masih seperti antara menurut tersebut secara"),
        ("ru", "что это как его но или уже был была было были он она они если когда также только после который которые которая из года году сообщил заявил при же бы все во со от для у"),
        ("uk", "і що це як та але або його вже був була було були він вона вони якщо коли також тільки після який які яка з із від для року році заявив при ж б все ще й у через щоб буде"),
        ("be", "і ў у з што гэта як але яго ён яна яны былі быў была было калі таксама толькі пасля які якія ад для пра праз ужо ці"),
        ("bg", "какво че ще това като са от който която които но след той тя те му се е да беше има няма още във със към през бъде"),
        ("sr", "је да се у од са што који која које није био била били као али или из после године према након због ће би смо"),
        ("mk", "ќе е се да од со во што кој која кои беше бил била биле како но дека по според ги го ја ова тоа овој"),
    ]

    init(_ lists: [(String, String)]) {
        var words: [String: UInt32] = [:]
        for (tag, list) in lists {
            let bit = UInt32(1) << UInt32(_ScoredLanguage.index(tag))
            for w in list.split(separator: " ") { words[String(w), default: 0] |= bit }
        }
        var capacity = 1
        while capacity < words.count * 2 { capacity <<= 1 }
        entries = Array(repeating: Entry(), count: capacity)
        mask = capacity - 1
        filter = Array(repeating: 0, count: Self.filterWords)
        // Sorted, so that the table's layout does not depend on hashing seeds.
        for (w, m) in words.sorted(by: { $0.key < $1.key }) {
            var key = _WordKey()
            for b in w.utf8 { key.append(b) }
            precondition(key.count <= 16, "function word longer than 16 bytes: \(w)")
            let h = Self.slot(key.lo, key.hi)
            filter[(h >> 6) & (Self.filterWords - 1)] |= 1 << UInt64(h & 63)
            var slot = h & mask
            while entries[slot].lo != 0 { slot = (slot + 1) & mask }
            entries[slot] = Entry(lo: key.lo, hi: key.hi, languages: m)
        }
    }

    /// The filter's size in 64-bit words (8,192 bits).
    private static let filterWords = 128

    @inline(__always)
    private static func slot(_ lo: UInt64, _ hi: UInt64) -> Int {
        let h = (lo ^ (hi &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: h >> 40)
    }

    /// The languages of a packed word (0: not a function word).
    @inline(__always)
    func languages(_ key: _WordKey) -> UInt32 {
        let h = Self.slot(key.lo, key.hi)
        let bits = filter.withUnsafeBufferPointer { $0[(h >> 6) & (Self.filterWords - 1)] }
        if bits & (1 << UInt64(h & 63)) == 0 { return 0 }
        return entries.withUnsafeBufferPointer { e in
            var slot = h & mask
            while true {
                let k = e[slot].lo
                if k == key.lo && e[slot].hi == key.hi { return e[slot].languages }
                if k == 0 { return 0 }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// A lower-cased word's first 16 UTF-8 bytes, little-endian in two words.
struct _WordKey {
    var lo: UInt64 = 0
    var hi: UInt64 = 0
    var count = 0

    @inline(__always)
    mutating func append(_ b: UInt8) {
        if count < 8 {
            lo |= UInt64(b) << UInt64(count &* 8)
        } else if count < 16 {
            hi |= UInt64(b) << UInt64((count &- 8) &* 8)
        }
        count &+= 1
    }
}

// MARK: - Letters

enum _Letters {
    /// Latin letters and marks counted: lower-cased scalars U+00A0...U+024F.
    static let latinBase: UInt32 = 0xA0
    static let latinCount = 0x250 - 0xA0
    /// Cyrillic U+0400...U+04FF, lower-cased.
    static let cyrillicCount = 0x100

    /// Per lower-cased Latin scalar: (language, weight) pairs.
    static let latinWeights: [[(Int, Int32)]] = {
        typealias L = _ScoredLanguage
        let table: [UInt32: [(Int, Int32)]] = [
            0xA1: [(L.es, 4)], 0xBF: [(L.es, 4)],                                   // ¡ ¿
            0xDF: [(L.de, 4)],                                                      // ß
            0xE0: [(L.fr, 1), (L.it, 2), (L.pt, 1)],                                // à
            0xE1: [(L.es, 1), (L.pt, 1), (L.cs, 1), (L.hu, 1)],                     // á
            0xE2: [(L.fr, 1), (L.pt, 1), (L.ro, 1), (L.tr, 1)],                     // â
            0xE3: [(L.pt, 3)],                                                      // ã
            0xE4: [(L.de, 2), (L.sv, 2), (L.fi, 3)],                                // ä
            0xE5: [(L.sv, 2), (L.da, 2), (L.no, 2)],                                // å
            0xE6: [(L.da, 3), (L.no, 3)],                                           // æ
            0xE7: [(L.fr, 2), (L.pt, 2), (L.tr, 2)],                                // ç
            0xE8: [(L.fr, 2), (L.it, 2)],                                           // è
            0xE9: [(L.fr, 1), (L.es, 1), (L.it, 1), (L.pt, 1), (L.cs, 1), (L.hu, 1)], // é
            0xEA: [(L.fr, 2), (L.pt, 2)],                                           // ê
            0xEB: [(L.fr, 1), (L.nl, 1)],                                           // ë
            0xEC: [(L.it, 3)],                                                      // ì
            0xED: [(L.es, 1), (L.pt, 1), (L.cs, 1), (L.hu, 1)],                     // í
            0xEE: [(L.fr, 1), (L.ro, 2)],                                           // î
            0xEF: [(L.fr, 1), (L.nl, 1)],                                           // ï
            0xF1: [(L.es, 3)],                                                      // ñ
            0xF2: [(L.it, 3)],                                                      // ò
            0xF3: [(L.es, 1), (L.pt, 1), (L.pl, 1), (L.cs, 1), (L.hu, 1)],          // ó
            0xF4: [(L.fr, 1), (L.pt, 1)],                                           // ô
            0xF5: [(L.pt, 3)],                                                      // õ
            0xF6: [(L.de, 2), (L.sv, 2), (L.fi, 2), (L.tr, 1), (L.hu, 1)],          // ö
            0xF8: [(L.da, 3), (L.no, 3)],                                           // ø
            0xF9: [(L.fr, 2), (L.it, 1)],                                           // ù
            0xFA: [(L.es, 1), (L.pt, 1), (L.cs, 1), (L.hu, 1)],                     // ú
            0xFB: [(L.fr, 2)],                                                      // û
            0xFC: [(L.de, 2), (L.tr, 1), (L.hu, 1)],                                // ü
            0xFD: [(L.cs, 2)],                                                      // ý
            0xFF: [(L.fr, 1)],                                                      // ÿ
            0x103: [(L.ro, 3)],                                                     // ă
            0x105: [(L.pl, 3)], 0x107: [(L.pl, 3)],                                 // ą ć
            0x10D: [(L.cs, 2)], 0x10F: [(L.cs, 3)],                                 // č ď
            0x119: [(L.pl, 3)], 0x11B: [(L.cs, 3)],                                 // ę ě
            0x11F: [(L.tr, 3)], 0x130: [(L.tr, 3)], 0x131: [(L.tr, 3)],             // ğ İ ı
            0x142: [(L.pl, 3)], 0x144: [(L.pl, 3)], 0x148: [(L.cs, 3)],             // ł ń ň
            0x151: [(L.hu, 3)], 0x153: [(L.fr, 3)], 0x159: [(L.cs, 3)],             // ő œ ř
            0x15B: [(L.pl, 3)], 0x15F: [(L.tr, 3), (L.ro, 1)],                      // ś ş
            0x161: [(L.cs, 2)], 0x163: [(L.ro, 3)], 0x165: [(L.cs, 3)],             // š ţ ť
            0x16F: [(L.cs, 3)], 0x171: [(L.hu, 3)],                                 // ů ű
            0x17A: [(L.pl, 3)], 0x17C: [(L.pl, 3)], 0x17E: [(L.cs, 2)],             // ź ż ž
            0x219: [(L.ro, 3)], 0x21B: [(L.ro, 3)],                                 // ș ț
        ]
        var flat = Array(repeating: [(Int, Int32)](), count: latinCount)
        for (v, w) in table { flat[Int(v - latinBase)] = w }
        return flat
    }()

    /// Lower case of a Latin letter in U+00C0...U+024F (the pairs that
    /// matter here; others are returned as they are). İ stays İ (it is
    /// Turkish evidence of its own; its word form is "i").
    @inline(__always)
    static func latinLower(_ v: UInt32) -> UInt32 {
        switch v {
        case 0xC0...0xDE: return v == 0xD7 ? v : v + 0x20
        case 0x130: return v
        case 0x100...0x137, 0x14A...0x177, 0x218...0x233: return v | 1
        case 0x139...0x148, 0x179...0x17E: return v & 1 == 1 ? v + 1 : v
        case 0x178: return 0xFF
        default: return v
        }
    }

    /// Lower case of a Cyrillic letter in U+0400...U+052F.
    @inline(__always)
    static func cyrillicLower(_ v: UInt32) -> UInt32 {
        switch v {
        case 0x400...0x40F: return v + 0x50
        case 0x410...0x42F: return v + 0x20
        case 0x460...0x481, 0x48A...0x4BF, 0x4D0...0x52F: return v | 1
        case 0x4C0: return 0x4CF
        case 0x4C1...0x4CE: return v & 1 == 1 ? v + 1 : v
        default: return v
        }
    }
}

// MARK: - The scan

/// One pass over the bytes: script counts, letter histograms, function-word
/// scores. Counters live in a caller-provided zeroed buffer.
struct _LanguageScan {
    // Counter layout.
    static let latinHistogram = 0
    static let cyrillicHistogram = latinHistogram + _Letters.latinCount
    static let wordScores = cyrillicHistogram + _Letters.cyrillicCount
    static let counterCount = wordScores + _ScoredLanguage.count

    let counters: UnsafeMutablePointer<Int32>
    let words: _FunctionWords

    // Letters per script.
    var latin = 0, cyrillic = 0, greek = 0, arabic = 0, hebrew = 0, devanagari = 0
    var thai = 0, georgian = 0, armenian = 0, hangul = 0, han = 0, kana = 0, other = 0
    // Arabic-script evidence.
    var urdu = 0, persian = 0, persianWeak = 0, arabicOnly = 0
    // Cyrillic sequences: ъ before е ё ю я (Russian), ъ before another
    // letter (Bulgarian), apostrophe between a letter and я ю є ї (Ukrainian).
    var hardSignBeforeIotated = 0, hardSignAsVowel = 0, apostrophes = 0

    // The current word.
    var key = _WordKey()
    /// 0: none, 1: Latin, 2: Cyrillic.
    var wordScript: UInt8 = 0
    /// 0: none, 1: ъ just seen, 2: a Cyrillic letter and an apostrophe just seen.
    var pending: UInt8 = 0
    /// The word started with an ASCII capital.
    var initial = false
    /// The word follows an apostrophe: "s" in "city's" is not Czech "s".
    var elided = false

    init(counters: UnsafeMutablePointer<Int32>, words: _FunctionWords) {
        self.counters = counters
        self.words = words
    }

    mutating func run(_ b: UnsafeBufferPointer<UInt8>) {
        var end = min(b.count, DetectedLanguage.maximumBytesRead)
        let truncated = end < b.count
        if truncated {
            // Back to a scalar boundary (at most three continuation bytes).
            var k = 0
            while end > 0, k < 3, b[end] & 0xC0 == 0x80 { end -= 1; k += 1 }
        }
        var i = 0
        while i < end {
            let c = b[i]
            if c < 0x80 {
                i += 1
                if pending != 0 { pending = 0 }
                let l = c | 0x20
                if l >= 0x61 && l <= 0x7A {
                    if wordScript != 1 { endWord(); wordScript = 1 }
                    if key.count == 0 { initial = c < 0x61 }
                    key.append(l)
                    // The rest of the run of ASCII letters.
                    let start = i
                    while i < end {
                        let m = b[i] | 0x20
                        guard m >= 0x61 && m <= 0x7A else { break }
                        key.append(m)
                        i += 1
                    }
                    latin &+= 1 &+ (i &- start)
                } else if c == 0x27 {
                    apostrophe()
                } else if c == 0x2E && key.count == 1 && initial {
                    // "U.S.A.", "Albert I. Jones": an initial, not a word.
                    key = _WordKey()
                    wordScript = 0
                } else {
                    if wordScript != 0 { endWord() }
                    elided = false
                }
                continue
            }
            // U+0400...U+047F: the common Cyrillic letters, directly.
            if c & 0xFE == 0xD0, i + 1 < end, b[i + 1] & 0xC0 == 0x80 {
                let v = (UInt32(c & 0x1F) << 6) | UInt32(b[i + 1] & 0x3F)
                i += 2
                let before = pending
                pending = 0
                cyrillicLetter(v, after: before)
                continue
            }
            let (v, n) = Self.decode(b, i, end)
            i += n
            scalar(v)
        }
        // A word cut by the limit might be the start of any word.
        if truncated { wordScript = 0; key = _WordKey() } else { endWord() }
    }

    /// Decodes a well-formed sequence at `i` (Unicode Table 3-7), or
    /// returns U+FFFD for one bad byte.
    @inline(__always)
    static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt32, Int) {
        let c = UInt32(b[i])
        @inline(__always) func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            k < end && b[k] >= low && b[k] <= high
        }
        switch c {
        case 0xC2...0xDF:
            guard cont(i + 1) else { return (0xFFFD, 1) }
            return (((c & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2)
        case 0xE0...0xEF:
            let ok = c == 0xE0 ? cont(i + 1, 0xA0) : c == 0xED ? cont(i + 1, 0x80, 0x9F) : cont(i + 1)
            guard ok, cont(i + 2) else { return (0xFFFD, 1) }
            return (((c & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3)
        case 0xF0...0xF4:
            let ok = c == 0xF0 ? cont(i + 1, 0x90) : c == 0xF4 ? cont(i + 1, 0x80, 0x8F) : cont(i + 1)
            guard ok, cont(i + 2), cont(i + 3) else { return (0xFFFD, 1) }
            return (((c & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12)
                    | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F), 4)
        default:
            return (0xFFFD, 1)
        }
    }

    @inline(__always)
    mutating func endWord() {
        if key.count == 0 { wordScript = 0; return }
        defer { key = _WordKey(); wordScript = 0; elided = false }
        guard key.count <= 16, !(elided && key.count == 1) else { return }
        var m = words.languages(key)
        if m == 0 { return }
        let w: Int32 = m.nonzeroBitCount == 1 ? 2 : 1
        while m != 0 {
            counters[Self.wordScores + m.trailingZeroBitCount] &+= w
            m &= m &- 1
        }
    }

    mutating func apostrophe() {
        let afterCyrillic = wordScript == 2, afterWord = wordScript != 0
        endWord()
        pending = afterCyrillic ? 2 : 0
        elided = afterWord
    }

    @inline(__always)
    mutating func appendScalar(_ v: UInt32) {
        if v < 0x800 {
            key.append(UInt8(0xC0 | (v >> 6)))
            key.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            key.append(UInt8(0xE0 | (v >> 12)))
            key.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            key.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// A Cyrillic letter (U+0400...U+0481, U+048A...U+052F); `before` is
    /// what `pending` was.
    @inline(__always)
    mutating func cyrillicLetter(_ v: UInt32, after before: UInt8) {
        cyrillic &+= 1
        let l = _Letters.cyrillicLower(v)
        if l < 0x500 { counters[Self.cyrillicHistogram + Int(l - 0x400)] &+= 1 }
        if before == 1 {
            // After ъ: е ё ю я is the Russian separating sign; another
            // letter makes ъ a vowel (Bulgarian).
            if l == 0x435 || l == 0x451 || l == 0x44E || l == 0x44F {
                hardSignBeforeIotated &+= 1
            } else {
                hardSignAsVowel &+= 1
            }
        } else if before == 2, l == 0x44F || l == 0x44E || l == 0x454 || l == 0x457 {
            apostrophes &+= 1
        }
        if l == 0x44A { pending = 1 }
        if wordScript != 2 { endWord(); wordScript = 2 }
        appendScalar(l)
    }

    mutating func scalar(_ v: UInt32) {
        let before = pending
        pending = 0
        switch v {
        case 0xC0...0x24F where v != 0xD7 && v != 0xF7:
            latin &+= 1
            let l = _Letters.latinLower(v)
            counters[Self.latinHistogram + Int(l - _Letters.latinBase)] &+= 1
            if wordScript != 1 { endWord(); wordScript = 1 }
            if l == 0x130 { key.append(0x69) } else { appendScalar(l) }
        case 0xA1, 0xBF:                                        // ¡ ¿
            counters[Self.latinHistogram + Int(v - _Letters.latinBase)] &+= 1
            endWord()
        case 0xAD, 0x300...0x36F, 0x483...0x489, 0x200C, 0x200D, 0xFE00...0xFE0F:
            // Soft hyphen, combining marks, zero-width (non-)joiners and
            // variation selectors continue a word.
            pending = before
        case 0x2BC, 0x2019:                                     // ʼ ’
            apostrophe()
        case 0x250...0x2AF, 0x1D00...0x1DBF, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            latin &+= 1
            endWord()
        case 0x1E00...0x1EFF:                                   // Vietnamese and others
            latin &+= 1
            if wordScript != 1 { endWord(); wordScript = 1 }
            appendScalar(v | 1)
        case 0x400...0x481, 0x48A...0x52F:
            cyrillicLetter(v, after: before)
        case 0x370...0x373, 0x376, 0x377, 0x37B...0x37D, 0x37F, 0x386, 0x388...0x3FF, 0x1F00...0x1FFF:
            greek &+= 1
            endWord()
        case 0x531...0x556, 0x560...0x588:
            armenian &+= 1
            endWord()
        case 0x5D0...0x5EA, 0x5EF...0x5F2, 0xFB1D...0xFB4F:
            hebrew &+= 1
            endWord()
        case 0x591...0x5C7, 0x64B...0x65F, 0x670, 0x6D6...0x6ED, 0x93A...0x94F, 0x951...0x957, 0x962, 0x963:
            // Hebrew points, Arabic harakat, Devanagari vowel signs: marks.
            pending = before
        case 0x620...0x64A, 0x66E...0x6D3, 0x6D5, 0x6EE, 0x6EF, 0x6FA...0x6FF, 0x750...0x77F,
             0x8A0...0x8C9, 0xFB50...0xFDFF, 0xFE70...0xFEFC:
            arabic &+= 1
            switch v {
            case 0x679, 0x688, 0x691, 0x6BA, 0x6D2, 0x6C1, 0x6BE: urdu &+= 1     // ٹ ڈ ڑ ں ے ہ ھ
            case 0x67E, 0x686, 0x698, 0x6AF: persian &+= 1                      // پ چ ژ گ
            case 0x6CC, 0x6A9: persianWeak &+= 1                                // ی ک
            case 0x629, 0x649, 0x64A, 0x643: arabicOnly &+= 1                   // ة ى ي ك
            default: break
            }
            endWord()
        case 0x900...0x939, 0x93D, 0x950, 0x958...0x961, 0x971...0x97F:
            devanagari &+= 1
            endWord()
        case 0xE01...0xE3A, 0xE40...0xE4E:
            thai &+= 1
            endWord()
        case 0x10A0...0x10FA, 0x10FC...0x10FF, 0x1C90...0x1CBF, 0x2D00...0x2D2F:
            georgian &+= 1
            endWord()
        case 0x1100...0x11FF, 0x3131...0x318E, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xD7B0...0xD7FF:
            hangul &+= 1
            endWord()
        case 0x3041...0x3096, 0x309D...0x309F, 0x30A1...0x30FA, 0x30FC...0x30FF, 0x31F0...0x31FF,
             0xFF66...0xFF9D:
            kana &+= 1
            endWord()
        case 0x3005, 0x3007, 0x3021...0x3029, 0x3038...0x303B, 0x3105...0x312F, 0x31A0...0x31BF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF:
            han &+= 1
            endWord()
        case 0x2000...0x206F, 0x3000...0x303F, 0xFF00...0xFF20, 0x1F000...0x1FAFF:
            // Punctuation, CJK punctuation, emoji: no property lookup.
            endWord()
        default:
            if v >= 0x100, let s = Unicode.Scalar(v), s.properties.isAlphabetic {
                other &+= 1
            }
            endWord()
        }
    }

    // MARK: Verdict

    /// The score of a language (`_ScoredLanguage` index): its function
    /// words, to which `verdict` adds its letters.
    @inline(__always)
    func score(_ l: Int) -> Int { Int(counters[Self.wordScores + l]) }

    @inline(__always)
    func add(_ l: Int, _ points: Int) { counters[Self.wordScores + l] &+= Int32(truncatingIfNeeded: points) }

    /// Latin letters below which a tie between languages gives "und".
    static let shortLatinText = 200

    func verdict() -> DetectedLanguage {
        typealias L = _ScoredLanguage
        // The script with the most letters (ties: the first); Han, kana and
        // Hangul count 3: a character carries about a short word.
        var script = "Latn", count = latin, total = latin
        func consider(_ name: String, _ n: Int) {
            total += n
            if n > count { script = name; count = n }
        }
        consider("Cyrl", cyrillic)
        consider("Grek", greek)
        consider("Arab", arabic)
        consider("Hebr", hebrew)
        consider("Deva", devanagari)
        consider("Thai", thai)
        consider("Geor", georgian)
        consider("Armn", armenian)
        consider("Kore", 3 * hangul)
        consider("Hani", 3 * (han + kana))
        consider("Zzzz", other)
        guard total > 0 else {
            return DetectedLanguage(tag: "und", script: "Zyyy", confidence: 0, basis: .noLetters)
        }
        let share = Double(count) / Double(total)
        func byScript(_ tag: String, _ script: String) -> DetectedLanguage {
            DetectedLanguage(tag: tag, script: script,
                             confidence: share * min(1, Double(count) / 24), basis: .script)
        }
        switch script {
        case "Latn":
            let weights = _Letters.latinWeights
            for k in 0..<_Letters.latinCount {
                let n = Int(counters[Self.latinHistogram + k])
                if n == 0 { continue }
                for (l, w) in weights[k] { add(l, n * Int(w)) }
            }
            let d = scored(L.latin, script: "Latn", share: share, fallback: "und", fallbackConfidence: 0)
            // A tie in a short text ("no id here. Fine.": Spanish, Italian and
            // Portuguese "no") cannot be decided.
            // Danish and Norwegian tie by nature: Danish, listed first, stays.
            let top = L.latin.map(score).max() ?? 0
            let tied = L.latin.filter { score($0) == top }
            if d.basis == .scores && d.confidence == 0 && latin < Self.shortLatinText && !(tied.first == L.da && tied.contains(L.no)) {
                return DetectedLanguage(tag: "und", script: "Latn", confidence: 0, basis: .fallback)
            }
            return d
        case "Cyrl":
            addCyrillicLetters()
            return scored(L.cyrillic, script: "Cyrl", share: share, fallback: "ru",
                          fallbackConfidence: 0.1 * share)
        case "Arab":
            // ی ک: Persian, and Urdu when Urdu's own letters are frequent
            // enough (they are in any Urdu sentence: ے ہ).
            add(L.ar, 2 * arabicOnly)
            add(L.fa, 2 * persian + persianWeak)
            add(L.ur, 3 * urdu + (urdu * 8 >= persianWeak ? persianWeak : 0))
            return scored(L.arabic, script: "Arab", share: share, fallback: "ar",
                          fallbackConfidence: 0.1 * share)
        case "Grek": return byScript("el", "Grek")
        case "Hebr": return byScript("he", "Hebr")
        case "Deva": return byScript("hi", "Deva")
        case "Thai": return byScript("th", "Thai")
        case "Geor": return byScript("ka", "Geor")
        case "Armn": return byScript("hy", "Armn")
        case "Kore": return byScript("ko", "Kore")
        case "Hani":
            // Kana among the Han (at least 2%) make it Japanese.
            if kana > 0 && kana * 50 >= han + kana { return byScript("ja", "Jpan") }
            return byScript("zh", "Hani")
        default:
            return DetectedLanguage(tag: "und", script: "Zzzz", confidence: 0, basis: .unsupportedScript)
        }
    }

    /// Adds the letter evidence of ru uk be bg sr mk.
    func addCyrillicLetters() {
        typealias L = _ScoredLanguage
        func n(_ v: UInt32) -> Int { Int(counters[Self.cyrillicHistogram + Int(v - 0x400)]) }
        // и: every language here but Belarusian, which writes і.
        let i = n(0x438), iUkrainian = n(0x456)
        let ukrainian = n(0x457) + n(0x454) + n(0x491)          // ї є ґ
        let shortU = n(0x45E)                                   // ў
        let yery = n(0x44B) + n(0x44D)                          // ы э
        let yo = n(0x451)                                       // ё
        // Belarusian spelling: (almost) no и, and ў, or і with ы э (і alone
        // is Ukrainian, ы э alone Russian).
        let belarusian = i * 10 < iUkrainian + yery + shortU
            && (shortU > 0 || (iUkrainian > 0 && yery > 0 && ukrainian == 0))
        add(L.uk, 4 * ukrainian + 2 * apostrophes)
        add(L.be, 5 * shortU + apostrophes)
        if belarusian {
            add(L.be, 3 * iUkrainian + 2 * yery + yo)
            add(L.ru, yery + 2 * hardSignBeforeIotated)
        } else {
            add(L.uk, 2 * iUkrainian)
            add(L.ru, 2 * yery + yo + 2 * hardSignBeforeIotated)
        }
        add(L.bg, 3 * hardSignAsVowel + 4 * n(0x45D))           // ъ as a vowel, ѝ
        add(L.sr, 4 * (n(0x452) + n(0x45B)))                    // ђ ћ
        add(L.mk, 4 * (n(0x453) + n(0x45C) + n(0x455)))         // ѓ ќ ѕ
        let shared = 2 * (n(0x458) + n(0x459) + n(0x45A) + n(0x45F))   // ј љ њ џ
        add(L.sr, shared)
        add(L.mk, shared)
    }

    /// The best scoring language of `languages` (ties: the first), or the
    /// fallback when all score 0.
    func scored(_ languages: Range<Int>, script: String, share: Double,
                fallback: String, fallbackConfidence: Double) -> DetectedLanguage {
        var best = languages.lowerBound
        for l in languages where score(l) > score(best) { best = l }
        let top = score(best)
        guard top > 0 else {
            return DetectedLanguage(tag: fallback, script: script, confidence: fallbackConfidence,
                                    basis: .fallback)
        }
        var second = 0
        for l in languages where l != best { second = max(second, score(l)) }
        let margin = Double(top - second) / Double(top)
        let amount = min(1, Double(top) / 12)
        return DetectedLanguage(tag: _ScoredLanguage.tags[best], script: script,
                                confidence: share * margin * amount, basis: .scores)
    }
}
