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

/// The shared body of galley_process_article and the deprecated
/// galley_process: reads the options, the text and the index, runs the
/// pipeline. The id (when the options could be read) comes back with a
/// failure, for galley_process's error record.
private func runProcess(_ options: UnsafePointer<galley_process_options>?, _ utf8: UnsafePointer<CChar>?,
                        _ len: UInt, _ index: OpaquePointer?) -> (Result<String, GalleyError>, id: String?) {
    var articleOptions = ArticleOptions()
    var id: String? = nil, url: String? = nil, lang: String? = nil
    if let o = options?.pointee {
        guard o.size == processOptionsV1Size, o.reserved == 0 else {
            return (.failure(.invalidArgument("bad options size or reserved field")), nil)
        }
        let known = Int32(GALLEY_PROCESS_NO_REPAIR) | Int32(GALLEY_PROCESS_NO_RELATED)
            | Int32(GALLEY_PROCESS_SCALAR_OFFSETS)
        guard o.flags & ~known == 0 else { return (.failure(.invalidArgument("unknown flags \(o.flags)")), nil) }
        articleOptions.repairGlued = o.flags & Int32(GALLEY_PROCESS_NO_REPAIR) == 0
        articleOptions.relatedLinks = o.flags & Int32(GALLEY_PROCESS_NO_RELATED) == 0
        if o.flags & Int32(GALLEY_PROCESS_SCALAR_OFFSETS) != 0 { articleOptions.offsetUnit = .unicodeScalars }
        do {
            id = try optionString(o.id, "id").get()
            url = try optionString(o.url, "url").get()
            lang = try optionString(o.lang, "lang").get()
        } catch {
            return (.failure(error), id)
        }
    }
    guard let bytes = textBuffer(utf8, len) else { return (.failure(.invalidArgument("NULL text with a length")), id) }
    let handle = borrowHandle(index, as: DedupIndexHandle.self)
    do {
        try UTF8Validation.validate(bytes)
        let input = ArticleInput(id: id ?? "", text: String(decoding: bytes, as: UTF8.self), url: url,
                                 language: lang)
        let article = try processArticle(input, index: handle?.index, options: articleOptions)
        handle?.lastError.clear()
        return (.success(article.json), id)
    } catch {
        handle?.lastError.set(statusCode(for: error), error.description, offset: nil, item: nil)
        return (.failure(error), id)
    }
}

@c public func galley_process_article(_ options: UnsafePointer<galley_process_options>?,
                                      _ utf8: UnsafePointer<CChar>?, _ len: UInt, _ index: OpaquePointer?,
                                      _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                                      _ jsonLen: UnsafeMutablePointer<UInt>?) -> galley_status {
    guard let json else { return invalidArgument("json is NULL") }
    json.pointee = nil
    jsonLen?.pointee = 0
    switch runProcess(options, utf8, len, index).0 {
    case .failure(let error):
        return fail(error)
    case .success(let text):
        guard let (p, n) = mallocCopy(text) else { return fail(.outOfMemory) }
        json.pointee = p
        jsonLen?.pointee = UInt(n)
        return ok()
    }
}

@c public func galley_process(_ options: UnsafePointer<galley_process_options>?,
                              _ utf8: UnsafePointer<CChar>?, _ len: UInt, _ index: OpaquePointer?,
                              _ json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                              _ jsonLen: UnsafeMutablePointer<UInt>?) -> galley_status {
    guard let json else { return invalidArgument("json is NULL") }
    json.pointee = nil
    jsonLen?.pointee = 0
    let (result, id) = runProcess(options, utf8, len, index)
    let text: String, code: galley_status
    switch result {
    case .success(let record):
        text = record
        code = ok()
    case .failure(let error):
        // Deprecated behaviour: an error record in *json.
        text = Article.errorJSON(id: id, source: nil, reason: error.description)
        code = fail(error)
    }
    guard let (p, n) = mallocCopy(text) else { return fail(.outOfMemory) }
    json.pointee = p
    jsonLen?.pointee = UInt(n)
    return code
}

@c public func galley_string_free(_ s: UnsafeMutablePointer<CChar>?) {
    free(s)
}
