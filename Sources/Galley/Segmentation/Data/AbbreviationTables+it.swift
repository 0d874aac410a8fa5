extension AbbreviationTables {
    /// Italian: written from Italian press and legal-citation usage (Sig., Dott., On., d.lgs., c.p.); forms that end in letters after an inner period (Sig.ra, Dott.ssa, P.zza) are left out, since no sentence break can follow them.
    static let it = """
    [title]
    # forms of address and professions: signor(i), dottore, professore/i, avvocato, ingegnere,
    # architetto, geometra, ragioniere, egregio
    Sig Sigg Dott Dr Prof Proff Avv Ing Arch Geom Rag Egr
    # direttore, amministratore, amministrazione (Dir. Amm.), psicologo
    Dir Amm Psicol
    # offices and ranks: onorevole, senatore, generale, colonnello, maggiore, tenente, ammiraglio
    On Sen Gen Col Magg Ten Amm
    # religious and honorifics: monsignore, Sua Eccellenza, Sua Santità
    Mons S.E S.S

    [abbrev]
    # common abbreviations: eccetera, confronta, circa, esempio, vedi, cosiddetto
    ecc etc cfr ca es p.es vs v c.d
    # eras and centuries
    a.C d.C sec
    # dates: prossimo venturo, ultimo scorso
    p.v u.s
    # companies; cavaliere, commendatore
    S.p.A S.r.l S.n.c S.a.s Co Inc Corp Ltd Cav Comm
    # quantities: milioni, miliardi
    mln mld
    # law: decreto legislativo, decreto legge, decreto del Presidente della Repubblica, decreto ministeriale,
    # codice civile / penale / di procedura penale, Gazzetta Ufficiale, lettera
    d.lgs d.l d.p.r d.m c.c c.p c.p.p G.U lett

    [number]
    # numero (also n°), pagina(e), articolo(i), comma, capitolo, paragrafo, volume, figura, tavola, tabella, telefono, legge
    n nn nr n° p pp pag pagg art artt c cap par vol fig tav tab tel l

    [multi]
    ad es.
    p. es.
    a. C.
    d. C.
    d. lgs.

    [month]
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    # short forms (not gen: also generale)
    feb mar apr mag giu lug ago set sett ott nov dic

    [starter]
    # articles, pronouns, determiners
    Il Lo La I Gli Le Un Uno Una Questo Questa Questi Queste Quello Quella Quelli Quelle Quel
    Io Tu Lui Lei Noi Voi Loro Egli Essa Suo Sua Suoi Sue Mio Nostro Nostra
    Tutti Tutto Tutte Ogni Ciascuno Molti Molte Alcuni Alcune Altri Altre Nessuno Niente
    # conjunctions and sentence adverbs
    Ma E Ed O Oppure Però Perciò Quindi Dunque Poi Allora Anche Inoltre Tuttavia Infatti Invece
    Ancora Già Ora Adesso Oggi Ieri Domani Intanto Mentre Anzi Eppure Insomma Sì No Non Così
    # question words and subordinators
    Quando Dove Come Perché Cosa Chi Quale Quali Quanto Quanti Se
    # prepositions and contractions
    Nel Nella Nei Nelle Negli Del Della Dei Al Alla Ai Dal Dalla Dopo Prima Durante Secondo
    Per Con Su Tra Fra Da In A Di Senza Verso Contro Oltre Nonostante
    """
}
