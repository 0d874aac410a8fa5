/// Per-language data for sentence rules, one file per language
/// (`AbbreviationTables+<lang>.swift`), each a plain-text table in a string
/// literal so that the core needs no resource loading (and no Foundation).
///
/// Format, one section per heading; `#` starts a comment; entries are
/// separated by whitespace or newlines; abbreviations are written without
/// their final period (internal periods kept: `U.S`, `a.m`, `e.g`) and match
/// case-insensitively:
///
///     [title]    come before a name and never end a sentence: Mr, Dr, Prof
///     [abbrev]   may end a sentence: etc, Inc, Jr, a.m, U.S
///     [number]   come before a number: No, p, pp, Fig, Art
///     [multi]    multi-part abbreviations written with spaces, one per line: z. B.
///     [month]    month names and their abbreviations (for "3. Oktober", "Sept. 5")
///     [starter]  capitalized words that typically start a sentence (I, The, However)
///     [terminator]  sentence terminators UAX #29 does not know (Greek ;, Armenian :)
///     [option]   switches of the general rules, one word each (see `LanguageData`):
///                lowercase-starts, initials
enum AbbreviationTables {}
