extension AbbreviationTables {
    /// Spanish: written from Spanish and Latin American press usage (RAE list of abbreviations, incl. doubled-letter plurals such as EE. UU. and spaced forms such as a. m.).
    static let es = """
    [title]
    # forms of address: señor(a/ita/es/as), doña
    Sr Sra Srta Sres Sras Dña
    # professions: doctor(a/es), licenciado/a, ingeniero, arquitecto, abogado, profesor(a), maestro/a
    Dr Dra Dres Dras Lic Lcdo Lcda Ldo Lda Ing Arq Abg Prof Profa Mtro Mtra
    # ranks and offices: general, coronel, teniente, comandante, sargento, almirante, presidente
    Gral Cnel Tte Cmdte Cdte Sgto Almte Pdte
    # honorifics: excelentísimo/a, ilustrísimo/a
    Excmo Excma Ilmo Ilma
    # religious: presbítero, monseñor, fray, reverendo, santo/a; viuda (Vda. de)
    Pbro Mons Fr Rvdo Sto Sta Vda

    [abbrev]
    # common abbreviations: por ejemplo, confer, aproximadamente, ibídem
    etc p.ej ej vs cf cfr aprox ibíd
    # addresses and contacts: carrera, monte, teléfono, extensión
    Cra Mt Tel Ext
    # eras and time of day
    a.C d.C a.m p.m
    # plural initialisms: Estados Unidos, Comisiones Obreras, Fuerzas Armadas, Juegos Olímpicos
    EE.UU CC.OO FF.AA JJ.OO
    # companies: sociedad anónima / limitada, compañía, hermanos, banco
    S.A S.L S.A.B C.V Cía Hnos Ltda Bco Inc Corp Ltd Jr
    # usted, ustedes
    Ud Uds Vd Vds
    # addresses: avenida, carretera, esquina, derecha, izquierda, departamento
    Av Avda Ctra esq dcha izq izqda dpto depto
    # administration and quantities: administración, provincia, universidad, director(a), millones, habitantes
    admón prov Univ Dir mill hab máx mín

    [number]
    # página(s), número (also nº, n°, which take a period only in sloppy text), artículo(s), capítulo, volumen, tomo, figura, teléfono, apartado
    p pp pág págs núm nro nº n° art arts cap vol t fig tel apdo
    # No. for número, common in Latin American addresses ("Cra. 7 No. 40-53"); párrafo (RAE's list
    # of abbreviations: párr.; párrf. in some texts)
    no párr párrf

    [multi]
    p. ej.
    a. C.
    d. C.
    a. m.
    p. m.
    EE. UU.
    S. A.
    S. A. de C. V.

    [month]
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    # short forms (not mar: an ordinary word)
    ene feb abr may jun jul ago sep sept oct nov dic

    [starter]
    # articles, pronouns, determiners
    El La Los Las Lo Un Una Unos Unas Este Esta Estos Estas Ese Esa Esos Esas Eso Esto Aquel Aquella
    Él Ella Ellos Ellas Yo Tú Nosotros Usted Ustedes Su Sus Mi Nuestro Nuestra
    Cada Todo Todos Toda Todas Muchos Muchas Algunos Algunas Varios Otros Otras Otro Otra Ninguno Nadie Nada
    # conjunctions and sentence adverbs
    Pero Y E O Ni Sino Aunque Porque Pues Entonces Luego Después Antes Además También Tampoco Así
    Ahora Hoy Ayer Ya Aún Todavía Incluso Solo Sólo Asimismo Finalmente Sí No Mientras
    # question words and subordinators
    Cuando Donde Dónde Cómo Como Qué Quién Quiénes Cuál Cuáles Cuándo Cuánto Si
    # prepositions and contractions
    Por Para Con En De Desde Hasta Según Tras Durante Entre Sobre Ante Bajo Contra Hacia Sin Al Del
    """
}
