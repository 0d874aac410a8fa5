extension AbbreviationTables {
    /// Armenian: the full stop is "։" (U+0589, a UAX #29 terminator), and texts often write the ASCII colon for it; Armenian uses "." (միջակետ) for the colon's role. Abbreviations written from Armenian press conventions.
    static let hy = """
    [terminator]
    :

    [abbrev]
    # թվական (year), թվականներ, դար, և այլն, և այլք, այսինքն, օրինակ, միլիոն, միլիարդ
    թ թթ դ դդ այլն այսինքն օր մլն մլրդ

    [multi]
    և այլն
    """
}
