extension AbbreviationTables {
    /// Norwegian (Bokmål; also used for no and nn): written from Språkrådet's list of common abbreviations ("Forkortinger") and Norwegian news usage.
    static let nb = """
    [title]
    # herr, fru, frøken, doktor, professor, sankt, direktør, kaptein, general, oberst
    hr fr frk dr prof st sankt dir kapt gen oberst

    [abbrev]
    # blant annet, for eksempel, det vil si, og så videre, med mer, med flere, og lignende, cirka,
    # jamfør, eventuelt, inklusive, eksklusive, i forbindelse med, på grunn av, ved hjelp av,
    # angående, henholdsvis, vedrørende, omkring, såkalt, blant andre, mer enn, til sammen
    bl.a f.eks dvs osv m.m m.fl o.l ca jf evt inkl ekskl ifm pga vha ang hhv vedr omkr såk bl.a.
    bla fx mht
    # time: klokken, minutter, sekunder, år, århundre, før/etter Kristus
    kl min sek årh f.Kr e.Kr
    # money and quantities: kroner, millioner, milliarder
    kr mill mrd

    [number]
    # nummer, side, telefon, paragraf, kapittel, bind, årgang, figur
    nr s tlf kap bd årg fig

    [multi]
    f. eks.
    bl. a.
    m. m.
    m. fl.
    o. l.
    f. Kr.
    e. Kr.

    [month]
    januar februar mars april mai juni juli august september oktober november desember
    jan feb mar apr jun jul aug sep sept okt nov des

    [starter]
    Jeg Du Han Hun Den Det Vi Dere De Der Her Dette Disse Denne
    Men Og Eller Så Da Når Hvis Også Nå Derfor Likevel Imidlertid Dessuten Til
    Hva Hvem Hvor Hvorfor Hvordan Hvilken Hvilke
    En Et Ei Mange Noen Alle Ingen
    I På Med Etter Før Under Siden Fra For Ifølge
    """
}
