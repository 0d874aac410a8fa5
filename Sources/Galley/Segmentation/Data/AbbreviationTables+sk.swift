extension AbbreviationTables {
    /// Slovak: written from the Pravidlá slovenského pravopisu (Jazykovedný ústav Ľ. Štúra SAV, the list of abbreviations) and Slovak news usage.
    static let sk = """
    [title]
    # pán, pani, slečna, doktor, profesor, docent, inžinier, magister, doktor práv/filozofie/medicíny,
    # svätý, generál, plukovník, kapitán
    p pí sl dr prof doc ing mgr judr phdr mudr rndr bc sv gen plk kpt

    [abbrev]
    # napríklad, t. j., tzv., atď., a pod., a i., resp., cca, tzn., príp., porov., vrát., pribl.
    napr tj tzv atď apod resp cca tzn príp porov vrát pribl najm tr nar
    # time: rok, storočie, hodina, minúta, sekunda, pred/po Kristovi, nášho letopočtu
    r stor hod min sek pred.n.l n.l pred.Kr po.Kr
    # money and quantities: milióny, miliardy, tisíce
    mil mld tis
    # addresses: ulica, námestie, trieda
    ul nám
    # companies: akciová spoločnosť, spoločnosť s ručením obmedzeným
    a.s s.r.o spol

    [number]
    # číslo, strana, odsek, kapitola, ročník, zväzok, telefón, obrázok, tabuľka
    č s ods kap roč zv tel obr tab

    [multi]
    t. j.
    a. pod.
    a. i.
    pred n. l.
    n. l.
    s. r. o.
    a. s.

    [month]
    januára februára marca apríla mája júna júla augusta septembra októbra novembra decembra
    január február marec apríl máj jún júl august september október november december

    [starter]
    Ja Ty On Ona Ono My Vy Oni To Ten Táto Toto Tu Tam
    Ale A Alebo Keď Ak Aj Teraz Preto Však Napriek Navyše Nakoniec Potom
    Čo Kto Kde Prečo Ako Kedy Ktorý Ktorá
    Mnoho Niektorí Všetci Nikto Podľa V Na Po Pred Od Do Pre Pri
    """
}
