extension AbbreviationTables {
    /// Portuguese: written from Brazilian and European Portuguese press usage (Sr., Dr.ª style titles, Ltda., S.A., legal art./inc.); mar and dez are left out of the months because they are ordinary words.
    static let pt = """
    [title]
    # forms of address: senhor(a/ita/es/as)
    Sr Sra Srta Srs Sras
    # professions: doutor(a/es/as), professor(a), engenheiro, arquiteto, desembargador
    Dr Dra Drs Dras Prof Profa Eng Arq Des
    # ranks and offices: general, coronel, tenente, major, sargento, almirante, brigadeiro, comandante,
    # deputado, senador
    Gen Cel Ten Maj Sgt Alm Brig Cmte Dep Sen
    # honorifics: excelentíssimo/a, ilustríssimo/a
    Exmo Exma Ilmo Ilma
    # religious: padre, frei, irmão/irmã, monsenhor, santo/a
    Pe Fr Ir Mons Sto Sta

    [abbrev]
    # common abbreviations: por exemplo, confira, aproximadamente, observação, Vossa Excelência
    etc p.ex ex cf cfr vs aprox obs V.Exa
    # eras and centuries
    a.C d.C séc
    # companies: sociedade anônima, limitada, companhia
    # Inc also covers inc. (inciso) before a Roman numeral
    S.A Ltda Cia Inc Corp Ltd Jr
    # addresses: avenida, praça, rodovia, estrada, alameda
    Av Pça Rod Est Al
    # quantities: milhões, bilhões, trilhões, habitantes; ministro/minuto
    mi bi tri hab min

    [number]
    # página(s), número (also nº, n°, which take a period only in sloppy text), artigo(s), capítulo, volume, figura, telefone
    p pp pág n nº n° art arts cap vol fig tel

    [multi]
    p. ex.
    por ex.
    a. C.
    d. C.
    V. Exa.

    [month]
    janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro
    # short forms (not mar, dez: ordinary words)
    jan fev abr mai jun jul ago set out nov

    [starter]
    # articles, pronouns, determiners (one-letter words: see the report)
    O A Os As Um Uma Uns Umas Este Esta Estes Estas Esse Essa Esses Essas Isso Isto Aquele Aquela Aquilo
    Ele Ela Eles Elas Eu Tu Nós Você Vocês Seu Sua Seus Suas Meu Minha Nosso Nossa
    Cada Todo Todos Toda Todas Muitos Muitas Alguns Algumas Outros Outras Outro Outra Nenhum Ninguém Nada
    # conjunctions and sentence adverbs
    Mas E Ou Nem Porém Contudo Entretanto Todavia Portanto Logo Então Depois Antes Além Também Assim
    Agora Hoje Ontem Amanhã Já Ainda Apenas Só Inclusive Mesmo Sim Não Enquanto Embora Caso
    # question words and subordinators
    Quando Onde Como Porque Por Que Quem Qual Quais Quanto Se
    # prepositions and contractions
    No Na Nos Nas Do Da Dos Das Ao Aos Pelo Pela Em De Para Com Sem Sobre Segundo Conforme
    Durante Após Desde Até Entre Contra
    """
}
