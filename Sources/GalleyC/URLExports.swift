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

/// A parsed URL's components as NUL-terminated strings, or a failure's reason.
final class URLBox {
    private var parts: [UnsafeMutablePointer<CChar>?]
    private var lengths: [Int]
    let message: UnsafeMutablePointer<CChar>?

    init(_ url: WebURL) {
        let values = [url.href, url.protocol, url.username, url.password, url.host, url.hostname,
                      url.port, url.pathname, url.search, url.hash]
        let copies = values.map { mallocCopy($0) }
        parts = copies.map { $0?.0 }
        lengths = copies.map { $0?.1 ?? 0 }
        message = nil
    }

    init(failure: String) {
        parts = []
        lengths = []
        message = mallocCopy(failure)?.0
    }

    deinit {
        for p in parts { free(p) }
        free(message)
    }

    func part(_ i: Int32) -> (UnsafePointer<CChar>, Int)? {
        guard i >= 0 && i <= 9 else { return nil }
        if parts.isEmpty { return (staticText(""), 0) }
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
/// the input and base, runs `make`, and stores a URL box — the URL, or the
/// reason it failed — in *out.
private func produceURL(_ input: UnsafePointer<CChar>?, _ len: UInt, _ base: UnsafePointer<CChar>?,
                        _ baseLen: UInt, _ out: UnsafeMutablePointer<OpaquePointer?>,
                        _ make: (String, String?) throws(GalleyError) -> WebURL) -> galley_status {
    func finish(_ box: URLBox, _ code: galley_status) -> galley_status {
        out.pointee = OpaquePointer(Unmanaged.passRetained(box).toOpaque())
        return code
    }
    let text: String
    switch cString(input, len, "the URL") {
    case .success(let t): text = t
    case .failure(let e): return finish(URLBox(failure: e.description), statusCode(for: e))
    }
    var baseText: String? = nil
    if base != nil || baseLen > 0 {
        switch cString(base, baseLen, "the base URL") {
        case .success(let t): baseText = t
        case .failure(let e): return finish(URLBox(failure: "base URL: \(e.description)"), statusCode(for: e))
        }
    }
    do {
        return finish(URLBox(try make(text, baseText)), status(GALLEY_STATUS_OK))
    } catch {
        return finish(URLBox(failure: error.description), statusCode(for: error))
    }
}

@c public func galley_url_parse(_ input: UnsafePointer<CChar>?, _ len: UInt,
                                _ base: UnsafePointer<CChar>?, _ baseLen: UInt,
                                _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
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
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    let canonical: CanonicalizationOptions
    switch canonicalizationOptions(options) {
    case .success(let o): canonical = o
    case .failure(let e):
        out.pointee = OpaquePointer(Unmanaged.passRetained(URLBox(failure: e.description)).toOpaque())
        return statusCode(for: e)
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
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    let canonical: CanonicalizationOptions
    let urlOffsets: UnsafeBufferPointer<Int>, baseOffsetsBuffer: UnsafeBufferPointer<Int>
    do {
        canonical = try canonicalizationOptions(options).get()
        urlOffsets = try offsetsBuffer(offsets, count, "URL").get()
        baseOffsetsBuffer = try offsetsBuffer(baseOffsets, baseCount, "base").get()
    } catch {
        return statusCode(for: error)
    }
    guard let urlBytes = textBuffer(urls, UInt(urlOffsets.last ?? 0)),
          let baseBytes = textBuffer(bases, UInt(baseOffsetsBuffer.last ?? 0)) else {
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    var indexBuffer: UnsafeBufferPointer<Int32>? = nil
    if let baseIndex {
        let b = UnsafeBufferPointer(start: baseIndex, count: Int(count))
        guard !b.contains(where: { $0 < -1 || Int($0) >= Int(baseCount) }) else {
            return status(GALLEY_STATUS_INVALID_ARGUMENT)
        }
        indexBuffer = b
    } else if baseCount > 1 {
        return status(GALLEY_STATUS_INVALID_ARGUMENT)
    }
    let batch = URLBatch(urls: urlBytes, urlOffsets: urlOffsets, bases: baseBytes,
                         baseOffsets: baseOffsetsBuffer, baseIndex: indexBuffer)
    guard let box = URLListBox(canonicalizeMany(batch, options: canonical)) else {
        return status(GALLEY_STATUS_OUT_OF_MEMORY)
    }
    out.pointee = OpaquePointer(Unmanaged.passRetained(box).toOpaque())
    return status(GALLEY_STATUS_OK)
}

private func listBox(_ list: OpaquePointer?) -> URLListBox? {
    guard let list else { return nil }
    return Unmanaged<URLListBox>.fromOpaque(UnsafeRawPointer(list)).takeUnretainedValue()
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
    guard let list else { return }
    Unmanaged<URLListBox>.fromOpaque(UnsafeRawPointer(list)).release()
}

@c public func galley_url_component(_ url: OpaquePointer?, _ part: galley_url_part,
                                    _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let url else { return nil }
    let box = Unmanaged<URLBox>.fromOpaque(UnsafeRawPointer(url)).takeUnretainedValue()
    guard let (p, n) = box.part(part) else { return nil }
    len?.pointee = UInt(n)
    return p
}

@c public func galley_url_errmsg(_ url: OpaquePointer?) -> UnsafePointer<CChar>? {
    guard let url else { return staticText("") }
    let box = Unmanaged<URLBox>.fromOpaque(UnsafeRawPointer(url)).takeUnretainedValue()
    return box.message.map { UnsafePointer($0) } ?? staticText("")
}

@c public func galley_url_free(_ url: OpaquePointer?) {
    guard let url else { return }
    Unmanaged<URLBox>.fromOpaque(UnsafeRawPointer(url)).release()
}

// MARK: - One URL into the caller's buffer

@c public func galley_url_write(_ mode: Int32, _ options: UnsafePointer<galley_canonical_options>?,
                                _ input: UnsafePointer<CChar>?, _ len: UInt,
                                _ base: UnsafePointer<CChar>?, _ baseLen: UInt,
                                _ buffer: UnsafeMutablePointer<CChar>?, _ capacity: UInt,
                                _ hrefLen: UnsafeMutablePointer<UInt>?,
                                _ spans: UnsafeMutablePointer<UInt>?) -> galley_status {
    guard let hrefLen, buffer != nil || capacity == 0,
          mode == Int32(GALLEY_URL_WRITE_PARSED) || mode == Int32(GALLEY_URL_WRITE_CANONICAL),
          let inputBytes = textBuffer(input, len) else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    var baseBytes: UnsafeBufferPointer<UInt8>? = nil
    if base != nil || baseLen > 0 {
        guard let b = textBuffer(base, baseLen) else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
        baseBytes = b
    }
    let writeMode: URLWriteMode
    if mode == Int32(GALLEY_URL_WRITE_PARSED) {
        writeMode = .parsed
    } else {
        switch canonicalizationOptions(options) {
        case .success(let o): writeMode = .canonical(o)
        case .failure(let e): return statusCode(for: e)
        }
    }
    do throws(GalleyError) {
        try UTF8Validation.validate(inputBytes)
        if let baseBytes { try UTF8Validation.validate(baseBytes) }
    } catch {
        return statusCode(for: error)
    }
    var out: [UInt8] = []
    let ranges: URLSpans?
    do throws(GalleyError) {
        ranges = try writeURL(inputBytes, base: baseBytes, mode: writeMode, spans: spans != nil, to: &out)
    } catch {
        return statusCode(for: error)
    }
    guard UInt(out.count) <= capacity else {
        hrefLen.pointee = UInt(out.count)
        return status(GALLEY_STATUS_TOO_LARGE)
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
    return status(GALLEY_STATUS_OK)
}
