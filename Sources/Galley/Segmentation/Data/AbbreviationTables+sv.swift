extension AbbreviationTables {
    /// Swedish: written from Språkrådet's Svenska skrivregler (its list of common abbreviations) and CLDR's Swedish segmentation suppressions in ICU's data.
    static let sv = """
    [title]
    # doktor, professor, docent, sankt(a), herr, fru, fröken, kyrkoherde, direktör, kapten, general
    dr prof doc s:t s:ta hr fr frk khde dir kapt gen

    [abbrev]
    # bland annat, till exempel, det vill säga, och så vidare, med mera, med flera, och dylikt, så kallad,
    # enligt, ungefär, cirka, jämför, respektive, inklusive, exklusive, eventuellt, angående, beträffande,
    # bl.a written without the first period, omkring, ovan, nedan, se även, avseende
    bl.a t.ex d.v.s dvs osv m.m m.fl o.d s.k enl ung ca jfr resp inkl exkl ev ang beträff
    fr.o.m t.o.m e.d p.g.a pga mha o.s.v s.a.s m.a.o t.ex.vis omkr ff
    # time: klockan, minut(er), sekund(er), år, sekel, före/efter Kristus, förmiddag, eftermiddag
    kl min sek f.Kr e.Kr fm em
    # money and quantities
    kr milj mdr mnkr mdkr st tkr
    # organisations
    AB Inc Ltd

    [number]
    # nummer, sida, sidor, kapitel, paragraf, telefon, figur, band, årgång
    nr s sid kap tel fig bd årg

    [multi]
    t. ex.
    d. v. s.
    bl. a.
    m. m.
    m. fl.
    o. d.
    s. k.
    f. Kr.
    e. Kr.
    p. g. a.
    fr. o. m.
    t. o. m.

    [month]
    januari februari mars april maj juni juli augusti september oktober november december
    jan feb mar apr jun jul aug sep sept okt nov dec

    [starter]
    Jag Du Han Hon Den Det Vi Ni De Där Här Detta Dessa Denna
    Men Och Eller Så Då När Om Också Nu Därför Dock Ändå Dessutom Slutligen Samtidigt
    Vad Vem Var Varför Hur Vilken Vilka
    En Ett Många Några Alla Ingen
    I På Med Efter Före Under Sedan Från Till För Enligt
    """
}
