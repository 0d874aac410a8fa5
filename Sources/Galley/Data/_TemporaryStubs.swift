extension AbbreviationTables {
    static let en = """
    [title]
    Mr Mrs Ms Dr Prof Mt St Gen Sen
    [abbrev]
    etc Inc Ltd Co Corp Jr Sr a.m p.m e.g i.e vs U.S
    [number]
    No p pp Fig Vol N°
    [month]
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec January
    [starter]
    I It He She We They You The A An This That There How What When Where Why Who But And So However In On At For If As
    """
    static let uk = ""
    static let ru = ""
    static let de = """
    [title]
    Dr Prof Hr Fr
    [abbrev]
    usw bzw ca
    [multi]
    z. B.
    d. h.
    u. a.
    [month]
    Januar Februar März April Mai Juni Juli August September Oktober November Dezember
    [starter]
    Der Die Das Ich Er Sie Es Wir Dort
    """
    static let fr = ""
    static let es = """
    [title]
    Sr Sra Srta Lic Dr Dra
    """
    static let it = ""
    static let pt = ""
    static let pl = ""
    static let nl = ""
}
