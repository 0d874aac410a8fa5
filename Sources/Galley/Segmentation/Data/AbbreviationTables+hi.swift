extension AbbreviationTables {
    /// Hindi: sentences end with । (danda, U+0964) and ॥ (U+0965), UAX #29 terminators; the few abbreviations written with a period are Latin-script loans (डॉ. doctor, श्री. rarely) from Hindi press usage.
    static let hi = """
    [title]
    # डॉक्टर, श्री, श्रीमती, प्रोफेसर
    डॉ श्री श्रीमती प्रो

    [abbrev]
    # ईसा पूर्व, ईसवी
    ई.पू ई
    """
}
