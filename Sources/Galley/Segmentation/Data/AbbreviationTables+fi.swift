extension AbbreviationTables {
    /// Finnish: written from Kotimaisten kielten keskus's (Kielitoimisto) list of common abbreviations ("Lyhenneluettelo"). Finnish writes ordinals with a period ("3. lokakuuta"): the [month] section keeps them whole.
    static let fi = """
    [title]
    # tohtori, professori, rouva, herra, neiti, johtaja, maisteri, insinööri, dosentti, kapteeni, kenraali
    tri prof rva hra nti joht maist ins dos kapt kenr

    [abbrev]
    # esimerkiksi, eli, ja niin edelleen, jne, muun muassa, niin sanottu, noin, katso, vertaa, mukaan lukien,
    # tai, ja muut, nykyään, entinen, suunnilleen, lähinnä, myöhemmin, puhelin
    esim ts jne mm ns n ks vrt ml tms ym yms ns. nyk ent suom engl ruots alk
    # time and quantities: kello, minuutti, sekunti, tunti, vuosi, vuosisata, ennen/jälkeen ajanlaskun alun,
    # miljoona, miljardi, euro
    klo min s t v vs eaa jaa eKr jKr milj mrd
    # organisations: osakeyhtiö is written without a period (Oy); ry has none either
    Inc Ltd

    [number]
    # numero, sivu, kappale, pykälä, puhelin, kuva, liite, osa, vuosikerta
    nro n:o s kpl puh kuva liite os vsk

    [multi]
    e. Kr.
    j. Kr.
    e. a. a.
    j. a. a.

    [month]
    tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta
    lokakuuta marraskuuta joulukuuta
    tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu marraskuu joulukuu
    tammik helmik maalisk huhtik toukok kesäk heinäk elok syysk lokak marrask jouluk

    [starter]
    Minä Sinä Hän Se Me Te He Tämä Nämä Tuo Nuo Siellä Täällä
    Mutta Ja Tai Kun Jos Myös Nyt Siksi Kuitenkin Lisäksi Lopuksi Sitten Silti
    Mitä Mikä Kuka Missä Miksi Miten Milloin Kuinka
    Monet Jotkut Kaikki Kukaan Eikä Ei
    """
}
