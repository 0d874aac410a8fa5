// The WHATWG URL Standard's basic URL parser
// (https://url.spec.whatwg.org/#concept-basic-url-parser), without state
// override (Galley parses URLs; it has no setters). Validation errors that
// are not failures are not reported.

private enum URLParserState {
    case schemeStart, scheme, noScheme
    case specialRelativeOrAuthority, pathOrAuthority, relative, relativeSlash
    case specialAuthoritySlashes, specialAuthorityIgnoreSlashes, authority
    case host, port
    case file, fileSlash, fileHost
    case pathStart, path, opaquePath
    case query, fragment
}

/// Why a relative reference fails without a (usable) base.
let noUsableBaseReason = "no scheme and no usable base URL"

private func fail(_ reason: String) -> GalleyError { .invalidArgument("invalid URL: " + reason) }

/// Whether `s` is "." or "%2e" (any case).
private func isSingleDot(_ s: [Unicode.Scalar]) -> Bool {
    switch s.count {
    case 1: return s[0] == "."
    case 3: return s[0] == "%" && s[1] == "2" && (s[2] == "e" || s[2] == "E")
    default: return false
    }
}

/// Whether `s` is "..", ".%2e", "%2e." or "%2e%2e" (any case).
private func isDoubleDot(_ s: [Unicode.Scalar]) -> Bool {
    switch s.count {
    case 2: return s[0] == "." && s[1] == "."
    case 4: return (isSingleDot(Array(s[0..<1])) && isSingleDot(Array(s[1..<4])))
        || (isSingleDot(Array(s[0..<3])) && isSingleDot(Array(s[3..<4])))
    case 6: return isSingleDot(Array(s[0..<3])) && isSingleDot(Array(s[3..<6]))
    default: return false
    }
}

@inline(__always) private func lowercased(_ c: Unicode.Scalar) -> Unicode.Scalar {
    c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(UInt8(c.value) | 0x20) : c
}

