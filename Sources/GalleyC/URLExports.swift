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
        parts = values.map { strdup($0) }
        lengths = values.map { $0.utf8.count }
        message = nil
    }

    init(failure: String) {
        parts = []
        lengths = []
        message = strdup(failure)
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

@c public func galley_url_canonicalize(_ options: UnsafePointer<galley_canonical_options>?,
                                       _ input: UnsafePointer<CChar>?, _ len: UInt,
                                       _ base: UnsafePointer<CChar>?, _ baseLen: UInt,
                                       _ out: UnsafeMutablePointer<OpaquePointer?>?) -> galley_status {
    guard let out else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    out.pointee = nil
    func finish(_ box: URLBox, _ code: galley_status) -> galley_status {
        out.pointee = OpaquePointer(Unmanaged.passRetained(box).toOpaque())
        return code
    }
    func invalid(_ why: String) -> galley_status {
        finish(URLBox(failure: "invalid argument: \(why)"), status(GALLEY_STATUS_INVALID_ARGUMENT))
    }
    var canonical = CanonicalizationOptions()
    if let o = options?.pointee {
        guard o.size == canonicalOptionsV1Size, o.reserved == 0 else { return invalid("bad options size or reserved field") }
        let known = Int32(GALLEY_CANONICAL_KEEP_FRAGMENT) | Int32(GALLEY_CANONICAL_KEEP_ORDER)
        guard o.flags & ~known == 0 else { return invalid("unknown flags \(o.flags)") }
        canonical.dropFragment = o.flags & Int32(GALLEY_CANONICAL_KEEP_FRAGMENT) == 0
        canonical.sortQuery = o.flags & Int32(GALLEY_CANONICAL_KEEP_ORDER) == 0
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
    }
    return produceURL(input, len, base, baseLen, out) { (text, base) throws(GalleyError) in
        try canonicalURL(text, base: base, options: canonical)
    }
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
