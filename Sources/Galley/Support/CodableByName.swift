/// Enums written in records by their `name` ("exact", "letter", …) share one
/// Codable implementation: their `encode(to:)`/`init(from:)` call these.
/// (A protocol extension cannot provide them: Swift prefers the raw-value
/// Codable it synthesizes for enums with a raw type.)
protocol NamedCase: CaseIterable {
    /// Its name in records.
    var name: String { get }
    /// What a bad name is called in a decoding error ("duplicate kind").
    static var codingDescription: String { get }
}

extension NamedCase {
    func encodeName(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }

    static func decodeName(from decoder: any Decoder) throws -> Self {
        let c = try decoder.singleValueContainer()
        let name = try c.decode(String.self)
        guard let value = allCases.first(where: { $0.name == name }) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "unknown \(codingDescription) \"\(name)\"")
        }
        return value
    }
}
