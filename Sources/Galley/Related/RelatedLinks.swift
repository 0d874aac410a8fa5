import CICUShim

/// What a block of links is: related articles ("Related:", "Read also:",
/// "Читайте також:") or a list of more stories from the site ("Most read",
/// "Latest", "More from", "Recommended", "Trending").
public enum RelatedKind: String, Sendable, Hashable {
    case related
    case more
}

/// One link of a related block.
public struct RelatedLink: Sendable, Hashable {
    /// The headline, normalized (nil when the item is a bare URL).
    public var title: LinkTitle?
    /// The URL as written in the item, without a Markdown link title and
    /// with backslash escapes resolved (nil for a plain headline).
    public var url: String?
    /// The canonical URL (`canonicalURL`), nil when there is no URL or it
    /// does not parse — then `urlError` says why.
    public var canonicalURL: String?
    public var urlError: String?
    /// The kind of block the link came from.
    public var kind: RelatedKind = .related
}

/// A text split into its body and its related-link blocks.
public struct RelatedLinks: Sendable {
    /// The text without the blocks; other paragraphs are left as they were.
    public var body: String
    /// The links of every block, in order, collapsed on canonical URL (on
    /// the title key when there is no URL).
    public var links: [RelatedLink]
    /// The removed blocks, as UTF-8 byte ranges of the input.
    public var blocks: [Range<Int>]
    /// The kind of each block, parallel to ``blocks``.
    public var blockKinds: [RelatedKind] = []
}

/// Finds related-link blocks ("Related:", "Read also:", "Читайте також:",
/// "Das könnte Sie auch interessieren", …; "Most read", "Latest",
/// "Trending", … as kind `more`: see `RelatedMarkerTable`, 20 languages) and
/// splits them from the body.
///
/// A block is a marker line and the item lines after it.
///
/// - **The marker** begins its line (after spaces, `#` heading marks,
///   emphasis, a `>` quote or a `[` when the marker is a link's text) and is
///   matched case-, accent- and punctuation-insensitively; it is all of the
///   line but a separator (`:` `-` `–` `—` `»` `>` `|` `…`) and items on the
///   same line ("Read also: Bridge reopens", "**Related:**[Title](url)",
///   "Mehr zum Thema [A](u) [B](v)", "[Related: Title](url)"). A short
///   heading may add words after a "more" phrase ("### Most read in world
///   news"). Bulleted lines are never markers (navigation menus list
///   "Trending" and "Latest" as links). An inline marker (with items on its
///   line) takes only its own line and the link lines right after it.
///   A heading that is one link to a section of the site, without a
///   phrase (`### [Photo Gallery](https://x.com/photos)`), marks a "more"
///   block when at least two link items follow, all under that section's
///   path (`…/photos/…`).
/// - **Items**: lines of links (Markdown links, with link titles, escapes
///   and `<…>` destinations; HTML links; bare and relative URLs; "title –
///   url", "title (url)"), several per line; bulleted or numbered; and,
///   after a strong "related" marker only, plain headlines, one per line or
///   bulleted. Rank numbers ("1", "2.") between items belong to the block.
///   Images are never items; an empty link to a URL and the titled link to
///   the same URL are one item with the title.
/// - **Never items**: share, mail, print, login and comment links,
///   `javascript:` and other non-web schemes, fragment-only links, a site's
///   home page (`https://host/`), and pages whose path has a utility
///   segment (`/share`, `/email`, `/newsletters`, `/subscribe`, …). A line
///   of nothing but such links ends a block; a marker followed only by them
///   is not a block.
/// - **The block ends** at the first line of prose, at a line that is not an
///   item, at another marker, at two blank lines in a row (renderers write
///   them where a page's container ends), or after a blank line when plain
///   headlines would continue it. Single blank lines and rules between link
///   items are part of it.
/// - **Navigation menus** (most items one-segment section links with short
///   titles; under a "more" heading also links named after their last path
///   segment, `[Travel](/category/travel/)`) are not blocks. A "See more"
///   link below a heading that links to the same page closes that list and
///   starts no block.
/// - **Links** are read by the shared Markdown layer (``MarkdownScan``):
///   inline and reference links, titles, escapes, `<…>` destinations,
///   autolinks, HTML `<a href>`, images, and bare URLs.
///
/// Nothing is removed from the body but the marker line and the item lines
/// (and blank lines and rank numbers between them). Linear in the input's
/// length; invalid UTF-8 cannot reach it (a `String`); NUL bytes are
/// ordinary bytes; an empty text gives an empty body and no links.
///
/// ```swift
/// let r = try relatedLinks(in: "Body.\n\nRead also:\n- [Title](https://x.org/a?utm_source=y \"Go\")")
/// r.body            // "Body."
/// r.links[0].canonicalURL   // "https://x.org/a"
/// ```
public func relatedLinks(in text: String, baseURL: String? = nil) throws(GalleyError) -> RelatedLinks {
    try findRelatedLinks(in: text, baseURL: baseURL, makeBody: true)
}