/// The basic URL parser: `input` against an already parsed `base`.
func parseURLRecord(_ input: String, base: URLRecord?) throws(GalleyError) -> URLRecord {
    // Strip leading and trailing C0 controls and spaces; drop every tab and newline.
    var scalars = input.unicodeScalars[...]
    while let f = scalars.first, f.value <= 0x20 { scalars = scalars.dropFirst() }
    while let l = scalars.last, l.value <= 0x20 { scalars = scalars.dropLast() }
    let s = Array(scalars).filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }

    var url = URLRecord()
    var state = URLParserState.schemeStart
    var buffer: [Unicode.Scalar] = []
    var atSignSeen = false, insideBrackets = false, passwordTokenSeen = false
    var p = 0

    func at(_ i: Int) -> Unicode.Scalar? { i >= 0 && i < s.count ? s[i] : nil }
    func remaining() -> ArraySlice<Unicode.Scalar> { p + 1 < s.count ? s[(p + 1)...] : [] }
    func fromPointer() -> ArraySlice<Unicode.Scalar> { p < s.count ? s[p...] : [] }

    while true {
        let c = at(p)
        switch state {
        case .schemeStart:
            if let c, isASCIIAlpha(c) {
                buffer.append(lowercased(c))
                state = .scheme
            } else {
                state = .noScheme
                p -= 1
            }

        case .scheme:
            if let c, isASCIIAlpha(c) || isASCIIDigit(c) || c == "+" || c == "-" || c == "." {
                buffer.append(lowercased(c))
            } else if c == ":" {
                url.scheme = String(String.UnicodeScalarView(buffer))
                buffer = []
                if url.scheme == "file" {
                    state = .file
                } else if url.isSpecial, let base, base.scheme == url.scheme {
                    state = .specialRelativeOrAuthority
                } else if url.isSpecial {
                    state = .specialAuthoritySlashes
                } else if remaining().first == "/" {
                    state = .pathOrAuthority
                    p += 1
                } else {
                    url.opaquePath = ""
                    state = .opaquePath
                }
            } else {
                buffer = []
                state = .noScheme
                p = -1
            }

        case .noScheme:
            guard let base, !base.hasOpaquePath || c == "#" else {
                throw fail(noUsableBaseReason)
            }
            if base.hasOpaquePath {
                url.scheme = base.scheme
                url.opaquePath = base.opaquePath
                url.query = base.query
                url.fragment = ""
                state = .fragment
            } else {
                state = base.scheme == "file" ? .file : .relative
                p -= 1
            }

        case .specialRelativeOrAuthority:
            if c == "/", remaining().first == "/" {
                state = .specialAuthorityIgnoreSlashes
                p += 1
            } else {
                state = .relative
                p -= 1
            }

        case .pathOrAuthority:
            if c == "/" {
                state = .authority
            } else {
                state = .path
                p -= 1
            }

        case .relative:
            let base = base!
            url.scheme = base.scheme
            if c == "/" || (url.isSpecial && c == "\\") {
                state = .relativeSlash
            } else {
                url.username = base.username
                url.password = base.password
                url.host = base.host
                url.port = base.port
                url.path = base.path
                url.query = base.query
                if c == "?" {
                    url.query = ""
                    state = .query
                } else if c == "#" {
                    url.fragment = ""
                    state = .fragment
                } else if c != nil {
                    url.query = nil
                    url.shortenPath()
                    state = .path
                    p -= 1
                }
            }

        case .relativeSlash:
            if url.isSpecial && (c == "/" || c == "\\") {
                state = .specialAuthorityIgnoreSlashes
            } else if c == "/" {
                state = .authority
            } else {
                let base = base!
                url.username = base.username
                url.password = base.password
                url.host = base.host
                url.port = base.port
                state = .path
                p -= 1
            }

        case .specialAuthoritySlashes:
            state = .specialAuthorityIgnoreSlashes
            if c == "/", remaining().first == "/" { p += 1 } else { p -= 1 }

        case .specialAuthorityIgnoreSlashes:
            if c != "/" && c != "\\" {
                state = .authority
                p -= 1
            }

        case .authority:
            if c == "@" {
                if atSignSeen { buffer.insert(contentsOf: ["%", "4", "0"], at: 0) }
                atSignSeen = true
                for cp in buffer {
                    if cp == ":" && !passwordTokenSeen {
                        passwordTokenSeen = true
                        continue
                    }
                    if passwordTokenSeen {
                        percentEncode(cp, .userinfo, into: &url.password)
                    } else {
                        percentEncode(cp, .userinfo, into: &url.username)
                    }
                }
                buffer = []
            } else if c == nil || c == "/" || c == "?" || c == "#" || (url.isSpecial && c == "\\") {
                if atSignSeen && buffer.isEmpty { throw fail("credentials without a host") }
                p -= buffer.count + 1
                buffer = []
                state = .host
            } else {
                buffer.append(c!)
            }

        case .host:
            if c == ":" && !insideBrackets {
                if buffer.isEmpty { throw fail("port without a host") }
                url.host = try parseHost(buffer[...], isOpaque: !url.isSpecial)
                buffer = []
                state = .port
            } else if c == nil || c == "/" || c == "?" || c == "#" || (url.isSpecial && c == "\\") {
                p -= 1
                if url.isSpecial && buffer.isEmpty { throw fail("special URL without a host") }
                url.host = try parseHost(buffer[...], isOpaque: !url.isSpecial)
                buffer = []
                state = .pathStart
            } else {
                if c == "[" { insideBrackets = true }
                if c == "]" { insideBrackets = false }
                buffer.append(c!)
            }

        case .port:
            if let c, isASCIIDigit(c) {
                buffer.append(c)
            } else if c == nil || c == "/" || c == "?" || c == "#" || (url.isSpecial && c == "\\") {
                if !buffer.isEmpty {
                    var port = 0
                    for d in buffer {
                        port = port * 10 + Int(d.value - 0x30)
                        if port > 65535 { throw fail("port out of range") }
                    }
                    url.port = specialSchemeDefaultPort(url.scheme) == .some(port) ? nil : port
                    buffer = []
                }
                state = .pathStart
                p -= 1
            } else {
                throw fail("invalid code point in port")
            }

        case .file:
            url.scheme = "file"
            url.host = .empty
            if c == "/" || c == "\\" {
                state = .fileSlash
            } else if let base, base.scheme == "file" {
                url.host = base.host
                url.path = base.path
                url.query = base.query
                if c == "?" {
                    url.query = ""
                    state = .query
                } else if c == "#" {
                    url.fragment = ""
                    state = .fragment
                } else if c != nil {
                    url.query = nil
                    if !startsWithWindowsDriveLetter(fromPointer()) {
                        url.shortenPath()
                    } else {
                        url.path = []
                    }
                    state = .path
                    p -= 1
                }
            } else {
                state = .path
                p -= 1
            }

        case .fileSlash:
            if c == "/" || c == "\\" {
                state = .fileHost
            } else {
                if let base, base.scheme == "file" {
                    url.host = base.host
                    if !startsWithWindowsDriveLetter(fromPointer()),
                       let first = base.path.first, isNormalizedWindowsDriveLetter(first) {
                        url.path.append(first)
                    }
                }
                state = .path
                p -= 1
            }

        case .fileHost:
            if c == nil || c == "/" || c == "\\" || c == "?" || c == "#" {
                p -= 1
                if isWindowsDriveLetter(buffer) {
                    // The buffer is the path's first segment (the path state takes it).
                    state = .path
                } else if buffer.isEmpty {
                    url.host = .empty
                    state = .pathStart
                } else {
                    var host = try parseHost(buffer[...], isOpaque: !url.isSpecial)
                    if host == .domain("localhost") { host = .empty }
                    url.host = host
                    buffer = []
                    state = .pathStart
                }
            } else {
                buffer.append(c!)
            }

        case .pathStart:
            if url.isSpecial {
                state = .path
                if c != "/" && c != "\\" { p -= 1 }
            } else if c == "?" {
                url.query = ""
                state = .query
            } else if c == "#" {
                url.fragment = ""
                state = .fragment
            } else if c != nil {
                state = .path
                if c != "/" { p -= 1 }
            }

        case .path:
            let slash = c == "/" || (url.isSpecial && c == "\\")
            if c == nil || slash || c == "?" || c == "#" {
                if isDoubleDot(buffer) {
                    url.shortenPath()
                    if !slash { url.path.append("") }
                } else if isSingleDot(buffer) {
                    if !slash { url.path.append("") }
                } else {
                    if url.scheme == "file", url.path.isEmpty, isWindowsDriveLetter(buffer) {
                        buffer[1] = ":"
                    }
                    url.path.append(String(String.UnicodeScalarView(buffer)))
                }
                buffer = []
                if c == "?" {
                    url.query = ""
                    state = .query
                } else if c == "#" {
                    url.fragment = ""
                    state = .fragment
                }
            } else {
                // Percent-encode now; the dot-segment checks above compare
                // the encoded text, which the path set leaves as it is.
                var encoded = ""
                percentEncode(c!, .path, into: &encoded)
                buffer.append(contentsOf: encoded.unicodeScalars)
            }

        case .opaquePath:
            if c == "?" {
                url.query = ""
                state = .query
            } else if c == "#" {
                url.fragment = ""
                state = .fragment
            } else if c == " " {
                let next = remaining().first
                url.opaquePath! += (next == "?" || next == "#") ? "%20" : " "
            } else if let c {
                percentEncode(c, .c0Control, into: &url.opaquePath!)
            }

        case .query:
            if c == "#" {
                url.fragment = ""
                state = .fragment
            } else if let c {
                percentEncode(c, url.isSpecial ? .specialQuery : .query, into: &url.query!)
            }

        case .fragment:
            if let c { percentEncode(c, .fragment, into: &url.fragment!) }
        }

        if p >= s.count { break }
        p += 1
    }
    return url
}
