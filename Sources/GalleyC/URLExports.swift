// The URL part of the C ABI (include/galley.h): conversion only; parsing
// is Galley's WebURL.

import CGalley
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed URL's components as NUL-terminated strings.
final class URLBox {
    private var parts: [UnsafeMutablePointer<CChar>?]
    private var lengths: [Int]

    init(_ url: WebURL) {
        let values = [url.href, url.protocol, url.username, url.password, url.host, url.hostname,
                      url.port, url.pathname, url.search, url.hash]
        let copies = values.map { mallocCopy($0) }
        parts = copies.map { $0?.0 }
        lengths = copies.map { $0?.1 ?? 0 }
    }

    deinit {
        for p in parts { free(p) }
    }

    func part(_ i: Int32) -> (UnsafePointer<CChar>, Int)? {
        guard i >= 0 && i <= 9 else { return nil }
        guard let p = parts[Int(i)] else { return nil }
        return (UnsafePointer(p), lengths[Int(i)])
    }
}

/// Reads C text as a String; nil (with a reason) when NULL with a length or not UTF-8.
func cString(_ p: UnsafePointer<CChar>?, _ len: UInt, _ what: String) -> Result<String, GalleyError> {
    guard let bytes = textBuffer(p, len) else { return .failure(.invalidArgument("\(what) is NULL with a length")) }
    do { try UTF8Validation.validate(bytes) } catch { return .failure(error) }
    return .success(String(decoding: bytes, as: UTF8.self))
}

/// The shared body of galley_url_parse and galley_url_canonicalize: reads
/// the input and base, runs `make`, and stores the URL in *out, or records
/// why it failed (*out stays NULL).
private func produceURL(_ input: UnsafePointer<CChar>?, _ len: UInt, _ base: UnsafePointer<CChar>?,
                        _ baseLen: UInt, _ out: UnsafeMutablePointer<OpaquePointer?>,
                        _ make: (String, String?) throws(GalleyError) -> WebURL) -> galley_status {
    let text: String
    switch cString(input, len, "the URL") {
    case .success(let t): text = t
    case .failure(let e): return fail(e)
    }
    var baseText: String? = nil
    if base != nil || baseLen > 0 {
        switch cString(base, baseLen, "the base URL") {
        case .success(let t): baseText = t
        case .failure(let e): return fail(e, message: "base URL: \(e.description)")
        }
    }
    do {
        out.pointee = retainHandle(URLBox(try make(text, baseText)))
        return ok()
    } catch {
        return fail(error)
    }
}

@c public func galley_url_parse(_ input: UnsafePointer<CChar>?, _ len: UInt,
                                _ base: UnsafePointer<CChar>?, _ baseLen: UInt,
                                _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    return produceURL(input, len, base, baseLen, out) { (text, base) throws(GalleyError) in
        try WebURL(parsing: text, base: base)
    }
}

let canonicalOptionsV1Size = MemoryLayout<galley_canonical_options>.size

@c public func galley_canonical_options_init(_ options: UnsafeMutablePointer<galley_canonical_options>?,
                                             _ size: UInt) {
    initializeOptions(options, size: size, firstVersionSize: canonicalOptionsV1Size,
                      defaults: galley_canonical_options(size: canonicalOptionsV1Size, flags: 0, reserved: 0,
                                                         tracking: nil, tracking_count: 0))
}

/// Reads galley_canonical_options (NULL: the defaults), or says what is wrong with them.
private func canonicalizationOptions(_ options: UnsafePointer<galley_canonical_options>?)
    -> Result<CanonicalizationOptions, GalleyError>
{
    func invalid(_ why: String) -> Result<CanonicalizationOptions, GalleyError> { .failure(.invalidArgument(why)) }
    var canonical = CanonicalizationOptions()
    guard let o = options?.pointee else { return .success(canonical) }
    guard o.size == canonicalOptionsV1Size, o.reserved == 0 else { return invalid("bad options size or reserved field") }
    let known = Int32(GALLEY_CANONICAL_KEEP_FRAGMENT) | Int32(GALLEY_CANONICAL_KEEP_ORDER)
        | Int32(GALLEY_CANONICAL_MATCH_KEY) | Int32(GALLEY_CANONICAL_DROP_HASHBANG)
    guard o.flags & ~known == 0 else { return invalid("unknown flags \(o.flags)") }
    canonical.dropFragment = o.flags & Int32(GALLEY_CANONICAL_KEEP_FRAGMENT) == 0
    canonical.sortQuery = o.flags & Int32(GALLEY_CANONICAL_KEEP_ORDER) == 0
    canonical.matchKey = o.flags & Int32(GALLEY_CANONICAL_MATCH_KEY) != 0
    canonical.keepHashbangFragments = o.flags & Int32(GALLEY_CANONICAL_DROP_HASHBANG) == 0
    if let list = o.tracking {
        guard o.tracking_count < UInt(Int32.max) else { return invalid("tracking_count is too large") }
        var names: [String] = []
        for i in 0..<Int(o.tracking_count) {
            guard let p = list[i], let name = String(validatingCString: p) else {
                return invalid("tracking name \(i) is NULL or not UTF-8")
            }
            names.append(name)
        }
        canonical.trackingParameters = names
    } else if o.tracking_count != 0 {
        return invalid("tracking is NULL with a count")
    }
    return .success(canonical)
}