/// ``relatedLinks(in:baseURL:)``; without `makeBody` the body is left
/// empty (the article pipeline cuts the blocks out by their byte ranges).
func findRelatedLinks(in text: String, baseURL: String?, makeBody: Bool) throws(GalleyError) -> RelatedLinks {
    var copy = text
    var found = copy.withUTF8 { buf in detectRelatedBlocks(buf) }
    var items: [(title: String?, url: String?, kind: RelatedKind, language: String, block: Int)] = []
    for (k, b) in found.enumerated() { for it in b.items { items.append((it.title, it.url, b.kind, b.language, k)) } }
    // A block none of whose items survives (no title left after
    // normalisation, no URL) is not a block: its lines stay in the body.
    var blockKept = [Bool](repeating: false, count: found.count)

    // Links, collapsed on canonical URL or title key. The base is parsed
    // once; when it is not a URL, absolute links still resolve and
    // relative ones fail with the base's reason.
    var links: [RelatedLink] = []
    var seen: [String: Int] = [:]
    let plan = CanonicalizationPlan(CanonicalizationOptions())
    var base: CanonicalBase? = nil
    var baseError: GalleyError? = nil
    if let baseURL, !items.isEmpty {
        var copy = baseURL
        copy.withUTF8 { bytes in
            do throws(GalleyError) { base = try CanonicalBase(parsing: bytes) } catch { baseError = error }
        }
    }
    var href: [UInt8] = []
    for (titleText, url, kind, language, block) in items {
        var link = RelatedLink()
        link.kind = kind
        if let titleText, !titleText.isEmpty {
            // The marker's language chooses how Cyrillic titles are romanised.
            let t = try LinkTitle(titleText, language: language)
            if !t.display.isEmpty { link.title = t }
        }
        if let url {
            link.url = url
            do throws(GalleyError) {
                // "www.example.com/a" is written for people: read it as https.
                var input = url.utf8.count >= 4 && url.utf8.prefix(4).map({ $0 | 0x20 }) == Array("www.".utf8)
                    ? "https://" + url : url
                href.removeAll(keepingCapacity: true)
                let result = input.withUTF8 { bytes in
                    Result { () throws(GalleyError) in
                        do throws(GalleyError) {
                            try appendCanonicalHref(bytes, base: base, plan: plan, to: &href)
                        } catch {
                            // Relative, and the base is not a URL: say why.
                            if let baseError, case .invalidArgument(let why) = error,
                               why.hasSuffix(noUsableBaseReason) { throw baseError }
                            throw error
                        }
                    }
                }
                try result.get()
                link.canonicalURL = String(decoding: href, as: UTF8.self)
            } catch {
                link.urlError = error.description
            }
        }
        guard link.title != nil || link.url != nil else { continue }
        blockKept[block] = true
        let key = link.canonicalURL.map { "u " + $0 } ?? link.title.map { "t " + $0.key } ?? "r " + (link.url ?? "")
        if let at = seen[key] {
            // An image link and the headline link to the same page: one item, with the title.
            if links[at].title == nil, let t = link.title { links[at].title = t }
            continue
        }
        seen[key] = links.count
        links.append(link)
    }
    if blockKept.contains(false) { found = zip(found, blockKept).filter { $0.1 }.map { $0.0 } }
    let body = makeBody ? copy.withUTF8 { buf in bodyWithout(found, buf) } : ""
    return RelatedLinks(body: body, links: links, blocks: found.map { $0.range }, blockKinds: found.map { $0.kind })
}

/// The text without the blocks, with the blank lines a block leaves behind
/// collapsed (at most one in a row, none at the end); the text itself when
/// there is no block.
func bodyWithout(_ blocks: [FoundBlock], _ buf: UnsafeBufferPointer<UInt8>) -> String {
    if blocks.isEmpty { return String(decoding: buf, as: UTF8.self) }
    let lines = splitLineRanges(buf)
    var out: [UInt8] = []
    out.reserveCapacity(buf.count)
    var blanks = 0
    var b = 0
    for line in lines {
        while b < blocks.count && blocks[b].range.upperBound <= line.start { b += 1 }
        if b < blocks.count && line.start >= blocks[b].range.lowerBound && line.start < blocks[b].range.upperBound {
            continue
        }
        if isBlankLine(buf, line.start, line.end) {
            if out.isEmpty { continue }
            blanks += 1
            if blanks > 1 { continue }
        } else {
            blanks = 0
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: buf[line.start..<line.next]))
    }
    // Trailing whitespace (ASCII, NEL, LS, PS, NBSP) removed; the text's
    // final line break kept.
    while let last = out.last {
        if isSpaceByte(last) { out.removeLast(); continue }
        let n = out.count
        if n >= 2, out[n - 2] == 0xC2, last == 0x85 || last == 0xA0 { out.removeLast(2); continue }
        if n >= 3, out[n - 3] == 0xE2, out[n - 2] == 0x80, last == 0xA8 || last == 0xA9 { out.removeLast(3); continue }
        break
    }
    if !out.isEmpty, let last = buf.last, last == 0x0A { out.append(0x0A) }
    return String(decoding: out, as: UTF8.self)
}

/// The first occurrence of `needle` in `haystack`.
func firstRange(of needle: [UInt8], in haystack: Substring.UTF8View) -> Range<Substring.UTF8View.Index>? {
    guard let first = needle.first else { return nil }
    var i = haystack.startIndex
    while let at = haystack[i...].firstIndex(of: first) {
        var j = at, k = 0
        while k < needle.count, j < haystack.endIndex, haystack[j] == needle[k] {
            j = haystack.index(after: j)
            k += 1
        }
        if k == needle.count { return at..<j }
        i = haystack.index(after: at)
    }
    return nil
}

/// Whether a whole item is one relative reference: "/path", "./path",
/// "../path" or "//host/path", without spaces ("/" alone or "1/2" is not).
func isRelativeURLItem(_ t: Substring) -> Bool {
    let b = t.utf8
    guard b.count > 1, let f = b.first, f == 0x2F || f == 0x2E else { return false }
    guard t.hasPrefix("/") || t.hasPrefix("./") || t.hasPrefix("../") else { return false }
    return !b.contains { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D } && !t.contains { $0.isWhitespace }
}
