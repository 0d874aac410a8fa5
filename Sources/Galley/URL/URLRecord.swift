// The URL record of the WHATWG URL Standard and its serializer
// (https://url.spec.whatwg.org/#concept-url).

/// A parsed URL, as the standard's state machine builds it.
struct URLRecord {
    var scheme = ""
    var username = ""
    var password = ""
    var host: URLHost? = nil
    var port: Int? = nil
    /// The path segments (percent-encoded), unless the path is opaque.
    var path: [String] = []
    /// The opaque path ("mailto:x", "data:…"), when there is one.
    var opaquePath: String? = nil
    var query: String? = nil
    var fragment: String? = nil

    var hasOpaquePath: Bool { opaquePath != nil }
    var isSpecial: Bool { specialSchemeDefaultPort(scheme) != nil }
    var includesCredentials: Bool { !username.isEmpty || !password.isEmpty }

    /// "Shorten a URL's path": drop the last segment, except a lone
    /// normalized Windows drive letter of a file URL.
    mutating func shortenPath() {
        if scheme == "file", path.count == 1, isNormalizedWindowsDriveLetter(path[0]) { return }
        if !path.isEmpty { path.removeLast() }
    }

    var serializedPath: String {
        if let opaquePath { return opaquePath }
        var s = ""
        for segment in path {
            s += "/"
            s += segment
        }
        return s
    }

    /// The URL serializer.
    var href: String {
        var output = scheme + ":"
        if let host {
            output += "//"
            if includesCredentials {
                output += username
                if !password.isEmpty { output += ":" + password }
                output += "@"
            }
            output += host.serialized
            if let port { output += ":" + String(port) }
        } else if !hasOpaquePath, path.count > 1, path[0].isEmpty {
            // Keeps "web+demo:/.//not-a-host/" from reparsing with a host.
            output += "/."
        }
        output += serializedPath
        if let query { output += "?" + query }
        if let fragment { output += "#" + fragment }
        return output
    }
}

/// The special schemes: `.some(port)` with the default port (nil for
/// "file"), or nil for a non-special scheme.
func specialSchemeDefaultPort(_ scheme: String) -> Int?? {
    switch scheme {
    case "http", "ws": return .some(80)
    case "https", "wss": return .some(443)
    case "ftp": return .some(21)
    case "file": return .some(nil)
    default: return nil
    }
}

/// Two code points, an ASCII letter then ":" or "|".
func isWindowsDriveLetter<C: Collection<Unicode.Scalar>>(_ s: C) -> Bool {
    guard s.count == 2 else { return false }
    let second = s[s.index(after: s.startIndex)]
    return isASCIIAlpha(s.first!) && (second == ":" || second == "|")
}

/// An ASCII letter then ":".
func isNormalizedWindowsDriveLetter(_ s: String) -> Bool {
    let u = s.unicodeScalars
    return isWindowsDriveLetter(u) && u.last == ":"
}

/// Whether `s` starts with a Windows drive letter followed by nothing or by
/// "/", "\", "?" or "#".
func startsWithWindowsDriveLetter(_ s: ArraySlice<Unicode.Scalar>) -> Bool {
    guard s.count >= 2, isWindowsDriveLetter(s.prefix(2)) else { return false }
    if s.count == 2 { return true }
    let third = s[s.startIndex + 2]
    return third == "/" || third == "\\" || third == "?" || third == "#"
}
