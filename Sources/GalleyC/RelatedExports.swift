// The related-links part of the C ABI (include/galley.h): conversion only.

import CGalley
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Body and links as length-counted copies with a NUL after each (nil for an
/// absent field; NUL bytes inside are text).
final class RelatedBox {
    let body: UnsafeMutablePointer<CChar>?
    let bodyLength: Int
    private var fields: [[(UnsafeMutablePointer<CChar>, Int)?]]

    init(_ r: RelatedLinks) {
        let copy = mallocCopy(r.body)
        body = copy?.0
        bodyLength = copy?.1 ?? 0
        fields = r.links.map { link in
            let values: [String?] = [link.title?.display, link.title?.key, link.title?.slug, link.url,
                                     link.canonicalURL, link.urlError, link.kind.rawValue]
            return values.map { v in v.flatMap { mallocCopy($0) } }
        }
    }

    deinit {
        free(body)
        for link in fields { for f in link { if let f { free(f.0) } } }
    }

    var count: Int { fields.count }

    func field(_ i: Int, _ part: Int32) -> (UnsafePointer<CChar>, Int)? {
        guard i >= 0 && i < fields.count && part >= 0 && part < 7, let f = fields[i][Int(part)] else { return nil }
        return (UnsafePointer(f.0), f.1)
    }
}

@c public func galley_related_links(_ utf8: UnsafePointer<CChar>?, _ len: UInt,
                                    _ base: UnsafePointer<CChar>?, _ baseLen: UInt,
                                    _ out: UnsafeMutablePointer<OpaquePointer?>?,
                                    _ errorOffset: UnsafeMutablePointer<UInt>?) -> galley_status {
    errorOffset?.pointee = UInt.max
    guard let out else { return invalidArgument("out is NULL") }
    out.pointee = nil
    guard let bytes = textBuffer(utf8, len) else { return invalidArgument("NULL text with a length of \(len) bytes") }
    do {
        try UTF8Validation.validate(bytes)
    } catch {
        if case .invalidUTF8(let off) = error { errorOffset?.pointee = UInt(off) }
        return fail(error)
    }
    var baseText: String? = nil
    if base != nil || baseLen > 0 {
        switch cString(base, baseLen, "the base URL") {
        case .success(let t): baseText = t
        case .failure(let e): return fail(e, message: "base URL: \(e.description)")
        }
    }
    do {
        let r = try relatedLinks(in: String(decoding: bytes, as: UTF8.self), baseURL: baseText)
        out.pointee = retainHandle(RelatedBox(r))
        return ok()
    } catch {
        return fail(error)
    }
}

@c public func galley_related_body(_ related: OpaquePointer?, _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let box = borrowHandle(related, as: RelatedBox.self) else { len?.pointee = 0; return staticText("") }
    len?.pointee = UInt(box.bodyLength)
    return box.body.map { UnsafePointer($0) } ?? staticText("")
}

@c public func galley_related_count(_ related: OpaquePointer?) -> UInt {
    UInt(borrowHandle(related, as: RelatedBox.self)?.count ?? 0)
}

@c public func galley_related_field(_ related: OpaquePointer?, _ i: UInt, _ part: galley_related_part,
                                    _ len: UnsafeMutablePointer<UInt>?) -> UnsafePointer<CChar>? {
    guard let box = borrowHandle(related, as: RelatedBox.self), i <= UInt(Int.max) else { return nil }
    guard let (p, n) = box.field(Int(i), part) else { return nil }
    len?.pointee = UInt(n)
    return p
}

@c public func galley_related_free(_ related: OpaquePointer?) {
    releaseHandle(related, as: RelatedBox.self)
}
