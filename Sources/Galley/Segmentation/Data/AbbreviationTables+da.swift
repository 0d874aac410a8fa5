extension AbbreviationTables {
    /// Danish: written from Dansk Sprognævn's Retskrivningsordbogen (its list of abbreviations, "forkortelser") and the abbreviations of Danish news usage.
    static let da = """
    [title]
    # herr, fru, frøken, doktor, professor, sankt, lektor, pastor, direktør, kaptajn, general, oberst
    hr fr frk dr prof skt sct lekt past dir kapt gen oberst

    [abbrev]
    # blandt andet, for eksempel, det vil sige, og så videre, med hensyn til, cirka, jævnfør, eventuelt,
    # inklusive, eksklusive, i forbindelse med, på grund af, ved hjælp af, angående, med mere, og lignende,
    # med flere, bl.a. written without periods too (bla), især, henholdsvis, vedrørende, omkring, ovenfor
    bl.a f.eks dvs osv mht ca jf jvf evt inkl ekskl ifm pga vha ang mv m.m o.l m.fl hhv vedr omkr sml
    f.eks.v bla isr fx
    # time: klokken, minut(ter), sekund(er), time(r), år, århundrede, før/efter Kristus
    kl min sek md årh f.Kr e.Kr
    # money and quantities: kroner, millioner, milliarder
    kr mio mia mrd
    # places and addresses: gade, vej, plads, allé, sankt (also title)
    gl st

    [number]
    # nummer, side, stykke, telefon, paragraf, kapitel, bind, årgang, figur; N° (numero sign,
    # with a stray period in some texts)
    nr s stk tlf tlf.nr kap bd årg fig n°

    [multi]
    f. eks.
    bl. a.
    m. m.
    o. l.
    m. fl.
    f. Kr.
    e. Kr.

    [month]
    januar februar marts april maj juni juli august september oktober november december
    jan feb mar apr jun jul aug sep sept okt nov dec

    [starter]
    Jeg Du Han Hun Den Det Vi I De Der Her Dette Disse Denne
    Men Og Eller Så Da Når Hvis Selv Også Nu Derfor Dog Alligevel Imidlertid Desuden Endelig
    Hvad Hvem Hvor Hvorfor Hvordan Hvilken Hvilke
    En Et Mange Nogle Alle Ingen
    I På Med Efter Før Under Siden Fra Til Om For Ifølge
    """
}
