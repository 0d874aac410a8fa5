/// Phrases that introduce a block of related links, per language, written
/// lower-case as they are matched (after NFKC case folding, with
/// apostrophes folded to ' and dashes to -). `+` marks a strong marker (it
/// almost always introduces related links: any following lines are items);
/// `~` a weak one (also used for "continue reading" or most-read widgets:
/// its items must look like links). Researched from publishers' pages and
/// open-source scrapers' stop lists (../shared/reference/related_markers.json
/// lists sources); Galley's own list.
enum RelatedMarkerTable {
    static let text = """
    [en]
    + related
    + related articles
    + related stories
    + related content
    + related coverage
    + related links
    + related posts
    + related reading
    + related news
    + read also
    + also read
    + read more
    + see also
    + more on this story
    + more on this
    + further reading
    + you may also like
    + you might also like
    + people also read
    + recommended reading
    + recommended for you
    + more stories
    + more coverage
    + also on
    ~ recommended
    ~ more from
    ~ most read
    ~ trending now
    ~ related topics
    [uk]
    + читайте також
    + також читайте
    + читайте також на цю тему
    + дивіться також
    + новини по темі
    + по темі
    + більше новин
    + вас може зацікавити
    + пов'язані новини
    + схожі новини
    + рекомендуємо
    ~ читайте більше
    ~ більше на цю тему
    [ru]
    + читайте также
    + также читайте
    + читайте также по теме
    + смотрите также
    + см. также
    + по теме
    + новости по теме
    + похожие новости
    + вам может быть интересно
    + рекомендуем
    + материалы по теме
    ~ читайте далее
    ~ еще по теме
    [de]
    + lesen sie auch
    + lesen sie mehr
    + mehr zum thema
    + das könnte sie auch interessieren
    + siehe auch
    + auch interessant
    + weitere artikel
    + verwandte artikel
    + zum thema
    + mehr dazu
    ~ meistgelesen
    ~ empfohlen
    [fr]
    + à lire aussi
    + lire aussi
    + à lire également
    + voir aussi
    + sur le même sujet
    + articles liés
    + articles connexes
    + vous aimerez aussi
    + pour aller plus loin
    + lire la suite
    ~ les plus lus
    [es]
    + lee también
    + lea también
    + te puede interesar
    + también te puede interesar
    + noticias relacionadas
    + artículos relacionados
    + más información
    + ver también
    + relacionado
    + relacionados
    ~ lo más leído
    [it]
    + leggi anche
    + leggi pure
    + potrebbe interessarti
    + articoli correlati
    + notizie correlate
    + vedi anche
    + approfondimenti
    ~ i più letti
    [pt]
    + leia também
    + leia mais
    + veja também
    + saiba mais
    + notícias relacionadas
    + artigos relacionados
    + você também pode gostar
    ~ mais lidas
    [pl]
    + czytaj także
    + czytaj też
    + przeczytaj także
    + przeczytaj też
    + zobacz także
    + zobacz też
    + powiązane artykuły
    + polecamy
    ~ najczęściej czytane
    [nl]
    + lees ook
    + lees meer
    + zie ook
    + gerelateerde artikelen
    + gerelateerd
    + meer over dit onderwerp
    ~ meest gelezen
    [no]
    + les også
    + se også
    + relaterte artikler
    + mer om saken
    ~ mest lest
    [sv]
    + läs också
    + läs även
    + se även
    + relaterade artiklar
    + mer om ämnet
    ~ mest läst
    [cs]
    + čtěte také
    + přečtěte si také
    + související články
    + mohlo by vás zajímat
    + viz také
    ~ nejčtenější
    [fi]
    + lue myös
    + katso myös
    + aiheesta lisää
    + aiheeseen liittyvät
    ~ luetuimmat
    [ja]
    + 関連記事
    + 関連ニュース
    + あわせて読みたい
    [zh]
    + 相关阅读
    + 相关新闻
    + 延伸阅读
    """
}
