/// A URL parsed by the WHATWG URL Standard's basic URL parser
/// (https://url.spec.whatwg.org/), the way browsers parse the links that
/// Galley finds in scraped pages. The components are the standard's API
/// getters (`URL.prototype.href` and friends).
///
/// ```swift
/// let url = try WebURL(parsing: "../b?x#y", base: "https://Example.COM:443/a/c")
/// url.href      // "https://example.com/b?x#y"
/// url.hostname  // "example.com"
/// ```
///
/// Internationalized domains go through UTS #46 (ICU) in nontransitional
/// mode; hosts are serialized in ASCII ("xn--…").
public struct WebURL: Sendable, Hashable, CustomStringConvertible {
    /// The whole URL, serialized.
    public let href: String
    /// The scheme and ":" ("https:").
    public let `protocol`: String
    /// The username, percent-encoded ("" when absent).
    public let username: String
    /// The password, percent-encoded ("" when absent).
    public let password: String
    /// The host and, when it is not the scheme's default, ":" and the port.
    public let host: String
    /// The host alone ("[::1]" for IPv6, "" when absent).
    public let hostname: String
    /// The port in decimal, "" when absent or the scheme's default.
    public let port: String
    /// The path ("/a/b", or the opaque path of "mailto:x").
    public let pathname: String
    /// "?" and the query, or "" when the query is absent or empty.
    public let search: String
    /// "#" and the fragment, or "" when the fragment is absent or empty.
    public let hash: String

    /// Parses `input`, relative to `base` when it is given (the base is
    /// parsed first and must itself be a valid absolute URL).
    ///
    /// - Throws: `GalleyError.invalidArgument` with the reason when either
    ///   fails to parse; `.icu` if ICU fails while converting a domain.
    public init(parsing input: String, base: String? = nil) throws(GalleyError) {
        var baseRecord: URLRecord? = nil
        if let base {
            do {
                baseRecord = try parseURLRecord(base, base: nil)
            } catch .invalidArgument(let reason) {
                throw .invalidArgument("base URL: " + reason)
            }
        }
        self.init(record: try parseURLRecord(input, base: baseRecord))
    }

    init(record url: URLRecord) {
        href = url.href
        `protocol` = url.scheme + ":"
        username = url.username
        password = url.password
        hostname = url.host?.serialized ?? ""
        port = url.port.map { String($0) } ?? ""
        host = url.host == nil ? "" : (port.isEmpty ? hostname : hostname + ":" + port)
        pathname = url.serializedPath
        search = (url.query ?? "").isEmpty ? "" : "?" + url.query!
        hash = (url.fragment ?? "").isEmpty ? "" : "#" + url.fragment!
    }

    public var description: String { href }

    /// Two URLs are equal when their serializations are.
    public static func == (a: WebURL, b: WebURL) -> Bool { a.href == b.href }
    public func hash(into hasher: inout Hasher) { hasher.combine(href) }
}
