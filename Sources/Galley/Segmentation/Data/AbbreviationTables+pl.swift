extension AbbreviationTables {
    /// Polish: written from Polish press usage and the PWN rule that an abbreviation ending in the word's last letter takes no period (dr, mgr, nr, mln, zł); such forms are listed only where a stray period is harmless ([title], nr).
    static let pl = """
    [title]
    # academic and professional: profesor, doktor, habilitowany, magister, inżynier, docent, lekarz,
    # mecenas, adwokat, prokurator, dyrektor, pan/pani
    prof dr hab mgr inż doc lek mec adw prok dyr p
    # religious: ksiądz, biskup, arcybiskup, kardynał, ojciec, święty, błogosławiony
    ks bp abp kard o św bł
    # imienia (named after)
    im
    # military ranks
    gen płk ppłk mjr kpt ppor kmdr adm st mł sierż plut kpr szer
    # police ranks: aspirant, komisarz, inspektor
    asp kom podkom nadkom insp podinsp nadinsp

    [abbrev]
    # common abbreviations: na przykład, to jest, to znaczy, tak zwany, i tak dalej, i tym podobne,
    # między innymi, około, zobacz, porównaj (also porucznik), pełniący obowiązki, do spraw, dotyczy
    np tj tzn tzw itd itp m.in ok zob por cdn jw p.o ds dot
    # dates: rok, wiek, godzina, bieżącego/ubiegłego roku, przed naszą erą, naszej ery
    r w ww godz br ub b.r ub.r p.n.e n.e
    # time and quantities: minuta, sekunda, miesiąc, tydzień, tysiąc, procent, sztuk
    min sek mies tyg tys proc szt
    # places: ulica, aleja, plac, osiedle, województwo, powiat, gmina, miasto/mieszkanie, strona/siostra
    ul al pl os woj pow gm m s
    # press: redaktor/redakcja, przypis, wydanie, fotografia, opracowanie, źródło, pod nazwą, pod tytułem
    red przyp wyd fot oprac źr pn pt
    # people: urodzony, zmarły, świętej pamięci
    ur zm ś.p
    # languages, as in (ang. ...)
    ang niem franc ros łac ukr
    # companies: spółka
    S.A sp Inc Corp Ltd

    [number]
    # numer, artykuł, ustęp, pozycja, strona, tom, rozdział, załącznik, telefon
    nr art ust poz str t rozdz zał tel

    [multi]
    sp. z o.o.
    sp. j.
    sp. k.
    i in.
    p. n. e.
    n. e.
    ub. r.
    ś. p.

    [month]
    styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia
    # short forms (not lis: an ordinary word)
    sty lut mar kwi cze lip sie wrz paź gru

    [starter]
    # pronouns and demonstratives
    Ja Ty On Ona Ono My Wy Oni One To Ten Ta Te Ci Tego Tym Jego Jej Ich Nasz Nasza Mój Moja
    Każdy Wszyscy Wszystko Wiele Niektórzy Inni Nikt Nic
    # conjunctions, particles, sentence adverbs (one-letter words: see the report)
    A I Ale Oraz Lub Albo Czy Jednak Natomiast Również Także Więc Zatem Dlatego Potem Następnie
    Wtedy Teraz Obecnie Dziś Dzisiaj Wczoraj Jutro Już Jeszcze Nie Tak Tylko Nawet Ponadto Poza
    Wcześniej Później Tymczasem Wówczas Otóż Oto Niestety
    # news formulas
    Przypomnijmy Zdaniem
    # question words and subordinators
    Kiedy Gdy Gdzie Dlaczego Jak Co Kto Który Która Które Jaki Jaka Jakie Jeśli Jeżeli Choć Chociaż Bo Ponieważ
    # prepositions
    W We Na Z Ze Do Od Dla Za O Przez Bez Według Mimo Pomimo Wśród Między Przy Pod Nad Po Przed Podczas U
    """
}
