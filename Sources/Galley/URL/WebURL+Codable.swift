// Codable for parsed URLs: every component by its WHATWG API name
// ({"href", "protocol", "username", ..., "hash"}); decoding parses `href`
// again, so a decoded WebURL is always a valid one.

extension WebURL: Codable {
    enum CodingKeys: String, CodingKey {
        case href, `protocol`, username, password, host, hostname, port, pathname, search, hash
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(href, forKey: .href)
        try c.encode(`protocol`, forKey: .protocol)
        try c.encode(username, forKey: .username)
        try c.encode(password, forKey: .password)
        try c.encode(host, forKey: .host)
        try c.encode(hostname, forKey: .hostname)
        try c.encode(port, forKey: .port)
        try c.encode(pathname, forKey: .pathname)
        try c.encode(search, forKey: .search)
        try c.encode(hash, forKey: .hash)
    }

    /// Parses `href` (the other keys are not read); throws
    /// `DecodingError.dataCorrupted` with the parser's reason when it is not
    /// a valid absolute URL.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let href = try c.decode(String.self, forKey: .href)
        do { try self.init(parsing: href) } catch {
            throw DecodingError.dataCorruptedError(forKey: .href, in: c, debugDescription: error.description)
        }
    }
}
