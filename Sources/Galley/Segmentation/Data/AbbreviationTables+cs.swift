extension AbbreviationTables {
    /// Czech: written from the Internetová jazyková příručka of the Ústav pro jazyk český AV ČR (its lists of abbreviations, "zkratky") and Czech news usage.
    static let cs = """
    [title]
    # pan, paní, slečna, doktor(ka), profesor, docent, inženýr, magistr, doktor práv/filozofie/medicíny,
    # svatý, generál, plukovník, kapitán
    p pí sl dr prof doc ing mgr judr phdr mudr rndr bc sv gen plk kpt

    [abbrev]
    # například, tj., tzv., atd., apod., aj., mj., resp., event., cca, tzn., popř., srov., viz,
    # včetně, vč., tzn., mn. č., mil., mld., tis., Kč, ul., nám., r. (rok), st. (století), min., hod.
    např tj tzv atd apod aj mj resp event cca tzn popř srov vč tř zejm příp nar zem
    # time: rok, roku, století, hodina, minuta, sekunda, před/po Kristu, našeho letopočtu
    r st hod min sek př.n.l n.l př.Kr po.Kr
    # money and quantities: miliony, miliardy, tisíce, koruna
    mil mld tis
    # addresses: ulice, náměstí, třída
    ul nám
    # companies: akciová společnost, společnost s ručením omezeným
    a.s s.r.o spol v.o.s

    [number]
    # číslo, strana, odstavec, kapitola, ročník, svazek, telefon, obrázek, tabulka
    č s odst kap roč sv tel obr tab

    [multi]
    př. n. l.
    n. l.
    př. Kr.
    s. r. o.
    a. s.
    t. č.
    mj. a.

    [month]
    ledna února března dubna května června července srpna září října listopadu prosince
    leden únor březen duben květen červen červenec srpen září říjen listopad prosinec

    [starter]
    Já Ty On Ona Ono My Vy Oni To Ten Ta Tento Tato Toto Tady Tam
    Ale A Nebo Když Pokud Také Teď Proto Však Přesto Navíc Nakonec Pak
    Co Kdo Kde Proč Jak Kdy Který Která
    Mnoho Někteří Všichni Nikdo Podle V Na Po Před Od Do Pro Při
    """
}
