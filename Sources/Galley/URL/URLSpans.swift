// One URL in, its href and where each component lies in it out: the form
// behind galley_url_write(), so that a caller who pays per crossing (Python)
// gets a URL with one call and slices the components it asks for, instead
// of fetching ten strings.

/// The href of a parsed or canonicalized URL and the byte range of each
/// component in it (the href is ASCII, so these are also character
/// offsets).
package struct URLSpans {
    /// `[start, end)` of each component, indexed like galley_url_part:
    /// 0 href, 1 protocol, 2 username, 3 password, 4 host, 5 hostname,
    /// 6 port, 7 pathname, 8 search, 9 hash. An absent component is an
    /// empty range.
    package var ranges: [(Int, Int)] = Array(repeating: (0, 0), count: 10)
}

extension URLRecord {
    /// The href, as ``href`` serializes it, and the ranges of the
    /// components that ``WebURL`` reports.
    func hrefWithSpans() -> (String, URLSpans) {
        var spans = URLSpans()
        var output = scheme + ":"
        spans.ranges[1] = (0, output.utf8.count)
        if let host {
            output += "//"
            let userStart = output.utf8.count
            var userEnd = userStart, passStart = userStart, passEnd = userStart
            if includesCredentials {
                output += username
                userEnd = output.utf8.count
                passStart = userEnd
                passEnd = userEnd
                if !password.isEmpty {
                    output += ":"
                    passStart = output.utf8.count
                    output += password
                    passEnd = output.utf8.count
                }
                output += "@"
            }
            spans.ranges[2] = (userStart, userEnd)
            spans.ranges[3] = (passStart, passEnd)
            let hostStart = output.utf8.count
            output += host.serialized
            let hostEnd = output.utf8.count
            spans.ranges[5] = (hostStart, hostEnd)
            spans.ranges[6] = (hostEnd, hostEnd)
            if let port {
                output += ":" + String(port)
                spans.ranges[6] = (hostEnd + 1, output.utf8.count)
            }
            spans.ranges[4] = (hostStart, output.utf8.count)
        } else {
            let end = output.utf8.count
            for i in 2...6 { spans.ranges[i] = (end, end) }
            if !hasOpaquePath, path.count > 1, path[0].isEmpty { output += "/." }
        }
        let pathStart = output.utf8.count
        output += serializedPath
        spans.ranges[7] = (pathStart, output.utf8.count)
        var end = output.utf8.count
        spans.ranges[8] = (end, end)
        if let query {
            output += "?" + query
            if !query.isEmpty { spans.ranges[8] = (end, output.utf8.count) }
        }
        end = output.utf8.count
        spans.ranges[9] = (end, end)
        if let fragment {
            output += "#" + fragment
            if !fragment.isEmpty { spans.ranges[9] = (end, output.utf8.count) }
        }
        spans.ranges[0] = (0, output.utf8.count)
        return (output, spans)
    }
}

/// What ``writeURL(_:base:canonical:spans:to:)`` writes.
package enum URLWriteMode {
    /// The URL as parsed (``WebURL/href``).
    case parsed
    /// Its canonical form or match key (``canonicalURL(_:base:options:)``).
    case canonical(CanonicalizationOptions)
}

/// Default plans, built once: the common calls do not recompile the lists.
private let defaultCanonicalPlan = CanonicalizationPlan(CanonicalizationOptions())
private let defaultKeyPlan = CanonicalizationPlan(.matchKey)

/// Appends the href of `input` (valid UTF-8), relative to `base` (valid
/// UTF-8; nil for none), parsed or canonicalized, to `out`, and returns the
/// components' ranges (relative to the href's start) when `spans` is set.
/// On failure `out` is unchanged and the reason is thrown, as
/// ``WebURL/init(parsing:base:)`` and ``canonicalURL(_:base:options:)``
/// throw it.
package func writeURL(_ input: UnsafeBufferPointer<UInt8>, base: UnsafeBufferPointer<UInt8>?, mode: URLWriteMode,
                      spans: Bool, to out: inout [UInt8]) throws(GalleyError) -> URLSpans? {
    switch mode {
    case .parsed:
        var baseRecord: URLRecord? = nil
        var fastBase: FastURLBase? = nil
        if let base {
            do {
                baseRecord = try parseAbsoluteURLRecord(base)
            } catch .invalidArgument(let reason) {
                throw .invalidArgument("base URL: " + reason)
            }
            fastBase = baseRecord.flatMap(FastURLBase.init)
        }
        // The common shapes in one pass (URLFastPath.swift); the rest, and
        // every failure, through the full parser.
        let start = out.count
        if (base == nil || fastBase != nil) && appendFastParsedHref(input, base: fastBase, to: &out) {
            guard spans else { return nil }
            return out[start...].withUnsafeBufferPointer(fastHrefSpans)
        }
        let record = try parseURLRecord(String(decoding: input, as: UTF8.self), base: baseRecord)
        if !spans {
            out.append(contentsOf: record.href.utf8)
            return nil
        }
        let (href, s) = record.hrefWithSpans()
        out.append(contentsOf: href.utf8)
        return s
    case .canonical(let options):
        let plan: CanonicalizationPlan
        if options.isDefault(matchKey: false) {
            plan = defaultCanonicalPlan
        } else if options.isDefault(matchKey: true) {
            plan = defaultKeyPlan
        } else {
            plan = CanonicalizationPlan(options)
        }
        let canonicalBase = try base.map { (b) throws(GalleyError) in try CanonicalBase(parsing: b) }
        let start = out.count
        try appendCanonicalHref(input, base: canonicalBase, plan: plan, to: &out)
        guard spans else { return nil }
        let href = out[start...]
        let record = href.withUnsafeBufferPointer(recordOfFastHref)
            ?? (try? parseURLRecord(String(decoding: href, as: UTF8.self), base: nil))
        guard let record else { return nil }
        return record.hrefWithSpans().1
    }
}

extension CanonicalizationOptions {
    static let defaultSessionPathParameters = ["jsessionid"]

    /// Whether these are the default options (of the canonical URL or of the
    /// match key), the lists compared by identity first.
    func isDefault(matchKey key: Bool) -> Bool {
        dropFragment && sortQuery && keepHashbangFragments && matchKey == key
            && trackingParameters == Self.defaultTrackingParameters
            && hostTrackingParameters == Self.defaultHostTrackingParameters
            && sessionPathParameters == Self.defaultSessionPathParameters
    }
}
