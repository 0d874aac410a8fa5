extension AbbreviationTables {
    /// Urdu: sentences end with ۔ (U+06D4) and ؟ (U+061F), UAX #29 terminators; abbreviations from Urdu press usage (ڈاکٹر written ڈ., ص for page).
    static let ur = """
    [title]
    # ڈاکٹر، پروفیسر
    ڈ پروف

    [abbrev]
    # صفحہ، عیسوی، ہجری
    ص ء ھ
    """
}