@c public func galley_url_canonicalize(_ options: UnsafePointer<galley_canonical_options>?,
                                       _ input: UnsafePointer<CChar>?, _ len: UInt,
                                       _ base: UnsafePointer<CChar>?, _ baseLen: UInt,
                                       _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    let canonical: CanonicalizationOptions
    switch canonicalizationOptions(options) {
    case .success(let o): canonical = o
    case .failure(let e): return fail(e)
    }
    return produceURL(input, len, base, baseLen, out) { (text, base) throws(GalleyError) in
        try canonicalURL(text, base: base, options: canonical)
    }
}

// MARK: - Many URLs

/// A batch's hrefs ("\n" after each) and its failures' reasons as C strings.
final class URLListBox {
    let list: CanonicalURLList
    /// text with a NUL after it, for galley_url_list_text().
    let text: UnsafeMutablePointer<UInt8>
    let errors: [Int: UnsafeMutablePointer<CChar>]

    init?(_ list: CanonicalURLList) {
        guard let text = malloc(list.text.count + 1)?.assumingMemoryBound(to: UInt8.self) else { return nil }
        list.text.withUnsafeBufferPointer { text.initialize(from: $0.baseAddress!, count: $0.count) }
        text[list.text.count] = 0
        self.text = text
        self.list = list
        errors = list.failures.compactMapValues { mallocCopy($0)?.0 }
    }

    deinit {
        free(text)
        for p in errors.values { free(p) }
    }
}

/// `offsetsArray`, or why not.
private func offsetsBuffer(_ offsets: UnsafePointer<UInt>?, _ count: UInt, _ what: String)
    -> Result<UnsafeBufferPointer<Int>, GalleyError>
{
    guard let b = offsetsArray(offsets, count) else {
        return .failure(.invalidArgument("\(what) offsets are NULL with a count, too large, or decreasing"))
    }
    return .success(b)
}

@c public func galley_url_canonicalize_many(_ options: UnsafePointer<galley_canonical_options>?,
                                            _ urls: UnsafePointer<CChar>?, _ offsets: UnsafePointer<UInt>?,
                                            _ count: UInt, _ bases: UnsafePointer<CChar>?,
                                            _ baseOffsets: UnsafePointer<UInt>?, _ baseCount: UInt,
                                            _ baseIndex: UnsafePointer<Int32>?,
                                            _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    let urlOffsets: UnsafeBufferPointer<Int>, baseOffsetsBuffer: UnsafeBufferPointer<Int>
    do {
        urlOffsets = try offsetsBuffer(offsets, count, "URL").get()
        baseOffsetsBuffer = try offsetsBuffer(baseOffsets, baseCount, "base").get()
    } catch {
        return fail(error)
    }
    guard let urlBytes = textBuffer(urls, UInt(urlOffsets.last ?? 0)),
          let baseBytes = textBuffer(bases, UInt(baseOffsetsBuffer.last ?? 0)) else {
        return invalidArgument("NULL urls or bases with a length")
    }
    return canonicalizeBatch(options, urlBytes, urlOffsets, count, baseBytes, baseOffsetsBuffer, baseCount,
                             baseIndex, out)
}

/// The checks and the call shared by the batch entry points, once the
/// items are laid out as bytes + offsets.
private func canonicalizeBatch(_ options: UnsafePointer<galley_canonical_options>?,
                               _ urlBytes: UnsafeBufferPointer<UInt8>, _ urlOffsets: UnsafeBufferPointer<Int>,
                               _ count: UInt, _ baseBytes: UnsafeBufferPointer<UInt8>,
                               _ baseOffsets: UnsafeBufferPointer<Int>, _ baseCount: UInt,
                               _ baseIndex: UnsafePointer<Int32>?,
                               _ out: UnsafeMutablePointer<OpaquePointer?>) -> galley_status {
    let canonical: CanonicalizationOptions
    switch canonicalizationOptions(options) {
    case .success(let o): canonical = o
    case .failure(let e): return fail(e)
    }
    var indexBuffer: UnsafeBufferPointer<Int32>? = nil
    if let baseIndex {
        let b = UnsafeBufferPointer(start: baseIndex, count: Int(count))
        if let bad = b.firstIndex(where: { $0 < -1 || Int($0) >= Int(baseCount) }) {
            return fail(.invalidArgument("base_index[\(bad)] = \(b[bad]) is out of range"), item: bad)
        }
        indexBuffer = b
    } else if baseCount > 1 {
        return invalidArgument("\(baseCount) bases without base_index")
    }
    let batch = URLBatch(urls: urlBytes, urlOffsets: urlOffsets, bases: baseBytes,
                         baseOffsets: baseOffsets, baseIndex: indexBuffer)
    guard let box = URLListBox(canonicalizeMany(batch, options: canonical)) else {
        return fail(.outOfMemory)
    }
    out.pointee = retainHandle(box)
    return ok()
}

