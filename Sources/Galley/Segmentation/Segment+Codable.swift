// Codable for segments: `{"start", "end", "kind"}` with the kind's name,
// as the CLI and the Python binding name it.

extension Segment: Codable {
    enum CodingKeys: String, CodingKey {
        case start, end, kind
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(range.lowerBound, forKey: .start)
        try c.encode(range.upperBound, forKey: .end)
        try c.encode(kind, forKey: .kind)
    }

    /// Throws `DecodingError.dataCorrupted` when `end` is before `start`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let start = try c.decode(Int.self, forKey: .start), end = try c.decode(Int.self, forKey: .end)
        guard start <= end else {
            throw DecodingError.dataCorruptedError(forKey: .end, in: c, debugDescription: "end \(end) is before start \(start)")
        }
        self.init(range: start..<end, kind: try c.decodeIfPresent(WordKind.self, forKey: .kind) ?? .other)
    }
}

extension WordKind: Codable, NamedCase {
    static var codingDescription: String { "word kind" }

    /// Written by its ``name``: "letter", "number", "kana", "ideographic" or "other".
    public func encode(to encoder: any Encoder) throws { try encodeName(to: encoder) }

    public init(from decoder: any Decoder) throws { self = try Self.decodeName(from: decoder) }
}
