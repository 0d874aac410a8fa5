extension AbbreviationTables {
    /// Persian: the question mark ؟ (U+061F) is UAX #29's already; abbreviations from Persian press usage (دکتر written د., مهندس م., هجری شمسی ه.ش).
    static let fa = """
    [title]
    # دکتر، مهندس، آقای، سید
    د م آ س

    [abbrev]
    # هجری شمسی، هجری قمری، میلادی، قبل از میلاد، صفحه
    ه.ش ه.ق م ق.م ص
    """
}
