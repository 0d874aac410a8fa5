extension AbbreviationTables {
    /// English: written from US and UK news usage (AP-style titles, states and addresses); SI symbols and company forms written without a period (LLC, PLC, AG) are left out, since a period after them ends a sentence.
    static let en = """
    [title]
    # forms of address
    Mr Mrs Ms Mx Messrs Mmes Dr Drs Prof Profs Hon Rt
    # military and police ranks
    Gen Gens Lt Lieut Col Maj Capt Cpt Cmdr Comdr Cdr Adm Brig Flt
    Sgt Cpl Pvt Pfc Spc Ens Supt Insp Det Ofc Commr
    # political and civil offices
    Sen Sens Rep Reps Gov Govs Pres Atty Amb Ald Cllr Asst
    # religious
    Rev Msgr Fr
    # Mount, Sainte/Suite (St and Ft are in [abbrev]: Main St., 30 ft.)
    Mt Ste

    [abbrev]
    # Latin and reference
    etc e.g i.e vs v viz cf ca approx ibid a.k.a N.B
    # eras and time of day
    a.m p.m A.D B.C B.C.E C.E
    # companies and organisations (only forms written with a period)
    Inc Ltd Co Cos Corp Bros L.L.C L.L.P L.P S.A S.p.A N.V
    Mfg Intl Assn Assoc Dept Div Dist Govt Univ Inst Hosp Natl
    # US law citations (Cir also circle)
    U.S.C C.F.R
    # after a name: suffixes and degrees
    Jr Sr Esq Ph.D M.D B.A M.A M.B.A J.D Ret
    # countries and cities (B.C is above with the eras)
    U.S U.K U.N E.U U.S.A U.S.S.R U.A.E N.Z D.C L.A
    # US states and Canadian provinces, AP style (not Ill Mass Miss Wash Ore La: ordinary words; Mo is with the durations)
    Ala Ariz Ark Calif Colo Conn Del Fla Ga Ind Kan Kans Ky Md Mich Minn Mont Neb Nev
    N.H N.J N.M N.Y N.C N.D Okla Pa R.I S.C S.D Tenn Tex Vt Va W.Va Wis Wyo Ont Alta Sask N.S P.E.I
    # addresses (St: street or Saint; Ft: fort or feet)
    St Ave Blvd Rd Ft Ln Ct Pl Sq Pkwy Hwy Fwy Expy Rte Jct Cir Cres Gdns Bldg Hts Isl Mts
    # weekdays (not Wed Sat Sun: ordinary words)
    Mon Tue Tues Thu Thur Thurs Fri
    # durations, imperial measures, statistics
    yr yrs hr hrs min mins Mo mos wk wks
    lb lbs oz yd yds mi cu gal qt tbsp tsp doz pct avg
    est incl misc

    [number]
    # N°: numero sign, followed by a stray period in some texts
    No Nos N° p pp Fig Figs Vol Vols Art Sec Secs Sect Ch Chap Para Pt Pg Bk Op Apt Rm Tel Ext c

    [multi]
    e. g.
    i. e.
    et al.
    a. m.
    p. m.
    op. cit.
    Ph. D.
    U. S.

    [month]
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec

    [starter]
    # pronouns, articles, determiners
    I You He She It We They This That These Those There Here The A An
    My Your His Her Its Our Their
    Some Many Most Few Several All Both Each Every Any No None Another Other Such
    # conjunctions and sentence adverbs
    But And Or So Yet However Meanwhile Moreover Furthermore Also Still Then Now
    Thus Therefore Nevertheless Instead Indeed Again Finally Overall Additionally Similarly Ultimately
    Only Even Just Not Yes Perhaps Often Already Recently
    Today Yesterday Tomorrow Earlier Later Last Next
    # question words and subordinators
    When Where Why How What Who Which While If Although Though Because Since Unless Until
    # prepositions that open sentences
    After Before During Despite Following Amid Among Against At In On For From By With Without
    To As Like Through According
    # verbs that open questions and requests
    Do Does Did Is Are Was Were Has Have Can Could Should Would Please Let
    """
}
