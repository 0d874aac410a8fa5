extension AbbreviationTables {
    /// German: written from German, Austrian and Swiss press usage (Duden abbreviation conventions); company forms written without a period (GmbH, AG, KG) are left out, since a period after them ends a sentence.
    static let de = """
    [title]
    # academic and professional titles (Ing, Mag, Dipl: Austrian usage)
    Dr Dres Prof Doz Univ.-Prof Priv.-Doz Dipl Dipl.-Ing Dipl.-Kfm Ing Mag
    # forms of address and persons: Herr, Herrn, Freiherr, geborene
    Hr Hrn Frhr geb
    # offices: Abgeordnete(r), Bürgermeister
    Abg Bgm
    # religious and places: Sankt, heilige, Pfarrer
    St hl Pfr

    [abbrev]
    # common abbreviations; medizinae (Dr. med.), katholisch, evangelisch, zur Zeit (z. Z.)
    med kath evang ev z.Z
    z.B bzw ca usw usf etc vgl ggf inkl exkl zzgl evtl sog bspw insb bzgl gem lt ehem Bsp
    u.a u.ä o.ä u.U z.T z.Zt i.d.R d.h v.a s.o s.u u.v.m m.E o.g
    # after names and places: außer Dienst, im Ruhestand, am Main, im Breisgau, junior, senior, gestorben, verheiratet
    a.D i.R a.M i.Br jun sen gest verh
    # letters and signatures: im Auftrag, in Vertretung, zu Händen
    i.A i.V z.Hd
    # dates and eras: dieses/vorigen Jahres, Jahrhundert, vor/nach Christus
    d.J v.J Jh Jhd Jhdt v.Chr n.Chr
    # weekdays (not So: ordinary word; Fr is also Frau and Swiss franc)
    Mo Di Mi Do Fr Sa
    # quantities and money: Million(en), Milliarde(n), Tausend, Rappen
    Mio Mrd Tsd Mill Rp Std Min Sek
    # organisations and companies: eingetragener Verein, Gebrüder
    e.V Co Gebr Inc Corp Ltd
    # addresses
    Str Hbf Bhf
    # publishing: Herausgeber, Auflage, Anmerkung, Redaktion, folgende
    Hrsg Aufl Anm Red ff f
    # languages, as in (engl. ...)
    dt engl frz franz ital span russ lat griech

    [number]
    # Nummer(n), Seite, Absatz, Artikel, Band, Jahrgang, Kapitel, Ziffer, Anlage, Fußnote, Randnummer,
    # Aktenzeichen, Abbildung, Tabelle, Spalte, Blatt, Telefon
    Nr Nrn S Abs Art Bd Jg Kap Ziff Anl Fn Rn Az Abb Tab Sp Bl Tel

    [multi]
    z. B.
    d. h.
    u. a.
    u. Ä.
    o. Ä.
    u. U.
    z. T.
    z. Zt.
    z. Z.
    i. d. R.
    v. a.
    s. o.
    s. u.
    u. v. m.
    m. E.
    o. g.
    a. D.
    i. R.
    a. M.
    i. Br.
    i. A.
    i. V.
    z. Hd.
    d. J.
    v. J.
    v. Chr.
    n. Chr.
    e. V.
    Anm. d. Red.

    [month]
    # Jänner and Feber: Austrian
    Januar Jänner Februar Feber März April Mai Juni Juli August September Oktober November Dezember
    # short forms (not Jun: also junior)
    Jan Feb Febr Mär Mrz Apr Jul Aug Sep Sept Okt Nov Dez

    [starter]
    # articles, pronouns, determiners
    Der Die Das Den Dem Des Ein Eine Einer Eines Einem Einen
    Ich Du Er Sie Es Wir Ihr Man Dies Diese Dieser Dieses Diesem Diesen Jene Jener
    Sein Seine Ihre Unser Unsere Mein Meine Kein Keine Alle Viele Einige Mehrere Beide Jeder Jede Jedes
    # conjunctions and sentence adverbs
    Und Oder Aber Doch Denn Auch Dann Danach Damit Dabei Dazu Daher Deshalb Deswegen Darum Trotzdem
    Zudem Außerdem Allerdings Jedoch Zwar Bereits Schon Noch Nun Jetzt Heute Gestern Hier Dort Da
    Immer Nur Erst Später Zuvor Zunächst Schließlich Inzwischen Mittlerweile Unterdessen Indes
    Gleichzeitig Insgesamt Vielmehr Stattdessen Demnach Somit Also Ja Nein Nicht So Wie
    # question words and subordinators
    Wo Was Wer Wen Wem Warum Wann Welche Welcher Welches Wenn Als Ob Weil Obwohl Während
    # prepositions and contractions
    Nach Vor Bei Mit Seit Für Gegen Ohne Unter Über Im Am Auf Aus In An Zum Zur Vom Beim Laut Trotz Wegen
    """
}
