import CICUShim

/// A link's title, cleaned three ways: for showing, for matching, and for
/// URLs and file names.
///
/// ```swift
/// let t = try LinkTitle("  • “Ukraine’s grain deal” –\n explained | ")
/// t.display   // "“Ukraine’s grain deal” – explained"
/// t.key       // "ukraine s grain deal explained"
/// t.slug      // "ukraine-s-grain-deal-explained"
///
/// try LinkTitle("Déjà vu à Zürich").slug                   // "deja-vu-a-zurich"
/// try LinkTitle("Читайте також: Київ відновлює метро").slug
///     // "chytayte-takozh-kyyiv-vidnovlyuye-metro"
/// try LinkTitle("Αθήνα: νέο μετρό").slug                   // "athena-neo-metro"
/// try LinkTitle("中国经济增长放缓").slug   // "zhong-guo-jing-ji-zeng-zhang-fang-huan"
/// ```
///
/// Immutable; share it freely between threads. Making one is linear in the
/// title's length.
public struct LinkTitle: Sendable, Hashable {
    /// The title for showing: NFC, every run of whitespace (newlines too)
    /// collapsed to one space and trimmed; leading bullets and list markers
    /// (`-` `*` `•` `–` `—` `·` `▪` `►` `‣` `◦` `⁃`, `1.` `1)` `a)`) removed,
    /// and trailing separators (` -` ` –` ` —` ` |` ` ·` and `:` `»` `›` `>`)
    /// removed, repeatedly. Quotes and brackets are kept: they are part of
    /// the title.
    public let display: String
    /// The title for matching: ``display`` under NFKC_Casefold, with every
    /// run of characters that are not letters, combining marks or numbers
    /// (punctuation, quotes of any style, dashes, symbols, spaces) replaced
    /// by one space, trimmed. Titles that differ only in case, quote style
    /// or punctuation have the same key.
    public let key: String
    /// An ASCII slug: ``display`` romanised through ICU — Cyrillic by the
    /// BGN/PCGN system of its language (Russian, Ukrainian, Belarusian,
    /// Bulgarian, Serbian or Macedonian: the `language` given, or the one
    /// the title's letters show, Russian when they show none), everything
    /// else by "Any-Latin" — then "Latin-ASCII", lower-cased, with every run of characters other
    /// than `a-z` and `0-9` replaced by one `-`, trimmed of `-`; at most 80
    /// characters, cut after a whole word when the first 80 characters
    /// hold a `-`. Empty when nothing in the title has a Latin form (a
    /// title of emoji or symbols only, or an empty one).
    public let slug: String

    /// The longest ``slug``, in characters.
    public static let maximumSlugLength = 80

    /// Cleans `raw`. `language` (a BCP 47 tag such as "uk" or "ru-RU") only
    /// chooses the romanisation of Cyrillic titles whose letters do not
    /// show their language ("Новини дня": Ukrainian "novyny-dnya", Russian
    /// "novini-dnya"); letters that do (і ї є ґ, ы э ъ ё, ў, ђ ћ џ...) win.
    /// - Throws: ``GalleyError/icu(code:name:context:)`` if ICU fails (its
    ///   transliteration rules missing from its data, say);
    ///   ``GalleyError/outOfMemory``.
    public init(_ raw: String, language: String? = nil) throws(GalleyError) {
        let display = try LinkTitle.makeDisplay(raw)
        self.display = display
        self.key = try LinkTitle.makeKey(display)
        self.slug = try LinkTitle.makeSlug(display, scheme: LinkTitle.romanisation(of: display, language: language))
    }
}

// MARK: - Display

