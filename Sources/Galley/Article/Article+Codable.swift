// Codable and Equatable for the article and its parts. An Article encodes
// to the record `galley process` writes (``Article/json``): the same keys
// ("lang", "lang_detected", "span": [start, end], "canonical_url", ...) with
// the same values, similarity to four decimals, and decodes from it. The
// core has no Foundation: pair these with any Encoder (JSONEncoder from
// Foundation, a property-list or binary coder of your choice).

extension Article: Codable, Equatable {
    enum CodingKeys: String, CodingKey {
        case id, url, linkKey = "link_key", lang, langDetected = "lang_detected", paragraphs, related, counts
    }

    enum CountKeys: String, CodingKey {
        case bytes, paragraphs, sentences, duplicates, related
    }

    /// Encodes the article as its record (see ``json``): keys in the
    /// record's order, `url` null when absent, duplicates without
    /// ``DuplicateMatch/sequence`` (the record has none).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(url, forKey: .url)
        try c.encode(linkKey, forKey: .linkKey)
        try c.encode(language, forKey: .lang)
        try c.encode(languageDetected, forKey: .langDetected)
        try c.encode(paragraphs, forKey: .paragraphs)
        try c.encode(related, forKey: .related)
        var counts = c.nestedContainer(keyedBy: CountKeys.self, forKey: .counts)
        try counts.encode(inputBytes, forKey: .bytes)
        try counts.encode(paragraphs.count, forKey: .paragraphs)
        try counts.encode(sentenceCount, forKey: .sentences)
        try counts.encode(duplicateCount, forKey: .duplicates)
        try counts.encode(related.count, forKey: .related)
    }

    /// Decodes a record (``json``, a line of `galley process`); the counts
    /// but `bytes` are derived, so they are not read. A duplicate's
    /// ``DuplicateMatch/sequence`` is not in the record and reads -1.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let counts = try c.nestedContainer(keyedBy: CountKeys.self, forKey: .counts)
        self.init(id: try c.decode(String.self, forKey: .id),
                  url: try c.decodeIfPresent(String.self, forKey: .url),
                  linkKey: try c.decodeIfPresent(String.self, forKey: .linkKey),
                  language: try c.decode(String.self, forKey: .lang),
                  languageDetected: try c.decode(Bool.self, forKey: .langDetected),
                  paragraphs: try c.decode([ArticleParagraph].self, forKey: .paragraphs),
                  related: try c.decode([RelatedLink].self, forKey: .related),
                  inputBytes: try counts.decode(Int.self, forKey: .bytes))
    }

    /// Articles are equal when everything the record holds is: id, URL and its key,
    /// language (and whether it was detected), paragraphs, related links
    /// and input size.
    public static func == (a: Article, b: Article) -> Bool {
        a.id == b.id && a.url == b.url && a.linkKey == b.linkKey && a.language == b.language && a.languageDetected == b.languageDetected
            && a.paragraphs == b.paragraphs && a.related == b.related && a.inputBytes == b.inputBytes
    }
}

extension ArticleParagraph: Codable {
    enum CodingKeys: String, CodingKey {
        case text, span, sentences, duplicate
    }

    /// `{"text", "span": [start, end], "sentences": [[start, end], ...],
    /// "duplicate": null or {"id", "paragraph", "similarity", "kind"}}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(text, forKey: .text)
        try c.encode([span.lowerBound, span.upperBound], forKey: .span)
        try c.encode(sentences.map { [$0.lowerBound, $0.upperBound] }, forKey: .sentences)
        if let d = duplicate {
            var n = c.nestedContainer(keyedBy: DuplicateMatch.CodingKeys.self, forKey: .duplicate)
            try d.encodeFields(into: &n, sequence: false)
        } else {
            try c.encodeNil(forKey: .duplicate)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func range(_ pair: [Int], _ key: CodingKeys) throws -> Range<Int> {
            guard pair.count == 2, pair[0] <= pair[1] else {
                throw DecodingError.dataCorruptedError(forKey: key, in: c,
                                                       debugDescription: "expected [start, end] with start <= end")
            }
            return pair[0]..<pair[1]
        }
        self.init(text: try c.decode(String.self, forKey: .text),
                  span: try range(try c.decode([Int].self, forKey: .span), .span),
                  sentences: try c.decode([[Int]].self, forKey: .sentences).map { try range($0, .sentences) },
                  duplicate: try c.decodeIfPresent(DuplicateMatch.self, forKey: .duplicate))
    }
}

