extension AbbreviationTables {
    /// French: written from French, Belgian, Swiss and Quebec press usage (Imprimerie nationale conventions; Mme, Mlle, Dr, Me normally take no period, but are listed for texts that add one).
    static let fr = """
    [title]
    # forms of address: Monsieur, Messieurs, Madame, Mesdames, Mademoiselle(s), Maître, veuve
    M MM Mme Mmes Mlle Mlles Me Vve
    # professions and dignitaries: docteur, professeur, Monseigneur, révérend père, Sa Majesté, Son Excellence
    Dr Pr Mgr R.P S.M S.E
    # Saint, Sainte
    St Ste

    [abbrev]
    # common abbreviations: c'est-à-dire, par exemple, confer, environ, respectivement
    etc cf c.-à-d p.ex ex env resp vs ibid N.B
    # eras: avant/après Jésus-Christ
    av apr J.-C
    # addresses: boulevard (also bd, boul), faubourg, place, route; av is also avenue
    bd boul fg pl rte
    # administration and quantities: département, arrondissement, habitants
    dép dépt arr hab
    # companies: Compagnie, Société, Établissements
    Cie Sté Éts S.A S.A.S S.A.R.L Inc Corp Ltd Jr
    # publishing: édition, sous la direction de, traduction, collection
    éd dir trad coll

    [number]
    # page(s), numéro, article, alinéa, tome, volume, chapitre, figure, téléphone
    p pp n° art al t vol chap ch fig tél

    [multi]
    p. ex.
    av. J.-C.
    apr. J.-C.
    op. cit.

    [month]
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    janv févr fév avr juil sept oct nov déc

    [starter]
    # articles, pronouns, determiners
    Le La Les Un Une Des Du De Ce Cet Cette Ces Cela Ceci Ça Celui Celle Ceux Celles
    Il Elle Ils Elles On Nous Vous Je Tu Son Sa Ses Leur Leurs Notre Nos Votre Vos Mon Ma Mes
    Tout Tous Toute Toutes Chaque Plusieurs Certains Certaines Aucun Aucune Rien Voici Voilà
    # conjunctions and sentence adverbs
    Mais Et Ou Donc Or Ni Car Puis Ensuite Alors Aussi Ainsi Cependant Pourtant Toutefois Néanmoins
    Enfin Désormais Déjà Encore Hier Demain Ici Là Oui Non Pas Seulement Même Surtout Bref
    # question words and subordinators
    Si Quand Lorsque Comme Pourquoi Comment Où Que Qui Quel Quelle Quels Quelles Quoi Lequel Laquelle Combien
    # prepositions and contractions
    Selon Après Avant Depuis Pendant Lors Dans En Sur Sous Pour Par Avec Sans Chez Entre Contre
    Malgré Parmi Vers Au Aux Outre Dès
    """
}
