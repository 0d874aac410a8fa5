/// The sentence-rule data of one language, parsed once from its table in
/// `Data/AbbreviationTables+<lang>.swift`. Immutable and shared.
struct LanguageData: Sendable {
    /// Lower-cased, without the final period: "mr", "u.s", "a.m".
    var titles: Set<String> = []
    var abbreviations: Set<String> = []
    var numberPrefixes: Set<String> = []
    var months: Set<String> = []
    /// Lower-cased sentence starters: "the", "however".
    var starters: Set<String> = []
    /// Multi-part abbreviations as their lower-cased parts without periods:
    /// "z. B." -> ["z", "b"].
    var multiParts: [[String]] = []
    /// Sentence terminators of the language that UAX #29 does not know, as
    /// scalars: Greek ";" (the question mark, U+037E, which NFC turns into
    /// ";"), Armenian ":" (written for "։"). Section `[terminator]`.
    var terminators: [UInt32] = []
    /// Section `[option]`, one word per option:
    /// `lowercase-starts`: a sentence may start with a lower-case word after
    /// a period (Greek: "κανένας. το κόστος"), so that boundary is looked at;
    /// `initials`: a capital letter and a period before a capitalised word
    /// that is no sentence starter is an initial even after a lower-case
    /// word (Kazakh: "кезінде А. Фарахани"), in languages where no capital
    /// letter alone is a word that ends sentences (unlike English "I", "A").
    var lowercaseStarts = false
    var initialsBeforeNames = false
    /// UTF-8 length of the longest title, abbreviation, number prefix, month
    /// or multi-part piece: a longer word without inner periods is none of them.
    var longestEntry = 0
    /// Every entry's categories, for one lookup per word.
    var kinds: [String: Kind] = [:]

    struct Kind: OptionSet, Sendable {
        let rawValue: UInt8
        static let title = Kind(rawValue: 1)
        static let abbreviation = Kind(rawValue: 2)
        static let numberPrefix = Kind(rawValue: 4)
        static let month = Kind(rawValue: 8)
        static let starter = Kind(rawValue: 16)
        static let multiPart = Kind(rawValue: 32)
    }

    @inline(__always)
    func kind(of lowercased: String) -> Kind { kinds[lowercased] ?? [] }

    static let empty = LanguageData()

    /// Parses a table (see `AbbreviationTables`).
    init(table: String) {
        var section = ""
        for rawLine in table.split(separator: "\n", omittingEmptySubsequences: true) {
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            if trimmed.first == "[" && trimmed.last == "]" {
                section = String(trimmed.dropFirst().dropLast())
                continue
            }
            if section == "multi" {
                let parts = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    .map { String($0.lowercased().trimmingSuffix(".")) }
                    .filter { !$0.isEmpty }
                if parts.count >= 2 { multiParts.append(parts) }
                continue
            }
            for entry in trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
                let key = String(entry.lowercased().trimmingSuffix("."))
                if key.isEmpty { continue }
                switch section {
                case "title": titles.insert(key)
                case "abbrev": abbreviations.insert(key)
                case "number": numberPrefixes.insert(key)
                case "month": months.insert(key)
                case "starter": starters.insert(key)
                case "option":
                    if key == "lowercase-starts" { lowercaseStarts = true }
                    if key == "initials" { initialsBeforeNames = true }
                case "terminator":
                    for u in entry.unicodeScalars where !terminators.contains(u.value) {
                        terminators.append(u.value)
                    }
                default: break
                }
            }
        }
        measure()
    }

    private init() {}

    private mutating func measure() {
        for (set, kind) in [(titles, Kind.title), (abbreviations, .abbreviation),
                            (numberPrefixes, .numberPrefix), (months, .month), (starters, .starter)] {
            for e in set { kinds[e, default: []].insert(kind) }
        }
        for parts in multiParts { for e in parts { kinds[e, default: []].insert(.multiPart) } }
        for set in [titles, abbreviations, numberPrefixes, months] {
            for e in set { longestEntry = Swift.max(longestEntry, e.utf8.count) }
        }
        for parts in multiParts { for e in parts { longestEntry = Swift.max(longestEntry, e.utf8.count) } }
        // Upper-case forms can be longer in UTF-8 (rare); leave room.
        longestEntry += 2
    }

    /// The data for a BCP 47 tag's primary language subtag; empty for
    /// languages without a table (the general rules still apply).
    static func forLanguage(_ tag: String) -> LanguageData {
        let primary = tag.split(whereSeparator: { $0 == "-" || $0 == "_" }).first
            .map { $0.lowercased() } ?? ""
        switch primary {
        case "en": return Tables.en
        case "uk": return Tables.uk
        case "ru": return Tables.ru
        case "de": return Tables.de
        case "fr": return Tables.fr
        case "es": return Tables.es
        case "it": return Tables.it
        case "pt": return Tables.pt
        case "pl": return Tables.pl
        case "nl": return Tables.nl
        case "da": return Tables.da
        case "sv": return Tables.sv
        case "nb", "no", "nn": return Tables.nb
        case "fi": return Tables.fi
        case "cs": return Tables.cs
        case "sk": return Tables.sk
        case "el": return Tables.el
        case "bg": return Tables.bg
        case "kk": return Tables.kk
        case "hy": return Tables.hy
        case "ar": return Tables.ar
        case "fa": return Tables.fa
        case "hi": return Tables.hi
        case "ur": return Tables.ur
        default: return .empty
        }
    }

    /// Parsed lazily, once per process (Swift's static initialisation is
    /// thread-safe).
    private enum Tables {
        static let en = LanguageData(table: AbbreviationTables.en)
        static let uk = LanguageData(table: AbbreviationTables.uk)
        static let ru = LanguageData(table: AbbreviationTables.ru)
        static let de = LanguageData(table: AbbreviationTables.de)
        static let fr = LanguageData(table: AbbreviationTables.fr)
        static let es = LanguageData(table: AbbreviationTables.es)
        static let it = LanguageData(table: AbbreviationTables.it)
        static let pt = LanguageData(table: AbbreviationTables.pt)
        static let pl = LanguageData(table: AbbreviationTables.pl)
        static let nl = LanguageData(table: AbbreviationTables.nl)
        static let da = LanguageData(table: AbbreviationTables.da)
        static let sv = LanguageData(table: AbbreviationTables.sv)
        static let nb = LanguageData(table: AbbreviationTables.nb)
        static let fi = LanguageData(table: AbbreviationTables.fi)
        static let cs = LanguageData(table: AbbreviationTables.cs)
        static let sk = LanguageData(table: AbbreviationTables.sk)
        static let el = LanguageData(table: AbbreviationTables.el)
        static let bg = LanguageData(table: AbbreviationTables.bg)
        static let kk = LanguageData(table: AbbreviationTables.kk)
        static let hy = LanguageData(table: AbbreviationTables.hy)
        static let ar = LanguageData(table: AbbreviationTables.ar)
        static let fa = LanguageData(table: AbbreviationTables.fa)
        static let hi = LanguageData(table: AbbreviationTables.hi)
        static let ur = LanguageData(table: AbbreviationTables.ur)
    }
}

extension Substring {
    /// Without spaces, tabs and carriage returns at either end.
    package func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}

extension String {
    func trimmingSuffix(_ suffix: Character) -> Substring {
        var s = Substring(self)
        while s.last == suffix { s = s.dropLast() }
        return s
    }
}