extension DuplicateMatch: Codable {
    enum CodingKeys: String, CodingKey {
        case id, paragraph, similarity, kind, sequence
    }

    /// `{"id", "paragraph", "similarity", "kind", "sequence"}`: the record's
    /// duplicate (Python's `Match.to_dict()`), similarity to four decimals.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try encodeFields(into: &c, sequence: true)
    }

    func encodeFields(into c: inout KeyedEncodingContainer<CodingKeys>, sequence withSequence: Bool) throws {
        try c.encode(documentID, forKey: .id)
        try c.encode(paragraph, forKey: .paragraph)
        try c.encode((similarity * 10_000).rounded() / 10_000, forKey: .similarity)
        try c.encode(kind, forKey: .kind)
        if withSequence { try c.encode(sequence, forKey: .sequence) }
    }

    /// Reads `sequence` as -1 when absent (an article record has none).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(documentID: try c.decode(String.self, forKey: .id),
                  paragraph: try c.decode(Int.self, forKey: .paragraph),
                  sequence: try c.decodeIfPresent(Int64.self, forKey: .sequence) ?? -1,
                  similarity: try c.decode(Double.self, forKey: .similarity),
                  kind: try c.decode(DuplicateKind.self, forKey: .kind))
    }
}

extension DuplicateKind: Codable, NamedCase {
    static var codingDescription: String { "duplicate kind" }

    /// Written by its ``name``: "exact", "near" or "contained".
    public func encode(to encoder: any Encoder) throws { try encodeName(to: encoder) }

    public init(from decoder: any Decoder) throws { self = try Self.decodeName(from: decoder) }
}

extension RelatedLink: Codable {
    enum CodingKeys: String, CodingKey {
        case title, key, slug, url, canonicalURL = "canonical_url", error, kind
    }

    /// `{"title", "key", "slug", "url", "canonical_url", "error", "kind"}`, the
    /// title's three forms flattened as in the record (null for a bare URL).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title?.display, forKey: .title)
        try c.encode(title?.key, forKey: .key)
        try c.encode(title?.slug, forKey: .slug)
        try c.encode(url, forKey: .url)
        try c.encode(canonicalURL, forKey: .canonicalURL)
        try c.encode(urlError, forKey: .error)
        try c.encode(kind.rawValue, forKey: .kind)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var title: LinkTitle? = nil
        if let display = try c.decodeIfPresent(String.self, forKey: .title) {
            title = LinkTitle(display: display, key: try c.decodeIfPresent(String.self, forKey: .key) ?? "",
                              slug: try c.decodeIfPresent(String.self, forKey: .slug) ?? "")
        }
        self.init(title: title, url: try c.decodeIfPresent(String.self, forKey: .url),
                  canonicalURL: try c.decodeIfPresent(String.self, forKey: .canonicalURL),
                  urlError: try c.decodeIfPresent(String.self, forKey: .error))
        if let raw = try c.decodeIfPresent(String.self, forKey: .kind) {
            guard let kind = RelatedKind(rawValue: raw) else {
                throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown related kind \"\(raw)\"")
            }
            self.kind = kind
        }
    }
}

extension LinkTitle: Codable {
    enum CodingKeys: String, CodingKey {
        case display, key, slug
    }

    /// A title from its three forms as they were computed (no cleaning).
    init(display: String, key: String, slug: String) {
        self.display = display
        self.key = key
        self.slug = slug
    }

    /// `{"display", "key", "slug"}`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(display, forKey: .display)
        try c.encode(key, forKey: .key)
        try c.encode(slug, forKey: .slug)
    }

    /// Reads the three forms as they are (they are not recomputed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(display: try c.decode(String.self, forKey: .display), key: try c.decode(String.self, forKey: .key),
                  slug: try c.decode(String.self, forKey: .slug))
    }
}
