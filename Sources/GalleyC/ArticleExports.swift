// The article part of the C ABI (include/galley.h): conversion only; the
// pipeline is Galley's processArticle.

import CGalley
import Galley

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

let processOptionsV1Size = MemoryLayout<galley_process_options>.size

@c public func galley_process_options_init(_ options: UnsafeMutablePointer<galley_process_options>?,
                                           _ size: UInt) {
    initializeOptions(options, size: size, firstVersionSize: processOptionsV1Size,
                      defaults: galley_process_options(size: processOptionsV1Size, flags: 0, reserved: 0,
                                                       id: nil, url: nil, lang: nil))
}

/// A NUL-terminated UTF-8 option string, nil for NULL; a failure names it.
private func optionString(_ p: UnsafePointer<CChar>?, _ what: String) -> Result<String?, GalleyError> {
    guard let p else { return .success(nil) }
    guard let s = String(validatingCString: p) else { return .failure(.invalidArgument("\(what) is not UTF-8")) }
    return .success(s)
}

@c public func galley_process(_ options: UnsafePointer<galley_process_options>?,
                              _ utf8: UnsafePointer<CChar>?, _ len: UInt, _ index: OpaquePointer?,
                              _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                              _ jsonLen: UnsafeMutablePointer<UInt>?) -> galley_status {
    guard let json else { return status(GALLEY_STATUS_INVALID_ARGUMENT) }
    json.pointee = nil
    jsonLen?.pointee = 0
    var id: String? = nil
    func finish(_ text: String, _ code: galley_status) -> galley_status {
        guard let (p, n) = mallocCopy(text) else { return status(GALLEY_STATUS_OUT_OF_MEMORY) }
        json.pointee = p
        jsonLen?.pointee = UInt(n)
        return code
    }
    func fail(_ error: GalleyError) -> galley_status {
        finish(Article.errorJSON(id: id, source: nil, reason: error.description), statusCode(for: error))
    }

    var articleOptions = ArticleOptions()
    var url: String? = nil, lang: String? = nil
    if let o = options?.pointee {
        guard o.size == processOptionsV1Size, o.reserved == 0 else {
            return fail(.invalidArgument("bad options size or reserved field"))
        }
        let known = Int32(GALLEY_PROCESS_NO_REPAIR) | Int32(GALLEY_PROCESS_NO_RELATED)
            | Int32(GALLEY_PROCESS_SCALAR_OFFSETS)
        guard o.flags & ~known == 0 else { return fail(.invalidArgument("unknown flags \(o.flags)")) }
        articleOptions.repairGlued = o.flags & Int32(GALLEY_PROCESS_NO_REPAIR) == 0
        articleOptions.relatedLinks = o.flags & Int32(GALLEY_PROCESS_NO_RELATED) == 0
        if o.flags & Int32(GALLEY_PROCESS_SCALAR_OFFSETS) != 0 { articleOptions.offsetUnit = .unicodeScalars }
        do {
            id = try optionString(o.id, "id").get()
            url = try optionString(o.url, "url").get()
            lang = try optionString(o.lang, "lang").get()
        } catch {
            return fail(error)
        }
    }
    guard let bytes = textBuffer(utf8, len) else { return fail(.invalidArgument("NULL text with a length")) }
    var dedupIndex: DedupIndex? = nil
    var handle: DedupIndexHandle? = nil
    if let index {
        handle = Unmanaged<DedupIndexHandle>.fromOpaque(UnsafeRawPointer(index)).takeUnretainedValue()
        guard let ready = handle?.index else { return fail(.invalidArgument("the index handle failed to open")) }
        dedupIndex = ready
    }
    do {
        try UTF8Validation.validate(bytes)
        let input = ArticleInput(id: id ?? "", text: String(decoding: bytes, as: UTF8.self), url: url,
                                 language: lang)
        let article = try processArticle(input, index: dedupIndex, options: articleOptions)
        handle?.succeed()
        return finish(article.json, status(GALLEY_STATUS_OK))
    } catch {
        handle?.fail(error.description)
        return fail(error)
    }
}

@c public func galley_string_free(_ s: UnsafeMutablePointer<CChar>?) {
    free(s)
}
