/// Phrases that introduce a block of links, per language, as real CMS and
/// newsroom templates write them. Matching is case-, accent- and
/// punctuation-insensitive (see `foldMarker`): "A lire aussi", "À LIRE
/// AUSSI :" and "à lire aussi…" are one phrase; "Don't miss" and "Dont
/// miss" too. Each line is a kind and a phrase:
///
/// - `+` a strong "related" marker: it almost always introduces related
///   articles; its items may be plain headlines (one per line or bulleted).
/// - `~` a weak "related" marker (also a "continue reading" link, a tag
///   list's heading): only link items count.
/// - `=` a "more" marker: most read, latest, more from, recommended,
///   trending, popular lists (`kind: "more"` in the record); only link
///   items count.
///
/// Sources: ../shared/reference/related_markers.json (publishers' pages and
/// open-source scrapers' stop lists), the phrasings seen on the realpages
/// corpus (issue 13), and the team's reading of newsroom templates
/// (WordPress "Related posts" / Jetpack, Drupal, Arc XP, Tinypass, Taboola
/// and Outbrain widget headings). Galley's own list.
enum RelatedMarkerTable {
    static let text = """
    [en]
    + related
    + related articles
    + related article
    + related stories
    + related story
    + related content
    + related coverage
    + related links
    + related posts
    + related post
    + related reading
    + related news
    + related videos
    + related tags
    + related topics
    + related searches
    + more related stories
    + read also
    + also read
    + read more
    + also see
    + see also
    + see more
    + more on this story
    + more on this
    + more on this topic
    + more about this
    + further reading
    + you may also like
    + you might also like
    + you may like
    + you might like
    + you may also be interested in
    + you might be interested in
    + people also read
    + recommended reading
    + more stories like this
    + more stories like this one
    + more like this
    + also on
    + also in the news
    + in other news
    + what to read next
    + read next
    = recommended
    = recommended for you
    = recommended stories
    = recommended articles
    = editor's picks
    = editors picks
    = our picks
    = dh picks
    = more stories
    = more news
    = more coverage
    = more from
    = more in
    = more top stories
    = more videos
    = most read
    = most viewed
    = most popular
    = most shared
    = most commented
    = popular
    = popular now
    = popular posts
    = popular stories
    = popular articles
    = trending
    = trending now
    = trending news
    = trending stories
    = trending topics
    = top stories
    = top news
    = latest
    = latest news
    = latest stories
    = latest articles
    = latest posts
    = recent posts
    = recent stories
    = recent articles
    = don't miss
    = don't miss it
    = must read
    = must reads
    = what's hot
    = what others are reading
    = around the web
    = from the web
    = sponsored stories
    = promoted stories
    = we recommend
    [uk]
    + читайте також
    + також читайте
    + читайте також на цю тему
    + читайте більше у статті
    + дивіться також
    + новини по темі
    + по темі
    + за темою
    + на цю тему
    + вас може зацікавити
    + вас також може зацікавити
    + пов'язані новини
    + схожі новини
    + схожі статті
    + рекомендуємо
    ~ читайте більше
    ~ більше на цю тему
    ~ читати далі
    = більше новин
    = найпопулярніше
    = популярне
    = найчитаніше
    = останні новини
    = новини партнерів
    [ru]
    + читайте также
    + также читайте
    + читайте также на эту тему
    + читайте также по теме
    + читайте больше в статье
    + смотрите также
    + см также
    + по теме
    + читайте по теме
    + новости по теме
    + еще по теме
    + похожие новости
    + похожие статьи
    + похожие материалы
    + материалы по теме
    + статьи по теме
    + вам может быть интересно
    + вам также может понравиться
    + рекомендуем
    ~ читайте далее
    ~ читать далее
    ~ подробнее
    = самое читаемое
    = самое популярное
    = популярное
    = последние новости
    = главное
    = новости партнеров
    = лента новостей
    [de]
    + lesen sie auch
    + lesen sie mehr
    + lies auch
    + mehr zum thema
    + das konnte sie auch interessieren
    + das konnte dich auch interessieren
    + das konnte ihnen auch gefallen
    + das konnte dir auch gefallen
    + das konnte sie auch gefallen
    + siehe auch
    + auch interessant
    + weitere artikel
    + weitere beitrage
    + weitere news
    + weitere informationen
    + verwandte artikel
    + verwandte themen
    + ahnliche artikel
    + ahnliche beitrage
    + ahnliche themen
    + zum thema
    + mehr dazu
    + passend zum thema
    + empfehlungen aus der redaktion
    + unsere empfehlungen
    ~ weiterlesen
    ~ lies mehr
    = meistgelesen
    = meistgelesene artikel
    = meist gelesen
    = meistgesehen
    = empfohlen
    = empfehlungen
    = aktuelle nachrichten
    = neueste artikel
    = neueste beitrage
    = top themen
    = beliebte beitrage
    = mehr aus
    = mehr von
    = auch lesenswert
    [fr]
    + a lire aussi
    + lire aussi
    + a lire egalement
    + lire egalement
    + voir aussi
    + a voir aussi
    + a voir egalement
    + sur le meme sujet
    + sur le meme theme
    + articles similaires
    + articles lies
    + articles connexes
    + vous aimerez aussi
    + vous aimerez peut-etre aussi
    + vous pourriez aussi aimer
    + a decouvrir aussi
    + a decouvrir egalement
    + pour aller plus loin
    ~ a lire
    ~ lire
    ~ lire la suite
    ~ en savoir plus
    = les plus lus
    = les plus populaires
    = les plus partages
    = les plus commentes
    = les dernieres actualites
    = derniers articles
    = a la une
    = tendances
    = nos recommandations
    [es]
    + lee tambien
    + lea tambien
    + leer tambien
    ~ lea
    ~ lee
    + lea mas
    + lee mas
    + seguir leyendo
    + sigue leyendo
    + te puede interesar
    + le puede interesar
    + tambien te puede interesar
    + tambien le puede interesar
    + puede interesarte
    + te recomendamos
    + le recomendamos
    + ver tambien
    + vea tambien
    + noticias relacionadas
    + articulos relacionados
    + relacionado
    + relacionados
    + relacionadas
    + contenido relacionado
    + mas sobre este tema
    ~ leer mas
    ~ mas informacion
    = lo mas leido
    = lo mas visto
    = mas leidas
    = mas leidos
    = mas noticias
    = ultimas noticias
    = tendencias
    [it]
    + leggi anche
    + leggi pure
    + potrebbe interessarti
    + potrebbe interessarti anche
    + ti potrebbe interessare
    + potrebbe interessarti anche
    + articoli correlati
    + notizie correlate
    + post correlati
    + vedi anche
    + altri articoli
    + approfondimenti
    + approfondisci
    + sullo stesso argomento
    ~ per saperne di piu
    ~ scopri di piu
    ~ leggi tutto
    = i piu letti
    = piu letti
    = piu lette
    = ultime notizie
    = ultimi articoli
    = in evidenza
    [pt]
    + leia tambem
    + leia mais
    + veja tambem
    + veja mais
    + saiba mais
    + artigos relacionados
    + noticias relacionadas
    + materias relacionadas
    + relacionadas
    + relacionados
    + voce tambem pode gostar
    + voce pode gostar
    + pode interessar
    + pode te interessar
    + ler tambem
    + ver tambem
    ~ leia
    ~ ler mais
    = mais lidas
    = mais lidos
    = mais vistos
    = mais recentes
    = ultimas noticias
    = em alta
    [pl]
    + czytaj takze
    + czytaj tez
    + czytaj rowniez
    + przeczytaj takze
    + przeczytaj tez
    + przeczytaj rowniez
    + zobacz takze
    + zobacz tez
    + zobacz rowniez
    + powiazane artykuly
    + podobne artykuly
    + polecane artykuly
    + moze cie zainteresowac
    + moze cie rowniez zainteresowac
    + wiecej na ten temat
    + polecamy
    ~ czytaj wiecej
    = najczesciej czytane
    = najpopularniejsze
    = najnowsze
    = wiecej z
    [nl]
    + lees ook
    + lees meer
    + meer lezen
    + zie ook
    + bekijk ook
    + gerelateerde artikelen
    + gerelateerd
    + meer over dit onderwerp
    + ook interessant
    ~ lees verder
    = meest gelezen
    = meer nieuws
    = meest bekeken
    = laatste nieuws
    [no]
    + les ogsa
    + les mer
    + se ogsa
    + relaterte artikler
    + relaterte saker
    + mer om saken
    = mest lest
    = siste nytt
    [da]
    + laes ogsa
    + se ogsa
    + relaterede artikler
    + mere om emnet
    = mest laeste
    = seneste nyt
    [sv]
    + las ocksa
    + las aven
    + las mer
    + se aven
    + relaterade artiklar
    + mer om amnet
    = mest last
    = senaste nytt
    [cs]
    + ctete take
    + ctete tez
    + prectete si take
    + souvisejici clanky
    + souvisejici
    + mohlo by vas zajimat
    + viz take
    ~ cist vice
    = nejctenejsi
    = nejnovejsi
    [fi]
    + lue myos
    + katso myos
    + aiheesta lisaa
    + lisaa aiheesta
    + aiheeseen liittyvat
    ~ lue lisaa
    = luetuimmat
    = uusimmat
    [tr]
    + ilgili haberler
    + bunlar da ilginizi cekebilir
    + ayrica okuyun
    + ilginizi cekebilir
    = en cok okunanlar
    = son dakika
    [ro]
    + citeste si
    + citeste mai mult
    + articole similare
    + articole asemanatoare
    = cele mai citite
    [hu]
    + kapcsolodo cikkek
    + lasd meg
    + ajanlott cikkek
    = legolvasottabb
    [ja]
    + 関連記事
    + 関連ニュース
    + あわせて読みたい
    + こちらもおすすめ
    = 人気記事
    = アクセスランキング
    [zh]
    + 相关阅读
    + 相关新闻
    + 延伸阅读
    + 相關新聞
    + 延伸閱讀
    + 相關閱讀
    = 热门文章
    = 热门新闻
    [ko]
    + 관련기사
    + 관련 기사
    = 많이 본 뉴스
    """
}
