extension AbbreviationTables {
    /// Dutch: written from Dutch and Flemish press usage (Taalunie abbreviation conventions: bijv., d.w.z., o.a., jl.); forms that are also ordinary words (u for uur, zo, kon, mij) are left out.
    static let nl = """
    [title]
    # forms of address: de heer, mevrouw, familie, jonkheer, jonkvrouw
    dhr hr mevr mw fam jhr jkvr
    # academic and professional: meester in de rechten, ingenieur, doctorandus, burgemeester
    dr prof mr ir ing drs burg
    # religious: dominee, monseigneur; Sint
    ds mgr St

    [abbrev]
    # common abbreviations: bijvoorbeeld, dat wil zeggen, met andere woorden, onder andere, onder meer,
    # en dergelijke, enzovoort, in plaats van, met betrekking tot, ten aanzien van, ten opzichte van,
    # in verband met, naar aanleiding van, te zijner tijd, met name, onder leiding van, ten behoeve van,
    # in samenwerking met, alstublieft, s'il vous plaît, en andere(n), cum suis, mijns inziens,
    # zo spoedig mogelijk, per persoon
    bijv bv d.w.z dwz m.a.w o.a o.m e.d enz etc i.p.v m.b.t t.a.v t.o.v i.v.m n.a.v t.z.t m.n
    o.l.v t.b.v i.s.m a.u.b s.v.p e.a c.s m.i z.s.m p.p
    # zogenaamd, respectievelijk, circa, ongeveer, voornamelijk, eventueel, inclusief, exclusief, namelijk
    zgn resp ca ong vs vnl evt incl excl nl
    # dates: jongstleden, aanstaande, voor/na Christus
    jl a.s v.Chr n.Chr
    # after names: junior, senior, emeritus
    jr sr em
    # quantities: miljoen, miljard, minuut/minister
    mln mld min
    # companies and organisations: naamloze / besloten vennootschap, firma, gebroeders, afdeling,
    # provincie, redactie
    N.V B.V Fa gebr Inc Corp Ltd Co afd prov red

    [number]
    # nummer(s), bladzijde, artikel, hoofdstuk, figuur, afbeelding, bijlage, telefoon, pagina
    nr nrs blz art hfst fig afb bijl tel p pp

    [multi]
    v. Chr.
    n. Chr.

    [month]
    januari februari maart april mei juni juli augustus september oktober november december
    jan feb febr mrt apr jun jul aug sep sept okt nov dec

    [starter]
    # articles, pronouns, determiners
    De Het Een Dit Dat Deze Die Ik Jij Je U Hij Zij Ze Wij We Jullie Hun Zijn Haar Ons Onze Mijn
    Alle Veel Sommige Andere Elk Elke Iedereen Niemand Niets Geen
    # conjunctions and sentence adverbs
    Maar En Of Want Dus Toch Ook Nog Al Echter Daarna Daarom Daarnaast Bovendien Toen Nu Dan
    Vandaag Gisteren Morgen Inmiddels Intussen Ondertussen Vervolgens Eerder Later Verder Zelfs Alleen
    Immers Tevens Er Hier Daar Ja Nee Wel Niet
    # question words and subordinators
    Wanneer Waar Waarom Hoe Wat Wie Welke Als Omdat Hoewel Terwijl
    # prepositions
    Na Voor Tijdens Volgens In Op Bij Met Van Aan Uit Door Over Om Tot Zonder Tegen Sinds
    """
}