extension LinkTitle {
    /// Bullets removed wherever they stand at the start.
    private static let pictorialBullets: Set<Unicode.Scalar> = [
        "\u{2022}", "\u{00B7}", "\u{25AA}", "\u{25BA}", "\u{2023}", "\u{25E6}", "\u{2043}",
    ]
    /// Markers removed only when a space (or nothing) follows, so that
    /// "-5 °C" and "*nix" keep their first character.
    private static let textBullets: Set<Unicode.Scalar> = ["-", "*", "\u{2013}", "\u{2014}"]
    /// Separators removed at the end when a space precedes them.
    private static let spacedSeparators: Set<Unicode.Scalar> = [
        "-", "\u{2013}", "\u{2014}", "|", "\u{00B7}",
    ]
    /// Separators removed at the end as they are.
    private static let bareSeparators: Set<Unicode.Scalar> = [":", "\u{00BB}", "\u{203A}", ">"]

    static func makeDisplay(_ raw: String) throws(GalleyError) -> String {
        // ASCII is already NFC.
        let nfc = raw.utf8.allSatisfy({ $0 < 0x80 }) ? raw : try normalize(raw).text
        // Collapse all whitespace, line ends included, to single spaces.
        var s: [Unicode.Scalar] = []
        s.reserveCapacity(nfc.utf8.count)
        var pendingSpace = false
        for c in nfc.unicodeScalars {
            let space = c.isASCII ? (c == " " || (c.value >= 0x09 && c.value <= 0x0D)) : c.properties.isWhitespace
            if space {
                pendingSpace = !s.isEmpty
                continue
            }
            if pendingSpace { s.append(" "); pendingSpace = false }
            s.append(c)
        }
        var start = 0
        var end = s.count
        func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }
        func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
            (c.value | 0x20) >= 0x61 && (c.value | 0x20) <= 0x7A
        }
        // Is position i the end of the title or a space?
        func spaceOrEnd(_ i: Int) -> Bool { i >= end || s[i] == " " }
        // Leading bullets and list markers, repeatedly ("- 1. Title").
        while start < end {
            let c = s[start]
            var next = start
            if pictorialBullets.contains(c) {
                next = start + 1
            } else if textBullets.contains(c), spaceOrEnd(start + 1) {
                next = start + 1
            } else if isDigit(c) {
                var i = start
                while i < end, i - start < 4, isDigit(s[i]) { i += 1 }
                if i - start <= 3, i < end, s[i] == "." || s[i] == ")", i + 1 < end, s[i + 1] == " " {
                    next = i + 1
                }
            } else if isASCIILetter(c), start + 2 < end, s[start + 1] == ")", s[start + 2] == " " {
                next = start + 2
            }
            if next == start { break }
            start = next
            while start < end, s[start] == " " { start += 1 }
        }
        // Trailing separators, repeatedly ("Title – | ").
        while end > start {
            while end > start, s[end - 1] == " " { end -= 1 }
            guard end > start else { break }
            let c = s[end - 1]
            if bareSeparators.contains(c) {
                end -= 1
            } else if spacedSeparators.contains(c), end - 1 == start || s[end - 2] == " " {
                end -= 1
            } else {
                break
            }
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s[start..<end])
        return String(view)
    }
}

// MARK: - Key

