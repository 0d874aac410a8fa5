extension AbbreviationTables {
    /// Arabic: the question mark ؟ (U+061F), full stop ۔ (U+06D4) and semicolon are UAX #29's already; Arabic abbreviations are written with a period after a letter (د. doctor, م. the common era, هـ. the hijri era), as in Arabic press usage.
    static let ar = """
    [title]
    # دكتور، أستاذ، مهندس، سيد
    د أ م.د أ.د م

    [abbrev]
    # ميلادي، هجري، قبل الميلاد، صفحة، تليفون
    هـ ق.م ص ت

    [number]
    # رقم
    رقم
    """
}