/// The byte offsets (count + 1 entries) of `count` items laid end to end in
/// `text`, from their lengths in `unit` (GALLEY_URL_LENGTHS_*); nil when
/// they do not cover `text` exactly. In code points, an item's length counts
/// the bytes that do not continue a sequence (not 10xxxxxx); a byte that
/// does belongs to the item of the byte before it (to the first item at the
/// text's start). So the text need not be valid UTF-8 here: each item is
/// checked on its own later.
private func offsetsOfLengths(_ text: UnsafeBufferPointer<UInt8>, _ lengths: UnsafePointer<UInt>?, _ count: Int,
                              unit: Int32) -> [Int]? {
    guard count >= 0 && count < Int.max / 16 else { return nil }
    guard let lengths else { return count == 0 && text.isEmpty ? [0] : nil }
    var offsets = [Int](repeating: 0, count: count + 1)
    var total = 0
    for i in 0..<count {
        guard lengths[i] <= UInt(text.count) else { return nil }
        total += Int(lengths[i])
        guard total <= text.count else { return nil }
        offsets[i + 1] = total
    }
    if unit == Int32(GALLEY_URL_LENGTHS_BYTES) { return total == text.count ? offsets : nil }
    guard let p = text.baseAddress else { return total == 0 ? offsets : nil }
    let n = text.count
    var at = 0
    while at < n, p[at] & 0xC0 == 0x80 { at += 1 }
    for i in 0..<count {
        var left = Int(lengths[i])
        // Eight ASCII bytes at a time while at least eight code points remain.
        while left >= 8, at + 8 <= n {
            let word = UnsafeRawPointer(p + at).loadUnaligned(as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            at += 8
            left -= 8
        }
        while left > 0 {
            guard at < n else { return nil }
            at += 1
            while at < n, p[at] & 0xC0 == 0x80 { at += 1 }
            left -= 1
        }
        offsets[i + 1] = at
    }
    return at == n ? offsets : nil
}

@c public func galley_url_canonicalize_lengths(_ options: UnsafePointer<galley_canonical_options>?, _ unit: Int32,
                                               _ urls: UnsafePointer<CChar>?, _ urlsSize: UInt,
                                               _ lengths: UnsafePointer<UInt>?, _ count: UInt,
                                               _ bases: UnsafePointer<CChar>?, _ basesSize: UInt,
                                               _ baseLengths: UnsafePointer<UInt>?, _ baseCount: UInt,
                                               _ baseIndex: UnsafePointer<Int32>?,
                                               _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard unit == Int32(GALLEY_URL_LENGTHS_BYTES) || unit == Int32(GALLEY_URL_LENGTHS_CODE_POINTS) else {
        return invalidArgument("unknown length unit \(unit)")
    }
    guard let urlBytes = textBuffer(urls, urlsSize), let baseBytes = textBuffer(bases, basesSize) else {
        return invalidArgument("NULL urls or bases with a size")
    }
    guard let urlOffsets = offsetsOfLengths(urlBytes, lengths, Int(clamping: count), unit: unit) else {
        return invalidArgument("the URL lengths are NULL with a count or do not add up to urls_size")
    }
    guard let baseOffsets = offsetsOfLengths(baseBytes, baseLengths, Int(clamping: baseCount), unit: unit) else {
        return invalidArgument("the base lengths are NULL with a count or do not add up to bases_size")
    }
    return urlOffsets.withUnsafeBufferPointer { u in
        baseOffsets.withUnsafeBufferPointer { b in
            canonicalizeBatch(options, urlBytes, u, count, baseBytes, b, baseCount, baseIndex, out)
        }
    }
}

private func listBox(_ list: OpaquePointer?) -> URLListBox? {
    borrowHandle(list, as: URLListBox.self)
}

@c public func galley_url_list_count(_ list: OpaquePointer?) -> UInt {
    UInt(listBox(list)?.list.count ?? 0)
}

@c public func galley_url_list_failures(_ list: OpaquePointer?) -> UInt {
    UInt(listBox(list)?.list.failures.count ?? 0)
}

@c public func galley_url_list_get(_ list: OpaquePointer?, _ i: UInt,
                                   _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let box = listBox(list), i < UInt(box.list.count) else { return nil }
    let start = box.list.starts[Int(i)], end = box.list.starts[Int(i) + 1] - 1
    guard end > start else { return nil }
    len?.pointee = UInt(end - start)
    return UnsafeRawPointer(box.text + start).assumingMemoryBound(to: CChar.self)
}

@c public func galley_url_list_error(_ list: OpaquePointer?, _ i: UInt) -> UnsafePointer<CChar>? {
    guard let box = listBox(list), i < UInt(box.list.count), let p = box.errors[Int(i)] else { return nil }
    return UnsafePointer(p)
}

@c public func galley_url_list_text(_ list: OpaquePointer?, _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let box = listBox(list) else {
        len?.pointee = 0
        return staticText("")
    }
    len?.pointee = UInt(box.list.text.count)
    return UnsafeRawPointer(box.text).assumingMemoryBound(to: CChar.self)
}

@c public func galley_url_list_free(_ list: OpaquePointer?) {
    releaseHandle(list, as: URLListBox.self)
}

@c public func galley_url_component(_ url: OpaquePointer?, _ part: galley_url_part,
                                    _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let box = borrowHandle(url, as: URLBox.self), let (p, n) = box.part(part) else { return nil }
    len?.pointee = UInt(n)
    return p
}

@c public func galley_url_errmsg(_ url: OpaquePointer?) -> UnsafePointer<CChar>? {
    staticText("")   // deprecated: a URL handle only ever holds a parsed URL
}

@c public func galley_url_free(_ url: OpaquePointer?) {
    releaseHandle(url, as: URLBox.self)
}

// MARK: - One URL into the caller's buffer

@c public func galley_url_write(_ mode: Int32, _ options: UnsafePointer<galley_canonical_options>?,
                                _ input: UnsafePointer<CChar>?, _ len: UInt,
                                _ base: UnsafePointer<CChar>?, _ baseLen: UInt,
                                _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: UInt,
                                _ hrefLen: UnsafeMutablePointer<UInt>?,
                                _ spans: UnsafeMutablePointer<UInt>?) -> galley_status {
    guard let hrefLen else { return invalidArgument("href_len is NULL") }
    guard buffer != nil || capacity == 0 else { return invalidArgument("NULL buf with a capacity of \(capacity)") }
    guard mode == Int32(GALLEY_URL_WRITE_PARSED) || mode == Int32(GALLEY_URL_WRITE_CANONICAL) else {
        return invalidArgument("unknown mode \(mode)")
    }
    guard let inputBytes = textBuffer(input, len) else { return invalidArgument("the URL is NULL with a length") }
    var baseBytes: UnsafeBufferPointer<UInt8>? = nil
    if base != nil || baseLen > 0 {
        guard let b = textBuffer(base, baseLen) else { return invalidArgument("the base URL is NULL with a length") }
        baseBytes = b
    }
    let writeMode: URLWriteMode
    if mode == Int32(GALLEY_URL_WRITE_PARSED) {
        writeMode = .parsed
    } else {
        switch canonicalizationOptions(options) {
        case .success(let o): writeMode = .canonical(o)
        case .failure(let e): return fail(e)
        }
    }
    do throws(GalleyError) {
        try UTF8Validation.validate(inputBytes)
    } catch {
        return fail(error)
    }
    if let baseBytes {
        do throws(GalleyError) {
            try UTF8Validation.validate(baseBytes)
        } catch {
            return fail(error, message: "base URL: \(error.description)")
        }
    }
    var out: [UInt8] = []
    let ranges: URLSpans?
    do throws(GalleyError) {
        ranges = try writeURL(inputBytes, base: baseBytes, mode: writeMode, spans: spans != nil, to: &out)
    } catch {
        return fail(error)
    }
    guard UInt(out.count) <= capacity else {
        hrefLen.pointee = UInt(out.count)
        return fail(.tooLarge(length: out.count, limit: Int(clamping: capacity)),
                    message: "the href takes \(out.count) bytes; the buffer holds \(capacity)")
    }
    out.withUnsafeBufferPointer { b in
        if let p = b.baseAddress, let buffer {
            UnsafeMutableRawPointer(buffer).copyMemory(from: p, byteCount: b.count)
        }
    }
    hrefLen.pointee = UInt(out.count)
    if let spans {
        let r = ranges?.ranges ?? Array(repeating: (0, out.count), count: 10)
        for i in 0..<10 {
            spans[2 * i] = UInt(r[i].0)
            spans[2 * i + 1] = UInt(r[i].1)
        }
    }
    return ok()
}