extension LinkTitle {
    static func makeKey(_ display: String) throws(GalleyError) -> String {
        // ASCII: case folding is lower-casing, and only letters and digits
        // are letters or numbers.
        if display.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(display.utf8.count)
            var pendingSpace = false
            for b in display.utf8 {
                switch b {
                case 0x41...0x5A, 0x61...0x7A, 0x30...0x39:
                    if pendingSpace { out.append(0x20); pendingSpace = false }
                    out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
                default:
                    pendingSpace = !out.isEmpty
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var copy = display
        let folded = copy.withUTF8 { buf in
            Result { () throws(GalleyError) -> String in try caseFold(buf) }
        }
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for c in try folded.get().unicodeScalars {
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark,
                 .decimalNumber, .letterNumber, .otherNumber:
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(c)
            default:
                pendingSpace = !out.isEmpty
            }
        }
        return String(out)
    }

    private static func caseFold(_ buf: UnsafeBufferPointer<UInt8>) throws(GalleyError) -> String {
        guard let base = buf.baseAddress, buf.count > 0 else { return "" }
        var folded: UnsafeMutablePointer<UInt8>? = nil
        var length = 0
        var icuError: Int32 = 0
        let rc = gshim_nfkc_casefold(base, buf.count, &folded, &length, &icuError)
        defer { gshim_free(folded) }
        switch Int(rc) {
        case Int(GSHIM_OK): break
        case Int(GSHIM_NO_MEMORY): throw .outOfMemory
        case Int(GSHIM_TOO_LARGE): throw .tooLarge(length: buf.count, limit: Int(Int32.max) / 4)
        default:
            throw .icu(code: icuError, name: String(cString: gshim_icu_error_name(icuError)),
                       context: "case-folding a \(buf.count)-byte title")
        }
        guard let folded else { return "" }
        return String(decoding: UnsafeBufferPointer(start: folded, count: length), as: UTF8.self)
    }
}

// MARK: - Slug

extension LinkTitle {
    /// The title is transliterated in pieces of about this many scalars,
    /// cut at spaces, until the slug is long enough: a long title costs no
    /// more than its first few pieces.
    static let slugChunk = 1024

    /// The GSHIM_LATIN_* scheme for `display`: by the Cyrillic letters only
    /// some languages use, else by `language`, else Russian for Cyrillic
    /// text and Any-Latin for the rest.
    static func romanisation(of display: String, language: String?) -> Int32 {
        var cyrillic = false
        var russian = false, ukrainianOrBelarusian = false
        for u in display.unicodeScalars where u.value >= 0x400 && u.value <= 0x52F {
            cyrillic = true
            // Lower case: U+0400-040F and U+0410-042F map to U+0450-045F
            // and U+0430-044F; above, capitals are even and small letters odd.
            let v: UInt32 = switch u.value {
            case 0x400...0x40F: u.value + 0x50
            case 0x410...0x42F: u.value + 0x20
            case 0x460...: u.value | 1
            default: u.value
            }
            switch v {
            case 0x45E: return Int32(GSHIM_LATIN_BELARUSIAN)                  // ў
            case 0x457, 0x454, 0x491: return Int32(GSHIM_LATIN_UKRAINIAN)     // ї є ґ
            case 0x452, 0x45B, 0x45F, 0x459, 0x45A, 0x458: return Int32(GSHIM_LATIN_SERBIAN)  // ђ ћ џ љ њ ј
            case 0x453, 0x45C, 0x455: return Int32(GSHIM_LATIN_MACEDONIAN)  // ѓ ќ ѕ
            case 0x44B, 0x44D, 0x451: russian = true                          // ы э ё
            case 0x456: ukrainianOrBelarusian = true                          // і
            default: break
            }
        }
        guard cyrillic else { return Int32(GSHIM_LATIN_ANY) }
        let tag = language.map { String($0.lowercased().prefix { $0.isLetter }) }
        if ukrainianOrBelarusian && !russian { return tag == "be" ? Int32(GSHIM_LATIN_BELARUSIAN) : Int32(GSHIM_LATIN_UKRAINIAN) }
        if russian { return tag == "be" ? Int32(GSHIM_LATIN_BELARUSIAN) : Int32(GSHIM_LATIN_RUSSIAN) }
        switch tag {
        case "uk": return Int32(GSHIM_LATIN_UKRAINIAN)
        case "be": return Int32(GSHIM_LATIN_BELARUSIAN)
        case "bg": return Int32(GSHIM_LATIN_BULGARIAN)
        case "sr": return Int32(GSHIM_LATIN_SERBIAN)
        case "mk": return Int32(GSHIM_LATIN_MACEDONIAN)
        default: return Int32(GSHIM_LATIN_RUSSIAN)
        }
    }

