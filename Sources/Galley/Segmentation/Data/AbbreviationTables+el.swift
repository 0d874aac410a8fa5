extension AbbreviationTables {
    /// Greek: written from the abbreviation conventions of the Greek press (Λεξικό της Κοινής Νεοελληνικής, Ίδρυμα Τριανταφυλλίδη: "συντομογραφίες"). The question mark is ";" (U+037E, which NFC writes as U+003B), a sentence terminator UAX #29 does not know.
    static let el = """
    [terminator]
    ;

    [option]
    # Greek sentences may start lower-case after a period ("κανένας. το κόστος"),
    # as in pragmatic_segmenter's Greek rules.
    lowercase-starts

    [title]
    # κύριος, κυρία, δόκτωρ, καθηγητής, άγιος/αγία
    κ κα δρ καθ αγ

    [abbrev]
    # και τα λοιπά, δηλαδή, περίπου, βλέπε, π.χ., μ.Χ., π.Χ., αιώνας, εκατομμύρια, δισεκατομμύρια,
    # χιλιόμετρα, ώρα, λεπτά, οδός, αριθμός
    κ.λπ κλπ δηλ περ βλ π.χ μ.Χ π.Χ αι εκατ δισ χλμ λεπ οδ κ.ά κ.τ.λ
    # Inc and the like written with a period
    Inc Ltd

    [number]
    # αριθμός, σελίδα, άρθρο, κεφάλαιο, τηλέφωνο
    αρ σελ άρθ κεφ τηλ

    [multi]
    π. χ.
    μ. Χ.
    π. Χ.
    κ. λπ.

    [month]
    Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου
    Ιαν Φεβ Μαρ Απρ Ιουν Ιουλ Αυγ Σεπ Οκτ Νοε Δεκ
    """
}