    static func makeSlug(_ display: String, scheme: Int32 = Int32(GSHIM_LATIN_ANY)) throws(GalleyError) -> String {
        let limit = maximumSlugLength
        var slug: [UInt8] = []
        slug.reserveCapacity(limit + 16)
        var pendingHyphen = false
        func add(_ b: UInt8) {
            if pendingHyphen, !slug.isEmpty { slug.append(0x2D) }
            pendingHyphen = false
            slug.append(b)
        }
        if display.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII needs no romanisation: the same loop on the bytes.
            for b in display.utf8 {
                if slug.count > limit { break }
                switch b {
                case 0x61...0x7A, 0x30...0x39: add(b)
                case 0x41...0x5A: add(b | 0x20)
                default: pendingHyphen = true
                }
            }
            return cutSlug(slug, limit)
        }
        let scalars = Array(display.unicodeScalars)
        var start = 0
        // Stop once the slug has more than `limit` characters: enough to
        // know whether the cut at `limit` falls between words.
        while start < scalars.count, slug.count <= limit {
            var end = min(start + slugChunk, scalars.count)
            // Extend to a space (at most another chunk), so that no word is split
            // between two pieces.
            var probe = end
            while probe < scalars.count, probe - end < slugChunk, scalars[probe] != " " { probe += 1 }
            if probe < scalars.count, scalars[probe] == " " { end = probe }
            var piece = String.UnicodeScalarView()
            piece.append(contentsOf: scalars[start..<end])
            // ASCII needs no romanisation (and ICU's costs ~10 µs a title).
            let latin = piece.allSatisfy(\.isASCII) ? String(piece) : try transliterate(String(piece), scheme: scheme)
            for c in latin.unicodeScalars {
                switch c.value {
                case 0x61...0x7A, 0x30...0x39: add(UInt8(c.value))
                case 0x41...0x5A: add(UInt8(c.value + 0x20))
                default:
                    // Digits of other scripts that ICU left alone.
                    if c.properties.numericType == .decimal, let v = c.properties.numericValue,
                       v >= 0, v <= 9 {
                        add(0x30 + UInt8(v))
                    } else {
                        pendingHyphen = true
                    }
                }
            }
            start = end
        }
        return cutSlug(slug, limit)
    }

    /// A slug of more than `limit` characters cut after a whole word when
    /// its first `limit` characters hold a "-", else at `limit`.
    private static func cutSlug(_ slug: [UInt8], _ limit: Int) -> String {
        var slug = slug
        if slug.count > limit {
            if slug[limit] == 0x2D {
                slug.removeSubrange(limit...)
            } else if let cut = slug[..<limit].lastIndex(of: 0x2D), cut > 0 {
                slug.removeSubrange(cut...)
            } else {
                slug.removeSubrange(limit...)
            }
        }
        return String(decoding: slug, as: UTF8.self)
    }

    private static func transliterate(_ text: String, scheme: Int32) throws(GalleyError) -> String {
        var copy = text
        let result = copy.withUTF8 { buf in
            Result { () throws(GalleyError) -> String in
                guard let base = buf.baseAddress, buf.count > 0 else { return "" }
                var out: UnsafeMutablePointer<UInt8>? = nil
                var length = 0
                var icuError: Int32 = 0
                let rc = gshim_translit_ascii(scheme, base, buf.count, &out, &length, &icuError)
                defer { gshim_free(out) }
                switch Int(rc) {
                case Int(GSHIM_OK): break
                case Int(GSHIM_NO_MEMORY): throw .outOfMemory
                case Int(GSHIM_TOO_LARGE): throw .tooLarge(length: buf.count, limit: Int(Int32.max) / 8)
                default:
                    throw .icu(code: icuError, name: String(cString: gshim_icu_error_name(icuError)),
                               context: "transliterating a \(buf.count)-byte title to Latin")
                }
                guard let out else { return "" }
                return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
            }
        }
        return try result.get()
    }
}
